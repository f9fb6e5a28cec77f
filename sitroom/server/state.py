"""The server's settings and the state every request shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import Answers
from .db import Database
from .index import Index

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How the server runs; `sitroom serve` fills it from its options."""

    db: Path
    query_seconds: float = 10.0  # a request's queries are interrupted after this long
    max_body_bytes: int = 16_384  # the API reads no bodies; anything larger is refused
    max_url_chars: int = 4096
    cache_size: int = 2048  # answers kept in memory
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS  # Host headers served (DNS rebinding)


@dataclass(kw_only=True)
class Web:
    settings: Settings
    db: Database
    index: Index
    answers: Answers = field(default_factory=Answers)
