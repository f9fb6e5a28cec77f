"""Coreference for actors: pronouns and definite descriptions -> the actor they refer to.

Rules, not a model: a third-person pronoun refers to the most salient compatible actor of its
own or the previous sentences (the subject first, then the nearest); "the alliance" refers to
the alliance named earlier; "the president" to the president mentioned earlier. Whatever a
rule cannot settle stays unresolved rather than guessed.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from ..actors_db import ActorDictionary, norm
from ..context import Findings, findings
from ..records import Mention
from . import stage
from .actors import published

_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_NEUTER = {"its", "itself"}
_PLURAL = {"they", "them", "their", "themselves"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_LOOKBACK = 3  # sentences searched for an antecedent, the pronoun's own included


@stage("coref", needs=("mentions",), sets=("mentions",))
def coref(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    resolver = _Coref(ctx.actors, found, doc)
    for token in doc:
        if token.i not in found.mention_at and token.pos_ == "PRON":
            resolver.pronoun(token)
    for chunk in doc.noun_chunks:
        if chunk[0].lower_ == "the" and not any(t.i in found.mention_at for t in chunk):
            resolver.description(chunk)
    found.mentions.sort(key=lambda m: m.span.start)
    return doc


class _Coref:
    def __init__(self, db: ActorDictionary, found: Findings, doc: Doc):
        self.db, self.found, self.day = db, found, published(found)
        self.sentences = list(doc.sents)
        self.starts = [s.start_char for s in self.sentences]
        self.original = sorted(found.mentions, key=lambda m: m.span.start)
        self.by_sentence: dict[int, list[Mention]] = {}
        for mention in self.original:
            self._index(mention)

    def _index(self, mention: Mention) -> None:
        n = bisect.bisect_right(self.starts, mention.span.start) - 1
        self.by_sentence.setdefault(n, []).append(mention)
        self.by_sentence[n].sort(key=lambda m: m.span.start)

    def pronoun(self, token: Token) -> None:
        word = token.lower_
        if word in _MALE or word in _FEMALE:
            gender = "m" if word in _MALE else "f"
            fits = lambda m: self._is_person(m, gender)
        elif word in _NEUTER:
            fits = lambda m: self.kind(m) in ("state", "igo", "organization")
        elif word in _PLURAL:
            fits = lambda m: self.kind(m) == "group" or m.label == "GROUP"
        else:
            return
        antecedent = self._antecedent(token, fits, reflexive=word.endswith(("self", "selves")))
        if antecedent is not None:
            self._link(token.doc[token.i:token.i + 1], antecedent, label="PRON")

    def description(self, chunk: Span) -> None:
        """ "the alliance" -> NATO named earlier; "the president" -> the president named earlier."""
        key = norm(chunk.text)
        earlier = [m for m in self.original if m.span.end <= chunk.start_char]
        described = self.db.descriptions.get(key)
        if described:
            match = next((m for m in reversed(earlier) if m.actor_id == described), None)
        else:
            title = self.db.canonical_title(key)
            match = next((m for m in reversed(earlier) if title and self._holds(m, title)), None)
        if match is not None:
            self._link(chunk, match, label="DESC")

    def kind(self, mention: Mention) -> str:
        return self.found.actors[mention.actor_id].kind

    def _is_person(self, mention: Mention, gender: str) -> bool:
        if self.kind(mention) != "person":
            return False
        person = self.db.people.get(mention.actor_id)
        return person is None or person.gender in (gender, "")

    def _holds(self, mention: Mention, title: str) -> bool:
        person = self.db.people.get(mention.actor_id)
        office = person.office_on(self.day) if person else None
        return office is not None and office.title == title

    def _antecedent(self, token: Token, fits, *, reflexive: bool) -> Mention | None:
        here = bisect.bisect_right(self.starts, token.idx) - 1
        for n in range(here, max(-1, here - _LOOKBACK), -1):
            sentence = self.sentences[n]
            limit = token.idx if n == here else sentence.end_char
            candidates = [m for m in self.by_sentence.get(n, ())
                          if m.span.start < limit and fits(m)]
            if candidates and reflexive:  # "Ukraine itself": bound to the nearest noun
                return candidates[-1]
            if candidates:
                return self._salient(candidates, sentence, nearest=(n == here))
        return None

    def _salient(self, candidates: list[Mention], sentence: Span, *, nearest: bool) -> Mention:
        """In an earlier sentence the subject wins; in the pronoun's own, the mention closest
        to the root of the parse (the topic, not a noun buried in a modifier), then the nearest."""
        doc = sentence.doc
        roots = [doc.char_span(m.span.start, m.span.end, alignment_mode="expand").root
                 for m in candidates]
        if nearest:
            depth = [_depth(r) for r in roots]
            best = min(depth)
            return [m for m, d in zip(candidates, depth) if d == best][-1]
        subjects = [m for m, r in zip(candidates, roots) if r.dep_ in _SUBJECTS]
        return (subjects or candidates)[0]

    def _link(self, span: Span, antecedent: Mention, *, label: str) -> None:
        actor = self.found.actors[antecedent.actor_id]
        self._index(self.found.add_mention(span, actor, label=label, how="coref"))


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


_FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
_FIRST_PLURAL = {"we", "us", "our", "ours", "ourselves"}


@stage("voices", needs=("quotes", "mentions"), sets=("mentions",))
def voices(doc: Doc, ctx) -> Doc:
    """Inside a quotation, "I" is the speaker and "we" the body the speaker speaks for:
    Putin's "we have repeatedly said" is the Russian government."""
    found = findings(doc)
    for quote in found.quotes:
        speaker = found.actors.get(quote.speaker_actor or "")
        if speaker is None:
            continue
        body = _collective(ctx.actors, found, speaker)
        for content in quote.content:
            for token in doc.char_span(content.start, content.end, alignment_mode="expand") or ():
                word = token.lower_
                actor = speaker if word in _FIRST_SINGULAR else \
                    body if word in _FIRST_PLURAL else None
                if actor is not None and token.i not in found.mention_at:
                    found.add_mention(doc[token.i:token.i + 1], actor, label="PRON", how="coref")
    found.mentions.sort(key=lambda m: m.span.start)
    return doc


def _collective(db: ActorDictionary, found: Findings, speaker):
    """The body a speaker says "we" for: a minister's government, a secretary general's IGO."""
    if speaker.kind != "person":
        return speaker
    if speaker.affiliation and speaker.affiliation in db.actors:
        return db.actors[speaker.affiliation]
    if speaker.sector in ("GOV", "MIL") and speaker.country:
        return db.country_actor(speaker.country, speaker.sector)
    return None
