"""Proposition normalisation, scored on our own development set.

tests/data/propositions.tsv holds sentences we wrote, each with the canonical propositions it
words (`membership(UKR, NATO)`; `-` for none) and its split: `dev` and `dev2` sentences the
rules were developed on, `test` sentences written last and scored without changing the rules
for them. All are ours, so none is an independent benchmark (docs/quality/stance.md).

A sentence is correct when the set of propositions sitroom finds in it (those the stance
stage reads, held by anyone or no one) equals the expected set exactly. Precision and recall count propositions over all
sentences.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "propositions.tsv"


SPLITS = ("dev", "dev2", "test", "test2")


@dataclass(frozen=True)
class Row:
    text: str
    expected: frozenset[str]
    split: str = "dev"


@dataclass
class Result:
    """Found propositions next to the expected ones, sentence by sentence."""

    rows: list[tuple[Row, frozenset[str]]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(found == row.expected for row, found in self.rows) / len(self.rows) \
            if self.rows else 0.0

    @property
    def precision(self) -> float:
        found = sum(len(f) for _, f in self.rows)
        return self._hits() / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = sum(len(r.expected) for r, _ in self.rows)
        return self._hits() / expected if expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _hits(self) -> int:
        return sum(len(row.expected & found) for row, found in self.rows)

    def metrics(self) -> dict[str, float]:
        """Accuracy, precision, recall and F1 over all sentences and per split."""
        out = {}
        for split in ("all", *SPLITS):
            part = self if split == "all" else self.split(split)
            if part.rows:
                out.update({f"{split}_{name}": round(getattr(part, name), 4)
                            for name in ("accuracy", "precision", "recall", "f1")})
        return out

    def split(self, name: str) -> Result:
        return Result(rows=[(row, found) for row, found in self.rows if row.split == name])

    def errors(self) -> list[tuple[Row, frozenset[str]]]:
        return [(row, found) for row, found in self.rows if found != row.expected]


def read(path: str | Path = DEFAULT_SET) -> list[Row]:
    """The rows of a propositions TSV (`text`, `expected`); `#` lines are comments."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"proposition set not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames is None or not {"text", "expected"} <= set(reader.fieldnames):
            raise DataError(f"{path}: needs the columns text and expected")
        rows = [Row(r["text"], _expected(r["expected"]), (r.get("split") or "dev").strip())
                for r in reader]
    unknown = {r.split for r in rows} - set(SPLITS)
    if unknown:
        raise DataError(f"{path}: unknown split(s) {sorted(unknown)}; use {SPLITS}")
    return rows


def _expected(cell: str) -> frozenset[str]:
    cell = cell.strip()
    return frozenset() if cell in ("", "-") else frozenset(p.strip() for p in cell.split("|"))


def score(rows: Iterable[Row], found: Iterable[Iterable[str]]) -> Result:
    return Result(rows=[(row, frozenset(f)) for row, f in zip(rows, found, strict=True)])


def evaluate(pipeline, path: str | Path = DEFAULT_SET) -> Result:
    """Run `pipeline` over every sentence of the set and score the propositions it words,
    whoever holds them (the author's plain reports make no stance record)."""
    rows = read(path)
    return score(rows, found_propositions(pipeline, [row.text for row in rows]))


def found_propositions(pipeline, texts: list[str]) -> Iterator[set[str]]:
    """The canonical propositions of each text, read after the stages the stance stage
    runs on (actors, coreference, quotes)."""
    from ..context import Findings
    from ..pipeline import make_document
    from ..propositions import catalogue, find

    before = list(itertools.takewhile(lambda s: s.name != "stance", pipeline.stages))
    book = catalogue(pipeline.options.config)
    documents = [make_document({"text": t}, pipeline.options) for t in texts]
    for document, doc in zip(documents, pipeline.nlp.pipe(d.text for d in documents)):
        found = Findings(document=document)
        doc._.sitroom = found
        for stage in before:
            stage(doc, pipeline.context)
        yield {m.canonical for m in find(doc, found, book, pipeline.context.actors)}
        doc._.sitroom = None
