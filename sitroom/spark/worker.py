"""What runs inside Spark's Python workers: reading files, extracting articles, analysing them.

Each function takes and yields Arrow record batches (`mapInArrow`) and sends back plain rows,
never spaCy objects. The readers, the extractor and the pipeline are those of `sitroom ingest`,
so a document and its records are the same whichever engine made them. The pipeline is loaded
once per Python worker process and kept in this module (importable on every worker: a cache
defined in the driver's `__main__` would be shipped with every task instead).
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow as pa

from ..ingest.items import Candidate, RawItem, Reject, Unit
from ..ingest.readers import ReadSettings, from_record, read
from ..options import Options
from ..records import Document, Problem
from . import layout

_ORDER = [("input", pa.int32()), ("file", pa.string()), ("member", pa.int32())]
_OUTCOME = [("error", pa.string()), ("reason", pa.string())]
ITEMS = pa.schema([*_ORDER, ("source", pa.string()), ("fingerprint", pa.string()),
                   ("payload", pa.binary()), *_OUTCOME])
CANDIDATES = pa.schema([*_ORDER, ("source", pa.string()), ("fingerprint", pa.string()),
                        ("doc_id", pa.string()), (layout.MONTH, pa.string()),
                        ("document", layout.struct_of(layout.DOCUMENT_FIELDS)),
                        ("ingest_problems", pa.list_(layout.struct_of(layout.PROBLEM_FIELDS))),
                        ("signature", pa.binary()), *_OUTCOME])
ANALYSED = pa.schema([*_ORDER, ("doc_id", pa.string()), (layout.MONTH, pa.string()),
                      ("model", pa.string()), *_OUTCOME,
                      *((name, layout.rows_type(layout.TABLES[name]))
                        for name in layout.PER_DOCUMENT)])
# Columns the driver adds to a Parquet input's own columns (prefixed: they must not clash).
PARQUET_META = ("__sitroom_file", "__sitroom_row", "__sitroom_size", "__sitroom_mtime_us",
                "__sitroom_input")


# --- reading ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class _Fetched(Unit):
    """A file copied to the worker's disk, still named by where it came from."""

    name: str = ""

    @property
    def source(self) -> str:
        return self.name


def read_files(batches: Iterable[pa.RecordBatch], *, settings: ReadSettings,
               fmt: str | None) -> Iterator[pa.RecordBatch]:
    """binaryFile rows (path, length, mtime_us, content, input) to the articles in them."""
    for batch in batches:
        for row in batch.to_pylist():
            yield pa.RecordBatch.from_pylist(list(_file_items(row, settings, fmt)), schema=ITEMS)


def _file_items(row: dict[str, Any], settings: ReadSettings, fmt: str | None):
    name = source_name(row["path"])
    fingerprint = f"{row['length']}:{row['mtime_us'] * 1000}"
    order = {"input": row["input"], "file": row["path"]}
    if name.lower().endswith(".parquet"):
        yield {**order, "member": 0, "source": name, "fingerprint": fingerprint,
               "error": "ValueError", "reason": "a Parquet file in a folder read as articles: "
                                                "give it as an input of its own"}
        return
    from ..ingest.sources import detect

    with tempfile.TemporaryDirectory(prefix="sitroom-") as tmp:
        local = Path(tmp) / (PurePosixPath(name).name or "input")
        local.write_bytes(row["content"])
        unit = _Fetched(local, fmt or detect(local), row["length"], fingerprint, name)
        for member, item in enumerate(read(unit, settings, set())):
            yield {**order, "member": member, **_item_row(item)}


