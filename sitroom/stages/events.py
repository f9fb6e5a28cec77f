"""Events: who did what to whom, coded in CAMEO and PLOVER, with date, place and evidence.

The coder (`sitroom.events.coder`) finds triggers and their noun phrases; this stage resolves
those to actors, turns statements into events of their speakers (a quote's content is coded
with its own actors and `via_quote`), dates and places each event, and writes one `Event` per
source-target pair ("France and Germany condemned ..." is two events).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..context import Findings, findings
from ..events import codes, salience
from ..events.coder import FIRST_PERSON, Candidate, code_doc, phrases
from ..events.lexicon import lexicon
from ..records import Event, Quote, Span
from . import stage
from .places import locate
from .time import date_text, time_for

_DISAPPROVE, _APPROVE = "111", "051"
_OBLIGATION = {"must", "should"}
_STATE_SECTORS = {None, "GOV", "MIL", "LEG", "JUD", "COP", "SPY"}


@stage("events", needs=("mentions", "quotes"), sets=("events",))
def events(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    resolver = _Actors(doc, found, ctx.actors)
    candidates = code_doc(doc, lexicon(), resolver.is_actor)
    statements = _statements(doc, found, candidates)
    article = _Article(doc, found, resolver, candidates)
    enclosing = _enclosing(article, statements)
    for cand in sorted(candidates, key=_prominence):
        speech = enclosing.get(cand.trigger.i)
        if cand.is_statement and speech is not None and _first_person(cand):
            continue  # "we have said that ..." inside Putin's quote is Putin's statement
        found.events.extend(_events(article, cand, statements.get(cand.trigger.i), speech))
    found.events[:] = _mark_main(found.events)
    return doc


def _mark_main(events: list[Event]) -> list[Event]:
    """Flag the event each sentence is about (`salience.main_event`)."""
    quad = salience.model()
    main = set()
    for group in salience.by_sentence(events):
        chosen = salience.main_event(group[0].evidence.text, group, quad)
        main.add(chosen.id if chosen is not None else None)
    return [dataclasses.replace(e, main=True) if e.id in main else e for e in events]


def _prominence(cand: Candidate) -> tuple[int, int]:
    """Main-clause events first, so that a sentence's first event is what it is about."""
    depth, token = 0, cand.trigger
    while token.head.i != token.i:
        depth, token = depth + 1, token.head
    return depth, cand.trigger.i


@dataclass
class _Article:
    doc: Doc
    found: Findings
    actors: "_Actors"
    candidates: list[Candidate]  # in text order (`_statements` sorts them)
    starts: list[int] = field(init=False)

    def __post_init__(self):
        self.starts = [c.trigger.idx for c in self.candidates]

    def inside(self, speech: _Speech) -> list[Candidate]:
        """The candidates whose trigger lies in a statement's content, in text order; by
        bisection, since long documents hold thousands of both."""
        found = {id(c): c for b, e in speech.content
                 for c in self.candidates[bisect_left(self.starts, b):bisect_left(self.starts, e)]}
        return sorted(found.values(), key=lambda c: c.trigger.i)


# --- statements and quotes ---------------------------------------------------------------------

@dataclass
class _Speech:
    """A statement: who speaks (their actors) and what they say, with the quote if any."""

    speaker: SpacySpan | None
    content: tuple[tuple[int, int], ...]  # character ranges
    quote: Quote | None = None


