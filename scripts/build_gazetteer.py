"""Build the gazetteer index ahead of first use: `python scripts/build_gazetteer.py [PATH]`.

Without PATH it goes to the cache folder sitroom reads from ($SITROOM_CACHE, else
~/.cache/sitroom). The build is deterministic: the same package versions give the same index.
"""

import sys
import time
from pathlib import Path

from sitroom.geo.build import build, default_path

if __name__ == "__main__":
    started = time.perf_counter()
    target = build(Path(sys.argv[1]) if len(sys.argv) > 1 else default_path())
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")
