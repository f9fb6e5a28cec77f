"""The quotes stage on small hand-written texts, one per form of attribution."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _quotes(pipeline, text: str):
    return pipeline.analyze(text, published="2023-07-13").quotes


def _only(pipeline, text: str):
    found = _quotes(pipeline, text)
    assert len(found) == 1, [q.as_dict() for q in found]
    return found[0]


def _contents(quote) -> list[str]:
    return [c.text for c in quote.content]


def test_quotes_direct_quote_after_the_quote(pipeline):
    q = _only(pipeline, "\u201cWe will not retreat from Kharkiv,\u201d Zelensky said on Monday.")
    assert (q.kind, q.cue_type, q.cue.text, q.speaker.text) == ("direct", "speech", "said",
                                                               "Zelensky")
    assert _contents(q) == ["We will not retreat from Kharkiv"]


def test_quotes_direct_quote_after_a_colon(pipeline):
    q = _only(pipeline, "The minister told reporters: \u201cThe talks have failed.\u201d")
    assert q.kind == "direct" and q.speaker.text == "The minister"
    assert _contents(q) == ["The talks have failed."]


def test_quotes_split_quote_is_one_statement(pipeline):
    text = ('"Sanctions will not work," the ambassador said, "and they will hurt '
            'ordinary people."')
    q = _only(pipeline, text)
    assert q.speaker.text == "the ambassador"
    assert _contents(q) == ["Sanctions will not work",
                            "and they will hurt ordinary people."]


def test_quotes_multi_paragraph_quote_keeps_its_speaker(pipeline):
    text = ("\u201cWe have done everything we could,\u201d the spokesman said. \u201cThe "
            "convoy was turned back twice.\n\u201cNow it is up to the other side.\u201d")
    q = _only(pipeline, text)
    assert q.speaker.text == "the spokesman"
    assert len(q.content) == 3 and q.content[-1].text == "Now it is up to the other side."


def test_quotes_indirect_speech(pipeline):
    q = _only(pipeline, "Jens Stoltenberg warned that the alliance would respond to any attack.")
    assert (q.kind, q.cue_type, q.cue.text) == ("indirect", "speech", "warned")
    assert q.speaker.text == "Jens Stoltenberg"
    assert q.speaker_actor == "person:jens-stoltenberg"
    assert _contents(q) == ["that the alliance would respond to any attack"]


def test_quotes_mixed_quote(pipeline):
    q = _only(pipeline, "The general said the offensive had been \u201ca complete success\u201d "
                        "despite heavy losses.")
    assert q.kind == "mixed" and q.speaker.text == "The general"
    assert "a complete success" in q.content[0].text


def test_quotes_participial_takes_the_subject_of_its_verb(pipeline):
    text = ("Several European governments have expressed support for the plan, asserting "
            "that it is the only way to end the war.")
    q = next(q for q in _quotes(pipeline, text) if q.cue.text == "asserting")
    assert q.speaker.text == "Several European governments"
    assert _contents(q) == ["that it is the only way to end the war"]


def test_quotes_belief_of_a_government(pipeline):
    q = _only(pipeline, "Moscow fears that the new bases would threaten its security.")
    assert (q.kind, q.cue_type) == ("indirect", "belief")
    assert q.speaker.text == "Moscow" and q.speaker_actor == "gov:RUS"


def test_quotes_intention(pipeline):
    q = _only(pipeline, "The Kremlin plans to hold new talks in Istanbul next week.")
    assert q.cue_type == "intention" and q.speaker_actor == "gov:RUS"
    assert _contents(q) == ["to hold new talks in Istanbul next week"]


def test_quotes_finding_of_a_poll(pipeline):
    q = _only(pipeline, "A new poll shows that most voters oppose the deal.")
    assert q.cue_type == "finding" and q.speaker.text == "A new poll"


def test_quotes_according_to_a_source(pipeline):
    q = _only(pipeline, "According to the defence ministry, 40 drones were shot down overnight.")
    assert (q.kind, q.cue.text, q.speaker.text) == ("according_to", "According to",
                                                    "the defence ministry")
    assert _contents(q) == ["40 drones were shot down overnight"]


def test_quotes_relayed_by_a_news_agency(pipeline):
    text = "\u201cThe West is playing with fire,\u201d Putin said, according to TASS."
    q = _only(pipeline, text)
    assert q.speaker_actor == "person:vladimir-putin"
    assert q.relayed_by == "org:tass" and q.relayed_span.text == "TASS"


def test_quotes_told_a_news_agency(pipeline):
    q = _only(pipeline, "The minister told Reuters that the pipeline would reopen in May.")
    assert q.speaker.text == "The minister" and q.relayed_by == "org:reuters"


def test_quotes_agency_reported_relays_the_statement_inside(pipeline):
    text = "Putin said the talks were over, TASS reported."
    q = _only(pipeline, text)
    assert q.speaker_actor == "person:vladimir-putin" and q.relayed_by == "org:tass"


def test_quotes_scare_quotes_are_not_quotes(pipeline):
    text = "Russia launched what it calls a \u201cspecial military operation\u201d in 2022."
    assert not [q for q in _quotes(pipeline, text) if q.kind == "direct"]
    assert _quotes(pipeline, "The \u201cspecial military operation\u201d began in 2022.") == []


def test_quotes_asking_not_to_be_named_is_not_a_quote(pipeline):
    text = ("The talks will resume in May, said a diplomat in Brussels, who asked not to be "
            "named.")
    q = _only(pipeline, text)
    assert (q.cue.text, q.speaker.text) == ("said", "a diplomat in Brussels")
    assert _quotes(pipeline, "An official, who asked not to be identified, was in Kyiv.") == []


def test_quotes_pronoun_speaker_continues_the_quote_chain(pipeline):
    text = ("\u201cWe are ready for talks,\u201d Putin said. He added: \u201cBut not on "
            "these terms.\u201d")
    first, second = _quotes(pipeline, text)
    assert second.speaker.text == "He"
    assert second.speaker_actor == first.speaker_actor == "person:vladimir-putin"


@pytest.mark.parametrize("text", [
    'He said "no and then nothing closed.',
    "\u201d Stray closing mark, then \u201cone open \u201c two open.",
    '"""',
    "\u201cUnclosed in the first paragraph\nand no mark in the second, she said.",
])
def test_quotes_odd_quote_marks_never_abort(pipeline, text):
    result = pipeline.analyze(text)
    assert result.ok and not [p for p in result.problems if p.stage == "quotes"]


