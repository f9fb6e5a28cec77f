"""Sourcing: is each sentence quoted, attributed to someone, or the author's own assertion?

A sentence is `quoted` when it carries words of a direct or mixed quote; `attributed` when it
carries the content or the cue of reported speech, of an "according to" or of a finding ("a
poll shows"); `unattributed` otherwise. Beliefs and intentions the author ascribes with no
speech act ("Moscow fears that ...") do not source a sentence: they are the author's own claim
about someone's mind, so the sentence stays `unattributed` (the stance stage still records
Moscow's stance). `attributed_to` is the quote's speaker actor (None when the quotes stage
could not name one) and `via_quote` the quote's id.

`unsourced_share(analysis)` is the article's share of unattributed sentences.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span as SpacySpan

from ..context import Findings, findings
from ..records import Analysis, Quote, SentenceSource, Span
from . import stage

QUOTED, ATTRIBUTED, UNATTRIBUTED = "quoted", "attributed", "unattributed"
SOURCING_CUES = frozenset({"speech", "finding"})
_QUOTED_KINDS = frozenset({"direct", "mixed"})


@stage("sourcing", needs=("quotes",), sets=("sentences",))
def sourcing(doc: Doc, ctx) -> Doc:
    found = findings(doc)
    spans = [found.span_of(s) for s in sentences(doc)]
    reaching = _reaching(spans, found.quotes)
    found.sentences.extend(label(found, span, quotes) for span, quotes in zip(spans, reaching))
    return doc


def _reaching(spans: list[Span], quotes: list[Quote]) -> list[list[Quote]]:
    """For each sentence (in text order), the quotes whose content or cue may reach into it,
    in the quotes' order: found by bisection, not by trying every quote on every sentence."""
    starts = [s.start for s in spans]
    reaching: list[list[Quote]] = [[] for _ in spans]
    for quote in quotes:
        parts = _parts(quote)
        if not parts:
            continue
        first, last = min(p.start for p in parts), max(p.end for p in parts)
        i = max(bisect_right(starts, first) - 1, 0)
        while i < len(spans) and spans[i].start < last:
            reaching[i].append(quote)
            i += 1
    return reaching


def sentences(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, cut again at line breaks (a sentence never runs across paragraphs),
    without blank ones."""
    out = []
    for sentence in doc.sents:
        start = sentence.start
        for token in sentence:
            if "\n" in token.text:
                out.extend(_trimmed(doc, start, token.i))
                start = token.i + 1
        out.extend(_trimmed(doc, start, sentence.end))
    return out


def _trimmed(doc: Doc, start: int, end: int) -> list[SpacySpan]:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return [doc[start:end]] if any(not t.is_punct for t in doc[start:end]) else []


def label(found: Findings, sentence: Span,
          quotes: list[Quote] | None = None) -> SentenceSource:
    """The sourcing of one sentence from the quotes that reach into it (those given, else all
    the article's)."""
    best: tuple[int, int, Quote] | None = None
    for quote in found.quotes if quotes is None else quotes:
        rank = _rank(quote)
        overlap = _overlap(quote, sentence) if rank else 0
        if overlap and (best is None or (rank, overlap) > best[:2]):
            best = (rank, overlap, quote)
    if best is None:
        return SentenceSource(doc_id=found.doc_id, span=sentence, sourcing=UNATTRIBUTED)
    rank, _, quote = best
    return SentenceSource(doc_id=found.doc_id, span=sentence,
                          sourcing=QUOTED if rank == 2 else ATTRIBUTED,
                          attributed_to=quote.speaker_actor, via_quote=quote.id)


def _rank(quote: Quote) -> int:
    if quote.kind in _QUOTED_KINDS:
        return 2
    return 1 if quote.kind == "according_to" or quote.cue_type in SOURCING_CUES else 0


def _overlap(quote: Quote, sentence: Span) -> int:
    """Letters and digits of the quote's content and cue inside the sentence."""
    return sum(_word_chars(part, sentence) for part in _parts(quote))


def _parts(quote: Quote) -> list[Span]:
    """The spans by which a quote reaches into sentences: its content and its cue."""
    return [*quote.content, *([quote.cue] if quote.cue else [])]


def _word_chars(part: Span, sentence: Span) -> int:
    start, end = max(part.start, sentence.start), min(part.end, sentence.end)
    if start >= end:
        return 0
    text = part.text[start - part.start:end - part.start]
    return sum(ch.isalnum() for ch in text)


def unsourced_share(analysis: Analysis) -> float | None:
    """The share of the article's sentences that are unattributed assertions (None when the
    sourcing stage did not run or found no sentence)."""
    if not analysis.sentences:
        return None
    unsourced = sum(s.sourcing == UNATTRIBUTED for s in analysis.sentences)
    return unsourced / len(analysis.sentences)
