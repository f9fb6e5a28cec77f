"""Places: gazetteer lookups, resolution in context, the stage on small texts, `locate`."""

from __future__ import annotations

import time

import pytest

from sitroom.geo.gazetteer import Gazetteer, gazetteer
from sitroom.geo.names import key, variants
from sitroom.geo.resolve import Hints, Toponym, distance_km, resolve
from sitroom.stages.places import locate, place_for
from staging import staged


def test_places_key_folds_case_accents_periods_and_articles():
    assert key("KYIV") == key("Kyiv") == "kyiv"
    assert key("Zürich") == "zurich"
    assert key("the U.S.") == "us"
    assert key("Russia's") == "russia"
    assert "St Louis" in variants("Saint Louis")


def test_places_distance_km_is_great_circle():
    assert distance_km(0, 0, 0, 0) == 0
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)


def test_places_gazetteer_opens_fast_and_finds_capitals():
    gazetteer()  # built once per machine, then opened
    started = time.perf_counter()
    gaz = Gazetteer.open()
    kyiv = next(c for c in gaz.candidates("Kyiv") if c.fclass == "P")
    assert time.perf_counter() - started < 0.5
    assert (kyiv.geonames_id, kyiv.country) == (703448, "UKR")
    assert abs(kyiv.lat - 50.45) < 0.1 and abs(kyiv.lon - 30.52) < 0.1


def test_places_gazetteer_has_our_regions_and_seas():
    crimea = gazetteer().candidates("the Crimea")[0]
    assert (crimea.name, crimea.country, crimea.ours) == ("Crimea", "UKR", True)
    assert gazetteer().candidates("Donbass")[0].name == "Donbas"
    assert gazetteer().candidates("Black Sea")[0].fclass == "H"


def _resolved(*toponyms, hints=None):
    return [r.candidate for r in resolve(list(toponyms), gazetteer(), hints)]


def test_places_resolve_prefers_country_without_context():
    (georgia,) = _resolved(Toponym("Georgia"))
    assert georgia.country == "GEO" and georgia.is_country


def test_places_resolve_uses_other_places_in_the_article():
    georgia, _ = _resolved(Toponym("Georgia"), Toponym("Atlanta"))
    assert georgia.is_admin1 and georgia.country == "USA"
    _, tbilisi = _resolved(Toponym("Georgia"), Toponym("Tbilisi"))
    assert tbilisi.country == "GEO"


def test_places_resolve_qualifier_decides():
    paris, _ = _resolved(Toponym("Paris", qualifier="Texas"), Toponym("Texas"))
    assert (paris.country, paris.admin1) == ("USA", "Texas")
    (alexandria,) = _resolved(Toponym("Alexandria", qualifier_a1="US.LA"))
    assert alexandria.admin1 == "Louisiana"
    (paris,) = _resolved(Toponym("Paris"))
    assert paris.country == "FRA" and paris.fclass == "P"


def test_places_resolve_demonym_hints_tip_the_balance():
    hints = Hints()
    hints.countries["GEO"] += 1
    (georgia,) = _resolved(Toponym("Georgia"), hints=hints)
    assert georgia.country == "GEO"


def test_places_resolve_one_meaning_per_name():
    first, second, _ = _resolved(Toponym("Georgia"), Toponym("Georgia"), Toponym("Atlanta"))
    assert first == second


def test_places_resolve_unknown_name_is_unresolved():
    (result,) = resolve([Toponym("Qwxzzyville")], gazetteer())
    assert result.candidate is None and result.how == "unresolved"


@pytest.mark.model
def test_places_stage_produces_place_records(pipeline):
    text = "Officials in Alexandria, La., said the storm moved toward Rapides Parish."
    result = pipeline.analyze(text)
    places = {p.span.text: p for p in result.places}
    assert places["Alexandria"].admin1 == "Louisiana"
    assert places["Alexandria"].how == "qualifier:US.LA"
    assert places["Rapides Parish"].country == "USA"
    for p in result.places:
        assert text[p.span.start:p.span.end] == p.span.text
        assert p.id.startswith("p") and p.lat is not None and p.feature_class


