"""The seed article: every statement in it, with its speaker and relay."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]


def _by_cue(seed, cue: str):
    return next(q for q in seed.quotes if q.cue.text == cue)


def test_quotes_seed_putin_statements_relayed_by_tass(seed):
    putin = [q for q in seed.quotes if q.speaker_actor == "person:vladimir-putin"]
    said, added = _by_cue(seed, "said"), _by_cue(seed, "added")
    assert said.speaker.text == "Putin" and added.speaker.text == "He"
    for q in (said, added):
        assert q in putin and q.kind == "direct"
        assert q.relayed_by == "org:tass" and "TASS" in q.relayed_span.text
    assert said.content[0].text.startswith("As for Ukraine's membership in NATO")
    assert added.content[0].text.startswith("And, in fact, one of the reasons")


def test_quotes_seed_russian_president_statement(seed):
    q = _by_cue(seed, "claimed")
    assert q.speaker.text == "The Russian president"
    assert q.speaker_actor == "person:vladimir-putin"
    assert any(c.text.startswith("I am sure that this") for c in q.content)


def test_quotes_seed_stoltenberg_statement(seed):
    q = _by_cue(seed, "stressed")
    assert q.speaker_actor == "person:jens-stoltenberg"
    assert any(c.text.startswith("that Ukraine will eventually become") for c in q.content)
    assert any(c.text.startswith("We have agreed that Ukraine's future") for c in q.content)


def test_quotes_seed_nato_members_and_moscow(seed):
    members = _by_cue(seed, "asserting")
    assert members.speaker.text == "Many NATO members in Eastern Europe"
    assert members.content[0].text.startswith("that incorporating Kyiv into the alliance")
    moscow = _by_cue(seed, "fears")
    assert (moscow.cue_type, moscow.speaker.text, moscow.speaker_actor) == (
        "belief", "Moscow", "gov:RUS")


def test_quotes_seed_scare_quote_is_not_a_quote(seed):
    assert not any(c.text == "special military operation" for q in seed.quotes
                   for c in q.content)
