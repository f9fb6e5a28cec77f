"""Toponym resolution: choose, for every place name of one article, the place it refers to.

Each candidate gets a prior (population, feature type, whether the name is its main name) and
then context from the rest of the article: the countries and first-level regions the other
names resolve to, places nearby, demonyms, the dateline and the outlet's country. An explicit
qualifier ("Paris, Texas", "Alexandria, La.") overrides all of that. One name keeps one meaning
within an article ("Georgia" is the state everywhere or the country everywhere).

Weights are few and set by hand; docs/quality/geo.md gives the measured effect.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .gazetteer import Candidate, Gazetteer
from .names import key

_TYPE_BONUS = {"PCLI": 6.0, "CONT": 5.0, "ADM1": 4.0, "PPLC": 2.0, "ADM2": -1.0}
_OURS_BONUS = 6.0
_ALT_NAME = -3.0
_SAME_COUNTRY = 3.0
_SAME_REGION = 3.0
_HINTED_COUNTRY = 2.0
_NEARBY = 2.0
_NEARBY_KM = 150.0
_MAX_CANDIDATES = 40
_ROUNDS = 2


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name to resolve, with what the text says right next to it."""

    name: str
    qualifier: str | None = None  # "Texas" in "Paris, Texas"
    qualifier_a1: str | None = None  # "US.LA" for "Alexandria, La."


@dataclass(frozen=True, slots=True)
class Resolution:
    candidate: Candidate | None
    how: str


@dataclass
class Hints:
    """Article-level evidence outside the toponyms: countries from demonyms, the dateline's
    place and the outlet's country (ISO alpha-3)."""

    countries: Counter = field(default_factory=Counter)
    outlet_country: str | None = None


def resolve(toponyms: Sequence[Toponym], gaz: Gazetteer,
            hints: Hints | None = None) -> list[Resolution]:
    """One `Resolution` per toponym, in order."""
    hints = hints or Hints()
    pools = {t: _pool(gaz.candidates(t.name)) for t in set(toponyms)}
    fixed = {t: _by_qualifier(t, pools[t], gaz) for t in pools}
    soft = _Support.of(pools, fixed)
    picks = {t: fixed[t] or _best(pools[t], soft.seen_from(t, hints)) for t in pools}
    for _ in range(_ROUNDS):
        picks = {t: fixed[t] or _best(pools[t], _Evidence.of(t, picks, hints)) for t in pools}
    return [picks[t] for t in toponyms]


def _pool(found: tuple[Candidate, ...]) -> list[Candidate]:
    """Candidates worth scoring: a division that shares its main name with a city inside it
    (Kyiv the city-region, Paris the department) stands back for the city."""
    cities = {c.a1: c.main for c in found if c.fclass == "P"}
    pool = [c for c in found
            if not (c.fclass == "A" and not c.is_country and c.a1 in cities
                    and (cities[c.a1] or not c.main))]
    return pool[:_MAX_CANDIDATES]


def prior(c: Candidate) -> float:
    """How likely a candidate is before any context: bigger, more important, named by its
    main name."""
    score = math.log10(c.pop + 1) + _TYPE_BONUS.get(c.fcode, 0.0)
    if c.ours:
        score += _OURS_BONUS
    if not c.main:
        score += _ALT_NAME
    return score


def _by_qualifier(t: Toponym, pool: list[Candidate], gaz: Gazetteer) -> Resolution | None:
    """ "Paris, Texas" names a town in Texas; "China, Japan" is a list, not a qualifier (a
    qualifier only narrows a name that is not itself a country or region)."""
    if not pool or _is_area(max(pool, key=prior)):
        return None
    if t.qualifier_a1:
        inside = [c for c in pool
                  if c.a1 == t.qualifier_a1 and not (c.is_country or c.is_admin1)]
        if inside:
            return Resolution(max(inside, key=prior), f"qualifier:{t.qualifier_a1}")
    if t.qualifier:
        for area in gaz.candidates(t.qualifier):
            if not (area.is_country or area.is_admin1):
                continue
            inside = [c for c in pool if c.gid != area.gid and _within(c, area)]
            if inside:
                return Resolution(max(inside, key=prior), f"qualifier:{t.qualifier}")
    return None


