"""Coreference for actors: pronouns and definite descriptions -> the actor they refer to."""

from __future__ import annotations

from spacy.tokens import Doc

from . import stage


@stage("coref", needs=("mentions",), sets=("mentions",))
def coref(doc: Doc, ctx) -> Doc:
    return doc
