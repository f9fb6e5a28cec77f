"""Tone: of the document, of each sentence, of each quote, and toward each actor.

One scale everywhere: a score in [-1, +1], negative (hostile, alarming) to positive
(favourable, hopeful), 0 neutral.

* Word valence comes from the VADER lexicon that ships inside the vaderSentiment package
  (read from the installed package, not copied into ours). We apply it to the spaCy tokens we
  already have, with VADER's negation words, boosters and normalisation `x / sqrt(x^2 + 15)`,
  instead of running VADER's own tokenizer again: the same scale at a fraction of the cost.
* Sentence and quote tone: the normalised sum of the valences of their words. Document tone:
  the mean of its sentence tones.
* Tone toward an actor, per sentence that mentions it: a small linear model trained on NewsMTSC
  (`python -m sitroom.train.tone`) over the words around the mention, its dependency role and
  head, and the valence of its clause; the score is P(positive) - P(negative).
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import math
from collections.abc import Iterable
from pathlib import Path

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span as SpacySpan, Token

from ..context import Findings, findings
from ..errors import DataError
from ..records import Tone
from ..train.linear import LinearModel
from . import stage

DATA = Path(__file__).resolve().parents[1] / "data" / "tone"
ALPHA = 15.0  # VADER's normalisation constant
NEGATION_SCALE = -0.74  # VADER's N_SCALAR: "not good" is about -0.74 * "good"
BOOST = 0.293  # VADER's B_INCR
WINDOW = 4  # words each side of a mention read by the actor model


@stage("tone", needs=("mentions", "quotes"), sets=("tones",))
def tone(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    valence = valences(doc)
    sentences = list(doc.sents)
    sentence_scores = []
    for sent in sentences:
        score = normalise(sum(valence[sent.start:sent.end]))
        sentence_scores.append(score)
        found.tones.append(Tone(doc_id=found.doc_id, scope="sentence", score=round(score, 4),
                                evidence=found.span_of(sent)))
    if sentence_scores:
        found.tones.insert(0, Tone(doc_id=found.doc_id, scope="document",
                                   score=round(sum(sentence_scores) / len(sentence_scores), 4),
                                   evidence=found.span(0, len(doc.text))))
    _quote_tones(found, doc, valence)
    _actor_tones(found, doc, valence, sentences)
    return doc


def normalise(total: float) -> float:
    return total / math.sqrt(total * total + ALPHA) if total else 0.0


def _quote_tones(found: Findings, doc: Doc, valence: list[float]) -> None:
    for quote in found.quotes:
        total = 0.0
        for part in quote.content:
            span = doc.char_span(part.start, part.end, alignment_mode="expand")
            if span is not None:
                total += sum(valence[span.start:span.end])
        found.tones.append(Tone(doc_id=found.doc_id, scope="quote",
                                score=round(normalise(total), 4), evidence=quote.evidence))


def _actor_tones(found: Findings, doc: Doc, valence: list[float],
                 sentences: list[SpacySpan]) -> None:
    """One record per (actor, sentence): the mean tone toward its mentions there."""
    model = actor_model()
    starts = [sent.start for sent in sentences]
    words: dict[int, list[str]] = {}  # sentence index -> its words, shared by its mentions
    seen: dict[tuple[str, int], list[float]] = {}
    for mention in found.mentions:
        span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if span is not None:
            index = bisect.bisect_right(starts, span.start) - 1
            sent = sentences[index]
            if index not in words:
                words[index] = sentence_words(sent)
            seen.setdefault((mention.actor_id, index), []).append(
                actor_score(model, span, valence, sent, words[index]))
    for (actor_id, index), scores in seen.items():
        found.tones.append(Tone(doc_id=found.doc_id, scope="actor", target_actor=actor_id,
                                score=round(sum(scores) / len(scores), 4),
                                evidence=found.span_of(sentences[index])))


# --- word valence ----------------------------------------------------------------------------


@functools.cache
def lexicon() -> dict[str, float]:
    """VADER's word -> mean valence (-4..+4), read from the installed vaderSentiment."""
    try:
        text = importlib.resources.files("vaderSentiment").joinpath(
            "vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise DataError("the VADER lexicon is missing: pip install vaderSentiment") from exc
    table = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) >= 2:
            table[fields[0]] = float(fields[1])
    return table


@functools.cache
def _modifiers() -> tuple[frozenset[str], dict[str, float]]:
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE

    return frozenset(NEGATE), dict(BOOSTER_DICT)


