"""Exports of a corpus: JSONL, Parquet, CSV, GDELT 2.0 event files and GraphML networks.

Every export streams from the store in Arrow batches, so its memory does not grow with the
corpus. JSONL writes one `Analysis` per line (the same JSON as `sitroom analyze`, readable with
`Analysis.from_json`); Parquet and CSV write one file per table; `gdelt-events` writes events in
the 61-column GDELT 2.0 layout; `graphml` writes the actor network for Gephi or networkx.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from .errors import ConfigError
from .store import Store, schema

FORMATS = ("jsonl", "parquet", "csv", "gdelt-events", "graphml")
# Tables a table export writes (signatures and meta are the store's own bookkeeping).
EXPORT_TABLES = tuple(name for name in schema.TABLES if name not in ("meta", "signatures"))
_BATCH = 8192
_NOT_CODED = "NOT e.negated AND NOT e.hypothetical"


def export_tables(store: Store, fmt: str, directory: Path,
                  tables: tuple[str, ...] = EXPORT_TABLES) -> dict[str, int]:
    """Write each table to `directory/<table>.<fmt>`; returns rows written per table."""
    if fmt not in ("parquet", "csv"):
        raise ConfigError(f"table exports are parquet or csv, not {fmt!r}")
    directory.mkdir(parents=True, exist_ok=True)
    return {name: write_table(store, name, fmt, directory / f"{name}.{fmt}") for name in tables}


def write_table(store: Store, name: str, fmt: str, path: Path | TextIO) -> int:
    """One table as Parquet or CSV (lists and structs as JSON text in CSV)."""
    if name not in EXPORT_TABLES:
        raise ConfigError(f"unknown table {name!r}; tables: {', '.join(EXPORT_TABLES)}")
    table = schema.TABLES[name]
    columns = [_csv_column(c) if fmt == "csv" else schema.quote(c.name) for c in table.columns]
    reader = store.conn.cursor().sql(
        f"SELECT {', '.join(columns)} FROM {schema.quote(name)}").to_arrow_reader(_BATCH)
    return _write_parquet(reader, path) if fmt == "parquet" else _write_csv(reader, path)


def _csv_column(column: schema.Column) -> str:
    name = schema.quote(column.name)
    return f"to_json({name})::VARCHAR AS {name}" if column.sql.endswith("[]") else name


def _write_parquet(reader, path: Path) -> int:
    import pyarrow.parquet as pq

    rows = 0
    with pq.ParquetWriter(str(path), reader.schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _write_csv(reader, target: Path | TextIO) -> int:
    import pyarrow.csv as pcsv

    if isinstance(target, Path):
        rows = 0
        with pcsv.CSVWriter(str(target), reader.schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
                rows += batch.num_rows
        return rows
    return _write_csv_text(reader, target)


def _write_csv_text(reader, out: TextIO) -> int:
    """CSV onto a text stream (stdout), a batch at a time: pyarrow writes bytes only."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    rows, header = 0, True
    for batch in reader:
        buffer = io.BytesIO()
        pcsv.write_csv(pa.Table.from_batches([batch]), buffer,
                       pcsv.WriteOptions(include_header=header))
        out.write(buffer.getvalue().decode("utf-8"))
        rows, header = rows + batch.num_rows, False
    if header:
        out.write(",".join(f'"{name}"' for name in reader.schema.names) + "\n")
    return rows


def write_jsonl(store: Store, out: TextIO, *, include_copies: bool = False) -> int:
    """One analysed document per line, as `Analysis.to_json()` writes it."""
    count = 0
    for analysis in store.analyses(include_copies=include_copies):
        out.write(json.dumps(analysis, ensure_ascii=False) + "\n")
        count += 1
    return count


# --- GDELT 2.0 events --------------------------------------------------------------------

