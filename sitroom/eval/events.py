"""Scoring the event coder on three gold sets in ../shared/data/events.

(a) PLOVER gold records (`plover/PLOVER_GSR_CAMEO.txt`, 322 sentences from the CAMEO
    manual): event type accuracy, and source / target actor text F1.
(b) ConfliBERT quad sentences (`conflibert/cameo_class/train.tsv`, 1,349): macro-F1 over the
    pentaclass (0 statement or appeal, 1 verbal cooperation, 2 material cooperation,
    3 verbal conflict, 4 material conflict), from the rules alone, so no training folds.
(c) ConfliBERT source/target tags (`conflibert/cameo_ner/train.txt`, 1,154): token F1.

Definitions, the same every time:
- Each gold sentence is analysed on its own. Its *top event* is chosen from our events by
  `top_event()`; events that share the top event's trigger (coordinated actors) form its
  *event group*, whose source and target spans are the prediction.
- Type accuracy: the top event's PLOVER type equals the gold type. Sentences with no event,
  or whose top event has no PLOVER type (a plain statement), count as wrong. The gold file
  uses PLOVER 0.5 names; we code PLOVER 2021, so the gold names are mapped first
  (`GOLD_TYPE`: DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).
- Actor text F1: word tokens (`\\w+`) inside gold SRC (TAR) spans against word tokens inside
  the event group's source (target) spans, micro-averaged over sentences. Reciprocal
  actors (PLOVER `SRC/TAR`, ConfliBERT `R`) are sources when first in the sentence and
  targets after. `actor_f1` pools both roles.
- Quad: the pentaclass of the top event's CAMEO code; no event means 0.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..events import salience
from ..records import Analysis, Event
from . import require

PLOVER = Path("events/plover/PLOVER_GSR_CAMEO.txt")
QUAD = Path("events/conflibert/cameo_class/train.tsv")
ROLES = Path("events/conflibert/cameo_ner/train.txt")
GOLD_TYPE = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
             "FIGHT": "ASSAULT"}
_TAG = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC):\s*")
_WORD = re.compile(r"\w+")


@dataclass
class GoldSentence:
    text: str
    sources: list[tuple[int, int]] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)
    label: str | int | None = None


# --- choosing the event a sentence is about --------------------------------------------------

def top_event(events: list[Event]) -> Event | None:
    """The event a gold sentence is about: the stage's main event (`Event.main`, one per
    sentence spaCy finds in it), the first by the rules' ranking if there are several."""
    mains = [e for e in events if e.main] or events
    ranked = salience.rule_order(mains)
    return ranked[0] if ranked else None


def event_group(events: list[Event], top: Event | None) -> list[Event]:
    return [e for e in events if top is not None and e.trigger == top.trigger]


# --- readers -------------------------------------------------------------------------------

def read_plover(path: Path) -> list[GoldSentence]:
    records = json.loads(path.read_text(encoding="utf-8"))
    gold = []
    for record in records:
        if record.get("event") in (None, "DOCUMENT"):
            continue
        info = record.get("textInfo")
        markup = info.get("markup") if isinstance(info, dict) else info
        sentence = parse_markup(markup or record["text"])
        sentence.label = GOLD_TYPE.get(record["event"], record["event"])
        gold.append(sentence)
    return gold


def parse_markup(markup: str) -> GoldSentence:
    """Plain text and SRC/TAR spans from PLOVER's inline markup "(SRC: Russia) (EVT: ...)",
    which nests ("(TAR: Palestine Liberation Organization (PLO))") and has stray brackets."""
    out: list[str] = []
    stack: list[tuple[str, int] | None] = []
    spans: list[tuple[str, int, int]] = []
    i = 0
    while i < len(markup):
        tag = _TAG.match(markup, i)
        if tag:
            stack.append((tag.group(1), sum(map(len, out))))
            i = tag.end()
            continue
        char = markup[i]
        if char in "(":
            stack.append(None)
        if char in ")}" and stack:
            top = stack.pop()
            if top is not None:
                spans.append((top[0], top[1], sum(map(len, out))))
                i += 1
                continue
        elif char in ")}" and not stack:
            i += 1
            continue  # a stray closing bracket of the markup
        out.append(char)
        i += 1
    return _roles("".join(out), spans)


def _roles(text: str, spans: list[tuple[str, int, int]]) -> GoldSentence:
    sentence = GoldSentence(text=text)
    reciprocal = sorted((s, e) for tag, s, e in spans if tag == "SRC/TAR")
    for tag, start, end in spans:
        if tag == "SRC":
            sentence.sources.append((start, end))
        elif tag == "TAR":
            sentence.targets.append((start, end))
    for n, span in enumerate(reciprocal):
        (sentence.targets if n or sentence.sources else sentence.sources).append(span)
    return sentence


def read_quad(path: Path) -> list[GoldSentence]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [GoldSentence(text=text, label=int(label)) for text, label in rows]


def read_roles(path: Path) -> list[GoldSentence]:
    blocks = path.read_text(encoding="utf-8").strip().split("\n\n")
    return [_bio_sentence(block.splitlines()) for block in blocks if block.strip()]


def _bio_sentence(lines: list[str]) -> GoldSentence:
    """Tokens joined with single spaces; B-/I- runs become character spans per role."""
    text, runs = "", []
    for line in lines:
        word, tag = line.rsplit(" ", 1)
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        if tag.startswith("B-") or (tag.startswith("I-") and (not runs or runs[-1][0] != tag[2:])):
            runs.append([tag[2:], start, len(text)])
        elif tag.startswith("I-"):
            runs[-1][2] = len(text)
    tags = {"S": "SRC", "T": "TAR", "R": "SRC/TAR"}
    return _roles(text, [(tags[role], s, e) for role, s, e in runs])


