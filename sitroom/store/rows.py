"""Records to table rows and back, following the columns in `schema`."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ..records import RecordMixin
from .schema import Table


def record_row(table: Table, record: RecordMixin, **extra: Any) -> dict[str, Any]:
    """One record as a row of `table`; `extra` fills the columns no record field does."""
    row = dict(extra)
    for column in table.columns:
        if column.field is None:
            continue
        value = getattr(record, column.field)
        if column.part is not None:
            value = None if value is None else getattr(value, column.part)
        elif isinstance(value, tuple):
            value = [v.as_dict() if isinstance(v, RecordMixin) else v for v in value]
        row[column.name] = value
    return row


def arrow_table(table: Table, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=table.schema)


def record_dict(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row of `table` as the dict its record's `from_dict` reads."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.field is None:
            continue
        if column.part is None:
            out[column.field] = row[column.name]
        elif row[f"{column.field}_start"] is None:
            out[column.field] = None
        else:
            out.setdefault(column.field, {})[column.part] = row[column.name]
    return out
