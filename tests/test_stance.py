"""Stance: holders and polarity, on small texts whose quotes we build by hand."""

from __future__ import annotations

import pytest

from sitroom.context import Findings
from sitroom.pipeline import make_document
from sitroom.records import Quote
from sitroom.stages import actors, coref, places, stance
from sitroom.stages.stance import AUTHOR, UNKNOWN_HOLDER, lexicon

pytestmark = pytest.mark.model

KINDS = {"eval", "attitude", "belief", "reverse", "harm", "boost", "purpose"}


def test_stance_word_list_is_well_formed():
    words = lexicon().words
    assert all(w.kind in KINDS and w.polarity in (-1, 0, 1) for ws in words.values() for w in ws)
    assert words[("threat", "noun")][0].polarity == -1
    assert any(w.particle == "for" for w in words[("call", "verb")])


def analyse(pipeline, text: str, *quotes: dict) -> Findings:
    """Run the stages before quotes, add the hand-made quotes, then the stance stage."""
    document = make_document({"text": text, "published": "2023-07-13"}, pipeline.options)
    doc = pipeline.nlp(document.text)
    found = Findings(document=document)
    doc._.sitroom = found
    for stage in (places.places, actors.actors, coref.coref):
        stage(doc, pipeline.context)
    found.quotes.extend(quote(found, n, **q) for n, q in enumerate(quotes, 1))
    stance.stance(doc, pipeline.context)
    return found


def quote(found: Findings, n: int, *, content: str, speaker: str | None = None,
          actor: str | None = None, cue: str | None = None, kind: str = "indirect",
          cue_type: str = "speech") -> Quote:
    def span(words):
        start = found.document.text.index(words)
        return found.span(start, start + len(words))

    spans = [span(content), *([span(speaker)] if speaker else []), *([span(cue)] if cue else [])]
    evidence = found.span(min(s.start for s in spans), max(s.end for s in spans))
    return Quote(doc_id=found.doc_id, id=f"q{n}", kind=kind, cue_type=cue_type,
                 evidence=evidence, content=(span(content),),
                 speaker=span(speaker) if speaker else None, speaker_actor=actor,
                 cue=span(cue) if cue else None)


def stances(found: Findings) -> list[tuple[str, str, int]]:
    return [(s.holder_actor, s.proposition, s.polarity) for s in found.stances]


def test_stance_quote_speaker_holds_what_the_quote_says(pipeline):
    found = analyse(pipeline, '"Ukraine\'s membership in NATO poses a threat to Russia," '
                              'Putin said.',
                    dict(content="Ukraine's membership in NATO poses a threat to Russia",
                         speaker="Putin", actor="person:vladimir-putin", cue="said",
                         kind="direct"))
    assert stances(found) == [("person:vladimir-putin", "membership(UKR, NATO)", -1)]
    record = found.stances[0]
    assert record.via_quote == "q1" and record.holder.text == "Putin"
    assert record.proposition_text == "Ukraine's membership in NATO"
    assert record.evidence.text == found.document.text


@pytest.mark.parametrize("words, polarity", [
    ("Ukraine's membership in NATO would not increase the security of Ukraine", -1),
    ("Ukraine's membership in NATO would increase the security of Ukraine", 1),
    ("Ukraine's membership in NATO poses no threat to Russia", 1),
    ("Ukraine's membership in NATO is the most effective strategy to deter Russia", 1),
    ("Ukraine will never join NATO", -1),
    ("Ukraine should join NATO", 1),
    ("Ukraine will become a member of NATO", 1),
    ("Ukraine's membership in NATO was discussed", 0),
])
def test_stance_polarity_from_the_speakers_words(pipeline, words, polarity):
    text = f'"{words}," Putin said.'
    found = analyse(pipeline, text, dict(content=words, speaker="Putin", cue="said",
                                         actor="person:vladimir-putin", kind="direct"))
    assert stances(found) == [("person:vladimir-putin", "membership(UKR, NATO)", polarity)]


def test_stance_reported_opposition_is_the_subjects(pipeline):
    text = "Putin said Hungary opposes Ukraine's membership in NATO."
    found = analyse(pipeline, text, dict(content="Hungary opposes Ukraine's membership in NATO",
                                         speaker="Putin", actor="person:vladimir-putin",
                                         cue="said"))
    assert stances(found) == [("state:HUN", "membership(UKR, NATO)", -1)]
    assert found.stances[0].via_quote == "q1"


def test_stance_attitude_cue_of_the_quote_counts(pipeline):
    text = "Germany does not support Ukraine's membership in NATO."
    found = analyse(pipeline, text, dict(content="Ukraine's membership in NATO",
                                         speaker="Germany", actor="state:DEU", cue="support",
                                         cue_type="belief"))
    assert stances(found) == [("state:DEU", "membership(UKR, NATO)", -1)]


