"""The answer to a corpus question: named columns and rows, held as an Arrow table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class Result:
    """Rows of an answer. Iterating gives one dict per row; `arrow` is the columnar form
    (hand it to pandas or polars with `.arrow.to_pandas()` / `polars.from_arrow`)."""

    arrow: pa.Table

    def __post_init__(self) -> None:
        names = _distinct(self.arrow.column_names)
        if names != self.arrow.column_names:  # SQL allows `a.title, b.title`; dicts do not
            object.__setattr__(self, "arrow", self.arrow.rename_columns(names))

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.arrow.column_names)

    def __len__(self) -> int:
        return self.arrow.num_rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for batch in self.arrow.to_batches(max_chunksize=4096):
            yield from batch.to_pylist()

    def rows(self) -> list[tuple]:
        return list(zip(*(column.to_pylist() for column in self.arrow.columns), strict=True))

    def to_dicts(self) -> list[dict[str, Any]]:
        return self.arrow.to_pylist()

    def column(self, name: str) -> list[Any]:
        return self.arrow.column(name).to_pylist()

    def __repr__(self) -> str:
        return f"Result({len(self)} rows: {', '.join(self.columns)})"


def _distinct(names: list[str]) -> list[str]:
    """Column names made unique: a repeated `title` becomes `title_2`, `title_3`, ..."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out
