"""bench/quotes_textacy.py: textacy's triples as PolNeAR attributions, on a hand-built Doc.

The conversion test needs textacy (`pip install -e '.[bench]'`), which CI does not install:
there it skips, and only the missing-textacy message is checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitroom.eval import polnear

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "quotes_textacy.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("quotes_textacy", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_bench_quotes_textacy_triple_becomes_attribution(bench):
    triples = pytest.importorskip("textacy.extract.triples")
    words = ['"', "It", "is", "dead", ",", '"', "Smith", "and", "Jones", "said", "."]
    spaces = [False, True, True, False, False, True, True, True, True, False, False]
    doc = Doc(Vocab(), words=words, spaces=spaces)
    text = doc.text  # '"It is dead," Smith and Jones said.'
    triple = triples.DQTriple(speaker=[doc[6], doc[8]], cue=[doc[9]], content=doc[0:6])

    got = bench.attribution(triple)

    assert [text[s:e] for s, e in got.content] == ['"It is dead,"']
    assert [text[s:e] for s, e in got.source] == ["Smith", "Jones"]
    assert [text[s:e] for s, e in got.cue] == ["said"]
    gold = polnear.Attribution(content=((1, 11),), source=((13, 18),), speech=True)
    scores = polnear.score([(text, [gold], [got])])
    assert (scores.speech.gold_matched, scores.speech.source_correct) == (1, 1)


def test_bench_quotes_textacy_missing_names_the_extra(bench, monkeypatch):
    monkeypatch.setitem(sys.modules, "textacy.extract.triples", None)
    with pytest.raises(SystemExit) as raised:
        bench.textacy_extractor()
    assert "pip install -e '.[bench]'" in str(raised.value)
