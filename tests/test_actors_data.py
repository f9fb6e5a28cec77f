"""The actor dictionary's data files: codes, ids, offices and the lookups the actor stage makes.

These tests read the shipped TSVs (sitroom/data/actors) and catch data mistakes: a code that is
not a country, a title that is not canonical, two presidents of one country on the same day.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import itertools
import re
import time
import unicodedata
from collections import defaultdict
from importlib import resources

import pycountry
import pytest

from sitroom.actors_db import ActorDictionary, norm

EXTRA_CODES = {"XKX"}  # Kosovo: not in ISO 3166-1, used by news and by the EU/World Bank
# Former states with office holders in the data: ISO 3166-3 codes (pycountry.historic_countries).
FORMER_CODES = {"SUN"}
SECTORS = {"GOV", "MIL", "REB", "INS", "UAF", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED",
           "CVL", "REF", "BUS", "ELI", "LAB", "AGR", "EDU", "HLH", "REL", "NGO", "CRM", "IGO"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Letters that Unicode does not decompose into a base letter and an accent.
FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ð": "d", "þ": "th", "æ": "ae",
                      "ß": "ss", "œ": "oe"})


def _rows(name: str) -> list[dict[str, str]]:
    path = resources.files("sitroom") / "data" / "actors" / name
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    header = lines[0].rstrip("\n").split("\t")
    for line in lines[1:]:
        assert len(line.rstrip("\n").split("\t")) == len(header), f"{name}: {line!r}"
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _list(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


@pytest.fixture(scope="module")
def db() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def countries() -> set[str]:
    return {row["code"] for row in _rows("countries.tsv")}


@pytest.fixture(scope="module")
def igos() -> set[str]:
    return {row["id"].removeprefix("igo:") for row in _rows("igos.tsv")}


@pytest.fixture(scope="module")
def canonical_titles() -> set[str]:
    return {row["title"] for row in _rows("titles.tsv")}


def test_actors_data_countries_cover_iso_3166(countries):
    iso = {country.alpha_3 for country in pycountry.countries}
    assert countries - iso <= EXTRA_CODES | FORMER_CODES
    assert all(pycountry.historic_countries.get(alpha_3=code) for code in FORMER_CODES)
    assert iso - countries == set()
    assert {"PSE", "TWN", "XKX"} <= countries


def test_actors_data_country_codes_are_valid(countries):
    used = [("people", row["country"]) for row in _rows("people.tsv")]
    used += [("organizations", row["country"]) for row in _rows("organizations.tsv")
             if row["country"]]
    assert [u for u in used if u[1] not in countries] == []


def test_actors_data_ids_are_unique():
    ids = [row["id"] for name in ("igos.tsv", "organizations.tsv", "people.tsv")
           for row in _rows(name)]
    ids += [f"state:{row['code']}" for row in _rows("countries.tsv")]
    assert [i for i, n in itertools.groupby(sorted(ids)) if len(list(n)) > 1] == []


def test_actors_data_person_ids_are_slugs_of_names():
    for row in _rows("people.tsv"):
        assert row["id"] == f"person:{_ascii_slug(row['name'])}", row
        assert row["gender"] in ("m", "f"), row


def _ascii_slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", norm(name).translate(FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def test_actors_data_offices_name_people_titles_and_bodies(countries, igos, canonical_titles):
    people = {row["id"] for row in _rows("people.tsv")}
    for row in _rows("offices.tsv"):
        assert row["person"] in people, row
        assert row["title"] in canonical_titles, row
        assert row["body"] in countries | igos, row
        assert row["sector"] in SECTORS, row


def test_actors_data_office_dates_parse_and_are_ordered(db):
    for row in _rows("offices.tsv"):
        assert DATE.match(row["start"]) and (row["end"] == "" or DATE.match(row["end"])), row
    for person in db.people.values():
        for office in person.offices:
            assert office.end is None or office.start <= office.end, office


def test_actors_data_no_two_holders_of_one_office_on_the_same_day(db):
    clashes = []
    for (title, body), terms in db.holders.items():
        for a, b in itertools.combinations(sorted(terms, key=lambda o: o.start), 2):
            if (a.end is None or b.start <= a.end) and not _handover(a.end, b.start):
                clashes.append((title, body, a.person, b.person, str(b.start)))
    assert clashes == []


def _handover(end: dt.date | None, start: dt.date) -> bool:
    """The successor takes over on the day the predecessor leaves, or in a month known only as
    a month (the predecessor's `YYYY-MM` end and the successor's `YYYY-MM` start)."""
    if end is None:
        return False
    last_day = calendar.monthrange(end.year, end.month)[1]
    same_month = (end.year, end.month) == (start.year, start.month)
    return end == start or (same_month and end.day == last_day and start.day == 1)


def test_actors_data_leader_titles_are_canonical(canonical_titles):
    leaders = [row["leader_title"] for row in _rows("countries.tsv") + _rows("igos.tsv")]
    assert {t for t in leaders if t} - canonical_titles == set()


def test_actors_data_canonical_titles_are_their_own_wording(canonical_titles, db):
    assert {t for t in canonical_titles if db.canonical_title(t) != t} == set()


def test_actors_data_country_words_are_unambiguous():
    owners = defaultdict(set)
    for row in _rows("countries.tsv"):
        words = [row["name"], *_list(row["aliases"])]
        words += [f"adj:{w}" for w in _list(row["adjectives"]) + _list(row["demonyms"])]
        words += [f"capital:{w}" for w in [row["capital"], *_list(row["capital_aliases"])] if w]
        for word in words:
            kind, _, text = word.rpartition(":")
            owners[(kind, norm(text))].add(row["code"])
    assert {key: codes for key, codes in owners.items() if len(codes) > 1} == {}


def test_actors_data_igo_codes_and_descriptions(igos):
    rows = _rows("igos.tsv")
    assert all(re.fullmatch(r"(IGO|NGO)[A-Z0-9]{3,9}", row["code"]) for row in rows)
    descriptions = [norm(d) for row in rows for d in _list(row["descriptions"])]
    assert [d for d in set(descriptions) if descriptions.count(d) > 1] == []
    assert {"UN", "UNSC", "NATO", "EU", "EC", "EP", "EUCO", "IAEA", "IMF", "WB", "WTO",
            "OSCE", "AU", "ASEAN", "ARAB_LEAGUE", "GCC", "OPEC", "BRICS", "G7", "G20", "SCO",
            "CSTO", "CIS", "EAEU", "OAS", "MERCOSUR", "ICC", "ICJ", "INTERPOL", "ICRC"} <= igos


def test_actors_data_organizations_are_well_formed(countries):
    ids = {row["id"] for name in ("igos.tsv", "organizations.tsv") for row in _rows(name)}
    ids |= {f"{kind}:{code}" for kind in ("state", "gov", "mil") for code in countries}
    for row in _rows("organizations.tsv"):
        assert row["kind"] in ("organization", "group") and row["sector"] in SECTORS, row
        assert row["code"].startswith(row["country"] or ("IMG", "NGO")), row
        assert row["affiliation"] in ids | {""}, row


def test_actors_data_metonyms_and_groups_point_at_known_things(db):
    for row in _rows("metonyms.tsv"):
        assert row["actor"] in db.actors, row
    assert {row["sector"] for row in _rows("groups.tsv")} <= SECTORS


def test_actors_data_holder_lookups(db):
    assert db.holder("president", "RUS", dt.date(2023, 7, 13)).name == "Vladimir Putin"
    assert db.holder("secretary general", "NATO", dt.date(2023, 7, 13)).name == "Jens Stoltenberg"
    assert db.holder("secretary general", "NATO", dt.date(2025, 1, 1)).name == "Mark Rutte"
    assert db.holder("leader", "DEU", dt.date(2020, 5, 1)).name == "Angela Merkel"
    assert db.holder("leader", "NATO", dt.date(2020, 5, 1)).name == "Jens Stoltenberg"
    assert db.holder("foreign minister", "USA", dt.date(2022, 3, 1)).name == "Antony Blinken"
    assert db.holder("prime minister", "GBR", dt.date(2022, 10, 1)).name == "Liz Truss"
    assert db.holder("president", "EC", dt.date(2016, 1, 1)).name == "Jean-Claude Juncker"
    assert db.holder("leader", "IRN", dt.date(2024, 1, 1)).name == "Ali Khamenei"
    refugees = db.holder(db.canonical_title("refugee chief"), "UN", dt.date(2020, 1, 1))
    assert refugees.name == "Filippo Grandi"


def test_actors_data_holder_on_a_handover_day_is_the_successor(db):
    assert db.holder("secretary general", "NATO", dt.date(2024, 10, 1)).name == "Mark Rutte"
    assert db.holder("president", "USA", dt.date(2025, 1, 20)).name == "Donald Trump"


def test_actors_data_historical_holders(db):
    assert db.holder("prime minister", "GBR", dt.date(2005, 3, 1)).name == "Tony Blair"
    assert db.holder("prime minister", "GBR", dt.date(1987, 6, 1)).name == "Margaret Thatcher"
    assert db.holder("president", "USA", dt.date(2004, 6, 1)).name == "George W. Bush"
    assert db.holder("president", "USA", dt.date(1987, 6, 1)).name == "Ronald Reagan"
    assert db.holder("secretary general", "UN", dt.date(2003, 3, 1)).name == "Kofi Annan"
    assert db.holder("leader", "UN", dt.date(1987, 6, 1)).name == "Javier Pérez de Cuéllar"
    assert db.holder("leader", "DEU", dt.date(1987, 6, 1)).name == "Helmut Kohl"
    assert db.holder("opposition leader", "GBR", dt.date(2005, 3, 1)).name == "Michael Howard"
    assert db.holder("finance minister", "GBR", dt.date(2005, 3, 1)).name == "Gordon Brown"
    assert db.holder("prime minister", "GBR", dt.date(2007, 6, 27)).name == "Gordon Brown"


def test_actors_data_historical_codes_with_and_without_a_date(db):
    """A person's code follows the office held on the day; without a date, their latest office."""
    assert db.actor("person:tony-blair", dt.date(2005, 3, 1)).code == "GBRGOV"
    assert db.actor("person:tony-blair", dt.date(1996, 3, 1)).code == "GBROPP"
    blair = db.actor("person:tony-blair")
    assert (blair.country, blair.code) == ("GBR", "GBRGOV")
    annan = db.actor("person:kofi-annan", dt.date(2003, 3, 1))
    assert (annan.code, annan.affiliation) == ("IGOUNO", "igo:UN")


