"""Time expressions: reading rules on their own, then the stage and `time_for` on small texts."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.stages.time import read, time_for
from staging import staged

THURSDAY = dt.date(2023, 7, 13)


def _value(text: str, published=THURSDAY, **kwargs):
    reading = read(text, published, **kwargs)
    assert reading is not None, text
    start = reading.start.isoformat() if reading.start else None
    end = reading.end.isoformat() if reading.end else None
    return start, end, reading.granularity


@pytest.mark.parametrize("text, expected", [
    ("Wednesday", ("2023-07-12", "2023-07-12", "day")),
    ("on Wednesday", ("2023-07-12", "2023-07-12", "day")),
    ("Thursday", ("2023-07-13", "2023-07-13", "day")),
    ("last Friday", ("2023-07-07", "2023-07-07", "day")),
    ("yesterday", ("2023-07-12", "2023-07-12", "day")),
    ("today", ("2023-07-13", "2023-07-13", "day")),
    ("last month", ("2023-06-01", "2023-06-30", "month")),
    ("this week", ("2023-07-10", "2023-07-16", "week")),
    ("next year", ("2024-01-01", "2024-12-31", "year")),
    ("earlier this year", ("2023-01-01", "2023-07-13", "year")),
    ("two years ago", ("2021-01-01", "2021-12-31", "year")),
    ("in 2014", ("2014-01-01", "2014-12-31", "year")),
    ("the 1990s", ("1990-01-01", "1999-12-31", "decade")),
    ("July 2022", ("2022-07-01", "2022-07-31", "month")),
    ("12 July 2023", ("2023-07-12", "2023-07-12", "day")),
    ("March 7", ("2023-03-07", "2023-03-07", "day")),
    ("December 24", ("2022-12-24", "2022-12-24", "day")),
    ("in March", ("2023-03-01", "2023-03-31", "month")),
    ("2023-07-01", ("2023-07-01", "2023-07-01", "day")),
])
def test_time_reads_expressions_against_publication(text, expected):
    assert _value(text) == expected


def test_time_future_clause_looks_ahead():
    assert _value("Wednesday", future=True) == ("2023-07-19", "2023-07-19", "day")
    assert _value("December 24", future=True) == ("2023-12-24", "2023-12-24", "day")


def test_time_unknown_publication_keeps_expression_without_value():
    reading = read("on Wednesday", None)
    assert (reading.start, reading.end, reading.granularity) == (None, None, "day")
    assert "publication date unknown" in reading.how
    assert _value("in 2014", published=None) == ("2014-01-01", "2014-12-31", "year")


def test_time_anchored_expression_is_kept_unresolved():
    reading = read("two years", THURSDAY, anchored=True)
    assert (reading.start, reading.granularity) == (None, "year")
    assert "another event" in reading.how


@pytest.mark.parametrize("text", ["three years", "19-year-old", "annual", "decades"])
def test_time_skips_durations_and_ages(text):
    assert read(text, THURSDAY) is None


@pytest.mark.model
def test_time_stage_resolves_expressions_in_text(pipeline):
    text = ("The ministers met in Vilnius on Wednesday. Talks broke down last month. "
            "Russia annexed Crimea in 2014.")
    result = pipeline.analyze(text, published="2023-07-13")
    values = {t.span.text: (t.start, t.end, t.granularity) for t in result.times}
    assert values["Wednesday"] == ("2023-07-12", "2023-07-12", "day")
    assert values["last month"] == ("2023-06-01", "2023-06-30", "month")
    assert values["2014"] == ("2014-01-01", "2014-12-31", "year")
    assert [t.id for t in result.times] == ["t1", "t2", "t3"]
    for t in result.times:
        assert text[t.span.start:t.span.end] == t.span.text


@pytest.mark.model
def test_time_stage_without_publication_date_says_so(pipeline):
    result = pipeline.analyze("The ministers met on Wednesday.")
    (ref,) = result.times
    assert ref.start is None and "publication date unknown" in ref.how


@pytest.mark.model
def test_time_for_finds_the_expression_in_the_same_clause(pipeline):
    text = "Russia annexed Crimea in 2014, and the ministers will meet in Kyiv on Friday."
    doc = staged(pipeline, text, "2023-07-13")
    annexed = next(t for t in doc if t.text == "annexed")
    meet = next(t for t in doc if t.text == "meet")
    assert time_for(doc, annexed).span.text == "2014"
    friday = time_for(doc, meet)
    assert friday.span.text == "Friday" and friday.start == "2023-07-14"


@pytest.mark.model
@pytest.mark.shared
def test_time_seed_wednesday_and_annexation_year(pipeline, seed, seed_text):
    values = {t.span.text: t.start for t in seed.times}
    assert values["Wednesday"] == "2023-07-12"
    doc = staged(pipeline, seed_text, "2023-07-13")
    annexation = next(t for t in doc if t.text == "annexation")
    ref = time_for(doc, annexation)
    assert ref.span.text == "2014" and (ref.start, ref.end) == ("2014-01-01", "2014-12-31")


@pytest.mark.model
@pytest.mark.parametrize("text, expression, expected", [
    ("Russia annexed Crimea in March 2014. Two years after the annexation, sanctions held.",
     "Two years", ("2016-01-01", "2016-12-31", "year")),
    ("The talks began on 3 May 2021. Two weeks later, they collapsed.",
     "Two weeks later", ("2021-05-17", "2021-05-23", "week")),
    ("The vote was held three days before the March 5 deadline.",
     "three days", ("2023-03-02", "2023-03-02", "day")),
    ("The army withdrew two months after the ceasefire of 12 June 2022.",
     "two months", ("2022-08-01", "2022-08-31", "month")),
])
def test_time_anchored_expression_counts_from_the_dated_event(pipeline, text, expression,
                                                              expected):
    result = pipeline.analyze(text, published="2023-07-13")
    ref = next(t for t in result.times if t.span.text == expression)
    assert (ref.start, ref.end, ref.granularity) == expected
    assert ref.how.startswith("relative to another time")


@pytest.mark.model
def test_time_anchored_expression_without_a_dated_anchor_stays_unresolved(pipeline):
    result = pipeline.analyze("Two years after the war, nothing had changed.",
                              published="2023-07-13")
    (ref,) = result.times
    assert ref.start is None and "not resolved" in ref.how


def test_time_date_entity_running_into_the_clause_is_trimmed(pipeline):
    result = pipeline.analyze("BRUSSELS - Finland became the 31st member of NATO on Tuesday, "
                              "ending decades of military non-alignment.", published="2023-04-06")
    assert [(t.span.text, t.start) for t in result.times] == [("Tuesday", "2023-04-04")]
