"""sitroom: structured, checkable records from news about world politics.

    >>> import sitroom
    >>> result = sitroom.analyze(text, published="2023-07-13")
    >>> [(q.speaker_actor, q.content[0].text) for q in result.quotes]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .errors import (BinaryInput, ConfigError, DataError, EmptyInput, InputError, InputTooLarge,
                     ModelNotFound, SitroomError, UndecodableInput)
from .options import Options
from .records import (SCHEMA_VERSION, Actor, Analysis, Claim, Document, Event, Mention, Place,
                      Problem, Quote, SentenceSource, Span, Stance, TimeRef, Tone)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION", "Actor", "Analysis", "BinaryInput", "Claim", "ConfigError", "DataError",
    "Document", "EmptyInput", "Event", "InputError", "InputTooLarge", "Mention", "ModelNotFound",
    "Options", "Pipeline", "Place", "Problem", "Quote", "SentenceSource", "SitroomError", "Span",
    "Stance", "TimeRef", "Tone", "UndecodableInput", "__version__", "analyze", "pipe",
]

_PIPELINES: dict[Options, Any] = {}


def __getattr__(name: str):
    if name == "Pipeline":  # importing spaCy is slow: only when asked for
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(f"module 'sitroom' has no attribute {name!r}")


def _pipeline(options: Options | None):
    from .pipeline import Pipeline

    options = options or Options()
    if options not in _PIPELINES:
        _PIPELINES[options] = Pipeline(options)
    return _PIPELINES[options]


def analyze(text: str, *, url: str | None = None, published: Any = None,
            outlet: str | None = None, title: str | None = None,
            options: Options | None = None) -> Analysis:
    """Analyse one article. The pipeline is loaded on first use and kept for later calls."""
    return _pipeline(options).analyze(text, url=url, published=published, outlet=outlet,
                                      title=title)


def pipe(items: Iterable[Any], *, n_process: int = 1,
         options: Options | None = None) -> Iterator[Analysis]:
    """Analyse many articles (strings or dicts with "text", "url", "published", ...), in order,
    on `n_process` processes (0: one per core). Unreadable items come back with `ok == False`."""
    return _pipeline(options).pipe(items, n_process=n_process)
