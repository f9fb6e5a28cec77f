"""Query speed on a synthetic corpus of 1 million quotes and 1 million events.

Builds the store through the real writer (100,000 documents with 10 quotes and 10 events
each; speakers and dyads drawn with a skew, as news has it: a few actors are everywhere), then
times the questions from Python (`Store.quotes`, `Store.events`, ...) over repeated runs and
reports the median and the 90th percentile (target: quotes-by-speaker and dyad-by-month under
100 ms each, median).

    .venv/bin/python bench/store_queries.py --json bench/output/store_queries.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from pathlib import Path

import pycountry

from sitroom.records import Actor, Analysis, Document, Event, Mention, Quote, Span
from sitroom.store import Store

VOCABULARY = ("NATO", "sanctions", "ceasefire", "talks", "aid", "border", "election", "trade",
              "the alliance", "security", "grain", "energy", "troops", "refugees", "peace")
CAMEO = (("010", 0.0, 1), ("036", 4.0, 1), ("042", 1.9, 1), ("057", 8.0, 1), ("071", 7.4, 2),
         ("112", -2.0, 3), ("130", -4.4, 3), ("163", -8.0, 3), ("173", -5.0, 4),
         ("190", -10.0, 4), ("193", -10.0, 4), ("195", -10.0, 4))


def actors(rng: random.Random) -> tuple[list[Actor], list[Actor]]:
    states = [Actor(id=f"state:{c.alpha_3}", name=c.name, kind="state", country=c.alpha_3,
                    code=c.alpha_3) for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)]
    people = [Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person",
                    country="RUS", sector="GOV", code="RUSGOV", aliases=("Putin",))]
    for i in range(1, 1000):
        state = rng.choice(states)
        people.append(Actor(id=f"person:p{i:04d}", name=f"Official {i:04d}", kind="person",
                            country=state.country, sector="GOV", code=f"{state.country}GOV"))
    return states, people


def skewed(rng: random.Random, items: list, exponent: float = 1.1):
    """Zipf-like choice: the first items come up far more often than the last."""
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return lambda k: rng.choices(items, weights=weights, k=k)


def analysis(i: int, rng: random.Random, speakers, sides, states, days) -> Analysis:
    words = [rng.choice(VOCABULARY) for _ in range(10)]
    text = f"Document {i} about " + ", ".join(words) + "."
    document = Document(id=f"d{i:08d}", text=text, outlet=f"outlet {i % 50}",
                        published=days[i % len(days)])
    span = Span(start=0, end=len(text), text=text)
    word = Span(start=0, end=8, text=text[:8])
    quotes = [Quote(doc_id=document.id, id=f"q{k}", kind="direct", cue_type="speech",
                    evidence=span, content=(span,), speaker=word, speaker_actor=speaker.id,
                    cue=word) for k, speaker in enumerate(speakers(10))]
    events = []
    for k, (source, target) in enumerate(zip(sides(10), sides(10), strict=True)):
        if rng.random() < 0.3:  # the dyad this benchmark asks about, often in the news
            source, target = states["RUS"], states["UKR"]
        cameo, goldstein, quad = rng.choice(CAMEO)
        events.append(Event(doc_id=document.id, id=f"e{k}", evidence=span, trigger=word,
                            cameo=cameo, root=cameo[:2], quad_class=quad, goldstein=goldstein,
                            source_actor=source.id, target_actor=target.id,
                            negated=rng.random() < 0.03))
    used = {q.speaker_actor for q in quotes} | {e.source_actor for e in events} | \
        {e.target_actor for e in events}
    mentions = [Mention(doc_id=document.id, span=word, actor_id=a, label="X", how="name")
                for a in sorted(used)]
    return Analysis(document=document, quotes=quotes, events=events, mentions=mentions,
                    actors=[a for a in ALL_ACTORS if a.id in used], model="synthetic")


ALL_ACTORS: list[Actor] = []


def build(path: Path, documents: int, seed: int) -> float:
    rng = random.Random(seed)
    states, people = actors(rng)
    ALL_ACTORS[:] = states + people
    by_code = {s.country: s for s in states}
    front = [by_code[c] for c in ("RUS", "UKR", "USA", "CHN", "ISR", "IRN", "GBR", "FRA")]
    ordered_states = front + [s for s in states if s not in front]
    speakers, sides = skewed(rng, people), skewed(rng, ordered_states)
    start = dt.date(2015, 1, 1)
    days = [(start + dt.timedelta(days=d)).isoformat() for d in range(3653)]
    rng.shuffle(days)
    began = time.perf_counter()
    with Store(path, writable=True) as store:
        writer = store.writer(commit_every=2000)
        for i in range(documents):
            writer.add_analysis(analysis(i, rng, speakers, sides, by_code, days))
        writer.flush()
    return time.perf_counter() - began


def timed(call, repeats: int) -> dict:
    """Wall and CPU time (all of DuckDB's threads) per call: on a machine shared with other
    work the wall time carries the wait for a core, the CPU time does not."""
    first_start = time.perf_counter()
    rows = len(call())
    first = time.perf_counter() - first_start
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    walls.sort()
    return {"rows": rows, "first_ms": round(first * 1000, 1),
            "median_ms": round(statistics.median(walls) * 1000, 1),
            "p90_ms": round(walls[int(0.9 * (len(walls) - 1))] * 1000, 1),
            "median_cpu_ms": round(statistics.median(cpus) * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/output/synthetic.duckdb"))
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    args.db.parent.mkdir(parents=True, exist_ok=True)
    result: dict = {}
    if args.rebuild or not args.db.exists():
        args.db.unlink(missing_ok=True)
        result["build_seconds"] = round(build(args.db, args.documents, args.seed), 1)
    result["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    with Store(args.db) as store:
        result["store"] = store.stats()
        questions = {
            "quotes by speaker (Putin, first 50)": lambda: store.quotes(speaker="Putin",
                                                                        limit=50),
            "quotes by speaker (Putin, all)": lambda: store.quotes(speaker="Putin"),
            "quotes by speaker about NATO since 2020": lambda: store.quotes(
                speaker="Putin", about="NATO", since="2020-01-01", limit=50),
            "events dyad RUS:UKR by month": lambda: store.events(dyad="RUS:UKR", by="month"),
            "events dyad RUS:* by year": lambda: store.events(dyad="RUS:*", by="year"),
            "actors (top 50)": lambda: store.actors(limit=50),
        }
        result["queries"] = {name: timed(call, args.repeats) for name, call in questions.items()}
    result["db_megabytes"] = round(args.db.stat().st_size / 1e6, 1)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
