"""The HTML extraction gate: body-text token F1 on 181 real pages, and WARC/HTML agreement."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.eval import gate
from sitroom.eval.html_extraction import token_prf, tokens


def test_ingest_html_quality_token_f1_definition():
    assert token_prf("the cat sat", "the cat sat") == (1.0, 1.0, 1.0)
    precision, recall, f1 = token_prf("the cat sat on the mat menu", "the cat sat on the mat")
    assert (round(precision, 3), recall) == (0.857, 1.0)
    assert token_prf("", "words") == (0.0, 0.0, 0.0)
    assert sum(tokens("東京で会議").values()) == 5  # one token per CJK character


@pytest.mark.shared
def test_ingest_html_quality_gate(shared):
    result = CliRunner().invoke(cli, ["eval", "html", str(shared / "corpora"), "--format",
                                      "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    measured = {row["metric"]: row["value"] for row in json.loads(result.stdout)}
    pinned = gate.load("html")
    checked = gate.check("html", measured, pinned["inputs_digest"])
    assert checked.passed, checked.failures
    assert measured["warc_agreement"] == 1.0
    assert "gate: passed" in result.stderr and "other pages" not in result.stderr
