"""`sitroom spark` in Spark local mode: the same records as `sitroom ingest`, rejects, reruns.

One SparkSession (local[2]) for the whole test session, and one Spark run over a small corpus
(Reuters items in JSON and JSONL, an exact and a near copy, a text file of ours, a WARC page,
two bad inputs) shared by the tests; the same corpus is ingested once with the in-process
pipeline to compare with.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark")

from sitroom.ingest.readers import Fields  # noqa: E402
from sitroom.ingest.run import ingest  # noqa: E402
from sitroom.options import Options  # noqa: E402
from sitroom.spark import commit, layout  # noqa: E402
from sitroom.store import Store  # noqa: E402

pytestmark = [pytest.mark.spark, pytest.mark.model, pytest.mark.shared]

REUTERS = "corpora/reuters/json-data/reut2-000.json"
FIELDS = Fields().override({"text": "body"})
# Columns that say when a row was written, or the file's modification time as each engine
# reads it (nanoseconds locally, milliseconds through Hadoop): the rest must be equal.
WHEN = {"ingested_at", "logged_at", "fingerprint"}
# Ours: a stance, a quote and a causal claim, which the Reuters items of 1987 lack.
OWN_TEXT = ("Ministers meet in Oslo\n\nGermany does not support Ukraine's membership in NATO, "
            "Chancellor Olaf Scholz said in Oslo on Monday. \"Sanctions against Russia are the "
            "most effective strategy to end the war,\" the Norwegian foreign minister told "
            "reporters. Shops in the capital stayed shut on Monday due to the strike.\n")


@pytest.fixture(scope="session")
def spark():
    from sitroom.spark import session

    spark = session("local[2]", {"spark.ui.enabled": "false",
                                 "spark.ui.showConsoleProgress": "false",
                                 "spark.sql.shuffle.partitions": "4"})
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def corpus(shared, tmp_path_factory) -> Path:
    stories = [i for i in json.loads((shared / REUTERS).read_text()) if i.get("body")]
    items, extra = stories[:20], stories[20:22]
    folder = tmp_path_factory.mktemp("spark") / "in"
    folder.mkdir()
    longest = max(items[10:], key=lambda i: len(i["body"]))
    words = longest["body"].split(" ")
    near = {**longest, "title": "REPEAT", "body": " ".join(words[:int(len(words) * 0.95)])}
    undated = {**extra[1], "date": "soonish"}  # kept, with a problem logged
    (folder / "a.json").write_text(json.dumps(items[:10] + [{"title": "no body"}, undated]))
    lines = items[10:] + [{**items[3], "title": "COPY"}, near]
    (folder / "b.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    (folder / "c.txt").write_text(OWN_TEXT)
    (folder / "d.bin").write_bytes(bytes(range(256)) * 4)
    paragraphs = extra[0]["body"].replace("&#3;", "").split("\n    ")
    page = (f'<html><head><title>{extra[0]["title"]}</title><link rel="canonical" '
            f'href="https://news.example.org/1"></head><body><nav>Home | World</nav><article>'
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")
    _warc(folder / "e.warc.gz", "https://news.example.org/1", page)
    return folder


def _warc(path: Path, url: str, page: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", http_headers=http,
                                                      payload=io.BytesIO(page.encode())))


@pytest.fixture(scope="module")
def ingested(corpus, pipeline, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("ingest") / "c.duckdb"
    with Store(db, writable=True) as store:
        ingest(store, [corpus], options=Options(), pipeline=pipeline, fields=FIELDS,
               n_process=1)
    return db


@pytest.fixture(scope="module")
def ran(spark, corpus, tmp_path_factory):
    from sitroom.spark import run

    output = tmp_path_factory.mktemp("spark-out") / "out"
    report = run(spark, [str(corpus)], str(output), options=Options(), fields=FIELDS)
    return output, report


def _parquet_rows(output: Path, name: str, columns: list[str]) -> list[tuple]:
    files = list(output.glob(f"{name}/**/*.parquet"))
    if not files:
        return []
    sql = (f"SELECT {', '.join(columns)} FROM read_parquet({[str(f) for f in files]}, "
           f"hive_partitioning = false) ORDER BY ALL")
    return duckdb.sql(sql).fetchall()


def _store_rows(db: Path, name: str, columns: list[str]) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.sql(f'SELECT {", ".join(columns)} FROM "{name}" ORDER BY ALL').fetchall()


def _columns(name: str) -> list[str]:
    return [f'"{c.name}"' for c in layout.TABLES[name].columns if c.name not in WHEN]


@pytest.mark.parametrize("name", [n for n in layout.TABLES if n != "rejects"])
def test_spark_tables_equal_what_ingest_stores(ran, ingested, name):
    output, _ = ran
    spark_rows = _parquet_rows(output, name, _columns(name))
    assert spark_rows == _store_rows(ingested, name, _columns(name))
    assert spark_rows, f"no {name} rows to compare"


def test_spark_report_counts_every_outcome(ran):
    _, report = ran
    # 20 Reuters items (two of them the same story), an undated one, a text file and a WARC
    # page; an exact and a near copy; a JSON item without text and a binary file
    assert (report.stored, report.duplicates, report.near_duplicates, report.rejected,
            report.skipped) == (22, 2, 1, 2, 0)


def test_spark_rejects_name_the_input_and_the_reason(ran, corpus):
    output, _ = ran
    rows = _parquet_rows(output, "rejects", ['"source"', '"error"', '"reason"'])
    assert [(Path(r[0]).name, r[1]) for r in rows] == [("a.json#item=11", "ValueError"),
                                                        ("d.bin", "BinaryInput")]
    assert "no article text" in rows[0][2]


def test_spark_parquet_schema_is_the_store_schema(ran):
    output, _ = ran
    for name, table in layout.TABLES.items():
        files = sorted(output.glob(f"{name}/**/*.parquet"))
        schema = pq.read_schema(files[0]) if files else None
        if schema is not None:
            assert [(f.name, f.type) for f in schema] == \
                [(f.name, f.type) for f in table.schema], name


def test_spark_output_is_partitioned_by_publication_month(ran):
    output, _ = ran
    months = sorted(p.name for p in (output / "documents").iterdir())
    assert months == ["month=1987-02", f"month={layout.UNDATED}"]


def test_spark_rerun_over_the_same_input_adds_nothing(spark, ran, corpus):
    """Rerun through the command, which takes the running session (as under spark-submit)."""
    from click.testing import CliRunner

    from sitroom.cli import cli

    output, first = ran
    before = {n: len(list(output.glob(f"{n}/**/*.parquet"))) for n in layout.TABLES}
    again = CliRunner().invoke(cli, ["spark", str(corpus), str(output), "--field", "text=body",
                                     "--master", "local[2]"])
    assert again.exit_code == 0, again.output
    assert again.output.startswith("0 documents analysed")
    assert f"{first.documents} inputs already written by an earlier run" in again.output
    assert {n: len(list(output.glob(f"{n}/**/*.parquet"))) for n in layout.TABLES} == before
    assert len(list((output / layout.RUNS).glob("*.json"))) == 2


def test_spark_load_brings_the_output_into_duckdb_once(ran, ingested, tmp_path):
    from sitroom.spark import load

    output, _ = ran
    db = tmp_path / "loaded.duckdb"
    with Store(db, writable=True) as store:
        first = load(output, store)
        second = load(output, store)
    assert (first.documents, second.documents, second.already_stored) == (23, 0, 23)
    for name in ("documents", "mentions", "events", "actors", "sources"):
        assert _store_rows(db, name, _columns(name)) == _store_rows(ingested, name,
                                                                    _columns(name))


def test_spark_parquet_input_meets_what_earlier_runs_wrote(spark, ran, corpus, shared,
                                                         tmp_path):
    """A Parquet dataset of records, run into an output that holds the JSON corpus already:
    a story written before is an exact duplicate, a trimmed one a near-duplicate copy of
    its original from the earlier run, a new one is analysed."""
    import shutil

    import pyarrow as pa

    from sitroom.spark import run

    output = tmp_path / "out"
    shutil.copytree(ran[0], output)
    stories = [i for i in json.loads((shared / REUTERS).read_text()) if i.get("body")]
    words = stories[5]["body"].split(" ")
    rows = [stories[2], {**stories[5], "body": " ".join(words[:int(len(words) * 0.95)])},
            stories[25]]
    table = pa.Table.from_pylist([{k: r[k] for k in ("title", "date", "body")} for r in rows])
    pq.write_table(table, tmp_path / "news.parquet")
    report = run(spark, [str(tmp_path / "news.parquet")], str(output), options=Options(),
                 fields=FIELDS)
    assert (report.stored, report.duplicates, report.near_duplicates) == (1, 1, 1)
    ingested = _parquet_rows(output, "documents", ['"source"', '"title"', '"published"',
                                                   '"duplicate_of"'])
    new = [r for r in ingested if "news.parquet" in r[0]]
    assert [(Path(r[0]).name, r[1], r[2]) for r in new] == [
        ("news.parquet#row=2", stories[5]["title"], "1987-02-26"),
        ("news.parquet#row=3", stories[25]["title"], "1987-02-26")]
    assert new[0][3] is not None and new[1][3] is None


def test_spark_commit_finishes_sealed_runs_and_drops_broken_ones(spark, tmp_path):
    from sitroom.spark.fs import HadoopFS

    fs = HadoopFS(spark, str(tmp_path))
    sealed = tmp_path / layout.STAGING / "run-a"
    staged = Path(commit.staged_table(str(sealed), "sources")) / "part-0.parquet"
    staged.parent.mkdir(parents=True)
    staged.write_bytes(b"PAR1")
    (sealed / layout.STAGED).write_text("{}")
    broken = tmp_path / layout.STAGING / "run-b" / "tables" / "sources" / "part-0.parquet"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"PAR1")
    commit.recover(fs)
    assert [p.name for p in (tmp_path / "sources").iterdir() if p.suffix == ".parquet"] == \
        ["run-a-part-0.parquet"]
    assert (tmp_path / layout.RUNS / "run-a.json").is_file()
    assert not any((tmp_path / layout.STAGING).iterdir())
