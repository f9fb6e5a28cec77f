"""`sitroom eval tone`: tone toward a named actor on NewsMTSC (../shared/data/sentiment/newsmtsc,
train.jsonl): each target is a person mentioned in a news sentence, labelled negative, neutral
or positive toward that person.

Scores are macro-F1 over the three classes (and accuracy):

* `model_*`: the actor tone model, by 5-fold cross-validation; folds group the sentences of
  one article, so no article is in training and test at once.
* `lexicon_*`: no training; the clause valence around the mention on our scale, cut at
  +-0.05 into negative / neutral / positive (the cut VADER documents for its compound score).
* `vader_*`: VADER's own `polarity_scores` on the text of the mention's clause, same cut.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from ..stages import tone
from ..train import linear
from . import require
from .causal import parse_texts

DEFAULT_FILE = "sentiment/newsmtsc/train.jsonl"
LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
CLASSES = ("negative", "neutral", "positive")
NEUTRAL_BAND = 0.05
MODEL_SETTINGS = {"l2": 1e-3, "steps": 300, "rate": 0.05, "min_count": 2, "keep_above": 0.05}


@dataclass(frozen=True)
class Target:
    article: str
    sentence: str
    start: int
    end: int
    label: str


def read_newsmtsc(path: Path) -> list[Target]:
    targets = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            article = "_".join(row["primary_gid"].split("_")[:3])
            for t in row["targets"]:
                targets.append(Target(article=article, sentence=row["sentence_normalized"],
                                      start=t["from"], end=t["to"], label=LABELS[t["polarity"]]))
    return targets


def macro_scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    f1s = []
    for label in CLASSES:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return {"macro_f1": sum(f1s) / len(f1s), "accuracy": accuracy,
            **{f"f1_{label}": f for label, f in zip(CLASSES, f1s, strict=True)}}


def band(score: float) -> str:
    if score > NEUTRAL_BAND:
        return "positive"
    return "negative" if score < -NEUTRAL_BAND else "neutral"


def folds(targets: Sequence[Target], k: int = 5) -> list[int]:
    return [zlib.crc32(t.article.encode()) % k for t in targets]


def fit_actor_model(features: Sequence[list[str]], labels: Sequence[str]):
    """The one recipe used both for cross-validation and for the shipped model."""
    return linear.fit(features, labels, **MODEL_SETTINGS)


def cross_validate(features: Sequence[list[str]], targets: Sequence[Target],
                   k: int = 5) -> list[str]:
    fold_of = folds(targets, k)
    predicted = [""] * len(targets)
    for fold in range(k):
        train = [i for i, f in enumerate(fold_of) if f != fold]
        model = fit_actor_model([features[i] for i in train], [targets[i].label for i in train])
        for i, f in enumerate(fold_of):
            if f == fold:
                predicted[i] = model.predict(features[i])
    return predicted


def parsed_targets(nlp: Language, targets: Sequence[Target]):
    """(target, mention span, valences) per target; each sentence is parsed once."""
    texts = list(dict.fromkeys(t.sentence for t in targets))
    docs = dict(zip(texts, parse_texts(nlp, texts), strict=True))
    valence = {text: tone.valences(doc) for text, doc in docs.items()}
    for target in targets:
        doc = docs[target.sentence]
        span = doc.char_span(target.start, target.end, alignment_mode="expand")
        if span is not None:
            yield target, span, valence[target.sentence]


def evaluate(nlp: Language, path: Path | None = None, *, k: int = 5,
             limit: int | None = None) -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    targets = read_newsmtsc(path or require(DEFAULT_FILE))[:limit]
    kept, features, lexicon_guess, vader_guess = [], [], [], []
    for target, span, valence in parsed_targets(nlp, targets):
        kept.append(target)
        features.append(tone.actor_features(span, valence))
        clause = tone.clause_of(span.root)
        lexicon_guess.append(band(tone.normalise(sum(valence[i] for i in clause))))
        text = span.doc[clause.start:clause.stop].text
        vader_guess.append(band(vader.polarity_scores(text)["compound"]))
    gold = [t.label for t in kept]
    out = {"targets": len(targets), "scored": len(kept)}
    for name, guess in (("model", cross_validate(features, kept, k)),
                        ("lexicon", lexicon_guess), ("vader", vader_guess)):
        out.update({f"{name}_{m}": v for m, v in macro_scores(gold, guess).items()})
    return out
