"""Throughput of the full sitroom pipeline against spaCy's parse alone, side by side.

Runs on ../shared/data/corpora/bbc (or --corpus), on 1 and 2 processes, interleaving the
variants over several rounds so that machine noise hits them alike, and reports the median
articles per second, the overhead of our stages over the parse, and the time per stage.
Wall time on a shared machine measures the neighbours too, so each variant also counts its CPU
seconds (this process and its joined workers): articles per CPU-second is what a run costs.

    .venv/bin/python bench/pipeline_speed.py --limit 600 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the worker processes)."""
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of run(); workers are joined before it returns."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def parse_only(pipeline: Pipeline, texts: list[str], n_process: int) -> tuple[float, float]:
    return timed(lambda: list(pipeline.nlp.pipe(texts, batch_size=pipeline.options.batch_size,
                                                n_process=n_process)))


def full(pipeline: Pipeline, texts: list[str], n_process: int) -> tuple[float, float]:
    return timed(lambda: list(pipeline.pipe(texts, n_process=n_process)))


def stage_times(pipeline: Pipeline, texts: list[str]) -> dict[str, float]:
    """CPU seconds spent in each stage over the corpus (1 process; CPU time, since wall
    time on a shared machine charges a stage for its neighbours' work)."""
    spent: dict[str, float] = defaultdict(float)

    def timed(stage: Stage) -> Stage:
        def run(doc, ctx):
            start = time.process_time()
            try:
                return stage.func(doc, ctx)
            finally:
                spent[stage.name] += time.process_time() - start
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
    cpu_runs: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        for n in (1, 2):
            for name, variant in (("parse", parse_only), ("full", full)):
                wall, cpu = variant(pipeline, texts, n)
                runs[f"{name} x{n}"].append(len(texts) / wall)
                cpu_runs[f"{name} x{n}"].append(len(texts) / cpu)
    rates = {k: statistics.median(v) for k, v in runs.items()}
    cpu_rates = {k: statistics.median(v) for k, v in cpu_runs.items()}
    stages = stage_times(pipeline, texts)
    parse_seconds = len(texts) / cpu_rates["parse x1"]
    report = {
        "articles": len(texts), "rounds": args.rounds, "load_average": os.getloadavg(),
        "articles_per_second": rates, "articles_per_cpu_second": cpu_rates,
        "overhead_1_process": rates["parse x1"] / rates["full x1"] - 1,
        "cpu_overhead_1_process": cpu_rates["parse x1"] / cpu_rates["full x1"] - 1,
        "cpu_overhead_2_processes": cpu_rates["parse x2"] / cpu_rates["full x2"] - 1,
        "overhead_2_processes": rates["parse x2"] / rates["full x2"] - 1,
        "speedup_2_over_1_full": rates["full x2"] / rates["full x1"],
        "stage_share_of_parse": {k: v / parse_seconds for k, v in stages.items()},
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
