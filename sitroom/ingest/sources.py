"""Finding the input files under the paths a user gives, and the format of each."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import text as textmod
from .items import Reject, Unit

FORMATS = ("text", "html", "json", "warc", "feed")
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "json", ".ndjson": "json",
    ".warc": "warc", ".arc": "warc",
    ".rss": "feed", ".atom": "feed",
}
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def discover(paths: Iterable[str | Path], *, fmt: str | None = None) -> Iterator[Unit | Reject]:
    """Every file under `paths` (folders recursively, hidden entries skipped), each once, in a
    stable order; a path that cannot be read comes back as a `Reject`."""
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(_walk(path))
        elif path.is_file():
            files = [path]
        else:
            yield Reject(str(path), "", 0, "FileNotFoundError", "no such file or folder")
            continue
        for file in files:
            resolved = file.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield _unit(file, fmt)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name


def _unit(path: Path, fmt: str | None) -> Unit | Reject:
    try:
        stat = path.stat()
        return Unit(path, fmt or detect(path), stat.st_size, f"{stat.st_size}:{stat.st_mtime_ns}")
    except OSError as exc:
        return Reject(str(path), "", 0, type(exc).__name__, exc.strerror or str(exc))


def detect(path: Path) -> str:
    """The format of a file, from its extension (a trailing .gz aside), else from its start."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    known = _EXTENSIONS.get(suffixes[-1]) if suffixes else None
    return known or sniff(head(path))


def sniff(start: bytes) -> str:
    lowered = start.lstrip().lower()
    if lowered.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if any(root in lowered[:1000] for root in _FEED_ROOTS):
        return "feed"
    if lowered.startswith((b"{", b"[")):
        return "json"
    text = start.decode("utf-8", errors="replace")
    return "html" if textmod.looks_like_html(text) else "text"


def head(path: Path, size: int = 4096) -> bytes:
    try:
        with open_binary(path) as handle:
            return handle.read(size)
    except (OSError, EOFError):
        return b""


def open_binary(path: Path):
    """The file's bytes, decompressed when it is gzip (by its magic number, not its name)."""
    return gzip.open(path, "rb") if is_gzip(path) else path.open("rb")


def is_gzip(path: Path) -> bool:
    with path.open("rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def position(handle) -> int:
    """How far into the file (compressed bytes, for gzip) a reader has got."""
    return getattr(handle, "fileobj", handle).tell()
