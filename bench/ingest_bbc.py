"""Ingest throughput on BBC News (2,225 articles) against spaCy's parse alone, in one run.

Each round parses the texts with `nlp.pipe(n_process=N)` (texts already in memory) and then
runs the whole `sitroom ingest` path on the same files (read, hash, MinHash, parse, stages,
DuckDB writes) into a fresh database, both on N processes. Rounds interleave the two so that
noise from other work on the machine hits them alike; the report gives medians and the ratio
ingest / parse (target: at least 0.8).

    .venv/bin/python bench/ingest_bbc.py --rounds 3 --json bench/output/ingest_bbc.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from sitroom.eval import data_root
from sitroom.ingest.run import ingest
from sitroom.options import Options
from sitroom.pipeline import Pipeline
from sitroom.store import Store


def files(folder: Path, limit: int | None) -> list[Path]:
    return sorted(folder.glob("*/*.txt"))[:limit]


def parse_only(pipeline: Pipeline, texts: list[str], n_process: int) -> float:
    start = time.perf_counter()
    for _ in pipeline.nlp.pipe(texts, batch_size=pipeline.options.batch_size,
                               n_process=n_process):
        pass
    return time.perf_counter() - start


def full_ingest(pipeline: Pipeline, paths: list[Path], n_process: int) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with Store(Path(tmp) / "bench.duckdb", writable=True) as store:
            report = ingest(store, paths, pipeline=pipeline, n_process=n_process)
        seconds = time.perf_counter() - start
    return seconds, {"stored": report.stored, "duplicates": report.duplicates,
                     "near_duplicates": report.near_duplicates, "rejected": report.rejected}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=data_root() / "corpora/bbc/data_raw")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    paths = files(args.corpus, args.limit)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    pipeline = Pipeline(Options())
    pipeline.analyze(texts[0])  # load lazy resources before timing
    parse_rates, ingest_rates, outcome = [], [], {}
    for round_no in range(1, args.rounds + 1):
        parse_rates.append(len(texts) / parse_only(pipeline, texts, args.processes))
        seconds, outcome = full_ingest(pipeline, paths, args.processes)
        ingest_rates.append(len(paths) / seconds)
        print(f"round {round_no}: parse {parse_rates[-1]:.1f}/s, ingest {ingest_rates[-1]:.1f}/s")
    ratios = [i / p for i, p in zip(ingest_rates, parse_rates, strict=True)]
    result = {"articles": len(paths), "processes": args.processes, "rounds": args.rounds,
              "parse_per_s": parse_rates, "ingest_per_s": ingest_rates, "ratios": ratios,
              "median_parse_per_s": statistics.median(parse_rates),
              "median_ingest_per_s": statistics.median(ingest_rates),
              "median_ratio": statistics.median(ratios), "outcome": outcome}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
