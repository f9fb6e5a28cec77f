"""Causal claims on hand-built parses: frames, signals, claimant."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Doc

from sitroom.context import Findings
from sitroom.records import Document, Quote, Span
from sitroom.stages import claims


VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case) without a model


def parsed(rows: list[tuple[str, int, str, str, str, str]]) -> Doc:
    """A Doc from (word, head, dep, pos, tag, lemma) rows; heads are absolute indices."""
    words, heads, deps, pos, tags, lemmas = (list(column) for column in zip(*rows))
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags,
               lemmas=lemmas, sent_starts=[True] + [False] * (len(words) - 1))


BECAUSE = parsed([
    ("Prices", 1, "nsubj", "NOUN", "NNS", "price"),
    ("rose", 1, "ROOT", "VERB", "VBD", "rise"),
    ("because", 4, "mark", "SCONJ", "IN", "because"),
    ("demand", 4, "nsubj", "NOUN", "NN", "demand"),
    ("grew", 1, "advcl", "VERB", "VBD", "grow"),
    (".", 1, "punct", "PUNCT", ".", "."),
])

REASON = parsed([
    ("One", 7, "nsubj", "NUM", "CD", "one"),
    ("of", 0, "prep", "ADP", "IN", "of"),
    ("the", 3, "det", "DET", "DT", "the"),
    ("reasons", 1, "pobj", "NOUN", "NNS", "reason"),
    ("for", 3, "prep", "ADP", "IN", "for"),
    ("the", 6, "det", "DET", "DT", "the"),
    ("war", 4, "pobj", "NOUN", "NN", "war"),
    ("is", 7, "ROOT", "AUX", "VBZ", "be"),
    ("the", 9, "det", "DET", "DT", "the"),
    ("threat", 7, "attr", "NOUN", "NN", "threat"),
    (".", 7, "punct", "PUNCT", ".", "."),
])

PASSIVE = parsed([
    ("The", 1, "det", "DET", "DT", "the"),
    ("riots", 3, "nsubjpass", "NOUN", "NNS", "riot"),
    ("were", 3, "auxpass", "AUX", "VBD", "be"),
    ("triggered", 3, "ROOT", "VERB", "VBN", "trigger"),
    ("by", 3, "agent", "ADP", "IN", "by"),
    ("the", 6, "det", "DET", "DT", "the"),
    ("verdict", 4, "pobj", "NOUN", "NN", "verdict"),
    (".", 3, "punct", "PUNCT", ".", "."),
])


def texts(doc: Doc, relation: claims.Relation) -> tuple[str, str, str]:
    return tuple(doc[a:b].text for a, b in (relation.cause, relation.effect, relation.signal))


def only_relation(doc: Doc) -> claims.Relation:
    relations = claims.relations_in(doc[:])
    assert len(relations) == 1, relations
    return relations[0]


def test_claims_because_clause_is_the_cause():
    relation = only_relation(BECAUSE)
    assert texts(BECAUSE, relation) == ("demand grew", "Prices rose", "because")
    assert relation.strong and relation.frame == "clause_cause"


def test_claims_reason_for_reads_both_sides_of_the_copula():
    relation = only_relation(REASON)
    assert texts(REASON, relation) == ("the threat", "the war", "One of the reasons for")


def test_claims_passive_causative_flips_subject_to_effect():
    relation = only_relation(PASSIVE)
    assert texts(PASSIVE, relation) == ("the verdict", "The riots", "triggered")


def test_claims_lexicon_rows_name_known_frames():
    entries = [e for group in claims.signals().values() for e in group]
    assert len(entries) > 100
    assert {e.frame for e in entries} <= set(claims.FRAMES)
    assert {e.in_span for e in entries} <= {"cause", "effect", "-"}


def test_claims_longer_signal_masks_shorter_one():
    words = [w for w, _ in claims.signal_matches(REASON[:])]
    assert words == ["reasons for"]


def _findings(doc: Doc, quotes: list[Quote]) -> Findings:
    found = Findings(document=Document(id="d1", text=doc.text))
    found.quotes.extend(quotes)
    return found


def _quote(doc: Doc, speaker_actor: str | None) -> Quote:
    content = Span(start=0, end=len(doc.text), text=doc.text)
    return Quote(doc_id="d1", id="q1", kind="direct", cue_type="speech", evidence=content,
                 content=(content,), speaker_actor=speaker_actor)


def test_claims_claim_inside_a_quote_is_the_speakers():
    found = _findings(REASON, [_quote(REASON, "person:vladimir-putin")])
    claim = claims.make_claim(found, REASON, only_relation(REASON))
    assert claim.claimant == "person:vladimir-putin"
    assert claim.attributed and claim.via_quote == "q1"
    assert (claim.cause.text, claim.effect.text) == ("the threat", "the war")
    assert claim.signal.text == "One of the reasons for"
    assert REASON.text[claim.evidence.start:claim.evidence.end] == claim.evidence.text


def test_claims_claim_outside_quotes_is_the_authors():
    other = Span(start=0, end=6, text="Prices")
    quote = Quote(doc_id="d1", id="q1", kind="direct", cue_type="speech", evidence=other,
                  content=(other,), speaker_actor="person:someone")
    claim = claims.make_claim(_findings(BECAUSE, [quote]), BECAUSE, only_relation(BECAUSE))
    assert (claim.claimant, claim.attributed, claim.via_quote) == ("author", False, None)


def test_claims_unresolved_speaker_is_unknown_but_attributed():
    found = _findings(REASON, [_quote(REASON, None)])
    claim = claims.make_claim(found, REASON, only_relation(REASON))
    assert (claim.claimant, claim.attributed) == ("unknown", True)


@pytest.mark.model
def test_claims_stage_on_a_short_text(pipeline):
    analysis = pipeline.analyze("Shops stayed shut on Monday due to the strike.")
    assert not analysis.problems
    [claim] = analysis.claims
    assert (claim.cause.text, claim.signal.text) == ("the strike", "due to")
    assert claim.effect.text.startswith("Shops stayed shut")
    assert claim.claimant == "author"


def test_claims_sentence_vector_pools_the_parse_tensor():
    doc = parsed([(w, 0, "dep", "X", "X", w) for w in ("a", "b", "c")])
    assert claims.sentence_vector(doc[:]) is None  # no tensor: the model reads words alone
    doc.tensor = numpy.array([[1.0, 4.0], [3.0, 0.0], [5.0, 2.0]], dtype="float32")
    assert claims.sentence_vector(doc[1:3]).tolist() == [4.0, 1.0, 5.0, 2.0]  # means, maxima


def test_claims_sentence_model_reads_vectors_of_its_own_pipeline_only():
    model = claims.sentence_model()
    assert claims.uses_vectors(model, model.dense.source)
    assert not claims.uses_vectors(model, "en_core_web_trf")


KILLED_IN = parsed([
    ("Six", 2, "nsubjpass", "NUM", "CD", "six"),
    ("were", 2, "auxpass", "AUX", "VBD", "be"),
    ("killed", 2, "ROOT", "VERB", "VBN", "kill"),
    ("in", 2, "prep", "ADP", "IN", "in"),
    ("the", 5, "det", "DET", "DT", "the"),
    ("attack", 3, "pobj", "NOUN", "NN", "attack"),
    (".", 2, "punct", "PUNCT", ".", "."),
])

STAYED_IN = parsed([
    ("Six", 1, "nsubj", "NUM", "CD", "six"),
    ("stayed", 1, "ROOT", "VERB", "VBD", "stay"),
    ("in", 1, "prep", "ADP", "IN", "in"),
    ("the", 4, "det", "DET", "DT", "the"),
    ("attack", 2, "pobj", "NOUN", "NN", "attack"),
    (".", 1, "punct", "PUNCT", ".", "."),
])


def test_claims_harm_in_an_event_is_the_events_effect():
    relation = only_relation(KILLED_IN)
    assert texts(KILLED_IN, relation) == ("the attack", "Six were killed", "in")
    assert (relation.frame, relation.strong) == ("harm_event", False)
    assert claims.relations_in(STAYED_IN[:]) == []  # no harm: "in" is only a place or time


FOR_TWO_DAYS = parsed([
    ("They", 1, "nsubj", "PRON", "PRP", "they"),
    ("marched", 1, "ROOT", "VERB", "VBD", "march"),
    ("for", 1, "prep", "ADP", "IN", "for"),
    ("two", 4, "nummod", "NUM", "CD", "two"),
    ("days", 2, "pobj", "NOUN", "NNS", "day"),
    (".", 1, "punct", "PUNCT", ".", "."),
])


FOR_PEACE = parsed([
    ("They", 1, "nsubj", "PRON", "PRP", "they"),
    ("marched", 1, "ROOT", "VERB", "VBD", "march"),
    ("for", 1, "prep", "ADP", "IN", "for"),
    ("peace", 2, "pobj", "NOUN", "NN", "peace"),
    (".", 1, "punct", "PUNCT", ".", "."),
])


def test_claims_weak_preposition_before_a_span_of_time_says_when_not_why():
    assert claims.relations_in(FOR_TWO_DAYS[:]) == []
    assert texts(FOR_PEACE, only_relation(FOR_PEACE)) == ("peace", "They marched", "for")
