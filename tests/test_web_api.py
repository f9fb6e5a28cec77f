"""The JSON API of `sitroom serve`, on a small corpus analysed by the pipeline."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter

import pytest

import web_corpus
from sitroom import render
from sitroom.records import Analysis
from sitroom.server import api
from sitroom.server.cache import Answers
from sitroom.store import Store

pytestmark = pytest.mark.model
STOLTENBERG = "person:jens-stoltenberg"


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return web_corpus.corpus(pipeline, tmp_path_factory)


@pytest.fixture(scope="module")
def web(db):
    with web_corpus.client(db) as client:
        yield client


@pytest.fixture(scope="module")
def demo_id(db):
    with Store(db) as store:
        return store.sql("SELECT id FROM documents WHERE outlet = 'sitroom demo'").rows()[0][0]


def test_web_api_stats_count_the_corpus(web, db):
    with Store(db) as store:
        expected = store.stats()
    assert web.get("/api/stats").json() == {"path": db.name, **expected}


def test_web_api_search_finds_articles_actors_and_propositions(web, demo_id):
    found = web.get("/api/search", params={"q": "NATO"}).json()
    assert demo_id in [a["id"] for a in found["articles"]]
    assert "igo:NATO" in [a["id"] for a in found["actors"]]
    assert all("nato" in p["proposition"].lower() or "nato" in (p["text"] or "").lower()
               for p in found["propositions"])
    assert found["propositions"], "the demo article holds a stance on NATO membership"


def test_web_api_article_is_the_stored_analysis(web, pipeline, demo_id):
    stored = web.get(f"/api/articles/{demo_id}").json()
    fresh = pipeline.analyze(web_corpus.demo_text(), published="2023-04-04",
                             outlet="sitroom demo")
    assert stored["document"]["id"] == fresh.document.id == demo_id
    for name in ("quotes", "events", "stances", "places"):
        assert stored[name] == fresh.as_dict()[name]


def test_web_api_article_view_is_made_by_the_shared_renderer(web, demo_id):
    view = web.get(f"/api/articles/{demo_id}/view").json()
    analysis = Analysis.from_dict({k: v for k, v in web.get(f"/api/articles/{demo_id}").json()
                                   .items() if k not in ("duplicate_of", "similarity",
                                                         "copies")})
    assert view["html"] == render.article_html(analysis, links=api._link)
    assert 'href="#/actor/person%3Ajens-stoltenberg"' in view["html"]
    assert "text" not in view["document"]


def test_web_api_article_view_highlights_every_kind_of_record(web, demo_id):
    text = web.get(f"/api/articles/{demo_id}/view").json()["html"].split("</article>")[0]
    classes = {c for found in re.findall(r'<span class="([^"]+)" data-r=', text)
               for c in found.split()}
    assert classes >= {"mk-speaker", "mk-quote", "mk-cue", "mk-event", "mk-stance", "mk-cause",
                       "mk-effect", "mk-place", "mk-time", "mk-unsourced", "mk-actor"}


def test_web_api_actor_profile_matches_the_store(web, db):
    profile = web.get(f"/api/actors/{STOLTENBERG}").json()
    with Store(db) as store:
        quotes = store.quotes(speaker=STOLTENBERG).to_dicts()
        as_source = store.sql(f"SELECT count(*) FROM events WHERE source_actor = "
                              f"'{STOLTENBERG}' AND NOT negated AND NOT hypothetical").rows()
    assert profile["actor"]["name"] == "Jens Stoltenberg"
    assert sum(p["quotes"] for p in profile["quotes_by_month"]) == len(quotes)
    assert [(q["doc_id"], q["quote_id"]) for q in profile["recent_quotes"]] == \
        [(q["doc_id"], q["quote_id"]) for q in quotes]
    assert sum(r["events"] for r in profile["as_source"]) == as_source[0][0]
    assert {c["actor"] for c in profile["counterparts"]} >= \
        {r["other"] for r in profile["as_source"] if r["other"]}
    # Stoltenberg's stance comes from the seed article, which is there only with ../shared.
    assert not profile["stances"] or profile["stances"][0]["proposition"] == "membership(UKR, NATO)"


def test_web_api_unknown_things_are_404(web):
    assert web.get("/api/actors/person:nobody").status_code == 404
    assert web.get("/api/articles/nope").status_code == 404
    assert web.get("/api/stance", params={"p": "membership(XXX, YYY)"}).status_code == 404
    assert web.get("/api/places/999999").status_code == 404


def test_web_api_network_edges_count_the_events(web, db):
    network = web.get("/api/network", params={"limit": 2000}).json()
    with Store(db) as store:
        rows = store.sql("""SELECT source_actor, target_actor, quad_class FROM events
                            WHERE NOT negated AND NOT hypothetical AND source_actor IS NOT NULL
                              AND target_actor IS NOT NULL
                              AND source_actor <> target_actor""").rows()
    expected = Counter((s, t) for s, t, _ in rows)
    assert {(e["source"], e["target"]): e["events"] for e in network["edges"]} == expected
    assert {n["id"] for n in network["nodes"]} == {a for pair in expected for a in pair}
    conflict = web.get("/api/network", params=[("quad", 3), ("quad", 4)]).json()
    assert sum(e["events"] for e in conflict["edges"]) == sum(1 for *_, q in rows if q >= 3)


def test_web_api_network_time_window(web):
    everything = web.get("/api/network").json()["edges"]
    april = web.get("/api/network", params={"since": "2023-04-01",
                                            "until": "2023-04-30"}).json()["edges"]
    none = web.get("/api/network", params={"since": "1990-01-01",
                                           "until": "1990-12-31"}).json()["edges"]
    assert 0 < sum(e["events"] for e in april) < sum(e["events"] for e in everything)
    assert none == []


def test_web_api_stance_board_sides_and_changes(web, db):
    propositions = web.get("/api/propositions").json()
    assert propositions
    chosen = propositions[0]["proposition"]
    board = web.get("/api/stance", params={"p": chosen}).json()
    with Store(db) as store:
        stances = store.sql(f"SELECT holder_actor, polarity FROM stances WHERE proposition = "
                            f"'{chosen}'").rows()
    for holder in board["holders"]:
        mine = [p for h, p in stances if h == holder["holder"]]
        assert (holder["favor"], holder["against"], holder["neutral"]) == \
            (mine.count(1), mine.count(-1), mine.count(0))
        lead = holder["favor"] - holder["against"]
        assert holder["position"] == ("favor" if lead > 0 else "against" if lead < 0
                                      else "neutral")
    assert sum(p["favor"] + p["against"] + p["neutral"] for p in board["periods"]) == \
        len(stances)
    assert all(e["record"].startswith("s") for e in board["evidence"])


def test_web_api_map_places_and_their_events(web):
    places = web.get("/api/map").json()["places"]
    assert places and all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)
    busiest = max(places, key=lambda p: p["events"])
    at = web.get(f"/api/places/{busiest['key']}").json()
    assert at["place"]["name"] == busiest["name"]
    assert len(at["events"]) == min(busiest["events"], 30)


def test_web_api_timeline_counts_a_dyads_events(web, db):
    dyads = web.get("/api/dyads").json()
    source, target = dyads[0]["source"], dyads[0]["target"]
    timeline = web.get("/api/timeline", params={"source": source, "target": target}).json()
    with Store(db) as store:
        rows = store.sql(f"""SELECT strftime(day, '%Y-%m'), goldstein FROM events
                             WHERE source_actor = '{source}' AND target_actor = '{target}'
                               AND NOT negated AND NOT hypothetical""").rows()
    assert {p["period"]: p["events"] for p in timeline["periods"]} == Counter(p for p, _ in rows)
    assert sum(p["events"] for p in timeline["periods"]) == dyads[0]["events"]
    anyone = web.get("/api/timeline", params={"source": source}).json()
    assert sum(p["events"] for p in anyone["periods"]) >= dyads[0]["events"]


def test_web_api_claims_are_the_stores_answer(web, db):
    with Store(db) as store:
        for claimant in ("", "author", "Analysts", "Putin"):
            expected = store.claims(claimant=claimant or None, limit=100).to_dicts()
            found = web.get("/api/claims", params={"claimant": claimant}).json()
            assert found["claims"] == expected, claimant
        assert {c["claimant"] for c in web.get("/api/claims").json()["claims"]} >= \
            {"author", "Analysts (unresolved)"}  # the demo article's own and an unnamed one
    putin = web.get("/api/claims", params={"claimant": "Putin"}).json()
    assert putin["actors"] == [{"id": "person:vladimir-putin", "name": "Vladimir Putin"}]


def test_web_api_claims_filter_by_about_and_dates(web, db):
    everything = web.get("/api/claims", params={"limit": 1000}).json()["claims"]
    nato = web.get("/api/claims", params={"about": "NATO"}).json()["claims"]
    april = web.get("/api/claims", params={"since": "2023-04-01",
                                           "until": "2023-04-30"}).json()["claims"]
    with Store(db) as store:
        assert nato == store.claims(about="NATO", limit=100).to_dicts()
    assert nato and len(nato) < len(everything)
    assert april == [c for c in everything if "2023-04-01" <= (c["date"] or "") <= "2023-04-30"]
    assert april, "the demo article (2023-04-04) holds claims"
    assert web.get("/api/claims", params={"until": "1990-01-01"}).json()["claims"] == []
    assert len(web.get("/api/claims", params={"limit": 2}).json()["claims"]) == 2


def test_web_api_claim_record_is_the_claim_the_article_view_flashes(web):
    """`record` is the id the rendered article gives the claim: its cause and effect are
    the spans that id marks."""
    found = web.get("/api/claims", params={"limit": 1000}).json()["claims"]
    assert found
    articles, views = {}, {}
    for claim in found:
        doc = claim["doc_id"]
        articles.setdefault(doc, web.get(f"/api/articles/{doc}").json())
        views.setdefault(doc, web.get(f"/api/articles/{doc}/view").json()["html"])
        stored = articles[doc]["claims"][int(claim["record"][1:]) - 1]
        assert (stored["cause"]["text"], stored["effect"]["text"]) == \
            (claim["cause"], claim["effect"])
        text, records = views[doc].split("</article>")[0], views[doc].split("</article>")[1]
        marked = re.findall(rf'<span class="([^"]+)" data-r="[^"]*\b{claim["record"]}\b[^"]*"',
                            text)
        assert any("mk-cause" in m for m in marked) and any("mk-effect" in m for m in marked)
        assert f'data-id="{claim["record"]}"' in records


def test_web_api_sourcing_per_outlet_and_document(web, db):
    outlets = web.get("/api/sourcing").json()
    documents = web.get("/api/sourcing", params={"by": "document", "limit": 2}).json()
    with Store(db) as store:
        assert outlets["rows"] == store.sourcing(limit=50).to_dicts()
        assert documents["rows"] == store.sourcing(by="document", limit=2).to_dicts()
        sentences = store.sql("SELECT count(*) FROM sentences").rows()[0][0]
    assert outlets["by"] == "outlet" and documents["by"] == "document"
    assert sum(r["sentences"] for r in outlets["rows"]) == sentences > 0
    for row in outlets["rows"] + documents["rows"]:
        assert row["quoted"] + row["attributed"] + row["unattributed"] == row["sentences"]
        assert row["unsourced_share"] == round(row["unattributed"] / row["sentences"], 3)
    shares = [r["unsourced_share"] for r in documents["rows"]]
    assert len(shares) == 2 and shares == sorted(shares, reverse=True)
    none = web.get("/api/sourcing", params={"since": "2030-01-01"}).json()
    assert none["rows"] == []


def test_web_api_bad_parameters_are_refused(web):
    assert web.get("/api/network", params={"since": "yesterday"}).status_code == 400
    for path, params in (("/api/claims", {"since": "yesterday"}),
                         ("/api/sourcing", {"until": "2023-13-01"})):
        refused = web.get(path, params=params)
        assert refused.status_code == 400 and "YYYY-MM-DD" in refused.json()["error"]
    assert web.get("/api/sourcing", params={"by": "planet"}).status_code == 422
    assert web.get("/api/claims", params={"limit": 0}).status_code == 422
    assert web.get("/api/claims", params={"limit": 5000}).status_code == 422
    assert web.get("/api/network", params={"quad": 7}).status_code == 400
    assert web.get("/api/timeline", params={"by": "decade"}).status_code == 422
    assert web.get("/api/search", params={"q": ""}).status_code == 422


def test_web_api_openapi_describes_every_endpoint(web):
    paths = web.get("/openapi.json").json()["paths"]
    routes = {r.path for r in api.router.routes}
    assert routes == set(paths)
    assert all(paths[p]["get"].get("summary") for p in paths)
    for path in ("/api/claims", "/api/sourcing"):
        assert all(p["description"] for p in paths[path]["get"]["parameters"]), path


def test_web_cache_computes_a_new_answer_once():
    answers, calls = Answers(size=2), []

    def slow() -> bytes:
        calls.append(1)
        time.sleep(0.05)
        return b"x"

    threads = [threading.Thread(target=answers.get, args=("k", slow)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and answers.get("k", slow) == b"x" and len(calls) == 1
    for key in ("a", "b"):
        answers.get(key, lambda: b"y")
    answers.get("k", slow)  # pushed out by two newer answers: computed again
    assert len(calls) == 2
