"""`sitroom analyze`: one article to JSON, a terminal report or a self-contained HTML page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError
from ..ingest.article import read_article
from ..pipeline import Pipeline
from .common import options_from, pipeline_options, stdout_is_terminal

FORMATS = ("json", "report", "html", "events-tsv")


@click.command()
@click.argument("path", type=click.Path(exists=True, allow_dash=True, dir_okay=False, path_type=Path))
@click.option("--published", help="publication date of the article (YYYY-MM-DD)")
@click.option("--url", help="where the article was published")
@click.option("--outlet", help="who published it (e.g. 'Reuters')")
@click.option("--title", help="its headline")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="output format [default: report on a terminal, json otherwise]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="write to this file instead of stdout")
@pipeline_options
def analyze(path: Path, published, url, outlet, title, fmt, output, **params) -> None:
    """Analyze one article (plain text or HTML; '-' reads stdin).

    Prints actors, quotes and the other records with their evidence.

    Example:

        sitroom analyze article.txt --published 2023-07-13 --format report
    """
    options = options_from(params)
    data = sys.stdin.buffer.read() if str(path) == "-" else _read(path, options.max_bytes)
    article = read_article(data, options, source=None if str(path) == "-" else str(path))
    meta = {"published": published, "url": url, "outlet": outlet, "title": title}
    article.update({k: v for k, v in meta.items() if v})
    result = Pipeline(options).analyze(**article)
    fmt = fmt or ("report" if output is None and stdout_is_terminal() else "json")
    _write(_render(result, fmt), output)


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _render(result, fmt: str):
    if fmt == "json":
        return result.to_json(indent=2)
    if fmt == "events-tsv":
        from ..gdelt import tsv

        return "\n".join(tsv([result]))
    if fmt == "html":
        from ..render import page

        return page(result)
    from ..report import report

    return report(result)


def _write(content, output: Path | None) -> None:
    if isinstance(content, str):
        if output is None:
            click.echo(content)
        else:
            output.write_text(content + "\n", encoding="utf-8")
        return
    from rich.console import Console

    console = Console(file=output.open("w", encoding="utf-8") if output else None,
                      width=None if output is None else 110)
    console.print(content)
