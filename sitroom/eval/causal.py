"""`sitroom eval causal`: causal sentences and cause/effect/signal spans on the Causal News
Corpus v2 (CNC, CASE 2023; ../shared/data/causal/cnc_v2, train split).

Three scores:

* sentence: is the sentence causal? Precision, recall, F1 of the causal class and Matthews
  correlation, by 5-fold cross-validation of the causal sentence model (folds group the
  sentences of one news document, so no document is in training and test at once).
* spans: on the sentences CNC marks causal, the rule extractor's relations against the gold
  ones, ranked by the relation model (out-of-fold). As in the CNC scorer, predictions are cut
  to the number of gold relations of the sentence and paired with them in the best order.
  Per role (cause, effect, signal) we count CNC's space-separated words: `overlap` scores
  are word-level precision/recall/F1 summed over the corpus; `exact` scores count a role span
  right only when its words equal the gold ones.
  `span_macro_f1` is the mean of the three overlap F1s, `span_exact_macro_f1` of the exact ones.
  The rules have no training step, so they are scored directly on all of train; only their
  ranking is cross-validated.
* claims: what the stage reports (strong relations, and weak ones that the relation model and
  the sentence model let through, with out-of-fold probabilities of both) on all sentences:
  precision (reported claims whose cause and effect each share a word with an unmatched gold
  relation's) and recall (gold relations so matched). The relation model is trained on the
  relations the rules find, labelled by that same match.
"""

from __future__ import annotations

import ast
import csv
import itertools
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from ..options import DEFAULT_MODEL
from ..stages import claims
from ..train import linear
from ..errors import DataError
from . import require

DEFAULT_DIR = "causal/cnc_v2"
FILES = ("train_subtask1.csv", "train_subtask2_grouped.csv")
ROLES = ("cause", "effect", "signal")
_TAG = re.compile(r"</?(ARG0|ARG1|SIG\d+)>")
CharRange = tuple[int, int]


@dataclass(frozen=True)
class GoldRelation:
    cause: CharRange
    effect: CharRange
    signal: CharRange | None


@dataclass(frozen=True)
class CausalSentence:
    id: str
    document: str
    text: str
    causal: bool
    relations: tuple[GoldRelation, ...] = ()

    def words(self) -> list[CharRange]:
        """CNC's words: the text split on single spaces, as character ranges."""
        out, start = [], 0
        for word in self.text.split(" "):
            if word:
                out.append((start, start + len(word)))
            start += len(word) + 1
        return out


def input_paths(folder: Path) -> list[Path]:
    return [folder / name for name in FILES]


def read_cnc(folder: Path) -> list[CausalSentence]:
    """The CNC train sentences with their labels and gold relations (files start with a BOM)."""
    relations = {}
    with (folder / FILES[1]).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            key = f"{row['doc_id']}_{row['sent_id']}"
            relations[key] = tuple(parse_tagged(t, row["text"])
                                   for t in ast.literal_eval(row["causal_text_w_pairs"]))
    sentences = []
    with (folder / FILES[0]).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            document = row["index"].rpartition("_")[0]
            sentences.append(CausalSentence(
                id=row["index"], document=document, text=row["text"],
                causal=row["label"] == "1",
                relations=relations.get(row["index"], ())))
    return sentences


def parse_tagged(tagged: str, text: str) -> GoldRelation:
    """Character ranges of <ARG0> (cause), <ARG1> (effect) and <SIG0> in `text`."""
    opened: dict[str, int] = {}
    found: dict[str, CharRange] = {}
    clean, position = [], 0
    for match_text, is_tag in _pieces(tagged):
        if not is_tag:
            clean.append(match_text)
            position += len(match_text)
            continue
        name = match_text.strip("</>")
        if match_text.startswith("</"):
            found.setdefault(name, (opened.pop(name, position), position))
        else:
            opened[name] = position
    if "".join(clean) != text:
        raise DataError(f"tagged CNC text does not match its sentence: {text[:60]!r}")
    return GoldRelation(cause=found.get("ARG0", (0, 0)), effect=found.get("ARG1", (0, 0)),
                        signal=found.get("SIG0"))


