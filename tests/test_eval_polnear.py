"""The PolNeAR reader and scorer on a hand-made brat example."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.errors import DataError
from sitroom.eval import polnear

TEXT = 'Smith said the plan would fail. "It is dead," Jones added. Voters fear a crash.\n'
ANN = "\n".join([
    "T1\tSource 0 5\tSmith",
    "T2\tCue 6 10\tsaid",
    "T3\tContent 11 30\tthe plan would fail",
    "T4\tAttribution 6 10\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    'T5\tContent 32 38;39 45\t"It is dead,"',
    "T6\tSource 46 51\tJones",
    "T7\tCue 52 57\tadded",
    "T8\tAttribution 52 57\tadded",
    "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
    "T9\tSource 59 65\tVoters",
    "T10\tCue 66 70\tfear",
    "T11\tContent 71 78\ta crash",
    "T12\tAttribution-no-source 66 70\tfear",
    "E3\tAttribution-no-source:T12 Content:T11 Cue:T10",
    "a continuation line without tabs",
    "T13\tDiscuss 0 5\tSmith",
])


def _speech(cue: str) -> bool:
    return cue in ("said", "added")


@pytest.fixture()
def split(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc_ef2d.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "attributions" / "doc_4b22.ann").write_text(ANN.split("\nT5")[0],
                                                            encoding="utf-8")
    return tmp_path


def test_eval_polnear_reads_events_and_discontinuous_content():
    gold = polnear.read_ann(ANN)
    assert len(gold) == 3
    assert gold[0].content == ((11, 30),) and gold[0].source == ((0, 5),)
    assert gold[1].content == ((32, 38), (39, 45))
    assert gold[2].source == ()


def test_eval_polnear_picks_the_first_annotator(split: Path):
    [article] = polnear.articles(split)
    assert article.annotator == "4b22" and len(article.attributions) == 1
    assert polnear.files(split) == sorted([split / "attributions" / "doc_4b22.ann",
                                           split / "text" / "doc.txt"])


def test_eval_polnear_missing_files_raise_data_error(tmp_path: Path):
    with pytest.raises(DataError):
        list(polnear.articles(tmp_path))


def test_eval_polnear_groups_reported_speech():
    gold = polnear.read_ann(ANN)
    assert polnear.reported_speech(gold[0], TEXT, _speech)
    assert polnear.reported_speech(gold[1], TEXT, lambda cue: False)  # in quote marks
    assert not polnear.reported_speech(gold[2], TEXT, _speech)


def test_eval_polnear_scores_half_overlap_and_sources():
    gold = [polnear.Attribution(content=g.content, source=g.source, cue=g.cue,
                                speech=polnear.reported_speech(g, TEXT, _speech))
            for g in polnear.read_ann(ANN)]
    predicted = [
        # "plan would fail": 3 of the gold's 4 words -> a match, source right
        polnear.Attribution(content=((15, 30),), source=((0, 5),), speech=True),
        # "It is": 2 of 3 words, the wrong source
        polnear.Attribution(content=((33, 38),), source=((59, 65),), speech=True),
        # a belief nobody annotated
        polnear.Attribution(content=((0, 10),), speech=False),
    ]
    scores = polnear.score([(TEXT, gold, predicted)])
    assert (scores.all.gold, scores.all.predicted, scores.all.gold_matched) == (3, 3, 2)
    assert scores.all.precision == pytest.approx(2 / 3)
    assert scores.all.recall == pytest.approx(2 / 3)
    assert (scores.speech.gold, scores.speech.predicted, scores.speech.gold_matched) == (2, 2, 2)
    assert scores.speech.f1 == pytest.approx(1.0)
    assert scores.speech.source_accuracy == pytest.approx(0.5)


def test_eval_polnear_less_than_half_is_no_match():
    gold = [polnear.Attribution(content=((11, 30),))]
    predicted = [polnear.Attribution(content=((26, 30),))]  # "fail": 1 of 4 words
    assert polnear.match(gold, predicted, TEXT) == []


def test_eval_polnear_same_name_elsewhere_is_the_right_source():
    text = "Bernie Sanders spoke. Sanders said it."
    gold = polnear.Attribution(content=((0, 1),), source=((0, 14),))
    same = polnear.Attribution(content=((0, 1),), source=((22, 29),))
    pronoun = polnear.Attribution(content=((0, 1),), source=((30, 34),))
    assert polnear.source_correct(gold, same, text)
    assert not polnear.source_overlaps(gold, same, text)
    assert not polnear.source_correct(gold, pronoun, text)
