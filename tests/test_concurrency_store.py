"""Concurrent use of one corpus database, and files that are not one.

DuckDB lets one process write a database file, or several read it. A second writer (or a
reader while an ingest writes) must get a one-line "database is busy" error at once, naming the
file, and the running ingest must go on untouched. A damaged or foreign file must give an error
that names it, never a DuckDB traceback."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from corpus_samples import sample_analysis

from sitroom.cli import cli
from sitroom.errors import CorruptDatabase, DatabaseBusy, StoreError
from sitroom.store import Store

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 300


def _sitroom(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitroom", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _done(process: subprocess.Popen) -> tuple[int, str]:
    out, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, out + err


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "corpus.duckdb"
    with Store(path, writable=True) as store:
        store.add([sample_analysis(n) for n in (1, 2, 3)])
    return path


def test_concurrency_writer_holds_the_file_others_get_busy_errors(corpus, tmp_path):
    (tmp_path / "a.txt").write_text("The minister said the talks would go on.")
    with Store(corpus, writable=True):  # this process writes; others must wait their turn
        ingest = _sitroom("ingest", str(tmp_path / "a.txt"), "--db", str(corpus), "-j", "1")
        query = _sitroom("sql", "SELECT count(*) FROM documents", "--db", str(corpus))
        (ingest_code, ingest_out), (query_code, query_out) = _done(ingest), _done(query)
    assert ingest_code == 1 and query_code == 1
    for output in (ingest_out, query_out):
        assert "database is busy" in output and str(corpus) in output
        assert "Traceback" not in output
    assert "is writing to" in query_out
    with Store(corpus) as store:
        assert store.stats()["documents"] == 3


def test_concurrency_readers_share_the_file(corpus):
    readers = [_sitroom("sql", "SELECT count(*) AS n FROM documents", "--db", str(corpus),
                        "--format", "json") for _ in range(3)]
    with Store(corpus) as store:  # and this process reads at the same time
        assert store.stats()["documents"] == 3
        results = [_done(r) for r in readers]
    assert all(code == 0 and '"n": 3' in out for code, out in results), results


def test_concurrency_busy_error_names_the_holder():
    from sitroom.store.core import _open_error

    lock = duckdb.IOException('IO Error: Could not set lock on file "/x/c.duckdb": Conflicting '
                              'lock is held in /usr/bin/python3 (PID 4242). See also ...')
    error = _open_error(Path("/x/c.duckdb"), lock, writable=True)
    assert isinstance(error, DatabaseBusy)
    assert str(error).startswith("database is busy: another process (PID 4242) has /x/c.duckdb")


@pytest.mark.model
def test_concurrency_two_ingests_at_once_one_is_refused_nothing_is_lost(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:02}.txt").write_text(f"Report {n}: the foreign minister said on Tuesday "
                                            f"that talks in Geneva would continue.")
    db = tmp_path / "corpus.duckdb"
    first = _sitroom("ingest", str(folder), "--db", str(db), "-j", "1", "--commit-every", "2",
                     "--batch-size", "2", "--no-progress")
    deadline = time.monotonic() + TIMEOUT
    while not Path(f"{db}.wal").exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the first ingest has created the corpus: it holds the lock
    second = _sitroom("ingest", str(folder), "--db", str(db), "-j", "1", "--no-progress")
    second_code, second_out = _done(second)
    first_code, first_out = _done(first)
    assert first_code == 0, first_out
    assert second_code == 1 and "database is busy" in second_out, second_out
    assert "Traceback" not in second_out
    with Store(db) as store:
        assert store.stats()["documents"] == 40
        assert store.sql("SELECT count(DISTINCT id) FROM documents").rows() == [(40,)]
        assert store.sql("SELECT count(*) FROM sources").rows() == [(40,)]
    again_code, again_out = _done(_sitroom("ingest", str(folder), "--db", str(db), "-j", "1",
                                           "--no-progress"))
    assert again_code == 0 and "40 inputs already stored" in again_out, again_out


def _damaged(path: Path, kind: str) -> None:
    if kind == "random bytes":
        path.write_bytes(random.Random(0).randbytes(100_000))
    elif kind == "text":
        path.write_text("id,title\n1,hello\n")
    elif kind == "empty file":
        path.write_bytes(b"")
    elif kind == "sqlite":
        path.unlink()
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE documents (id TEXT)")
        connection.commit()
        connection.close()
    else:
        data = bytearray(path.read_bytes())
        if kind == "truncated":
            del data[len(data) // 3:]
        elif kind == "overwritten blocks":
            data[12_288:] = random.Random(1).randbytes(len(data) - 12_288)
        elif kind == "zeroed header":
            data[:4096] = bytes(4096)
        path.write_bytes(bytes(data))


KINDS = ["random bytes", "text", "empty file", "sqlite", "truncated", "overwritten blocks",
         "zeroed header"]


@pytest.mark.parametrize("writable", [False, True], ids=["read-only", "writable"])
@pytest.mark.parametrize("kind", KINDS)
def test_concurrency_damaged_or_foreign_file_gives_a_clear_error(corpus, kind, writable):
    _damaged(corpus, kind)
    with pytest.raises(CorruptDatabase) as caught:
        with Store(corpus, writable=writable) as store:
            store.stats()
            list(store.analyses())
    assert str(corpus) in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("kind", KINDS)
def test_concurrency_damaged_file_cli_says_so_in_one_line(corpus, kind):
    _damaged(corpus, kind)
    result = CliRunner().invoke(cli, ["quotes", "--db", str(corpus), "--format", "json"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and str(corpus) in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_concurrency_duckdb_file_of_another_program(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE t (x INT)").close()
    for writable in (False, True):
        with pytest.raises(StoreError, match="not a sitroom corpus"):
            Store(path, writable=writable)
