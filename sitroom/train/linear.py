"""A small multinomial logistic regression over string features, in numpy.

Examples are lists of feature strings (binary features). Training is full-batch gradient
descent with Adam and L2 on a sparse (row, column) encoding, so a few thousand sentences train
in a second or two; the saved model is a JSON table of the weights that matter, small enough
to ship, and predicting is a dictionary lookup per feature.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """Weights per feature and label; `labels[k]` gets score `bias[k] + sum(weights[f][k])`."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, features: Sequence[str]) -> list[float]:
        total = list(self.bias)
        for feature in set(features):
            row = self.weights.get(feature)
            if row is not None:
                total = [t + w for t, w in zip(total, row, strict=True)]
        return total

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        scores = self.scores(features)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        norm = sum(exps)
        return {label: e / norm for label, e in zip(self.labels, exps, strict=True)}

    def predict(self, features: Sequence[str]) -> str:
        probs = self.probabilities(features)
        return max(probs, key=probs.get)

    def save(self, path: Path, **meta) -> None:
        data = {**meta, "labels": list(self.labels), "bias": list(self.bias),
                "weights": {f: list(w) for f, w in sorted(self.weights.items())}}
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(labels=tuple(data["labels"]), bias=tuple(data["bias"]),
                   weights={f: tuple(w) for f, w in data["weights"].items()})


def fit(examples: Sequence[Sequence[str]], labels: Sequence[str], *, l2: float = 1e-3,
        steps: int = 300, rate: float = 0.05, min_count: int = 2,
        keep_above: float = 1e-3) -> LinearModel:
    """Train on feature lists; features seen fewer than `min_count` times are dropped."""
    classes = tuple(sorted(set(labels)))
    counts = Counter(f for features in examples for f in set(features))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = _encode(examples, vocab)
    y = np.array([classes.index(label) for label in labels])
    weights, bias = _descend(rows, cols, y, len(vocab), len(classes), l2=l2, steps=steps,
                             rate=rate)
    names = list(vocab)
    kept = {names[j]: tuple(round(float(w), 4) for w in weights[j])
            for j in range(len(names)) if np.abs(weights[j]).max() > keep_above}
    return LinearModel(labels=classes, bias=tuple(round(float(b), 4) for b in bias),
                       weights=kept)


def _encode(examples: Sequence[Sequence[str]], vocab: dict[str, int]):
    rows, cols = [], []
    for i, features in enumerate(examples):
        for j in {vocab[f] for f in features if f in vocab}:
            rows.append(i)
            cols.append(j)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def _descend(rows, cols, y, n_features: int, n_classes: int, *, l2: float, steps: int,
             rate: float):
    """Adam on the mean cross-entropy plus `l2 * |W|^2`; returns (weights, bias)."""
    n = len(y)
    weights = np.zeros((n_features, n_classes))
    bias = np.zeros(n_classes)
    onehot = np.eye(n_classes)[y]
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias),
               np.zeros_like(bias)]
    for step in range(1, steps + 1):
        scores = np.stack([np.bincount(rows, weights=weights[cols, k], minlength=n)
                           for k in range(n_classes)], axis=1) + bias
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        error = (probs - onehot) / n
        grad_w = np.stack([np.bincount(cols, weights=error[rows, k], minlength=n_features)
                           for k in range(n_classes)], axis=1) + 2 * l2 * weights
        grad_b = error.sum(axis=0)
        _adam(weights, grad_w, moments[0], moments[1], step, rate)
        _adam(bias, grad_b, moments[2], moments[3], step, rate)
    return weights, bias


def _adam(param, grad, m, v, step: int, rate: float, b1: float = 0.9, b2: float = 0.999):
    m *= b1
    m += (1 - b1) * grad
    v *= b2
    v += (1 - b2) * grad * grad
    param -= rate * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + 1e-8)
