"""Stance, scored on our own sentence set.

tests/data/stances.tsv holds sentences we wrote, one row per expected stance: the holder (an
actor id, `author`, `unknown` or a `group:` slug), the proposition, and `favor`, `against`,
`neutral` or `none` (that holder must have no record on it: the author's plain reports,
questions). Rows with the same text are one item. `dev` rows were developed on; `test` rows
were written with them, before any rule change, and scored once (docs/quality/stance.md).

A record answers a row when its proposition agrees with the row's (the same predicate, the
arguments equal where both are known: `membership(?, NATO)` answers `membership(FIN, NATO)`;
normalisation itself is scored by `sitroom eval propositions`) and, for the holder, when its
holder is the row's. Metrics, over the favor/against/neutral rows:

- `found`: the proposition has a record at all;
- `holder_accuracy`: of those, the row's holder has one;
- `polarity_accuracy` and `macro_f1` (favor, against, neutral): on the rows matched on holder
  and proposition;
- `accuracy`: holder, proposition and polarity all right (unmatched rows count as wrong);
and `none_accuracy`, the share of `none` rows with no record, and `precision`, the share of
the records of the set's sentences that answer a row on holder and proposition.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError

DEFAULT_SET = Path(__file__).resolve().parents[2] / "tests" / "data" / "stances.tsv"
SPLITS = ("dev", "test")
LABELS = {"favor": 1, "against": -1, "neutral": 0}
NONE = "none"


@dataclass(frozen=True)
class Row:
    text: str
    holder: str
    proposition: str
    stance: str  # favor, against, neutral or none
    split: str


@dataclass(frozen=True)
class Record:
    holder: str
    proposition: str
    polarity: int


@dataclass(frozen=True)
class Item:
    """One sentence (or short text) with its expected stances and the records found."""

    rows: tuple[Row, ...]
    found: tuple[Record, ...]

    @property
    def split(self) -> str:
        return self.rows[0].split

    def answers(self, row: Row) -> list[Record]:
        """The records on the row's proposition, the exact wording first."""
        agreeing = [r for r in self.found if agrees(r.proposition, row.proposition)]
        return sorted(agreeing, key=lambda r: r.proposition != row.proposition)

    def held(self, row: Row) -> Record | None:
        return next((r for r in self.answers(row) if r.holder == row.holder), None)

    def unanswered(self) -> list[Record]:
        """Records that answer no row on holder and proposition."""
        return [r for r in self.found if not any(
            r.holder == row.holder and agrees(r.proposition, row.proposition)
            and row.stance != NONE for row in self.rows)]


def agrees(found: str, expected: str) -> bool:
    """Same predicate, arguments equal where both are known (in any order for a symmetric
    predicate: `ceasefire(UKR, ?)` answers `ceasefire(RUS, UKR)`)."""
    name, args = _parts(found)
    other, expected_args = _parts(expected)
    if name != other or len(args) != len(expected_args):
        return False
    if _symmetric(name):
        known = [a for a in expected_args if a != "?"]
        return all(known.count(a) >= args.count(a) for a in args if a != "?") and \
            sum(a != "?" for a in args) <= len(known) + expected_args.count("?")
    return all(a == "?" or b == "?" or a == b for a, b in zip(args, expected_args))


def _symmetric(name: str) -> bool:
    from ..propositions import catalogue

    predicate = catalogue().predicates.get(name)
    return predicate is not None and predicate.symmetric


def _parts(proposition: str) -> tuple[str, tuple[str, ...]]:
    name, _, rest = proposition.partition("(")
    return name.strip(), tuple(a.strip() for a in rest.rstrip(")").split(","))


