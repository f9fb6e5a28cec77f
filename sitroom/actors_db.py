"""The actor dictionary: states, governments, international bodies, organisations, groups and
people with the offices they held, read from this project's data files (sitroom/data/actors)
and from a user's TOML config.

Files are tab-separated with a header row; list fields are separated by `|`; lines starting
with `#` are comments. The formats are documented in sitroom/data/actors/README.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import ConfigError, DataError
from .records import Actor

KINDS = ("person", "state", "igo", "organization", "group")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_POSSESSIVE = re.compile(r"'s?$")


def norm(text: str) -> str:
    """Lookup key for a name: case-folded, apostrophes unified, no leading 'the', no 's."""
    key = " ".join(text.translate(_APOSTROPHES).split()).casefold()
    key = key[4:] if key.startswith("the ") else key
    return _POSSESSIVE.sub("", key).strip(" .,")


@dataclass(frozen=True, kw_only=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    capital_aliases: tuple[str, ...]
    leader_title: str


@dataclass(frozen=True, kw_only=True)
class Office:
    person: str
    title: str
    body: str
    sector: str
    start: dt.date
    end: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, kw_only=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    gender: str
    country: str
    offices: tuple[Office, ...] = ()
    # Family names as used alone, when the last word of the name is not one: "Xi" for
    # Xi Jinping, "Erdogan|Erdoğan" for spelling variants.
    surnames: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return self.surnames[0] if self.surnames else self.name.split()[-1]

    def office_on(self, day: dt.date | None) -> Office | None:
        """The office held on `day` (the latest one when `day` is unknown or out of office)."""
        if not self.offices:
            return None
        if day is not None:
            held = [o for o in self.offices if o.held_on(day)]
            if held:
                return min(held, key=_office_rank)
            before = [o for o in self.offices if o.start <= day]
            return max(before, key=lambda o: o.start) if before else None
        current = [o for o in self.offices if o.end is None]
        return min(current, key=_office_rank) if current else max(self.offices,
                                                                  key=lambda o: o.start)


def _office_rank(office: Office) -> int:
    """Which of several offices held at once names a person (a president before a party chief)."""
    order = ("president", "king", "queen", "emperor", "prime minister", "chancellor",
             "secretary general")
    return order.index(office.title) if office.title in order else len(order)


@dataclass(eq=False)
class ActorDictionary:
    """Everything we know about actors, indexed for the lookups the actor stage makes."""

    countries: dict[str, Country] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    surnames: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    adjectives: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    group_nouns: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    # body (IGO id without "igo:") -> title of its head, for "the NATO chief", "the UN chief"
    leader_titles: dict[str, str] = field(default_factory=dict)
    holders: dict[tuple[str, str], list[Office]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, config: Path | None = None) -> ActorDictionary:
        db = cls()
        folder = resources.files("sitroom") / "data" / "actors"
        for row in _rows(folder / "countries.tsv"):
            db._add_country(row)
        for row in _rows(folder / "igos.tsv"):
            db._add_actor(row, kind="igo")
        for row in _rows(folder / "organizations.tsv"):
            db._add_actor(row, kind=row["kind"])
        for row in _rows(folder / "metonyms.tsv"):
            db.names[norm(row["surface"])].add(row["actor"])
        offices = defaultdict(list)
        for row in _rows(folder / "offices.tsv"):
            offices[row["person"]].append(_office(row))
        for row in _rows(folder / "people.tsv"):
            db._add_person(row, tuple(offices.pop(row["id"], ())))
        if offices:
            raise DataError(f"offices.tsv names unknown people: {sorted(offices)[:5]}")
        for terms in db.holders.values():
            terms.sort(key=lambda o: o.start)
        for row in _rows(folder / "titles.tsv"):
            db.titles[norm(row["surface"])] = row["title"]
        for row in _rows(folder / "groups.tsv"):
            db.group_nouns[norm(row["noun"])] = row["sector"]
        if config is not None:
            db._add_config(Path(config))
        return db

    # --- lookups --------------------------------------------------------------------------

    def by_name(self, text: str) -> set[str]:
        """Actor ids whose name, alias or metonym is `text`."""
        return self.names.get(norm(text), set())

    def by_surname(self, text: str) -> set[str]:
        return self.surnames.get(norm(text), set())

    def country_of_adjective(self, word: str) -> str | None:
        key = norm(word)
        return self.adjectives.get(key) or self.demonyms.get(key)

    def country_of_capital(self, text: str) -> str | None:
        return self.capitals.get(norm(text))

    def canonical_title(self, text: str) -> str | None:
        return self.titles.get(norm(text))

    def holder(self, title: str, body: str, day: dt.date | None) -> Person | None:
        """Who held `title` (canonical) of `body` (country code or IGO id) on `day`.

        The title "leader" means the country's effective leader (`Country.leader_title`) or
        the head of an international body (`leader_title` in igos.tsv). On a handover day, when
        one term ends and the next starts, the successor is the holder."""
        if title == "leader":
            country = self.countries.get(body)
            title = (country.leader_title if country else self.leader_titles.get(body)) or title
        terms = self.holders.get((title, body), [])
        if day is not None:
            terms = [o for o in terms if o.held_on(day)]
        elif terms:
            current = [o for o in terms if o.end is None]
            terms = current or [max(terms, key=lambda o: o.start)]
        return self.people[terms[-1].person] if len(terms) >= 1 else None

    def actor(self, actor_id: str, day: dt.date | None = None) -> Actor:
        """The `Actor` record for an id; a person's code and sector follow their office on `day`."""
        if actor_id in self.people:
            return self._person_actor(self.people[actor_id], day)
        return self.actors[actor_id]

    def country_actor(self, code: str, sector: str | None = None) -> Actor:
        prefix = {"GOV": "gov", "MIL": "mil"}.get(sector or "", "state")
        return self.actors[f"{prefix}:{code}"]

    # --- building ------------------------------------------------------------------------

    def _add_country(self, row: dict[str, str]) -> None:
        country = Country(code=row["code"], name=row["name"], aliases=_list(row["aliases"]),
                          adjectives=_list(row["adjectives"]), demonyms=_list(row["demonyms"]),
                          capital=row["capital"], capital_aliases=_list(row["capital_aliases"]),
                          leader_title=row["leader_title"])
        code, adjective = country.code, (country.adjectives or (country.name,))[0]
        self.countries[code] = country
        self._index(Actor(id=f"state:{code}", name=country.name, kind="state", country=code,
                          code=code, aliases=country.aliases))
        self._index(Actor(id=f"gov:{code}", name=f"{adjective} government", kind="state",
                          country=code, sector="GOV", code=f"{code}GOV"), names=False)
        self._index(Actor(id=f"mil:{code}", name=f"{adjective} military", kind="state",
                          country=code, sector="MIL", code=f"{code}MIL"), names=False)
        for word in country.adjectives:
            self.adjectives[norm(word)] = code
        for word in country.demonyms:
            self.demonyms[norm(word)] = code
        for name in (country.capital, *country.capital_aliases):
            if name:
                self.capitals[norm(name)] = code

    def _add_actor(self, row: dict[str, str], *, kind: str) -> None:
        if kind not in KINDS:
            raise DataError(f"actor {row.get('id')!r} has unknown kind {kind!r}")
        actor = Actor(id=row["id"], name=row["name"], kind=kind, country=row.get("country") or None,
                      sector=row.get("sector") or None, code=row.get("code") or None,
                      aliases=_list(row.get("aliases", "")),
                      affiliation=row.get("affiliation") or None)
        self._index(actor)
        if row.get("leader_title"):
            self.leader_titles[actor.id.partition(":")[2]] = row["leader_title"]
        for description in _list(row.get("descriptions", "")):
            self.descriptions[norm(description)] = actor.id

    def _add_person(self, row: dict[str, str], offices: tuple[Office, ...]) -> None:
        person = Person(id=row["id"], name=row["name"], aliases=_list(row["aliases"]),
                        gender=row["gender"], country=row["country"], offices=offices,
                        surnames=_list(row.get("surnames", "")))
        self.people[person.id] = person
        for name in (person.name, *person.aliases):
            self.names[norm(name)].add(person.id)
        for surname in person.surnames or (person.surname,):
            self.surnames[norm(surname)].add(person.id)
        for office in offices:
            self.holders[(office.title, office.body)].append(office)

    def _index(self, actor: Actor, *, names: bool = True) -> None:
        self.actors[actor.id] = actor
        if names:
            for name in (actor.name, *actor.aliases):
                self.names[norm(name)].add(actor.id)

    def _person_actor(self, person: Person, day: dt.date | None) -> Actor:
        office = person.office_on(day)
        country, sector, code, affiliation = person.country, None, person.country, None
        if office is not None and day is not None and not office.held_on(day):
            # Out of office on the article's day: a former office holder is one of the
            # country's elites (CAMEO ELI), no longer its government or its IGO.
            country = office.body if office.body in self.countries else person.country
            return Actor(id=person.id, name=person.name, kind="person", country=country,
                         sector="ELI", code=f"{country}ELI" if country else None,
                         aliases=person.aliases)
        if office is not None:
            sector = office.sector
            if office.body in self.countries:
                country, code = office.body, f"{office.body}{office.sector}"
            else:
                affiliation = f"igo:{office.body}" if f"igo:{office.body}" in self.actors else None
                body = self.actors.get(affiliation or "")
                code = body.code if body else office.body
        return Actor(id=person.id, name=person.name, kind="person", country=country,
                     sector=sector, code=code, aliases=person.aliases, affiliation=affiliation)

    def _add_config(self, path: Path) -> None:
        try:
            config = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from None
        for entry in config.get("actor", []):
            row = {k: "|".join(v) if isinstance(v, list) else str(v) for k, v in entry.items()}
            if not {"id", "name", "kind"} <= row.keys():
                raise ConfigError(f"{path}: every [[actor]] needs id, name and kind: {entry}")
            self._add_actor(row, kind=row["kind"])


def _rows(path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {k: (v or "").strip() for k, v in row.items()}


def _list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _office(row: dict[str, str]) -> Office:
    try:
        return Office(person=row["person"], title=row["title"], body=row["body"],
                      sector=row["sector"], start=_date(row["start"], first=True),
                      end=_date(row["end"], first=False) if row["end"] else None)
    except ValueError as exc:
        raise DataError(f"offices.tsv: bad date in {row}: {exc}") from None


def _date(text: str, *, first: bool) -> dt.date:
    """'2014', '2014-06' or '2014-06-07'; a bare year or month means its first or last day."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        year, month = parts
        if first:
            return dt.date(year, month, 1)
        return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1) if first else dt.date(parts[0], 12, 31)
