"""Readers for the gold data sets in ../shared/data and scorers for each extractor.

The gold data is never copied into the repo; `data_root()` finds it next to the checkout
(or at `$SITROOM_DATA`), and `require()` raises `DataError` naming what is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DataError


def data_root() -> Path:
    """../shared/data next to the repository, or `$SITROOM_DATA`."""
    if os.environ.get("SITROOM_DATA"):
        return Path(os.environ["SITROOM_DATA"])
    repo = Path(__file__).resolve().parents[2]
    return (repo.parent / "shared" / "data").resolve()


def require(relative: str | Path) -> Path:
    path = data_root() / relative
    if not path.exists():
        raise DataError(f"gold data not found: {path} (set SITROOM_DATA to the shared data folder)")
    return path
