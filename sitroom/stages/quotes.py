"""Quotes and attribution (being written)."""

from __future__ import annotations

from spacy.tokens import Doc

from . import stage


@stage("quotes", needs=("mentions",), sets=("quotes",))
def quotes(doc: Doc, ctx) -> Doc:
    return doc
