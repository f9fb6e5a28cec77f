"""Sourcing: sentence labels from hand-made quotes, the unsourced share, and the scorer."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from sitroom.context import Findings
from sitroom.eval import gate, polnear
from sitroom.eval import sourcing as scorer
from sitroom.records import Analysis, Document, Quote, SentenceSource
from sitroom.stages.sourcing import label, sentences, unsourced_share

TEXT = '"We agreed," Stoltenberg said. Moscow fears that it is a threat. It rained.'


def findings() -> Findings:
    return Findings(document=Document(id="d", text=TEXT))


def span(found: Findings, words: str):
    start = found.document.text.index(words)
    return found.span(start, start + len(words))


def add_quote(found: Findings, content: str, *, cue: str, kind: str, cue_type: str,
              actor: str | None = None) -> Quote:
    q = Quote(doc_id="d", id=f"q{len(found.quotes) + 1}", kind=kind, cue_type=cue_type,
              evidence=span(found, content), content=(span(found, content),),
              cue=span(found, cue), speaker_actor=actor)
    found.quotes.append(q)
    return q


def test_sourcing_labels_from_quotes():
    found = findings()
    add_quote(found, "We agreed", cue="said", kind="direct", cue_type="speech",
              actor="person:jens-stoltenberg")
    add_quote(found, "it is a threat", cue="fears", kind="indirect", cue_type="belief",
              actor="gov:RUS")
    first = label(found, span(found, '"We agreed," Stoltenberg said.'))
    assert (first.sourcing, first.attributed_to, first.via_quote) == \
        ("quoted", "person:jens-stoltenberg", "q1")
    belief = label(found, span(found, "Moscow fears that it is a threat."))
    assert belief.sourcing == "unattributed" and belief.attributed_to is None
    assert label(found, span(found, "It rained.")).sourcing == "unattributed"


def test_sourcing_indirect_speech_and_cue_only_sentences_are_attributed():
    found = findings()
    add_quote(found, "it is a threat", cue="said", kind="indirect", cue_type="speech",
              actor="gov:RUS")
    assert label(found, span(found, "Moscow fears that it is a threat.")).sourcing == \
        "attributed"
    assert label(found, span(found, '"We agreed," Stoltenberg said.')).sourcing == "attributed"


def test_sourcing_punctuation_overlap_does_not_count():
    found = findings()
    add_quote(found, 'said. M', cue="said", kind="indirect", cue_type="belief")
    assert label(found, span(found, "Moscow fears that it is a threat.")).sourcing == \
        "unattributed"


def test_sourcing_sentences_end_at_line_breaks():
    words = ["He", "said", "so", "\n", "Then", "it", "rained", ".", "\n\n"]
    doc = Doc(Vocab(), words=words, spaces=[True, True, False, False, True, True, False,
                                            False, False],
              sent_starts=[True, False, False, False, False, False, False, False, False])
    assert [s.text for s in sentences(doc)] == ["He said so", "Then it rained."]


def test_sourcing_unsourced_share():
    document = Document(id="d", text=TEXT)
    labels = ["quoted", "unattributed", "unattributed", "attributed"]
    records = [SentenceSource(doc_id="d", span=span(findings(), "It rained."), sourcing=x)
               for x in labels]
    assert unsourced_share(Analysis(document=document, sentences=records)) == 0.5
    assert unsourced_share(Analysis(document=document)) is None


def test_sourcing_scorer_on_a_hand_made_article():
    text = 'He said "it is bad". Officials think so. It rained. She said it was fine.'
    sents = [(0, 20), (21, 40), (41, 52), (53, len(text))]
    gold = [polnear.Attribution(content=((9, 18),), speech=True),
            polnear.Attribution(content=((36, 39),), speech=False),
            polnear.Attribution(content=((62, 74),), speech=True)]
    assert scorer.gold_labels(sents, text, gold) == ["quoted", "attributed", "unattributed",
                                                     "attributed"]
    scores = scorer.Scores()
    predicted = ["quoted", "unattributed", "unattributed", "quoted"]
    scorer.score_article(scores, text, sents, predicted, gold)
    everything, speech = scores.variants["all"], scores.variants["speech"]
    assert everything.accuracy == 0.5 and everything.sourced_accuracy == 0.75
    assert speech.accuracy == 0.75 and speech.sourced_accuracy == 1.0
    assert everything.unsourced_precision == 0.5 and everything.unsourced_recall == 1.0
    assert everything.share_mae == pytest.approx(0.25) and speech.share_mae == 0.0


@pytest.mark.model
@pytest.mark.shared
def test_sourcing_gate_polnear_dev(pipeline, shared):
    dev = shared / "quotes" / "polnear" / "data" / "dev"
    if not dev.is_dir():
        pytest.skip(f"PolNeAR dev not found at {dev}")
    metrics = scorer.evaluate(dev, pipeline).metrics()
    result = gate.check("sourcing", metrics, gate.digest(polnear.files(dev)))
    assert result.digest_matches, "PolNeAR dev changed since the floors were pinned: re-pin"
    assert result.passed, result.failures
