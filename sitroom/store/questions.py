"""The questions a corpus answers, as SQL over the tables in `schema`.

Actors are named the way people name them: `Putin`, `person:vladimir-putin`, `RUS` and
`RUSGOV` all work. A term is matched against the actor catalogue (id, CAMEO code, country, and
name or alias as a whole word) first, and the big record tables are then filtered by actor id,
which keeps questions over millions of records fast.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from typing import Any

from ..errors import ConfigError
from .result import Result

# A period is the record's `day` truncated to a unit, and shown in a format that sorts.
PERIODS = {"day": ("day", "%Y-%m-%d"), "week": ("week", "%G-W%V"), "month": ("month", "%Y-%m"),
           "year": ("year", "%Y"), "all": (None, None)}
# An actor term matches an id, code or country exactly, or a name or alias as a whole word.
_ACTOR_MATCH = """(
    lower(a.id) = lower(${p}) OR lower(a.code) = lower(${p}) OR lower(a.country) = lower(${p})
    OR regexp_matches(a.name, ${p}_re)
    OR len(list_filter(a.aliases, lambda s: regexp_matches(s, ${p}_re))) > 0)"""


def run(conn, sql: str, params: dict[str, Any] | None = None) -> Result:
    return Result(conn.sql(sql, params=params or {}).to_arrow_table())


def word_pattern(term: str) -> str:
    """A case-insensitive whole-word pattern (RE2) for a user's term."""
    return r"(?i)\b" + re.escape(term.strip()) + r"\b"


def actor_ids(conn, term: str) -> list[str]:
    """Ids of the catalogued actors a user's term names."""
    sql = f"SELECT a.id FROM actors a WHERE {_ACTOR_MATCH.format(p='t')} ORDER BY a.id"
    return [r[0] for r in conn.execute(sql, {"t": term, "t_re": word_pattern(term)}).fetchall()]


def quotes(conn, *, speaker: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None,
           limit: int | None = None) -> Result:
    where, params = ["TRUE"], {}
    if speaker:
        params.update(speakers=actor_ids(conn, speaker), speaker_like=f"%{speaker.strip()}%")
        # An unresolved speaker (no actor id) is matched on its words.
        where.append("(list_contains($speakers, q.speaker_actor) OR (q.speaker_actor IS NULL "
                     "AND q.speaker_text ILIKE $speaker_like))")
    if about:
        params.update(about=actor_ids(conn, about), about_re=word_pattern(about))
        where.append(_ABOUT)
    _date_range(where, params, "q.day", since, until)
    # Filter and order the quotes alone, carrying only short columns; the rows kept are then
    # joined with their documents and speakers.
    sql = f"""
        WITH hits AS (
            SELECT q.doc_id, q.seq, q.id, q.kind, q.content_text, q.speaker_text,
                   q.speaker_actor, q.cue_text, q.relayed_by, q.day
            FROM quotes q WHERE {' AND '.join(where)}
            ORDER BY day DESC NULLS LAST, q.doc_id, q.seq {_limit(limit, params)})
        SELECT q.doc_id, q.id AS quote_id, strftime(q.day, '%Y-%m-%d') AS date,
               coalesce(a.name, q.speaker_text) AS speaker, q.speaker_actor, q.kind,
               q.content_text AS quote, q.cue_text AS cue, q.relayed_by, d.outlet, d.title, d.url
        FROM hits q JOIN documents d ON d.id = q.doc_id
        LEFT JOIN actors a ON a.id = q.speaker_actor
        ORDER BY q.day DESC NULLS LAST, q.doc_id, q.seq"""
    return run(conn, sql, params)


# A quote is about X when its words name X, or a mention of X (not the speaker) lies inside it.
_ABOUT = """(regexp_matches(q.content_text, $about_re) OR EXISTS (
    SELECT 1 FROM mentions m WHERE m.doc_id = q.doc_id AND list_contains($about, m.actor_id)
      AND m.actor_id IS DISTINCT FROM q.speaker_actor
      AND m.span_start >= q.evidence_start AND m.span_end <= q.evidence_end))"""


