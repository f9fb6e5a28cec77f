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
@eval_group.command("events")
@click.option("--data", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="the shared data folder [default: ../shared/data or $SITROOM_DATA]")
@click.option("--limit", type=int, help="score only the first N sentences of each gold set")
@click.option("--half", type=click.Choice(["even", "odd"]),
              help="score every other sentence only (the odd half is held out from tuning)")
@click.option("--pin", is_flag=True, help="pin the measured numbers as floors in quality/events.json")
@click.option("--lower-reason", help="why a pinned floor may go down (with --pin)")
@pipeline_options
def events_command(data: Path | None, limit: int | None, half: str | None, pin: bool,
                   lower_reason: str | None, **params) -> None:
    """Score the event coder: PLOVER type accuracy and actor text F1, quad macro-F1 on the
    ConfliBERT sentences, and source/target token F1 on the ConfliBERT role tags.

    Definitions are in sitroom/eval/events.py and docs/quality/events.md.

    Example:

        sitroom eval events --half odd
        sitroom eval events --pin
    """
    from ..eval import events as scorer, gate
    from ..pipeline import Pipeline

    if pin and (limit is not None or half is not None):
        raise click.UsageError("--pin measures the whole gold sets; drop --limit and --half")
    pipeline = Pipeline(options_from(params))
    scores = scorer.evaluate(pipeline, data, limit=limit, half=half)
    for metric, value in scores.items():
        click.echo(f"{metric}\t{value:.4f}")
    if pin:
        digest = gate.digest(scorer.gold_files(data))
        gate.pin("events", scores, digest, command="sitroom eval events --pin",
                 lower_reason=lower_reason)
        click.echo(f"pinned floors in {gate.gate_path('events')}")
@eval_group.command("geo")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--every", default=1, show_default=True,
              help="score every N-th article only (the quality gate uses 3)")
@click.option("--spans-only", is_flag=True, help="only resolution given the gold spans (no parse)")
@click.option("--pin", is_flag=True, help="pin these numbers as floors in quality/geo.json")
@pipeline_options
def geo(paths, every, spans_only, pin, **params) -> None:
    """Geoparsing: find toponyms and resolve them (LGL, GeoVirus).

    Prints recall, precision, accuracy within 161 km, mean and median error, end to end and
    given the gold spans. Without PATHS, reads ../shared/data/geo/lgl.xml and GeoVirus.xml.

    Example:

        sitroom eval geo --every 3
    """
    from ..eval import geo as geo_eval
    from ..eval import gate

    paths = paths or geo_eval.default_paths()
    results = {p.stem.lower(): geo_eval.evaluate(p, every=every, spans_only=spans_only,
                                                options=options_from(params))
               for p in paths}
    click.echo(json.dumps(results, indent=2))
    if pin:
        command = f"sitroom eval geo --every {every}"
        gate.pin("geo", geo_eval.gate_metrics(results), gate.digest(paths), command=command)
        click.echo(f"pinned {gate.gate_path('geo')}")
