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

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.arrow.column_names)

    def __len__(self) -> int:
        return self.arrow.num_rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for batch in self.arrow.to_batches(max_chunksize=4096):
            yield from batch.to_pylist()

    def rows(self) -> list[tuple]:
        return [tuple(row.values()) for row in self]

    def to_dicts(self) -> list[dict[str, Any]]:
        return self.arrow.to_pylist()

    def column(self, name: str) -> list[Any]:
        return self.arrow.column(name).to_pylist()

    def __repr__(self) -> str:
        return f"Result({len(self)} rows: {', '.join(self.columns)})"