def claims(conn, *, claimant: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None,
           limit: int | None = None) -> Result:
    """Causal claims, newest first: who claims what caused what. `claimant` is an actor term,
    `author` (the articles' own claims) or the words of a speaker no actor was found for;
    `about` an actor or a word in the cause or the effect. `record` is the id the article's
    HTML view gives the claim (`c1`, `c2`, ... in the order of the stored list)."""
    where, params = ["TRUE"], {}
    if claimant:
        params.update(claimants=actor_ids(conn, claimant) + [claimant.strip().lower()],
                      claimant_like=f"%{claimant.strip()}%")
        where.append("(list_contains($claimants, c.claimant) OR (c.claimant = 'unknown' "
                     "AND q.speaker_text ILIKE $claimant_like))")
    if about:
        params.update(about=actor_ids(conn, about), about_re=word_pattern(about))
        where.append(_CLAIM_ABOUT)
    _date_range(where, params, "c.day", since, until)
    sql = f"""
        WITH hits AS (
            SELECT c.doc_id, c.seq, c.day, c.claimant, c.cause_text, c.signal_text,
                   c.effect_text, c.via_quote, q.speaker_text
            FROM claims c
            LEFT JOIN quotes q ON q.doc_id = c.doc_id AND q.id = c.via_quote
            WHERE {' AND '.join(where)}
            ORDER BY c.day DESC NULLS LAST, c.doc_id, c.seq {_limit(limit, params)})
        SELECT c.doc_id, strftime(c.day, '%Y-%m-%d') AS date,
               CASE WHEN c.claimant = 'unknown' AND c.speaker_text IS NOT NULL
                    THEN c.speaker_text || ' (unresolved)'
                    ELSE coalesce(a.name, c.claimant) END AS claimant,
               c.claimant AS claimant_actor, c.cause_text AS cause, c.signal_text AS signal,
               c.effect_text AS effect, c.via_quote, 'c' || (c.seq + 1) AS record,
               d.outlet, d.title, d.url
        FROM hits c JOIN documents d ON d.id = c.doc_id
        LEFT JOIN actors a ON a.id = c.claimant
        ORDER BY c.day DESC NULLS LAST, c.doc_id, c.seq"""
    return run(conn, sql, params)


# A claim is about X when its cause or effect names X, or a mention of X lies inside either.
_CLAIM_ABOUT = """(regexp_matches(c.cause_text, $about_re)
    OR regexp_matches(c.effect_text, $about_re) OR EXISTS (
    SELECT 1 FROM mentions m WHERE m.doc_id = c.doc_id AND list_contains($about, m.actor_id)
      AND ((m.span_start >= c.cause_start AND m.span_end <= c.cause_end)
        OR (m.span_start >= c.effect_start AND m.span_end <= c.effect_end))))"""


def sourcing(conn, *, by: str = "outlet", since: str | None = None, until: str | None = None,
             limit: int | None = None) -> Result:
    """How much of what was published carries no source: per outlet (or per document, most
    unsourced first), the sentences that are quoted, attributed, or unattributed
    assertions, and the unattributed share."""
    if by not in _SOURCING_ROWS:
        raise ConfigError(f"--by takes outlet or document, not {by!r}")
    where, params = ["TRUE"], {}
    _date_range(where, params, "s.day", since, until)
    shown, tie = _SOURCING_ROWS[by]
    sql = f"""
        SELECT {shown}, count(DISTINCT s.doc_id) AS documents, count(*) AS sentences,
               count(*) FILTER (WHERE s.sourcing = 'quoted') AS quoted,
               count(*) FILTER (WHERE s.sourcing = 'attributed') AS attributed,
               count(*) FILTER (WHERE s.sourcing = 'unattributed') AS unattributed,
               round(count(*) FILTER (WHERE s.sourcing = 'unattributed') / count(*), 3)
                   AS unsourced_share
        FROM sentences s JOIN documents d ON d.id = s.doc_id
        WHERE {' AND '.join(where)}
        GROUP BY ALL
        ORDER BY unsourced_share DESC, sentences DESC, {tie}
        {_limit(limit, params)}"""
    return run(conn, sql, params)


# A row of `sourcing` per outlet or per document: its columns, and what orders ties.
_SOURCING_ROWS = {"outlet": ("d.outlet", "d.outlet"),
                  "document": ("d.id AS doc_id, d.published, d.outlet, d.title", "d.id")}


