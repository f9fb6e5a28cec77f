"""`sitroom eval ...`: score the extractors against the gold data sets in ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import options_from, pipeline_options


@click.group("eval")
def eval_group() -> None:
    """Score an extractor against a gold data set.

    Example:

        sitroom eval quotes ../shared/data/quotes/polnear/data/dev
    """


@eval_group.command("quotes")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, help="score only the first N articles (by name)")
@click.option("--json", "as_json", is_flag=True, help="print the metrics as JSON")
@click.option("--pin", is_flag=True,
              help="pin these numbers (minus a margin) as the floors in quality/quotes.json")
@click.option("--lower-reason", help="why a pinned floor may go down (needed to lower one)")
@pipeline_options
def quotes(directory: Path, limit, as_json, pin, lower_reason, **params) -> None:
    """Score attributions against PolNeAR brat files (DIRECTORY holds text/ and
    attributions/, or both kinds of files side by side).

    Prints precision, recall and F1 of content matching and the accuracy of the source on
    matched attributions, for (a) reported speech and (b) all attributions. Definitions:
    docs/quality/quotes.md.

    Example:

        sitroom eval quotes ../shared/data/quotes/polnear/data/dev
    """
    from ..eval import gate, polnear
    from ..pipeline import Pipeline

    scores = polnear.evaluate(directory, Pipeline(options_from(params)), limit=limit)
    metrics = scores.metrics()
    if pin:
        digest = gate.digest(polnear.files(directory))
        floors = {k: v for k, v in metrics.items() if k in GATED}
        gate.pin("quotes", floors, digest, lower_reason=lower_reason,
                 command=f"sitroom eval quotes {directory} --pin")
    if as_json:
        click.echo(json.dumps({"articles": scores.articles, **metrics}, indent=2))
        return
    click.echo(_table(scores))


# The metrics the quality gate holds floors for.
GATED = ("speech_precision", "speech_recall", "speech_f1", "speech_source_accuracy",
         "all_precision", "all_recall", "all_f1", "all_source_accuracy")


def _table(scores) -> str:
    lines = [f"PolNeAR attributions, {scores.articles} articles",
             f"{'group':<22}{'gold':>6}{'pred':>6}{'P':>8}{'R':>8}{'F1':>8}{'source':>8}"]
    for label, counts in (("(a) reported speech", scores.speech), ("(b) all", scores.all)):
        lines.append(f"{label:<22}{counts.gold:>6}{counts.predicted:>6}"
                     f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}"
                     f"{counts.source_accuracy:>8.3f}")
    return "\n".join(lines)
