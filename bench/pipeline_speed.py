"""Throughput of the full sitroom pipeline against spaCy's parse alone, side by side.

Runs on ../shared/data/corpora/bbc (or --corpus), on 1 and 2 processes, interleaving the
variants over several rounds so that machine noise hits them alike, and reports the median
articles per second, the overhead of our stages over the parse, and the time per stage.

    .venv/bin/python bench/pipeline_speed.py --limit 600 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from sitroom.eval import data_root
from sitroom.options import Options
from sitroom.pipeline import Pipeline
from sitroom.stages import Stage


def corpus(folder: Path, limit: int) -> list[str]:
    paths = sorted(folder.glob("*/*.txt"))[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def parse_only(pipeline: Pipeline, texts: list[str], n_process: int) -> float:
    start = time.perf_counter()
    for _ in pipeline.nlp.pipe(texts, batch_size=pipeline.options.batch_size,
                               n_process=n_process):
        pass
    return time.perf_counter() - start


def full(pipeline: Pipeline, texts: list[str], n_process: int) -> float:
    start = time.perf_counter()
    for _ in pipeline.pipe(texts, n_process=n_process):
        pass
    return time.perf_counter() - start


def stage_times(pipeline: Pipeline, texts: list[str]) -> dict[str, float]:
    """Seconds spent in each stage over the corpus (1 process)."""
    spent: dict[str, float] = defaultdict(float)

    def timed(stage: Stage) -> Stage:
        def run(doc, ctx):
            start = time.perf_counter()
            try:
                return stage.func(doc, ctx)
            finally:
                spent[stage.name] += time.perf_counter() - start
        return Stage(stage.name, run, stage.needs, stage.sets)

    probe = Pipeline(pipeline.options, nlp=pipeline.nlp)
    probe.stages = tuple(timed(s) for s in pipeline.stages)
    for _ in probe.pipe(texts):
        pass
    return dict(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=data_root() / "corpora/bbc/data_raw")
    parser.add_argument("--limit", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    texts = corpus(args.corpus, args.limit)
    pipeline = Pipeline(Options())
    pipeline.analyze(texts[0])  # load lazy resources before timing
    runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        for n in (1, 2):
            runs[f"parse x{n}"].append(len(texts) / parse_only(pipeline, texts, n))
            runs[f"full x{n}"].append(len(texts) / full(pipeline, texts, n))
    rates = {k: statistics.median(v) for k, v in runs.items()}
    stages = stage_times(pipeline, texts)
    parse_seconds = len(texts) / rates["parse x1"]
    report = {
        "articles": len(texts), "rounds": args.rounds, "articles_per_second": rates,
        "overhead_1_process": rates["parse x1"] / rates["full x1"] - 1,
        "overhead_2_processes": rates["parse x2"] / rates["full x2"] - 1,
        "speedup_2_over_1_full": rates["full x2"] / rates["full x1"],
        "stage_share_of_parse": {k: v / parse_seconds for k, v in stages.items()},
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
