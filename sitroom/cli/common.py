"""Options shared by several commands, and the one adapter from CLI flags to `Options`."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from ..options import SETTINGS, Options

_HELP = {s.name: s.help for s in SETTINGS}


def pipeline_options(func):
    """--model and --config, stacked on every command that runs the pipeline."""

    @click.option("--model", default=Options.model, show_default=True, help=_HELP["model"])
    @click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help=_HELP["config"])
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def options_from(params: dict, **extra) -> Options:
    """Build `Options` from click parameters: the only place CLI flags become settings."""
    names = {s.name for s in SETTINGS}
    values = {k: v for k, v in {**params, **extra}.items() if k in names and v is not None}
    return Options(**values)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"
