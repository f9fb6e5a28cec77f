"""Reading whole `Analysis` objects back out of the tables, streaming, in document id order.

Every table is read in one ordered pass on its own cursor and merged by document id, so a
million documents cost one sort per table, not a million lookups.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..records import SCHEMA_VERSION, Document
from . import schema
from .rows import record_dict

_BATCH = 2048


def analyses(conn, *, include_copies: bool = False) -> Iterator[dict[str, Any]]:
    """Each stored document with its records, as `Analysis.as_dict()` would give it.

    Near-duplicate copies are not analysed; with `include_copies` they come with empty record
    lists and `duplicate_of`/`similarity` keys naming their original.
    """
    where = "" if include_copies else "WHERE duplicate_of IS NULL"
    documents = _stream(conn, f"SELECT * FROM documents {where} ORDER BY id")
    streams = {name: _Grouped(_stream(conn, f'SELECT * FROM "{name}" ORDER BY doc_id, seq'))
               for name in schema.RECORD_TABLES}
    streams["problems"] = _Grouped(_stream(conn, "SELECT * FROM problems ORDER BY doc_id, seq"))
    streams["actors"] = _Grouped(_stream(conn, """
        SELECT da.doc_id, a.* FROM doc_actors da JOIN actors a ON a.id = da.actor_id
        ORDER BY da.doc_id, da.seq"""))
    for row in documents:
        yield _analysis(row, streams)


def _analysis(row: dict[str, Any], streams: dict[str, _Grouped]) -> dict[str, Any]:
    doc_id = row["id"]
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "model": row["model"],
                           "document": Document.from_dict(
                               record_dict(schema.DOCUMENTS, row)).as_dict()}
    out["actors"] = [_record(schema.ACTORS, r) for r in streams["actors"].take(doc_id)]
    for name, table in schema.RECORD_TABLES.items():
        out[name] = [_record(table, r) for r in streams[name].take(doc_id)]
    out["problems"] = [_record(schema.PROBLEMS, r) for r in streams["problems"].take(doc_id)]
    if row["duplicate_of"] is not None:
        out.update(duplicate_of=row["duplicate_of"], similarity=row["similarity"])
    return out


def _record(table: schema.Table, row: dict[str, Any]) -> dict[str, Any]:
    return table.record.from_dict(record_dict(table, row)).as_dict()


class _Grouped:
    """An ordered row stream from which the rows of one document at a time are taken."""

    def __init__(self, rows: Iterator[dict[str, Any]]):
        self._rows = rows
        self._next = next(rows, None)

    def take(self, doc_id: str) -> list[dict[str, Any]]:
        while self._next is not None and self._next["doc_id"] < doc_id:
            self._next = next(self._rows, None)  # records of a document not being read
        found = []
        while self._next is not None and self._next["doc_id"] == doc_id:
            found.append(self._next)
            self._next = next(self._rows, None)
        return found


def _stream(conn, sql: str) -> Iterator[dict[str, Any]]:
    reader = conn.cursor().sql(sql).to_arrow_reader(batch_size=_BATCH)
    for batch in reader:
        yield from batch.to_pylist()