def _is_area(c: Candidate) -> bool:
    return c.is_country or c.is_admin1 or c.fcode == "CONT" or c.ours


def _within(c: Candidate, area: Candidate) -> bool:
    return c.country == area.country if area.is_country else c.a1 == area.a1


@dataclass
class _Support:
    """Soft evidence before any choice: for each name, the regions and countries its
    candidates lie in, each worth 1/(how many there are): an unambiguous name counts fully."""

    regions: dict[str, dict[str, float]]
    countries: dict[str, dict[str, float]]

    @classmethod
    def of(cls, pools: dict[Toponym, list[Candidate]],
           fixed: dict[Toponym, Resolution | None]) -> _Support:
        regions, countries = {}, {}
        for t, pool in pools.items():
            chosen = fixed[t]
            members = [chosen.candidate] if chosen else pool
            a1s = {c.a1 for c in members if c.a1 and not c.is_country}
            states = {c.country for c in members if c.country}
            name = key(t.name)
            regions.setdefault(name, {}).update({a: 1 / len(a1s) for a in a1s})
            countries.setdefault(name, {}).update({s: 1 / len(states) for s in states})
        return cls(regions, countries)

    def seen_from(self, own: Toponym, hints: Hints) -> _Evidence:
        own_key = key(own.name)
        regions: Counter = Counter()
        countries: Counter = Counter()
        for name, weights in self.regions.items():
            if name != own_key:
                regions.update(weights)
        for name, weights in self.countries.items():
            if name != own_key:
                countries.update(weights)
        return _Evidence(countries, regions, [], _hinted(hints))


def _hinted(hints: Hints) -> set[str]:
    return set(hints.countries) | ({hints.outlet_country} if hints.outlet_country else set())


@dataclass
class _Evidence:
    """What the rest of the article says, seen from one toponym (its own name excluded)."""

    countries: Counter
    regions: Counter
    points: list[tuple[float, float]]
    hinted: set[str]

    @classmethod
    def of(cls, own: Toponym, picks: dict[Toponym, Resolution], hints: Hints) -> _Evidence:
        countries: Counter = Counter()
        regions: Counter = Counter()
        points = []
        own_key = key(own.name)
        for t, r in picks.items():
            c = r.candidate
            if c is None or key(t.name) == own_key:
                continue
            if c.country:
                countries[c.country] += 1
            if c.a1 and not c.is_country:
                regions[c.a1] += 1
            if c.fclass == "P" or c.fcode == "ADM2":
                points.append((c.lat, c.lon))
        return cls(countries, regions, points, _hinted(hints))

    def score(self, c: Candidate) -> tuple[float, str | None]:
        """A bonus for `c` and the strongest reason for it."""
        reasons = []
        if c.country and self.countries[c.country]:
            weight = _SAME_COUNTRY * min(1.0, self.countries[c.country])
            reasons.append((weight, f"context:country {c.country}"))
        if c.a1 and not c.is_country and self.regions[c.a1]:
            weight = _SAME_REGION * min(1.0, self.regions[c.a1])
            reasons.append((weight, f"context:region {c.a1}"))
        if c.country in self.hinted:
            reasons.append((_HINTED_COUNTRY, f"context:hint {c.country}"))
        if c.fclass in ("P", "A") and not c.is_country and _near(c, self.points):
            reasons.append((_NEARBY, "context:nearby"))
        if not reasons:
            return 0.0, None
        return sum(w for w, _ in reasons), max(reasons)[1]


def _best(pool: list[Candidate], evidence: _Evidence | None) -> Resolution:
    if not pool:
        return Resolution(None, "unresolved")
    if len(pool) == 1:
        return Resolution(pool[0], "only candidate")
    scored = []
    for c in pool:
        bonus, reason = evidence.score(c) if evidence else (0.0, None)
        scored.append((prior(c) + bonus, reason, c))
    scored.sort(key=lambda s: s[0], reverse=True)
    total, reason, chosen = scored[0]
    by_prior = max(pool, key=prior)
    how = reason if reason and chosen is not by_prior else "prior"
    return Resolution(chosen, how)


def _near(c: Candidate, points: Iterable[tuple[float, float]]) -> bool:
    return any(distance_km(c.lat, c.lon, lat, lon) <= _NEARBY_KM for lat, lon in points)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
