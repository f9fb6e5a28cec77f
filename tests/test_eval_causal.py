"""CNC reader and scorers on hand-made rows; the causal quality gate on the real corpus."""

from __future__ import annotations

import json

import pytest

from sitroom.eval import causal, gate
from sitroom.stages import claims


def test_eval_causal_tagged_text_gives_character_ranges():
    text = "Shops closed due to the strike ."
    relation = causal.parse_tagged(
        "<ARG1>Shops closed</ARG1> <SIG0>due to</SIG0> <ARG0>the strike</ARG0> .", text)
    assert text[slice(*relation.effect)] == "Shops closed"
    assert text[slice(*relation.cause)] == "the strike"
    assert text[slice(*relation.signal)] == "due to"


def test_eval_causal_tagged_text_must_match_its_sentence():
    with pytest.raises(causal.DataError):
        causal.parse_tagged("<ARG1>Shops</ARG1> closed", "Shops shut")


def test_eval_causal_binary_scores_and_mcc():
    gold = [True, True, False, False]
    assert causal.binary_scores(gold, gold)["mcc"] == 1.0
    assert causal.binary_scores(gold, [True] * 4)["mcc"] == 0.0
    scores = causal.binary_scores(gold, [True, False, True, False])
    assert scores["f1"] == 0.5 and scores["mcc"] == 0.0


def test_eval_causal_span_scorer_counts_words_and_exact_spans():
    sentence = causal.CausalSentence(
        id="x_1", document="x", text="Shops closed due to the strike .", causal=True,
        relations=(causal.GoldRelation(cause=(20, 30), effect=(0, 12), signal=(13, 19)),))
    scorer = causal.SpanScorer()
    scorer.add(sentence, [{"cause": (24, 30), "effect": (0, 12), "signal": (13, 19)}])
    scores = scorer.scores()
    assert scores["effect_f1"] == scores["signal_f1"] == 1.0
    assert scores["cause_precision"] == 1.0 and scores["cause_recall"] == 0.5
    assert scores["cause_exact_f1"] == 0.0 and scores["effect_exact_f1"] == 1.0


def test_eval_causal_missing_prediction_counts_as_missed():
    sentence = causal.CausalSentence(
        id="x_1", document="x", text="A caused B .", causal=True,
        relations=(causal.GoldRelation(cause=(0, 1), effect=(9, 10), signal=(2, 8)),))
    scorer = causal.SpanScorer()
    scorer.add(sentence, [])
    assert scorer.scores()["span_macro_f1"] == 0.0
    assert scorer.roles["cause"].fn == 1


def test_eval_causal_folds_keep_a_document_together():
    sentences = [causal.CausalSentence(id=f"d{i % 7}_{i}", document=f"d{i % 7}", text="t",
                                       causal=False) for i in range(50)]
    fold_of = causal.folds(sentences)
    by_document = {}
    for sentence, fold in zip(sentences, fold_of):
        by_document.setdefault(sentence.document, set()).add(fold)
    assert all(len(f) == 1 for f in by_document.values())


@pytest.mark.shared
@pytest.mark.parametrize("name, settings", [
    ("sentence_model.json", causal.SENTENCE_SETTINGS),
    ("relation_model.json", causal.MODEL_SETTINGS)])
def test_eval_causal_shipped_models_were_built_from_the_gold_data(shared, name, settings):
    folder = shared / causal.DEFAULT_DIR
    meta = json.loads((claims.DATA / name).read_text(encoding="utf-8"))
    assert meta["inputs_digest"] == gate.digest(causal.input_paths(folder))
    assert meta["settings"] == settings


@pytest.mark.shared
@pytest.mark.model
def test_eval_causal_gate(shared, nlp):
    folder = shared / causal.DEFAULT_DIR
    metrics = causal.evaluate(nlp, folder)
    result = gate.check("causal", metrics, gate.digest(causal.input_paths(folder)))
    assert result.digest_matches, "CNC files changed since the floors were pinned"
    assert result.passed, result.failures


@pytest.mark.shared
@pytest.mark.model
def test_eval_causal_pin_writes_floors_below_the_measured_numbers(shared, tmp_path,
                                                                  monkeypatch):
    from click.testing import CliRunner

    from sitroom.cli import cli

    monkeypatch.setattr(gate, "QUALITY_DIR", tmp_path)
    result = CliRunner().invoke(cli, ["eval", "causal", str(shared / causal.DEFAULT_DIR),
                                      "--limit", "80", "--pin", "--json"])
    assert result.exit_code == 0, result.output
    pinned = json.loads((tmp_path / "causal.json").read_text(encoding="utf-8"))
    assert pinned["command"] == "sitroom eval causal --pin"
    assert pinned["floors"]["sentence_f1"] == round(pinned["measured"]["sentence_f1"] - 0.01, 4)
