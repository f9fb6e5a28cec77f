"""A time limit on the work done for one article (`Options.max_seconds`).

Some stages cost more than linear time on pathological text (thousands of quote marks, one
sentence of 10,000 words), so one article could hold up a batch for an hour. The limit is a
SIGALRM timer: when it fires, `TimeLimitExceeded` is raised in whatever Python code is running,
and the caller records the article as rejected. It then fires again every half second until the
block is left, so a stage that catches exceptions broadly cannot swallow it.

What it cannot do: interrupt a single call that stays inside C code (the spaCy parse of one
text; that is bounded by `max_chars` instead), or run outside the main thread, where Python
delivers no signals; there the work goes on without a limit.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from .errors import TimeLimitExceeded

_REFIRE = 0.5  # seconds between repeats of the alarm once it has fired


@contextlib.contextmanager
def time_limit(seconds: float | None, what: str) -> Iterator[None]:
    """Raise `TimeLimitExceeded` inside the block once it has run for `seconds` (0 or None:
    no limit)."""
    if not seconds or not _can_alarm():
        yield
        return

    def expired(signum, frame):
        raise TimeLimitExceeded(f"{what} took longer than {seconds:g} s "
                                f"(the max_seconds limit)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REFIRE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
