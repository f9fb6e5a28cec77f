"""Actors: resolve names, titles, metonyms and group descriptions to canonical actors.

"Putin" and "the Russian president" -> Vladimir Putin; "the Kremlin", and "Moscow" or "Kyiv"
when they act -> that country's government; "NATO" -> igo:NATO; "Russian officials" -> the
Russian government. Names not in the dictionary become actors of their own, local to the
article, so that later mentions ("Smith") still meet their first one ("John Smith").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..actors_db import ActorDictionary, norm
from ..context import Findings, findings
from ..records import Actor
from . import stage

# Dependency roles in which a capital city acts ("Kyiv said", "talks with Moscow") rather
# than names a location ("in Kyiv").
_ACTING_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "iobj", "poss", "appos", "conj"}
_ACTING_PREPS = {"to", "with", "against", "by", "toward", "towards", "between", "on"}
_PERSON_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "mr.", "mrs.", "ms.", "dr.",
                      # abbreviated ranks that the parser takes into a name ("Gen Musharraf")
                      "gen", "gen.", "lt", "lt.", "col", "col.", "maj", "maj.", "capt", "capt.",
                      "sgt", "sgt.", "brig", "brig.", "adm", "adm.", "prof", "prof."}
_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_INCUMBENT = {"former", "ex", "ex-", "late", "then", "future", "next", "acting", "deputy",
                  "vice", "incoming", "outgoing", "would-be", "previous"}


@stage("actors", needs=("entity labels",), sets=("actors", "mentions"))
def actors(doc: Doc, ctx) -> Doc:
    resolver = _Resolver(ctx.actors, findings(doc), doc.ents)
    titles = filter_spans(_title_matcher(ctx.actors, doc.vocab)(doc, as_spans=True))
    in_title = {i for title in titles for i in range(title.start, title.end)}
    resolver.collect_full_names(doc.ents)
    for ent in doc.ents:
        if not (ent.label_ == "ORG" and ent.start in in_title):  # "Secretary of State"
            resolver.entity(ent)
    for title in titles:
        resolver.role(title)
    for token in doc:  # surnames the parser did not tag again: "Quillfeather said"
        if token.pos_ == "PROPN" and not token.ent_type_ and token.i not in resolver.found.mention_at:
            resolver.surname(token)
    for token in doc:
        if token.tag_ in ("NNS", "NNPS") and token.i not in resolver.found.mention_at:
            resolver.group(token)
    return doc


def published(found: Findings) -> dt.date | None:
    value = found.document.published
    return dt.date.fromisoformat(value) if value else None


def slug(text: str) -> str:
    """ASCII id part: "Sauli Niinistö" -> "sauli-niinisto"."""
    ascii_text = unicodedata.normalize("NFKD", norm(text)).encode("ascii", "ignore").decode()
    return _SLUG.sub("-", ascii_text).strip("-")


class _Resolver:
    """Resolution state for one article: the dictionary, the findings, the local names."""

    def __init__(self, db: ActorDictionary, found: Findings, ents: tuple[Span, ...] = ()):
        self.db, self.found, self.day, self.ents = db, found, published(found), ents
        self.local_surnames: dict[str, str] = {}
        # Full names anywhere in the article, by surname: a surname alone stands for the
        # person named in full in the same article before any namesake in the dictionary.
        self.full_names: dict[str, Span] = {}

    def mention(self, span: Span, actor: Actor, *, label: str, how: str,
                overlap: bool = False) -> None:
        """Add a mention unless another covers its tokens; a role ("Russia's foreign
        minister") may contain the mention of its body, which keeps its tokens."""
        if overlap and span.root.i not in self.found.mention_at:
            self.found.add_mention(span, actor, label=label, how=how, keep_existing=True)
        elif not any(t.i in self.found.mention_at for t in span):
            self.found.add_mention(span, actor, label=label, how=how)

    def actor(self, actor_id: str) -> Actor:
        return self.found.actors.get(actor_id) or self.db.actor(actor_id, self.day)

    # --- named entities -------------------------------------------------------------------

    def entity(self, ent: Span) -> None:
        span = _trim(ent)
        if span is None:
            return
        if ent.label_ == "PERSON":
            self.person(_extend_name(span))
        elif ent.label_ == "GPE":
            self.place_name(span)
        elif ent.label_ == "NORP":
            self.demonym(span)
        elif ent.label_ in ("ORG", "FAC", "LOC"):
            self.organization(span, label=ent.label_)

    def person(self, span: Span) -> None:
        if len(span) == 1 and self.db.country_of_capital(span.text) and \
                not self.db.by_surname(span.text):
            return self.place_name(span)  # "Kiev said": the parser took a capital for a name
        known = self.db.by_name(span.text)
        if known and not known & self.db.people.keys():
            # "Labour", "Lib Dems" tagged as a person: the dictionary knows the name as a
            # party, a body or a country.
            if any(i.startswith("state:") for i in known):
                return self.place_name(span)
            return self.organization(span, label="ORG")
        self.mention(span, self._person_actor(span), label="PERSON", how="name")

    def _person_actor(self, span: Span) -> Actor:
        ids = {i for i in self.db.by_name(span.text) if i in self.db.people}
        if not ids:
            local = self.local_surnames.get(norm(span.text))
            if local:
                return self.found.actors[local]
            full = self.full_names.get(norm(span.text)) if len(span) == 1 else None
            if full is not None:  # "Blair" in a headline, "Tony Blair" in the text below
                return self._person_actor(full)
            ids = self.db.by_surname(span.text)
        chosen = self._choose_person(ids)
        if chosen is None:
            return self._new_person(span)
        self.local_surnames.setdefault(norm(span[-1].text), chosen)
        return self.actor(chosen)

    def collect_full_names(self, ents: tuple[Span, ...]) -> None:
        for ent in ents:
            span = _trim(ent) if ent.label_ == "PERSON" else None
            if span is not None and len(span) > 1:
                span = _extend_name(span)
                self.full_names.setdefault(norm(span[-1].text), span)

    @functools.cached_property
    def countries(self) -> Counter[str]:
        """How often the article names each country (places and nationalities), to tell
        namesakes apart when nothing else does; counted only when namesakes meet."""
        counts: Counter[str] = Counter()
        for ent in self.ents:
            if ent.label_ == "GPE":
                states = [i for i in self.db.by_name(ent.text) if i.startswith("state:")]
                if len(states) == 1:
                    counts[states[0].removeprefix("state:")] += 1
            elif ent.label_ == "NORP":
                code = self.db.country_of_adjective(ent.text)
                if code:
                    counts[code] += 1
        return counts

    def surname(self, token: Token) -> None:
        actor_id = self.local_surnames.get(norm(token.text))
        if actor_id:
            span = token.doc[token.i:token.i + 1]
            self.mention(span, self.actor(actor_id), label="PERSON", how="name")

    def _choose_person(self, ids: set[str]) -> str | None:
        if len(ids) <= 1:
            return next(iter(ids), None)
        seen = [i for i in ids if i in self.found.actors]
        if seen:
            return seen[0]
        in_office = [i for i in ids
                     if any(o.held_on(self.day) for o in self.db.people[i].offices)] \
            if self.day else []
        if len(in_office) == 1:
            return in_office[0]
        if self.day and not in_office:
            return self._last_in_office(ids)
        return self._of_the_articles_country(in_office or ids)

    def _of_the_articles_country(self, ids) -> str | None:
        """Of namesakes, the one whose country the article names most ("Blair" in an undated
        article about Britain is Tony Blair, not Canada's Bill Blair); of namesakes of that
        one country, the one who took office last ("Bush" is George W. Bush). None when the
        article names none of their countries, or nothing else tells them apart."""
        weight = {i: self.countries[self.db.people[i].country or ""] for i in ids}
        best = max(weight.values(), default=0)
        top = [i for i, w in weight.items() if w == best]
        if best == 0:
            return None
        if len(top) > 1:
            started = {i: max((o.start for o in self.db.people[i].offices), default=None)
                       for i in top}
            if None in started.values():
                return None
            latest = max(started.values())
            top = [i for i, day in started.items() if day == latest]
        return top[0] if len(top) == 1 else None

    def _last_in_office(self, ids: set[str]) -> str | None:
        """Of namesakes none of whom holds office on the article's day, the one who left office
        last ("Assad" in 2025 is Bashar, not his father); None when one of them never held an
        office before that day, since nothing then says which of them the article means."""
        left: dict[str, dt.date] = {}
        for person_id in ids:
            ends = [o.end or self.day for o in self.db.people[person_id].offices
                    if o.start <= self.day]
            if not ends:
                return None
            left[person_id] = max(ends)
        latest = max(left.values())
        last = [i for i, end in left.items() if end == latest]
        return last[0] if len(last) == 1 else None

    def _new_person(self, span: Span) -> Actor:
        country, sector = self._title_context(span)
        actor = Actor(id=f"person:{slug(span.text)}", name=span.text, kind="person",
                      country=country, sector=sector,
                      code=f"{country}{sector or ''}" if country else None)
        self.local_surnames.setdefault(norm(span[-1].text), actor.id)
        return self.found.add_actor(actor)

    def _title_context(self, span: Span) -> tuple[str | None, str | None]:
        """Country and sector from words before a name: "Russian Foreign Minister X"."""
        country = sector = None
        for token in span.doc[max(0, span.start - 5):span.start]:
            country = self.db.country_of_adjective(token.text) or country
            if self.db.canonical_title(token.lemma_) or self.db.canonical_title(token.text):
                sector = "GOV"
        return country, sector

    def place_name(self, span: Span) -> None:
        ids = self.db.by_name(span.text)
        state = next((i for i in ids if i.startswith("state:")), None)
        if state:
            return self.mention(span, self.actor(state), label="GPE", how="name")
        government = next((i for i in ids if i.startswith(("gov:", "mil:", "igo:"))), None)
        capital = self.db.country_of_capital(span.text)
        if government is None and capital:
            government = f"gov:{capital}"
        if government and _acts(span):
            self.mention(span, self.actor(government), label="GPE", how="metonym")

    def demonym(self, span: Span) -> None:
        """ "the Russians" acting as a nation; adjectives ("Russian troops") are groups."""
        root = span.root
        if root.dep_ in ("amod", "compound") or root.tag_ not in ("NNPS", "NNS", "NNP"):
            ids = self.db.by_name(span.text)
            if ids:
                self.organization(span, label="NORP")
            return
        country = self.db.country_of_adjective(span.text)
        if country:
            self.mention(span, self.actor(f"state:{country}"), label="NORP", how="demonym")

    def organization(self, span: Span, *, label: str) -> None:
        ids = self.db.by_name(span.text)
        if len(ids) == 1:
            actor_id = next(iter(ids))
            how = "metonym" if actor_id.startswith(("gov:", "mil:")) else "name"
            return self.mention(span, self.actor(actor_id), label=label, how=how)
        if not ids and label == "ORG" and (self.db.by_surname(span.text)
                                           or norm(span.text) in self.local_surnames):
            return self.person(span)  # "Von der Leyen" tagged as an organisation
        if label == "ORG" and not ids:
            country = self._owner_country(span)
            actor = Actor(id=f"org:{slug(span.text)}", name=span.text, kind="organization",
                          country=country)
            self.mention(span, self.found.add_actor(actor), label=label, how="name")

    def _owner_country(self, span: Span) -> str | None:
        for child in span.root.children:
            if child.dep_ in ("poss", "amod", "compound") and child.i < span.start:
                code = self.db.country_of_adjective(child.text)
                state = next((i for i in self.db.by_name(child.text)
                              if i.startswith("state:")), None)
                if code or state:
                    return code or state.split(":")[1]
        return None

    # --- titles and groups ---------------------------------------------------------------

    def role(self, title: Span) -> None:
        """ "the Russian president", "Russia's foreign minister", "the president of Ukraine"."""
        end, doc = title.end, title.doc
        if end < len(doc) and doc[end].ent_type_ == "PERSON":
            return  # a title in front of a name: the name is the mention
        if title.root.dep_ == "compound" or any(
                t.lower_ in _NOT_INCUMBENT for t in doc[max(0, title.start - 3):title.start]):
            return  # "head coach", "former president": not the office holder
        canonical = self.db.canonical_title(title.text)
        body, start, end = self._body_of(title)
        if canonical is None or body is None:
            return
        person = self.db.holder(canonical, body, self.day)
        if person is not None:
            doc = title.doc
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            self.mention(doc[start:end], self.actor(person.id), label="ROLE", how="role",
                         overlap=True)

    def _body_of(self, title: Span) -> tuple[str | None, int, int]:
        """The country or IGO a title belongs to, and the span of the whole description."""
        doc, start = title.doc, title.start
        while start > 0:
            before = doc[start - 1]
            attached = before.head.i >= start or (before.dep_ == "case" and start > 1
                                                  and before.head.i == start - 2)
            if before.dep_ not in ("amod", "compound", "poss", "case", "nmod") or not attached:
                break
            start -= 1
        for token in doc[start:title.start]:
            body = self._body_token(token)
            if body:
                return body, start, title.end
        head = title.root
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    body = self._body_token(pobj)
                    if body:
                        return body, title.start, pobj.right_edge.i + 1
        return None, title.start, title.end

    def _body_token(self, token: Token) -> str | None:
        code = self.db.country_of_adjective(token.text)
        if code:
            return code
        span = _entity_span(token)
        for actor_id in self.db.by_name(span.text if span is not None else token.text):
            kind, _, key = actor_id.partition(":")
            if kind in ("state", "igo", "gov"):
                return key
        return None

    def group(self, token: Token) -> None:
        """ "Russian officials" -> the Russian government; "NATO members" -> a NATO group."""
        before = token.doc[token.i - 1] if token.i else None
        pair = f"{before.text} {token.text}" if before is not None else ""
        sector = self.db.group_nouns.get(norm(pair)) or \
            self.db.group_nouns.get(norm(token.lemma_)) or self.db.group_nouns.get(norm(token.text))
        if sector is None:
            return
        owner = next((b for b in (self._body_token(c) for c in token.children
                                  if c.dep_ in ("amod", "compound", "poss") and c.i < token.i)
                      if b), None)
        if owner is None:
            return
        start = min(c.left_edge.i for c in token.children if c.i < token.i)
        span = token.doc[start:token.i + 1]
        self.mention(span, self._group_actor(owner, sector, span), label="GROUP", how="group")

    def _group_actor(self, owner: str, sector: str, span: Span) -> Actor:
        if owner in self.db.countries:
            prefix = {"GOV": "gov", "MIL": "mil"}.get(sector)
            if prefix:
                return self.actor(f"{prefix}:{owner}")
            adjective = self.db.actor(f"gov:{owner}").name.split()[0]
            actor = Actor(id=f"group:{owner}-{sector}", name=f"{adjective} {sector.lower()}",
                          kind="group", country=owner, sector=sector, code=f"{owner}{sector}")
            return self.found.add_actor(actor)
        body = self.db.actors[f"igo:{owner}"]
        actor = Actor(id=f"group:{slug(span.text)}", name=span.text, kind="group",
                      sector=sector, code=body.code, affiliation=body.id)
        return self.found.add_actor(actor)


def _trim(ent: Span) -> Span | None:
    """Drop a leading article, honorific or trailing possessive from an entity span."""
    start, end = ent.start, ent.end
    while start < end and (ent.doc[start].lower_ in ("the", *_PERSON_HONORIFICS)):
        start += 1
    while end > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    return ent.doc[start:end] if end > start else None


def _extend_name(span: Span) -> Span:
    """Take in proper nouns the parser cut off a name: "Ursula von der" + "Leyen"."""
    end, doc = span.end, span.doc
    while end < len(doc) and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
        end += 1
    return doc[span.start:end]


def _entity_span(token: Token) -> Span | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None) \
        if token.ent_type_ else None


def _acts(span: Span) -> bool:
    root = span.root
    if root.dep_ in _ACTING_DEPS:
        return root.dep_ != "conj" or _acts_token(root.head)
    return _acts_token(root)


def _acts_token(token: Token) -> bool:
    if token.dep_ in _ACTING_DEPS - {"conj"}:
        return True
    return token.dep_ == "pobj" and (token.head.lower_ in _ACTING_PREPS
                                     or token.head.dep_ == "agent")


@functools.lru_cache(maxsize=4)
def _title_matcher(db: ActorDictionary, vocab) -> PhraseMatcher:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    matcher = PhraseMatcher(vocab, attr="LOWER")
    patterns = [Doc(vocab, words=[t.text for t in tokenizer(surface)]) for surface in db.titles]
    matcher.add("TITLE", patterns)
    return matcher
