"""The events stage on small texts: the constructions event coders get wrong."""

from __future__ import annotations

import pytest

from sitroom.context import Findings
from sitroom.records import Document, Quote, Span
from sitroom.stages import actors as actors_stage, events as events_stage, places

pytestmark = pytest.mark.model


def _events(pipeline, text):
    return pipeline.analyze(text, published="2023-07-13").events


def _one(events, cameo_root=None):
    found = [e for e in events if cameo_root is None or e.root == cameo_root]
    assert found, events
    return found[0]


def test_events_active_verb_has_source_target_and_codes(pipeline):
    event = _one(_events(pipeline, "Russia attacked Ukraine."))
    assert (event.source.text, event.target.text) == ("Russia", "Ukraine")
    assert (event.source_actor, event.target_actor) == ("state:RUS", "state:UKR")
    assert (event.cameo, event.quad_class, event.goldstein) == ("190", 4, -10.0)
    assert event.plover_type == "ASSAULT" and event.trigger.text == "attacked"


def test_events_weapons_sent_are_military_aid_and_launched_ones_attacks(pipeline):
    sent = _one(_events(pipeline, "The United States delivered missiles to Ukraine."), "07")
    assert (sent.cameo, sent.source_actor, sent.target_actor) == ("072", "state:USA",
                                                                   "state:UKR")
    promised = _one(_events(pipeline, "Germany will send more tanks to Ukraine."), "03")
    assert promised.cameo == "0332"
    assert _one(_events(pipeline, "Russia launched missiles at Kyiv."), "19").cameo == "195"


def test_events_passive_voice_swaps_roles(pipeline):
    event = _one(_events(pipeline, "Kyiv was attacked by Russian forces on Wednesday."))
    assert event.source.text == "Russian forces"
    assert event.target_actor == "gov:UKR"
    assert event.root == "19"


def test_events_nominal_event_with_possessor_and_of(pipeline):
    event = _one(_events(pipeline, "Russia's invasion of Ukraine shocked Europe."), "19")
    assert event.trigger.text == "invasion"
    assert (event.source_actor, event.target_actor) == ("state:RUS", "state:UKR")


def test_events_coordinated_sources_make_one_event_each(pipeline):
    events = [e for e in _events(pipeline, "France and Germany condemned Russia.")
              if e.root == "11"]
    assert sorted(e.source.text for e in events) == ["France", "Germany"]
    assert all(e.target_actor == "state:RUS" for e in events)


def test_events_refusal_is_a_rejection_not_a_meeting(pipeline):
    events = _events(pipeline, "Iran refused to meet the American envoy.")
    assert [e.cameo for e in events] == ["125"]
    assert events[0].plover_type == "REJECT"


def test_events_threat_is_coded_as_threat(pipeline):
    event = _one(_events(pipeline, "Russia threatened to attack Ukraine."))
    assert event.cameo == "138" and event.target_actor == "state:UKR"
    assert not event.hypothetical


def test_events_negation_is_flagged(pipeline):
    event = _one(_events(pipeline, "Russia did not attack Ukraine."))
    assert event.negated and event.root == "19"


def test_events_would_is_hypothetical(pipeline):
    event = _one(_events(pipeline, "Russia would attack Ukraine if NATO expanded."), "19")
    assert event.hypothetical


def test_events_explicit_year_dates_a_nominal_event(pipeline):
    event = _one(_events(pipeline, "Russia's annexation of Crimea in 2014 was condemned."),
                 "19")
    assert event.cameo == "192" and event.date == "2014" and event.target.text == "Crimea"


def test_events_evidence_is_the_sentence(pipeline):
    text = "Talks stalled. Russia attacked Ukraine."
    event = _one(_events(pipeline, text), "19")
    assert text[event.evidence.start:event.evidence.end] == event.evidence.text
    assert event.evidence.text == "Russia attacked Ukraine."


