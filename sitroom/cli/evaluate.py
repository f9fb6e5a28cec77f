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
