"""What flows through an ingest run, from input files to documents ready for analysis.

    Unit (a file)  --read-->  RawItem | Reject | Skip  --extract-->  Candidate | Reject | Skip

Every item names its `source` (the file, or `file#member` for one record of a JSONL, JSON,
WARC or feed file) and the `fingerprint` of the file it came from; the ingest log keys on
both, so an unchanged input whose outcome is stored is skipped on the next run. `size` is the
share of the input's bytes the item stands for, which drives the progress bar's ETA.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Document, Problem


@dataclass(frozen=True, slots=True)
class Unit:
    """One input file and the format it is read as."""

    path: Path
    format: str
    size: int
    fingerprint: str

    @property
    def source(self) -> str:
        return str(self.path)


@dataclass(frozen=True, slots=True)
class RawItem:
    """One article before extraction: raw `data` (bytes or str), read as `kind`.

    `kind` is "auto" (plain text, or HTML when it looks like a page), "html" (a page) or
    "fragment" (an HTML snippet, as feeds carry). `meta` wins over what extraction finds;
    `hints` only fill what it leaves empty.
    """

    source: str
    fingerprint: str
    size: int
    kind: str
    data: bytes | str
    meta: dict[str, Any] = field(default_factory=dict)
    hints: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reject:
    """An input that cannot become a document, and why."""

    source: str
    fingerprint: str
    size: int
    error: str
    reason: str

    @classmethod
    def of(cls, source: str, fingerprint: str, size: int, exc: BaseException) -> Reject:
        return cls(source, fingerprint, size, type(exc).__name__, str(exc) or repr(exc))


@dataclass(frozen=True, slots=True)
class Skip:
    """An input already stored by an earlier run (same source, same fingerprint)."""

    source: str
    size: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A document ready for the duplicate checks and analysis.

    `signature` is its MinHash (None for texts too short to compare); `problems` are
    non-fatal ones met while reading it (an unreadable date, say).
    """

    source: str
    fingerprint: str
    size: int
    document: Document
    signature: bytes | None = None
    problems: tuple[Problem, ...] = ()


Item = RawItem | Reject | Skip
Extracted = Candidate | Reject | Skip