@functools.cache
def _hashed_lexicon() -> dict[int, float]:
    """The lexicon keyed by spaCy's string hashes, to read valences off `Doc.to_array`."""
    return {get_string_id(word): value for word, value in lexicon().items()}


def valences(doc: Doc) -> list[float]:
    """Valence per token: lexicon value (of the word, else of its lemma), boosted by an
    intensifier before it and flipped (scaled by -0.74) by a negation among the three words
    before it."""
    table = _hashed_lexicon()
    negations, boosters = _modifiers()
    out = []
    for i, (lower, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
        value = table.get(lower)
        if value is None:
            value = table.get(lemma, 0.0)
        if value:
            value = _modified(doc, doc[i], value, negations, boosters)
        out.append(value)
    return out


def _modified(doc: Doc, token: Token, value: float, negations, boosters) -> float:
    start = token.i
    while start > max(token.i - 3, 0) and not doc[start].is_sent_start:
        start -= 1
    before = doc[start:token.i]
    boost = boosters.get(before[-1].lower_, 0.0) if len(before) else 0.0
    value += boost if value > 0 else -boost  # an intensifier grows |value|, a dampener shrinks it
    if any(t.lower_ in negations or t.dep_ == "neg" for t in before):
        value *= NEGATION_SCALE
    return value


# --- tone toward an actor ----------------------------------------------------------------


@functools.cache
def actor_model() -> LinearModel:
    path = DATA / "actor_model.json"
    if not path.exists():
        raise DataError(f"actor tone model missing: {path} "
                        f"(build it with python -m sitroom.train.tone)")
    return LinearModel.load(path)


def actor_score(model: LinearModel, mention: SpacySpan, valence: list[float],
                sent: SpacySpan | None = None, words: list[str] | None = None) -> float:
    probs = model.probabilities(actor_features(mention, valence, sent, words))
    return probs.get("positive", 0.0) - probs.get("negative", 0.0)


def actor_features(mention: SpacySpan, valence: list[float], sent: SpacySpan | None = None,
                   words: list[str] | None = None) -> list[str]:
    """Features of a mention in its sentence: role, head, nearby words, clause valence;
    `words` are the sentence's `sentence_words`, when the caller already has them."""
    sent, root = sent or mention.sent, mention.root
    features = [f"role={root.dep_}", f"head={root.head.lemma_.lower()}",
                f"role_head={root.dep_}|{root.head.lemma_.lower()}"]
    features += _window(mention, sent)
    features += words if words is not None else sentence_words(sent)
    clause = clause_of(root)
    features += _valence_features("clause", valence, clause, mention)
    features += _valence_features("sent", valence, range(sent.start, sent.end), mention)
    for token in _neighbours(root):
        if valence[token.i]:
            polarity = "pos" if valence[token.i] > 0 else "neg"
            features += [f"nb={polarity}", f"nb={polarity}|{root.dep_}"]
    return features


def sentence_words(sent: SpacySpan) -> list[str]:
    return [f"sw={t.lemma_.lower()}" for t in sent if not t.is_punct]


def _window(mention: SpacySpan, sent: SpacySpan) -> list[str]:
    left = sent.doc[max(sent.start, mention.start - WINDOW):mention.start]
    right = sent.doc[mention.end:min(sent.end, mention.end + WINDOW)]
    return [f"L={t.lemma_.lower()}" for t in left] + [f"R={t.lemma_.lower()}" for t in right]


def clause_of(token: Token) -> range:
    """The tokens of the smallest clause around a token: its nearest verb's subtree."""
    head = token
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return range(head.left_edge.i, head.right_edge.i + 1)


def _neighbours(token: Token) -> Iterable[Token]:
    """The mention's head, its siblings and its own modifiers."""
    yield token.head
    yield from (c for c in token.head.children if c.i != token.i)
    yield from token.children


def _valence_features(name: str, valence: list[float], tokens: range,
                      mention: SpacySpan) -> list[str]:
    values = [valence[i] for i in tokens if not mention.start <= i < mention.end]
    positive = sum(v for v in values if v > 0)
    negative = -sum(v for v in values if v < 0)
    score = normalise(positive - negative)
    bucket = round(score * 4) / 4  # quarters of the scale, so the linear model can bend
    return [f"{name}_tone={bucket:+.2f}", f"{name}_pos={min(int(positive), 6)}",
            f"{name}_neg={min(int(negative), 6)}"]
