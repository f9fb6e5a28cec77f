"""How much the places and time stages add to the spaCy parse, on BBC News articles.

    python bench/places_time_speed.py [--articles 400] [--data ../shared/data]

Parses a fixed sample of articles (every k-th file of corpora/bbc/data_raw, sorted) once,
timing `nlp.pipe`; then runs the places and time stages on the parsed Docs, timing them
after a warm-up pass (the gazetteer's lookups are cached per process, as in a long batch).
Also times opening the gazetteer index in this process. Results: docs/benchmarks/places_time.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from sitroom.context import Findings
from sitroom.eval import data_root
from sitroom.geo.gazetteer import Gazetteer
from sitroom.pipeline import Pipeline, make_document
from sitroom.stages.places import places
from sitroom.stages.time import time as time_stage


def sample(folder: Path, count: int) -> list[str]:
    files = sorted(folder.rglob("*.txt"))
    step = max(1, len(files) // count)
    return [f.read_text(encoding="utf-8", errors="replace") for f in files[::step][:count]]


def run_stages(pipeline: Pipeline, docs, documents) -> float:
    started = time.perf_counter()
    for doc, document in zip(docs, documents, strict=True):
        doc._.sitroom = Findings(document=document)
        places(doc, pipeline.context)
        time_stage(doc, pipeline.context)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--data", type=Path, default=data_root())
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = args.data / "corpora" / "bbc" / "data_raw"
    if not folder.is_dir():
        sys.exit(f"BBC corpus not found at {folder}")

    started = time.perf_counter()
    gaz = Gazetteer.open()
    gaz.candidates("Paris")
    opened = time.perf_counter() - started

    pipeline = Pipeline()
    texts = sample(folder, args.articles)
    documents = [make_document({"text": t, "published": "2005-01-01"}, pipeline.options)
                 for t in texts]
    pipeline.context.actors  # loaded once per process, before any timing
    started = time.perf_counter()
    docs = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=64))
    parse = time.perf_counter() - started

    run_stages(pipeline, docs, documents)  # warm-up: fills the lookup caches
    timings = [run_stages(pipeline, docs, documents) for _ in range(args.repeats)]
    stages = statistics.median(timings)
    words = sum(len(d) for d in docs)
    print(f"articles {len(docs)}, tokens {words}")
    print(f"gazetteer open + first lookup: {opened * 1000:.0f} ms")
    print(f"parse (nlp.pipe): {parse:.2f} s ({words / parse:.0f} tokens/s)")
    print(f"places + time (median of {args.repeats}): {stages:.3f} s")
    print(f"ratio: {stages / parse:.1%} of the parse time")


if __name__ == "__main__":
    main()