def read_parquet_rows(batches: Iterable[pa.RecordBatch], *,
                      settings: ReadSettings) -> Iterator[pa.RecordBatch]:
    """Rows of a Parquet input, each one article record read as a JSON record would be."""
    file, row_index, size, mtime, given = PARQUET_META
    for batch in batches:
        out = []
        for row in batch.to_pylist():
            name = source_name(row[file])
            fingerprint = f"{row[size]}:{row[mtime] * 1000}"
            record = {k: v for k, v in row.items() if k not in PARQUET_META}
            out.append({"input": row[given], "file": row[file], "member": row[row_index],
                        **_item_row(_record_item(f"{name}#row={row[row_index] + 1}",
                                                 fingerprint, record, settings))})
        yield pa.RecordBatch.from_pylist(out, schema=ITEMS)


def _record_item(source: str, fingerprint: str, record: dict[str, Any],
                 settings: ReadSettings) -> RawItem | Reject:
    try:
        kind, data, meta = from_record(record, settings.fields)
    except Exception as exc:  # one bad row is that row's reject, as in a JSON file
        return Reject.of(source, fingerprint, 0, exc)
    return RawItem(source, fingerprint, 0, kind, data, meta)


def _item_row(item: RawItem | Reject) -> dict[str, Any]:
    row = {"source": item.source, "fingerprint": item.fingerprint}
    if isinstance(item, Reject):
        return {**row, "error": item.error, "reason": item.reason}
    return {**row, "payload": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)}


def source_name(path: str) -> str:
    """A file's name in `source` columns: a local file by its path, as `sitroom ingest` names
    it; any other file system by its URL."""
    return path[len("file:"):] if path.startswith("file:/") else path


# --- extracting ------------------------------------------------------------------------------

def extract_items(batches: Iterable[pa.RecordBatch], *,
                  options: Options) -> Iterator[pa.RecordBatch]:
    """Articles to documents (or rejects), with content hash and MinHash, as ingest does."""
    from ..ingest.extract import extract

    for batch in batches:
        out = []
        for row in batch.to_pylist():
            if row["payload"] is None:
                out.append(row)
                continue
            found = extract(pickle.loads(row["payload"]), options)
            base = {k: row[k] for k in ("input", "file", "member", "source", "fingerprint")}
            out.append({**base, **(_candidate_row(found) if isinstance(found, Candidate)
                                   else {"error": found.error, "reason": found.reason})})
        yield pa.RecordBatch.from_pylist(out, schema=CANDIDATES)


def _candidate_row(candidate: Candidate) -> dict[str, Any]:
    document = candidate.document
    return {"doc_id": document.id, layout.MONTH: layout.month_of(document.published),
            "document": {c.name: getattr(document, c.field) for c in layout.DOCUMENT_FIELDS},
            "ingest_problems": [p.as_dict() for p in candidate.problems],
            "signature": candidate.signature}


# --- analysing -------------------------------------------------------------------------------

_PIPELINES: dict[Options, Any] = {}


def pipeline(options: Options):
    """This worker's pipeline for `options`, loaded on first use."""
    if options not in _PIPELINES:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = "1"  # a second BLAS thread per worker only slows spaCy down
        from ..pipeline import Pipeline

        _PIPELINES[options] = Pipeline(options.replace(n_process=1))
    return _PIPELINES[options]


def analyse(batches: Iterable[pa.RecordBatch], *, options: Options) -> Iterator[pa.RecordBatch]:
    """Candidate documents to the rows of every table, one output row per document."""
    from ..store.writer import analysis_rows

    nlp = pipeline(options)
    for batch in batches:
        rows = batch.to_pylist()
        documents = [Document(**row["document"]) for row in rows]
        out = []
        for row, analysis in zip(rows, nlp.pipe(documents, n_process=1), strict=True):
            base = {k: row[k] for k in ("input", "file", "member", "doc_id", layout.MONTH)}
            fatal = next((p for p in analysis.problems if p.fatal), None)
            if fatal is not None:
                out.append({**base, "error": fatal.error,
                            "reason": f"{fatal.stage}: {fatal.reason}"})
                continue
            analysis.problems[:0] = [Problem(**p) for p in row["ingest_problems"]]
            out.append({**base, "model": analysis.model, **analysis_rows(analysis)})
        yield pa.RecordBatch.from_pylist(out, schema=ANALYSED)
