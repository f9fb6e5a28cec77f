"""Answers kept in memory, keyed by endpoint and parameters.

The corpus cannot change while the server holds it, so an answer stays right until the server
stops; the cache only bounds memory (least recently used answers go first). When many
clients ask the same new question at once, one computes it and the others wait for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future


class Answers:
    def __init__(self, size: int = 2048):
        self.size = size
        self._done: OrderedDict[Hashable, bytes] = OrderedDict()
        self._pending: dict[Hashable, Future] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def peek(self, key: Hashable) -> bytes | None:
        """The answer if it is known, without computing it."""
        with self._lock:
            found = self._done.get(key)
            if found is not None:
                self.hits += 1
                self._done.move_to_end(key)
            return found

    def get(self, key: Hashable, compute: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._done:
                self.hits += 1
                self._done.move_to_end(key)
                return self._done[key]
            waiting = self._pending.get(key)
            if waiting is None:
                self.misses += 1
                mine = self._pending[key] = Future()
        if waiting is not None:
            return waiting.result()
        return self._compute(key, compute, mine)

    def _compute(self, key: Hashable, compute: Callable[[], bytes], mine: Future) -> bytes:
        try:
            value = compute()
        except BaseException as exc:  # the waiting requests get the same error
            with self._lock:
                del self._pending[key]
            mine.set_exception(exc)
            raise
        with self._lock:
            del self._pending[key]
            if self.size:
                self._done[key] = value
                while len(self._done) > self.size:
                    self._done.popitem(last=False)
        mine.set_result(value)
        return value
