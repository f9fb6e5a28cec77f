"""Build the quotes stage's cue model (`sitroom/data/quotes/cue_model.json`) from PolNeAR.

1. Parse the training articles and run the stages before `quotes` on them.
2. Candidate cues: the words PolNeAR annotators marked as cues (the syntactic head of
   each cue span) at least `min_count` times, with every complement the hand lexicon
   does not give them (all of them for a word it lacks).
3. Every attribution the quotes passes propose with the hand lexicon plus those candidates
   is an example, labelled by whether its content matches a gold attribution (the scorer's
   rule: it shares at least half of the gold content's word tokens).
4. A logistic regression (scikit-learn) over the examples' features
   (`quotes._Finder.features`); its weights are written as plain numbers (`keep`).
5. The threshold is the one that maximises the sum of F1 (a), F1 (b) and source accuracy
   (a) -- the numbers the foundation issue sets targets for -- on a held-out part of the
   training articles, scored end to end like `sitroom eval quotes`; the final weights are
   then fitted on all the articles.

scikit-learn is needed here only: the stage reads the weights without it.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, DocBin, Token

from ..context import Findings
from ..eval import polnear
from ..pipeline import Pipeline, make_document
from ..stages import quotes as quotes_stage
from ..stages.cuemodel import LEARNED_TYPE, CueModel, Scorer
from ..stages.cues import COMPLEMENTS, Cue, CueLexicon, lexicon

# Words that are never a cue by themselves (auxiliaries, light verbs).
_NOT_CUES = {"be", "have", "do", "will", "would", "can", "could", "may", "might", "shall",
             "should", "must", "get", "make", "take", "go"}
_CUE_POS = {"VERB": "verb", "NOUN": "noun"}


@dataclass
class Parsed:
    """One training article, parsed, with the findings of the stages before quotes."""

    article: polnear.Article
    doc: Doc


@dataclass(frozen=True)
class Settings:
    min_count: int = 3
    c: float = 1.0
    held_out: float = 0.2
    seed: int = 13


_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def parse(split: Path, pipeline: Pipeline, cache: Path | None = None) -> list[Parsed]:
    """The articles of a split, parsed (read from `cache` when it is there, written to it
    when it is not) and run through the stages that come before quotes."""
    articles = list(polnear.articles(split))
    documents = [make_document({"id": a.name, "text": a.text}, pipeline.options)
                 for a in articles]
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(pipeline.nlp.vocab))
    else:
        docs = list(pipeline.nlp.pipe((d.text for d in documents), batch_size=32))
        if cache is not None:
            DocBin(docs=docs).to_disk(cache)
    before = [s for s in pipeline.stages if s.name != "quotes"]
    parsed = []
    for article, document, doc in zip(articles, documents, docs, strict=True):
        doc._.sitroom = Findings(document=document)
        for stage in before:
            stage(doc, pipeline.context)
        parsed.append(Parsed(article=article, doc=doc))
    return parsed


def cue_heads(item: Parsed) -> Iterator[Token]:
    """The head word of every gold cue (the article's text must be the Doc's)."""
    if item.doc.text != item.article.text:
        return
    for gold in item.article.attributions:
        tokens = [t for s, e in gold.cue
                  if (span := item.doc.char_span(s, e, alignment_mode="expand")) is not None
                  for t in span]
        inside = {t.i for t in tokens}
        heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
        if heads:
            yield heads[0]


def candidate_cues(items: Iterable[Parsed], lex: CueLexicon, min_count: int
                   ) -> dict[tuple[str, str], Cue]:
    counts = Counter((t.lemma_.lower(), _CUE_POS[t.pos_]) for item in items
                     for t in cue_heads(item) if t.pos_ in _CUE_POS)
    out = {}
    for key, n in counts.items():
        hand = lex.get(*key)
        takes = tuple(k for k in COMPLEMENTS if hand is None or k not in hand.takes)
        if n >= min_count and takes and key[0].isalpha() and key[0] not in _NOT_CUES:
            out[key] = Cue(lemma=key[0], pos=key[1], cue_type=LEARNED_TYPE, takes=takes)
    return out


def examples(items: Iterable[Parsed], model: CueModel) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every candidate attribution."""
    features, labels = [], []
    lex = lexicon()
    for item in items:
        finder = quotes_stage._Finder(item.doc, item.doc._.sitroom, lex, model)
        text = item.article.text
        gold_words = [polnear.words(g.content, text) for g in item.article.attributions]
        for draft in finder.candidates():
            words = polnear.words(tuple((s.start_char, s.end_char) for s in draft.contents),
                                  text)
            features.append(finder.features(draft))
            labels.append(int(any(g and 2 * len(g & words) >= len(g) for g in gold_words)))
    return features, labels


def fit(features: list[list[str]], labels: list[int], c: float, threshold: float) -> Scorer:
    """A logistic regression over binary features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([dict.fromkeys(f, 1) for f in features])
    model = LogisticRegression(C=c, max_iter=2000).fit(x, labels)
    weights = {name: round(float(w), 4) for name, w in
               zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
               if abs(w) >= 1e-3}
    return Scorer(weights=weights, bias=round(float(model.intercept_[0]), 4),
                  threshold=threshold)


def evaluate(items: Iterable[Parsed], model: CueModel | None, judge) -> polnear.Scores:
    """End-to-end scores of the quotes stage with `model` on parsed articles."""
    triples = []
    lex = lexicon()
    for item in items:
        found: Findings = item.doc._.sitroom
        found.quotes = []
        drafts = quotes_stage._Finder(item.doc, found, lex, model).run()
        found.quotes.extend(quotes_stage._record(found, d) for d in drafts)
        triples.append(polnear.scored(item.article, item.doc.text, found.quotes, judge))
    return polnear.score(triples)


def train(items: list[Parsed], settings: Settings, judge) -> tuple[CueModel, dict]:
    """The model, and a report of what choosing its threshold measured."""
    order = list(range(len(items)))
    random.Random(settings.seed).shuffle(order)
    cut = int(len(items) * settings.held_out)
    held = [items[i] for i in order[:cut]]
    trial = _model([items[i] for i in order[cut:]], settings)
    report: dict = {"baseline": evaluate(held, None, judge).metrics(), "threshold": {}}
    for threshold in _THRESHOLDS:
        model = replace(trial, keep=replace(trial.keep, threshold=threshold))
        report["threshold"][threshold] = evaluate(held, model, judge).metrics()
    best = max(report["threshold"], key=lambda t: _objective(report["threshold"][t]))
    final = _model(items, settings)
    return replace(final, keep=replace(final.keep, threshold=best)), report


def _objective(metrics: dict[str, float]) -> float:
    """The three numbers the foundation issue sets targets for, weighed alike."""
    return metrics["speech_f1"] + metrics["all_f1"] + metrics["speech_source_accuracy"]


def _model(items: list[Parsed], settings: Settings) -> CueModel:
    candidates = candidate_cues(items, lexicon(), settings.min_count)
    keep_all = CueModel(candidates=candidates, keep=Scorer(weights={}, bias=0.0, threshold=0.0))
    features, labels = examples(items, keep_all)
    return replace(keep_all, keep=fit(features, labels, settings.c, threshold=0.5))
