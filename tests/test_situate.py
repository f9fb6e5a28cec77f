import pytest

pytestmark = pytest.mark.model


def test_situate_quote_takes_date_and_place_of_its_clause(pipeline):
    result = pipeline.analyze("Stoltenberg said in Vilnius on Wednesday that Ukraine would "
                              "become a member.", published="2023-07-13")
    quote = result.quotes[0]
    place = next(p for p in result.places if p.id == quote.place_id)
    assert (quote.date, place.name, quote.place_how) == ("2023-07-12", "Vilnius", "clause")


def test_situate_quote_falls_back_to_the_dateline(pipeline):
    result = pipeline.analyze("KYIV, July 12 (Reuters) - Ukraine's president said the talks "
                              "had failed.", published="2023-07-12")
    quote = result.quotes[0]
    place = next(p for p in result.places if p.id == quote.place_id)
    assert place.name == "Kyiv" and quote.place_how == "dateline"


def test_situate_event_says_how_its_place_was_chosen(seed):
    annexation = next(e for e in seed.events if e.trigger.text == "annexation")
    assert annexation.place_how == "target" and annexation.date == "2014"
