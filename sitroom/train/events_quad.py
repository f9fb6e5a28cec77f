"""Train the model that helps pick the event a sentence is about (`sitroom.events.salience`).

    python -m sitroom.train.events_quad            # 5-fold CV numbers, then write the model
    python -m sitroom.train.events_quad --cv-only  # numbers only

Data: the ConfliBERT quad sentences (../shared/data/events/conflibert/cameo_class/train.tsv),
each run through the pipeline so that the features include what our rules coded. The model
is a multinomial logistic regression (scikit-learn) over binary features, kept when a feature
occurs in at least `MIN_COUNT` training sentences, written as plain numbers to
sitroom/data/events/quad_model.json. The same `fit()` and `cross_validate()` serve
`sitroom eval events`, which scores the quad task by 5-fold cross-validation.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from ..events import salience
from ..events.salience import QuadModel
from ..records import Event

C = 3.0  # inverse regularisation strength
MIN_COUNT = 3
FOLDS, SEED = 5, 0
DECIMALS = 4

Sentence = list[list[Event]]  # a gold sentence's events, grouped by the sentence they are in


def fit(items: Sequence[tuple[str, Sentence]], labels: Sequence[int]) -> QuadModel:
    """A model from gold sentences (text and our events) and their pentaclass labels."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    rows = [salience.features(text, [e for group in groups for e in group])
            for text, groups in items]
    counts = Counter(name for row in rows for name in row)
    rows = [{k: v for k, v in row.items() if counts[k] >= MIN_COUNT} for row in rows]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    with threadpool_limits(1):  # BLAS threads only fight each other over so small a problem
        regression = LogisticRegression(C=C, max_iter=5000).fit(matrix, list(labels))
    coef, intercept = regression.coef_, regression.intercept_
    if coef.shape[0] == 1:  # two classes: one score, the other class fixed at zero
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.r_[0.0, intercept]
    names = vectorizer.get_feature_names_out()
    weights = {str(name): tuple(round(float(w), DECIMALS) for w in coef[:, j])
               for j, name in enumerate(names)}
    return QuadModel(classes=tuple(int(c) for c in regression.classes_),
                     bias=tuple(round(float(b), DECIMALS) for b in intercept),
                     weights=weights)


def predict(quad: QuadModel | None, text: str, groups: Sentence) -> int:
    """The pentaclass of a gold sentence: that of the main event of its first sentence
    that has events, as `sitroom eval events` reads it."""
    mains = [salience.main_event(group[0].evidence.text, group, quad) for group in groups]
    mains = salience.rule_order([m for m in mains if m is not None])
    return salience.penta(mains[0] if mains else None)


def cross_validate(items: Sequence[tuple[str, Sentence]], labels: Sequence[int], *,
                   direct: bool = False) -> list[int]:
    """Each sentence's pentaclass predicted by a model that did not see it (stratified
    5-fold split, fixed seed): through the main event it picks, or (`direct`) the model's
    own most probable class, which no record carries."""
    from sklearn.model_selection import StratifiedKFold

    predicted = [0] * len(items)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    for train, test in folds.split(list(range(len(items))), list(labels)):
        quad = fit([items[i] for i in train], [labels[i] for i in train])
        for i in test:
            predicted[i] = _direct(quad, *items[i]) if direct else predict(quad, *items[i])
    return predicted


def _direct(quad: QuadModel, text: str, groups: Sentence) -> int:
    probs = quad.probabilities(salience.features(text, [e for g in groups for e in g]))
    return max(probs, key=probs.get)


def gold_items(pipeline, path: Path) -> tuple[list[tuple[str, Sentence]], list[int]]:
    from ..eval import events as ev

    gold = ev.read_quad(path)
    items = [(g.text, salience.by_sentence(result.events))
             for g, result in zip(gold, ev.analyse(pipeline, gold), strict=True)]
    return items, [g.label for g in gold]


def main(argv: list[str] | None = None) -> None:
    from ..eval import events as ev, require
    from ..pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="print CV numbers only")
    args = parser.parse_args(argv)
    items, labels = gold_items(Pipeline(), require(ev.QUAD))
    rules = [predict(None, *item) for item in items]
    print(f"rules only        macro-F1 {ev.macro_f1(labels, rules):.4f}")
    print(f"rules + model, CV macro-F1 {ev.macro_f1(labels, cross_validate(items, labels)):.4f}")
    direct = cross_validate(items, labels, direct=True)
    print(f"model alone (sentence classes, in no record), CV macro-F1 "
          f"{ev.macro_f1(labels, direct):.4f}")
    if not args.cv_only:
        out = Path(str(resources.files("sitroom") / "data" / "events" / salience.MODEL_FILE))
        fit(items, labels).save(out)
        print(f"wrote {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