@dataclass
class Result:
    items: list[Item] = field(default_factory=list)

    def split(self, name: str) -> Result:
        return Result(items=[i for i in self.items if i.split == name])

    def stance_rows(self) -> list[tuple[Item, Row]]:
        return [(i, r) for i in self.items for r in i.rows if r.stance != NONE]

    def none_rows(self) -> list[tuple[Item, Row]]:
        return [(i, r) for i in self.items for r in i.rows if r.stance == NONE]

    def matched(self) -> list[tuple[Row, Record]]:
        pairs = ((row, item.held(row)) for item, row in self.stance_rows())
        return [(row, record) for row, record in pairs if record is not None]

    def metrics(self) -> dict[str, float]:
        rows, matched = self.stance_rows(), self.matched()
        found = [row for item, row in rows if item.answers(row)]
        right = [row for row, record in matched if record.polarity == LABELS[row.stance]]
        nones = self.none_rows()
        records = [r for i in self.items for r in i.found]
        wrong = sum(len(i.unanswered()) for i in self.items)
        return {"found": _share(len(found), len(rows)),
                "holder_accuracy": _share(len(matched), len(found)),
                "polarity_accuracy": _share(len(right), len(matched)),
                "macro_f1": macro_f1(matched),
                "accuracy": _share(len(right), len(rows)),
                "none_accuracy": _share(sum(not i.held(r) for i, r in nones), len(nones)),
                "precision": _share(len(records) - wrong, len(records))}

    def all_metrics(self) -> dict[str, float]:
        """`metrics()` over all items and per split, keys prefixed with the split."""
        out = {}
        for name in ("all", *SPLITS):
            part = self if name == "all" else self.split(name)
            if part.items:
                out.update({f"{name}_{k}": round(v, 4) for k, v in part.metrics().items()})
        return out


def macro_f1(matched: list[tuple[Row, Record]]) -> float:
    """Mean F1 over favor, against and neutral (a label never expected nor given counts 0)."""
    scores = []
    for label in LABELS.values():
        gold = sum(LABELS[row.stance] == label for row, _ in matched)
        given = sum(record.polarity == label for _, record in matched)
        hits = sum(LABELS[row.stance] == label == record.polarity for row, record in matched)
        scores.append(2 * hits / (gold + given) if gold + given else 0.0)
    return sum(scores) / len(scores)


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def read(path: str | Path = DEFAULT_SET) -> list[Row]:
    """The rows of a stance TSV; `#` lines are comments."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"stance set not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        columns = {"text", "holder", "proposition", "stance", "split"}
        if reader.fieldnames is None or not columns <= set(reader.fieldnames):
            raise DataError(f"{path}: needs the columns {sorted(columns)}")
        rows = [Row(*(r[c].strip() for c in ("text", "holder", "proposition", "stance",
                                               "split"))) for r in reader]
    _check(path, rows)
    return rows


def _check(path: Path, rows: list[Row]) -> None:
    bad_split = {r.split for r in rows} - set(SPLITS)
    bad_stance = {r.stance for r in rows} - {*LABELS, NONE}
    if bad_split or bad_stance:
        raise DataError(f"{path}: unknown split(s) {sorted(bad_split)} or stance(s) "
                        f"{sorted(bad_stance)}")
    splits: dict[str, set[str]] = {}
    for row in rows:
        splits.setdefault(row.text, set()).add(row.split)
    mixed = [text for text, names in splits.items() if len(names) > 1]
    if mixed:
        raise DataError(f"{path}: one sentence in two splits: {mixed[0]!r}")


def group(rows: Iterable[Row]) -> list[tuple[Row, ...]]:
    """The rows of each sentence, in order of first appearance."""
    items: dict[str, list[Row]] = {}
    for row in rows:
        items.setdefault(row.text, []).append(row)
    return [tuple(v) for v in items.values()]


def score(groups: list[tuple[Row, ...]], found: Iterable[Iterable[Record]]) -> Result:
    return Result(items=[Item(rows, tuple(f)) for rows, f in zip(groups, found, strict=True)])


def evaluate(pipeline, path: str | Path = DEFAULT_SET, split: str | None = None) -> Result:
    """Run `pipeline` over every sentence of the set (or of one split) and score it."""
    groups = [g for g in group(read(path)) if split is None or g[0].split == split]
    analyses = pipeline.pipe({"text": g[0].text, "published": "2023-07-13"} for g in groups)
    found = ([Record(s.holder_actor, s.proposition, s.polarity) for s in a.stances]
             for a in analyses)
    return score(groups, found)
