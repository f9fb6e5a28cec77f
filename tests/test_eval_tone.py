"""NewsMTSC reader and scorers on hand-made rows; the tone quality gate on the real data."""

from __future__ import annotations

import json

import pytest

from sitroom.eval import gate, tone as tone_eval
from sitroom.stages import tone


def test_eval_tone_reads_targets_with_labels(tmp_path):
    row = {"primary_gid": "outlet_1_2_3_Someone_0_4", "sentence_normalized": "Mary won.",
           "targets": [{"from": 0, "to": 4, "mention": "Mary", "polarity": 6.0}]}
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [target] = tone_eval.read_newsmtsc(path)
    assert (target.article, target.label) == ("outlet_1_2", "positive")
    assert target.sentence[target.start:target.end] == "Mary"


def test_eval_tone_macro_f1():
    gold = ["negative", "neutral", "positive", "positive"]
    assert tone_eval.macro_scores(gold, gold)["macro_f1"] == 1.0
    scores = tone_eval.macro_scores(gold, ["negative", "neutral", "neutral", "positive"])
    assert scores["f1_negative"] == 1.0
    assert scores["macro_f1"] == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)


def test_eval_tone_band_cuts_the_scale_into_three():
    assert [tone_eval.band(s) for s in (-0.5, 0.0, 0.04, 0.5)] == \
        ["negative", "neutral", "neutral", "positive"]


@pytest.mark.shared
def test_eval_tone_shipped_model_was_built_from_the_gold_data(shared):
    path = shared / tone_eval.DEFAULT_FILE
    meta = json.loads((tone.DATA / "actor_model.json").read_text(encoding="utf-8"))
    assert meta["inputs_digest"] == gate.digest([path])
    assert meta["settings"] == tone_eval.MODEL_SETTINGS


@pytest.mark.shared
@pytest.mark.model
def test_eval_tone_gate(shared, nlp):
    path = shared / tone_eval.DEFAULT_FILE
    metrics = tone_eval.evaluate(nlp, path)
    result = gate.check("tone", metrics, gate.digest([path]))
    assert result.digest_matches, "NewsMTSC changed since the floors were pinned"
    assert result.passed, result.failures
