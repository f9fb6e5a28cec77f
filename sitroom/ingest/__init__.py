"""Readers that turn files and streams into article items (text plus metadata), and `ingest()`,
which reads, de-duplicates, analyses and stores them (see `sitroom.ingest.run`)."""

from __future__ import annotations


def __getattr__(name: str):
    # The runner imports spaCy; `sitroom.ingest.article` alone must stay light.
    if name in ("ingest", "IngestSettings", "IngestReport"):
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module 'sitroom.ingest' has no attribute {name!r}")
