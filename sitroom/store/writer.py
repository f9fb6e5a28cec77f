"""Buffered writes into the corpus database, one transaction per batch of documents.

A batch holds every row of its documents (document, records, problems, MinHash signature)
and the ingest-log rows of the inputs they came from, and commits them together: after a crash
(kill -9 included) a document is either in the database with all its records and its log row, or
not at all. DuckDB has one writer, so only the main process writes; workers return records.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from ..errors import StoreError
from ..records import Analysis, Document, Problem
from . import schema
from .rows import arrow_table, record_row

_BATCH_VIEW = "_sitroom_batch"


class Writer:
    """Collects rows and commits them every `commit_every` inputs or `commit_seconds`."""

    def __init__(self, conn, *, commit_every: int = 256, commit_seconds: float = 5.0):
        self.conn = conn
        self.commit_every = max(1, commit_every)
        self.commit_seconds = commit_seconds
        self._rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self._inputs = 0
        self._last_commit = time.monotonic()
        self._actors = {r[0] for r in conn.execute("SELECT id FROM actors").fetchall()}
        self._new_actors: dict[str, dict[str, Any]] = {}

    def add_analysis(self, analysis: Analysis, *, source: str | None = None,
                     fingerprint: str | None = None, signature: bytes | None = None) -> None:
        """A fully analysed document with all its records."""
        doc_id = analysis.document.id
        self._document(analysis.document, model=analysis.model)
        rows = analysis_rows(analysis)
        for actor in rows.pop("actors"):
            if actor["id"] not in self._actors and actor["id"] not in self._new_actors:
                self._new_actors[actor["id"]] = actor
        for name, table_rows in rows.items():
            self._rows[name].extend(table_rows)
        if signature is not None:
            self._rows["signatures"].append({"doc_id": doc_id, "minhash": signature})
        self.log(source, fingerprint, "stored", doc_id=doc_id)

    def add_near_duplicate(self, document: Document, *, original: str, similarity: float,
                           source: str | None = None, fingerprint: str | None = None) -> None:
        """A syndicated copy: stored and linked to its original, not analysed again."""
        self._document(document, duplicate_of=original, similarity=round(similarity, 4))
        self.log(source, fingerprint, "near-duplicate", doc_id=document.id)

    def log(self, source: str | None, fingerprint: str | None, outcome: str, *,
            doc_id: str | None = None, error: str | None = None,
            reason: str | None = None) -> None:
        """What became of one input; `rejected` ones are what `sitroom rejects` lists."""
        if source is not None:
            self._rows["sources"].append({
                "source": source, "fingerprint": fingerprint, "outcome": outcome,
                "doc_id": doc_id, "error": error, "reason": reason, "logged_at": _now()})
        self._inputs += 1
        if self._inputs >= self.commit_every or \
                time.monotonic() - self._last_commit >= self.commit_seconds:
            self.flush()

    def flush(self) -> None:
        """Commit everything collected so far in one transaction."""
        if self._new_actors:
            self._rows["actors"] = list(self._new_actors.values())
        if any(self._rows.values()):
            self._commit()
            self._actors.update(self._new_actors)
        self._rows.clear()
        self._new_actors.clear()
        self._inputs = 0
        self._last_commit = time.monotonic()

    def _commit(self) -> None:
        try:
            self.conn.execute("BEGIN TRANSACTION")
            for name, rows in self._rows.items():
                if rows:
                    _insert(self.conn, schema.TABLES[name], rows)
            self.conn.execute("COMMIT")
        except Exception as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot write to the corpus database: {exc}") from exc

    def _document(self, document: Document, **extra: Any) -> None:
        self._rows["documents"].append(record_row(schema.DOCUMENTS, document,
                                                  ingested_at=_now(), **extra))



def analysis_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """The rows one analysed document adds to each table but `documents` and `signatures`:
    `actors` holds the catalogue row of every actor it uses, stored or not. The Spark job
    builds its Parquet rows with this too, so both engines write the same rows."""
    doc_id = analysis.document.id
    rows: dict[str, list[dict[str, Any]]] = {
        "actors": [record_row(schema.ACTORS, actor) for actor in analysis.actors],
        "doc_actors": [{"doc_id": doc_id, "seq": i, "actor_id": actor.id}
                       for i, actor in enumerate(analysis.actors)]}
    published = schema.as_date(analysis.document.published)
    for name, table in schema.RECORD_TABLES.items():
        rows[name] = [record_row(table, r, seq=i, **schema.derived(name, r, published))
                      for i, r in enumerate(getattr(analysis, name))]
    rows["problems"] = problem_rows(doc_id, analysis.problems)
    return rows


def problem_rows(doc_id: str, problems: list[Problem]) -> list[dict[str, Any]]:
    return [record_row(schema.PROBLEMS, p, doc_id=doc_id, seq=i) for i, p in enumerate(problems)]


def _insert(conn, table: schema.Table, rows: list[dict[str, Any]]) -> None:
    conn.register(_BATCH_VIEW, arrow_table(table, rows))
    try:
        conn.execute(f"INSERT INTO {schema.quote(table.name)} BY NAME SELECT * FROM {_BATCH_VIEW}")
    finally:
        conn.unregister(_BATCH_VIEW)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
