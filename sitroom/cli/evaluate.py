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


@eval_group.command("causal")
@click.argument("folder", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, help="score only the first N sentences")
@click.option("--json", "as_json", is_flag=True, help="print every metric as JSON")
@click.option("--pin", is_flag=True,
              help="pin the measured numbers as floors in quality/causal.json")
@click.option("--lower-reason", help="why a pinned floor may go down (with --pin)")
@pipeline_options
def causal_command(folder: Path | None, limit, as_json, pin, lower_reason, **params) -> None:
    """Score causal claims on the Causal News Corpus v2 (FOLDER holds its train CSVs;
    default ../shared/data/causal/cnc_v2).

    Prints sentence-level causal F1 and Matthews correlation (5-fold cross-validation of the
    causal sentence model) and cause/effect/signal span F1 of the rule extractor, by word
    overlap and by exact match. Definitions: docs/quality/causal.md.

    Example:

        sitroom eval causal ../shared/data/causal/cnc_v2
    """
    from ..eval import causal, gate, require
    from ..pipeline import load_nlp

    folder = folder or require(causal.DEFAULT_DIR)
    metrics = causal.evaluate(load_nlp(options_from(params).model), folder, limit=limit)
    if pin:
        gate.pin("causal", {k: metrics[k] for k in CAUSAL_GATED},
                 gate.digest(causal.input_paths(folder)), lower_reason=lower_reason,
                 command="sitroom eval causal --pin")
    _report(metrics, CAUSAL_GATED, as_json, f"CNC v2 train, {metrics['sentences']} sentences")


CAUSAL_GATED = ("sentence_f1", "sentence_mcc", "span_macro_f1", "span_exact_macro_f1",
                "cause_f1", "effect_f1", "signal_f1", "claims_precision", "claims_recall")


@eval_group.command("tone")
@click.argument("path", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=int, help="score only the first N targets")
@click.option("--json", "as_json", is_flag=True, help="print every metric as JSON")
@click.option("--pin", is_flag=True,
              help="pin the measured numbers as floors in quality/tone.json")
@click.option("--lower-reason", help="why a pinned floor may go down (with --pin)")
@pipeline_options
def tone_command(path: Path | None, limit, as_json, pin, lower_reason, **params) -> None:
    """Score tone toward a named actor on NewsMTSC (PATH is its train.jsonl; default
    ../shared/data/sentiment/newsmtsc/train.jsonl).

    Prints macro-F1 over negative/neutral/positive of the actor tone model (5-fold
    cross-validation, grouped by article) and of two untrained baselines: our VADER-lexicon
    clause valence and VADER itself on the clause. Definitions: docs/quality/tone.md.

    Example:

        sitroom eval tone ../shared/data/sentiment/newsmtsc/train.jsonl
    """
    from ..eval import gate, require, tone
    from ..pipeline import load_nlp

    path = path or require(tone.DEFAULT_FILE)
    metrics = tone.evaluate(load_nlp(options_from(params).model), path, limit=limit)
    if pin:
        gate.pin("tone", {k: metrics[k] for k in TONE_GATED}, gate.digest([path]),
                 lower_reason=lower_reason, command="sitroom eval tone --pin")
    _report(metrics, TONE_GATED, as_json, f"NewsMTSC train, {metrics['scored']} targets")


TONE_GATED = ("model_macro_f1", "model_accuracy", "lexicon_macro_f1")


def _report(metrics: dict, gated: tuple[str, ...], as_json: bool, title: str) -> None:
    if as_json:
        click.echo(json.dumps(metrics, indent=2))
        return
    click.echo(title)
    for name, value in metrics.items():
        if isinstance(value, float):
            mark = "  (gated)" if name in gated else ""
            click.echo(f"  {name:<28}{value:.4f}{mark}")
