"""What the stages share: `Context` (per pipeline) and `Findings` (per article).

A stage reads the article's `Findings` from `doc._.sitroom` and adds records to it; `Context`
holds options and the resources loaded once per process (dictionaries, lexicons, gazetteer).
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from .options import Options
from .records import (Actor, Analysis, Claim, Document, Event, Mention, Place, Problem, Quote,
                      SentenceSource, Span, Stance, TimeRef, Tone)

if not Doc.has_extension("sitroom"):
    Doc.set_extension("sitroom", default=None)


class Context:
    """Options plus resources loaded lazily, once per process, and shared by all articles."""

    def __init__(self, options: Options):
        self.options = options

    @functools.cached_property
    def actors(self):
        from .actors_db import ActorDictionary

        return ActorDictionary.load(self.options.config)


@dataclass(eq=False)
class Findings:
    """The records of one article while the stages run; `freeze()` makes the `Analysis`."""

    document: Document
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    sentences: list[SentenceSource] = field(default_factory=list)
    tones: list[Tone] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # token index -> the mention covering it, for later stages asking "who is this?"
    mention_at: dict[int, Mention] = field(default_factory=dict)
    _counters: dict[str, itertools.count] = field(
        default_factory=lambda: defaultdict(lambda: itertools.count(1)))

    @property
    def doc_id(self) -> str:
        return self.document.id

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counters[prefix])}"

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.document.text[start:end])

    def span_of(self, item: SpacySpan | Token) -> Span:
        if isinstance(item, Token):
            return self.span(item.idx, item.idx + len(item.text))
        # A sentence keeps the line breaks that end it as a token; evidence never does.
        doc, start, end = item.doc, item.start, item.end
        while end > start and doc[end - 1].is_space:
            end -= 1
        while start < end and doc[start].is_space:
            start += 1
        if start < end:
            item = doc[start:end]
        return self.span(item.start_char, item.end_char)

    def add_actor(self, actor: Actor) -> Actor:
        return self.actors.setdefault(actor.id, actor)

    def add_mention(self, item: SpacySpan, actor: Actor, *, label: str, how: str,
                    keep_existing: bool = False) -> Mention:
        """Record a mention; `keep_existing` leaves tokens already mentioned to their own
        mention ("Russia" inside "Russia's foreign minister")."""
        self.add_actor(actor)
        mention = Mention(doc_id=self.doc_id, span=self.span_of(item), actor_id=actor.id,
                          label=label, how=how)
        self.mentions.append(mention)
        for i in range(item.start, item.end):
            if not (keep_existing and i in self.mention_at):
                self.mention_at[i] = mention
        return mention

    def actor_of(self, item: SpacySpan | Token) -> str | None:
        """The actor mentioned by a token or span: its syntactic head's mention first, else
        the first token that is part of a mention."""
        if isinstance(item, Token):
            mention = self.mention_at.get(item.i)
            return mention.actor_id if mention else None
        root = self.mention_at.get(item.root.i)
        if root is not None:
            return root.actor_id
        return next((self.mention_at[t.i].actor_id for t in item if t.i in self.mention_at),
                    None)

    def freeze(self, model: str | None) -> Analysis:
        used = {m.actor_id for m in self.mentions}
        used |= {q.speaker_actor for q in self.quotes} | {q.relayed_by for q in self.quotes}
        used |= {s.holder_actor for s in self.stances}
        actors = [a for a in self.actors.values() if a.id in used]
        return Analysis(document=self.document, actors=sorted(actors, key=lambda a: a.id),
                        mentions=sorted(self.mentions, key=lambda m: m.span.start),
                        quotes=self.quotes, events=self.events, stances=self.stances,
                        claims=self.claims, places=self.places, times=self.times,
                        sentences=self.sentences, tones=self.tones, problems=self.problems,
                        model=model)


def findings(doc: Doc) -> Findings:
    return doc._.sitroom
