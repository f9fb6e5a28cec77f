"""For the tests that kill and resume ingests: starting one in its own process group, and
what an ingest left in a corpus database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitroom.errors import StoreError
from sitroom.store import Store


REPO = Path(__file__).resolve().parents[1]


def start_ingest(db: Path, inputs: list[Path], jobs: int) -> subprocess.Popen:
    """`sitroom ingest` in small batches and frequent commits, so that kills land between
    and inside commits; in a session of its own, so that its workers can be killed too."""
    command = [sys.executable, "-m", "sitroom", "ingest", *map(str, inputs), "--db", str(db),
               "-j", str(jobs), "--batch-size", "4", "--commit-every", "3", "--no-progress"]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def finish_ingest(process: subprocess.Popen, timeout: float) -> None:
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err.decode()


def stored(db: Path) -> int | None:
    """Documents committed so far; None while the file is not a corpus yet."""
    try:
        with Store(db) as store:
            return store.stats()["documents"]
    except StoreError:
        return None


def snapshot(db: Path) -> dict:
    """Everything an ingest leaves, without the times it was done at."""
    with Store(db) as store:
        analyses = sorted(store.analyses(include_copies=True), key=lambda a: a["document"]["id"])
        sources = store.sql("SELECT source, fingerprint, outcome, doc_id, error, reason "
                            "FROM sources ORDER BY source").rows()
        counts = store.stats()
        distinct = store.sql("SELECT count(DISTINCT id) FROM documents").rows()[0][0]
        logged = store.sql("SELECT count(DISTINCT source) FROM sources").rows()[0][0]
    return {"analyses": analyses, "sources": sources, "counts": counts, "distinct": distinct,
            "logged": logged}
