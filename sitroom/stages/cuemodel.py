"""The learned part of the quotes stage: more cue words, and which candidates to keep.

`sitroom/train/quotes.py` builds `sitroom/data/quotes/cue_model.json` from PolNeAR train
(docs/quality/quotes.md says how). It holds

- `candidates`: cue words PolNeAR annotators used, with the complements to try that the
  hand lexicon (`cues.tsv`) does not give them (all of them for a word it lacks); they
  propose attributions like lexicon cues do;
- `keep`: a logistic regression over string features of each candidate attribution (its
  cue's lemma, how its content was found, the speaker's kind, ...): `weights`, `bias`, and
  the `threshold` below which a candidate is dropped.

Scoring is a sum over a dict, so the stage needs no machine-learning library at run time.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from ..errors import DataError
from .cues import COMPLEMENTS, Cue, lemma_hashes

MODEL_FILE = "cue_model.json"
# The type of a learned cue word: PolNeAR does not say what kind of attribution a cue
# makes, and most of the words it adds report attitudes (seem, defend, refer to).
LEARNED_TYPE = "belief"


@dataclass(frozen=True)
class Scorer:
    """A logistic regression over binary string features, and the probability it asks for."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def keeps(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    def as_dict(self) -> dict:
        return {"bias": self.bias, "threshold": self.threshold,
                "weights": dict(sorted(self.weights.items()))}


@dataclass(frozen=True)
class CueModel:
    """Learned cue words, and `keep`, which weighs every candidate attribution."""

    candidates: dict[tuple[str, str], Cue]
    keep: Scorer
    _merged: dict[tuple[str, str], Cue] = field(default_factory=dict, compare=False, repr=False)

    def extend(self, cue: Cue | None, key: tuple[str, str]) -> Cue | None:
        """A lexicon cue (or None) with the complements the model learned for its word."""
        learned = self.candidates.get(key)
        if learned is None or cue is None:
            return cue or learned
        if key not in self._merged:
            extra = tuple(t for t in learned.takes if t not in cue.takes)
            self._merged[key] = Cue(lemma=cue.lemma, pos=cue.pos, cue_type=cue.cue_type,
                                    takes=cue.takes + extra)
        return self._merged[key]

    @functools.cached_property
    def lemma_hashes(self) -> frozenset[int]:
        return lemma_hashes(lemma for lemma, _ in self.candidates)

    def as_dict(self) -> dict:
        return {"candidates": sorted([c.lemma, c.pos, "|".join(c.takes)]
                                     for c in self.candidates.values()),
                "keep": self.keep.as_dict()}


def _scorer(data: dict) -> Scorer:
    return Scorer(weights=dict(data.get("weights", {})), bias=float(data.get("bias", 0.0)),
                  threshold=float(data.get("threshold", 0.0)))


def from_dict(data: dict) -> CueModel:
    candidates = {}
    for lemma, pos, takes in data.get("candidates", ()):
        cue = Cue(lemma=lemma, pos=pos, cue_type=LEARNED_TYPE, takes=tuple(takes.split("|")))
        if not set(cue.takes) <= set(COMPLEMENTS):
            raise DataError(f"{MODEL_FILE}: bad candidate {lemma!r} {takes!r}")
        candidates[(lemma, pos)] = cue
    return CueModel(candidates=candidates, keep=_scorer(data.get("keep", {})))


@functools.cache
def cue_model() -> CueModel | None:
    """The model shipped with sitroom, or None when none has been built."""
    path = resources.files("sitroom") / "data" / "quotes" / MODEL_FILE
    if not path.is_file():
        return None
    try:
        return from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise DataError(f"{MODEL_FILE}: {exc}") from exc
