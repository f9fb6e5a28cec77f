"""`load()`: the Parquet output of Spark runs into a DuckDB store, for the questions and the page.

DuckDB reads the Parquet files itself (`read_parquet`), in the driver's process, on a
connection of its own that may read the output's folder and nothing else (the store's
connection reads no file at all), and streams into the store, as Arrow batches, the rows of
the documents the store does not hold yet, with all their records, in one transaction:
loading twice, or loading an output that overlaps what `sitroom ingest` stored, adds each
document once. Needs neither pyspark nor Java.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..store import Store
from ..store.schema import quote
from . import layout

_NEW = "_sitroom_new_documents"
# Tables keyed by document, and the column holding its id.
_BY_DOCUMENT = {name: "id" if name == "documents" else "doc_id" for name in layout.BY_MONTH}


@dataclass
class LoadReport:
    documents: int = 0
    already_stored: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def load(output: str | Path, store: Store) -> LoadReport:
    """Copy what the Spark runs under `output` wrote into the writable `store`."""
    if not store.writable:
        raise StoreError(f"{store.path} is open read-only")
    root = str(output).rstrip("/")
    present = {name: _files(root, name) for name in layout.TABLES if name != "rejects"}
    if present["documents"] is None:
        raise StoreError(f"no Spark output at {root} (no documents/ dataset in it)")
    conn, reader = store.conn, _reader(root)
    conn.execute("BEGIN TRANSACTION")
    try:
        report = _copy(conn, reader, present)
        conn.execute("COMMIT")
    except duckdb.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"cannot load {root}: {str(exc).splitlines()[0]}") from exc
    finally:
        reader.close()
    return report


def _copy(conn, reader, present: dict[str, str | None]) -> LoadReport:
    ids = reader.sql(f"SELECT DISTINCT id FROM {_scan(present['documents'], 'documents')}")
    conn.register("_sitroom_parquet_ids", ids.to_arrow_table())
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {_NEW} AS SELECT id FROM _sitroom_parquet_ids "
                 f"WHERE id NOT IN (SELECT id FROM documents)")
    total = conn.execute("SELECT count(*) FROM _sitroom_parquet_ids").fetchall()[0][0]
    conn.unregister("_sitroom_parquet_ids")
    report = LoadReport(documents=conn.execute(f"SELECT count(*) FROM {_NEW}").fetchone()[0])
    report.already_stored = total - report.documents
    for name, files in present.items():
        if files is not None:
            with reader.cursor() as cursor:  # one streamed result per table
                rows = cursor.sql(f"SELECT * FROM {_scan(files, name)}").to_arrow_reader()
                report.rows[name] = _insert(conn, name, rows)
    conn.execute(f"DROP TABLE {_NEW}")
    return report


def _insert(conn, name: str, rows) -> int:
    """Insert the streamed Parquet `rows` of table `name` the store lacks."""
    if name in _BY_DOCUMENT:
        where = f"WHERE {quote(_BY_DOCUMENT[name])} IN (SELECT id FROM {_NEW})"
    elif name == "actors":
        where = ("WHERE id NOT IN (SELECT id FROM actors) "
                 "QUALIFY row_number() OVER (PARTITION BY id) = 1")
    else:  # sources: the ingest log, one row per input and outcome
        where = ("WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.source = p.source AND "
                 "s.fingerprint IS NOT DISTINCT FROM p.fingerprint AND s.outcome = p.outcome)")
    before = conn.execute(f"SELECT count(*) FROM {quote(name)}").fetchall()[0][0]
    conn.register("_sitroom_parquet_rows", rows)
    try:
        conn.execute(f"INSERT INTO {quote(name)} BY NAME SELECT * FROM _sitroom_parquet_rows p "
                     f"{where}")
    finally:
        conn.unregister("_sitroom_parquet_rows")
    return conn.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0] - before


def _reader(root: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that reads the Parquet output. The store's own connection reads no
    file at all (sitroom.store); this one may read a local output's folder and nothing else."""
    reader = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                                "python_enable_replacements": False})
    local = _local(root)
    if local is not None:
        literal = str(Path(local).resolve()).replace("'", "''")
        reader.execute(f"SET allowed_directories = ['{literal}/']")
        reader.execute("SET enable_external_access = false")
    return reader


def _scan(files: str, name: str) -> str:
    """A read_parquet of a dataset's files, with the store's columns and nothing else."""
    columns = ", ".join(quote(c.name) for c in layout.TABLES[name].columns)
    literal = files.replace("'", "''")
    return (f"(SELECT {columns} FROM read_parquet('{literal}', hive_partitioning = false, "
            f"union_by_name = true))")


def _files(root: str, name: str) -> str | None:
    """The glob of a dataset's Parquet files, or None when it has none (a local output only
    tells; a remote one is read and must have them)."""
    local = _local(root)
    if local is None:
        return f"{root}/{name}/**/*.parquet"
    pattern = f"{local}/{name}/**/*.parquet"
    return pattern if glob.glob(pattern, recursive=True) else None


def _local(root: str) -> str | None:
    """The local path of an output (`out`, `file:out`, `file:///data/out`), or None for one
    on another file system (`s3a://...`)."""
    if "://" in root and not root.startswith("file://"):
        return None
    return root.removeprefix("file://").removeprefix("file:")
