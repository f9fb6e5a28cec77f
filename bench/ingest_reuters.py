"""Ingest Reuters-21578 (21,578 newswire items as JSON) with the full pipeline: throughput,
duplicates found, rejects, and the memory peak of the whole process tree.

Memory is sampled every 0.2 s over the ingesting process and all its workers: the sum of their
resident set sizes (RSS, what the target is set in: under 2 GB) and of their proportional set
sizes (PSS, which counts pages shared between forked workers once).

    .venv/bin/python bench/ingest_reuters.py --json bench/output/ingest_reuters.json
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from proctree import descendants
from sitroom.eval import data_root
from sitroom.ingest.readers import Fields
from sitroom.ingest.run import ingest
from sitroom.options import Options
from sitroom.store import Store


class MemorySampler(threading.Thread):
    """Peak RSS and PSS (bytes) summed over this process and its descendants."""

    def __init__(self, every: float = 0.2):
        super().__init__(daemon=True)
        self.every = every
        self.peak_rss = self.peak_pss = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            pids = [os.getpid(), *descendants(os.getpid())]
            self.peak_rss = max(self.peak_rss, sum(_status_kb(p, "VmRSS:") for p in pids) * 1024)
            self.peak_pss = max(self.peak_pss, sum(_pss_kb(p) for p in pids) * 1024)
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=data_root() / "corpora/reuters/json-data")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--db", type=Path, help="keep the database here (default: a temp file)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    fields = Fields().override({"text": "body"})  # Reuters keeps its story in "body"
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "reuters.duckdb"
        sampler = MemorySampler()
        sampler.start()
        start = time.perf_counter()
        with Store(db, writable=True) as store:
            report = ingest(store, [args.corpus], options=Options(), fields=fields,
                            n_process=args.processes)
            stats = store.stats()
        seconds = time.perf_counter() - start
        sampler.stop()
        db_mb = db.stat().st_size / 1e6
    inputs = report.documents + report.skipped
    result = {
        "processes": args.processes, "seconds": round(seconds, 1), "inputs": inputs,
        "stored": report.stored, "exact_duplicates": report.duplicates,
        "near_duplicates": report.near_duplicates, "rejected": report.rejected,
        "inputs_per_s": round(inputs / seconds, 2),
        "analysed_per_s": round(report.stored / seconds, 2),
        "peak_rss_mb": round(sampler.peak_rss / 1e6), "peak_pss_mb": round(sampler.peak_pss / 1e6),
        "db_mb": round(db_mb, 1), "store": stats,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
