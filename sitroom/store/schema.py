"""The corpus database layout, derived from the record dataclasses, and its migrations.

Every record list of an `Analysis` gets a table keyed by `(doc_id, seq)`, `seq` being the
record's position in its list. A `Span` field `x` becomes three columns `x_start`, `x_end`,
`x_text`, so evidence can be filtered and joined without unpacking; a tuple of spans becomes a
list of structs. Deriving tables from the records means a new optional field becomes a new
column by itself (`add_missing_columns`); a change of meaning bumps `STORE_VERSION` and adds a
step to `MIGRATIONS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa

from ..records import RECORD_TYPES, Actor, Document, Problem, Span

# Layout version of the database; bump it with a step in MIGRATIONS when a table changes meaning.
STORE_VERSION = 1

SPAN_STRUCT = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())])
_SPAN_SQL = 'STRUCT("start" INTEGER, "end" INTEGER, "text" VARCHAR)'
_SCALARS: dict[type, tuple[str, pa.DataType]] = {
    str: ("VARCHAR", pa.string()),
    int: ("BIGINT", pa.int64()),
    float: ("DOUBLE", pa.float64()),
    bool: ("BOOLEAN", pa.bool_()),
}


@dataclass(frozen=True)
class Column:
    """One SQL column; `field`/`part` say which record field (and which part of a Span) fills it."""

    name: str
    sql: str
    arrow: pa.DataType
    field: str | None = None
    part: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    record: type | None = None
    key: tuple[str, ...] = ()

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.arrow) for c in self.columns])

    def ddl(self) -> str:
        cols = [f"{quote(c.name)} {c.sql}" for c in self.columns]
        if self.key:
            cols.append(f"PRIMARY KEY ({', '.join(quote(k) for k in self.key)})")
        return f"CREATE TABLE IF NOT EXISTS {quote(self.name)} ({', '.join(cols)})"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def field_columns(name: str, hint: typing.Any) -> list[Column]:
    """The columns one record field becomes."""
    hint = _strip_optional(hint)
    if hint is Span:
        return [Column(f"{name}_start", "INTEGER", pa.int32(), name, "start"),
                Column(f"{name}_end", "INTEGER", pa.int32(), name, "end"),
                Column(f"{name}_text", "VARCHAR", pa.string(), name, "text")]
    if typing.get_origin(hint) is tuple:
        inner = typing.get_args(hint)[0]
        if inner is Span:
            return [Column(name, f"{_SPAN_SQL}[]", pa.list_(SPAN_STRUCT), name)]
        sql, arrow = _SCALARS[inner]
        return [Column(name, f"{sql}[]", pa.list_(arrow), name)]
    if hint not in _SCALARS:
        raise TypeError(f"no column type for field {name!r} of type {hint!r}")
    sql, arrow = _SCALARS[hint]
    return [Column(name, sql, arrow, name)]


def record_columns(record: type) -> list[Column]:
    hints = typing.get_type_hints(record)
    return [col for f in dataclasses.fields(record) for col in field_columns(f.name, hints[f.name])]


def _strip_optional(hint: typing.Any) -> typing.Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [h for h in typing.get_args(hint) if h is not type(None)]
        return inner[0] if len(inner) == 1 else hint
    return hint


def _keyed(columns: list[Column], *, doc_id_field: bool = True) -> tuple[Column, ...]:
    """`doc_id` and `seq` first; `doc_id` comes from the record unless it has no such field."""
    doc_id = Column("doc_id", "VARCHAR", pa.string(), "doc_id" if doc_id_field else None)
    seq = Column("seq", "INTEGER", pa.int32())
    return (doc_id, seq, *(c for c in columns if c.name != "doc_id"))


def _record_table(name: str, record: type) -> Table:
    # `day`: the record's own date if it has one, else its document's publication date, as a
    # DATE. Questions filter and group millions of records by it; joining documents for the
    # date, or parsing date strings per row, would cost more than the question itself.
    day = Column("day", "DATE", pa.date32())
    return Table(name, (*_keyed(record_columns(record)), day, *DERIVED.get(name, ())), record)


# Columns computed from a record when it is written, for questions that would otherwise
# unpack a list per row: a quote's content spans joined into one text.
DERIVED: dict[str, tuple[Column, ...]] = {
    "quotes": (Column("content_text", "VARCHAR", pa.string()),),
}
CONTENT_JOINER = " … "


def derived(name: str, record: typing.Any, published: dt.date | None) -> dict[str, typing.Any]:
    """The values of the columns a record's table adds to its fields."""
    out: dict[str, typing.Any] = {"day": as_date(getattr(record, "date", None)) or published}
    if name == "quotes":
        out["content_text"] = CONTENT_JOINER.join(span.text for span in record.content)
    return out


