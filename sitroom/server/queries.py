"""What each view of the page asks the corpus, answered from the summaries in `index` where
they suffice and from the tables otherwise. Every function returns plain JSON-ready data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import ConfigError
from ..records import SCHEMA_VERSION, Analysis
from ..store import questions, schema
from ..store.rows import record_dict
from .index import PSEUDO_HOLDERS, Index, rows

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
         4: "material conflict"}
LISTED = 50  # rows of a list in a profile or on a stance board
_QUAD_COUNTS = ", ".join(f"coalesce(sum(n) FILTER (WHERE quad = {q}), 0)::BIGINT AS "
                         f"{name.replace(' ', '_')}" for q, name in QUADS.items())


class NotFound(ConfigError):
    """No such article, actor or proposition in the corpus."""


def day(value: str | None, name: str) -> dt.date | None:
    """A date parameter (YYYY-MM-DD), or None when not given."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} takes a date as YYYY-MM-DD, not {value!r}") from None


def quad_list(quads: list[int] | None) -> list[int]:
    chosen = sorted(set(quads or QUADS))
    if not set(chosen) <= set(QUADS):
        raise ConfigError(f"quad classes are 1 to 4, not {chosen}")
    return chosen


def _days(since: dt.date | None, until: dt.date | None) -> tuple[list[str], dict[str, Any]]:
    where, params = ["TRUE"], {}
    if since:
        where.append("day >= $since")
        params["since"] = since
    if until:
        where.append("day <= $until")
        params["until"] = until
    return where, params


def _window(since: dt.date | None, until: dt.date | None, quads: list[int]) -> tuple[str, dict]:
    where, params = _days(since, until)
    return " AND ".join([*where, "list_contains($quads, quad)"]), {**params, "quads": quads}


# --- actors -------------------------------------------------------------------------------

def actor_profile(index: Index, actor_id: str) -> dict[str, Any]:
    actor = index.actors.get(actor_id)
    if actor is None:
        raise NotFound(f"no actor {actor_id!r} in this corpus")
    out: dict[str, Any] = {"actor": actor}
    for name in ("quotes_by_month", "recent_quotes", "stances", "events_by_month",
                 "as_source", "as_target", "recent_events", "tone_by_month"):
        out[name] = index.section(actor_id, name)
    out["tone"] = _mean_tone(out["tone_by_month"])
    out["counterparts"] = counterparts(out["as_source"], out["as_target"])
    for name in ("as_source", "as_target"):  # busiest first; the counts above saw them all
        out[name] = out[name][:LISTED]
    return out


def _mean_tone(by_month: list[dict[str, Any]]) -> dict[str, Any]:
    scores = sum(r["scores"] for r in by_month)
    mean = sum(r["tone"] * r["scores"] for r in by_month) / scores if scores else None
    return {"mean": None if mean is None else round(mean, 3), "scores": scores}


def counterparts(as_source: list[dict], as_target: list[dict], limit: int = 30) -> list[dict]:
    """Actors this one had events with, in either direction, busiest first."""
    found: dict[str, dict[str, Any]] = {}
    for role, entries in (("to", as_source), ("from", as_target)):
        for row in entries:
            if row["other"] is None:
                continue
            entry = found.setdefault(row["other"], {"actor": row["other"],
                                                    "name": row["other_name"], "to": 0,
                                                    "from": 0, "gsum": 0.0})
            entry[role] += row["events"]
            entry["gsum"] += row["goldstein"] * row["events"]
    ranked = sorted(found.values(), key=lambda e: (-(e["to"] + e["from"]), e["actor"]))
    for entry in ranked:
        entry["goldstein"] = round(entry.pop("gsum") / (entry["to"] + entry["from"]), 2)
    return ranked[:limit]


