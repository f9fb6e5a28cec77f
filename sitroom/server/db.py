"""The server's database handle: the corpus attached read-only to an in-memory DuckDB.

The in-memory database holds the summaries the server builds when it starts (`index`); the
corpus file itself cannot be written through this handle (it is attached READ_ONLY) and, once
the summaries are built, no file can be read or written at all (external access is switched
off, which DuckDB will not let anyone switch back on). Each request gets its own cursor, with
a timer that interrupts a query running past the request's time limit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from ..store import Store


class QueryTimeout(StoreError):
    """A query ran past the request's time limit and was interrupted."""


class Database:
    """One corpus, read-only, shared by all requests (DuckDB cursors are thread-safe)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        with Store(self.path):  # refuses a missing file, a non-corpus or another version
            pass
        self.conn = duckdb.connect(":memory:")
        self.conn.execute("ATTACH ? AS corpus (READ_ONLY)", [str(self.path)])

    def lock_down(self) -> None:
        """No file access from here on: called once the summaries are in memory."""
        self.conn.execute("SET enable_external_access = false")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def cursor(self, timeout: float | None = None) -> Iterator[Any]:
        """A cursor on the corpus schema; its queries are interrupted after `timeout` s."""
        cursor = self.conn.cursor()
        cursor.execute("USE corpus")
        timer = threading.Timer(timeout, cursor.interrupt) if timeout else None
        if timer:
            timer.start()
        try:
            yield cursor
        except duckdb.InterruptException:
            raise QueryTimeout(f"the query took longer than {timeout:g} s") from None
        finally:
            if timer:
                timer.cancel()
            cursor.close()
