"""HTML for one `Analysis`: the article text with every record's evidence highlighted, and the
records beside it, each linked to its highlight. `page()` is a self-contained file (inline CSS
and script, no network); `article_html()` is the part the web server (`sitroom serve`) embeds
in its own page, where actors and propositions also link to their views (`links`).

Article text is untrusted: everything from it is escaped, nothing from it becomes a link
target or markup, and the page's Content-Security-Policy only lets our own script run.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from .records import Analysis, Span

_POLARITY = {1: "favor", -1: "against", 0: "neutral"}
# (kind, key) -> href for a record's actor ("actor") or proposition ("proposition"); the
# server passes one, `page()` does not. Keys come from our records, never from article text
# as such, and every href is escaped.
Links = Callable[[str, str], str]


@dataclass(frozen=True)
class Item:
    """One record as shown: its id, section, description, and highlighted spans."""

    id: str
    section: str
    label: str
    marks: tuple[tuple[Span, str], ...]


def page(result: Analysis) -> str:
    """A complete, self-contained HTML page."""
    css, script = _asset("page.css"), _asset("page.js")
    policy = ("default-src 'none'; img-src data:; "
              f"style-src '{_sha256(css)}'; script-src '{_sha256(script)}'")
    title = html.escape(result.document.title or "sitroom analysis")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{title}</title><style>{css}</style></head><body data-page="article">'
            f"{_header(result)}{article_html(result)}<script>{script}</script></body></html>")


def article_html(result: Analysis, links: Links | None = None) -> str:
    """The highlighted text and the record lists, as a `<main>` element."""
    items = list(_items(result, links))
    return (f'<main><article id="text">{_highlighted(result.document.text, items)}</article>'
            f'<aside id="records">{_legend()}{_lists(items)}</aside></main>')


def _header(result: Analysis) -> str:
    doc = result.document
    meta = [("published", doc.published), ("outlet", doc.outlet), ("url", doc.url),
            ("document", doc.id), ("model", result.model)]
    spans = "".join(f"<span>{k}: {html.escape(str(v))}</span>" for k, v in meta if v)
    title = html.escape(doc.title or "Article")
    problems = "".join(f'<p class="empty">{html.escape(p.stage)}: {html.escape(p.reason)}</p>'
                       for p in result.problems)
    return f'<header><h1>{title}</h1><div class="meta">{spans}</div>{problems}</header>'


def _items(result: Analysis, links: Links | None = None):
    name = {a.id: a.name for a in result.actors}

    def who(actor_id: str | None, via_quote: str | None = None) -> str:
        shown = html.escape(result.holder_name(actor_id, via_quote) if actor_id else "?")
        return _linked(links, "actor", actor_id, shown) if actor_id in name else shown

    for n, m in enumerate(result.mentions, 1):
        yield Item(f"m{n}", "Actors", f"{who(m.actor_id)} <span class=k>{m.how}</span>",
                   ((m.span, "mk-actor"),))
    for q in result.quotes:
        marks = [(s, "mk-quote") for s in q.content]
        marks += [(s, c) for s, c in ((q.speaker, "mk-speaker"), (q.cue, "mk-cue")) if s]
        relay = f" <span class=k>via {who(q.relayed_by)}</span>" if q.relayed_by else ""
        speaker = who(q.speaker_actor) if q.speaker_actor else \
            html.escape(q.speaker.text if q.speaker else "?")
        yield Item(q.id, "Quotes", f"<b>{speaker}</b> <span class=k>{q.kind}</span>{relay}"
                   f"<br><span class=q>{_short(' … '.join(s.text for s in q.content))}</span>",
                   tuple(marks))
    for e in result.events:
        yield Item(e.id, "Events", f"{who(e.source_actor)} → <b>{html.escape(e.trigger.text)}"
                   f"</b> → {who(e.target_actor)} <span class=k>CAMEO {e.cameo}, "
                   f"{e.goldstein:+.1f}{', ' + e.date if e.date else ''}</span>",
                   ((e.trigger, "mk-event"),))
    for n, s in enumerate(result.stances, 1):
        yield Item(f"s{n}", "Stances", f"{who(s.holder_actor, s.via_quote)} "
                   f"<b>{_POLARITY[s.polarity]}</b> "
                   f"{_linked(links, 'proposition', s.proposition, html.escape(s.proposition))}",
                   ((s.evidence, "mk-stance"),))
    for n, c in enumerate(result.claims, 1):
        claimant = who(c.claimant, c.via_quote)
        marks = [(c.cause, "mk-cause"), (c.effect, "mk-effect")]
        marks += [(c.signal, "mk-signal")] if c.signal else []
        yield Item(f"c{n}", "Causal claims", f"<span class=k>{claimant}:</span> "
                   f"{_short(c.cause.text, 80)} → {_short(c.effect.text, 80)}", tuple(marks))
    for p in result.places:
        where = f"{p.lat:.3f}, {p.lon:.3f}" if p.lat is not None else "unresolved"
        yield Item(p.id, "Places", f"{html.escape(p.name)} <span class=k>{p.country or ''} "
                   f"{where}</span>", ((p.span, "mk-place"),))
    for t in result.times:
        yield Item(t.id, "Times", f"{html.escape(t.span.text)} → {t.start or '?'}"
                   f"{'…' + t.end if t.end and t.end != t.start else ''}", ((t.span, "mk-time"),))
    for n, s in enumerate(result.sentences, 1):
        if s.sourcing == "unattributed":
            yield Item(f"n{n}", "Unattributed assertions", _short(s.span.text, 100),
                       ((s.span, "mk-unsourced"),))


def _linked(links: Links | None, kind: str, key: str | None, shown: str) -> str:
    if links is None or not key:
        return shown
    return f'<a href="{html.escape(links(kind, key))}">{shown}</a>'


def _highlighted(text: str, items: list[Item]) -> str:
    """The text cut at every evidence boundary; each piece carries the records covering it."""
    starts, ends = defaultdict(list), defaultdict(list)
    for item in items:
        for span, css in item.marks:
            if 0 <= span.start < span.end <= len(text):
                starts[span.start].append((item.id, css))
                ends[span.end].append((item.id, css))
    cuts = sorted({0, len(text), *starts, *ends})
    active: list[tuple[str, str]] = []
    out = []
    for left, right in zip(cuts, cuts[1:]):
        for mark in ends.get(left, ()):
            active.remove(mark)
        active.extend(starts.get(left, ()))
        piece = html.escape(text[left:right])
        if active:
            ids = " ".join(dict.fromkeys(i for i, _ in active))
            classes = " ".join(sorted({c for _, c in active if c}))
            out.append(f'<span class="{classes}" data-r="{ids}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def _lists(items: list[Item]) -> str:
    sections: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        sections[item.section].append(item)
    out = []
    for section in ("Quotes", "Events", "Stances", "Causal claims", "Unattributed assertions",
                    "Places", "Times", "Actors"):
        entries = sections.get(section)
        if entries:
            lis = "".join(f'<li data-id="{i.id}">{i.label}</li>' for i in entries)
            out.append(f"<h2>{section} ({len(entries)})</h2><ol>{lis}</ol>")
    return "".join(out) or '<p class="empty">No records.</p>'


def _legend() -> str:
    keys = [("mk-speaker", "speaker"), ("mk-quote", "quote"), ("mk-cue", "cue"),
            ("mk-event", "event"), ("mk-place", "place"), ("mk-time", "time"),
            ("mk-stance", "stance"), ("mk-cause", "cause"), ("mk-effect", "effect"),
            ("mk-unsourced", "unsourced")]
    return '<div class="legend">' + "".join(f'<span class="{c}">{t}</span>' for c, t in keys) \
        + "</div>"


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return html.escape(text if len(text) <= limit else text[:limit - 1] + "…")


def _asset(name: str) -> str:
    return (resources.files("sitroom") / "data" / "render" / name).read_text(encoding="utf-8")


def _sha256(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
