"""Crash safety: `sitroom ingest` killed with SIGKILL at random points, again and again, over a
corpus of several hundred inputs in every format (text files, JSON lines plain and gzipped, a
WARC, a feed, exact and near duplicates, inputs that are rejected), then run once more to the
end, must leave the very corpus an uninterrupted run leaves: every document once, every input's
outcome once, the same records.

The normal suite runs 20 kills with a fixed seed; `make fuzz` runs more with a random one
(SITROOM_CRASH_TRIALS, SITROOM_CRASH_SEED)."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from store_snapshot import finish_ingest, snapshot, start_ingest, stored

TRIALS = int(os.environ.get("SITROOM_CRASH_TRIALS", "20"))
SEED = int(os.environ.get("SITROOM_CRASH_SEED", "20240611"))
TIMEOUT = 300

PEOPLE = ["Olaf Scholz", "Emmanuel Macron", "Antony Blinken", "Wang Yi", "Sergei Lavrov",
          "Recep Tayyip Erdogan", "Narendra Modi", "Ursula von der Leyen"]
PLACES = ["Berlin", "Paris", "Geneva", "Ankara", "Beijing", "Kyiv", "Brussels", "New Delhi"]
VERBS = ["met", "criticised", "praised", "called", "visited", "warned"]
TOPICS = ["sanctions", "the ceasefire", "grain exports", "energy prices", "NATO membership",
          "the peace talks", "border security", "refugees"]


def _article(rng: random.Random, n: int) -> str:
    a, b = rng.sample(PEOPLE, 2)
    place, topic, verb = rng.choice(PLACES), rng.choice(TOPICS), rng.choice(VERBS)
    return (f"{a} {verb} {b} in {place} on Tuesday, officials said. "
            f'"We will not accept any deal on {topic} that ignores our concerns," {a} said. '
            f"{b} said talks on {topic} would continue next week. Report number {n} of the day.")


def write_corpus(folder: Path, seed: int = 7) -> int:
    """Several hundred inputs; returns how many outcomes an ingest must log."""
    rng = random.Random(seed)
    folder.mkdir()
    texts = [_article(rng, n) for n in range(400)]
    inputs = 0
    for n in range(220):
        (folder / f"text-{n:03}.txt").write_text(texts[n])
    for n in range(10):  # exact copies and syndicated near-copies of earlier files
        (folder / f"copy-{n}.txt").write_text(texts[n])
        (folder / f"near-{n}.txt").write_text("By a staff reporter. " + texts[20 + n])
    inputs += 240
    rows = [json.dumps({"text": t, "title": f"Row {i}", "date": "2024-03-0" + str(1 + i % 9)})
            for i, t in enumerate(texts[220:300])]
    rows[5], rows[40] = "{broken json", json.dumps({"title": "no text"})
    (folder / "rows.jsonl").write_text("\n".join(rows) + "\n")
    (folder / "more.jsonl.gz").write_bytes(gzip.compress(
        "\n".join(json.dumps({"body": t}) for t in texts[300:350]).encode()))
    (folder / "crawl.warc.gz").write_bytes(_warc(texts[350:370]))
    (folder / "wire.rss").write_text(_rss(texts[370:385]))
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "empty.txt").write_bytes(b"")
    return inputs + 80 + 50 + 20 + 15 + 2


def _warc(texts: list[str]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for i, text in enumerate(texts):
        page = f"<html><head><title>Page {i}</title></head><body><article><p>{text}</p>" \
               f"</article></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(page.encode()),
                                                      http_headers=http))
    return out.getvalue()


def _rss(texts: list[str]) -> str:
    items = "".join(f"<item><title>Item {i}</title><link>https://wire.example/{i}</link>"
                    f"<description>{t}</description></item>" for i, t in enumerate(texts))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}' \
           f"</channel></rss>"


def _start(db: Path, folder: Path, jobs: int) -> subprocess.Popen:
    return start_ingest(db, [folder], jobs)


def _finish(process: subprocess.Popen) -> None:
    finish_ingest(process, TIMEOUT)


def _kill(process: subprocess.Popen) -> bool:
    """SIGKILL the ingest and its workers; False if it had finished before."""
    finished = process.poll() is not None
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=TIMEOUT)
    process.stderr.close()
    return not finished


def _wait_for_commits(db: Path, process: subprocess.Popen, commits: int) -> None:
    """Until the write-ahead log has grown `commits` times (each commit appends to it)."""
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + TIMEOUT
    last, grown = None, 0
    while grown < commits and process.poll() is None and time.monotonic() < deadline:
        size = wal.stat().st_size if wal.exists() else None
        if size is not None and (last is None or size > last):
            grown += 1
        last = size
        time.sleep(0.005)


def kill_trials(db: Path, folder: Path, trials: int, seed: int) -> list[tuple]:
    """Start and SIGKILL the ingest `trials` times: a few while it starts, the rest after a
    random number of commits plus a random delay. Returns (jobs, killed, stored) per trial."""
    rng = random.Random(seed)
    log = []
    for trial in range(trials):
        jobs = 2 if trial % 4 == 3 else 1
        process = _start(db, folder, jobs)
        if rng.random() < 0.2:
            time.sleep(rng.uniform(0.05, 3.0))  # loading the model, creating the schema
        else:
            _wait_for_commits(db, process, rng.randint(1, 8))
            time.sleep(rng.uniform(0, 0.05))
        log.append((jobs, _kill(process), stored(db)))
    return log


@pytest.mark.model
def test_crash_ingest_sigkill_at_random_points_then_rerun_matches_uninterrupted(tmp_path):
    folder = tmp_path / "in"
    inputs = write_corpus(folder)
    reference, resumed = tmp_path / "reference.duckdb", tmp_path / "resumed.duckdb"
    _finish(_start(reference, folder, 1))
    log = kill_trials(resumed, folder, TRIALS, SEED)
    _finish(_start(resumed, folder, 1))
    expected, got = snapshot(reference), snapshot(resumed)
    message = f"seed {SEED}; (jobs, killed, documents stored then) per trial: {log}"
    assert sum(killed for _, killed, _ in log) >= min(TRIALS, 20), message
    assert expected["logged"] == inputs, message
    assert got["counts"] == expected["counts"], message
    assert got["distinct"] == got["counts"]["documents"], message
    assert got["sources"] == expected["sources"], message
    assert got["analyses"] == expected["analyses"], message
    print(message)
