"""`sitroom eval ...`: score the extractors against the gold data sets in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import click

from .common import options_from, pipeline_options


@click.group("eval")
def eval_group() -> None:
    """Score an extractor against a gold data set.

    Example:

        sitroom eval quotes ../shared/data/quotes/polnear/data/dev
    """


@eval_group.command("events")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="the shared data folder [default: ../shared/data or $SITROOM_DATA]")
@click.option("--limit", type=int, help="score only the first N sentences of each gold set")
@click.option("--pin", is_flag=True, help="pin the measured numbers as floors in quality/events.json")
@click.option("--lower-reason", help="why a pinned floor may go down (with --pin)")
@pipeline_options
def events_command(data: Path | None, limit: int | None, pin: bool, lower_reason: str | None,
                   **params) -> None:
    """Score the event coder: PLOVER type accuracy and actor text F1, quad macro-F1 on the
    ConfliBERT sentences, and source/target token F1 on the ConfliBERT role tags.

    Definitions are in sitroom/eval/events.py and docs/quality/events.md.

    Example:

        sitroom eval events --pin
    """
    from ..eval import events as scorer, gate
    from ..pipeline import Pipeline

    if pin and limit is not None:
        raise click.UsageError("--pin measures the whole gold sets; drop --limit")
    pipeline = Pipeline(options_from(params))
    scores = scorer.evaluate(pipeline, data, limit=limit)
    for metric, value in scores.items():
        click.echo(f"{metric}\t{value:.4f}")
    if pin:
        digest = gate.digest(scorer.gold_files(data))
        gate.pin("events", scores, digest, command="sitroom eval events --pin",
                 lower_reason=lower_reason)
        click.echo(f"pinned floors in {gate.gate_path('events')}")