def actor_list(index: Index, text: str = "", kind: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
    """Catalogued actors whose id, code, country, name or alias contains `text`, busiest
    first (actors never seen in the corpus are left out)."""
    needle = text.strip().lower()
    found = [a for a in index.actors.values()
             if (a["mentions"] + a["quotes"] + a["events"] + a["stances"]) > 0
             and (kind is None or a["kind"] == kind) and _matches(a, needle)]
    found.sort(key=lambda a: (-a["mentions"], -a["quotes"], -a["events"], a["id"]))
    return found[:limit]


def _matches(actor: dict[str, Any], needle: str) -> bool:
    if not needle:
        return True
    fields = [actor["id"], actor["name"], actor["code"] or "", actor["country"] or "",
              *actor["aliases"]]
    return any(needle in value.lower() for value in fields)


# --- network, map, timeline ---------------------------------------------------------------

def network(index: Index, *, since: dt.date | None, until: dt.date | None, quads: list[int],
            limit: int, min_events: int) -> dict[str, Any]:
    """Actors as nodes and directed dyads as edges: event count and mean Goldstein."""
    edges = index.dyad_days.edges(since, until, quads, limit=limit, min_events=min_events)
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        for side in ("source", "target"):
            actor_id = edge[side] = index.actor_keys[edge[side]]
            if actor_id not in nodes:
                nodes[actor_id] = _node(index, actor_id)
            nodes[actor_id]["events"] += edge["events"]
    return {"nodes": list(nodes.values()), "edges": edges}


def _node(index: Index, actor_id: str) -> dict[str, Any]:
    actor = index.actors.get(actor_id, {})
    return {"id": actor_id, "name": index.name(actor_id), "kind": actor.get("kind"),
            "country": actor.get("country"), "events": 0}


def event_map(cursor, index: Index, *, since: dt.date | None, until: dt.date | None,
              quads: list[int], limit: int) -> dict[str, Any]:
    """Places with the events that happened there and how often articles name them."""
    where, params = _window(since, until, quads)
    mention_where = " AND ".join(_days(since, until)[0])
    params["limit"] = limit
    found = rows(cursor, f"""
        WITH ev AS (SELECT place, sum(n)::BIGINT AS events, sum(gsum) / sum(n) AS goldstein,
                           {_QUAD_COUNTS}
                    FROM memory.event_places WHERE {where} GROUP BY place),
             named AS (SELECT place, sum(n)::BIGINT AS mentions FROM memory.place_days
                       WHERE {mention_where} GROUP BY place)
        SELECT coalesce(ev.place, named.place) AS place, coalesce(events, 0) AS events,
               round(goldstein, 2) AS goldstein, coalesce(mentions, 0) AS mentions,
               verbal_cooperation, material_cooperation, verbal_conflict, material_conflict
        FROM ev FULL JOIN named ON named.place = ev.place
        ORDER BY events DESC, mentions DESC, place LIMIT $limit""", params)
    return {"places": [{**index.places[r.pop("place")], **r} for r in found]}


def place_events(cursor, index: Index, key: int, *, limit: int = 30) -> dict[str, Any]:
    """The latest events that happened at one place of the map, with their articles."""
    place = index.places.get(key)
    if place is None:
        raise NotFound(f"no place {key} on the map")
    found = rows(cursor, """
        SELECT e.doc_id, e.id AS event_id, e.source_actor, e.target_actor, e.cameo,
               e.quad_class, e.goldstein, e.trigger_text AS trigger,
               strftime(e.day, '%Y-%m-%d') AS date, d.title
        FROM places p JOIN events e ON e.doc_id = p.doc_id AND e.place_id = p.id
        JOIN documents d ON d.id = e.doc_id
        WHERE p.name = $name AND p.country IS NOT DISTINCT FROM $country
          AND round(p.lat, 2) = $lat AND round(p.lon, 2) = $lon
          AND NOT e.negated AND NOT e.hypothetical
        ORDER BY e.day DESC NULLS LAST, e.doc_id, e.seq LIMIT $limit""",
        {"name": place["name"], "country": place["country"], "lat": place["lat"],
         "lon": place["lon"], "limit": limit})
    for event in found:
        event["source_name"] = index.name(event["source_actor"])
        event["target_name"] = index.name(event["target_actor"])
    return {"place": place, "events": found}


def timeline(cursor, index: Index, *, source: str | None, target: str | None, by: str,
             since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
    """Event counts, mean Goldstein and quad classes per period for one dyad: events from
    `source` to `target` (an actor id, code, country or name; empty for anyone)."""
    where, params = _days(since, until)
    sides = {}
    for side, term in (("source", source), ("target", target)):
        if term and term.strip() not in ("", "*"):
            ids = questions.actor_ids(cursor, term)
            params[side] = [k for k, v in index.actor_keys.items() if v in set(ids)]
            where.append(f"list_contains(${side}, {side})")
            sides[side] = [{"id": i, "name": index.name(i)} for i in ids]
    truncated, shown = questions._period(by, "day")
    found = rows(cursor, f"""
        SELECT {shown} AS period, events, goldstein, verbal_cooperation, material_cooperation,
               verbal_conflict, material_conflict
        FROM (SELECT {truncated} AS t, sum(n)::BIGINT AS events,
                     round(sum(gsum) / sum(n), 2) AS goldstein, {_QUAD_COUNTS}
              FROM memory.dyad_days WHERE {' AND '.join(where)} GROUP BY t)
        ORDER BY t NULLS LAST""", params)
    return {"source": source or "", "target": target or "", "by": by, "actors": sides,
            "periods": found}


# --- stances ------------------------------------------------------------------------------

def stance_board(cursor, index: Index, proposition: str, *, by: str) -> dict[str, Any]:
    """Who is for, against and neutral on a proposition, overall and per period."""
    known = next((p for p in index.propositions if p["proposition"] == proposition), None)
    if known is None:
        raise NotFound(f"no stance on {proposition!r} in this corpus")
    truncated, shown = questions._period(by, "day")
    per_period = rows(cursor, f"""
        SELECT {shown} AS period, holder_actor AS holder, favor, against, neutral
        FROM (SELECT {truncated} AS t, holder_actor,
                     count(*) FILTER (WHERE polarity > 0) AS favor,
                     count(*) FILTER (WHERE polarity < 0) AS against,
                     count(*) FILTER (WHERE polarity = 0) AS neutral
              FROM stances WHERE proposition = $p GROUP BY ALL)
        ORDER BY t NULLS LAST, holder""", {"p": proposition})
    evidence = rows(cursor, """
        SELECT s.doc_id, s.seq, s.holder_actor AS holder, s.polarity,
               s.evidence_text AS evidence, strftime(s.day, '%Y-%m-%d') AS date, d.title
        FROM stances s JOIN documents d ON d.id = s.doc_id WHERE s.proposition = $p
        ORDER BY s.day DESC NULLS LAST, s.doc_id, s.seq LIMIT 50""", {"p": proposition})
    for row in evidence:
        row["record"] = f"s{row.pop('seq') + 1}"  # the id the article view gives a stance
        row["holder_name"] = index.name(row["holder"])
    holders = _holders(index, per_period)[:LISTED]
    shown = {h["holder"] for h in holders}
    return {**known, "by": by, "holders": holders, "evidence": evidence,
            "periods": [row for row in per_period if row["holder"] in shown]}


def _holders(index: Index, per_period: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each holder's totals, and its position: the side it took most (ties: neutral)."""
    totals: dict[str, dict[str, Any]] = {}
    for row in per_period:
        entry = totals.setdefault(row["holder"], {
            "holder": row["holder"], "name": index.name(row["holder"]),
            "pseudo": row["holder"] in PSEUDO_HOLDERS, "favor": 0, "against": 0,
            "neutral": 0, "first": row["period"], "last": row["period"]})
        for side in ("favor", "against", "neutral"):
            entry[side] += row[side]
        entry["last"] = row["period"]
    for entry in totals.values():
        lead = entry["favor"] - entry["against"]
        entry["position"] = "favor" if lead > 0 else "against" if lead < 0 else "neutral"
    return sorted(totals.values(),
                  key=lambda e: (-(e["favor"] + e["against"] + e["neutral"]), e["holder"]))


def proposition_list(index: Index, text: str = "", limit: int = 50) -> list[dict[str, Any]]:
    needle = text.strip().lower()
    return [p for p in index.propositions
            if not needle or needle in p["proposition"].lower()
            or needle in (p["text"] or "").lower()][:limit]


# --- articles -----------------------------------------------------------------------------

def search_articles(cursor, text: str, limit: int) -> list[dict[str, Any]]:
    return questions.search(cursor, text, limit=limit).to_dicts()


def analysis(cursor, doc_id: str) -> tuple[Analysis, dict[str, Any]]:
    """One stored article with all its records, and what the store adds (copies, model)."""
    found = rows(cursor, "SELECT * FROM documents WHERE id = $id", {"id": doc_id})
    if not found:
        raise NotFound(f"no article {doc_id!r} in this corpus")
    row = found[0]
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "model": row["model"],
                            "document": record_dict(schema.DOCUMENTS, row)}
    data["actors"] = [record_dict(schema.ACTORS, r) for r in rows(cursor, """
        SELECT a.* FROM doc_actors da JOIN actors a ON a.id = da.actor_id
        WHERE da.doc_id = $id ORDER BY da.seq""", {"id": doc_id})]
    for name, table in schema.RECORD_TABLES.items():
        data[name] = [record_dict(table, r) for r in rows(
            cursor, f"SELECT * FROM {schema.quote(name)} WHERE doc_id = $id ORDER BY seq",
            {"id": doc_id})]
    data["problems"] = [record_dict(schema.PROBLEMS, r) for r in rows(
        cursor, "SELECT * FROM problems WHERE doc_id = $id ORDER BY seq", {"id": doc_id})]
    copies = rows(cursor, "SELECT id FROM documents WHERE duplicate_of = $id ORDER BY id",
                  {"id": doc_id})
    extra = {"duplicate_of": row["duplicate_of"], "similarity": row["similarity"],
             "copies": [c["id"] for c in copies]}
    return Analysis.from_dict(data), extra


# --- claims and sourcing ------------------------------------------------------------------

def claims(cursor, index: Index, *, claimant: str, about: str, since: dt.date | None,
           until: dt.date | None, limit: int) -> dict[str, Any]:
    """Causal claims, newest first (the store's question), each with the record id its
    article view flashes, and the catalogued actors the claimant term names."""
    found = questions.claims(cursor, claimant=claimant.strip() or None,
                             about=about.strip() or None, since=_iso(since),
                             until=_iso(until), limit=limit).to_dicts()
    named = questions.actor_ids(cursor, claimant) if claimant.strip() else []
    return {"claimant": claimant, "about": about,
            "actors": [{"id": i, "name": index.name(i)} for i in named], "claims": found}


def sourcing(cursor, *, by: str, since: dt.date | None, until: dt.date | None,
             limit: int) -> dict[str, Any]:
    """Quoted, attributed and unattributed sentences per outlet or per document (the store's
    question), most unsourced first."""
    found = questions.sourcing(cursor, by=by, since=_iso(since), until=_iso(until),
                               limit=limit).to_dicts()
    return {"by": by, "rows": found}


def _iso(day: dt.date | None) -> str | None:
    """The store's questions take dates as the user typed them: already checked by `day`."""
    return day.isoformat() if day else None
