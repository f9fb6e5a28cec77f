"""What an ingest left in a corpus database, for the tests that kill and resume ingests."""

from __future__ import annotations

from pathlib import Path

from sitroom.errors import StoreError
from sitroom.store import Store


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
