"""Choosing the event a sentence is about: rules first, the quad model only when confident."""

from __future__ import annotations

import pytest

from sitroom.events import salience
from sitroom.events.salience import QuadModel
from sitroom.records import Event, Span

SENTENCE = "Russia attacked Kyiv, officials said."


def _event(eid, cameo, trigger, **flags):
    evidence = Span(start=0, end=len(SENTENCE), text=SENTENCE)
    start = SENTENCE.index(trigger)
    return Event(doc_id="d", id=eid, evidence=evidence, cameo=cameo, root=cameo[:2],
                 trigger=Span(start=start, end=start + len(trigger), text=trigger),
                 quad_class=4, goldstein=0.0, **flags)


SAID, ATTACK = _event("e1", "010", "said"), _event("e2", "190", "attacked")


def _model(weight: float) -> QuadModel:
    """A model that finds "said" sentences statements (class 0) with the given weight."""
    return QuadModel(classes=(0, 1, 2, 3, 4), bias=(0.0,) * 5,
                     weights={"w=said": (weight, 0.0, 0.0, 0.0, 0.0)})


def test_events_salience_rules_put_interactions_before_statements():
    assert salience.rule_order([SAID, ATTACK]) == [ATTACK, SAID]
    negated = _event("e3", "190", "attacked", negated=True)
    assert salience.rule_order([negated, SAID, ATTACK])[0] is ATTACK
    assert salience.main_event(SENTENCE, [SAID, ATTACK], None) is ATTACK


def test_events_salience_rules_put_negated_events_after_statements():
    negated = _event("e3", "130", "attacked", negated=True)
    assert salience.rule_order([negated, SAID]) == [SAID, negated]
    assert salience.main_event(SENTENCE, [negated, SAID], None) is SAID


def test_events_salience_model_overrules_only_when_confident():
    assert salience.main_event(SENTENCE, [SAID, ATTACK], _model(20.0)) is SAID
    assert salience.main_event(SENTENCE, [SAID, ATTACK], _model(1.0)) is ATTACK


def test_events_salience_model_never_makes_an_event():
    assert salience.main_event(SENTENCE, [], _model(20.0)) is None
    assert salience.main_event(SENTENCE, [ATTACK], _model(20.0)) is ATTACK


def test_events_salience_probabilities_sum_to_one():
    probs = _model(3.0).probabilities(salience.features(SENTENCE, [SAID, ATTACK]))
    assert sum(probs.values()) == pytest.approx(1.0)
    assert max(probs, key=probs.get) == 0


def test_events_salience_features_name_words_pairs_and_codes():
    feats = salience.features(SENTENCE, [SAID, ATTACK])
    assert {"w=russia", "b=russia_attacked", "top=4", "has=0", "root=19"} <= set(feats)


def test_events_salience_groups_events_by_sentence():
    other = Event(doc_id="d", id="e9", evidence=Span(start=40, end=50, text="x" * 10),
                  trigger=Span(start=41, end=42, text="x"), cameo="040", root="04",
                  quad_class=1, goldstein=1.0)
    assert salience.by_sentence([SAID, other, ATTACK]) == [[SAID, ATTACK], [other]]


def test_events_salience_model_round_trips_and_ships():
    model = _model(2.0)
    assert QuadModel.from_dict(model.as_dict()) == model
    shipped = salience.model()
    assert shipped is not None and shipped.classes == (0, 1, 2, 3, 4)


def test_events_train_fit_learns_a_toy_split():
    from sitroom.train import events_quad

    items = [(f"{word} {n}", [[_event(f"e{n}", "190", "attacked")]])
             for n, word in enumerate(["peace"] * 6 + ["war"] * 6)]
    labels = [1] * 6 + [4] * 6
    model = events_quad.fit(items, labels)
    assert model.classes == (1, 4)
    probs = model.probabilities({"w=war": 1.0})
    assert probs[4] > probs[1]
