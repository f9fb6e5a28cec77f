"""`sitroom load`: Parquet datasets laid out as `sitroom spark` writes them, into DuckDB.
No Spark: the datasets are written here with pyarrow, from records built by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.errors import StoreError
from sitroom.records import Actor, Analysis, Document, Mention, Span
from sitroom.spark import layout, load
from sitroom.store import Store
from sitroom.store.rows import arrow_table, record_row
from sitroom.store.writer import analysis_rows

TEXT = "Vladimir Putin met Emmanuel Macron in Moscow on Monday."
NOW = dt.datetime(2024, 1, 2, 3, 4, 5)


def _analysis(doc_id: str, published: str | None) -> Analysis:
    actor = Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person",
                  country="RUS")
    mention = Mention(doc_id=doc_id, span=Span(start=0, end=14, text="Vladimir Putin"),
                      actor_id=actor.id, label="PERSON", how="name")
    document = Document(id=doc_id, text=TEXT + " " + doc_id, published=published)
    return Analysis(document=document, actors=[actor], mentions=[mention], model="hand")


def _write(output: Path, run: str, analyses: list[Analysis]) -> None:
    """One run's files, in the layout of `sitroom.spark.layout`."""
    tables: dict[tuple[str, str | None], list[dict]] = {}
    for analysis in analyses:
        month = layout.month_of(analysis.document.published)
        rows = analysis_rows(analysis)
        rows["documents"] = [record_row(layout.TABLES["documents"], analysis.document,
                                        model=analysis.model, ingested_at=NOW)]
        rows["sources"] = [{"source": f"in.json#item={analysis.document.id}", "fingerprint": "1:1",
                            "outcome": "stored", "doc_id": analysis.document.id,
                            "logged_at": NOW}]
        for name, table_rows in rows.items():
            key = (name, month if name in layout.BY_MONTH else None)
            tables.setdefault(key, []).extend(table_rows)
    for (name, month), rows in tables.items():
        folder = output / name / (f"{layout.MONTH}={month}" if month else "")
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(arrow_table(layout.TABLES[name], rows), folder / f"{run}-part-0.parquet")


def _count(db: Path, table: str) -> int:
    with Store(db) as store:
        return store.sql(f"SELECT count(*) FROM {table}").rows()[0][0]


def test_load_copies_documents_with_their_records(tmp_path):
    _write(tmp_path / "out", "r1", [_analysis("a1", "2023-07-01"), _analysis("a2", None)])
    with Store(tmp_path / "c.duckdb", writable=True) as store:
        report = load(tmp_path / "out", store)
        actors = store.actors(name="Putin").to_dicts()
    assert (report.documents, report.already_stored) == (2, 0)
    assert report.rows["mentions"] == 2 and report.rows["actors"] == 1
    assert actors[0]["mentions"] == 2
    assert _count(tmp_path / "c.duckdb", "sources WHERE outcome = 'stored'") == 2


def test_load_skips_documents_the_store_holds(tmp_path):
    db = tmp_path / "c.duckdb"
    with Store(db, writable=True) as store:
        store.add([_analysis("a1", "2023-07-01")])
    _write(tmp_path / "out", "r1", [_analysis("a1", "2023-07-01"), _analysis("a2", "2023-08-01")])
    _write(tmp_path / "out", "r2", [_analysis("a3", "2023-08-02")])
    with Store(db, writable=True) as store:
        first = load(tmp_path / "out", store)
        again = load(tmp_path / "out", store)
    assert (first.documents, first.already_stored) == (2, 1)
    assert (again.documents, again.already_stored) == (0, 3)
    assert _count(db, "documents") == 3 and _count(db, "mentions") == 3
    assert _count(db, "actors") == 1 and _count(db, "sources") == 3


def test_load_refuses_a_folder_without_spark_output(tmp_path):
    with Store(tmp_path / "c.duckdb", writable=True) as store, \
            pytest.raises(StoreError, match="no Spark output"):
        load(tmp_path, store)


def test_load_command_reports_what_it_loaded(tmp_path):
    _write(tmp_path / "out", "r1", [_analysis("a1", "2023-07-01")])
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "out"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 documents loaded" in result.output and "0 were there already" in result.output


def test_load_core_install_never_imports_pyspark():
    """`import sitroom`, the CLI and its help work without the [spark] extra."""
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; import sitroom; "
            "from sitroom.cli import cli; import sitroom.spark.duckdb_load; "
            "assert CliRunner().invoke(cli, ['--help']).exit_code == 0; "
            "assert CliRunner().invoke(cli, ['spark', '--help']).exit_code == 0; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyspark', 'py4j')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1], check=True)
    assert done.stdout.strip() == "[]"
