"""`load()`: the Parquet output of Spark runs into a DuckDB store, for the questions and the page.

DuckDB reads the Parquet files itself (`read_parquet`), in the driver's process, and copies the
rows of the documents the store does not hold yet, with all their records, in one transaction:
loading twice, or loading an output that overlaps what `sitroom ingest` stored, adds each
document once. Needs neither pyspark nor Java.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..errors import StoreError
from ..store import Store
from ..store.schema import quote
from . import layout

_NEW = "_sitroom_new_documents"
# Tables keyed by document, and the column holding its id.
_BY_DOCUMENT = {name: "id" if name == "documents" else "doc_id" for name in layout.BY_MONTH}


@dataclass
class LoadReport:
    documents: int = 0
    already_stored: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def load(output: str | Path, store: Store) -> LoadReport:
    """Copy what the Spark runs under `output` wrote into the writable `store`."""
    if not store.writable:
        raise StoreError(f"{store.path} is open read-only")
    root = str(output).rstrip("/")
    present = {name: _files(root, name) for name in layout.TABLES if name != "rejects"}
    if present["documents"] is None:
        raise StoreError(f"no Spark output at {root} (no documents/ dataset in it)")
    conn = store.conn
    conn.execute("BEGIN TRANSACTION")
    try:
        report = _copy(conn, present)
        conn.execute("COMMIT")
    except duckdb.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"cannot load {root}: {str(exc).splitlines()[0]}") from exc
    return report


def _copy(conn, present: dict[str, str | None]) -> LoadReport:
    documents = _scan(present["documents"], "documents")
    conn.execute(f"CREATE OR REPLACE TEMP TABLE {_NEW} AS SELECT DISTINCT id FROM {documents} "
                 f"WHERE id NOT IN (SELECT id FROM documents)")
    total = conn.execute(f"SELECT count(DISTINCT id) FROM {documents}").fetchone()[0]
    report = LoadReport(documents=conn.execute(f"SELECT count(*) FROM {_NEW}").fetchone()[0])
    report.already_stored = total - report.documents
    for name, files in present.items():
        if files is not None:
            report.rows[name] = _insert(conn, name, _scan(files, name))
    conn.execute(f"DROP TABLE {_NEW}")
    return report


def _insert(conn, name: str, scan: str) -> int:
    if name in _BY_DOCUMENT:
        where = f"WHERE {quote(_BY_DOCUMENT[name])} IN (SELECT id FROM {_NEW})"
    elif name == "actors":
        where = ("WHERE id NOT IN (SELECT id FROM actors) "
                 "QUALIFY row_number() OVER (PARTITION BY id) = 1")
    else:  # sources: the ingest log, one row per input and outcome
        where = ("WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.source = p.source AND "
                 "s.fingerprint IS NOT DISTINCT FROM p.fingerprint AND s.outcome = p.outcome)")
    before = conn.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0]
    conn.execute(f"INSERT INTO {quote(name)} BY NAME SELECT * FROM {scan} p {where}")
    return conn.execute(f"SELECT count(*) FROM {quote(name)}").fetchone()[0] - before


def _scan(files: str, name: str) -> str:
    """A read_parquet of a dataset's files, with the store's columns and nothing else."""
    columns = ", ".join(quote(c.name) for c in layout.TABLES[name].columns)
    literal = files.replace("'", "''")
    return (f"(SELECT {columns} FROM read_parquet('{literal}', hive_partitioning = false, "
            f"union_by_name = true))")


def _files(root: str, name: str) -> str | None:
    """The glob of a dataset's Parquet files, or None when it has none (a local output only
    tells; a remote one is read and must have them)."""
    pattern = f"{root}/{name}/**/*.parquet"
    if "://" in root and not root.startswith("file://"):
        return pattern
    local = pattern.removeprefix("file://").removeprefix("file:")
    return local if glob.glob(local, recursive=True) else None
