"""The events stage: whom an event is done to, and what an actor's span holds (issue 3, third
round). Tiny texts through the pipeline; each test names the construction it checks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _main(pipeline, text):
    events = pipeline.analyze(text, published="2023-07-13").events
    main = [e for e in events if e.main]
    assert main, events
    return main[0]


def test_events_thing_target_stands_for_the_place_named_in_it(pipeline):
    event = _main(pipeline, "Israeli tanks fired shells at targets in Jericho.")
    assert event.root == "19" and event.target.text == "Jericho"


def test_events_thing_target_stands_for_the_people_it_is_for(pipeline):
    event = _main(pipeline, "A camp for Congolese refugees was attacked by militiamen.")
    assert event.target.text == "Congolese refugees"


def test_events_owned_thing_target_stays_whole(pipeline):
    event = _main(pipeline, "Israeli bulldozers demolished Palestinian homes.")
    assert event.target.text == "Palestinian homes"


def test_events_protest_target_is_whom_its_demand_addresses(pipeline):
    event = _main(pipeline, "Thousands of Kurds demonstrated in Kirkuk on Sunday calling "
                            "for independence from Iraq.")
    assert event.root == "14" and event.target.text == "Iraq"


def test_events_forces_sent_are_the_senders_own(pipeline):
    event = _main(pipeline, "Britain mobilized army reservists for a war against Iraq.")
    assert event.root == "15" and event.target.text == "Iraq"


def test_events_every_conjunct_of_a_demanded_subject_is_a_target(pipeline):
    text = "The rebels said President Kagame and his party must agree to changes."
    events = [e for e in pipeline.analyze(text).events if e.root == "10"]
    assert sorted(e.target.text for e in events) == ["President Kagame", "party"]


def test_events_possessive_pronoun_is_no_part_of_the_span_but_still_resolves(pipeline):
    text = "The United Nations rejected a call for its peacekeepers to be deployed in Timor."
    event = _main(pipeline, text)
    assert event.root == "12" and event.target.text == "Timor"


def test_events_place_of_an_event_noun_source_is_no_part_of_it(pipeline):
    event = _main(pipeline, "A roadside bombing near the town of Samarra killed a soldier.")
    assert event.source.text == "roadside bombing"
