"""`sitroom eval stance`: reading our sentence set, matching records, the metrics, the gate."""

from __future__ import annotations

import pytest

from sitroom.errors import DataError
from sitroom.eval import gate
from sitroom.eval import stance as scorer
from sitroom.eval.stance import Record, Row


def row(holder: str, proposition: str, stance: str, text: str = "t", split: str = "dev") -> Row:
    return Row(text, holder, proposition, stance, split)


def test_stance_eval_reads_the_set_in_two_splits():
    rows = scorer.read()
    assert {r.split for r in rows} == set(scorer.SPLITS)
    assert {r.stance for r in rows} == {"favor", "against", "neutral", "none"}
    groups = scorer.group(rows)
    assert len(groups) < len(rows) and all(len({r.text for r in g}) == 1 for g in groups)


@pytest.mark.parametrize("found, expected, agrees", [
    ("membership(?, NATO)", "membership(FIN, NATO)", True),
    ("membership(SWE, NATO)", "membership(FIN, NATO)", False),
    ("sanctions(?, RUS)", "membership(?, RUS)", False),
    ("ceasefire(UKR, ?)", "ceasefire(RUS, UKR)", True),  # symmetric: any order
    ("ceasefire(ISR, ?)", "ceasefire(RUS, UKR)", False),
])
def test_stance_eval_propositions_agree_where_known(found, expected, agrees):
    assert scorer.agrees(found, expected) is agrees


def test_stance_eval_metrics_on_hand_made_records():
    groups = [
        (row("state:RUS", "membership(FIN, NATO)", "against", "a"),
         row("author", "membership(FIN, NATO)", "none", "a")),
        (row("state:POL", "aid(?, UKR, ?)", "favor", "b"),),
        (row("person:x", "sanctions(?, IRN)", "neutral", "c"),),
    ]
    found = [
        [Record("state:RUS", "membership(?, NATO)", -1), Record("author", "membership(FIN, NATO)", 0)],
        [Record("state:DEU", "aid(DEU, UKR, military)", 1)],
        [Record("person:x", "sanctions(USA, IRN)", 1)],
    ]
    metrics = scorer.score(groups, found).metrics()
    assert metrics["found"] == 1.0
    assert metrics["holder_accuracy"] == pytest.approx(2 / 3)
    assert metrics["polarity_accuracy"] == 0.5 and metrics["accuracy"] == pytest.approx(1 / 3)
    assert metrics["none_accuracy"] == 0.0 and metrics["precision"] == 0.5
    assert metrics["macro_f1"] == pytest.approx((1.0 + 0.0 + 0.0) / 3)


@pytest.mark.parametrize("line", [
    "A sentence.\tstate:RUS\tmembership(FIN, NATO)\tfor\tdev\n",
    "A sentence.\tstate:RUS\tmembership(FIN, NATO)\tfavor\ttrain\n",
])
def test_stance_eval_bad_rows_are_data_errors(tmp_path, line):
    path = tmp_path / "bad.tsv"
    path.write_text("text\tholder\tproposition\tstance\tsplit\n" + line, encoding="utf-8")
    with pytest.raises(DataError):
        scorer.read(path)


def test_stance_eval_one_sentence_in_one_split(tmp_path):
    path = tmp_path / "mixed.tsv"
    path.write_text("text\tholder\tproposition\tstance\tsplit\n"
                    "S.\ta\tx(?)\tfavor\tdev\nS.\tb\tx(?)\tagainst\ttest\n", encoding="utf-8")
    with pytest.raises(DataError, match="two splits"):
        scorer.read(path)


@pytest.mark.model
def test_stance_gate_own_sentence_set(pipeline):
    metrics = scorer.evaluate(pipeline).all_metrics()
    result = gate.check("stance", metrics, gate.digest([scorer.DEFAULT_SET]))
    assert result.digest_matches, "tests/data/stances.tsv changed since the floors were " \
        "pinned: re-pin with `sitroom eval stance --pin`"
    assert result.passed, result.failures
