"""Time: recognise time expressions and resolve them against the publication date.

"on Wednesday" in an article published on Thursday 2023-07-13 -> 2023-07-12 (day); "last
month" -> 2023-06-01..2023-06-30 (month); "in 2014" -> 2014-01-01..2014-12-31 (year). With no
publication date, relative expressions are kept with empty values and `how` says why.

Expressions counted from another event ("two years after the annexation", "two weeks later",
"three days before the March 5 deadline") are resolved from that event's date when the
article gives it: a date inside the anchor phrase, the date in the clause of another mention
of the same event ("Russia annexed Crimea in March 2014"), or, for a bare "later"/"earlier",
the date before it in the text. Otherwise they are kept unresolved.

Candidates are the parser's DATE entities plus weekday names it missed; each is read by a
small set of rules below (no search over the text, which keeps the stage cheap). Durations
("for two years") and ages are not points in time and are skipped.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..context import Findings, findings
from ..records import Span as Evidence, TimeRef
from . import stage
from .clauses import by_clause, clause_head, root_token

_ANCHORS = {"after", "before", "later", "earlier", "since", "following", "prior"}
# Which way an anchored expression counts from its anchor ("since" says how long, not when).
_DIRECTION = {"after": 1, "later": 1, "following": 1, "before": -1, "earlier": -1, "prior": -1}
_UNITS = ("day", "week", "month", "year", "decade")
_MIN_STEM = 5  # "annex" in "annexed" and "annexation": one event
_FUTURE = {"will", "'ll", "shall", "going", "next", "upcoming", "scheduled", "plans", "plan"}
_LEADING = re.compile(r"^(?:on|in|at|by|during|from|since|until|of|the)\s+", re.IGNORECASE)
_YEAR = r"(1[89]\d\d|20\d\d)"


@dataclass(frozen=True)
class Reading:
    """What an expression means: `[start, end]` at `granularity`, or why it has no value."""

    start: dt.date | None
    end: dt.date | None
    granularity: str
    how: str


@stage("time", needs=("entity labels",), sets=("times",))
def time(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    day = dt.date.fromisoformat(found.document.published) if found.document.published else None
    readings = []
    for span in _expressions(doc):
        anchor = _anchor_word(span)
        reading = read(span.text, day, future=_future(span), anchored=anchor is not None)
        if reading is not None:
            readings.append((span, anchor, reading))
    dated = [(span, r) for span, anchor, r in readings if anchor is None and r.start]
    for span, anchor, reading in readings:
        if anchor is not None:
            reading = _from_anchor(span, anchor, dated) or reading
        found.times.append(_record(found, span, reading))
    return doc


def _expressions(doc: Doc) -> list[Span]:
    spans = [_trimmed(e) for e in doc.ents if e.label_ in ("DATE", "TIME") and _has_date_word(e)]
    covered = {t.i for s in spans for t in s}
    spans += [doc[t.i:t.i + 1] for t in doc
              if t.i not in covered and t.lower_ in _words("weekday") and t.is_title]
    return sorted(spans, key=lambda s: s.start)


def _trimmed(ent: Span) -> Span:
    """The parser sometimes runs a date into the clause after it ("Tuesday, ending decades"):
    cut at a verb, or at a comma not followed by a number ("December 8, 2016" stays whole)."""
    doc = ent.doc
    for token in ent[1:]:
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.pos_ in ("VERB", "AUX") or token.text in (";", "—", "–") or (
                token.text == "," and not (after is not None and after.like_num)):
            return Span(doc, ent.start, token.i, label=ent.label_)
    return ent


def _has_date_word(span: Span) -> bool:
    """TIME entities count only when they name a day ("Wednesday night", "last night")."""
    return span.label_ == "DATE" or any(t.lower_ in _words("weekday") or t.lower_ in
                                        ("yesterday", "tonight", "today", "tomorrow", "night")
                                        for t in span)


def _future(span: Span) -> bool:
    """Whether the clause speaks of the future ("will meet on Wednesday")."""
    head = clause_head(span.root)
    return head.lower_ in _FUTURE or any(t.lower_ in _FUTURE for t in head.children)


def _anchor_word(span: Span) -> Token | None:
    """ "after" in "two years after the annexation", "later" in "two weeks later": the
    expression counts from another event, not from publication."""
    doc = span.doc
    if span[-1].lower_ in ("later", "earlier") and len(span) > 1:
        return span[-1]
    if span.end < len(doc) and doc[span.end].lower_ in _ANCHORS and \
            not span.text.lower().endswith("ago"):
        return doc[span.end]
    return None


# --- expressions counted from another event -----------------------------------------------

def _from_anchor(span: Span, word: Token, dated: list[tuple[Span, Reading]]) -> Reading | None:
    """The anchored expression's value, from the date of the event it counts from."""
    direction = _DIRECTION.get(word.lower_)
    amount = _amount(span, word)
    found = _anchor_date(span, word, dated) if direction and amount else None
    if found is None:
        return None
    anchor, reading = found
    count, unit = amount
    return _shifted(reading, unit, direction * count, f"relative to another time ({anchor.text})")