def _pieces(tagged: str) -> Iterable[tuple[str, bool]]:
    position = 0
    for match in _TAG.finditer(tagged):
        if match.start() > position:
            yield tagged[position:match.start()], False
        yield match.group(0), True
        position = match.end()
    if position < len(tagged):
        yield tagged[position:], False


# --- sentence scores ---------------------------------------------------------------------


def folds(sentences: Sequence[CausalSentence], k: int = 5) -> list[int]:
    """A fold per sentence; all sentences of one document share a fold (stable hash)."""
    return [zlib.crc32(s.document.encode()) % k for s in sentences]


def binary_scores(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    tn = len(gold) - tp - fp - fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    denominator = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
            "mcc": (tp * tn - fp * fn) / denominator if denominator else 0.0,
            "accuracy": _ratio(tp + tn, len(gold))}


def cross_validate(inputs: Sequence, labels: Sequence[bool], fold_of: Sequence[int],
                   fit) -> list[float]:
    """Out-of-fold P(label) of the model that `fit(inputs, labels)` trains. An input is a
    feature list, or a (feature list, vector) pair for a model with a dense part."""
    predicted = [0.0] * len(inputs)
    for fold in sorted(set(fold_of)):
        train = [i for i, f in enumerate(fold_of) if f != fold]
        model = fit([inputs[i] for i in train], [labels[i] for i in train])
        for i, f in enumerate(fold_of):
            if f == fold:
                predicted[i] = model.probabilities(*_pair(inputs[i])).get("1", 0.0)
    return predicted


def _pair(one) -> tuple[list[str], object]:
    return one if isinstance(one, tuple) else (one, None)


def fit_sentence_model(inputs: Sequence[tuple[list[str], object]], labels: Sequence[bool],
                       source: str = DEFAULT_MODEL):
    """The one recipe used both for cross-validation and for the shipped model: sparse
    features and the sentence's pooled token vectors (from the `source` pipeline)."""
    return linear.fit([features for features, _ in inputs],
                      ["1" if label else "0" for label in labels],
                      vectors=[vector for _, vector in inputs], dense_source=source,
                      **SENTENCE_SETTINGS)


def fit_relation_model(features: Sequence[list[str]], labels: Sequence[bool]):
    return linear.fit(features, ["1" if label else "0" for label in labels], **MODEL_SETTINGS)


MODEL_SETTINGS = {"l2": 1e-3, "steps": 300, "rate": 0.05, "min_count": 2, "keep_above": 0.05}
SENTENCE_SETTINGS = {**MODEL_SETTINGS, "dense_l2": 1e-2}


# --- span scores -------------------------------------------------------------------------


@dataclass
class RoleCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact_tp: int = 0
    exact_fp: int = 0
    exact_fn: int = 0

    def add(self, gold: frozenset[int], predicted: frozenset[int]) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        if gold and gold == predicted:
            self.exact_tp += 1
            return
        self.exact_fp += bool(predicted)
        self.exact_fn += bool(gold)

    def scores(self) -> dict[str, float]:
        p, r = _ratio(self.tp, self.tp + self.fp), _ratio(self.tp, self.tp + self.fn)
        ep = _ratio(self.exact_tp, self.exact_tp + self.exact_fp)
        er = _ratio(self.exact_tp, self.exact_tp + self.exact_fn)
        return {"precision": p, "recall": r, "f1": _f1(p, r), "exact_f1": _f1(ep, er)}


