"""The records sitroom produces, and their JSON form.

Every record is a frozen, keyword-only dataclass that carries the id of its document and
its evidence: `Span`s of character offsets `[start, end)` into `Document.text`, so that a
person can highlight and check it. `Analysis` bundles one document with all its records and
round-trips through JSON; `SCHEMA_VERSION` changes whenever a field changes meaning.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

record = functools.partial(dataclass, frozen=True, kw_only=True, slots=True)


class RecordMixin:
    """`as_dict()` / `from_dict()` shared by all records."""

    __slots__ = ()

    def as_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        hints = _hints(cls)
        return cls(**{name: _build(hints[name], value) for name, value in data.items()
                      if name in hints})


@record
class Span(RecordMixin):
    """Evidence: `text == document.text[start:end]`."""

    start: int
    end: int
    text: str

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@record
class Problem(RecordMixin):
    """Something that went wrong for one article; `fatal` means it yielded no records."""

    stage: str
    error: str
    reason: str
    fatal: bool = False


@record
class Document(RecordMixin):
    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = "en"
    source: str | None = None


@record
class Actor(RecordMixin):
    """A canonical actor: `person:vladimir-putin`, `state:RUS`, `gov:RUS`, `igo:NATO`, ..."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None


@record
class Mention(RecordMixin):
    """A span of text that refers to an actor, and how we decided which one."""

    doc_id: str
    span: Span
    actor_id: str
    label: str
    how: str


@record
class Quote(RecordMixin):
    """Who said (or believes, or intends) what, and who relayed it.

    `kind` is direct, mixed, indirect or according_to; `cue_type` is speech, belief,
    intention or finding.
    """

    doc_id: str
    id: str
    kind: str
    cue_type: str
    evidence: Span
    content: tuple[Span, ...]
    speaker: Span | None = None
    speaker_actor: str | None = None
    cue: Span | None = None
    relayed_by: str | None = None
    relayed_span: Span | None = None
    date: str | None = None
    place_id: str | None = None
    place_how: str | None = None


@record
class Event(RecordMixin):
    doc_id: str
    id: str
    evidence: Span
    trigger: Span
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str | None = None
    plover_mode: str | None = None
    source: Span | None = None
    source_actor: str | None = None
    target: Span | None = None
    target_actor: str | None = None
    negated: bool = False
    hypothetical: bool = False
    date: str | None = None
    place_id: str | None = None
    place_how: str | None = None
    via_quote: str | None = None
    main: bool = False  # the event its sentence is mostly about (one per sentence)


@record
class Stance(RecordMixin):
    """`holder_actor` is for (+1), against (-1) or neutral (0) on `proposition`, e.g.
    `membership(UKR, NATO)`; the holder is an actor id, or `author` (the article's own
    assertion) or `unknown` (a statement whose speaker we cannot name)."""

    doc_id: str
    evidence: Span
    holder_actor: str
    proposition: str
    proposition_text: str
    polarity: int
    holder: Span | None = None
    via_quote: str | None = None


@record
class Claim(RecordMixin):
    doc_id: str
    evidence: Span
    kind: str
    cause: Span
    effect: Span
    claimant: str
    attributed: bool
    signal: Span | None = None
    via_quote: str | None = None


@record
class Place(RecordMixin):
    doc_id: str
    id: str
    span: Span
    name: str
    geonames_id: int | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature_class: str | None = None
    how: str | None = None


@record
class TimeRef(RecordMixin):
    """A time expression resolved against the publication date to `[start, end]`."""

    doc_id: str
    id: str
    span: Span
    start: str | None = None
    end: str | None = None
    granularity: str | None = None
    how: str | None = None


@record
class SentenceSource(RecordMixin):
    """A sentence and whether it is `quoted`, `attributed` or an `unattributed` assertion."""

    doc_id: str
    span: Span
    sourcing: str
    attributed_to: str | None = None
    via_quote: str | None = None


@record
class Tone(RecordMixin):
    doc_id: str
    scope: str
    score: float
    evidence: Span | None = None
    target_actor: str | None = None


# Record lists an Analysis holds, in the order they are reported.
RECORD_TYPES: dict[str, type] = {
    "actors": Actor,
    "mentions": Mention,
    "quotes": Quote,
    "events": Event,
    "stances": Stance,
    "claims": Claim,
    "places": Place,
    "times": TimeRef,
    "sentences": SentenceSource,
    "tones": Tone,
}


@dataclass(kw_only=True, slots=True)
class Analysis:
    """One article and everything sitroom found in it."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
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
    model: str | None = None

    @property
    def ok(self) -> bool:
        """False when the article could not be analysed at all (see `problems`)."""
        return not any(p.fatal for p in self.problems)

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def holder_name(self, actor_id: str, via_quote: str | None = None) -> str:
        """Who holds a stance or makes a claim, for people to read: the actor's name, or
        `author`; an `unknown` holder shows the speaker's own words from the quote it came
        through ("Analysts (unresolved)")."""
        actor = self.actor(actor_id)
        if actor is not None:
            return actor.name
        quote = next((q for q in self.quotes if q.id == via_quote), None) \
            if actor_id == "unknown" else None
        if quote is not None and quote.speaker is not None:
            return f"{quote.speaker.text} (unresolved)"
        return actor_id

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "model": self.model,
                               "document": self.document.as_dict()}
        for name in RECORD_TYPES:
            out[name] = [r.as_dict() for r in getattr(self, name)]
        out["problems"] = [p.as_dict() for p in self.problems]
        return out

    def to_json(self, **kwargs) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, **kwargs)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise SchemaMismatch(f"records have schema version {version!r}; "
                                 f"this sitroom reads version {SCHEMA_VERSION}")
        lists = {name: [kind.from_dict(r) for r in data.get(name, ())]
                 for name, kind in RECORD_TYPES.items()}
        return cls(document=Document.from_dict(data["document"]), model=data.get("model"),
                   problems=[Problem.from_dict(p) for p in data.get("problems", ())], **lists)

    @classmethod
    def from_json(cls, text: str) -> Analysis:
        return cls.from_dict(json.loads(text))


class SchemaMismatch(ValueError):
    """Serialized records were written by an incompatible schema version."""


def _plain(value: Any) -> Any:
    if isinstance(value, RecordMixin):
        return value.as_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(hint: Any, value: Any) -> Any:
    """Rebuild a field value from JSON according to its type hint."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [h for h in typing.get_args(hint) if h is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        return tuple(_build(typing.get_args(hint)[0], v) for v in value)
    if isinstance(hint, type) and issubclass(hint, RecordMixin):
        return hint.from_dict(value)
    return value
