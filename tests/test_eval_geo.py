"""Geoparsing evaluation: gold readers on hand-made files, scoring, and the quality gate."""

from __future__ import annotations

import pytest

from sitroom.eval import gate
from sitroom.eval import geo as geo_eval

LGL = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="7"><url>http://example.com/a</url>
<dltime>2009-03-20 12:24:52</dltime>
<text><![CDATA[Deputies in Alexandria, La., and in Rapides Parish arrested a man.]]></text>
<toponyms>
<toponym><start>12</start><end>22</end><phrase>Alexandria</phrase>
<gaztag geonameid="4314550"><lat>31.3113</lat><lon>-92.4451</lon></gaztag></toponym>
<toponym><start>36</start><end>50</end><phrase>Rapides Parish</phrase>
<gaztag geonameid="4338356"><lat>31.1669</lat><lon>-92.4835</lon></gaztag></toponym>
<toponym><start>0</start><end>8</end><phrase>Deputies</phrase></toponym>
</toponyms></article></articles>"""

GEOVIRUS = """<articles><article><source>https://example.org/x</source>
<text>Cases rose in Pandi, Bulacan.</text>
<locations><location><name>Pandi</name><start>15</start><end>20</end>
<lat>14.87</lat><lon>120.95</lon></location></locations></article></articles>"""


def test_eval_geo_reads_lgl_with_points_only(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    (article,) = geo_eval.read(path)
    assert [t.name for t in article.toponyms] == ["Alexandria", "Rapides Parish"]
    assert article.published == "2009-03-20" and article.url == "http://example.com/a"
    assert (0, 8) in article.spans  # counted for precision though it has no point


def test_eval_geo_realigns_geovirus_offsets(tmp_path):
    path = tmp_path / "GeoVirus.xml"
    path.write_text(GEOVIRUS, encoding="utf-8")
    (article,) = geo_eval.read(path)
    (pandi,) = article.toponyms
    assert article.text[pandi.start:pandi.end] == "Pandi" and pandi.start == 14


def test_eval_geo_given_spans_scores_resolution(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    metrics = geo_eval.given_spans(geo_eval.read(path))
    assert metrics["gold"] == 2 and metrics["acc161"] == 1.0
    assert metrics["median_km"] < 50


def test_eval_geo_adjectival_gold_is_told_apart():
    assert geo_eval.is_adjectival("Russian")
    assert geo_eval.is_adjectival("Palestinians")
    assert not geo_eval.is_adjectival("Russia")


def test_eval_geo_gate_metrics_are_flat():
    results = {"lgl": {"end_to_end": {"recall": 0.8, "precision": 0.9, "acc161": 0.85,
                                      "mean_km": 9.0},
                       "given_spans": {"acc161": 0.7}}}
    assert geo_eval.gate_metrics(results) == {
        "lgl.end_to_end.recall": 0.8, "lgl.end_to_end.precision": 0.9,
        "lgl.end_to_end.acc161": 0.85, "lgl.given_spans.acc161": 0.7}


@pytest.mark.model
def test_eval_geo_end_to_end_finds_and_places(tmp_path):
    path = tmp_path / "lgl.xml"
    path.write_text(LGL, encoding="utf-8")
    metrics = geo_eval.end_to_end(geo_eval.read(path))
    assert metrics["recall"] == 1.0 and metrics["acc161"] == 1.0


@pytest.mark.model
@pytest.mark.shared
def test_eval_geo_quality_gate(shared):
    """Re-measures the pinned floors on the fixed subset (every 3rd article of each set)."""
    paths = geo_eval.default_paths()
    results = {p.stem.lower(): geo_eval.evaluate(p, every=geo_eval.GATE_EVERY) for p in paths}
    result = gate.check("geo", geo_eval.gate_metrics(results), gate.digest(paths))
    assert result.digest_matches, "gold data changed: re-pin with `sitroom eval geo --every 3 --pin`"
    assert result.passed, result.failures
