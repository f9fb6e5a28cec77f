import json

import pytest

from sitroom.records import (SCHEMA_VERSION, Actor, Analysis, Document, Mention, Problem, Quote,
                             SchemaMismatch, Span)


def _analysis() -> Analysis:
    text = "Putin said Russia would respond."
    doc = Document(id="d1", text=text, published="2023-07-13")
    putin = Span(start=0, end=5, text="Putin")
    return Analysis(
        document=doc,
        actors=[Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person",
                      country="RUS", sector="GOV", code="RUSGOV", aliases=("V. Putin",))],
        mentions=[Mention(doc_id="d1", span=putin, actor_id="person:vladimir-putin",
                          label="PERSON", how="name")],
        quotes=[Quote(doc_id="d1", id="q1", kind="indirect", cue_type="speech",
                      evidence=Span(start=0, end=32, text=text),
                      content=(Span(start=11, end=31, text=text[11:31]),), speaker=putin,
                      speaker_actor="person:vladimir-putin",
                      cue=Span(start=6, end=10, text="said"))],
        problems=[Problem(stage="events", error="ValueError", reason="boom")],
        model="en_core_web_sm")


def test_records_json_round_trip_is_lossless():
    original = _analysis()
    again = Analysis.from_json(original.to_json())
    assert again == original
    assert isinstance(again.quotes[0].content, tuple)
    assert isinstance(again.quotes[0].content[0], Span)
    assert again.actors[0].aliases == ("V. Putin",)


def test_records_json_carries_schema_version():
    data = json.loads(_analysis().to_json())
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["quotes"][0]["speaker"] == {"start": 0, "end": 5, "text": "Putin"}


def test_records_other_schema_version_is_refused():
    data = _analysis().as_dict()
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(SchemaMismatch):
        Analysis.from_dict(data)


def test_records_evidence_matches_text():
    result = _analysis()
    for quote in result.quotes:
        for span in (quote.evidence, *quote.content, quote.speaker, quote.cue):
            assert result.document.text[span.start:span.end] == span.text


def test_records_are_frozen_and_keyword_only():
    span = Span(start=1, end=3, text="ab")
    with pytest.raises(AttributeError):
        span.start = 2
    with pytest.raises(TypeError):
        Span(1, 3, "ab")


def test_records_ok_is_false_only_for_fatal_problems():
    result = _analysis()
    assert result.ok
    result.problems.append(Problem(stage="input", error="EmptyInput", reason="empty", fatal=True))
    assert not result.ok


def test_records_span_overlap_and_containment():
    a, b = Span(start=0, end=10, text="x" * 10), Span(start=5, end=8, text="xxx")
    assert a.overlaps(b) and a.contains(b) and not b.contains(a)
    assert not a.overlaps(Span(start=10, end=12, text="xx"))


def test_records_holder_name_shows_an_unresolved_speakers_own_words():
    result = _analysis()
    analysts = Span(start=0, end=8, text="Analysts")
    unresolved = Quote(doc_id="d1", id="q2", kind="indirect", cue_type="speech",
                       evidence=analysts, content=(analysts,), speaker=analysts)
    result = Analysis(document=result.document, actors=result.actors,
                      quotes=[*result.quotes, unresolved], model=result.model)
    assert result.holder_name("person:vladimir-putin", "q1") == "Vladimir Putin"
    assert result.holder_name("author") == "author"
    assert result.holder_name("unknown", "q2") == "Analysts (unresolved)"
    assert result.holder_name("unknown") == "unknown"
