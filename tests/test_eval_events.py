"""Scorers of `sitroom eval events`, and the quality gate they feed."""

from __future__ import annotations

import pytest

from sitroom.eval import events as ev
from sitroom.records import Event, Span


def test_eval_events_parse_markup_nested_and_stray_brackets():
    gold = ev.parse_markup("The (SRC: United States) (EVT: urged) the "
                           "(TAR: Palestine Liberation Organization (PLO)) to talk Russian) now.")
    assert gold.text == ("The United States urged the Palestine Liberation Organization (PLO) "
                         "to talk Russian now.")
    assert [gold.text[s:e] for s, e in gold.sources] == ["United States"]
    assert [gold.text[s:e] for s, e in gold.targets] == ["Palestine Liberation Organization (PLO)"]


def test_eval_events_reciprocal_markup_first_is_source():
    gold = ev.parse_markup("(SRC/TAR: Bosnia) and (SRC/TAR: Slovenia) (EVT: agreed).")
    assert [gold.text[s:e] for s, e in gold.sources] == ["Bosnia"]
    assert [gold.text[s:e] for s, e in gold.targets] == ["Slovenia"]


def test_eval_events_bio_sentence_spans():
    gold = ev._bio_sentence(["The B-S", "IDF I-S", "attacked O", "Gaza B-T", ". O"])
    assert gold.text == "The IDF attacked Gaza ."
    assert [gold.text[s:e] for s, e in gold.sources] == ["The IDF"]
    assert [gold.text[s:e] for s, e in gold.targets] == ["Gaza"]


def test_eval_events_macro_f1():
    assert ev.macro_f1([0, 1, 1], [0, 1, 1]) == 1.0
    assert ev.macro_f1([0, 1], [1, 0]) == 0.0
    assert ev.macro_f1([0, 0, 1, 1], [0, 1, 1, 1]) == pytest.approx((2 / 3 + 0.8) / 2)


def _event(eid, trigger, cameo="190", source=None, target=None, **flags):
    span = lambda s, e: Span(start=s, end=e, text="x" * (e - s))  # noqa: E731
    return Event(doc_id="d", id=eid, evidence=span(0, 50), trigger=span(*trigger), cameo=cameo,
                 root=cameo[:2], quad_class=4, goldstein=-10.0,
                 source=span(*source) if source else None,
                 target=span(*target) if target else None, **flags)


def test_eval_events_top_event_prefers_real_interactions_to_statements():
    said = _event("e1", (0, 4), cameo="010")
    negated = _event("e2", (5, 9), negated=True)
    attack = _event("e3", (10, 14))
    assert ev.top_event([said, negated, attack]) is attack
    assert ev.top_event([said]) is said and ev.top_event([]) is None


def test_eval_events_reciprocal_pair_counts_first_actor_as_source():
    one = _event("e1", (10, 15), cameo="040", source=(0, 3), target=(5, 8))
    two = _event("e2", (10, 15), cameo="040", source=(5, 8), target=(0, 3))
    assert ev.predicted_roles([one, two]) == ({(0, 3)}, {(5, 8)})


@pytest.mark.shared
@pytest.mark.model
def test_eval_events_quality_gate(pipeline, shared):
    from sitroom.eval import gate

    scores = ev.evaluate(pipeline, shared)
    result = gate.check("events", scores, gate.digest(ev.gold_files(shared)))
    assert result.digest_matches, "gold data changed since the floors were pinned"
    assert result.passed, result.failures
