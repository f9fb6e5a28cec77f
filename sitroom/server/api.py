"""The JSON API: one endpoint for everything the page shows (OpenAPI at /docs)."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from .. import render
from ..store.questions import PERIODS
from . import queries
from .state import Web

router = APIRouter(prefix="/api")
JSON = "application/json"

Since = Annotated[str | None, Query(description="first day (YYYY-MM-DD)", max_length=10)]
Until = Annotated[str | None, Query(description="last day (YYYY-MM-DD)", max_length=10)]
Quads = Annotated[list[int] | None, Query(
    alias="quad", description="quad classes to keep (1 verbal cooperation, 2 material "
    "cooperation, 3 verbal conflict, 4 material conflict); repeat for several; default all")]
By = Annotated[str, Query(description=f"period: {', '.join(PERIODS)}",
                          pattern="^(" + "|".join(PERIODS) + ")$")]


def _web(request: Request) -> Web:
    return request.app.state.web


async def _answer(request: Request, key: tuple, compute) -> Response:
    """The cached answer to `key`, or computed (once, however many ask) by `compute(web)` on
    a worker thread: a known answer costs the event loop no thread switch."""
    web = _web(request)
    body = web.answers.peek(key)
    if body is None:
        body = await run_in_threadpool(web.answers.get, key, lambda: _dumps(compute(web)))
    return Response(body, media_type=JSON)


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":")).encode()


def _quoted(value: str) -> str:
    return quote(value, safe="")


@router.get("/stats", summary="What the corpus holds")
async def stats(request: Request) -> Response:
    return await _answer(request, ("stats",),
                         lambda web: {"path": web.db.path.name, **web.index.stats})


@router.get("/search", summary="Articles, actors and propositions matching words")
async def search(request: Request,
                 q: Annotated[str, Query(min_length=1, max_length=200,
                                         description='words; "quoted phrases" stay together')],
                 limit: Annotated[int, Query(ge=1, le=100)] = 20) -> Response:
    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            articles = queries.search_articles(cursor, q, limit)
        return {"query": q, "articles": articles,
                "actors": queries.actor_list(web.index, q, limit=limit),
                "propositions": queries.proposition_list(web.index, q, limit=limit)}

    return await _answer(request, ("search", q, limit), compute)


@router.get("/articles/{doc_id}", summary="One article and all its records (sitroom JSON)")
async def article(request: Request, doc_id: Annotated[str, Path(max_length=200)]) -> Response:
    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            result, extra = queries.analysis(cursor, doc_id)
        return {**result.as_dict(), **extra}

    return await _answer(request, ("article", doc_id), compute)


@router.get("/articles/{doc_id}/view", summary="One article rendered with its highlights",
            description="`html` is what `sitroom analyze --format html` shows, made by the "
            "same renderer, with actors, propositions and places linked to their views.")
async def article_view(request: Request,
                       doc_id: Annotated[str, Path(max_length=200)]) -> Response:
    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            result, extra = queries.analysis(cursor, doc_id)
        document = result.document.as_dict()
        document.pop("text")
        return {"document": {**document, **extra, "model": result.model},
                "problems": [p.as_dict() for p in result.problems],
                "html": render.article_html(result, links=_link)}

    return await _answer(request, ("article-view", doc_id), compute)


def _link(kind: str, key: str) -> str:
    """Where the article view links a record's actor or proposition: a route of the page."""
    if kind == "proposition":
        return f"#/stance?p={_quoted(key)}"
    return f"#/{kind}/{_quoted(key)}"