def test_quotes_evidence_covers_speaker_cue_and_content(pipeline):
    text = "Officials said on Friday that the border would stay closed."
    q = _only(pipeline, text)
    assert q.evidence.text == text[:-1]
    for span in (q.speaker, q.cue, *q.content):
        assert q.evidence.contains(span) and text[span.start:span.end] == span.text


def test_quotes_two_apostrophes_quote_a_statement(pipeline):
    q = _only(pipeline, "''We will not back down,'' Mr. Cruz said.")
    assert (q.kind, q.cue.text, q.speaker.text) == ("direct", "said", "Mr. Cruz")
    assert _contents(q) == ["We will not back down"]


def test_quotes_parenthetical_speech_verb_takes_both_sides(pipeline):
    text = ("In his state, Christie said, nonviolent first-time drug offenders are sent "
            "to mandatory drug treatment.")
    q = next(q for q in _quotes(pipeline, text) if q.cue.text == "said")
    assert q.speaker.text == "Christie"
    assert _contents(q) == ["In his state", "nonviolent first-time drug offenders are sent to "
                                            "mandatory drug treatment"]


def test_quotes_object_keeps_its_infinitive(pipeline):
    text = "The senator urged Congress to pass the bill before the recess."
    q = next(q for q in _quotes(pipeline, text) if q.cue.text == "urged")
    assert _contents(q) == ["Congress to pass the bill before the recess"]


@pytest.mark.parametrize(("text", "cue", "speaker"), [
    ("Cruz pivoted to arguing that the border must be secured.", "arguing", "Cruz"),
    ("He responded by telling reporters that the plan was dead.", "telling",
     "He"),
    ("Politico published a story saying that Carson had never applied.", "saying",
     "a story"),
])
def test_quotes_speaker_of_a_dependent_cue(pipeline, text, cue, speaker):
    q = next(q for q in _quotes(pipeline, text) if q.cue.text == cue)
    assert q.speaker.text == speaker


def test_quotes_title_case_headline_verb(pipeline):
    text = "Ben Carson Slams Hillary And The Media\n\nThe candidate spoke in Iowa on Monday."
    q = _only(pipeline, text)
    assert (q.cue.text, q.speaker.text, _contents(q)) == ("Slams", "Ben Carson",
                                                         ["Hillary And The Media"])


def test_quotes_according_to_is_not_a_relay_of_a_side_statement(pipeline):
    text = ("His lead among voters who say they will vote in the primary is much larger, "
            "according to the poll.")
    q = next(q for q in _quotes(pipeline, text) if q.kind == "according_to")
    assert q.speaker.text == "the poll"


def test_quotes_inverted_speaker_after_the_cue(pipeline):
    q = _only(pipeline, "''I'm more skilled with my hands than with my brain,'' said "
                        "Robin Maynard, half joking.")
    assert q.cue.text == "said" and q.speaker.text == "Robin Maynard"


def test_quotes_speaker_is_never_a_word_of_the_quote(pipeline):
    text = "\u201cEverything about this campaign is rigged and broken,\u201d Broaddrick said."
    q = _only(pipeline, text)
    assert q.speaker.text == "Broaddrick"


def test_quotes_a_thing_that_would_challenge_something_says_nothing(pipeline):
    result = pipeline.analyze("Ukraine's alignment with NATO would challenge Russia's "
                              "aspirations for regional dominance.")
    assert result.quotes == []
    result = pipeline.analyze("The senator challenged the claim that taxes would rise.")
    assert [q.cue.text for q in result.quotes] == ["challenged"]


@pytest.mark.model
def test_quotes_sentence_final_finding_attributes_the_clause_before_it(pipeline):
    result = pipeline.analyze("Labour received more than 5m in donations, new figures show.")
    [quote] = result.quotes
    assert (quote.cue_type, quote.speaker.text, quote.cue.text) == ("finding", "new figures",
                                                                     "show")
    assert quote.content[0].text == "Labour received more than 5m in donations"
    assert [s.sourcing for s in result.sentences] == ["attributed"]
