"""A readable terminal report of one `Analysis`, as rich renderables (the CLI prints them)."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import Analysis, Span

_MAX = 160  # characters of evidence shown per cell


def report(result: Analysis) -> RenderableType:
    parts: list[RenderableType] = [_header(result)]
    for section in (_problems, _actors, _quotes, _events, _stances, _claims, _places, _times,
                    _sourcing, _tone):
        table = section(result)
        if table is not None:
            parts.append(table)
    return Group(*parts)


def short(text: str, limit: int = _MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _content(spans: tuple[Span, ...]) -> str:
    return short(" … ".join(s.text for s in spans))


def _name(result: Analysis, actor_id: str | None) -> str:
    actor = result.actor(actor_id)
    return actor.name if actor else (actor_id or "")


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", show_lines=False,
                  expand=False, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _header(result: Analysis) -> RenderableType:
    doc = result.document
    lines = [f"[bold]{doc.title or 'Untitled article'}[/bold]"]
    meta = [("published", doc.published), ("outlet", doc.outlet), ("url", doc.url),
            ("id", doc.id), ("model", result.model)]
    lines.append("  ".join(f"[dim]{k}[/dim] {v}" for k, v in meta if v))
    counts = [(n, len(getattr(result, n))) for n in ("actors", "quotes", "events", "stances",
                                                     "claims", "places", "times")]
    lines.append("  ".join(f"{c} {n}" for n, c in counts))
    return Panel(Text.from_markup("\n".join(lines)), expand=False)


def _problems(result: Analysis) -> Table | None:
    if not result.problems:
        return None
    table = _table("Problems", "stage", "error", "reason")
    for p in result.problems:
        table.add_row(p.stage, p.error, p.reason)
    return table


def _actors(result: Analysis) -> Table | None:
    if not result.actors:
        return None
    counts = Counter(m.actor_id for m in result.mentions)
    table = _table("Actors", "actor", "kind", "code", "country", "mentions", "as written")
    for actor in sorted(result.actors, key=lambda a: -counts[a.id]):
        written = sorted({m.span.text for m in result.mentions if m.actor_id == actor.id})
        table.add_row(actor.name, actor.kind, actor.code or "", actor.country or "",
                      str(counts[actor.id]), short(", ".join(written), 60))
    return table


def _quotes(result: Analysis) -> Table | None:
    if not result.quotes:
        return None
    table = _table("Quotes", "id", "speaker", "kind", "cue", "content", "relayed by")
    for q in result.quotes:
        speaker = _name(result, q.speaker_actor) or (q.speaker.text if q.speaker else "?")
        if q.speaker and q.speaker_actor and q.speaker.text != speaker:
            speaker = f"{speaker} ({short(q.speaker.text, 40)})"
        table.add_row(q.id, speaker, f"{q.kind}/{q.cue_type}", q.cue.text if q.cue else "",
                      _content(q.content), _name(result, q.relayed_by))
    return table


def _events(result: Analysis) -> Table | None:
    if not result.events:
        return None
    table = _table("Events", "id", "source", "action", "target", "CAMEO", "quad", "Goldstein",
                   "PLOVER", "date", "evidence")
    for e in result.events:
        flags = "".join([" (not)" if e.negated else "", " (hyp.)" if e.hypothetical else ""])
        table.add_row(e.id, _name(result, e.source_actor), e.trigger.text + flags,
                      _name(result, e.target_actor), e.cameo, str(e.quad_class),
                      f"{e.goldstein:+.1f}", e.plover_type or "", e.date or "",
                      short(e.evidence.text, 90))
    return table


def _stances(result: Analysis) -> Table | None:
    if not result.stances:
        return None
    table = _table("Stances", "holder", "proposition", "stance", "evidence")
    for s in result.stances:
        label = {1: "favor", -1: "against", 0: "neutral"}[s.polarity]
        table.add_row(result.holder_name(s.holder_actor, s.via_quote), s.proposition, label,
                      short(s.evidence.text, 100))
    return table


def _claims(result: Analysis) -> Table | None:
    if not result.claims:
        return None
    table = _table("Causal claims", "claimant", "cause", "signal", "effect")
    for c in result.claims:
        table.add_row(result.holder_name(c.claimant, c.via_quote), short(c.cause.text, 70),
                      c.signal.text if c.signal else "", short(c.effect.text, 70))
    return table


def _places(result: Analysis) -> Table | None:
    if not result.places:
        return None
    table = _table("Places", "as written", "name", "country", "lat", "lon", "GeoNames")
    for p in result.places:
        table.add_row(p.span.text, p.name, p.country or "",
                      f"{p.lat:.3f}" if p.lat is not None else "",
                      f"{p.lon:.3f}" if p.lon is not None else "", str(p.geonames_id or ""))
    return table


def _times(result: Analysis) -> Table | None:
    if not result.times:
        return None
    table = _table("Times", "as written", "start", "end", "granularity")
    for t in result.times:
        table.add_row(t.span.text, t.start or "?", t.end or "", t.granularity or "")
    return table


def _sourcing(result: Analysis) -> Table | None:
    if not result.sentences:
        return None
    from .stages.sourcing import unsourced_share

    counts = Counter(s.sourcing for s in result.sentences)
    table = _table("Sourcing", "sentences", "quoted", "attributed", "unattributed",
                   "unsourced share")
    table.add_row(str(len(result.sentences)), str(counts["quoted"]), str(counts["attributed"]),
                  str(counts["unattributed"]), f"{unsourced_share(result):.0%}")
    return table


def _tone(result: Analysis) -> Table | None:
    document = [t for t in result.tones if t.scope == "document"]
    actors = [t for t in result.tones if t.scope == "actor"]
    if not document and not actors:
        return None
    table = _table("Tone (-1 negative … +1 positive)", "about", "tone")
    for t in document:
        table.add_row("the article", f"{t.score:+.2f}")
    for t in actors:
        table.add_row(_name(result, t.target_actor), f"{t.score:+.2f}")
    return table
