"""Benchmark: what event coding adds to the spaCy parse, side by side in one run.

Parses BBC News articles (../shared/data/corpora/bbc/data_raw) with the pipeline's spaCy
model, runs the stages before `events` untimed, then times the events stage on the same
Docs. Prints parse seconds, events seconds and their ratio (the target is at most 10%), and
the share of that spent choosing each sentence's main event with the quad model (re-timed on
the events the stage made; the target is under 1% of the parse).

    python bench/events_speed.py [--limit N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sitroom.context import Findings
from sitroom.eval import require
from sitroom.pipeline import Pipeline, make_document
from sitroom.stages import events as events_stage


def articles(limit: int | None) -> list[str]:
    folder = require("corpora/bbc/data_raw")
    paths = sorted(folder.rglob("*.txt"))[:limit]
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="number of articles (default: all)")
    args = parser.parse_args()
    pipeline = Pipeline()
    texts = articles(args.limit)
    documents = [make_document({"text": t}, pipeline.options) for t in texts]
    start = time.perf_counter()
    docs = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=64))
    parse = time.perf_counter() - start
    before = [s for s in pipeline.stages if s.name != "events"]
    coding, choosing, count = 0.0, 0.0, 0
    for document, doc in zip(documents, docs, strict=True):
        doc._.sitroom = found = Findings(document=document)
        for stage in before:
            stage(doc, pipeline.context)
        start = time.perf_counter()
        events_stage.events(doc, pipeline.context)
        coding += time.perf_counter() - start
        count += len(found.events)
        start = time.perf_counter()
        events_stage._mark_main(found.events)
        choosing += time.perf_counter() - start
    words = sum(len(d) for d in docs)
    print(f"articles\t{len(docs)}\ntokens\t{words}\nevents\t{count}")
    print(f"parse_seconds\t{parse:.2f}\nevents_seconds\t{coding:.2f}")
    print(f"events_over_parse\t{coding / parse:.3f}")
    print(f"main_event_seconds\t{choosing:.2f}\nmain_event_over_parse\t{choosing / parse:.4f}")


if __name__ == "__main__":
    main()