def actors(conn, *, name: str | None = None, kind: str | None = None,
           limit: int | None = None) -> Result:
    """Each actor with how often it is mentioned, quoted, and party to an event or a stance."""
    where, params = ["(mentions + quotes + events + stances) > 0"], {}
    if name:
        params.update(t=name, t_re=word_pattern(name))
        where.append(_ACTOR_MATCH.format(p="t"))
    if kind:
        params["kind"] = kind
        where.append("a.kind = $kind")
    # Events count once per actor taking part: as source, or as a target other than the source.
    sql = f"""
        WITH m AS (SELECT actor_id, count(*) AS n FROM mentions GROUP BY actor_id),
             docs AS (SELECT actor_id, count(*) AS n FROM doc_actors GROUP BY actor_id),
             q AS (SELECT speaker_actor AS actor_id, count(*) AS n FROM quotes
                   WHERE speaker_actor IS NOT NULL GROUP BY speaker_actor),
             e AS (SELECT actor_id, sum(n) AS n FROM (
                     SELECT source_actor AS actor_id, count(*) AS n FROM events
                     GROUP BY source_actor
                     UNION ALL
                     SELECT target_actor, count(*) FROM events
                     WHERE target_actor IS DISTINCT FROM source_actor GROUP BY target_actor)
                   WHERE actor_id IS NOT NULL GROUP BY actor_id),
             s AS (SELECT holder_actor AS actor_id, count(*) AS n FROM stances
                   GROUP BY holder_actor),
             counted AS (
               SELECT a.*, coalesce(m.n, 0) AS mentions, coalesce(docs.n, 0) AS documents,
                      coalesce(q.n, 0) AS quotes, coalesce(e.n, 0)::BIGINT AS events,
                      coalesce(s.n, 0) AS stances
               FROM actors a LEFT JOIN m ON m.actor_id = a.id
               LEFT JOIN docs ON docs.actor_id = a.id LEFT JOIN q ON q.actor_id = a.id
               LEFT JOIN e ON e.actor_id = a.id LEFT JOIN s ON s.actor_id = a.id)
        SELECT a.id, a.name, a.kind, a.country, a.code, a.mentions, a.documents, a.quotes,
               a.events, a.stances
        FROM counted a WHERE {' AND '.join(where)}
        ORDER BY a.mentions DESC, a.quotes DESC, a.events DESC, a.id {_limit(limit, params)}"""
    return run(conn, sql, params)


def stance(conn, proposition: str, *, by: str = "month") -> Result:
    """Who holds `proposition` (an id like `membership(UKR, NATO)` or words of its text),
    for and against, per period."""
    params = {"p": _squash(proposition), "p_like": f"%{proposition.strip()}%"}
    truncated, shown = _period(by, "s.day")
    sql = f"""
        SELECT {shown} AS period, proposition, holder_actor, holder, favor, against, neutral,
               stances, documents
        FROM (SELECT {truncated} AS t, s.proposition, s.holder_actor,
                     coalesce(any_value(a.name), s.holder_actor) AS holder,
                     count(*) FILTER (WHERE s.polarity > 0) AS favor,
                     count(*) FILTER (WHERE s.polarity < 0) AS against,
                     count(*) FILTER (WHERE s.polarity = 0) AS neutral,
                     count(*) AS stances, count(DISTINCT s.doc_id) AS documents
              FROM stances s LEFT JOIN actors a ON a.id = s.holder_actor
              WHERE lower(replace(s.proposition, ' ', '')) = $p
                 OR s.proposition_text ILIKE $p_like
              GROUP BY t, s.proposition, s.holder_actor)
        ORDER BY t NULLS LAST, stances DESC, holder_actor"""
    return run(conn, sql, params)


def events(conn, *, dyad: str | None = None, by: str = "month", since: str | None = None,
           until: str | None = None, include_negated: bool = False) -> Result:
    """Event counts, mean Goldstein and quad classes per period, for one directed dyad
    (`RUS:UKR`: source RUS, target UKR; `*` for either side means anyone)."""
    where, params = ["TRUE"], {}
    for side, term in zip(("source", "target"), _dyad(dyad), strict=True):
        if term is not None:
            params[side] = actor_ids(conn, term)
            where.append(f"list_contains(${side}, e.{side}_actor)")
    if not include_negated:
        where.append("NOT e.negated AND NOT e.hypothetical")
    _date_range(where, params, "e.day", since, until)
    truncated, shown = _period(by, "e.day")
    sql = f"""
        SELECT {shown} AS period, events, goldstein, verbal_coop, material_coop,
               verbal_conflict, material_conflict
        FROM (SELECT {truncated} AS t, count(*) AS events,
                     round(avg(e.goldstein), 2) AS goldstein,
                     count(*) FILTER (WHERE e.quad_class = 1) AS verbal_coop,
                     count(*) FILTER (WHERE e.quad_class = 2) AS material_coop,
                     count(*) FILTER (WHERE e.quad_class = 3) AS verbal_conflict,
                     count(*) FILTER (WHERE e.quad_class = 4) AS material_conflict
              FROM events e WHERE {' AND '.join(where)} GROUP BY t)
        ORDER BY t NULLS LAST"""
    return run(conn, sql, params)


