"""Pair quote marks into quotations, without ever failing on unbalanced marks.

Curly marks say which way they face; a straight `"` is read from its neighbours (a mark
after a space opens, one before a space or punctuation closes) and toggles when they do not
tell. Two apostrophes `''` are a straight `"` (the New York Times writes its quotes so). Pairing never crosses a paragraph: a quotation still open at the end of a paragraph
ends there, and when the next paragraph opens with a quote mark it is the newswire
convention for a quotation that runs on over several paragraphs, so the two are chained.
Stray closing marks are ignored; a second opening mark closes an unclosed quotation first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile("''|[\"\u201c\u201d\u201e\u00ab\u00bb]")
_OPENING = "\u201c\u201e\u00ab"
_CLOSING = "\u201d\u00bb"
_OPENS_AFTER = set(" \t\n([{\u2014\u2013-/:")
_CLOSES_BEFORE = set(" \t\n)]},.;:!?\u2014\u2013-")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Quotation:
    """The text between a pair of quote marks: `[start, end)` excludes the marks."""

    start: int
    end: int
    closed: bool
    # True when the next quotation continues this one in the next paragraph.
    continues: bool = False


def quotations(text: str) -> list[Quotation]:
    """All quotations of a text, in order."""
    found: list[Quotation] = []
    for paragraph in _PARAGRAPH.finditer(text):
        found.extend(_pair(text, paragraph.start(), paragraph.end()))
    return _chain(text, found)


def _pair(text: str, start: int, end: int) -> list[Quotation]:
    out: list[Quotation] = []
    open_at: int | None = None
    for mark in _MARK.finditer(text, start, end):
        at = mark.start()
        if _opens(text, mark, open_at is not None, start, end):
            if open_at is not None:
                out.append(_quotation(text, open_at, at, closed=False))
            open_at = mark.end()
        elif open_at is not None:
            out.append(_quotation(text, open_at, at, closed=True))
            open_at = None
    if open_at is not None:
        out.append(_quotation(text, open_at, end, closed=False))
    return [q for q in out if q.end > q.start]


def _opens(text: str, mark: re.Match, inside: bool, start: int, end: int) -> bool:
    """Whether `mark` opens a quotation (`inside`: one is open already)."""
    char = mark.group()
    if char in _OPENING:
        return True
    if char in _CLOSING:
        return False
    before = text[mark.start() - 1] if mark.start() > start else " "
    after = text[mark.end()] if mark.end() < end else " "
    if before in _OPENS_AFTER and after not in " \t\n":
        return True
    if after in _CLOSES_BEFORE and before not in " \t\n":
        return False
    return not inside


def _quotation(text: str, start: int, end: int, *, closed: bool) -> Quotation:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quotation(start=start, end=end, closed=closed)


def _chain(text: str, found: list[Quotation]) -> list[Quotation]:
    """Mark unclosed quotations that run on into a paragraph opening with a quote mark."""
    out = list(found)
    for i, (here, following) in enumerate(zip(found, found[1:])):
        between = text[here.end:following.start]
        if not here.closed and "\n" in between and _MARK.fullmatch(between.strip()):
            out[i] = Quotation(start=here.start, end=here.end, closed=False, continues=True)
    return out