def _amount(span: Span, word: Token) -> tuple[int, str] | None:
    """ "two years" -> (2, "year"); "a week" -> (1, "week"); "years" (how many?) -> None."""
    words = " ".join(t.lower_ for t in span if t.i != word.i)
    match = re.fullmatch(r"(.+?) (" + "|".join(_UNITS) + ")s?", _LEADING.sub("", words))
    count = _count(match.group(1)) if match else None
    return (count, match.group(2)) if count else None


def _anchor_date(span: Span, word: Token,
                 dated: list[tuple[Span, Reading]]) -> tuple[Span, Reading] | None:
    """The dated expression the anchored one counts from: a date inside the anchor phrase
    ("before the March 5 deadline"), the date of another mention of the same event, or for a
    bare "later"/"earlier" the nearest date before it."""
    objects = [t for t in word.subtree if t.dep_ == "pobj" and t.head.i in (word.i, word.i + 1)]
    if not objects:
        bare = span.start <= word.i < span.end
        before = [(s, r) for s, r in dated if s.end <= span.start] if bare else []
        return before[-1] if before else None
    phrase = objects[0]
    lo, hi = phrase.left_edge.i, phrase.right_edge.i
    inside = [(s, r) for s, r in dated if lo <= s.start and s.end <= hi + 1]
    return inside[0] if inside else _dated_mention(phrase, dated)


def _dated_mention(event: Token, dated: list[tuple[Span, Reading]]) -> tuple[Span, Reading] | None:
    """The date in the clause of another mention of `event` ("annexed ... in March 2014" for
    "the annexation"), the first such mention in the text."""
    for token in event.doc:
        if token.i == event.i or not _same_event(token, event):
            continue
        head = clause_head(token).i
        near = [(abs(s.root.i - token.i), s.start, s, r) for s, r in dated
                if clause_head(s.root).i == head]
        if near:
            _, _, found, reading = min(near, key=lambda n: n[:2])
            return found, reading
    return None


def _same_event(a: Token, b: Token) -> bool:
    """Mentions of one event: the same lemma, or one lemma the stem of the other ("annex",
    "annexation")."""
    if a.pos_ not in ("NOUN", "VERB") or b.pos_ not in ("NOUN", "VERB"):
        return False
    short, long = sorted((a.lemma_.lower(), b.lemma_.lower()), key=len)
    return short == long or (len(short) >= _MIN_STEM and long.startswith(short))


_RANK = {unit: rank for rank, unit in enumerate(_UNITS)}


def _shifted(anchor: Reading, unit: str, count: int, how: str) -> Reading:
    """`count` units after (or, negative, before) the anchor, at the coarser of the two
    granularities: two years after March 2014 is 2016; two months after 2014 is still a year."""
    if _RANK.get(anchor.granularity, len(_UNITS)) <= _RANK[unit]:
        return _unit_bounds(_shift(anchor.start, unit, count), unit, how)
    return Reading(_shift(anchor.start, unit, count), _shift(anchor.end, unit, count),
                   anchor.granularity, how)


def _record(found: Findings, span: Span, reading: Reading) -> TimeRef:
    return TimeRef(doc_id=found.doc_id, id=found.next_id("t"), span=found.span_of(span),
                   start=reading.start.isoformat() if reading.start else None,
                   end=reading.end.isoformat() if reading.end else None,
                   granularity=reading.granularity, how=reading.how)


