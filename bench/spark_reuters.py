"""Spark against `sitroom ingest` on the same Reuters files, in one run: local[1], local[2]
and ingest with 2 processes, interleaved over several rounds (the machine is shared, so each
round runs every variant once, in a rotating order), medians and ratios.

Each variant runs in a fresh process into a fresh output. A Spark variant's time is that of
`sitroom.spark.run()` (reading to commit, the workers' model loading included), not the JVM's
start, which is reported apart; ingest's is that of `ingest()` (its workers' model loading
included). Rates count every input that reached an outcome, as both reports do.

Every variant also runs on a tiny input (the first 25 items): its time is the variant's fixed
cost (Python workers starting, the model loading, Spark scheduling its jobs). The rate "once
started" is the marginal one, (documents - tiny documents) / (seconds - tiny seconds).

The machine is shared, often with several times more runnable processes than cores, so wall
time measures the neighbours as much as the engine. Each variant therefore also counts the CPU
time of its whole process tree over the same window (the driver, the JVM, every Python
worker; sampled from /proc every 0.2 s): documents per CPU-second is what a cluster pays for,
and CPU-seconds over wall seconds says how many cores a variant actually got.

    .venv/bin/python bench/spark_reuters.py --rounds 3 --json bench/output/spark_reuters.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from proctree import descendants
from sitroom.eval import data_root

REUTERS = data_root() / "corpora/reuters/json-data"
VARIANTS = {"spark local[1]": ["--variant", "spark", "--master", "local[1]"],
            "spark local[2]": ["--variant", "spark", "--master", "local[2]"],
            "ingest -j 2": ["--variant", "ingest", "--jobs", "2"]}
ARTICLES = 100_000_000
TINY = 25


class CpuSampler(threading.Thread):
    """CPU seconds (user + system) used by this process and its descendants since start()."""

    def __init__(self, every: float = 0.2):
        super().__init__(daemon=True)
        self.every = every
        self.seen: dict[int, float] = {}
        self.baseline = 0.0
        self._halt = threading.Event()
        self._sample()
        self.baseline = sum(self.seen.values())

    def run(self) -> None:
        while not self._halt.wait(self.every):
            self._sample()

    def stop(self) -> float:
        self._halt.set()
        self.join()
        self._sample()
        return sum(self.seen.values()) - self.baseline

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        for pid in [os.getpid(), *descendants(os.getpid())]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            used = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            self.seen[pid] = max(self.seen.get(pid, 0.0), used)


def _fields():
    from sitroom.ingest.readers import Fields

    return Fields().override({"text": "body"})  # Reuters keeps its story in "body"


def run_spark(files: list[str], master: str, output: Path) -> dict:
    from sitroom.spark import run, session

    started = time.perf_counter()
    spark = session(master, {"spark.ui.enabled": "false",
                             "spark.ui.showConsoleProgress": "false"})
    start_s = time.perf_counter() - started
    sampler = CpuSampler()
    sampler.start()
    report = run(spark, files, str(output), fields=_fields())
    cpu = sampler.stop()
    spark.stop()
    chars = _chars(output)
    return {"seconds": report.elapsed, "cpu_seconds": cpu, "start_seconds": start_s,
            "documents": report.documents,
            "stored": report.stored, "near_duplicates": report.near_duplicates,
            "duplicates": report.duplicates, "rejected": report.rejected, "chars": chars}


def _chars(output: Path) -> int:
    import duckdb

    files = [str(f) for f in output.glob("documents/**/*.parquet")]
    sql = f"SELECT sum(length(text)) FROM read_parquet({files}) WHERE duplicate_of IS NULL"
    return int(duckdb.sql(sql).fetchall()[0][0] or 0)


def run_ingest(files: list[str], jobs: int, output: Path) -> dict:
    from sitroom.ingest.run import ingest
    from sitroom.store import Store

    with Store(output / "c.duckdb", writable=True) as store:
        sampler = CpuSampler()
        sampler.start()
        started = time.perf_counter()
        report = ingest(store, files, fields=_fields(), n_process=jobs)
        seconds = time.perf_counter() - started
        cpu = sampler.stop()
    return {"seconds": seconds, "cpu_seconds": cpu, "documents": report.documents,
            "stored": report.stored,
            "near_duplicates": report.near_duplicates, "duplicates": report.duplicates,
            "rejected": report.rejected}


def _variant(args) -> None:
    output = Path(args.output)
    if args.variant == "spark":
        result = run_spark(args.files, args.master, output / "out")
    else:
        result = run_ingest(args.files, args.jobs, output)
    print("RESULT " + json.dumps(result), flush=True)


def _measure(name: str, files: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        command = [sys.executable, __file__, *VARIANTS[name], "--output", tmp,
                   "--files", *files]
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    result = json.loads(lines[-1][len("RESULT "):])
    result["rate"] = result["documents"] / result["seconds"]
    result["cpu_rate"] = result["documents"] / result["cpu_seconds"]
    result["cores_used"] = result["cpu_seconds"] / result["seconds"]
    result["load_average"] = round(os.getloadavg()[0], 2)
    return result


def _round(number: int, files: list[str], tiny: list[str]) -> dict[str, dict]:
    jobs = [(name, size) for name in VARIANTS for size in ("tiny", "main")]
    shift = number * 2 % len(jobs)
    measured: dict[str, dict] = {name: {} for name in VARIANTS}
    for name, size in jobs[shift:] + jobs[:shift]:
        measured[name][size] = _measure(name, tiny if size == "tiny" else files)
    for result in measured.values():
        main, small = result["main"], result["tiny"]
        extra = main["documents"] - small["documents"]
        result["rate"] = main["rate"]
        result["started_rate"] = extra / (main["seconds"] - small["seconds"])
        result["cpu_rate"] = main["cpu_rate"]
        result["started_cpu_rate"] = extra / (main["cpu_seconds"] - small["cpu_seconds"])
        result["cores_used"] = main["cores_used"]
    return measured


def _summary(rounds: list[dict[str, dict]]) -> dict:
    def median(name: str, key: str) -> float:
        return statistics.median(r[name][key] for r in rounds)

    def ratios(key: str, a: str, b: str) -> list[float]:
        return [round(r[a][key] / r[b][key], 3) for r in rounds]

    one, two, ingest = VARIANTS
    out = {}
    for key in ("rate", "started_rate", "cpu_rate", "started_cpu_rate"):
        out[key] = {name: round(median(name, key), 2) for name in VARIANTS}
        out[f"{key}: local[2] / local[1], per round"] = ratios(key, two, one)
        out[f"{key}: local[2] / ingest, per round"] = ratios(key, two, ingest)
    out["fixed_seconds_median"] = {name: round(median_tiny(rounds, name), 1)
                                   for name in VARIANTS}
    out["cores_used_median"] = {name: round(median(name, "cores_used"), 2) for name in VARIANTS}
    per_core = out["started_cpu_rate"][two]
    sample = rounds[0][two]["main"]
    out["chars_per_analysed_document"] = round(sample["chars"] / max(1, sample["stored"]))
    out["core_hours_per_100m_articles"] = round(ARTICLES / per_core / 3600)
    out["core_hours_per_100m_articles_from_wall_time"] = round(
        ARTICLES / (out["started_rate"][two] / 2) / 3600)
    return out


def median_tiny(rounds: list[dict[str, dict]], name: str) -> float:
    return statistics.median(r[name]["tiny"]["seconds"] for r in rounds)


def _tiny(files: list[str], folder: Path) -> list[str]:
    items = json.loads(Path(files[0]).read_text(encoding="utf-8"))[:TINY]
    path = folder / "tiny.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return [str(path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+",
                        default=[str(REUTERS / f"reut2-00{i}.json") for i in range(2)])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--variant", choices=("spark", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--master", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        _variant(args)
        return
    rounds = []
    with tempfile.TemporaryDirectory(prefix="sitroom-bench-") as tmp:
        tiny = _tiny(args.files, Path(tmp))
        for number in range(args.rounds):
            rounds.append(_round(number, args.files, tiny))
            print(json.dumps({"round": number + 1, "rounds": rounds[-1]}), flush=True)
    result = {"files": [Path(f).name for f in args.files], "rounds": rounds,
              "summary": _summary(rounds)}
    print(json.dumps(result["summary"], indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
