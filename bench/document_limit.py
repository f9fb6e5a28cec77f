"""What one article costs at the per-document limits: news prose repeated to `--chars`
characters, analysed once after a warm-up; prints its outcome, seconds and the peak memory of
the process.

    .venv/bin/python bench/document_limit.py --chars 1000000
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_samples import STORY  # noqa: E402

from sitroom.options import Options  # noqa: E402
from sitroom.pipeline import Pipeline  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args()
    pipeline = Pipeline(Options())
    pipeline.analyze("Warm up. " + STORY)
    text = (STORY + "\n\n") * (args.chars // (len(STORY) + 2))
    started = time.perf_counter()
    analysis = pipeline.analyze(text)
    seconds = time.perf_counter() - started
    fatal = [f"{p.stage}: {p.error} ({p.reason})" for p in analysis.problems if p.fatal]
    print(f"{len(text):,} characters: {'rejected ' + fatal[0] if fatal else 'analysed'}; "
          f"{len(analysis.quotes):,} quotes, {len(analysis.events):,} events; {seconds:.1f} s; "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