@router.get("/actors", summary="Actors in the corpus, busiest first")
async def actors(request: Request,
                 q: Annotated[str, Query(max_length=200, description="part of an id, "
                                         "name, alias, code or country")] = "",
                 kind: Annotated[str | None, Query(max_length=40)] = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> Response:
    return await _answer(request, ("actors", q, kind, limit),
                         lambda web: queries.actor_list(web.index, q, kind, limit))


@router.get("/actors/{actor_id}", summary="Actor profile",
            description="Quotes over time and the latest quotes, stance on each proposition, "
            "events as source and as target, counterparts, and the tone towards the actor.")
async def actor(request: Request, actor_id: Annotated[str, Path(max_length=200)]) -> Response:
    return await _answer(request, ("actor", actor_id),
                         lambda web: queries.actor_profile(web.index, actor_id))


@router.get("/network", summary="Actor network: dyads weighted by events, mean Goldstein")
async def network(request: Request, since: Since = None, until: Until = None,
                  quads: Quads = None,
                  limit: Annotated[int, Query(ge=1, le=2000, description="most edges")] = 150,
                  min_events: Annotated[int, Query(ge=1)] = 1) -> Response:
    first, last = queries.day(since, "since"), queries.day(until, "until")
    chosen = queries.quad_list(quads)

    def compute(web: Web) -> dict[str, Any]:
        return queries.network(web.index, since=first, until=last, quads=chosen, limit=limit,
                               min_events=min_events)

    return await _answer(request, ("network", first, last, tuple(chosen), limit, min_events),
                         compute)


@router.get("/dyads", summary="The busiest dyads (for the timeline)")
async def dyads(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    def compute(web: Web) -> list[dict[str, Any]]:
        return [{**d, "source_name": web.index.name(d["source"]),
                 "target_name": web.index.name(d["target"])} for d in web.index.dyads[:limit]]

    return await _answer(request, ("dyads", limit), compute)


@router.get("/timeline", summary="Event counts and mean Goldstein per period for a dyad",
            description="Events between two known actors (as in the network), from `source` "
            "to `target`; each is an actor id, CAMEO code, country or name, or empty for "
            "anyone.")
async def timeline(request: Request,
                   source: Annotated[str, Query(max_length=200)] = "",
                   target: Annotated[str, Query(max_length=200)] = "",
                   by: By = "month", since: Since = None, until: Until = None) -> Response:
    first, last = queries.day(since, "since"), queries.day(until, "until")

    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            return queries.timeline(cursor, web.index, source=source, target=target, by=by,
                                    since=first, until=last)

    return await _answer(request, ("timeline", source, target, by, first, last), compute)


@router.get("/map", summary="Places with their events and mentions")
async def event_map(request: Request, since: Since = None, until: Until = None,
                    quads: Quads = None,
                    limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> Response:
    first, last = queries.day(since, "since"), queries.day(until, "until")
    chosen = queries.quad_list(quads)

    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            return queries.event_map(cursor, web.index, since=first, until=last,
                                     quads=chosen, limit=limit)

    return await _answer(request, ("map", first, last, tuple(chosen), limit), compute)


@router.get("/places/{key}", summary="The latest events at one place of the map")
async def place(request: Request, key: int) -> Response:
    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            return queries.place_events(cursor, web.index, key)

    return await _answer(request, ("place", key), compute)


@router.get("/propositions", summary="Propositions that actors took a stance on")
async def propositions(request: Request, q: Annotated[str, Query(max_length=200)] = "",
                       limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> Response:
    return await _answer(request, ("propositions", q, limit),
                         lambda web: queries.proposition_list(web.index, q, limit))


@router.get("/stance", summary="Stance board: who is for, against and neutral, over time")
async def stance(request: Request,
                 p: Annotated[str, Query(min_length=1, max_length=300,
                                         description="a proposition, e.g. membership(UKR, NATO)")],
                 by: By = "month") -> Response:
    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            return queries.stance_board(cursor, web.index, p, by=by)

    return await _answer(request, ("stance", p, by), compute)


@router.get("/claims", summary="Causal claims: who claims what caused what, newest first",
            description="Each claim has its claimant (an actor, `author` for the article's "
            "own claim, or an unnamed speaker's words), cause, signal and effect, its article "
            "and `record`, the id the article view gives it (`#/article/DOC/RECORD`).")
async def claims(request: Request,
                 claimant: Annotated[str, Query(max_length=200, description="who claims it: an "
                                                "actor's name, id or code, `author`, or an "
                                                "unnamed speaker's words; empty for anyone")] = "",
                 about: Annotated[str, Query(max_length=200, description="an actor, or a word "
                                             "in the cause or the effect")] = "",
                 since: Since = None, until: Until = None,
                 limit: Annotated[int, Query(ge=1, le=1000, description="most claims")] = 100,
                 ) -> Response:
    first, last = queries.day(since, "since"), queries.day(until, "until")

    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            return queries.claims(cursor, web.index, claimant=claimant, about=about,
                                  since=first, until=last, limit=limit)

    return await _answer(request, ("claims", claimant, about, first, last, limit), compute)


@router.get("/sourcing", summary="Sourcing: quoted, attributed and unattributed sentences",
            description="Per outlet, or per article with the most unsourced first: how many "
            "sentences are quoted, attributed to a source, or unattributed assertions, and "
            "the unattributed share.")
async def sourcing(request: Request,
                   by: Annotated[str, Query(description="`outlet` (a row per outlet) or "
                                            "`document` (a row per article)",
                                            pattern="^(outlet|document)$")] = "outlet",
                   since: Since = None, until: Until = None,
                   limit: Annotated[int, Query(ge=1, le=1000, description="most rows")] = 50,
                   ) -> Response:
    first, last = queries.day(since, "since"), queries.day(until, "until")

    def compute(web: Web) -> dict[str, Any]:
        with web.db.cursor(web.settings.query_seconds) as cursor:
            return queries.sourcing(cursor, by=by, since=first, until=last, limit=limit)

    return await _answer(request, ("sourcing", by, first, last, limit), compute)
