"""Exports: JSONL round trip, Parquet/CSV tables, GDELT 2.0 event layout, GraphML network."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyarrow.parquet as pq
import pytest
from corpus_samples import sample_analysis

from sitroom.errors import ConfigError
from sitroom.export import (EXPORT_TABLES, export_tables, gdelt_columns, write_gdelt_events,
                            write_graphml, write_jsonl, write_table)
from sitroom.records import Analysis
from sitroom.store import Store

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "corpus.duckdb"
    with Store(db, writable=True) as writable:
        writable.add([sample_analysis(1, published="2023-07-13"),
                      sample_analysis(2, published="2023-08-02", negated=True),
                      sample_analysis(3, published="2024-02-01")])
    with Store(db) as read_only:
        yield read_only


def test_export_jsonl_round_trips_to_analysis(store):
    out = io.StringIO()
    assert write_jsonl(store, out) == 3
    lines = out.getvalue().splitlines()
    back = sorted((Analysis.from_json(line) for line in lines), key=lambda a: a.document.title)
    expected = [sample_analysis(1, published="2023-07-13"),
                sample_analysis(2, published="2023-08-02", negated=True),
                sample_analysis(3, published="2024-02-01")]
    assert [a.as_dict() for a in back] == [a.as_dict() for a in expected]


def test_export_parquet_tables(store, tmp_path):
    counts = export_tables(store, "parquet", tmp_path)
    assert set(counts) == set(EXPORT_TABLES)
    quotes = pq.read_table(tmp_path / "quotes.parquet")
    assert quotes.num_rows == counts["quotes"] == 3
    assert quotes.column("content").to_pylist()[0][0]["text"] == \
        "NATO membership for Ukraine threatens Russia"
    assert pq.read_table(tmp_path / "documents.parquet").num_rows == 3


def test_export_csv_table_keeps_lists_as_json(store):
    out = io.StringIO()
    write_table(store, "actors", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    putin = next(r for r in rows if r["id"] == "person:vladimir-putin")
    assert json.loads(putin["aliases"]) == ["Putin", "Russian President"]


def test_export_unknown_table_or_format(store, tmp_path):
    with pytest.raises(ConfigError):
        write_table(store, "signatures", "csv", io.StringIO())
    with pytest.raises(ConfigError):
        export_tables(store, "xlsx", tmp_path)


def test_export_gdelt_events_layout(store):
    out = io.StringIO()
    assert write_gdelt_events(store, out) == 2  # the negated event is not coded
    lines = out.getvalue().splitlines()
    columns = gdelt_columns()
    assert len(columns) == 61 and columns[0] == "GLOBALEVENTID" and columns[-1] == "SOURCEURL"
    rows = [dict(zip(columns, line.split("\t"), strict=True)) for line in lines]
    first = next(r for r in rows if r["SQLDATE"] == "20230713")
    assert (first["MonthYear"], first["Year"], first["EventCode"], first["EventBaseCode"],
            first["EventRootCode"], first["QuadClass"], first["GoldsteinScale"]) == (
        "202307", "2023", "190", "190", "19", "4", "-10.0")
    assert (first["Actor1Code"], first["Actor1Name"], first["Actor1CountryCode"],
            first["Actor2Code"], first["Actor2CountryCode"]) == ("RUS", "RUSSIA", "RUS", "UKR",
                                                                  "UKR")
    assert (first["ActionGeo_FullName"], first["ActionGeo_Type"], first["ActionGeo_Lat"],
            first["ActionGeo_FeatureID"]) == ("Kharkiv", "4", "49.98", "706483")
    assert first["SOURCEURL"] == "https://example.org/1" and first["AvgTone"] == "-2.5"
    assert first["IsRootEvent"] == "1" and int(first["GLOBALEVENTID"]) > 0
    assert len(first["DATEADDED"]) == 14
    everything = io.StringIO()
    assert write_gdelt_events(store, everything, include_negated=True) == 3


def test_export_graphml_actor_network(store):
    out = io.StringIO()
    assert write_graphml(store, out) == (2, 1)
    root = ET.fromstring(out.getvalue())
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    assert {"weight", "goldstein", "material_conflict", "name"} <= set(keys)
    (edge,) = root.iter(f"{GRAPHML}edge")
    data = {d.get("key"): d.text for d in edge.iter(f"{GRAPHML}data")}
    assert (edge.get("source"), edge.get("target")) == ("state:RUS", "state:UKR")
    assert (data["weight"], data["events"], data["goldstein"], data["material_conflict"]) == (
        "2.0", "2", "-10.0", "2")
    names = {n.get("id"): next(d.text for d in n.iter(f"{GRAPHML}data") if d.get("key") == "name")
             for n in root.iter(f"{GRAPHML}node")}
    assert names == {"state:RUS": "Russia", "state:UKR": "Ukraine"}
