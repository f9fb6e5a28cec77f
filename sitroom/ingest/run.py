"""`ingest()`: files and folders in, an analysed corpus in the store out.

    files --read--> items --extract (workers)--> candidates --triage--> new documents
          --Pipeline.pipe (workers)--> analyses --Writer (main process, batch transactions)

Triage decides each candidate's fate before any parsing: already stored (same content hash:
logged as a duplicate), a near-duplicate of an original (stored as a linked copy, not
analysed), or new. Only the new ones reach spaCy. Every outcome is logged per input in the same
transaction as its rows, which is what makes a rerun after a crash store each document exactly
once: committed inputs are skipped, the rest are done again.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..options import Options
from ..records import Analysis, Document
from .dedup import NearDuplicates
from .extract import Extractor
from .items import Candidate, Extracted, Item, Reject, Skip, Unit
from .readers import Fields, ReadSettings, read
from .sources import FORMATS, discover

_PROGRESS_EVERY = 0.2  # seconds between progress callbacks
# Formats whose articles need trafilatura (~25 ms a page): extracted on worker processes.
# Plain text and JSON records cost about a millisecond each and are read in the main process,
# which spares the memory of a second pool of workers.
_PAGE_FORMATS = ("html", "warc", "feed")


@dataclass(frozen=True, kw_only=True)
class IngestSettings:
    """How to ingest. `n_process` 0 uses every core; `near_threshold` None turns off
    near-duplicate detection; `fmt` forces one input format for every file."""

    n_process: int = 0
    fields: Fields = Fields()
    fmt: str | None = None
    near_threshold: float | None = 0.8
    commit_every: int = 256

    def __post_init__(self) -> None:
        check_reading(self.fmt, self.near_threshold)


def check_reading(fmt: str | None, near_threshold: float | None,
                  formats: tuple[str, ...] = FORMATS) -> None:
    """The reading choices `sitroom ingest` and `sitroom spark` share: a known input format,
    a near-duplicate threshold in (0, 1]."""
    from ..errors import ConfigError

    if fmt is not None and fmt not in formats:
        raise ConfigError(f"unknown input format {fmt!r}; known: {', '.join(formats)}")
    if near_threshold is not None and not 0 < near_threshold <= 1:
        raise ConfigError(f"near_threshold must be in (0, 1], not {near_threshold}")


@dataclass
class IngestReport:
    """What one run did; `skipped` inputs were stored by an earlier run."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    bytes_total: int = 0
    bytes_done: int = 0
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0

    @property
    def documents(self) -> int:
        """Inputs that reached an outcome in this run."""
        return self.stored + self.duplicates + self.near_duplicates + self.rejected

    @property
    def rate(self) -> float:
        return self.documents / self.elapsed if self.elapsed > 0 else 0.0


Progress = Callable[[IngestReport], None]


def ingest(store, paths: Iterable[str | Path], *, options: Options | None = None,
           on_progress: Progress | None = None, pipeline=None, **settings) -> IngestReport:
    """Read, analyse and store every article under `paths` into the writable `store`.

    `settings` are those of `IngestSettings`; `pipeline` reuses an already loaded `Pipeline`.
    Inputs that cannot be read are logged as rejected (see `Store.rejects()`), never raised.
    """
    run = _Run(store, options or Options(), IngestSettings(**settings), on_progress, pipeline)
    return run.run(paths)


def _extractors(units: list[Unit | Reject], n_process: int) -> int:
    pages = any(isinstance(u, Unit) and u.format in _PAGE_FORMATS for u in units)
    return n_process if pages else 1


