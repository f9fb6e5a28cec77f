"""Resumability: `sitroom ingest` killed with SIGKILL at random points, then rerun, must leave
the very corpus an uninterrupted run leaves: every document once, nothing lost, nothing doubled.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from store_snapshot import finish_ingest, snapshot, start_ingest, stored

N_FILES = 48
TIMEOUT = 120


def _start(db: Path, files: list[Path], jobs: int = 1) -> subprocess.Popen:
    return start_ingest(db, files, jobs)


def _finish(process: subprocess.Popen) -> None:
    finish_ingest(process, TIMEOUT)


def _kill(process: subprocess.Popen) -> bool:
    """SIGKILL the ingest (and, after it, any worker it left); False if it had finished."""
    finished = process.poll() is not None
    if not finished:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=TIMEOUT)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.stderr.close()
    return not finished


def _wait_for_commits(db: Path, process: subprocess.Popen) -> None:
    """Until the write-ahead log grows, which a committed batch makes it do (or the run ends)."""
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + TIMEOUT
    first = None
    while process.poll() is None and time.monotonic() < deadline:
        size = wal.stat().st_size if wal.exists() else None
        if first is None:
            first = size
        elif size is not None and size > first:
            return
        time.sleep(0.02)


@pytest.mark.model
@pytest.mark.shared
def test_ingest_resume_after_sigkill_matches_uninterrupted_run(tmp_path, shared):
    files = sorted((shared / "corpora/bbc/data_raw/politics").glob("*.txt"))[:N_FILES]
    reference, resumed = tmp_path / "reference.duckdb", tmp_path / "resumed.duckdb"
    _finish(_start(reference, files))
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    killed = []
    process = _start(resumed, files)  # killed at any moment, most likely while loading
    time.sleep(rng.uniform(0.2, 2.0))
    killed.append((_kill(process), stored(resumed)))
    for jobs in (1, 2):  # killed while committing batches, one of them with worker processes
        process = _start(resumed, files, jobs)
        _wait_for_commits(resumed, process)
        time.sleep(rng.uniform(0.0, 1.0))
        killed.append((_kill(process), stored(resumed)))
    _finish(_start(resumed, files))
    expected, got = snapshot(reference), snapshot(resumed)
    message = f"random seed {seed}; (killed, documents stored then): {killed}"
    assert got["counts"] == expected["counts"], message
    assert got["distinct"] == got["counts"]["documents"], message
    assert got["sources"] == expected["sources"], message
    assert got["analyses"] == expected["analyses"], message
    print(message)
    assert expected["counts"]["documents"] + expected["counts"]["rejected_inputs"] + \
        expected["counts"]["duplicate_inputs"] == N_FILES
