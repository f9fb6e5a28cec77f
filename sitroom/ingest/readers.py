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
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import InputTooLarge
from .items import Item, RawItem, Reject, Skip, Unit
from .sources import is_gzip, open_binary, position

META = ("title", "url", "published", "outlet", "language")
# How much of a file's start is read to tell JSON lines from one JSON document.
_PROBE_LINES = 5
_PROBE_BYTES = 1 << 20


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
    try:
        data = _read_whole(unit, settings.max_bytes)
    except InputTooLarge as exc:
        yield Reject.of(unit.source, unit.fingerprint, unit.size, exc)
        return
    yield RawItem(unit.source, unit.fingerprint, unit.size, kind, data)


def _read_whole(unit: Unit, limit: int) -> bytes:
    """The bytes of a file read whole; `InputTooLarge` for one over `limit`, found from its
    size before reading when it is not compressed, else after reading `limit` bytes of it."""
    if unit.size > limit and not is_gzip(unit.path):
        raise InputTooLarge(f"input is {unit.size:,} bytes; the limit is {limit:,}")
    with open_binary(unit.path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"input is over the limit of {limit:,} bytes once decompressed")
    return data


def _text(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    return _whole_file(unit, settings, done, "auto")


def _html(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    return _whole_file(unit, settings, done, "html")


# --- JSON and JSON lines ---------------------------------------------------------------------

def _json(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    """JSON lines (one article object per line), or one JSON document holding the articles."""
    if not _json_lines_file(unit):
        yield from _json_document(unit, settings, done)
        return
    with open_binary(unit.path) as handle:
        records = _json_lines(unit, settings, done, _lines(handle, settings.max_bytes))
        yield from _sized(records, unit.size)


def _json_lines_file(unit: Unit) -> bool:
    """JSON lines by name (.jsonl, .ndjson), or when at least half of the first few lines are
    JSON objects each: a broken first line does not turn a JSON lines file into a document."""
    if _suffix(unit.path) in (".jsonl", ".ndjson"):
        return True
    head = _head_lines(unit)
    objects = sum(data is not None and _is_json_line(data) for data in head)
    return len(head) >= 2 and objects >= len(head) / 2


def _head_lines(unit: Unit) -> list[bytes | None]:
    """The first few lines of a file (None for a long one), as many as can be read."""
    head: list[bytes | None] = []
    try:
        with open_binary(unit.path) as handle:
            for line in itertools.islice(_lines(handle, _PROBE_BYTES), _PROBE_LINES):
                head.append(line.data)
    except (OSError, EOFError):  # a truncated gzip stream: judge by what came before the cut
        pass
    return head


def _json_document(unit: Unit, settings: ReadSettings, done) -> Iterator[Item]:
    try:
        data = _read_whole(unit, settings.max_bytes)
    except InputTooLarge as exc:
        raise InputTooLarge(f"{exc}: a JSON document is read whole; write it as JSON lines "
                            f"(one article per line) to read it in pieces") from None
    records = _records_in(json.loads(data))
    share = unit.size // max(1, len(records))
    for i, record in enumerate(records, 1):
        source = f"{unit.source}#item={i}"
        yield _skip_or(source, unit, share, done, lambda: from_record(record, settings.fields))


class Line(NamedTuple):
    """One non-blank line of a file; `data` is None for a line over the limit, of `size`."""

    start: int
    number: int
    data: bytes | None
    size: int


def _lines(handle, limit: int) -> Iterator[Line]:
    """The non-blank lines of a file, holding at most `limit` bytes of one in memory."""
    number, start = 0, 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            yield Line(start, number, None, len(line) + _skip_line(handle))
        elif line.strip():
            yield Line(start, number, line, len(line))
        start = position(handle)


def _skip_line(handle) -> int:
    """Read past the rest of a line in pieces; returns how many bytes it had."""
    skipped = 0
    while piece := handle.readline(_PROBE_BYTES):
        skipped += len(piece)
        if piece.endswith(b"\n"):
            break
    return skipped


def _json_lines(unit: Unit, settings: ReadSettings, done, lines: Iterator[Line]):
    for line in lines:
        source = f"{unit.source}#line={line.number}"
        yield line.start, _skip_or(source, unit, 0, done,
                                   lambda: _from_line(line, settings.max_bytes, settings.fields))


def _from_line(line: Line, limit: int, fields: Fields) -> tuple[str, Any, dict[str, Any]]:
    if line.data is None:
        raise InputTooLarge(f"line is {line.size:,} bytes; the limit is {limit:,}")
    return from_record(json.loads(line.data), fields)


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


def _suffix(path: Path) -> str:
    """The file's extension, a trailing .gz aside."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


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
            if len(data) > settings.max_bytes:
                yield offset, Reject(source, unit.fingerprint, 0, "InputTooLarge",
                                     f"the record is over the limit of {settings.max_bytes:,} "
                                     f"bytes")
                continue
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

    parsed = feedparser.parse(io.BytesIO(_read_whole(unit, settings.max_bytes)))
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
    """Give each member the bytes from its start to the next one's, for the progress bar. A
    reader that fails (a truncated gzip stream) still has its last member passed on first."""
    previous: tuple[int, Item] | None = None
    try:
        for start, item in members:
            if previous is not None:
                yield dataclasses.replace(previous[1], size=max(0, start - previous[0]))
            previous = (0 if previous is None else start, item)
    except Exception:
        if previous is not None:
            yield previous[1]
        raise
    if previous is not None:
        yield dataclasses.replace(previous[1], size=max(0, total - previous[0]))


_READERS = {"text": _text, "html": _html, "json": _json, "warc": _warc, "feed": _feed}
