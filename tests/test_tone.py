"""Tone: word valence on hand-built Docs, and the stage's records on short texts."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitroom.stages import tone

VOCAB = spacy.blank("en").vocab


def doc_of(words: list[str], deps: list[str] | None = None) -> Doc:
    return Doc(VOCAB, words=words, deps=deps or ["dep"] * len(words),
               heads=[0] * len(words), sent_starts=[True] + [False] * (len(words) - 1))


def test_tone_lexicon_comes_from_the_vader_package():
    words = tone.lexicon()
    assert len(words) > 7000
    assert words["good"] > 0 > words["bad"]


def test_tone_negation_flips_and_booster_grows_valence():
    plain = tone.valences(doc_of(["a", "good", "deal"]))[1]
    negated = tone.valences(doc_of(["not", "a", "good", "deal"]))[2]
    boosted = tone.valences(doc_of(["a", "very", "good", "deal"]))[2]
    assert plain > 0 > negated
    assert negated == pytest.approx(plain * tone.NEGATION_SCALE)
    assert boosted > plain


def test_tone_normalise_stays_on_the_scale():
    assert tone.normalise(0.0) == 0.0
    assert -1 < tone.normalise(-100.0) < -0.99
    assert 0 < tone.normalise(1.9) < 1


@pytest.mark.model
def test_tone_stage_scores_document_sentences_and_actors(pipeline):
    analysis = pipeline.analyze("Putin praised the brave soldiers. "
                                "NATO condemned the brutal attack on Kyiv.")
    assert not analysis.problems
    scopes = [t.scope for t in analysis.tones]
    assert scopes.count("document") == 1 and scopes.count("sentence") == 2
    assert all(-1 <= t.score <= 1 for t in analysis.tones)
    first, second = [t for t in analysis.tones if t.scope == "sentence"]
    assert first.score > 0 > second.score
    actors = {t.target_actor for t in analysis.tones if t.scope == "actor"}
    assert {"person:vladimir-putin", "igo:NATO"} <= actors
    for record in analysis.tones:
        text = analysis.document.text
        assert text[record.evidence.start:record.evidence.end] == record.evidence.text


@pytest.mark.model
def test_tone_toward_an_actor_follows_what_is_said_about_it(nlp):
    doc = nlp("The court praised Smith for his courage, but it condemned Jones as a liar.")
    valence = tone.valences(doc)
    smith = doc[3:4]
    jones = doc[11:12]
    model = tone.actor_model()
    assert tone.actor_score(model, smith, valence) > tone.actor_score(model, jones, valence)