class _Run:
    def __init__(self, store, options: Options, settings: IngestSettings,
                 on_progress: Progress | None, pipeline):
        self.store = store
        self.options = options
        self.settings = settings
        self.on_progress = on_progress
        self.pipeline = pipeline
        self.writer = store.writer(commit_every=settings.commit_every)
        self.report = IngestReport()
        self.known = store.document_ids()
        self.near = NearDuplicates(settings.near_threshold) if settings.near_threshold else None
        self.near_loaded = False
        self.pending: dict[str, Candidate] = {}
        self.last_progress = 0.0

    def run(self, paths: Iterable[str | Path]) -> IngestReport:
        units = list(discover(paths, fmt=self.settings.fmt))
        self.report.bytes_total = sum(u.size for u in units if isinstance(u, Unit))
        done = self.store.done_sources()
        n_process = self.settings.n_process or os.cpu_count() or 1
        try:
            with Extractor(self.options, _extractors(units, n_process)) as extractor:
                candidates = extractor.map(self._read(units, done))
                self._analyse(self._triage(candidates), n_process)
        except KeyboardInterrupt:
            self.writer.flush()  # the buffer holds whole documents only: keep them
            raise
        self.writer.flush()
        self._progress(force=True)
        return self.report

    def _read(self, units: list[Unit | Reject], done: set[tuple[str, str]]) -> Iterator[Item]:
        settings = ReadSettings(fields=self.settings.fields, max_bytes=self.options.max_bytes)
        for unit in units:
            if isinstance(unit, Reject):
                yield unit
            else:
                yield from read(unit, settings, done)

    def _triage(self, items: Iterator[Extracted]) -> Iterator[Document]:
        for item in items:
            if isinstance(item, Skip):
                self.report.skipped += 1
                self._advance(item.size)
            elif isinstance(item, Reject):
                self._reject(item.source, item.fingerprint, item.error, item.reason, item.size)
            elif (document := self._check(item)) is not None:
                yield document

    def _check(self, candidate: Candidate) -> Document | None:
        """The document if it is new; otherwise log it as a duplicate or store it as a copy."""
        document = candidate.document
        if document.id in self.known:
            self.writer.log(candidate.source, candidate.fingerprint, "duplicate",
                            doc_id=document.id)
            self.report.duplicates += 1
            self._advance(candidate.size)
            return None
        self.known.add(document.id)
        match = self._near_match(candidate)
        if match is not None:
            self.writer.add_near_duplicate(document, original=match.original,
                                           similarity=match.similarity,
                                           source=candidate.source,
                                           fingerprint=candidate.fingerprint)
            self.report.near_duplicates += 1
            self._advance(candidate.size)
            return None
        self.pending[document.id] = candidate
        return document

    def _near_match(self, candidate: Candidate):
        if self.near is None or candidate.signature is None:
            return None
        if not self.near_loaded:
            self.near.load(self.store.signatures())
            self.near_loaded = True
        match = self.near.find(candidate.signature)
        if match is None:
            self.near.add(candidate.document.id, candidate.signature)
        return match

    def _analyse(self, documents: Iterator[Document], n_process: int) -> None:
        first = next(documents, None)
        if first is None:  # nothing new: do not load a model for nothing
            return
        if self.pipeline is None:
            from ..pipeline import Pipeline

            self.pipeline = Pipeline(self.options)
        for analysis in self.pipeline.pipe(itertools.chain([first], documents),
                                           n_process=n_process):
            self._store(analysis)

    def _store(self, analysis: Analysis) -> None:
        candidate = self.pending.pop(analysis.document.id)
        if not analysis.ok:
            fatal = next(p for p in analysis.problems if p.fatal)
            self._reject(candidate.source, candidate.fingerprint, fatal.error,
                         f"{fatal.stage}: {fatal.reason}", candidate.size)
            return
        analysis.problems[:0] = candidate.problems
        self.writer.add_analysis(analysis, source=candidate.source,
                                 fingerprint=candidate.fingerprint,
                                 signature=candidate.signature)
        self.report.stored += 1
        self._advance(candidate.size)

    def _reject(self, source: str, fingerprint: str, error: str, reason: str, size: int) -> None:
        self.writer.log(source, fingerprint, "rejected", error=error, reason=reason)
        self.report.rejected += 1
        self._advance(size)

    def _advance(self, size: int) -> None:
        self.report.bytes_done += size
        self._progress()

    def _progress(self, *, force: bool = False) -> None:
        now = time.monotonic()
        self.report.elapsed = now - self.report.started
        if self.on_progress is not None and (force or now - self.last_progress >= _PROGRESS_EVERY):
            self.last_progress = now
            self.on_progress(self.report)