def search(conn, text: str, *, limit: int | None = 20, include_copies: bool = False) -> Result:
    """Documents containing every term of `text` ("quoted phrases" stay together), newest first.
    Syndicated copies are folded into their original unless `include_copies`."""
    terms = _terms(text)
    params: dict[str, Any] = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
    params["first"] = terms[0].lower()
    where = [f"d.text ILIKE $t{i}" for i in range(len(terms))]
    if not include_copies:
        where.append("d.duplicate_of IS NULL")
    sql = f"""
        SELECT d.id, d.published, d.outlet, d.title,
               regexp_replace(substr(d.text, greatest(1, instr(lower(d.text), $first) - 80), 220),
                              '\\s+', ' ', 'g') AS snippet,
               d.url, (SELECT count(*) FROM documents c WHERE c.duplicate_of = d.id) AS copies
        FROM documents d WHERE {' AND '.join(where)}
        ORDER BY d.published DESC NULLS LAST, d.id {_limit(limit, params)}"""
    return run(conn, sql, params)


def rejects(conn, *, limit: int | None = None) -> Result:
    params: dict[str, Any] = {}
    sql = f"""SELECT source, error, reason, logged_at FROM sources WHERE outcome = 'rejected'
              ORDER BY logged_at, source {_limit(limit, params)}"""
    return run(conn, sql, params)


def stats(conn) -> dict[str, int]:
    """How many documents, copies, rejects and records the corpus holds."""
    out = dict(zip(("documents", "analysed", "near_duplicates"), conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE duplicate_of IS NULL), "
        "count(duplicate_of) FROM documents").fetchall()[0], strict=True))
    for outcome in ("duplicate", "rejected"):
        out[f"{outcome}_inputs"] = conn.execute(
            "SELECT count(*) FROM sources WHERE outcome = ?", [outcome]).fetchall()[0][0]
    for table in ("actors", "mentions", "quotes", "events", "stances", "claims", "places"):
        out[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
    return out


def _dyad(dyad: str | None) -> tuple[str | None, str | None]:
    if not dyad:
        return None, None
    parts = [p.strip() for p in dyad.split(":")]
    if len(parts) != 2 or not all(parts):
        raise ConfigError(f"a dyad is SOURCE:TARGET (e.g. RUS:UKR, * for anyone), not {dyad!r}")
    return tuple(None if p == "*" else p for p in parts)  # type: ignore[return-value]


def _period(by: str, day: str) -> tuple[str, str]:
    """(SQL truncating the DATE `day` to the period, SQL showing the truncated value `t`)."""
    if by not in PERIODS:
        raise ConfigError(f"cannot group by {by!r}; choose one of {', '.join(PERIODS)}")
    unit, shown = PERIODS[by]
    if unit is None:
        return "NULL::DATE", "'all'"
    return f"date_trunc('{unit}', {day})", f"strftime(t, '{shown}')"


def _date_range(where: list[str], params: dict, day: str, since: str | None,
                until: str | None) -> None:
    if since:
        params["since"] = _iso(since, "since")
        where.append(f"{day} >= $since")
    if until:
        params["until"] = _iso(until, "until")
        where.append(f"{day} <= $until")


def _iso(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"--{name} takes a date as YYYY-MM-DD, not {value!r}") from None


def _limit(limit: int | None, params: dict) -> str:
    if not limit or limit < 0:
        return ""
    params["limit"] = int(limit)
    return "LIMIT $limit"


def _squash(proposition: str) -> str:
    return proposition.replace(" ", "").lower()


def _terms(text: str) -> list[str]:
    try:
        terms = [t for t in shlex.split(text) if t.strip()]
    except ValueError:  # an unbalanced quote: take the words as they are
        terms = text.split()
    if not terms:
        raise ConfigError("search needs at least one word")
    return terms
