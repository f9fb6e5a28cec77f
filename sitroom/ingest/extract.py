"""Turning read items into documents: decoding, body extraction, checks, content hash, MinHash.

Extracting a page's body with trafilatura costs ~25 ms, as much as parsing a short article, so
`Extractor` runs it on worker processes when asked for more than one, keeping the input order
and only a few chunks in flight (a million-page archive never sits in memory).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .. import text as textmod
from ..errors import InputError, WorkerCrashed
from ..limits import time_limit
from ..options import Options
from ..pipeline import make_document
from ..records import Problem
from ..workers import Workers, cap_threads
from .article import html_article, read_article
from .dates import iso_date
from .dedup import signature
from .items import Candidate, Extracted, Item, RawItem, Reject

_BLOCKS = ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote", "tr")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_TITLE_MAX = 200


def extract(item: Item, options: Options) -> Extracted:
    """A `Candidate` document for a `RawItem`, or a `Reject` saying why there is none."""
    if not isinstance(item, RawItem):
        return item
    try:
        with time_limit(options.max_seconds, "reading the article"):
            article = _article(item, options)
        problems = _date_problems(article)
        document = make_document(article, options)
    except Exception as exc:  # any failure on one input (lxml, trafilatura, recursion depth)
        return Reject.of(item.source, item.fingerprint, item.size, exc)
    return Candidate(item.source, item.fingerprint, item.size, document,
                     signature(document.text), tuple(problems))


def _article(item: RawItem, options: Options) -> dict[str, Any]:
    if item.kind == "fragment":
        found: dict[str, Any] = {"text": fragment_text(str(item.data))}
    elif item.kind == "html":
        found = html_article(_decoded(item.data, options))
    else:
        data = item.data.encode("utf-8") if isinstance(item.data, str) else item.data
        found = read_article(data, options)
        found.setdefault("title", title_line(found["text"]))
    found = {k: v for k, v in found.items() if v not in (None, "")}
    return {**item.hints, **found, **item.meta, "source": item.source}


def title_line(text: str) -> str | None:
    """The headline of a plain-text article written as `Headline\n\nBody...`, if it is one."""
    lines = text.lstrip().split("\n", 2)
    if len(lines) < 3 or lines[1].strip():
        return None
    head = lines[0].strip()
    if not head or len(head) > _TITLE_MAX or head[-1] in ".:;,":
        return None
    return head


def _decoded(data: bytes | str, options: Options) -> str:
    if isinstance(data, str):
        return data
    return textmod.decode(data, max_bytes=options.max_bytes)[0]


def _date_problems(article: dict[str, Any]) -> list[Problem]:
    """Normalise the publication date in place; an unreadable one is dropped and reported,
    since a good article should not be lost to a bad date."""
    try:
        article["published"] = iso_date(article.get("published"))
    except InputError as exc:
        article["published"] = None
        return [Problem(stage="ingest", error=type(exc).__name__, reason=str(exc))]
    return []


def fragment_text(html: str) -> str:
    """The text of an HTML snippet (a feed entry's content), one block per paragraph."""
    from lxml import html as lxml_html

    if "<" not in html:
        return html.strip()
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    return _BLANK_LINES.sub("\n\n", root.text_content()).strip()


class Extractor:
    """Maps `extract` over items in order, on `n_process` worker processes when above one; an
    item whose worker process dies is rejected (`sitroom.workers`)."""

    def __init__(self, options: Options, n_process: int = 1, *, chunk_size: int = 16):
        self.options = options
        self.n_process = n_process
        self.chunk_size = chunk_size
        self._workers: Workers | None = None

    def __enter__(self) -> Extractor:
        if self.n_process > 1:
            self._workers = Workers(self.n_process, _init_worker, (self.options,)).__enter__()
            # Start the workers now, before the caller loads a spaCy model they need not share.
            self._workers.warm(_ready)
        return self

    def __exit__(self, *exc) -> None:
        if self._workers is not None:
            self._workers.__exit__(*exc)

    def map(self, items: Iterable[Item]) -> Iterator[Extracted]:
        if self._workers is None:
            yield from (extract(item, self.options) for item in items)
            return
        yield from self._workers.map(_extract_chunk, _chunks(items, self.chunk_size), _crashed)


_OPTIONS: Options | None = None


def _init_worker(options: Options) -> None:
    global _OPTIONS
    cap_threads()
    _OPTIONS = options


def _ready(_: int) -> bool:
    return _OPTIONS is not None


def _extract_chunk(chunk: list[Item]) -> list[Extracted]:
    assert _OPTIONS is not None, "worker used before _init_worker ran"
    return [extract(item, _OPTIONS) for item in chunk]


def _crashed(item: Item, reason: str) -> Extracted:
    if not isinstance(item, RawItem):
        return item
    return Reject(item.source, item.fingerprint, item.size, WorkerCrashed.__name__, reason)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