@functools.cache
def gdelt_columns() -> tuple[str, ...]:
    text = resources.files("sitroom").joinpath("data/export/gdelt-events-columns.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


_GDELT_SQL = f"""
    WITH copies AS (SELECT duplicate_of AS id, count(*) AS n FROM documents
                    WHERE duplicate_of IS NOT NULL GROUP BY duplicate_of),
         tone AS (SELECT doc_id, avg(score) AS score FROM tones WHERE scope = 'document'
                  GROUP BY doc_id)
    SELECT e.doc_id, e.id, e.cameo, e.root, e.quad_class, e.goldstein, e.trigger_start,
           coalesce(e.date, d.published) AS day, coalesce(d.url, d.source) AS url,
           d.ingested_at, coalesce(nullif(instr(d.text, chr(10)), 0), length(d.text)) AS lead_end,
           1 + coalesce(c.n, 0) AS articles, tone.score AS tone,
           a1.code AS a1_code, a1.name AS a1_name, a1.country AS a1_country,
           a1.sector AS a1_sector, a2.code AS a2_code, a2.name AS a2_name,
           a2.country AS a2_country, a2.sector AS a2_sector,
           p.name AS geo_name, p.country AS geo_country, p.admin1 AS geo_admin1,
           p.lat AS geo_lat, p.lon AS geo_lon, p.geonames_id AS geo_id,
           p.feature_class AS geo_class
    FROM events e JOIN documents d ON d.id = e.doc_id
    LEFT JOIN copies c ON c.id = d.id LEFT JOIN tone ON tone.doc_id = e.doc_id
    LEFT JOIN actors a1 ON a1.id = e.source_actor LEFT JOIN actors a2 ON a2.id = e.target_actor
    LEFT JOIN places p ON p.doc_id = e.doc_id AND p.id = e.place_id
    WHERE {{where}}
    ORDER BY e.doc_id, e.seq"""


def write_gdelt_events(store: Store, out: TextIO, *, include_negated: bool = False) -> int:
    """Events as GDELT 2.0 event records: tab-separated, no header, 61 columns.

    Negated and hypothetical events are left out unless `include_negated` (GDELT codes what
    happened). Geographic country codes are the ISO codes of our gazetteer, not FIPS 10-4.
    """
    columns = gdelt_columns()
    sql = _GDELT_SQL.format(where="TRUE" if include_negated else _NOT_CODED)
    count = 0
    for row in _rows(store, sql):
        values = gdelt_record(row)
        out.write("\t".join(_tsv(values.get(name)) for name in columns) + "\n")
        count += 1
    return count


def gdelt_record(row: dict[str, Any]) -> dict[str, Any]:
    """The GDELT fields we can fill for one event row; the others stay blank."""
    day = _date(row["day"])
    out: dict[str, Any] = {
        "GLOBALEVENTID": _event_number(row["doc_id"], row["id"]),
        "IsRootEvent": int(row["trigger_start"] is not None and
                           row["trigger_start"] < row["lead_end"]),
        "EventCode": row["cameo"], "EventBaseCode": (row["cameo"] or "")[:3],
        "EventRootCode": row["root"], "QuadClass": row["quad_class"],
        "GoldsteinScale": row["goldstein"], "NumMentions": 1, "NumSources": 1,
        "NumArticles": row["articles"], "AvgTone": row["tone"], "SOURCEURL": row["url"],
    }
    if day is not None:
        out.update(SQLDATE=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"),
                   Year=day.year, FractionDate=round(day.year + (day.timetuple().tm_yday - 1)
                                                     / 365, 4))
    if row["ingested_at"] is not None:
        out["DATEADDED"] = row["ingested_at"].strftime("%Y%m%d%H%M%S")
    for n, prefix in ((1, "a1"), (2, "a2")):
        out.update({f"Actor{n}Code": row[f"{prefix}_code"],
                    f"Actor{n}Name": (row[f"{prefix}_name"] or "").upper() or None,
                    f"Actor{n}CountryCode": row[f"{prefix}_country"],
                    f"Actor{n}Type1Code": row[f"{prefix}_sector"]})
    if row["geo_name"] is not None:
        out.update(ActionGeo_Type=_geo_type(row), ActionGeo_FullName=row["geo_name"],
                   ActionGeo_CountryCode=row["geo_country"],
                   ActionGeo_ADM1Code=(row["geo_country"] or "") + (row["geo_admin1"] or ""),
                   ActionGeo_Lat=row["geo_lat"], ActionGeo_Long=row["geo_lon"],
                   ActionGeo_FeatureID=row["geo_id"])
    return out


def _geo_type(row: dict[str, Any]) -> int:
    """GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 city, 5 state."""
    american = row["geo_country"] in ("US", "USA")
    if row["geo_class"] == "A":
        if row["geo_admin1"] is None:
            return 1
        return 2 if american else 5
    return 3 if american else 4


def _event_number(doc_id: str, event_id: str) -> int:
    """A stable positive 63-bit number for an event (GDELT ids are integers)."""
    digest = hashlib.blake2b(f"{doc_id}:{event_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\n", " ")


# --- GraphML actor network ---------------------------------------------------------------

_EDGES_SQL = f"""
    SELECT e.source_actor AS source, e.target_actor AS target, count(*) AS events,
           avg(e.goldstein) AS goldstein,
           count(*) FILTER (WHERE e.quad_class = 1) AS verbal_coop,
           count(*) FILTER (WHERE e.quad_class = 2) AS material_coop,
           count(*) FILTER (WHERE e.quad_class = 3) AS verbal_conflict,
           count(*) FILTER (WHERE e.quad_class = 4) AS material_conflict
    FROM events e
    WHERE e.source_actor IS NOT NULL AND e.target_actor IS NOT NULL AND {{where}}
    GROUP BY e.source_actor, e.target_actor ORDER BY e.source_actor, e.target_actor"""
_NODE_KEYS = (("name", "string"), ("kind", "string"), ("country", "string"), ("code", "string"))
_EDGE_KEYS = (("weight", "double"), ("events", "int"), ("goldstein", "double"),
              ("verbal_coop", "int"), ("material_coop", "int"), ("verbal_conflict", "int"),
              ("material_conflict", "int"))


def write_graphml(store: Store, out: TextIO, *, include_negated: bool = False) -> tuple[int, int]:
    """The directed actor network: an edge per (source, target) weighted by its event count,
    with mean Goldstein and counts per quad class. Returns (nodes, edges)."""
    edges = list(_rows(store, _EDGES_SQL.format(where="TRUE" if include_negated
                                                 else _NOT_CODED)))
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = _actor_rows(store, ids)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, kind in _NODE_KEYS:
        out.write(f'  <key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
    for name, kind in _EDGE_KEYS:
        out.write(f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    out.write('  <graph id="actors" edgedefault="directed">\n')
    for actor_id in ids:
        out.write(f"    <node id={quoteattr(actor_id)}>"
                  f"{_data(nodes.get(actor_id, {}), _NODE_KEYS)}</node>\n")
    for edge in edges:
        edge["weight"] = edge["events"]
        out.write(f"    <edge source={quoteattr(edge['source'])} "
                  f"target={quoteattr(edge['target'])}>{_data(edge, _EDGE_KEYS)}</edge>\n")
    out.write("  </graph>\n</graphml>\n")
    return len(ids), len(edges)


def _actor_rows(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = store.conn.sql("SELECT id, name, kind, country, code FROM actors "
                          "WHERE list_contains($ids, id)", params={"ids": ids}).fetchall()
    return {r[0]: dict(zip(("id", "name", "kind", "country", "code"), r, strict=True))
            for r in rows}


def _data(values: dict[str, Any], keys: tuple[tuple[str, str], ...]) -> str:
    parts = []
    for name, kind in keys:
        value = values.get(name)
        if value is not None:
            text = repr(round(float(value), 4)) if kind == "double" else str(value)
            parts.append(f'<data key="{name}">{escape(text)}</data>')
    return "".join(parts)


def _rows(store: Store, sql: str) -> Iterator[dict[str, Any]]:
    reader = store.conn.cursor().sql(sql).to_arrow_reader(_BATCH)
    for batch in reader:
        yield from batch.to_pylist()
