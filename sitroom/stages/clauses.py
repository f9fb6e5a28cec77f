"""Clauses over a dependency parse: which tokens belong to the same clause as a given one.

Used to attach a place or a time expression to the event or statement in its clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

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


def by_clause(doc: Doc, name: str, items: Sequence[Any],
              evidence: Callable[[Any], Evidence]) -> dict[int, list[tuple[Token, Any]]]:
    """`items` (places, times) with their root token, grouped by the index of the head of the
    clause they are in. Built once per Doc and list (cached in `doc.user_data`): finding the
    clause of each item for every event would cost events x items on long documents."""
    key = (name, len(items))
    groups = doc.user_data.get(key)
    if groups is None:
        groups = {}
        for item in items:
            root = root_token(doc, evidence(item))
            if root is not None:
                groups.setdefault(clause_head(root).i, []).append((root, item))
        doc.user_data[key] = groups
    return groups