@dataclass
class SpanScorer:
    roles: dict[str, RoleCounts] = field(default_factory=lambda: {r: RoleCounts() for r in ROLES})

    def add(self, sentence: CausalSentence, predicted: Sequence[dict[str, CharRange | None]]):
        """Score one causal sentence: predictions cut to the gold count, best pairing."""
        words = sentence.words()
        gold = [_word_sets(words, vars(g)) for g in sentence.relations]
        guesses = [_word_sets(words, p) for p in predicted[:len(gold)]]
        guesses += [{r: frozenset() for r in ROLES}] * (len(gold) - len(guesses))
        pairing = max(itertools.permutations(guesses),
                      key=lambda order: sum(_overlap_f1(g, p) for g, p in zip(gold, order)))
        for g, p in zip(gold, pairing, strict=True):
            for role in ROLES:
                self.roles[role].add(g[role], p[role])

    def scores(self) -> dict[str, float]:
        out = {}
        for role, counts in self.roles.items():
            out.update({f"{role}_{name}": v for name, v in counts.scores().items()})
        out["span_macro_f1"] = sum(out[f"{r}_f1"] for r in ROLES) / len(ROLES)
        out["span_exact_macro_f1"] = sum(out[f"{r}_exact_f1"] for r in ROLES) / len(ROLES)
        return out


def _word_sets(words: list[CharRange], spans: dict) -> dict[str, frozenset[int]]:
    return {role: frozenset(i for i, (a, b) in enumerate(words)
                            if spans.get(role) and a < spans[role][1] and spans[role][0] < b)
            for role in ROLES}


def _overlap_f1(gold: dict, predicted: dict) -> float:
    total = 0.0
    for role in ROLES:
        hit = len(gold[role] & predicted[role])
        total += 2 * hit / (len(gold[role]) + len(predicted[role])) if hit else 0.0
    return total


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# --- the whole evaluation ----------------------------------------------------------------


def predicted_spans(doc, relations: Sequence[claims.Relation]) -> list[dict[str, CharRange]]:
    """Relations as character ranges, in the order the stage ranks them."""
    def chars(tokens):
        span = doc[tokens[0]:tokens[1]]
        return span.start_char, span.end_char

    return [{"cause": chars(r.cause), "effect": chars(r.effect), "signal": chars(r.signal)}
            for r in relations]


def parse_texts(nlp: Language, texts: Sequence[str]):
    """Parse for the scorers: the named-entity recognizer is skipped, as no feature reads it."""
    skipped = [name for name in ("ner",) if name in nlp.pipe_names]
    return nlp.pipe(texts, batch_size=256, disable=skipped)


def relations_of(doc) -> list[claims.Relation]:
    return [r for sent in doc.sents for r in claims.relations_in(sent)]


def evaluate(nlp: Language, folder: Path | None = None, *, k: int = 5,
             limit: int | None = None) -> dict[str, float]:
    """Sentence scores by k-fold cross-validation, span scores of the rules, and the claims
    the stage would report (with out-of-fold model probabilities), on CNC train."""
    folder = folder or require(DEFAULT_DIR)
    sentences = read_cnc(folder)[:limit]
    data = collect(nlp, sentences)
    fold_of = folds(sentences, k)
    gold = [s.causal for s in sentences]
    sentence_p = cross_validate(data.sentence_inputs(), gold, fold_of, fit_sentence_model)
    relation_p = cross_validate([r.features for r in data.relations],
                                [r.right for r in data.relations],
                                [fold_of[r.sentence] for r in data.relations],
                                fit_relation_model)
    scores = binary_scores(gold, [p >= claims.CAUSAL_THRESHOLD for p in sentence_p])
    rules = binary_scores(gold, [any(f == "strong" for f in fs) for fs in data.features])
    return {**{f"sentence_{m}": v for m, v in scores.items()},
            **{f"rules_{m}": v for m, v in rules.items()}, **data.span_scores(relation_p),
            **data.reported_scores(sentence_p, relation_p), "sentences": len(sentences)}


def collect(nlp: Language, sentences: Sequence[CausalSentence]) -> CausalData:
    """Parse the sentences and gather what the models and scorers need."""
    data = CausalData(sentences)
    for sentence, doc in zip(sentences, parse_texts(nlp, [s.text for s in sentences]),
                             strict=True):
        data.add(sentence, doc)
    return data