def test_stance_reverser_over_attitude(pipeline):
    found = analyse(pipeline, "Orban refused to support new sanctions on Russia.")
    assert stances(found) == [("person:viktor-orban", "sanctions(?, RUS)", -1)]


def test_stance_stacked_attitudes_compose(pipeline):
    found = analyse(pipeline, "Putin criticized NATO's support for Ukraine's membership.")
    assert sorted(stances(found)) == [("igo:NATO", "membership(UKR, NATO)", 1),
                                      ("person:vladimir-putin", "membership(UKR, NATO)", -1)]


@pytest.mark.parametrize("text, polarity", [
    ("Although membership would anger Moscow, it is the best guarantee of Ukraine's "
     "security.", 1),
    ("Ukraine's membership in NATO has benefits, but it would provoke Russia.", -1),
    ("Lifting the sanctions on Russia would be a mistake.", 1),
])
def test_stance_concession_contrast_and_reversal(pipeline, text, polarity):
    assert [s.polarity for s in analyse(pipeline, text).stances] == [polarity]


def test_stance_author_holds_unattributed_assertions(pipeline):
    found = analyse(pipeline, "Ukraine's membership in NATO would provoke Russia.")
    assert stances(found) == [(AUTHOR, "membership(UKR, NATO)", -1)]
    assert found.stances[0].holder is None and found.stances[0].via_quote is None


@pytest.mark.parametrize("text, holder", [
    ("However, for Russia, the prospect of Ukraine joining NATO is a significant threat.",
     "state:RUS"),
    ("In Moscow's view, NATO expansion into Ukraine is a provocation.", "gov:RUS"),
    ("Russia's perception of a NATO expansion into Ukraine includes a direct threat.",
     "state:RUS"),
    ("Turkey sees Sweden's accession to NATO as a threat.", "state:TUR"),
])
def test_stance_holders_of_a_view(pipeline, text, holder):
    assert [(s.holder_actor, s.polarity) for s in analyse(pipeline, text).stances] == \
        [(holder, -1)]


def test_stance_unknown_plural_holder_becomes_a_local_group(pipeline):
    text = "NATO met. Many NATO members in Eastern Europe believe that Ukraine's " \
           "membership in NATO is the best deterrent."
    found = analyse(pipeline, text)
    [record] = [s for s in found.stances if s.holder_actor != AUTHOR]
    assert record.holder_actor == "group:nato-members-in-eastern-europe"
    assert record.polarity == 1
    assert found.actors[record.holder_actor].affiliation == "igo:NATO"


def test_stance_quote_without_speaker_is_held_by_unknown(pipeline):
    text = "Assurances were given that Ukraine would join NATO."
    found = analyse(pipeline, text, dict(content="Ukraine would join NATO", cue="Assurances"))
    assert [s.holder_actor for s in found.stances] == [UNKNOWN_HOLDER]


def test_stance_one_record_per_holder_proposition_and_sentence(pipeline):
    text = '"I am sure that Ukraine joining NATO will not increase security and that ' \
           'membership will make the world vulnerable," Putin said.'
    found = analyse(pipeline, text, dict(content=text[1:text.index(',"')], speaker="Putin",
                                         actor="person:vladimir-putin", cue="said",
                                         kind="direct"))
    assert stances(found) == [("person:vladimir-putin", "membership(UKR, NATO)", -1)]


def test_stance_an_act_shows_where_its_doer_stands(pipeline):
    found = analyse(pipeline, "The United States lifted sanctions on Venezuela.")
    assert stances(found) == [("state:USA", "sanctions(USA, VEN)", -1)]


def test_stance_user_propositions_from_config(pipeline, tmp_path):
    from sitroom.options import Options
    from sitroom.pipeline import Pipeline

    config = tmp_path / "mine.toml"
    config.write_text('[[proposition]]\nname = "grain_deal"\nroles = ["party"]\n'
                      'nouns = ["grain deal"]\n[proposition.role.party]\ntypes = ["state"]\n'
                      'slots = ["subj", "poss"]\n', encoding="utf-8")
    mine = Pipeline(Options(config=config), nlp=pipeline.nlp)
    result = mine.analyze('"Quitting the grain deal was a mistake," Erdogan said.')
    assert [(s.holder_actor, s.proposition, s.polarity) for s in result.stances] == \
        [("person:recep-tayyip-erdogan", "grain_deal(?)", 1)]


# --- stance2: fears, negative arguments, questions, the author, adjuncts ---------------------

def said(pipeline, speaker: str, actor: str, words: str, *, cue: str = "said") -> Findings:
    """ `{speaker} {cue} {words}.` with the quote built by hand."""
    text = f"{speaker} {cue} {words}."
    return analyse(pipeline, text, dict(content=words, speaker=speaker, actor=actor, cue=cue))


