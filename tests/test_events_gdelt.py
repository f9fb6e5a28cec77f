"""The GDELT 2.0 event-table writer."""

from __future__ import annotations

from sitroom import gdelt
from sitroom.records import Actor, Analysis, Document, Event, Span


def _analysis(**changes) -> Analysis:
    text = "Russia attacked Ukraine."
    span = lambda s, e: Span(start=s, end=e, text=text[s:e])  # noqa: E731
    event = Event(doc_id="d", id="e1", evidence=span(0, 24), trigger=span(7, 15), cameo="190",
                  root="19", quad_class=4, goldstein=-10.0, plover_type="ASSAULT",
                  source=span(0, 6), source_actor="state:RUS", target=span(16, 23),
                  target_actor=None, date="2014", **changes)
    actor = Actor(id="state:RUS", name="Russia", kind="state", country="RUS", code="RUS")
    return Analysis(document=Document(id="d", text=text, published="2023-07-13",
                                      url="https://example.org/a"),
                    actors=[actor], events=[event])


def test_gdelt_has_the_61_columns_of_gdelt_2():
    assert len(gdelt.COLUMNS) == 61
    assert gdelt.COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE")
    assert gdelt.COLUMNS[26:30] == ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass")
    assert gdelt.COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_row_fills_actors_codes_and_dates():
    (row,) = gdelt.rows(_analysis())
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"]) == \
        ("RUS", "RUSSIA", "RUS")
    assert row["Actor2Name"] == "UKRAINE" and row["Actor2Code"] == ""
    assert (row["EventCode"], row["EventRootCode"], row["QuadClass"]) == ("190", "19", "4")
    assert row["GoldsteinScale"] == "-10" and row["SQLDATE"] == "20140101"
    assert row["DATEADDED"] == "20230713000000" and row["SOURCEURL"] == "https://example.org/a"
    assert row["GLOBALEVENTID"].isdigit()


def test_gdelt_leaves_out_negated_and_hypothetical_events():
    assert list(gdelt.rows(_analysis(negated=True))) == []
    assert list(gdelt.rows(_analysis(hypothetical=True))) == []


def test_gdelt_tsv_lines_have_61_fields():
    (line,) = gdelt.tsv([_analysis()])
    assert len(line.split("\t")) == 61
