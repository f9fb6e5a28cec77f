"""The learned cue model: its file format, its scoring, and the script's steps on a tiny split."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sitroom.errors import DataError
from sitroom.stages import cuemodel
from sitroom.stages.cuemodel import CueModel, Scorer

MODEL = {"candidates": [["seem", "verb", "infinitive|clause"]],
         "keep": {"bias": -1.0, "threshold": 0.5, "weights": {"via=quote": 3.0, "negated": -3.0}}}


def test_quotes_model_scorer_is_a_logistic_regression():
    scorer = Scorer(weights={"a": 1.0, "b": -1.0}, bias=0.0, threshold=0.6)
    assert scorer.probability([]) == pytest.approx(0.5)
    assert scorer.probability(["a"]) == pytest.approx(0.7311, abs=1e-4)
    assert scorer.probability(["a", "b", "unknown"]) == pytest.approx(0.5)
    assert scorer.keeps(["a"]) and not scorer.keeps(["b"])


def test_quotes_model_round_trips_through_its_dict():
    model = cuemodel.from_dict(MODEL)
    cue = model.candidates[("seem", "verb")]
    assert (cue.cue_type, cue.takes) == (cuemodel.LEARNED_TYPE, ("infinitive", "clause"))
    assert model.keep.keeps(["via=quote"]) and not model.keep.keeps(["via=quote", "negated"])
    assert cuemodel.from_dict(model.as_dict()) == model


def test_quotes_model_bad_candidate_raises_data_error():
    with pytest.raises(DataError):
        cuemodel.from_dict({"candidates": [["seem", "verb", "telepathy"]], "keep": {}})


def test_quotes_model_shipped_file_is_small_and_loads_fast():
    path = Path(cuemodel.__file__).parents[1] / "data" / "quotes" / cuemodel.MODEL_FILE
    assert path.stat().st_size < 400_000
    start = time.perf_counter()
    model = cuemodel.from_dict(json.loads(path.read_text(encoding="utf-8")))
    assert time.perf_counter() - start < 0.2
    assert model.candidates and model.keep.weights and 0 < model.keep.threshold < 1


@pytest.mark.model
def test_quotes_model_training_steps_on_a_tiny_split(pipeline, tmp_path: Path):
    pytest.importorskip("sklearn")
    from sitroom.train import quotes as train

    text = ("Smith said the plan would fail. Jones reckoned the vote was lost. "
            "Brown seemed to doubt it. Green seemed to like the plan.\n")
    ann = "\n".join([
        "T1\tCue 6 10\tsaid", "T2\tContent 11 30\tthe plan would fail",
        "E1\tAttribution:T1 Content:T2 Cue:T1",
        "T3\tCue 72 78\tseemed", "T4\tContent 79 90\tto doubt it",
        "E2\tAttribution:T3 Content:T4 Cue:T3",
        "T5\tCue 98 104\tseemed", "T6\tContent 105 121\tto like the plan",
        "E3\tAttribution:T5 Content:T6 Cue:T5"])
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "a_0000.ann").write_text(ann, encoding="utf-8")
    items = train.parse(tmp_path, pipeline, tmp_path / "cache.spacy")
    assert (tmp_path / "cache.spacy").exists()
    assert [t.text for item in items for t in train.cue_heads(item)] == ["said", "seemed",
                                                                         "seemed"]
    candidates = train.candidate_cues(items, train.lexicon(), min_count=1)
    assert ("seem", "verb") in candidates and ("say", "verb") in candidates
    assert candidates[("say", "verb")].takes == ("infinitive", "about")
    model = CueModel(candidates=candidates, keep=Scorer(weights={}, bias=0.0, threshold=0.0))
    features, labels = train.examples(items, model)
    assert len(features) == len(labels) >= 3 and sum(labels) >= 2
    scorer = train.fit(features, labels, c=1.0, threshold=0.5)
    assert scorer.weights and scorer.threshold == 0.5