@dataclass
class RelationRow:
    sentence: int
    relation: claims.Relation
    chars: dict[str, CharRange]
    features: list[str]
    right: bool


@dataclass
class CausalData:
    """Per sentence: model features, rule spans; per relation found: features and whether it
    matches a gold relation (the relation model's label)."""

    sentences: Sequence[CausalSentence]
    features: list[list[str]] = field(default_factory=list)
    vectors: list = field(default_factory=list)
    relations: list[RelationRow] = field(default_factory=list)

    def add(self, sentence: CausalSentence, doc) -> None:
        found = relations_of(doc)
        self.features.append(claims.sentence_features(doc[:], found))
        self.vectors.append(claims.sentence_vector(doc[:]))
        chars = predicted_spans(doc, found)
        for relation, span in zip(found, chars, strict=True):
            single = ClaimCounts()
            single.add(sentence, [span])
            self.relations.append(RelationRow(
                sentence=len(self.features) - 1, relation=relation, chars=span,
                features=claims.relation_features(doc, relation), right=single.right == 1))

    def sentence_inputs(self) -> list[tuple[list[str], object]]:
        """What the sentence model reads: (features, pooled token vectors) per sentence."""
        return list(zip(self.features, self.vectors, strict=True))

    def by_sentence(self, relation_p: Sequence[float]) -> dict[int, list[tuple[RelationRow,
                                                                             float]]]:
        """Each sentence's relations with their probability, most likely first."""
        out: dict[int, list[tuple[RelationRow, float]]] = {}
        for row, p in zip(self.relations, relation_p, strict=True):
            out.setdefault(row.sentence, []).append((row, p))
        for rows in out.values():
            rows.sort(key=lambda pair: -pair[1])
        return out

    def span_scores(self, relation_p: Sequence[float]) -> dict[str, float]:
        """Rule spans on the causal sentences, relations ranked by the relation model (which
        matters where predictions are cut to the number of gold relations)."""
        scorer, ranked = SpanScorer(), self.by_sentence(relation_p)
        for i, sentence in enumerate(self.sentences):
            if sentence.relations:
                scorer.add(sentence, [row.chars for row, _ in ranked.get(i, [])])
        return scorer.scores()

    def reported_scores(self, sentence_p: Sequence[float],
                        relation_p: Sequence[float]) -> dict[str, float]:
        by_sentence = self.by_sentence(relation_p)
        counts = ClaimCounts()
        for i, sentence in enumerate(self.sentences):
            rows = by_sentence.get(i, [])
            chosen = set(map(id, claims.reported([r.relation for r, _ in rows], sentence_p[i],
                                                 [p for _, p in rows])))
            counts.add(sentence, [r.chars for r, _ in rows if id(r.relation) in chosen])
        return counts.scores()


@dataclass
class ClaimCounts:
    """Claims the stage reports, against gold relations: a claim is right when its cause
    and its effect each share a word with those of a gold relation not yet matched."""

    reported: int = 0
    right: int = 0
    gold: int = 0

    def add(self, sentence: CausalSentence, predicted: Sequence[dict[str, CharRange]]) -> None:
        words = sentence.words()
        unmatched = [_word_sets(words, vars(g)) for g in sentence.relations]
        self.gold += len(unmatched)
        for guess in (_word_sets(words, p) for p in predicted):
            self.reported += 1
            hit = next((g for g in unmatched if g["cause"] & guess["cause"]
                        and g["effect"] & guess["effect"]), None)
            if hit is not None:
                self.right += 1
                unmatched.remove(hit)

    def scores(self) -> dict[str, float]:
        precision, recall = _ratio(self.right, self.reported), _ratio(self.right, self.gold)
        return {"claims_precision": precision, "claims_recall": recall,
                "claims_f1": _f1(precision, recall)}