def as_date(value: str | None) -> dt.date | None:
    """An ISO date (or the date part of a timestamp); None for anything else."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _plain(*columns: tuple[str, str, pa.DataType]) -> tuple[Column, ...]:
    return tuple(Column(name, sql, arrow) for name, sql, arrow in columns)


DOCUMENTS = Table("documents", (
    *record_columns(Document),
    *_plain(("model", "VARCHAR", pa.string()),
            ("duplicate_of", "VARCHAR", pa.string()),
            ("similarity", "DOUBLE", pa.float64()),
            ("ingested_at", "TIMESTAMP", pa.timestamp("us"))),
), Document, key=("id",))

# The actor catalogue holds each canonical actor once; doc_actors says which a document used.
ACTORS = Table("actors", tuple(record_columns(Actor)), Actor, key=("id",))
DOC_ACTORS = Table("doc_actors", _plain(("doc_id", "VARCHAR", pa.string()),
                                        ("seq", "INTEGER", pa.int32()),
                                        ("actor_id", "VARCHAR", pa.string())))
RECORD_TABLES: dict[str, Table] = {name: _record_table(name, record)
                                   for name, record in RECORD_TYPES.items() if record is not Actor}
PROBLEMS = Table("problems", _keyed(record_columns(Problem), doc_id_field=False), Problem)

# The ingest log: one row per input (a file, or one member of a JSONL/WARC/feed file) with what
# became of it. It is written in the same transaction as the documents, so a rerun after a kill
# skips exactly the inputs whose results were committed.
SOURCES = Table("sources", _plain(("source", "VARCHAR", pa.string()),
                                  ("fingerprint", "VARCHAR", pa.string()),
                                  ("outcome", "VARCHAR", pa.string()),
                                  ("doc_id", "VARCHAR", pa.string()),
                                  ("error", "VARCHAR", pa.string()),
                                  ("reason", "VARCHAR", pa.string()),
                                  ("logged_at", "TIMESTAMP", pa.timestamp("us"))))
SIGNATURES = Table("signatures", _plain(("doc_id", "VARCHAR", pa.string()),
                                        ("minhash", "BLOB", pa.binary())))
META = Table("meta", _plain(("key", "VARCHAR", pa.string()), ("value", "VARCHAR", pa.string())),
             key=("key",))

TABLES: dict[str, Table] = {t.name: t for t in (META, DOCUMENTS, ACTORS, DOC_ACTORS,
                                                 *RECORD_TABLES.values(), PROBLEMS, SOURCES,
                                                 SIGNATURES)}
OUTCOMES = ("stored", "duplicate", "near-duplicate", "rejected")

# Steps from version N to N+1, each run inside the transaction that records the new version.
Migration = Callable[[typing.Any], None]
MIGRATIONS: dict[int, Migration] = {}


def create(conn) -> None:
    for table in TABLES.values():
        conn.execute(table.ddl())


def add_missing_columns(conn) -> list[str]:
    """Add columns for record fields that are newer than the database; returns what was added."""
    added = []
    for table in TABLES.values():
        existing = {row[0] for row in conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table.name]
        ).fetchall()}
        for column in table.columns:
            if column.name not in existing:
                conn.execute(f"ALTER TABLE {quote(table.name)} "
                             f"ADD COLUMN {quote(column.name)} {column.sql}")
                added.append(f"{table.name}.{column.name}")
    return added
