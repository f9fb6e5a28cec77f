"""Readers: one input file to the articles in it, as `RawItem`s (or `Reject`s, or `Skip`s).

Reading is cheap and runs in the main process; the costly part, extracting a page's body, is
left to `extract`, which runs on worker processes. A reader never raises for bad input: what it
cannot read becomes a `Reject` naming the file (and the line, item, entry or offset in it).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .items import Item, RawItem, Reject, Skip, Unit
from .sources import open_binary, position

META = ("title", "url", "published", "outlet", "language")


@dataclass(frozen=True)
class Fields:
    """Which fields of a JSON record hold what: for each, the names tried in order (a dotted
    name reaches into nested objects: `meta.title`)."""

    text: tuple[str, ...] = ("text", "body", "content", "articleBody", "maintext", "article")
    html: tuple[str, ...] = ("html", "raw_html", "content_html")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url", "link", "source_url")
    published: tuple[str, ...] = ("published", "date", "date_publish", "publish_date",
                                  "datePublished", "pubDate", "timestamp")
    outlet: tuple[str, ...] = ("outlet", "source_domain", "sitename", "site_name", "publisher")
    language: tuple[str, ...] = ("language", "lang")

    def override(self, names: dict[str, str]) -> Fields:
        """These fields with some replaced by one name each (`{"text": "body"}`)."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = set(names) - known
        if unknown:
            from ..errors import ConfigError

            raise ConfigError(f"unknown field(s) {sorted(unknown)}; known: {sorted(known)}")
        return dataclasses.replace(self, **{k: (v,) for k, v in names.items()})


@dataclass(frozen=True)
class ReadSettings:
    fields: Fields = Fields()
    max_bytes: int = 20_000_000


def read(unit: Unit, settings: ReadSettings, done: set[tuple[str, str]]) -> Iterator[Item]:
    """The articles of one file, skipping those an earlier run stored."""
    reader = _READERS[unit.format]
    try:
        yield from reader(unit, settings, done)
    except Exception as exc:  # a file that breaks its reader costs that file, not the run
        yield Reject.of(unit.source, unit.fingerprint, 0, exc)


def _whole_file(unit: Unit, settings: ReadSettings, done, kind: str) -> Iterator[Item]:
    if (unit.source, unit.fingerprint) in done:
        yield Skip(unit.source, unit.size)
        return
    with open_binary(unit.path) as handle:
        data = handle.read(settings.max_bytes + 1)
    yield RawItem(unit.source, unit.fingerprint, unit.size, kind, data)


