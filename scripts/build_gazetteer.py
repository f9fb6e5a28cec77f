"""Build the gazetteer index ahead of first use: `python scripts/build_gazetteer.py [PATH]`.

Without PATH it goes to the cache folder sitroom reads from ($SITROOM_CACHE, else
$XDG_CACHE_HOME/sitroom or ~/.cache/sitroom), under a name that carries the data version. A
complete index already there is kept. The build is deterministic: the same package versions
and data files give the same index.
"""

import sys
import time
from pathlib import Path

from sitroom.geo import cache
from sitroom.geo.build import fill

if __name__ == "__main__":
    started = time.perf_counter()
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else cache.default_path()
    target = cache.ensure(path, cache.data_key(), fill)
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")