def test_events_inside_a_quote_are_marked_via_quote(pipeline, nlp):
    text = 'Putin said: "Russia attacked Ukraine."'
    doc = nlp(text)
    found = Findings(document=Document(id="d", text=text))
    doc._.sitroom = found
    for stage in (places.places, actors_stage.actors):
        stage(doc, pipeline.context)
    start = text.index('"')
    found.quotes.append(Quote(doc_id="d", id="q1", kind="direct", cue_type="speech",
                              evidence=found.span(0, len(text)),
                              content=(found.span(start, len(text)),),
                              speaker=found.span(0, 5), speaker_actor="person:vladimir-putin",
                              cue=found.span(6, 10)))
    events_stage.events(doc, pipeline.context)
    attack = _one(found.events, "19")
    assert attack.via_quote == "q1" and attack.source_actor == "state:RUS"
    statement = _one(found.events, "01")
    assert statement.source_actor == "person:vladimir-putin" and statement.via_quote is None


def test_events_we_in_a_quote_is_the_speaker(pipeline):
    events = _events(pipeline, 'Putin said: "We will never attack Ukraine."')
    attack = _one(events, "13")  # a future attack stated by its actor is a threat
    assert attack.source_actor == "person:vladimir-putin" and attack.negated


def test_events_take_place_and_date_from_their_clause(pipeline):
    result = pipeline.analyze("NATO condemned Russia in Brussels on Monday.",
                              published="2023-07-13")
    event = _one(result.events)
    place = next(p for p in result.places if p.id == event.place_id)
    assert place.name == "Brussels" and event.date == "2023-07-10"




def _main(events):
    mains = [e for e in events if e.main]
    assert len(mains) == 1, events
    return mains[0]


def test_events_target_of_a_frame_verb_is_its_complements(pipeline):
    event = _main(_events(pipeline, "Russia agreed to send aid to Ukraine."))
    assert (event.cameo, event.source_actor, event.target_actor) == ("033", "state:RUS",
                                                                      "state:UKR")


def test_events_light_verb_target_is_its_nouns(pipeline):
    event = _main(_events(pipeline, "France imposed sanctions on Iran."))
    assert (event.cameo, event.target.text, event.target_actor) == ("163", "Iran", "state:IRN")


def test_events_withheld_cooperation_is_a_rejection(pipeline):
    event = _main(_events(pipeline, "Syria says it will not accept any more refugees."))
    assert event.root == "12" and not event.negated
    assert (event.source.text, event.source_actor) == ("Syria", "state:SYR")  # not "it"


def test_events_what_another_must_do_is_a_demand(pipeline):
    event = _main(_events(pipeline, "Moscow said Kyiv must release the prisoners."))
    assert event.root == "10" and event.trigger.text == "said"
    assert (event.source_actor, event.target.text) == ("gov:RUS", "Kyiv")


def test_events_what_is_stopped_decides_the_code(pipeline):
    assert _main(_events(pipeline, "The rebels called off the strike.")).cameo == "080"
    assert _events(pipeline, "The war ended in 2014.") == []


def test_events_coordinated_nationalities_act_on_each_other(pipeline):
    events = _events(pipeline, "Hungarian and Romanian officials agreed to cooperate.")
    pairs = {(e.source_actor, e.target_actor) for e in events if e.root == "03"}
    assert pairs == {("state:HUN", "state:ROU"), ("state:ROU", "state:HUN")}


def test_events_would_in_reported_speech_is_a_future(pipeline):
    event = _main(_events(pipeline, "Palestinian leaders said they would boycott all "
                                    "contact with the United States."))
    assert event.root == "13" and not event.hypothetical  # a stated boycott is a threat
    assert (event.source.text, event.target_actor) == ("Palestinian leaders", "state:USA")


def test_events_a_sources_own_troops_are_not_the_target(pipeline):
    event = _main(_events(pipeline, "Iran will withdraw its troops from Syria."))
    assert (event.source_actor, event.target_actor) == ("state:IRN", "state:SYR")


def test_events_demand_takes_the_code_of_its_that_clause(pipeline):
    event = _main(_events(pipeline, "Greece demanded that Turkey withdraw its troops."))
    assert (event.cameo, event.target_actor) == ("1056", "state:TUR")


def test_events_main_event_is_the_reported_act_not_the_report(pipeline):
    events = _events(pipeline, "NATO condemned Russia, the spokesman said.")
    assert _main(events).trigger.text == "condemned"
    assert {e.root for e in events} == {"11", "01"}
