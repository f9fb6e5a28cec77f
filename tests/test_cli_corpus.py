"""The corpus commands as a person runs them: ingest, questions, sql, rejects, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from corpus_samples import sample_analysis

from sitroom.cli import cli
from sitroom.cli.corpus import COMMANDS
from sitroom.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "corpus.duckdb"
    with Store(path, writable=True) as store:
        store.add([sample_analysis(1, published="2023-07-13"),
                   sample_analysis(2, published="2024-02-01")])
        writer = store.writer()
        writer.log("/data/broken.json", "1:1", "rejected", error="JSONDecodeError",
                   reason="Expecting value: line 1 column 1 (char 0)")
        writer.flush()
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_corpus_quotes_json_when_piped(db):
    result = run("quotes", "--speaker", "Putin", "--about", "NATO", "--since", "2024-01-01",
                 "--db", str(db))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["speaker"], r["date"]) for r in rows] == [("Vladimir Putin", "2024-02-01")]


def test_cli_corpus_output_formats(db):
    as_csv = run("actors", "--db", str(db), "--format", "csv", "--limit", "2")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in rows] == ["igo:NATO", "person:vladimir-putin"]
    as_lines = run("actors", "--db", str(db), "--format", "jsonl")
    assert len(as_lines.stdout.splitlines()) == 5
    as_table = run("events", "--db", str(db), "--dyad", "RUS:UKR", "--format", "table")
    assert "2024-02" in as_table.output and "2 rows" in as_table.output


def test_cli_corpus_events_stance_search(db):
    events = json.loads(run("events", "--dyad", "RUS:UKR", "--by", "year", "--db",
                            str(db)).stdout)
    assert [(r["period"], r["events"], r["goldstein"]) for r in events] == [
        ("2023", 1, -10.0), ("2024", 1, -10.0)]
    stance = json.loads(run("stance", "membership(UKR, NATO)", "--by", "all", "--db",
                            str(db)).stdout)
    assert {(r["holder"], r["favor"], r["against"]) for r in stance} == {
        ("Jens Stoltenberg", 2, 0), ("Vladimir Putin", 0, 2)}
    found = json.loads(run("search", "Kharkiv", "--db", str(db)).stdout)
    assert [r["title"] for r in found] == ["Report 2", "Report 1"]


def test_cli_corpus_sql_reads_and_refuses(db):
    ok = run("sql", "SELECT count(*) AS n FROM quotes", "--db", str(db))
    assert json.loads(ok.stdout) == [{"n": 2}]
    for query in ("DELETE FROM quotes", "COPY quotes TO 'x.csv'",
                  "SELECT * FROM read_csv('/etc/passwd')"):
        refused = run("sql", query, "--db", str(db))
        assert refused.exit_code == 1 and "Error:" in refused.output
    assert json.loads(run("sql", "SELECT count(*) AS n FROM quotes", "--db",
                          str(db)).stdout) == [{"n": 2}]


def test_cli_corpus_rejects(db):
    rows = json.loads(run("rejects", "--db", str(db)).stdout)
    assert [(r["source"], r["error"]) for r in rows] == [("/data/broken.json",
                                                         "JSONDecodeError")]


def test_cli_corpus_missing_database_is_a_message(tmp_path):
    result = run("quotes", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "no corpus database" in result.output


def test_cli_corpus_export(db, tmp_path):
    graph = tmp_path / "actors.graphml"
    assert run("export", "--format", "graphml", "-o", str(graph), "--db",
               str(db)).exit_code == 0
    assert "state:RUS" in graph.read_text()
    gdelt = run("export", "--format", "gdelt-events", "--db", str(db))
    assert [len(line.split("\t")) for line in gdelt.stdout.splitlines()] == [61, 61]
    jsonl = run("export", "--format", "jsonl", "--db", str(db))
    assert len(jsonl.stdout.splitlines()) == 2
    folder = tmp_path / "tables"
    assert run("export", "--format", "parquet", "-o", str(folder), "--db",
               str(db)).exit_code == 0
    assert (folder / "events.parquet").is_file()
    one = run("export", "--format", "csv", "--table", "events", "--db", str(db))
    assert len(list(csv.DictReader(io.StringIO(one.stdout)))) == 2


def test_cli_corpus_every_command_has_help_with_example():
    for command in COMMANDS:
        help_text = run(command.name, "--help").output
        assert "Example:" in help_text, command.name
        assert "--db" in help_text, command.name


@pytest.mark.model
def test_cli_corpus_ingest_then_rerun(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks resume\n\nEmmanuel Macron met Olaf Scholz in Berlin.")
    (folder / "b.jsonl").write_text(json.dumps({"body": "Joe Biden spoke to reporters."}) +
                                    "\n{broken\n")
    db = tmp_path / "c.duckdb"
    first = run("ingest", str(folder), "--db", str(db), "-j", "1", "--field", "text=body",
                "--no-progress")
    assert first.exit_code == 0, first.output
    assert "2 documents analysed" in first.output and "1 inputs rejected" in first.output
    again = run("ingest", str(folder), "--db", str(db), "-j", "1", "--field", "text=body")
    assert "0 documents analysed" in again.output and "3 inputs already stored" in again.output
    titles = json.loads(run("sql", "SELECT title FROM documents WHERE title IS NOT NULL",
                            "--db", str(db)).stdout)
    assert titles == [{"title": "Talks resume"}]


def test_cli_corpus_claims_and_sourcing(db):
    claims = json.loads(run("claims", "--claimant", "Putin", "--since", "2024-01-01", "--db",
                            str(db)).stdout)
    assert [(r["claimant"], r["cause"], r["date"]) for r in claims] == [
        ("Vladimir Putin", "NATO membership for Ukraine", "2024-02-01")]
    sourcing = json.loads(run("sourcing", "--by", "document", "--db", str(db)).stdout)
    assert [(r["sentences"], r["attributed"], r["unsourced_share"]) for r in sourcing] == [
        (1, 1, 0.0), (1, 1, 0.0)]
