"""Which of a sentence's events the sentence is about.

Rules rank a sentence's events: a negated event last (what did not happen is not what a
sentence reports: "He stressed that Finland threatened no one" is his statement), a coded
interaction before a plain statement (CAMEO 01), a real event before a hypothetical one, then
the order the stage found them in (main clause first, then text order). A small linear model over the sentence's words and the codes
the rules found (trained by `python -m sitroom.train.events_quad` on the ConfliBERT quad
sentences) may overrule that choice for another of the same sentence's events, when it is
confident (by `MARGIN`) that the sentence belongs to that event's pentaclass. It never makes
an event, a code or an actor: it only picks among what the rules found.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..records import Event
from . import codes

MODEL_FILE = "quad_model.json"
# How much more probable (0-1) the model must find another event's pentaclass than the rule
# choice's before it overrules the rules: chosen so that the model leaves the PLOVER gold
# sentences' main events as the rules pick them (docs/quality/events.md).
MARGIN = 0.7
_WORD = re.compile(r"\w+")


def rule_order(events: Iterable[Event]) -> list[Event]:
    """Events ranked by the rules (stable: equal ranks keep the stage's order)."""
    return sorted(events, key=lambda e: (e.negated, e.root == "01", e.hypothetical))


def penta(event: Event | None) -> int:
    """The pentaclass of an event; a sentence without one counts as a statement (0)."""
    return codes.lookup(event.cameo).penta if event is not None else 0


def features(text: str, events: list[Event]) -> dict[str, float]:
    """Words and word pairs of the sentence, and the pentaclasses and roots of its events."""
    words = [w.lower() for w in _WORD.findall(text)]
    found = {f"w={w}": 1.0 for w in words}
    found.update({f"b={a}_{b}": 1.0 for a, b in zip(words, words[1:])})
    ranked = rule_order(events)
    found[f"top={penta(ranked[0]) if ranked else 'none'}"] = 1.0
    for event in events:
        found[f"has={penta(event)}"] = 1.0
        found[f"root={event.root}"] = 1.0
    return found


@dataclass(frozen=True)
class QuadModel:
    """A multinomial logistic regression over sparse features, as plain numbers."""

    classes: tuple[int, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, feats: dict[str, float]) -> dict[int, float]:
        scores = list(self.bias)
        for name, value in feats.items():
            for k, w in enumerate(self.weights.get(name, ())):
                scores[k] += w * value
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp)}

    def as_dict(self) -> dict:
        return {"classes": list(self.classes), "bias": list(self.bias),
                "weights": {k: list(v) for k, v in sorted(self.weights.items())}}

    @classmethod
    def from_dict(cls, data: dict) -> QuadModel:
        return cls(classes=tuple(data["classes"]), bias=tuple(data["bias"]),
                   weights={k: tuple(v) for k, v in data["weights"].items()})

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), separators=(",", ":")) + "\n",
                        encoding="utf-8")


@functools.cache
def model() -> QuadModel | None:
    """The model shipped in sitroom/data/events, once per process; None when absent."""
    path = resources.files("sitroom") / "data" / "events" / MODEL_FILE
    if not path.is_file():
        return None
    return QuadModel.from_dict(json.loads(path.read_text(encoding="utf-8")))


def main_event(text: str, events: list[Event], quad: QuadModel | None) -> Event | None:
    """The event a sentence is about: the rules' choice, unless the model is confident that
    the sentence is of another pentaclass that one of its other events has."""
    ranked = rule_order(events)
    if not ranked:
        return None
    classes = {penta(e) for e in ranked}
    if quad is None or len(classes) < 2:
        return ranked[0]
    probs = quad.probabilities(features(text, events))
    best = max(classes, key=lambda c: probs[c])
    if probs[best] - probs[penta(ranked[0])] <= MARGIN:
        return ranked[0]
    return next(e for e in ranked if penta(e) == best)


def by_sentence(events: Iterable[Event]) -> list[list[Event]]:
    """Events grouped by their evidence sentence, in order."""
    groups: dict[tuple[int, int], list[Event]] = {}
    for event in events:
        groups.setdefault((event.evidence.start, event.evidence.end), []).append(event)
    return list(groups.values())
