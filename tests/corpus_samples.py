"""Hand-built analyses for the store, export and corpus CLI tests: every record type, with
evidence spans computed from the text, so no model is needed."""

from __future__ import annotations

from sitroom.records import (Actor, Analysis, Claim, Document, Event, Mention, Place, Problem,
                             Quote, SentenceSource, Span, Stance, TimeRef, Tone)
from sitroom.text import doc_id

PUTIN = Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person", country="RUS",
              sector="GOV", code="RUSGOV", aliases=("Putin", "Russian President"))
STOLTENBERG = Actor(id="person:jens-stoltenberg", name="Jens Stoltenberg", kind="person",
                    sector="IGO", code="IGONATO", aliases=("Stoltenberg",))
RUSSIA = Actor(id="state:RUS", name="Russia", kind="state", country="RUS", code="RUS")
UKRAINE = Actor(id="state:UKR", name="Ukraine", kind="state", country="UKR", code="UKR")
NATO = Actor(id="igo:NATO", name="NATO", kind="igo", code="NATO",
             aliases=("North Atlantic Treaty Organization", "the alliance"))

TEMPLATE = ("Vladimir Putin said on Tuesday that NATO membership for Ukraine threatens Russia. "
            "Russia attacked Ukrainian positions near Kharkiv. "
            "Jens Stoltenberg said Ukraine's future is in NATO. Report {n}.")


def span(text: str, part: str, start: int = 0) -> Span:
    at = text.index(part, start)
    return Span(start=at, end=at + len(part), text=part)


def sample_analysis(n: int = 1, *, published: str = "2023-07-13", negated: bool = False,
                    outlet: str = "Example News") -> Analysis:
    """One article with a quote, an event (RUS -> UKR), two stances and one of each other record."""
    text = TEMPLATE.format(n=n)
    did = doc_id(text)
    document = Document(id=did, text=text, url=f"https://example.org/{n}", outlet=outlet,
                        title=f"Report {n}", published=published, source=f"sample-{n}.txt")
    s = lambda part, start=0: span(text, part, start)  # noqa: E731
    second_nato = text.index("NATO", text.index("Stoltenberg"))
    mentions = [Mention(doc_id=did, span=s("Vladimir Putin"), actor_id=PUTIN.id, label="PERSON",
                        how="name"),
                Mention(doc_id=did, span=s("NATO"), actor_id=NATO.id, label="ORG", how="name"),
                Mention(doc_id=did, span=s("Ukraine"), actor_id=UKRAINE.id, label="GPE",
                        how="name"),
                Mention(doc_id=did, span=s("Russia", text.index("threatens")),
                        actor_id=RUSSIA.id, label="GPE", how="name"),
                Mention(doc_id=did, span=s("Jens Stoltenberg"), actor_id=STOLTENBERG.id,
                        label="PERSON", how="name"),
                Mention(doc_id=did, span=span(text, "NATO", second_nato), actor_id=NATO.id,
                        label="ORG", how="name")]
    quote = Quote(doc_id=did, id="q1", kind="indirect", cue_type="speech",
                  evidence=s(text[:text.index(". ") + 1]),
                  content=(s("NATO membership for Ukraine threatens Russia"),),
                  speaker=s("Vladimir Putin"), speaker_actor=PUTIN.id, cue=s("said"),
                  date=published)
    event = Event(doc_id=did, id="e1", evidence=s("Russia attacked Ukrainian positions"),
                  trigger=s("attacked"), cameo="190", root="19", quad_class=4, goldstein=-10.0,
                  plover_type="ASSAULT", source=s("Russia", text.index("Russia attacked")),
                  source_actor=RUSSIA.id, target=s("Ukrainian"), target_actor=UKRAINE.id,
                  negated=negated, place_id="p1")
    stances = [Stance(doc_id=did, evidence=quote.evidence, holder_actor=PUTIN.id,
                      proposition="membership(UKR, NATO)",
                      proposition_text="Ukraine's membership in NATO", polarity=-1,
                      holder=s("Vladimir Putin"), via_quote="q1"),
               Stance(doc_id=did, evidence=s("Ukraine's future is in NATO"),
                      holder_actor=STOLTENBERG.id, proposition="membership(UKR, NATO)",
                      proposition_text="Ukraine's membership in NATO", polarity=1,
                      holder=s("Jens Stoltenberg"))]
    return Analysis(
        document=document, actors=[STOLTENBERG, NATO, PUTIN, RUSSIA, UKRAINE],
        mentions=mentions, quotes=[quote], events=[event], stances=stances,
        claims=[Claim(doc_id=did, evidence=quote.evidence, kind="causal",
                      cause=s("NATO membership for Ukraine"), effect=s("threatens Russia"),
                      claimant=PUTIN.id, attributed=True, signal=s("threatens"),
                      via_quote="q1")],
        places=[Place(doc_id=did, id="p1", span=s("Kharkiv"), name="Kharkiv",
                      geonames_id=706483, country="UA", admin1="07", lat=49.98, lon=36.25,
                      feature_class="P", how="gazetteer")],
        times=[TimeRef(doc_id=did, id="t1", span=s("on Tuesday"), start=published,
                       end=published, granularity="day", how="weekday")],
        sentences=[SentenceSource(doc_id=did, span=quote.evidence, sourcing="attributed",
                                  attributed_to=PUTIN.id, via_quote="q1")],
        tones=[Tone(doc_id=did, scope="document", score=-2.5)],
        problems=[Problem(stage="tone", error="Warning", reason="short text")],
        model="test-model")
