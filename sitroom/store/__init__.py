"""The corpus store: every document and record in one embedded DuckDB database.

    >>> from sitroom.store import Store
    >>> with Store("sitroom.duckdb") as corpus:
    ...     for row in corpus.events(dyad="RUS:UKR", by="month"):
    ...         print(row["period"], row["events"], row["goldstein"])
"""

from .core import DEFAULT_DB, Store
from .result import Result
from .schema import STORE_VERSION

__all__ = ["DEFAULT_DB", "STORE_VERSION", "Result", "Store"]
