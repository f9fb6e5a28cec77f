"""Clauses over a dependency parse: which tokens belong to the same clause as a given one.

Used to attach a place or a time expression to the event or statement in its clause.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records import Span as Evidence

# Dependencies that open a clause of their own below their head.
_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "parataxis", "csubj",
                "csubjpass", "pcomp"}
_VERBAL = {"VERB", "AUX"}


def clause_head(token: Token) -> Token:
    """The head of the clause `token` is in: the nearest ancestor (or itself) that heads a
    clause. A conjoined verb heads its own clause ("they met and signed"); a conjoined noun
    does not ("Kyiv and Moscow")."""
    current = token
    while current.head is not current:
        if current.dep_ in _CLAUSE_DEPS and (current.pos_ in _VERBAL or current.dep_ == "ROOT"):
            return current
        if current.dep_ == "conj" and current.pos_ in _VERBAL:
            return current
        current = current.head
    return current


def root_token(doc: Doc, item: Span | Token | Evidence) -> Token | None:
    """The syntactic head of a token, a spaCy span or a record's evidence span."""
    if isinstance(item, Token):
        return item
    if isinstance(item, Evidence):
        item = doc.char_span(item.start, item.end, alignment_mode="expand")
    return item.root if item is not None and len(item) else None
