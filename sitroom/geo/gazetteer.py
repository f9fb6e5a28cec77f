"""The gazetteer: place candidates for a name, read from the compact index (see `build`).

Opening the index is instant (SQLite); each name is looked up once per process and cached.
The index is built on first use when it is missing or damaged, which takes some seconds once
per machine and data version (see `cache`).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from . import cache
from .build import fill, read_tsv
from .names import key

_COLUMNS = "p.gid, p.name, p.cc, p.country, p.a1, p.admin1, p.fclass, p.fcode, p.lat, " \
           "p.lon, p.pop, p.label"
_BUILD_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may refer to. `gid` is the GeoNames id (negative: our own entry)."""

    gid: int
    name: str
    cc: str
    country: str | None
    a1: str | None
    admin1: str | None
    fclass: str
    fcode: str
    lat: float
    lon: float
    pop: int
    label: str | None
    main: bool = True

    @property
    def geonames_id(self) -> int | None:
        return self.gid if self.gid > 0 else None

    @property
    def ours(self) -> bool:
        """From our own list of regions, seas and disputed areas (extra.tsv)."""
        return self.label is not None

    @property
    def is_country(self) -> bool:
        return self.fcode.startswith("PCL")

    @property
    def is_admin1(self) -> bool:
        return self.fcode == "ADM1"


class Gazetteer:
    """Name -> candidate places, over one SQLite index file (one connection per process)."""

    def __init__(self, path: Path):
        self.path = path
        self._local: tuple[int, sqlite3.Connection] | None = None

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index at `path` (default: the cache folder), building it if it is missing
        or not a complete index of the current data version."""
        path = path or cache.default_path()
        with _BUILD_LOCK:  # threads of one process; `cache.ensure` locks between processes
            cache.ensure(path, cache.data_key(), fill)
        return cls(path)

    @property
    def db(self) -> sqlite3.Connection:
        # A connection must not cross a fork: worker processes open their own.
        if self._local is None or self._local[0] != os.getpid():
            try:
                uri = f"file:{self.path}?mode=ro&immutable=1"
                connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error as exc:
                raise DataError(f"cannot open the gazetteer index {self.path}: {exc}") from exc
            self._local = (os.getpid(), connection)
        return self._local[1]

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every place `name` may refer to, largest first."""
        return self._by_key(key(name))

    @functools.lru_cache(maxsize=200_000)
    def _by_key(self, name_key: str) -> tuple[Candidate, ...]:
        if not name_key:
            return ()
        rows = self.db.execute(
            f"SELECT {_COLUMNS}, n.main FROM names n JOIN places p ON p.gid = n.gid "
            "WHERE n.key = ? ORDER BY p.pop DESC", (name_key,)).fetchall()
        return tuple(Candidate(*row[:-1], main=bool(row[-1])) for row in rows)

    @functools.lru_cache(maxsize=10_000)
    def place(self, gid: int) -> Candidate | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM places p WHERE p.gid = ?",
                              (gid,)).fetchone()
        return Candidate(*row) if row else None

    def label_of(self, name: str, *, min_population: int) -> tuple[str, bool] | None:
        """(NER label, ours) when `name` is one of our places, a country, a state or a city of
        at least `min_population` people, by its main name; else None."""
        found = [c for c in self.candidates(name) if c.main]
        ours = next((c for c in found if c.ours), None)
        if ours is not None:
            return ours.label, True
        if any(c.is_country or ((c.is_admin1 or c.fclass == "P") and c.pop >= min_population)
               for c in found):
            return "GPE", False
        return None


@functools.cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer."""
    return Gazetteer.open()


@functools.cache
def state_abbreviations() -> dict[str, str]:
    """ "La." -> "US.LA": how US papers name a state after a town (postal codes in capitals)."""
    out = {}
    for row in read_tsv("us_state_abbreviations.tsv"):
        for form in row["abbreviations"].split("|"):
            out[form] = f"US.{row['code']}"
    return out
