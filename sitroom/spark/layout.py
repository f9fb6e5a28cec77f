"""The output of a Spark run: one Parquet dataset per store table, and how a run commits.

    OUTPUT/
      documents/month=2023-07/<run>-part-00000-....parquet     one dataset per store table,
      mentions/month=2023-07/...                                  partitioned by the month of
      ...                                                         the document's publication
      actors/<run>-part-....parquet                               the actor catalogue (no month)
      sources/<run>-part-....parquet                              the ingest log, every input
      rejects/<run>-part-....parquet                              inputs that failed, and why
      _runs/<run>.json                                            one per committed run
      _staging/<run>/                                             a run in progress

Columns are those of the DuckDB store (`sitroom.store.schema`), so that `sitroom load` copies
rows as they are and a question reads the same columns from either. Names starting with `_`
are hidden from Spark, Hive and DuckDB globs alike, so a run in progress is never read.
This module imports neither pyspark nor duckdb.
"""

from __future__ import annotations

import pyarrow as pa

from ..store import schema
from ..store.schema import Column, Table

MONTH = "month"
UNDATED = "undated"  # the month partition of documents without a publication date
RUNS = "_runs"
STAGING = "_staging"
STAGED = "STAGED"  # marker: every table of the run is staged and may be moved in

REJECTS = Table("rejects", tuple(c for c in schema.SOURCES.columns
                                 if c.name not in ("outcome", "doc_id")))

# Tables with one row set per document: partitioned by the document's month.
BY_MONTH: tuple[str, ...] = ("documents", "doc_actors", *schema.RECORD_TABLES, "problems",
                             "signatures")
UNPARTITIONED: tuple[str, ...] = ("actors", "sources", "rejects")
TABLES: dict[str, Table] = {**{name: schema.TABLES[name] for name in BY_MONTH},
                            "actors": schema.ACTORS, "sources": schema.SOURCES,
                            "rejects": REJECTS}
# Lists of rows that one analysed document contributes, in the order of `analysis_rows`.
PER_DOCUMENT: tuple[str, ...] = ("actors", "doc_actors", *schema.RECORD_TABLES, "problems")
DOCUMENT_FIELDS: tuple[Column, ...] = tuple(c for c in schema.DOCUMENTS.columns
                                            if c.field is not None)
PROBLEM_FIELDS: tuple[Column, ...] = tuple(c for c in schema.PROBLEMS.columns
                                           if c.name not in ("doc_id", "seq"))


def month_of(published: str | None) -> str:
    """The partition a document's rows go to: `YYYY-MM`, or `undated`."""
    return published[:7] if published else UNDATED


def struct_of(columns: tuple[Column, ...]) -> pa.StructType:
    return pa.struct([(c.name, c.arrow) for c in columns])


def rows_type(table: Table) -> pa.ListType:
    return pa.list_(struct_of(table.columns))
