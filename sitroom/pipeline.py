"""Builds the spaCy pipeline and the stage list, and runs them over articles.

One article travels as one `Findings` object attached to its Doc; a stage that fails is
recorded on that article as a `Problem` and the batch goes on. `pipe()` streams: it holds at
most a few batches in memory, and with `n_process > 1` each worker process has the model once
(a forked worker shares the parent's) and sends back plain `Analysis` records, never spaCy
objects.

Two limits keep one article from costing the batch: the stages get `Options.max_seconds` per
article (`sitroom.limits`), and a document that kills its worker process is found and rejected
while the rest of the batch is analysed again (`sitroom.workers`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import text as textmod
from .context import Context, Findings
from .errors import ConfigError, InputError, ModelNotFound, TimeLimitExceeded, WorkerCrashed
from .limits import time_limit
from .options import Options
from .records import Analysis, Document, Problem
from .stages import (Stage, actors, claims, coref, events, places, quotes, situate, sourcing,
                     stance, time, tone)
from .workers import Workers, cap_threads

STAGES: tuple[Stage, ...] = (
    places.places,
    actors.actors,
    time.time,
    coref.coref,
    quotes.quotes,
    situate.situate,
    coref.voices,
    events.events,
    stance.stance,
    sourcing.sourcing,
    claims.claims,
    tone.tone,
)

Item = str | Mapping[str, Any] | Document
META_FIELDS = ("url", "outlet", "title", "published", "language", "source")


def load_nlp(model: str) -> Language:
    """Load an installed spaCy pipeline by name; no download ever happens here. A line break
    ends a sentence (headlines, datelines, paragraphs), so the parser never joins them."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFound(f"spaCy pipeline {model!r} is not installed "
                            f"(pip install it, or pick another with --model)") from exc
    first = next((n for n in ("parser", "senter", "sentencizer") if n in nlp.pipe_names), None)
    if first is not None:
        nlp.add_pipe("sitroom_line_breaks", before=first)
    return nlp