def test_actors_data_soviet_union_is_a_former_state(db):
    assert db.country_of_adjective("Soviet") == "SUN"
    assert db.by_name("USSR") == {"state:SUN"}
    assert db.holder("leader", "SUN", dt.date(1987, 6, 1)).name == "Mikhail Gorbachev"
    assert db.actor("person:mikhail-gorbachev", dt.date(1987, 6, 1)).code == "SUNGOV"
    assert db.holder("president", "RUS", dt.date(1995, 1, 1)).name == "Boris Yeltsin"


def test_actors_data_name_and_word_lookups(db):
    assert db.country_of_adjective("British") == "GBR"
    assert db.country_of_adjective("Dutch") == "NLD"
    assert db.country_of_adjective("Britons") == "GBR"
    assert db.country_of_capital("Kiev") == "UKR"
    assert db.by_name("the Kremlin") == {"gov:RUS"}
    assert db.by_name("the Pentagon") == {"mil:USA"}
    assert db.by_name("Holland") == {"state:NLD"}
    assert db.by_name("Volodymyr Zelenskiy") == {"person:volodymyr-zelensky"}
    assert db.by_surname("Zelenskiy") == {"person:volodymyr-zelensky"}
    assert db.by_surname("Xi") == {"person:xi-jinping"}
    assert db.by_surname("Erdogan") == db.by_surname("Erdoğan") == {"person:recep-tayyip-erdogan"}
    assert db.canonical_title("Secretary of Defense") == "defence minister"


def test_actors_data_load_is_fast():
    best = min(_timed(ActorDictionary.load) for _ in range(3))
    assert best < 0.5, f"ActorDictionary.load() took {best:.3f} s"


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def test_actors_data_former_office_holder_is_an_elite_of_the_country(db):
    blair = "person:tony-blair"
    assert db.actor(blair, dt.date(2005, 3, 1)).code == "GBRGOV"
    former = db.actor(blair, dt.date(2015, 1, 1))
    assert (former.country, former.sector, former.code) == ("GBR", "ELI", "GBRELI")
    assert db.actor(blair).code == "GBRGOV"  # no date: the latest office
    annan = db.actor("person:kofi-annan", dt.date(2010, 1, 1))  # a former UN chief
    assert (annan.code, annan.affiliation) == (f"{annan.country}ELI", None)