def _text(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    return _whole_file(unit, settings, done, "auto")


def _html(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    return _whole_file(unit, settings, done, "html")


# --- JSON and JSON lines ---------------------------------------------------------------------

def _json(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    """JSON lines (one article object per line), or one JSON document holding the articles."""
    with open_binary(unit.path) as handle:
        lines = _numbered_lines(handle)
        head = list(itertools.islice(lines, 2))
        if len(head) == 2 and _is_json_line(head[0][2]):
            records = _json_lines(unit, settings, done, itertools.chain(head, lines))
            yield from _sized(records, unit.size)
            return
        data = b"".join(line for _, _, line in head) + handle.read()
    records = _records_in(json.loads(data))
    share = unit.size // max(1, len(records))
    for i, record in enumerate(records, 1):
        source = f"{unit.source}#item={i}"
        yield _skip_or(source, unit, share, done, lambda: from_record(record, settings.fields))


def _numbered_lines(handle) -> Iterator[tuple[int, int, bytes]]:
    """(start offset, line number, line) of each non-blank line."""
    number, start = 0, 0
    while line := handle.readline():
        number += 1
        if line.strip():
            yield start, number, line
        start = position(handle)


def _json_lines(unit: Unit, settings: ReadSettings, done, lines):
    for start, number, line in lines:
        source = f"{unit.source}#line={number}"
        yield start, _skip_or(source, unit, 0, done,
                              lambda: from_record(json.loads(line), settings.fields))


def _is_json_line(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _records_in(data: Any) -> list[Any]:
    """The article records of a JSON document: a list, an object holding one, or one article."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v and
                 all(isinstance(x, dict) for x in v)]
        return lists[0] if len(lists) == 1 else [data]
    return [data]


def from_record(record: Any, fields: Fields) -> tuple[str, Any, dict[str, Any]]:
    """(kind, data, meta) of one JSON article record."""
    if not isinstance(record, dict):
        raise ValueError(f"a JSON article must be an object, not {type(record).__name__}")
    meta = {name: _field(record, getattr(fields, name)) for name in META}
    meta = {k: v for k, v in meta.items() if v not in (None, "")}
    text = _field(record, fields.text)
    if isinstance(text, str) and text.strip():
        return "auto", text, meta
    html = _field(record, fields.html)
    if isinstance(html, str) and html.strip():
        return "html", html, meta
    raise ValueError(f"no article text in any of the fields {', '.join(fields.text + fields.html)}")


def _field(record: dict[str, Any], names: Iterable[str]) -> Any:
    for name in names:
        value: Any = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, ""):
            return value
    return None


# --- WARC / ARC ------------------------------------------------------------------------------

def _warc(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with unit.path.open("rb") as handle:
        records = ArchiveIterator(handle, arc2warc=True)
        members = _warc_members(unit, settings, done, records)
        yield from _sized(members, unit.size)


def _warc_members(unit: Unit, settings: ReadSettings, done, records):
    offset = 0
    try:
        for record in records:
            if not _is_html_response(record):
                continue
            # Read the payload first: asking warcio for the offset reads the record to its end.
            data = record.content_stream().read(settings.max_bytes + 1)
            cut = len(data) <= settings.max_bytes and getattr(record.raw_stream, "limit", 0) > 0
            url = record.rec_headers.get_header("WARC-Target-URI")
            offset = records.get_record_offset()
            source = f"{unit.source}#offset={offset}"
            if cut:  # the archive ends inside this record: nothing after it can be read
                yield offset, Reject(source, unit.fingerprint, 0, "EOFError",
                                     "the archive is truncated inside this record")
                return
            yield offset, _skip_or(source, unit, 0, done,
                                   lambda: ("html", data, {}, {"url": url}))
    except Exception as exc:  # a truncated or corrupt archive: keep what was read
        yield offset, Reject.of(f"{unit.source}#offset={offset}", unit.fingerprint, 0, exc)


def _is_html_response(record) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    headers = record.http_headers
    if headers is not None and headers.get_statuscode() not in (None, "200"):
        return False
    ctype = (headers or record.rec_headers).get_header("Content-Type") or ""
    return "html" in ctype.lower()


# --- RSS / Atom feeds ------------------------------------------------------------------------

def _feed(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    import feedparser

    with open_binary(unit.path) as handle:
        parsed = feedparser.parse(io.BytesIO(handle.read(settings.max_bytes + 1)))
    if not parsed.entries:
        reason = parsed.get("bozo_exception") or "the feed has no entries"
        raise ValueError(f"not a readable RSS/Atom feed: {reason}")
    outlet = parsed.feed.get("title")
    share = unit.size // len(parsed.entries)
    for i, entry in enumerate(parsed.entries, 1):
        source = f"{unit.source}#entry={i}"
        yield _skip_or(source, unit, share, done, lambda e=entry: _feed_entry(e, outlet))


def _feed_entry(entry, outlet: str | None) -> tuple[str, Any, dict[str, Any]]:
    contents = entry.get("content") or []
    body = max((c.get("value", "") for c in contents), key=len, default="") or \
        entry.get("summary", "")
    if not body.strip():
        raise ValueError("the feed entry has no text")
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    meta = {"title": entry.get("title"), "url": entry.get("link"), "published": published,
            "outlet": outlet}
    return "fragment", body, {k: v for k, v in meta.items() if v}


# --- shared ----------------------------------------------------------------------------------

def _skip_or(source: str, unit: Unit, size: int, done, build) -> Item:
    """A `Skip` for an input stored before; else the item `build()` describes, or a `Reject`."""
    if (source, unit.fingerprint) in done:
        return Skip(source, size)
    try:
        kind, data, meta, *hints = build()
    except Exception as exc:
        return Reject.of(source, unit.fingerprint, size, exc)
    return RawItem(source, unit.fingerprint, size, kind, data, meta, hints[0] if hints else {})


def _sized(members: Iterator[tuple[int, Item]], total: int) -> Iterator[Item]:
    """Give each member the bytes from its start to the next one's, for the progress bar."""
    previous: tuple[int, Item] | None = None
    for start, item in members:
        if previous is not None:
            yield dataclasses.replace(previous[1], size=max(0, start - previous[0]))
        previous = (0 if previous is None else start, item)
    if previous is not None:
        yield dataclasses.replace(previous[1], size=max(0, total - previous[0]))


_READERS = {"text": _text, "html": _html, "json": _json, "warc": _warc, "feed": _feed}
