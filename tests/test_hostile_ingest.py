"""Hostile input, end to end: every input of tests/hostile_samples.py goes through
`ingest` with the real pipeline and ends stored or rejected with its reason, in bounded time,
without stopping the run. The readers alone are checked for bounded memory on huge inputs."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hostile_samples import HUGE_BYTES, SENTENCE, write_corpus

from sitroom.ingest.readers import ReadSettings, read
from sitroom.ingest.run import ingest
from sitroom.ingest.sources import discover
from sitroom.store import Store

# Whole-run bound for ~60 hostile inputs on one process; they take ~15 s on a quiet machine.
RUN_SECONDS = 180


def _outcomes(db) -> dict[str, dict]:
    with Store(db) as store:
        rows = store.sql("SELECT s.source, s.outcome, s.error, s.reason, d.text FROM sources s "
                         "LEFT JOIN documents d ON d.id = s.doc_id").to_dicts()
    return {row["source"]: row for row in rows}


def _mismatch(expect, got: dict | None) -> str | None:
    if got is None:
        return "no outcome logged"
    if got["outcome"] not in expect.outcomes:
        return f"{got['outcome']} ({got['error']}: {got['reason']})"
    if got["outcome"] == "rejected":
        if not got["reason"]:
            return "rejected without a reason"
        if expect.errors and got["error"] not in expect.errors:
            return f"rejected as {got['error']} ({got['reason']}), not {expect.errors}"
        return None
    if expect.text is not None and expect.text not in got["text"]:
        return f"stored text lacks {expect.text!r}: {got['text'][:80]!r}"
    if expect.absent is not None and expect.absent in got["text"]:
        return f"stored text contains {expect.absent!r}"
    return None


@pytest.mark.model
def test_hostile_inputs_end_stored_or_rejected_with_reason(tmp_path, pipeline):
    expected = write_corpus(tmp_path / "in")
    db = tmp_path / "hostile.duckdb"
    started = time.monotonic()
    with Store(db, writable=True) as store:
        report = ingest(store, [tmp_path / "in"], pipeline=pipeline, n_process=1,
                        near_threshold=None)
    seconds = time.monotonic() - started
    got = _outcomes(db)
    wrong = {source.rsplit("/", 1)[1]: problem for source, expect in expected.items()
             if (problem := _mismatch(expect, got.get(source)))}
    assert not wrong, wrong
    assert set(got) == set(expected), set(got) ^ set(expected)
    assert report.documents == len(expected) and report.duplicates == 0
    assert seconds < RUN_SECONDS


def _read_all(path, max_bytes: int):
    settings = ReadSettings(max_bytes=max_bytes)
    return [item for unit in discover([path]) for item in read(unit, settings, set())]


def test_hostile_huge_single_line_rejected_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(SENTENCE.encode() * (HUGE_BYTES // len(SENTENCE)))
    tracemalloc.start()
    started = time.monotonic()
    (item,) = _read_all(path, 20_000_000)
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (item.error, item.reason) == ("InputTooLarge",
                                         f"input is {path.stat().st_size:,} bytes; "
                                         f"the limit is 20,000,000")
    assert seconds < 1 and peak < 1_000_000


def test_hostile_huge_json_line_read_in_pieces(tmp_path):
    path = tmp_path / "rows.jsonl"
    big = b'{"text": "' + b"x" * 30_000_000 + b'"}'
    path.write_bytes(b'{"text": "first"}\n' + big + b'\n{"text": "last"}\n')
    tracemalloc.start()
    items = _read_all(path, 1_000_000)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["RawItem", "Reject", "RawItem"]
    assert items[1].reason == f"line is {len(big) + 1:,} bytes; the limit is 1,000,000"
    assert peak < 5_000_000


def test_hostile_gzip_over_the_limit_once_decompressed(tmp_path):
    import gzip

    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 5_000_000))  # 10 MB from about 10 kB
    (item,) = _read_all(path, 1_000_000)
    assert item.error == "InputTooLarge" and "once decompressed" in item.reason


def test_hostile_json_document_over_the_limit_says_what_to_do(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('[{"text": "' + "x" * 2_000_000 + '"}]')
    (item,) = _read_all(path, 1_000_000)
    assert item.error == "InputTooLarge" and "JSON lines" in item.reason