def _statements(doc: Doc, found: Findings, candidates: list[Candidate]) -> dict[int, _Speech]:
    """Statement candidates by trigger index, joined with the quote whose cue they are; a quote
    without a statement verb of ours becomes a statement candidate of its own."""
    speeches = {}
    # only reported speech is a statement event: "refused to meet" (an intention) is not
    by_cue = {q.cue.start: q for q in found.quotes if q.cue is not None
              and q.cue_type == "speech"}
    for cand in candidates:
        if cand.is_statement:
            quote = _quote_at(found.quotes, cand.trigger)
            ranges = _ranges(quote) if quote else \
                ((cand.content.start_char, cand.content.end_char),) if cand.content else ()
            speaker = cand.sources[0] if cand.sources else None
            speeches[cand.trigger.i] = _Speech(speaker=speaker, content=ranges, quote=quote)
            by_cue.pop(quote.cue.start if quote and quote.cue else -1, None)
    for cand in candidates:  # a cue coded as an event of its own ("condemned") is no statement
        by_cue.pop(cand.trigger.idx, None)
    for quote in by_cue.values():
        cand = _quote_candidate(doc, quote)
        if cand is not None:
            candidates.append(cand)
            speaker = doc.char_span(quote.speaker.start, quote.speaker.end,
                                    alignment_mode="expand") if quote.speaker else None
            speeches[cand.trigger.i] = _Speech(speaker=speaker, content=_ranges(quote),
                                               quote=quote)
    candidates.sort(key=lambda c: c.trigger.i)
    return speeches


def _quote_at(quotes: list[Quote], trigger: Token) -> Quote | None:
    return next((q for q in quotes if q.cue is not None
                 and q.cue.start <= trigger.idx < q.cue.end), None)


def _ranges(quote: Quote) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in quote.content)