@pytest.mark.parametrize("words, polarity", [
    ("Finland's membership threatened no one", 1),  # a negated threat
    ("nobody should see Finland's membership as a threat", 1),
    ("Sweden would not send tanks to Ukraine", -1),  # "would" is reported "will"
    ("elections could not be held during the war", -1),  # impossibility counts against
    ("the sanctions had done little to change Moscow's course", -1),
    ("the sanctions were painful but necessary", 1),
    ("the elections were neither free nor fair", -1),
])
def test_stance_negation_modals_and_coordination(pipeline, words, polarity):
    found = said(pipeline, "Putin", "person:vladimir-putin", words)
    assert [(s.holder_actor, s.polarity) for s in found.stances] == \
        [("person:vladimir-putin", polarity)]


def test_stance_fearing_a_happening_is_being_against_it(pipeline):
    found = analyse(pipeline, "Moscow fears that the alliance will deploy forces in Finland.")
    assert stances(found) == [("gov:RUS", "deployment(?, FIN)", -1)]
    found = analyse(pipeline, "Estonia fears that Washington will withdraw its troops from "
                              "Europe.")
    assert [(s.holder_actor, s.polarity) for s in found.stances] == [("state:EST", 1)]


def test_stance_a_hoped_for_act_is_no_stance_of_its_doer(pipeline):
    text = "Zelensky hopes that Germany will send more tanks to Ukraine."
    found = analyse(pipeline, text)
    assert [(s.holder_actor, s.polarity) for s in found.stances] == \
        [("person:volodymyr-zelensky", 1)]


def test_stance_an_act_under_should_is_the_speakers_demand(pipeline):
    words = "the EU should stop sending weapons to Ukraine"
    found = said(pipeline, "Orban", "person:viktor-orban", words)
    assert [(s.holder_actor, s.polarity) for s in found.stances] == [("person:viktor-orban", -1)]


@pytest.mark.parametrize("text, expected", [
    ("Finland became the 31st member of NATO on Tuesday.", []),
    ("Sweden will join NATO next month.", []),
    ("Will the ceasefire between Israel and Hamas hold?", []),
    ("The annexation of Crimea was a violation of international law.",
     [(AUTHOR, "annexation(?, Crimea)", -1)]),
    ("The EU should impose sanctions on Belarus.", [(AUTHOR, "sanctions(EU, BLR)", 1)]),
])
def test_stance_the_author_holds_only_what_its_words_judge(pipeline, text, expected):
    assert stances(analyse(pipeline, text)) == expected


@pytest.mark.parametrize("words, polarity", [
    ("why should Ukraine not join NATO?", 1),  # rhetorical: the opposite is meant
    ("will Ukraine join NATO?", 0),
])
def test_stance_questions(pipeline, words, polarity):
    found = said(pipeline, "Duda", "person:andrzej-duda", words, cue="asked")
    assert [s.polarity for s in found.stances] == [polarity]


def test_stance_adjunct_objections_are_their_owners(pipeline):
    found = analyse(pipeline, "Despite Moscow's objections, Finland joined NATO in April.")
    assert stances(found) == [("gov:RUS", "membership(FIN, NATO)", -1)]


def test_stance_the_later_word_of_one_holder_wins(pipeline):
    found = analyse(pipeline, "Turkey withdrew its objection to Finland's accession.")
    assert [(s.holder_actor, s.polarity) for s in found.stances] == [("state:TUR", 1)]


def test_stance_coordinated_holders_each_hold_it(pipeline):
    found = analyse(pipeline, "Neither Hungary nor Slovakia wants a ceasefire.")
    assert sorted((s.holder_actor, s.polarity) for s in found.stances) == \
        [("state:HUN", -1), ("state:SVK", -1)]


def test_stance_a_warning_to_an_addressee_is_a_threat(pipeline):
    words = "new sanctions would follow"
    text = f"The EU warned Russia that {words}."
    found = analyse(pipeline, text, dict(content=words, speaker="EU", actor="igo:EU",
                                         cue="warned"))
    assert [s.polarity for s in found.stances] == [0]


def test_stance_demo_article(pipeline):
    """The bundled demo article: Moscow against Finland's membership, Niinistö for it; Russia
    threatens to reinforce its troops."""
    from pathlib import Path

    text = (Path(stance.__file__).parents[1] / "data" / "demo" / "article.txt").read_text()
    result = pipeline.analyze(text, published="2023-04-04")
    assert sorted((s.holder_actor, s.proposition, s.polarity) for s in result.stances) == [
        ("gov:RUS", "deployment(NATO, ?)", -1),
        ("gov:RUS", "deployment(RUS, ?)", 1),
        ("gov:RUS", "membership(FIN, NATO)", -1),
        ("person:sauli-niinisto", "membership(FIN, NATO)", 1),
    ]
