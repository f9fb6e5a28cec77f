"""A small multinomial logistic regression over string features, in numpy.

Examples are lists of feature strings (binary features), optionally with a dense vector each
(say, a sentence's pooled token vectors). Training is full-batch gradient descent with Adam
and L2 on a sparse (row, column) encoding, so a few thousand sentences train in a second or
two; the saved model is a JSON table of the weights that matter, small enough to ship, and
predicting is a dictionary lookup per feature (plus one small dot product for the vector).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Dense:
    """Weights of a dense input: `x` adds `sum_i (x[i] - mean[i]) / scale[i] * weights[i][k]`
    to label k's score. Training standardises each dimension; `mean` and `scale` keep that.
    `source` names where the vectors came from (a spaCy pipeline's token vectors mean
    nothing to a model trained on another pipeline's)."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]
    source: str = ""

    def scores(self, vector) -> np.ndarray:
        mean, scale, weights = self._arrays
        return ((np.asarray(vector, dtype=float) - mean) / scale) @ weights

    @functools.cached_property
    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return np.asarray(self.mean), np.asarray(self.scale), np.asarray(self.weights)


@dataclass(frozen=True)
class LinearModel:
    """Weights per feature and label; `labels[k]` gets score `bias[k] + sum(weights[f][k])`,
    plus the dense part's score when the model has one and a vector is given."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    dense: Dense | None = None

    def scores(self, features: Sequence[str], vector=None) -> list[float]:
        total = list(self.bias)
        for feature in set(features):
            row = self.weights.get(feature)
            if row is not None:
                total = [t + w for t, w in zip(total, row, strict=True)]
        if self.dense is not None and vector is not None:
            total = [t + float(d) for t, d in zip(total, self.dense.scores(vector), strict=True)]
        return total

    def probabilities(self, features: Sequence[str], vector=None) -> dict[str, float]:
        scores = self.scores(features, vector)
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
        if self.dense is not None:
            data["dense"] = {"source": self.dense.source, "mean": list(self.dense.mean),
                             "scale": list(self.dense.scale),
                             "weights": [list(w) for w in self.dense.weights]}
        path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        dense = data.get("dense")
        return cls(labels=tuple(data["labels"]), bias=tuple(data["bias"]),
                   weights={f: tuple(w) for f, w in data["weights"].items()},
                   dense=Dense(mean=tuple(dense["mean"]), scale=tuple(dense["scale"]),
                               weights=tuple(tuple(w) for w in dense["weights"]),
                               source=dense["source"])
                   if dense else None)


def fit(examples: Sequence[Sequence[str]], labels: Sequence[str], *, l2: float = 1e-3,
        steps: int = 300, rate: float = 0.05, min_count: int = 2,
        keep_above: float = 1e-3, vectors=None, dense_l2: float | None = None,
        dense_source: str = "") -> LinearModel:
    """Train on feature lists; features seen fewer than `min_count` times are dropped.
    `vectors` (one row per example, from `dense_source`) add a dense part, standardised per
    dimension and regularised by `dense_l2` (default `l2`)."""
    classes = tuple(sorted(set(labels)))
    counts = Counter(f for features in examples for f in set(features))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    rows, cols = _encode(examples, vocab)
    y = np.array([classes.index(label) for label in labels])
    standard = _Standard.of(vectors) if vectors is not None else None
    weights, bias, dense_weights = _descend(
        rows, cols, y, len(vocab), len(classes), l2=l2, steps=steps, rate=rate,
        dense=standard.apply(vectors) if standard else None,
        dense_l2=l2 if dense_l2 is None else dense_l2)
    names = list(vocab)
    kept = {names[j]: tuple(round(float(w), 4) for w in weights[j])
            for j in range(len(names)) if np.abs(weights[j]).max() > keep_above}
    dense = Dense(mean=standard.mean, scale=standard.scale,
                  weights=tuple(tuple(round(float(w), 5) for w in row) for row in dense_weights),
                  source=dense_source) if standard else None
    return LinearModel(labels=classes, bias=tuple(round(float(b), 4) for b in bias),
                       weights=kept, dense=dense)


@dataclass(frozen=True)
class _Standard:
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    @classmethod
    def of(cls, vectors) -> _Standard:
        matrix = np.asarray(vectors, dtype=float)
        return cls(mean=tuple(round(float(m), 5) for m in matrix.mean(axis=0)),
                   scale=tuple(round(float(s), 5) + 1e-3 for s in matrix.std(axis=0)))

    def apply(self, vectors) -> np.ndarray:
        return (np.asarray(vectors, dtype=float) - self.mean) / self.scale


def _encode(examples: Sequence[Sequence[str]], vocab: dict[str, int]):
    rows, cols = [], []
    for i, features in enumerate(examples):
        for j in {vocab[f] for f in features if f in vocab}:
            rows.append(i)
            cols.append(j)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def _descend(rows, cols, y, n_features: int, n_classes: int, *, l2: float, steps: int,
             rate: float, dense=None, dense_l2: float = 0.0):
    """Adam on the mean cross-entropy plus `l2 * |W|^2` (and `dense_l2 * |D|^2` for the
    dense part's weights D); returns (weights, bias, D)."""
    n = len(y)
    weights = np.zeros((n_features, n_classes))
    bias = np.zeros(n_classes)
    dense_weights = np.zeros((0 if dense is None else dense.shape[1], n_classes))
    onehot = np.eye(n_classes)[y]
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias),
               np.zeros_like(bias), np.zeros_like(dense_weights), np.zeros_like(dense_weights)]
    for step in range(1, steps + 1):
        scores = np.stack([np.bincount(rows, weights=weights[cols, k], minlength=n)
                           for k in range(n_classes)], axis=1) + bias
        if dense is not None:
            scores += dense @ dense_weights
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        error = (probs - onehot) / n
        grad_w = np.stack([np.bincount(cols, weights=error[rows, k], minlength=n_features)
                           for k in range(n_classes)], axis=1) + 2 * l2 * weights
        grad_b = error.sum(axis=0)
        _adam(weights, grad_w, moments[0], moments[1], step, rate)
        _adam(bias, grad_b, moments[2], moments[3], step, rate)
        if dense is not None:
            grad_d = dense.T @ error + 2 * dense_l2 * dense_weights
            _adam(dense_weights, grad_d, moments[4], moments[5], step, rate)
    return weights, bias, dense_weights


def _adam(param, grad, m, v, step: int, rate: float, b1: float = 0.9, b2: float = 0.999):
    m *= b1
    m += (1 - b1) * grad
    v *= b2
    v += (1 - b2) * grad * grad
    param -= rate * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + 1e-8)