# --- scores --------------------------------------------------------------------------------

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, predicted: set) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def words(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Start offsets of the word tokens inside the given character spans."""
    spans = list(spans)
    return {m.start() for m in _WORD.finditer(text)
            if any(s <= m.start() < e for s, e in spans)}


def role_counts(gold: GoldSentence, events: list[Event]) -> tuple[Counts, Counts]:
    sources, targets = predicted_roles(event_group(events, top_event(events)))
    predicted_sources, predicted_targets = words(gold.text, sources), words(gold.text, targets)
    source, target = Counts(), Counts()
    source.add(words(gold.text, gold.sources), predicted_sources)
    target.add(words(gold.text, gold.targets), predicted_targets)
    return source, target


def predicted_roles(group: list[Event]) -> tuple[set, set]:
    """Source and target spans of an event group. A reciprocal pair (X->Y and Y->X) counts
    like the gold reciprocal markup: the actor mentioned first as source."""
    sources, targets = set(), set()
    pairs = {(_at(e.source), _at(e.target)) for e in group}
    for source, target in pairs:
        if source and target and (target, source) in pairs:
            first, second = sorted((source, target))
            sources.add(first)
            targets.add(second)
            continue
        sources |= {source} - {None}
        targets |= {target} - {None}
    return sources, targets


def _at(span) -> tuple[int, int] | None:
    return (span.start, span.end) if span is not None else None


def score_plover(gold: list[GoldSentence], results: list[Analysis]) -> dict[str, float]:
    correct = 0
    source, target = Counts(), Counts()
    for sentence, result in zip(gold, results, strict=True):
        top = top_event(result.events)
        correct += top is not None and top.plover_type == sentence.label
        s, t = role_counts(sentence, result.events)
        _merge(source, s)
        _merge(target, t)
    pooled = Counts(source.tp + target.tp, source.fp + target.fp, source.fn + target.fn)
    return {"plover_type_accuracy": correct / len(gold), "plover_source_f1": source.f1(),
            "plover_target_f1": target.f1(), "plover_actor_f1": pooled.f1()}


def penta(events: list[Event]) -> int:
    return salience.penta(top_event(events))


def score_quad(gold: list[GoldSentence], results: list[Analysis]) -> dict[str, float]:
    """Macro-F1 by 5-fold cross-validation: the shipped model was trained on these very
    sentences, so each fold's main events are picked by a model trained on the other four;
    also the rules alone, and the rules' events with the shipped model (seen data)."""
    from ..train import events_quad

    labels = [g.label for g in gold]
    items = [(g.text, salience.by_sentence(r.events)) for g, r in zip(gold, results, strict=True)]
    predicted = events_quad.cross_validate(items, labels)
    rules = [events_quad.predict(None, *item) for item in items]
    return {"quad_macro_f1": macro_f1(labels, predicted),
            "quad_accuracy": sum(p == g for p, g in zip(predicted, labels)) / len(gold),
            "quad_rules_macro_f1": macro_f1(labels, rules)}


def macro_f1(gold: list[int], predicted: list[int]) -> float:
    labels = sorted(set(gold) | set(predicted))
    scores = []
    for label in labels:
        counts = Counts()
        for g, p in zip(gold, predicted, strict=True):
            counts.tp += g == label and p == label
            counts.fp += g != label and p == label
            counts.fn += g == label and p != label
        scores.append(counts.f1())
    return sum(scores) / len(scores)


def score_roles(gold: list[GoldSentence], results: list[Analysis]) -> dict[str, float]:
    source, target = Counts(), Counts()
    for sentence, result in zip(gold, results, strict=True):
        s, t = role_counts(sentence, result.events)
        _merge(source, s)
        _merge(target, t)
    return {"roles_source_f1": source.f1(), "roles_target_f1": target.f1()}


def _merge(total: Counts, part: Counts) -> None:
    total.tp += part.tp
    total.fp += part.fp
    total.fn += part.fn


# --- running it ------------------------------------------------------------------------------

def gold_files(root: Path | None = None) -> list[Path]:
    return [require(p) if root is None else root / p for p in (PLOVER, QUAD, ROLES)]


HALVES = {"even": 0, "odd": 1}


def evaluate(pipeline, root: Path | None = None, *, limit: int | None = None,
             half: str | None = None) -> dict[str, float]:
    """All three scores; `limit` takes the first n sentences of each set (for quick looks);
    `half` ("even" or "odd") every other sentence of each set, counting from the first (0):
    the lexicon was tuned looking at the even half's errors only, the odd half is held out."""
    plover_path, quad_path, roles_path = gold_files(root)
    scores: dict[str, float] = {}
    for reader, scorer, path in ((read_plover, score_plover, plover_path),
                                 (read_quad, score_quad, quad_path),
                                 (read_roles, score_roles, roles_path)):
        gold = reader(path)[:limit]
        if half is not None:
            gold = gold[HALVES[half]::2]
        scores.update(scorer(gold, list(analyse(pipeline, gold))))
    return {k: round(v, 4) for k, v in scores.items()}


def analyse(pipeline, gold: list[GoldSentence]) -> Iterator[Analysis]:
    return pipeline.pipe(({"text": g.text} for g in gold), n_process=1)


def confusion(gold: list[GoldSentence], results: list[Analysis]) -> Counter:
    """(gold, predicted) type pairs, for looking at what the coder gets wrong."""
    pairs = Counter()
    for sentence, result in zip(gold, results, strict=True):
        top = top_event(result.events)
        pairs[(sentence.label, top.plover_type if top else None)] += 1
    return pairs
