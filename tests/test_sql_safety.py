"""`Store.sql` (behind `sitroom sql` and the web page's SQL box) runs one read-only SELECT
over the corpus tables and nothing else: no write, no file, no network, no extension, and
within a time and row limit. Three locks, each tested alone: the statement check, the syntax
scan for table functions, and a connection that cannot read files (read-only or not)."""

from __future__ import annotations

import duckdb
import pytest
from corpus_samples import sample_analysis

from sitroom.errors import QueryRefused, StoreError
from sitroom.store import Store

SECRET = "/etc/hostname"

WRITES = [
    "INSERT INTO documents (id) VALUES ('x')", "UPDATE documents SET title = 'x'",
    "DELETE FROM documents", "DROP TABLE quotes", "CREATE TABLE t AS SELECT 1",
    "CREATE MACRO m(a) AS a", "CREATE VIEW v AS SELECT 1", "ALTER TABLE documents ADD z INT",
    "TRUNCATE documents", "VACUUM", "CHECKPOINT", "BEGIN", "SET threads = 1", "RESET threads",
    "PRAGMA database_list", "CALL pragma_version()", "EXPLAIN SELECT 1",
    "SELECT 1; DELETE FROM documents", "SELECT 1; -- \n DROP TABLE documents",
]
FILES = [
    "COPY documents TO '/tmp/out.csv'", f"COPY documents FROM '{SECRET}'",
    "EXPORT DATABASE '/tmp/export'", "IMPORT DATABASE '/tmp/export'",
    "ATTACH 'other.duckdb'", "DETACH main", "USE memory", "INSTALL httpfs", "LOAD httpfs",
    f"SELECT * FROM read_csv('{SECRET}')", f"SELECT * FROM read_csv_auto('{SECRET}')",
    f"SELECT * FROM ReAd_CsV('{SECRET}')", f"SELECT * FROM \"read_csv\"('{SECRET}')",
    f"SELECT * FROM main.read_csv('{SECRET}')", f"SELECT * FROM system.main.read_csv('{SECRET}')",
    f"SELECT * FROM read_csv(['{SECRET}'])", f"SELECT * FROM read_text('{SECRET}')",
    f"SELECT * FROM read_blob('{SECRET}')", f"SELECT * FROM sniff_csv('{SECRET}')",
    "SELECT * FROM read_parquet('/tmp/x.parquet')", "SELECT * FROM parquet_scan('x.parquet')",
    "SELECT * FROM parquet_metadata('x.parquet')", "SELECT * FROM read_json('x.json')",
    "SELECT * FROM sqlite_scan('x.db', 't')", "SELECT * FROM glob('/*')",
    f"SELECT * FROM '{SECRET}'", "SELECT * FROM \"/tmp/secret.csv\"", "FROM 'data.csv'",
    "SELECT * FROM 'https://example.org/x.csv'", "SELECT * FROM 's3://bucket/x.parquet'",
    "SELECT * FROM query('SELECT 1')", "SELECT * FROM query_table('documents')",
    "SELECT getenv('HOME')", "SELECT * FROM documents WHERE title = getenv('HOME')",
    "SELECT * FROM duckdb_settings()", "SELECT * FROM duckdb_secrets()",
    "SELECT * FROM duckdb_extensions()",
    # file readers hidden in every clause a SELECT has
    f"SELECT * FROM documents WHERE id IN (SELECT column0 FROM read_csv('{SECRET}'))",
    f"WITH x AS (SELECT * FROM read_text('{SECRET}')) SELECT * FROM x",
    f"SELECT (SELECT content FROM read_text('{SECRET}'))",
    f"SELECT * FROM documents, LATERAL (SELECT * FROM read_text('{SECRET}'))",
    f"SELECT 1 UNION ALL SELECT count(*) FROM read_text('{SECRET}')",
    f"SELECT * FROM documents d JOIN read_text('{SECRET}') r ON true",
    f"SELECT * FROM documents WHERE EXISTS (FROM read_text('{SECRET}'))",
    f"SELECT * FROM documents ORDER BY (SELECT count(*) FROM read_text('{SECRET}'))",
    f"SELECT * FROM documents LIMIT (SELECT count(*) FROM read_text('{SECRET}'))",
    f"SELECT * FROM documents WINDOW w AS (ORDER BY (SELECT 1 FROM read_text('{SECRET}')))",
    f"SELECT * FROM (PIVOT (FROM read_text('{SECRET}')) ON size USING count(*))",
]
ALLOWED = [
    "SELECT count(*) FROM documents", "FROM documents SELECT title",
    "SELECT * FROM range(3)", "SELECT * FROM unnest([1, 2])",
    "SELECT * FROM pragma_table_info('documents')",
    "SELECT * FROM documents AS d(read_csv)",  # a column alias named like a function
    "WITH t AS (SELECT outlet FROM documents) SELECT outlet, count(*) FROM t GROUP BY 1",
]


@pytest.fixture(scope="module", params=[False, True], ids=["read-only", "writable"])
def store(request, tmp_path_factory):
    """The sample corpus, open read-only and then writable (one at a time: DuckDB will not
    open a file twice in one process with different settings)."""
    path = tmp_path_factory.mktemp("sql") / "corpus.duckdb"
    with Store(path, writable=True) as writing:
        writing.add([sample_analysis(n) for n in (1, 2, 3)])
    with Store(path, writable=request.param) as opened:
        yield opened


@pytest.mark.parametrize("query", WRITES + FILES)
def test_sql_safety_refuses_writes_files_and_settings(store, query):
    with pytest.raises(QueryRefused):
        store.sql(query)
    assert store.stats()["documents"] == 3


@pytest.mark.parametrize("query", ALLOWED)
def test_sql_safety_allows_plain_reads(store, query):
    assert len(store.sql(query)) > 0


@pytest.mark.parametrize("query", [
    f"SELECT * FROM read_text('{SECRET}')", f"SELECT * FROM '{SECRET}'",
    "COPY documents TO '/tmp/sitroom-leak.csv'", "INSTALL httpfs", "ATTACH 'x.duckdb' AS x"])
def test_sql_safety_connection_reads_no_file_even_unchecked(store, query):
    with pytest.raises(duckdb.Error):  # the lock under the statement check
        store.conn.execute(query).fetchall()


def test_sql_safety_nothing_a_query_does_is_kept(store):
    store.sql("SELECT count(*) FROM documents")
    if not store.writable:
        with pytest.raises(duckdb.Error):
            store.conn.execute("DELETE FROM documents")
    assert store.stats()["documents"] == 3


def test_sql_safety_time_limit_stops_a_runaway_query(store):
    with pytest.raises(StoreError, match="longer than 0.5 s"):
        store.sql("SELECT count(*) FROM range(1000000000000) a", timeout=0.5)
    assert store.sql("SELECT 42 AS answer", timeout=5).rows() == [(42,)]


def test_sql_safety_row_limit(store):
    with pytest.raises(StoreError, match="more than 1,000 rows"):
        store.sql("SELECT * FROM range(1000000)", max_rows=1_000)
    assert len(store.sql("SELECT * FROM range(1000)", max_rows=1_000)) == 1_000


def test_sql_safety_errors_are_one_line_store_errors(store):
    with pytest.raises(StoreError) as caught:
        store.sql("SELECT no_such_column FROM documents")
    assert "\n" not in str(caught.value)
