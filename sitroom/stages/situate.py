"""Situate statements: each quote gets the date and place of the clause its cue is in
("Stoltenberg said on Wednesday in Vilnius ..."), else the article's dateline place."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc

from ..context import findings
from . import stage
from .places import locate
from .time import date_text, time_for


@stage("situate", needs=("quotes", "places", "times"), sets=("quote dates and places",))
def situate(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    found.quotes[:] = [_situated(doc, quote) for quote in found.quotes]
    return doc


def _situated(doc: Doc, quote):
    anchor = quote.cue or quote.speaker or quote.evidence
    date = quote.date or date_text(time_for(doc, anchor))
    located = locate(doc, anchor)
    if located is None:
        return dataclasses.replace(quote, date=date)
    return dataclasses.replace(quote, date=date, place_id=located.place.id,
                               place_how=located.how)