# --- reading one expression ---------------------------------------------------------------

def read(text: str, published: dt.date | None, *, future: bool = False,
         anchored: bool = False) -> Reading | None:
    """The meaning of one time expression; None for durations, ages and what we cannot read."""
    words = _LEADING.sub("", " ".join(text.lower().replace(",", " , ").split())).strip()
    words = _LEADING.sub("", words).replace(" ,", ",")
    if anchored:
        return _anchored_reading(words)
    for rule in (_iso, _day_month_year, _month_year, _decade, _year, _relative_day, _ago,
                 _shifted_unit, _weekday, _month_alone):
        reading = rule(words, published, future)
        if reading is not None:
            return reading
    return None


def _anchored_reading(words: str) -> Reading | None:
    unit = next((u for u in ("day", "week", "month", "year", "decade") if u in words), None)
    if unit is None:
        return None
    return Reading(None, None, unit, "relative to another event (not resolved)")


def _iso(words, published, future) -> Reading | None:
    match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", words)
    if match is None:
        return None
    day = _date(*map(int, match.groups()))
    return Reading(day, day, "day", "absolute") if day else None


def _day_month_year(words, published, future) -> Reading | None:
    """ "July 12, 2023", "12 July 2023", "July 12", "March 7th"."""
    months = _words("month")
    match = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? " + _YEAR + ")?", words) \
        or re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?(?:,? " + _YEAR + ")?",
                        words)
    if match is None:
        return None
    first, second, year = match.groups()
    month, number = (first, second) if first in months else (second, first)
    if month not in months:
        return None
    if year:
        day = _date(int(year), months[month], int(number))
        return Reading(day, day, "day", "absolute") if day else None
    return _without_year(lambda y: _date(y, months[month], int(number)), "day", published,
                         future)


def _month_year(words, published, future) -> Reading | None:
    match = re.fullmatch(r"([a-z]+)\.?,? " + _YEAR, words)
    month = _words("month").get(match.group(1)) if match else None
    if month is None:
        return None
    start, end = _month_bounds(int(match.group(2)), month)
    return Reading(start, end, "month", "absolute")


def _year(words, published, future) -> Reading | None:
    match = re.fullmatch(r"(?:the year |early |late |mid-?)?" + _YEAR, words)
    if match is None:
        return None
    year = int(match.group(1))
    return Reading(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "absolute")


def _decade(words, published, future) -> Reading | None:
    match = re.fullmatch(r"(?:early |late |mid-?)?(1[89]\d0|20\d0)'?s", words)
    if match is None:
        return None
    start = int(match.group(1))
    return Reading(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "decade", "absolute")


def _relative_day(words, published, future) -> Reading | None:
    offset = _words("day").get(words)
    if offset is None:
        return None
    if published is None:
        return Reading(None, None, "day", "relative; publication date unknown")
    day = published + dt.timedelta(days=offset)
    return Reading(day, day, "day", "relative to publication")


def _ago(words, published, future) -> Reading | None:
    """ "two years ago", "a week ago"."""
    match = re.fullmatch(r"(.+?) (day|week|month|year|decade)s? ago", words)
    count = _count(match.group(1)) if match else None
    if count is None:
        return None
    unit = match.group(2)
    if published is None:
        return Reading(None, None, unit, "relative; publication date unknown")
    return _unit_bounds(_shift(published, unit, -count), unit, "relative to publication")


def _shifted_unit(words, published, future) -> Reading | None:
    """ "last month", "this week", "next year", "earlier this year"."""
    match = re.fullmatch(r"(earlier |later )?([a-z]+) (day|week|month|year|decade)", words)
    shift = _words("shift").get(match.group(2)) if match else None
    if shift is None:
        return None
    unit = match.group(3)
    if published is None:
        return Reading(None, None, unit, "relative; publication date unknown")
    reading = _unit_bounds(_shift(published, unit, shift), unit, "relative to publication")
    if match.group(1) == "earlier " and shift == 0:  # "earlier this year": up to publication
        return Reading(reading.start, published, unit, reading.how)
    return reading


