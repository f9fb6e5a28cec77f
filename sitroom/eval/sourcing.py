"""Sentence sourcing scored against PolNeAR attributions (a proxy; docs/quality/stance.md).

PolNeAR marks the content of every attribution, not sentence labels; we derive them. A gold
sentence (one of sitroom's sentences, so both sides label the same units) is `quoted` when it
overlaps by at least one letter or digit the content of a gold attribution that stands in
quote marks, `attributed` when it overlaps other gold content, and `unattributed` otherwise.
Two gold variants: `all` counts every attribution; `speech` only reported speech (the cue is
a verb of speaking or "according to", or the content is quoted), which is sitroom's own
definition of a sourced sentence: a belief the author ascribes ("Moscow fears that ...") does
not source it.

Metrics per variant: `accuracy` over the three labels; `sourced_accuracy` over sourced
(quoted or attributed) versus unattributed; precision, recall and F1 of `unattributed`; and
`share_mae`, the mean absolute error of the article-level share of unattributed sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..stages.sourcing import ATTRIBUTED, QUOTED, UNATTRIBUTED
from . import polnear

Offsets = tuple[tuple[int, int], ...]
VARIANTS = ("all", "speech")


@dataclass(kw_only=True)
class Counts:
    """Sentence and article counts for one gold variant."""

    sentences: int = 0
    correct: int = 0
    sourced_correct: int = 0
    true_unsourced: int = 0
    predicted_unsourced: int = 0
    gold_unsourced: int = 0
    share_errors: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.sentences if self.sentences else 0.0

    @property
    def sourced_accuracy(self) -> float:
        return self.sourced_correct / self.sentences if self.sentences else 0.0

    @property
    def unsourced_precision(self) -> float:
        return self.true_unsourced / self.predicted_unsourced if self.predicted_unsourced \
            else 0.0

    @property
    def unsourced_recall(self) -> float:
        return self.true_unsourced / self.gold_unsourced if self.gold_unsourced else 0.0

    @property
    def unsourced_f1(self) -> float:
        p, r = self.unsourced_precision, self.unsourced_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def share_mae(self) -> float:
        errors = self.share_errors
        return sum(errors) / len(errors) if errors else 0.0

    def add(self, predicted: Sequence[str], gold: Sequence[str]) -> None:
        """One article's sentence labels, predicted and gold, in the same order."""
        for p, g in zip(predicted, gold, strict=True):
            self.sentences += 1
            self.correct += p == g
            self.sourced_correct += (p == UNATTRIBUTED) == (g == UNATTRIBUTED)
            self.predicted_unsourced += p == UNATTRIBUTED
            self.gold_unsourced += g == UNATTRIBUTED
            self.true_unsourced += p == g == UNATTRIBUTED
        if gold:
            self.share_errors.append(abs(_share(predicted) - _share(gold)))


@dataclass(kw_only=True)
class Scores:
    variants: dict[str, Counts] = field(default_factory=lambda: {v: Counts() for v in VARIANTS})
    articles: int = 0

    def metrics(self) -> dict[str, float]:
        out = {}
        for variant, counts in self.variants.items():
            for name in ("accuracy", "sourced_accuracy", "unsourced_precision",
                         "unsourced_recall", "unsourced_f1", "share_mae"):
                out[f"{variant}_{name}"] = round(getattr(counts, name), 4)
        return out


def _share(labels: Sequence[str]) -> float:
    return sum(label == UNATTRIBUTED for label in labels) / len(labels)


def gold_labels(sentences: Iterable[tuple[int, int]], text: str,
                attributions: Iterable[polnear.Attribution]) -> list[str]:
    """The derived gold label of each sentence `[start, end)` of `text`."""
    contents = [(a.content, polnear.quoted(a.content, text)) for a in attributions]
    labels = []
    for start, end in sentences:
        hits = [quoted for content, quoted in contents if _overlaps(content, start, end, text)]
        labels.append(QUOTED if any(hits) else ATTRIBUTED if hits else UNATTRIBUTED)
    return labels


def _overlaps(content: Offsets, start: int, end: int, text: str) -> bool:
    return any(ch.isalnum() for s, e in content
               for ch in text[max(s, start):min(e, end)])


def score_article(scores: Scores, text: str, sentences: Sequence[tuple[int, int]],
                  predicted: Sequence[str], gold: Sequence[polnear.Attribution]) -> None:
    """Add one article: sitroom's sentence spans and labels, and PolNeAR's attributions (whose
    `speech` flag says whether each is reported speech)."""
    scores.articles += 1
    for variant in VARIANTS:
        chosen = gold if variant == "all" else [g for g in gold if g.speech]
        scores.variants[variant].add(predicted, gold_labels(sentences, text, chosen))


def evaluate(directory: str | Path, pipeline, *, limit: int | None = None) -> Scores:
    """Run `pipeline` over a PolNeAR split and score its sentence sourcing."""
    gold_articles = list(polnear.articles(directory))[:limit]
    items = ({"id": a.name, "text": a.text} for a in gold_articles)
    judge = polnear.SpeechCueJudge(pipeline.nlp)
    scores = Scores()
    for article, analysis in zip(gold_articles, pipeline.pipe(items), strict=True):
        shift = polnear._offset_map(analysis.document.text, article.text)
        spans = [(s.span.start, s.span.end) for s in analysis.sentences]
        if shift is not None:
            spans = [(shift[s], shift[e]) for s, e in spans]
        gold = [polnear._with_group(g, polnear.reported_speech(g, article.text, judge))
                for g in article.attributions]
        score_article(scores, article.text, spans, [s.sourcing for s in analysis.sentences],
                      gold)
    return scores
