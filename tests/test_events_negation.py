"""The events stage: what is denied or only said is not coded as what it denies (issue 3,
demo article bugs)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _events(pipeline, text):
    return pipeline.analyze(text, published="2023-07-13").events


def _main(events):
    return next(e for e in events if e.main)


def test_events_negative_object_negates_the_event(pipeline):
    events = _events(pipeline, "Finland's membership threatened no one.")
    threats = [e for e in events if e.root == "13"]
    assert threats and all(e.negated for e in threats)


def test_events_negative_subject_negates_the_event(pipeline):
    events = _events(pipeline, "Nobody attacked the embassy.")
    assert all(e.negated for e in events if e.root == "19")


def test_events_negated_threat_in_a_statement_is_not_the_main_event(pipeline):
    for text in ("He stressed that Finland's membership threatened no one.",
                 "He said that Finland does not threaten Russia."):
        main = _main(_events(pipeline, text))
        assert main.cameo == "010" and not main.negated, text


def test_events_calling_something_something_is_a_comment(pipeline):
    main = _main(_events(pipeline, "NATO Secretary General Jens Stoltenberg called it a "
                                   "historic day."))
    assert main.cameo == "010" and main.plover_type is None


def test_events_calling_someone_a_bad_name_is_disapproval(pipeline):
    main = _main(_events(pipeline, "Iran called Israel a terrorist state."))
    assert main.cameo == "111" and main.target.text == "Israel"


def test_events_a_time_is_no_particle_of_call(pipeline):
    main = _main(_events(pipeline, "Putin called Biden on Tuesday."))
    assert main.cameo == "041"  # a phone call, not "call on" (an appeal)