@pytest.mark.model
def test_places_stage_relabels_known_places(pipeline):
    doc = staged(pipeline, "The summit in Vilnius ended.")
    assert {e.text: e.label_ for e in doc.ents}.get("Vilnius") == "GPE"


@pytest.mark.model
def test_places_stage_finds_places_inside_names(pipeline):
    text = "The Texas Department of State Health Services confirmed two cases."
    result = pipeline.analyze(text)
    assert [p.span.text for p in result.places] == ["Texas"]


@pytest.mark.model
def test_places_demonyms_are_not_places(pipeline):
    result = pipeline.analyze("Russian troops shelled the town.")
    assert not [p for p in result.places if p.span.text == "Russian"]


@pytest.mark.model
def test_places_locate_same_clause_else_dateline(pipeline):
    text = ("KYIV, Ukraine (Reuters) - Russian forces shelled houses in Kherson overnight. "
            "The government condemned the attack.")
    doc = staged(pipeline, text, "2023-07-13")
    shelled = next(t for t in doc if t.text == "shelled")
    condemned = next(t for t in doc if t.text == "condemned")
    located = locate(doc, shelled)
    assert (located.place.span.text, located.how) == ("Kherson", "clause")
    located = locate(doc, condemned)
    assert (located.place.name, located.how) == ("Kyiv", "dateline")
    assert place_for(doc, condemned) is located.place


@pytest.mark.model
def test_places_locate_without_place_or_dateline_is_none(pipeline):
    doc = staged(pipeline, "The government condemned the attack.")
    assert place_for(doc, doc[2]) is None


@pytest.mark.model
@pytest.mark.shared
def test_places_seed_article_places_have_coordinates(seed):
    places = {p.span.text: p for p in seed.places}
    expected = {"Vilnius": ("LTU", 54.69, 25.28), "Kyiv": ("UKR", 50.45, 30.52),
                "Crimea": ("UKR", 45.3, 34.4), "Sevastopol": ("UKR", 44.6, 33.5)}
    for name, (country, lat, lon) in expected.items():
        place = places[name]
        assert place.country == country, name
        assert distance_km(place.lat, place.lon, lat, lon) < 20, name
    assert places["Vilnius"].geonames_id == 593116


def _admin1(name: str, cc: str):
    return next(c for c in gazetteer().candidates(name) if c.is_admin1 and c.cc == cc)


def test_places_division_point_is_the_area_not_where_towns_cluster():
    # Ontario's towns crowd the south; its published point (50N 86W) is the area's.
    ontario = _admin1("Ontario", "CA")
    assert distance_km(ontario.lat, ontario.lon, 50.0, -86.0) < 50
    queensland = _admin1("Queensland", "AU")
    assert queensland.lat < -20


def test_places_division_point_is_not_its_big_citys():
    # A published point for "New York" that is New York City's is not the state's point.
    state = _admin1("New York", "US")
    assert distance_km(state.lat, state.lon, 40.71, -74.01) > 150


@pytest.mark.model
def test_places_stage_takes_the_longest_untagged_country_name(pipeline):
    text = "The UN envoy for South Sudan David Shearer said the talks would go on."
    result = pipeline.analyze(text)
    assert [(p.span.text, p.name) for p in result.places] == [("South Sudan", "South Sudan")]


@pytest.mark.model
def test_places_stage_finds_continents_inside_longer_names(pipeline):
    result = pipeline.analyze("Many species live in the jungles of Central and South America.")
    assert [(p.span.text, p.name) for p in result.places] == [("South America", "South America")]


@pytest.mark.model
def test_places_stage_skips_common_words_and_saints(pipeline):
    texts = ["Rations will go up in smoke in the American South.",
             "The Pope will appear before crowds in St. Peter's Square.",
             "The yachtie spotted her at Islington Bay."]
    for text in texts:
        assert pipeline.analyze(text).places == [], text


@pytest.mark.model
def test_places_stage_common_word_after_in_is_a_town(pipeline):
    text = "The two were hiding under a railroad bridge in Hurricane, W.Va., police said."
    names = {p.span.text: p for p in pipeline.analyze(text).places}
    assert names["Hurricane"].admin1 == "West Virginia"
