"""Summaries the server builds once, when it starts, so that pages answer in milliseconds.

The corpus cannot change while the server holds it (DuckDB lets no writer in while a reader
has the file), so what is computed at start stays true. Two kinds of summary:

- per actor, in Python: its catalogue record and counts, quotes and events per month, its
  latest quotes and events, its stances per proposition, its counterparts and the tone
  towards it. An actor profile is then a dictionary lookup;
- in the in-memory database: event counts per (day, quad class, source, target) and per
  (day, quad class, place), with actors and places as integer keys, ordered by day, so a
  network or a map over any time window aggregates a few thousand short rows, not the events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..store import questions
from .tally import Dyads

RECENT = 20  # latest quotes and events kept per actor
PSEUDO_HOLDERS = {"author": "the article itself", "unknown": "an unnamed speaker"}
_MONTH = "strftime(date_trunc('month', {0}), '%Y-%m')"
_USABLE_EVENT = "NOT e.negated AND NOT e.hypothetical"


def rows(cursor, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass
class Index:
    """Everything the server precomputes; read-only once built."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    profiles: dict[str, dict[str, list]] = field(default_factory=dict)
    actor_keys: dict[int, str] = field(default_factory=dict)
    places: dict[int, dict[str, Any]] = field(default_factory=dict)
    propositions: list[dict[str, Any]] = field(default_factory=list)
    dyads: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    dyad_days: Dyads | None = None

    def name(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        if actor_id in PSEUDO_HOLDERS:
            return PSEUDO_HOLDERS[actor_id]
        actor = self.actors.get(actor_id)
        return actor["name"] if actor else actor_id

    def section(self, actor_id: str, name: str) -> list:
        return self.profiles.get(actor_id, {}).get(name, [])


def build(cursor) -> Index:
    index = Index(stats=questions.stats(cursor))
    _catalogue(cursor, index)
    _actor_sections(cursor, index)
    _memory_tables(cursor)
    index.actor_keys = {r["key"]: r["id"] for r in rows(cursor, "SELECT * FROM memory.actor_keys")}
    index.places = {r["key"]: r for r in rows(cursor, "SELECT * FROM memory.place_keys")}
    index.dyad_days = Dyads.load(cursor)
    index.propositions = rows(cursor, _PROPOSITIONS)
    index.dyads = [{**r, "source": index.actor_keys[r["source"]],
                    "target": index.actor_keys[r["target"]]}
                   for r in rows(cursor, _DYADS)]
    return index


def _catalogue(cursor, index: Index) -> None:
    counts = {r["id"]: r for r in questions.actors(cursor)}
    for actor in rows(cursor, "SELECT * FROM actors ORDER BY id"):
        found = counts.get(actor["id"], {})
        actor["aliases"] = list(actor["aliases"] or ())
        for key in ("mentions", "documents", "quotes", "events", "stances"):
            actor[key] = found.get(key, 0)
        index.actors[actor["id"]] = actor


def _actor_sections(cursor, index: Index) -> None:
    """Each query yields rows with an `actor` column; they are filed under that actor."""
    for section, sql in _SECTIONS.items():
        for row in rows(cursor, sql, {"recent": RECENT} if "$recent" in sql else None):
            actor = row.pop("actor")
            for key in ("other", "holder"):
                if key in row:
                    row[f"{key}_name"] = index.name(row[key])
            index.profiles.setdefault(actor, defaultdict(list))[section].append(row)


_SECTIONS = {
    "quotes_by_month": f"""
        SELECT speaker_actor AS actor, {_MONTH.format('day')} AS period, count(*) AS quotes
        FROM quotes WHERE speaker_actor IS NOT NULL GROUP BY ALL ORDER BY actor, period""",
    "recent_quotes": """
        WITH latest AS (
            SELECT speaker_actor AS actor, doc_id, seq, id, kind, cue_type, content_text,
                   cue_text, day FROM quotes WHERE speaker_actor IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY speaker_actor
                                       ORDER BY day DESC NULLS LAST, doc_id, seq) <= $recent)
        SELECT q.actor, q.doc_id, q.id AS quote_id, q.kind, q.cue_type,
               q.content_text AS quote, q.cue_text AS cue,
               strftime(q.day, '%Y-%m-%d') AS date, d.title, d.outlet
        FROM latest q JOIN documents d ON d.id = q.doc_id
        ORDER BY q.actor, q.day DESC NULLS LAST, q.doc_id, q.seq""",
    "stances": """
        SELECT holder_actor AS actor, proposition, any_value(proposition_text) AS text,
               count(*) FILTER (WHERE polarity > 0) AS favor,
               count(*) FILTER (WHERE polarity < 0) AS against,
               count(*) FILTER (WHERE polarity = 0) AS neutral,
               arg_max(polarity, day) AS latest,
               strftime(min(day), '%Y-%m-%d') AS first, strftime(max(day), '%Y-%m-%d') AS last
        FROM stances GROUP BY ALL ORDER BY actor, count(*) DESC, proposition""",
    "events_by_month": f"""
        SELECT actor, {_MONTH.format('day')} AS period, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein
        FROM (SELECT source_actor AS actor, day, goldstein FROM events e
              WHERE source_actor IS NOT NULL AND {_USABLE_EVENT}
              UNION ALL
              SELECT target_actor, day, goldstein FROM events e
              WHERE target_actor IS NOT NULL AND target_actor IS DISTINCT FROM source_actor
                AND {_USABLE_EVENT})
        GROUP BY ALL ORDER BY actor, period""",
    "as_source": f"""
        SELECT source_actor AS actor, target_actor AS other, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict
        FROM events e WHERE source_actor IS NOT NULL AND {_USABLE_EVENT}
        GROUP BY ALL ORDER BY actor, events DESC, other""",
    "as_target": f"""
        SELECT target_actor AS actor, source_actor AS other, count(*) AS events,
               round(avg(goldstein), 2) AS goldstein,
               count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
               count(*) FILTER (WHERE quad_class = 2) AS material_coop,
               count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad_class = 4) AS material_conflict
        FROM events e WHERE target_actor IS NOT NULL
          AND target_actor IS DISTINCT FROM source_actor AND {_USABLE_EVENT}
        GROUP BY ALL ORDER BY actor, events DESC, other""",
    "recent_events": f"""
        WITH roles AS (
            SELECT source_actor AS actor, 'source' AS role, target_actor AS other, *
            FROM events e WHERE source_actor IS NOT NULL AND {_USABLE_EVENT}
            UNION ALL BY NAME
            SELECT target_actor AS actor, 'target' AS role, source_actor AS other, *
            FROM events e WHERE target_actor IS NOT NULL
              AND target_actor IS DISTINCT FROM source_actor AND {_USABLE_EVENT}),
        latest AS (SELECT actor, role, other, doc_id, seq, id, cameo, quad_class, goldstein,
                          trigger_text, evidence_text, day FROM roles
                   QUALIFY row_number() OVER (PARTITION BY actor, role
                                              ORDER BY day DESC NULLS LAST, doc_id, seq)
                           <= $recent)
        SELECT e.actor, e.role, e.other, e.doc_id, e.id AS event_id, e.cameo, e.quad_class,
               e.goldstein, e.trigger_text AS trigger, strftime(e.day, '%Y-%m-%d') AS date,
               d.title
        FROM latest e JOIN documents d ON d.id = e.doc_id
        ORDER BY e.actor, e.day DESC NULLS LAST, e.doc_id, e.seq""",
    "tone_by_month": f"""
        SELECT target_actor AS actor, {_MONTH.format('day')} AS period,
               round(avg(score), 3) AS tone, count(*) AS scores
        FROM tones WHERE scope = 'actor' AND target_actor IS NOT NULL
        GROUP BY ALL ORDER BY actor, period""",
}

_MEMORY = (
    # Integer keys for the actors and places of events: grouping by two integers is several
    # times cheaper than grouping by two strings.
    """CREATE OR REPLACE TABLE memory.actor_keys AS
       SELECT (row_number() OVER (ORDER BY id))::INTEGER AS key, id
       FROM (SELECT source_actor AS id FROM events WHERE source_actor IS NOT NULL
             UNION SELECT target_actor FROM events WHERE target_actor IS NOT NULL)""",
    f"""CREATE OR REPLACE TABLE memory.dyad_days AS
       SELECT e.day, e.quad_class::UTINYINT AS quad, s.key AS source, t.key AS target,
              count(*)::INTEGER AS n, sum(e.goldstein) AS gsum
       FROM events e JOIN memory.actor_keys s ON s.id = e.source_actor
       JOIN memory.actor_keys t ON t.id = e.target_actor
       WHERE {_USABLE_EVENT} AND e.source_actor <> e.target_actor
       GROUP BY ALL ORDER BY e.day""",
    """CREATE OR REPLACE TABLE memory.place_keys AS
       SELECT (row_number() OVER (ORDER BY name, country, lat, lon))::INTEGER AS key,
              name, country, lat, lon
       FROM (SELECT DISTINCT name, country, round(lat, 2) AS lat, round(lon, 2) AS lon
             FROM places WHERE lat IS NOT NULL AND lon IS NOT NULL)""",
    """CREATE OR REPLACE TEMP VIEW keyed_places AS
       SELECT p.doc_id, p.id, p.day, k.key FROM places p JOIN memory.place_keys k
         ON k.name = p.name AND k.country IS NOT DISTINCT FROM p.country
        AND k.lat = round(p.lat, 2) AND k.lon = round(p.lon, 2)""",
    f"""CREATE OR REPLACE TABLE memory.event_places AS
       SELECT e.day, e.quad_class::UTINYINT AS quad, p.key AS place, count(*)::INTEGER AS n,
              sum(e.goldstein) AS gsum
       FROM events e JOIN keyed_places p ON p.doc_id = e.doc_id AND p.id = e.place_id
       WHERE {_USABLE_EVENT} GROUP BY ALL ORDER BY e.day""",
    """CREATE OR REPLACE TABLE memory.place_days AS
       SELECT day, key AS place, count(*)::INTEGER AS n FROM keyed_places
       GROUP BY ALL ORDER BY day""",
)

_PROPOSITIONS = """
    SELECT proposition, any_value(proposition_text) AS text, count(*) AS stances,
           count(DISTINCT holder_actor) AS holders,
           count(*) FILTER (WHERE polarity > 0) AS favor,
           count(*) FILTER (WHERE polarity < 0) AS against,
           count(*) FILTER (WHERE polarity = 0) AS neutral
    FROM stances GROUP BY proposition ORDER BY stances DESC, proposition"""

_DYADS = """
    SELECT source, target, sum(n)::BIGINT AS events, round(sum(gsum) / sum(n), 2) AS goldstein
    FROM memory.dyad_days GROUP BY ALL ORDER BY events DESC, source, target LIMIT 200"""


def _memory_tables(cursor) -> None:
    for sql in _MEMORY:
        cursor.execute(sql)

