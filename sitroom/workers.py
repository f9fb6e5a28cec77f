"""Worker processes that may die: an ordered map over chunks of items that survives a worker
killed in the middle of a task (a crash in a C extension, the out-of-memory killer, SIGKILL).

Chunks run on a process pool as usual, a few in flight. When a worker dies, every chunk in
flight is lost with the pool, and nothing says which item killed it. So the lost chunks are run
again one at a time on a one-worker pool; a chunk that kills its worker again is split, and its
items run one by one. An item that still kills its worker is the culprit: its result is
`on_crash(item, reason)`, and the map goes on with a new pool. A crash costs a few model loads
and the parallelism of one recovery; it never costs the batch.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import Any

Task = Callable[[list], list]
OnCrash = Callable[[Any, str], Any]


class Workers:
    """`n_process` worker processes, each set up once by `initializer(*initargs)`."""

    def __init__(self, n_process: int, initializer: Callable, initargs: tuple = (), *,
                 in_flight: int = 2):
        self.n_process = n_process
        self.initializer = initializer
        self.initargs = initargs
        self.in_flight = in_flight * n_process
        self.crashes = 0
        self._pool: cf.ProcessPoolExecutor | None = None
        self._size = 0

    def __enter__(self) -> Workers:
        self._replace(self.n_process)
        return self

    def __exit__(self, *exc) -> None:
        self._close()

    def warm(self, probe: Callable[[int], Any]) -> None:
        """Start every worker now (runs `probe` once per worker slot)."""
        list(self._pool.map(probe, range(self.n_process)))

    def map(self, task: Task, chunks: Iterable[list], on_crash: OnCrash) -> Iterator[Any]:
        """`task(chunk)` for each chunk, flattened, in order; `task` returns one result per
        item of its chunk."""
        pending: deque[tuple[list, cf.Future]] = deque()
        for chunk in chunks:
            pending.append((chunk, self._pool.submit(task, chunk)))
            if len(pending) >= self.in_flight:
                yield from self._next(task, pending, on_crash)
        while pending:
            yield from self._next(task, pending, on_crash)

    def _next(self, task: Task, pending: deque, on_crash: OnCrash) -> list:
        chunk, future = pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            lost = [chunk, *(c for c, _ in pending)]
            pending.clear()
        self.crashes += 1
        results = [r for c in lost for r in self._recover(task, c, on_crash)]
        self._replace(self.n_process)
        return results

    def _recover(self, task: Task, chunk: list, on_crash: OnCrash) -> list:
        """Run a lost chunk alone; if it kills its worker, run its items one by one."""
        done = self._alone(task, chunk)
        if done is not None:
            return done
        results = []
        for item in chunk:
            one = self._alone(task, [item]) if len(chunk) > 1 else None
            results.append(one[0] if one is not None else on_crash(item, _DIED))
        return results

    def _alone(self, task: Task, chunk: list) -> list | None:
        """`task(chunk)` on a one-worker pool; None if the worker died."""
        if self._size != 1:
            self._replace(1)
        try:
            return self._pool.submit(task, chunk).result()
        except BrokenProcessPool:
            self._size = 0  # broken: the next task needs a new pool
            return None

    def _replace(self, workers: int) -> None:
        self._close()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._pool = cf.ProcessPoolExecutor(workers, mp_context=context,
                                            initializer=self.initializer,
                                            initargs=self.initargs)
        self._size = workers

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._size = 0


_DIED = ("the worker process died while working on it (a crash, or killed: out of memory?); "
         "it was retried alone and died again")


def cap_threads() -> None:
    """One BLAS/OpenMP thread per worker: a second one only slows spaCy down."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