def _weekday(words, published, future) -> Reading | None:
    """ "Wednesday", "last Wednesday", "Wednesday night": the nearest such day before the
    publication date, or after it when the clause speaks of the future."""
    tokens = words.split()
    days = _words("weekday")
    weekday = next((days[t] for t in tokens if t in days), None)
    if weekday is None or len(tokens) > 3:
        return None
    shift = next((_words("shift")[t] for t in tokens if t in _words("shift")), None)
    ahead = future if shift in (None, 0) else shift > 0
    if published is None:
        return Reading(None, None, "day", "weekday; publication date unknown")
    delta = (weekday - published.weekday()) % 7 if ahead else \
        -((published.weekday() - weekday) % 7)
    day = published + dt.timedelta(days=delta)
    return Reading(day, day, "day", "weekday after publication" if ahead
                   else "weekday before publication")


def _month_alone(words, published, future) -> Reading | None:
    """ "in July": the nearest July, before publication unless the clause is future."""
    month = _words("month").get(words.rstrip("."))
    if month is None or len(words) < 3:
        return None
    return _without_year(lambda y: _month_bounds(y, month), "month", published, future)


def _without_year(make, granularity: str, published: dt.date | None,
                  future: bool) -> Reading | None:
    """A date or month whose year the text leaves out: the publication year, moved a year
    back (or forward, in a future clause) when that would put it on the wrong side."""
    if published is None:
        return Reading(None, None, granularity, "no year; publication date unknown")
    value = make(published.year)
    if value is None:
        return None
    start, end = value if isinstance(value, tuple) else (value, value)
    if not future and start > published:
        value = make(published.year - 1)
    elif future and end < published:
        value = make(published.year + 1)
    if value is None:
        return None
    start, end = value if isinstance(value, tuple) else (value, value)
    return Reading(start, end, granularity, "year from publication")


# --- calendar arithmetic ------------------------------------------------------------------

def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift(day: dt.date, unit: str, count: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = count * {"month": 1, "year": 12, "decade": 120}[unit]
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _unit_bounds(day: dt.date, unit: str, how: str) -> Reading:
    """The whole day, week (Monday to Sunday), month, year or decade that contains `day`."""
    if unit == "day":
        return Reading(day, day, unit, how)
    if unit == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Reading(start, start + dt.timedelta(days=6), unit, how)
    if unit == "month":
        return Reading(*_month_bounds(day.year, day.month), unit, how)
    first = day.year - day.year % 10 if unit == "decade" else day.year
    last = first + 9 if unit == "decade" else first
    return Reading(dt.date(first, 1, 1), dt.date(last, 12, 31), unit, how)


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    return _words("number").get(text)


@functools.cache
def _all_words() -> dict[str, dict[str, int | str]]:
    folder = resources.files("sitroom") / "data" / "time"
    table: dict[str, dict[str, int | str]] = {}
    with (folder / "words.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader((l for l in handle if not l.startswith("#")), delimiter="\t"):
            value = row["value"]
            table.setdefault(row["kind"], {})[row["word"]] = \
                int(value) if value.lstrip("-").isdigit() else value
    return table


def _words(kind: str) -> dict:
    return _all_words()[kind]


# --- when something happened --------------------------------------------------------------

def date_text(ref: TimeRef | None) -> str | None:
    """A time written to its granularity: "2014", "2023-07", "2023-07-12", or "start/end"."""
    if ref is None or ref.start is None:
        return None
    if ref.granularity == "year":
        return ref.start[:4]
    if ref.granularity == "month":
        return ref.start[:7]
    if ref.granularity == "day" or not ref.end or ref.end == ref.start:
        return ref.start
    return f"{ref.start}/{ref.end}"


def time_for(doc: Doc, item: Span | Token | Evidence) -> TimeRef | None:
    """The time expression in the same clause as the event or statement at `item` (the
    nearest one when there are several), or None. Call it from a stage that runs after
    `time`; the `TimeRef` may have empty values (see its `how`)."""
    target = root_token(doc, item)
    if target is None:
        return None
    head = clause_head(target).i
    near = []
    for root, ref in by_clause(doc, "sitroom.times", findings(doc).times,
                               lambda r: r.span).get(head, ()):
        near.append((abs(root.i - target.i), ref.span.start, ref))
    return min(near, key=lambda n: n[:2])[2] if near else None

