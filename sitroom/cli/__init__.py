"""The `sitroom` command. The cli package is the only code that prints or exits."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import SitroomError
from .analyze import analyze
from .corpus import COMMANDS as CORPUS_COMMANDS
from .evaluate import eval_group
from .serve import serve


class Main(click.Group):
    """Turns every `SitroomError` into a one-line message and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SitroomError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitroom")
def cli() -> None:
    """sitroom: turn news about world politics into structured, checkable records.

    Example:

        sitroom analyze article.txt --published 2023-07-13
    """


cli.add_command(analyze)
cli.add_command(eval_group)
cli.add_command(serve)
for _command in CORPUS_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli()