def _quote_candidate(doc: Doc, quote: Quote) -> Candidate | None:
    """ "according to X" and cue-less quotes: a statement whose trigger is the cue or speaker."""
    anchor = quote.cue or quote.speaker
    if anchor is None:
        return None
    span = doc.char_span(anchor.start, anchor.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    speaker = doc.char_span(quote.speaker.start, quote.speaker.end, alignment_mode="expand") \
        if quote.speaker else None
    return Candidate(trigger=span.root, trigger_end=span.end, code="010",
                     sources=[speaker] if speaker is not None else [])


def _enclosing(article: _Article, statements: dict[int, _Speech]) -> dict[int, _Speech]:
    """For each candidate's trigger, the innermost other statement whose content holds it
    (the first of equally short ones)."""
    best: dict[int, tuple[int, _Speech]] = {}
    for i, speech in statements.items():
        size = sum(e - b for b, e in speech.content)
        for cand in article.inside(speech):
            j = cand.trigger.i
            if j != i and (j not in best or size < best[j][0]):
                best[j] = (size, speech)
    return {j: speech for j, (_, speech) in best.items()}


def _first_person(cand: Candidate) -> bool:
    return bool(cand.sources) and all(s.root.lower_ in FIRST_PERSON for s in cand.sources)


# --- actors ---------------------------------------------------------------------------------------

class _Actors:
    """Noun phrases -> actor ids, through the actor stage's mentions first."""

    def __init__(self, doc: Doc, found: Findings, db):
        self.doc, self.found, self.db = doc, found, db

    def is_actor(self, token: Token) -> bool:
        return token.i in self.found.mention_at or \
            (token.pos_ in ("ADJ", "PROPN") and self.db.country_of_adjective(token.text) is not None)

    def of(self, span: SpacySpan | None, speech: _Speech | None) -> str | None:
        if span is None:
            return None
        if span.root.lower_ in FIRST_PERSON and speech is not None:
            return self.speaker(speech)
        if len(span) == 1 and span.root.pos_ == "ADJ":
            # "Hungarian and Romanian officials agreed": each adjective is its own country
            return self._demonym(span) or self.found.actor_of(span.root)
        actor = self.found.actor_of(span.root) or self._named_in_span(span)
        return actor or self._demonym(span)

    def _named_in_span(self, span: SpacySpan) -> str | None:
        """ "its European Community partners": a name in the phrase before a pronoun in it
        (a possessive pronoun is left out of the span but still says whose it is)."""
        owner = [c for c in span.root.children if c.dep_ == "poss" and c.pos_ == "PRON"]
        tokens = sorted([*span, *owner], key=lambda t: t.pos_ == "PRON")
        return next((self.found.mention_at[t.i].actor_id for t in tokens
                     if t.i in self.found.mention_at), None)

    def speaker(self, speech: _Speech) -> str | None:
        if speech.quote is not None and speech.quote.speaker_actor:
            return speech.quote.speaker_actor
        return self.found.actor_of(speech.speaker) if speech.speaker is not None else None

    def _demonym(self, span: SpacySpan) -> str | None:
        """ "Russian invasion": a country adjective the actor stage left as a modifier."""
        token = span.root
        code = self.db.country_of_adjective(token.text)
        if code is None:
            return None
        actor = self.db.actor(f"state:{code}")
        self.found.add_mention(span.doc[token.i:token.i + 1], actor, label="NORP", how="demonym")
        return actor.id

    def side(self, speech: _Speech) -> tuple[set[str], set[str]]:
        """The speaker's own side: their actor ids and countries, and those named with them."""
        ids = {self.speaker(speech)} - {None}
        if speech.speaker is not None:
            ids |= {self.found.mention_at[t.i].actor_id for t in speech.speaker
                    if t.i in self.found.mention_at}
        actors = [self.found.actors.get(i) for i in ids]
        ids |= {a.affiliation for a in actors if a is not None and a.affiliation}
        # a government speaks for its country; rebels, parties or the press do not
        return ids, {a.country for a in actors if a is not None and a.country
                     and a.sector in _STATE_SECTORS}

    def named_in(self, ranges: tuple[tuple[int, int], ...]) -> list[tuple[SpacySpan, str]]:
        """The actors named in a statement's content, each with its first mention."""
        found: dict[str, SpacySpan] = {}
        for mention in self.found.mentions:
            inside = any(b <= mention.span.start and mention.span.end <= e for b, e in ranges)
            if inside and mention.actor_id not in found:
                span = self.doc.char_span(mention.span.start, mention.span.end,
                                          alignment_mode="expand")
                found[mention.actor_id] = span
        return [(span, actor) for actor, span in found.items()]


# --- events -------------------------------------------------------------------------------------

def _events(article: _Article, cand: Candidate, speech: _Speech | None,
            outer: _Speech | None):
    """The Event records of one candidate: one per source-target pair."""
    doc, found, actors = article.doc, article.found, article.actors
    code, targets = cand.code, [(t, actors.of(t, outer)) for t in cand.targets]
    if speech is not None and code == "010":
        code, targets = _refine_statement(article, speech, code)
    row = codes.lookup(code)
    sentence = cand.trigger.sent
    evidence = found.span_of(sentence)
    trigger = found.span(cand.trigger.idx, doc[cand.trigger_end - 1].idx
                         + len(doc[cand.trigger_end - 1].text))
    sources = [(s, actors.of(s, outer)) for s in cand.sources] or [(None, None)]
    date, (place, place_how) = event_date(doc, found, cand), event_place(doc, found, cand)
    via = outer.quote.id if outer is not None and outer.quote is not None else None
    if cand.reciprocal and not targets:
        targets = sources
    pairs = [(s, t) for s in sources for t in targets or [(None, None)]
             if not _same(s, t)]
    if not pairs:  # "Syria will withdraw its troops": the source's own is no target
        pairs = [(s, (None, None)) for s in sources]
    for (source, source_actor), (target, target_actor) in pairs:
        yield Event(doc_id=found.doc_id, id=found.next_id("e"), evidence=evidence,
                    trigger=trigger, cameo=row.code, root=row.root,
                    quad_class=row.quad_class, goldstein=row.goldstein,
                    plover_type=row.plover_type, plover_mode=row.plover_mode,
                    source=_span(found, source), source_actor=source_actor,
                    target=_span(found, target), target_actor=target_actor,
                    negated=cand.negated, hypothetical=cand.hypothetical,
                    date=date, place_id=place, place_how=place_how,
                        via_quote=via)


def _tokens_in(doc: Doc, ranges: tuple[tuple[int, int], ...]) -> list[Token]:
    found = []
    for start, end in ranges:
        span = doc.char_span(start, end, alignment_mode="expand")
        found.extend(span if span is not None else ())
    return found


def _same(source: tuple, target: tuple) -> bool:
    (source_span, source_actor), (target_span, target_actor) = source, target
    return target_span is not None and target_span is source_span or \
        source_actor is not None and source_actor == target_actor


def _refine_statement(article: _Article, speech: _Speech, code: str) -> tuple[str, list]:
    """A plain statement that judges or promises is coded as what it does (CAMEO's rule that
    statements are coded as 010 only when they imply nothing more): "X poses a threat" said
    of others is disapproval of them; "Ukraine will become a member" said by NATO, a promise."""
    doc, found, actors = article.doc, article.found, article.actors
    side_ids, side_countries = actors.side(speech)

    def others(ids):
        return [i for i in ids if i not in side_ids
                and getattr(found.actors.get(i), "country", None) not in side_countries]

    tokens = _tokens_in(doc, speech.content)
    polarity = [lexicon().evaluations.get(t.lemma_.lower(), 0) for t in tokens]
    named = [(span, i) for span, i in actors.named_in(speech.content)
             if i in others([i])]
    # a report of something done ("Clinton imposed sanctions on the terrorist's hosts, the
    # White House said") is coded as that event, not as the reporter's judgement
    reports = any(not c.is_statement for c in article.inside(speech))
    demand = _demand(article, speech, tokens, others)
    if demand is not None:
        return demand
    if named and -1 in polarity and not reports:
        return _DISAPPROVE, named
    promise = _promise(article, speech, side_ids)
    if promise is not None:
        return promise
    if named and 1 in polarity and not reports:
        return _APPROVE, named
    return code, []


def _demand(article: _Article, speech: _Speech, tokens: list[Token],
            others) -> tuple[str, list] | None:
    """ "Russia said Sudan must return the helicopter": what the speaker says another party
    must or should do is a demand of it."""
    by_trigger = {c.trigger.i: c for c in article.candidates}
    for token in tokens:
        if not any(c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in token.children):
            continue
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        actor = article.actors.of(_subject_span(subject), speech) if subject is not None \
            else None
        if actor is None or not others([actor]):
            continue
        inner = by_trigger.get(token.i)
        code = lexicon().combine("demand", inner.code if inner else None)
        # "President Kagame and his Rwandan Patriotic Front must agree": each is demanded of
        return code, [(span, article.actors.of(span, speech) or actor)
                      for span in phrases(subject)]
    return None


def _subject_span(token: Token) -> SpacySpan:
    return phrases(token)[0]


def _promise(article: _Article, speech: _Speech, side_ids: set[str]) -> tuple[str, list] | None:
    """A cooperative event in the speaker's words that involves the speaker's own side."""
    lex, actors = lexicon(), article.actors
    for cand in article.inside(speech):
        if codes.lookup(cand.code).penta not in (1, 2):
            continue
        involved = [(s, actors.of(s, speech)) for s in cand.sources + cand.targets]
        if not side_ids & {i for _, i in involved}:
            continue
        others = [(s, i) for s, i in involved if i and i not in side_ids]
        if others:
            inner = cand.code if cand.root in ("03",) else lex.combine("intent", cand.code)
            return inner, others
    return None


def _span(found: Findings, span: SpacySpan | None) -> Span | None:
    return found.span(span.start_char, span.end_char) if span is not None else None


# --- when and where ------------------------------------------------------------------------

def event_date(doc: Doc, found: Findings, cand: Candidate) -> str | None:
    """The date of an event from the time expression in its clause (see `time.date_text`)."""
    return date_text(time_for(doc, _clause(cand)))


def event_place(doc: Doc, found: Findings, cand: Candidate) -> tuple[str | None, str | None]:
    """The place of an event and how it was chosen: a target that is itself a place ("the
    annexation of Crimea") is "target"; else the clause's place or the dateline (`locate`)."""
    for target in cand.targets:
        if found.actor_of(target) is not None:
            continue  # "condemned Russia": a target actor is not where it happened
        for place in found.places:
            if target.start_char <= place.span.start < target.end_char:
                return place.id, "target"
    located = locate(doc, _clause(cand))
    return (located.place.id, located.how) if located is not None else (None, None)


def _clause(cand: Candidate) -> SpacySpan:
    token = cand.trigger
    return token.doc[token.left_edge.i:token.right_edge.i + 1]


