"""Fuzz the text pipeline: thousands of generated inputs (tests/hostile_samples.py: news
fragments, random Unicode, quote-mark storms, broken encodings, random bytes, garbage dates)
through `Pipeline.pipe`. With one process the batch size is 1, so the time between two results
is one input's own time (parse and stages). Reports outcomes, rejections by reason, the slowest
inputs and the peak memory, and exits 1 if any input ends without an outcome, with evidence
off its text, or stops the run.

    .venv/bin/python bench/fuzz_pipeline.py --count 10000 --shards 2 --json bench/output/fuzz.json
    .venv/bin/python bench/fuzz_pipeline.py --count 2000 --workers 2   # the worker processes
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures as cf
import json
import resource
import statistics
import sys
import time
from pathlib import Path

# This checkout's code and test samples, whatever else is installed.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_samples import items, problems_with  # noqa: E402

from sitroom.options import Options  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402


def generate(count: int, seed: int) -> list:
    """`count` inputs drawn by hypothesis from the fuzz strategy, reproducibly from `seed`."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as fix_seed

    drawn: list = []

    @fix_seed(seed)
    @settings(max_examples=count, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(items())
    def collect(item):
        drawn.append(item)

    collect()
    return drawn


def describe(item) -> str:
    text = item.get("text") if isinstance(item, dict) else item
    return f"{type(text).__name__} of {len(text):,}: {text[:60]!r}"


def run(count: int, seed: int, workers: int) -> dict:
    """Generate `count` inputs from `seed` and analyse them; the raw tallies."""
    inputs = generate(count, seed)
    pipeline = Pipeline(Options(batch_size=1 if workers == 1 else 16))
    tally = {"inputs": len(inputs), "outcomes": collections.Counter(),
             "stages": collections.Counter(), "seconds": [], "violations": [],
             "sizes": [len(i.get("text") if isinstance(i, dict) else i) for i in inputs]}
    last = time.perf_counter()
    for item, analysis in zip(inputs, pipeline.pipe(inputs, n_process=workers), strict=True):
        now = time.perf_counter()
        tally["seconds"].append((now - last, describe(item)))
        last = now
        fatal = next((p for p in analysis.problems if p.fatal), None)
        tally["outcomes"]["analysed" if fatal is None else f"rejected: {fatal.error}"] += 1
        tally["stages"].update(f"{p.stage}: {p.error}" for p in analysis.problems if not p.fatal)
        tally["violations"] += [f"{describe(item)}: {v}" for v in problems_with(analysis)]
    tally["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return tally


def run_shards(count: int, seed: int, shards: int, workers: int) -> dict:
    """`shards` processes, each with its own seed and share of `count`, merged."""
    if shards == 1:
        return run(count, seed, workers)
    shares = [count // shards + (i < count % shards) for i in range(shards)]
    with cf.ProcessPoolExecutor(shards) as pool:
        parts = list(pool.map(run, shares, [seed + i for i in range(shards)],
                              [workers] * shards))
    merged = {"inputs": 0, "outcomes": collections.Counter(), "stages": collections.Counter(),
              "seconds": [], "violations": [], "sizes": [], "peak_rss_mb": 0}
    for part in parts:
        for key in ("inputs", "outcomes", "stages", "seconds", "violations", "sizes"):
            merged[key] += part[key]
        merged["peak_rss_mb"] = max(merged["peak_rss_mb"], part["peak_rss_mb"])
    return merged


def summary(tally: dict, total: float, args) -> dict:
    times = sorted(s for s, _ in tally["seconds"])
    timed = args.workers == 1  # with worker processes, results come back in batches
    return {
        "seed": args.seed, "shards": args.shards, "workers": args.workers,
        "inputs": tally["inputs"], "wall_seconds": round(total, 1),
        "input_size": {"median": statistics.median(tally["sizes"]), "max": max(tally["sizes"])},
        "outcomes": dict(tally["outcomes"].most_common()),
        "stage_problems": dict(tally["stages"].most_common()),
        "seconds_per_input": {"median": round(statistics.median(times), 4),
                              "p99": round(times[int(0.99 * (len(times) - 1))], 3),
                              "max": round(times[-1], 3)} if timed else None,
        "slowest": [f"{s:.2f} s {what}" for s, what in sorted(tally["seconds"], reverse=True)[:5]]
        if timed else None,
        "peak_rss_mb_per_process": tally["peak_rss_mb"],
        "violations": tally["violations"][:20], "violation_count": len(tally["violations"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shards", type=int, default=1,
                        help="processes, each fuzzing its share with its own seed")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes of Pipeline.pipe in each shard")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()
    started = time.perf_counter()
    tally = run_shards(args.count, args.seed, args.shards, args.workers)
    result = summary(tally, time.perf_counter() - started, args)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    sys.exit(1 if result["violation_count"] else 0)


if __name__ == "__main__":
    main()