@Language.component("sitroom_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break; the parser keeps preset boundaries."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class Pipeline:
    """The spaCy model, the resources and the stages, loaded once and used for many articles."""

    def __init__(self, options: Options | None = None, *, nlp: Language | None = None):
        self.options = options or Options()
        self.nlp = nlp or load_nlp(self.options.model)
        self.context = Context(self.options)
        self.stages = _select(self.options.stages)

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def analyze(self, text: str, **meta: Any) -> Analysis:
        """Analyse one article; bad input raises an `InputError`."""
        document = make_document({"text": text, **meta}, self.options)
        return self._analyze_docs([document])[0]

    def pipe(self, items: Iterable[Item], *, n_process: int | None = None) -> Iterator[Analysis]:
        """Analyse a stream of articles in order; unreadable ones come back with a fatal problem."""
        n_process = _cores(self.options.n_process if n_process is None else n_process)
        prepared = (_prepare(item, self.options) for item in items)
        batches = _batched(prepared, self.options.batch_size)
        if n_process == 1:
            for batch in batches:
                yield from self._run_batch(batch)
        else:
            yield from _parallel(batches, self, n_process)

    def _run_batch(self, batch: list[Document | Analysis]) -> list[Analysis]:
        documents = [d for d in batch if isinstance(d, Document)]
        done = iter(self._analyze_docs(documents))
        return [item if isinstance(item, Analysis) else next(done) for item in batch]

    def _analyze_docs(self, documents: list[Document]) -> list[Analysis]:
        return [self._run_stages(doc, document)
                for document, doc in zip(documents, self._parse(documents), strict=True)]

    def _parse(self, documents: list[Document]) -> list[Doc | Exception]:
        texts = [d.text for d in documents]
        try:
            return list(self.nlp.pipe(texts, batch_size=self.options.batch_size))
        except Exception:  # one bad text must not cost the batch: parse them one by one
            return [_parse_one(self.nlp, t) for t in texts]

    def _run_stages(self, doc: Doc | Exception, document: Document) -> Analysis:
        if isinstance(doc, Exception):
            problem = Problem(stage="parse", error=type(doc).__name__, reason=str(doc), fatal=True)
            return Analysis(document=document, problems=[problem], model=self.model_name)
        found = Findings(document=document)
        doc._.sitroom = found
        stage = None
        try:
            with time_limit(self.options.max_seconds, "the analysis"):
                for stage in self.stages:
                    _run_stage(stage, doc, self.context, found)
        except TimeLimitExceeded as exc:
            problem = Problem(stage=stage.name if stage else "stages", error=type(exc).__name__,
                              reason=str(exc), fatal=True)
            return Analysis(document=document, problems=[problem], model=self.model_name)
        finally:
            doc._.sitroom = None
        return found.freeze(self.model_name)


def _run_stage(stage: Stage, doc: Doc, context: Context, found: Findings) -> None:
    try:
        if not isinstance(stage(doc, context), Doc):
            raise TypeError(f"stage {stage.name!r} did not return the Doc")
    except TimeLimitExceeded:
        raise
    except Exception as exc:  # recorded on the article, the batch goes on
        found.problems.append(Problem(stage=stage.name, error=type(exc).__name__,
                                      reason=str(exc)))


def make_document(item: Mapping[str, Any], options: Options) -> Document:
    """Check and normalise one input item into a `Document`; raises `InputError`."""
    raw = item.get("text")
    if isinstance(raw, bytes):
        raw, _ = textmod.decode(raw, max_bytes=options.max_bytes)
    if not isinstance(raw, str):
        raise InputError(f"article text must be str or bytes, not {type(raw).__name__}")
    text = textmod.clean(raw, max_chars=options.max_chars)
    meta = {k: item.get(k) for k in META_FIELDS if item.get(k) is not None}
    if "published" in meta:
        meta["published"] = parse_published(meta["published"])
    if "title" not in meta and textmod.headline(text):
        meta["title"] = textmod.headline(text)
    return Document(id=item.get("id") or textmod.doc_id(text), text=text, **meta)


def parse_published(value: Any) -> str:
    """A publication date as ISO `YYYY-MM-DD`, from a date, datetime or string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True})
    if parsed is None:
        raise InputError(f"cannot read publication date {text!r}")
    return parsed.date().isoformat()


def _prepare(item: Item, options: Options) -> Document | Analysis:
    if isinstance(item, Document):
        return item
    mapping = {"text": item} if isinstance(item, str | bytes) else item
    try:
        return make_document(mapping, options)
    except InputError as exc:
        text = mapping.get("text") if isinstance(mapping.get("text"), str) else ""
        document = Document(id=mapping.get("id") or textmod.doc_id(text or repr(mapping)[:200]),
                            text="", source=mapping.get("source"), url=mapping.get("url"))
        problem = Problem(stage="input", error=type(exc).__name__, reason=str(exc), fatal=True)
        return Analysis(document=document, problems=[problem])


def _parse_one(nlp: Language, text: str) -> Doc | Exception:
    try:
        return nlp(text)
    except Exception as exc:
        return exc


def _select(names: tuple[str, ...] | None) -> tuple[Stage, ...]:
    if names is None:
        return STAGES
    known = {s.name for s in STAGES}
    unknown = set(names) - known
    if unknown:
        raise ConfigError(f"unknown stage(s) {sorted(unknown)}; known: {sorted(known)}")
    return tuple(s for s in STAGES if s.name in names)


def _cores(n_process: int) -> int:
    return n_process if n_process > 0 else (os.cpu_count() or 1)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# --- worker processes -------------------------------------------------------------------

_WORKER: Pipeline | None = None
# The pipeline that starts a pool; a forked worker inherits it and reuses its loaded spaCy
# model (copy-on-write) instead of loading its own. Resources with open files (the gazetteer)
# live in the Context, which each worker builds afresh.
_PARENT: Pipeline | None = None


def _init_worker(options: Options) -> None:
    global _WORKER
    cap_threads()
    nlp = _PARENT.nlp if _PARENT is not None and _PARENT.options == options else None
    _WORKER = Pipeline(options.replace(n_process=1), nlp=nlp)


def _work(batch: list[Document | Analysis]) -> list[Analysis]:
    assert _WORKER is not None, "worker used before _init_worker ran"
    return _WORKER._run_batch(batch)


def _crashed(item: Document | Analysis, reason: str) -> Analysis:
    """The rejection of a document its worker process died on, every time it was tried."""
    if isinstance(item, Analysis):
        return item
    problem = Problem(stage="worker", error=WorkerCrashed.__name__, reason=reason, fatal=True)
    return Analysis(document=item, problems=[problem])


def _parallel(batches: Iterator[list], parent: Pipeline, n_process: int) -> Iterator[Analysis]:
    global _PARENT
    _PARENT = parent if "fork" in multiprocessing.get_all_start_methods() else None
    with Workers(n_process, _init_worker, (parent.options,)) as workers:
        yield from workers.map(_work, batches, _crashed)
