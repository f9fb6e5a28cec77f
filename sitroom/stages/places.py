"""Places: fix the parser's entity labels with the gazetteer, then resolve every toponym to a
GeoNames place (`Place` records), and say where things happened (`locate`, `place_for`).

Label fixes let later stages see "Vilnius" and "Sevastopol" as places, not organisations, and
"Maidan" not as a person. Resolution (sitroom.geo.resolve) weighs population and feature type
against the rest of the article: the other places, demonyms, the dateline, the outlet.
Demonyms ("Russian") are not toponyms: they only tie the article to a country.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..context import Findings, findings
from ..geo.gazetteer import Gazetteer, gazetteer, state_abbreviations
from ..geo.resolve import Hints, Resolution, Toponym, resolve
from ..records import Place, Span as Evidence
from . import stage
from .clauses import by_clause, clause_head, root_token

# NER labels we overrule when the text is a known place. A person or organisation name that
# is also a city name ("Jackson", "Toyota") is only relabelled on stronger evidence: our own
# list, a country or capital, or a locative preposition in front of it.
_RELABEL = {"ORG", "NORP", "FAC", "PERSON", "PRODUCT", "WORK_OF_ART"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "from", "into", "across", "around",
             "to", "toward", "towards", "through", "throughout", "within", "off"}
_MIN_POPULATION = 100_000
_TOPONYM_LABELS = {"GPE", "LOC"}
# Names that may contain a place name: "the Texas Department of Health", "Rapides Parish Fire".
_ARGUMENT_DEPS = {"poss", "compound", "amod", "nsubj", "nsubjpass", "dobj", "dative", "attr",
                  "appos"}
_HOSTS = {"ORG", "FAC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}
_MAX_NAME_TOKENS = 4
# "VILNIUS, Lithuania (Reuters) -" or "KYIV —" at the start of an article or right after
# its headline; the place is written in capitals.
# "VILNIUS -", "KYIV, July 12 (Reuters) -", "GENEVA, Switzerland:"
_DATELINE = re.compile(r"(?:\A|[.!?\n]\s*)([A-Z][A-Z.'\- ]{1,40}?)(?:,\s*[A-Z][A-Za-z0-9.,'\- ]{1,30})?"
                       r"\s*(?:\([A-Za-z .&]+\))?\s*(?:-|\u2013|\u2014|:)\s")
_DATELINE_WINDOW = 300
_DATELINE_CACHE = "sitroom.places.dateline"


@stage("places", sets=("entity labels", "places"))
def places(doc: Doc, ctx) -> Doc:
    gaz = gazetteer()
    actors = ctx.actors
    named = {e.text for e in doc.ents if e.label_ in _TOPONYM_LABELS}
    ents = [_fixed(ent, gaz, actors, named) for ent in doc.ents]
    missed = list(_missed(doc, gaz, actors))
    if missed or any(new is not old for new, old in zip(ents, doc.ents)):
        doc.ents = sorted(ents + missed, key=lambda e: e.start)
    _resolve(doc, gaz, actors, findings(doc))
    return doc


# --- entity label fixes -------------------------------------------------------------------

def _label(gaz: Gazetteer, text: str) -> tuple[str, bool] | None:
    return gaz.label_of(text, min_population=_MIN_POPULATION)


def _missed(doc: Doc, gaz: Gazetteer, actors):
    """Proper nouns the parser left untagged that are countries, capitals or our own places;
    the longest such name within a run of untagged proper nouns ("South Sudan", not "Sudan")."""
    i = 0
    while i < len(doc):
        found = _missed_at(doc, i, gaz, actors)
        if found is None:
            i += 1
            continue
        yield found
        i = found.end


def _missed_at(doc: Doc, i: int, gaz: Gazetteer, actors) -> Span | None:
    """The longest untagged proper-noun name starting at token `i` that is a country, a
    capital or one of ours (or any known place after "in", "near"...), else None."""
    end = i
    while end < len(doc) and end - i < _MAX_NAME_TOKENS and not doc[end].ent_type_ \
            and doc[end].pos_ == "PROPN":
        end += 1
    before = doc[i - 1].lower_ if i else ""
    for j in range(end, i, -1):
        name = doc[i:j]
        found = _label(gaz, name.text)
        if found is None:
            continue
        label, ours = found
        if ours or actors.country_of_capital(name.text) or before in _LOCATIVE \
                or any(a.startswith("state:") for a in actors.by_name(name.text)):
            return Span(doc, i, j, label=label)
    return None


def _fixed(ent: Span, gaz: Gazetteer, actors, named: set[str]) -> Span:
    if ent.label_ not in _RELABEL:
        return ent
    found = _label(gaz, ent.text)
    if found is None or (ent.label_ == "PERSON" and not found[1]):
        return _person_at_place(ent, gaz, named, big=found is not None)
    label, ours = found
    if not ours:
        key_text = ent.text
        is_country = actors.country_of_capital(key_text) or any(
            a.startswith("state:") for a in actors.by_name(key_text))
        if any(not a.startswith("state:") for a in actors.by_name(key_text)):
            return ent
        before = ent.doc[ent.start - 1].lower_ if ent.start else ""
        if not (is_country or ent.label_ in ("NORP", "FAC") or before in _LOCATIVE):
            return ent
    return Span(ent.doc, ent.start, ent.end, label=label)


def _person_at_place(ent: Span, gaz: Gazetteer, named: set[str], *, big: bool) -> Span:
    """A "person" who is a town: "in Alexandria", "Sioux Falls, S.D.", a name the parser
    tags as a place elsewhere in the article, or a city of 100,000 people that is the object
    of a verb ("shelled Kherson")."""
    if ent.label_ != "PERSON" or not any(c.fclass in "PA" and c.main
                                         for c in gaz.candidates(ent.text)):
        return ent
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start else ""
    qualified = _toponym(ent).qualifier_a1 is not None
    acted_on = big and len(ent) == 1 and ent.root.dep_ == "dobj"
    if before in _LOCATIVE or qualified or ent.text in named or acted_on:
        return Span(doc, ent.start, ent.end, label="GPE")
    return ent


# --- toponym resolution -------------------------------------------------------------------

def _resolve(doc: Doc, gaz: Gazetteer, actors, found: Findings) -> None:
    spans = [s for s in _toponym_spans(doc, gaz) if not _names_an_actor(s, actors)]
    toponyms = [_toponym(s) for s in spans]
    hints = _hints(doc, actors, found)
    for span, resolution in zip(spans, resolve(toponyms, gaz, hints), strict=True):
        if resolution.candidate is not None:
            found.places.append(_place(found, span, resolution))


def _names_an_actor(span: Span, actors) -> bool:
    """ "NATO" is the alliance, not the town of Nato in the Philippines: a name the actor
    dictionary gives to a person, body or organisation is no toponym."""
    ids = actors.by_name(span.text)
    return bool(ids) and not any(i.startswith(("state:", "gov:", "mil:")) for i in ids) \
        and not actors.country_of_capital(span.text)


def _toponym_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """Place names: place entities the gazetteer knows, places inside other names ("the
    Texas Department of Health", "Henry County Sheriff's Office"), state abbreviations after
    a town ("Alexandria, La."), and the dateline."""
    spans = []
    for ent in doc.ents:
        span = _trim(ent)
        if span is None:
            continue
        if ent.label_ in _TOPONYM_LABELS and gaz.candidates(span.text):
            if not _common_word(span) or _after_locative(span):
                spans.append(span)
        elif ent.label_ in _TOPONYM_LABELS or ent.label_ in _HOSTS:
            spans += _inner(span, gaz, towns=ent.label_ != "PERSON")
    spans += _abbreviations(doc, spans)
    spans += _dateline_toponyms(doc, spans, gaz)
    spans += _after_locatives(doc, spans, gaz)
    spans += _repeated(doc, spans)
    return sorted(spans, key=lambda s: s.start)


def _after_locatives(doc: Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Untagged town names after "in", "near", "outside"...: "a school in Lombard"."""
    taken = {t.i for s in spans for t in s}
    out = []
    for token in doc:
        if token.lower_ not in _LOCATIVE or token.i + 1 >= len(doc):
            continue
        end = token.i + 1
        while end < len(doc) and end - token.i <= 3 and doc[end].is_title \
                and not doc[end].ent_type_ and end not in taken:
            end += 1
        name = doc[token.i + 1:end]
        if len(name) and _capitalised(name) and any(c.main and c.fclass in "PA" for c in gaz.candidates(name.text)):
            out.append(name)
    return out


def _repeated(doc: Doc, spans: list[Span]) -> list[Span]:
    """Later mentions of a name already read as a place, which the parser tagged otherwise
    ("Alexandria" as a person) or not at all: one name, one meaning in an article."""
    names = {s.text for s in spans if _capitalised(s)}
    taken = {t.i for s in spans for t in s}
    out = []
    for token in doc:
        if token.i in taken or token.text not in names or token.ent_type_ == "PERSON" and \
                _entity_length(token) > 1:
            continue
        out.append(doc[token.i:token.i + 1])
    return out


def _entity_length(token: Token) -> int:
    return next((len(e) for e in token.doc.ents if e.start <= token.i < e.end), 0)


def _inner(span: Span, gaz: Gazetteer, *, towns: bool) -> list[Span]:
    """Place names inside a longer name, longest first. Countries, states and our own places
    count anywhere; a county or town only when its name has several words, and a town only
    at the start of the name (the institution of that town)."""
    doc, out, i = span.doc, [], span.start
    while i < span.end:
        for j in range(min(span.end, i + _MAX_NAME_TOKENS), i, -1):
            if _is_place_name(doc[i:j], gaz, first=i == span.start, whole=j - i == len(span),
                              towns=towns):
                out.append(doc[i:j])
                i = j
                break
        else:
            i += 1
    return out


def _is_place_name(sub: Span, gaz: Gazetteer, *, first: bool, whole: bool, towns: bool) -> bool:
    if not _capitalised(sub) or sub[-1].tag_ == "POS":
        return False
    for c in gaz.candidates(sub.text):
        if not c.main:
            continue
        if c.ours or c.is_country or c.fcode == "CONT" or \
                (c.is_admin1 and c.pop >= _MIN_POPULATION):
            return True
        several = len(sub) > 1
        if several and c.fcode == "ADM2":
            return True
        if towns and c.fclass == "P" and (first or whole) and \
                (_institution(sub) or (several and not _saints(sub))):
            return True
    return False


def _saints(sub: Span) -> bool:
    """ "St. Peter" in "St. Peter's Square" or "St. Mary's Hospital": the saint, not a town
    named after one (whereas "Rock Hill's Main Street" is the town's)."""
    return sub[0].lower_ in ("st", "st.", "saint") and sub.end < len(sub.doc) \
        and sub.doc[sub.end].tag_ == "POS"


def _capitalised(name: Span) -> bool:
    """Every word capitalised, and not a lone common word ("South", "Home")."""
    return all(t.is_title or t.is_upper for t in name) and not _common_word(name)


def _after_locative(name: Span) -> bool:
    """ "in Hurricane": a common word may still be a town's name after "in", "near"..."""
    return name.start > 0 and name.doc[name.start - 1].lower_ in _LOCATIVE


def _common_word(name: Span) -> bool:
    """A lone word that names some place somewhere but seldom does in news: "the American
    South" is not Cameroon's South Region, "Islington Bay" does not contain Somalia's Bay."""
    return len(name) == 1 and name[0].lower_ in _word_list("not_places.txt")


def _institution(sub: Span) -> bool:
    """ "Fargo" in "Fargo Police" or "Fargo city": a town's own institution follows."""
    doc = sub.doc
    nxt = doc[sub.end] if sub.end < len(doc) else None
    if nxt is not None and nxt.tag_ == "POS" and sub.end + 1 < len(doc):
        nxt = doc[sub.end + 1]
    before = doc[sub.start - 1].lower_ if sub.start else ""
    return (nxt is not None and nxt.lower_ in _word_list("institution_words.txt")) \
        or before == "of"


@functools.cache
def _word_list(name: str) -> frozenset[str]:
    """One of our word lists in sitroom/data/places (one word a line, `#` comments)."""
    text = (resources.files("sitroom") / "data" / "places" / name).read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def _abbreviations(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "La." in "Alexandria, La.": the state, named after the town."""
    out = []
    for span in spans:
        i = span.end + 1
        if i >= len(doc) or doc[span.end].text != ",":
            continue
        for j in (i + 2, i + 1):
            if j <= len(doc) and doc[i:j].text in state_abbreviations() \
                    and not any(t.ent_type_ for t in doc[i:j]):
                out.append(doc[i:j])
                break
    return out


def _trim(ent: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive: "the Crimea's" -> "Crimea"."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ == "the":
        start += 1
    while end > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    return ent.doc[start:end] if end > start else None


def _toponym(span: Span) -> Toponym:
    """The name, and what follows a comma right after it ("Paris, Texas"; "Alexandria, La.")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return Toponym(span.text)
    after = doc[span.end + 1]
    two = doc[span.end + 1:span.end + 3].text
    a1 = state_abbreviations().get(two) or state_abbreviations().get(after.text)
    if a1:
        return Toponym(span.text, qualifier_a1=a1)
    if after.ent_type_ in _TOPONYM_LABELS and after.ent_iob_ == "B":
        ent = next(e for e in doc.ents if e.start == after.i)
        return Toponym(span.text, qualifier=ent.text)
    return Toponym(span.text)


def _hints(doc: Doc, actors, found: Findings) -> Hints:
    hints = Hints(outlet_country=_outlet_country(found.document.url))
    for ent in doc.ents:
        if ent.label_ == "NORP":
            country = actors.country_of_adjective(ent.text)
            if country:
                hints.countries[country] += 1
    return hints


def _outlet_country(url: str | None) -> str | None:
    """The country of a national web domain (".co.uk" -> GBR); None for .com and the like."""
    match = re.match(r"(?:\w+://)?([^/:]+)", url or "")
    tld = match.group(1).rsplit(".", 1)[-1].upper() if match else ""
    if len(tld) != 2:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2="GB" if tld == "UK" else tld)
    return country.alpha_3 if country else None


def _dateline_toponyms(doc: Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """The dateline's place when the parser missed it (capitals often defeat the tagger)."""
    span = dateline_span(doc)
    if span is None or any(s.start_char < span[1] and span[0] < s.end_char for s in spans):
        return []
    words = doc.char_span(*span, alignment_mode="contract")
    if words is None or not gaz.candidates(words.text.title()):
        return []
    return [words]


def dateline_span(doc: Doc) -> tuple[int, int] | None:
    """Character offsets of the dateline's place name ("VILNIUS" in "VILNIUS, Lithuania -")."""
    match = _dateline(doc)
    return (match.start(1), match.start(1) + len(match.group(1).rstrip())) if match else None


def _dateline(doc: Doc) -> re.Match | None:
    # once per Doc: `locate` asks for every event and quote, and Doc.text joins all tokens
    if _DATELINE_CACHE not in doc.user_data:
        match = _DATELINE.search(doc[:_DATELINE_WINDOW].text[:_DATELINE_WINDOW])
        doc.user_data[_DATELINE_CACHE] = \
            match if match and len(match.group(1).strip()) >= 3 else None
    return doc.user_data[_DATELINE_CACHE]


def _place(found: Findings, span: Span, resolution: Resolution) -> Place:
    c = resolution.candidate
    return Place(doc_id=found.doc_id, id=found.next_id("p"), span=found.span_of(span),
                 name=c.name, geonames_id=c.geonames_id, country=c.country, admin1=c.admin1,
                 lat=c.lat, lon=c.lon, feature_class=c.fclass, how=resolution.how)


# --- where something happened -------------------------------------------------------------

class Located(NamedTuple):
    """A place for an event or a quote, and how it was chosen: "clause" (named in the same
    clause) or "dateline" (the article's dateline)."""

    place: Place
    how: str


def locate(doc: Doc, item: Span | Token | Evidence) -> Located | None:
    """Where the event or statement at `item` took place: a place named in the same clause
    (a locative "in/at/near X" first, then the nearest), else the dateline's place, else None.
    Call it from a stage that runs after `places`."""
    target = root_token(doc, item)
    if target is None:
        return None
    found = findings(doc)
    head = clause_head(target).i
    line = _dateline(doc)
    body = line.end() if line else 0
    near = []
    for root, place in by_clause(doc, "sitroom.places", found.places,
                                 lambda p: p.span).get(head, ()):
        if place.span.start >= body and not _argument(root):
            near.append((root.head.lower_ not in _LOCATIVE, abs(root.i - target.i), place))
    if near:
        return Located(min(near, key=lambda n: n[:2])[2], "clause")
    name = dateline_span(doc)
    if name is not None:
        place = next((p for p in found.places
                      if p.span.start < name[1] and name[0] < p.span.end), None)
        if place is not None:
            return Located(place, "dateline")
    return None


def _argument(root: Token) -> bool:
    """A place name that is a participant or a modifier, not a location: "Ukraine's
    president said", "NATO condemned Russia"."""
    return root.dep_ in _ARGUMENT_DEPS or (root.dep_ == "conj" and root.head.dep_ in _ARGUMENT_DEPS)


def place_for(doc: Doc, item: Span | Token | Evidence) -> Place | None:
    """The `Place` of the event or statement at `item` (see `locate` for how it is chosen)."""
    located = locate(doc, item)
    return located.place if located else None

