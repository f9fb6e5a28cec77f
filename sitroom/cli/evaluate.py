"""`sitroom eval ...`: score the extractors against the gold data sets in ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import options_from, pipeline_options


def pin_options(task: str):
    """`--pin` and `--lower-reason`, the same for every scored task."""
    def decorate(func):
        func = click.option("--lower-reason",
                            help="why a pinned floor may go down (needed to lower one)")(func)
        return click.option("--pin", is_flag=True,
                            help=f"pin the measured numbers (minus a margin) as the floors in "
                                 f"quality/{task}.json")(func)
    return decorate


def _pin(task: str, metrics: dict[str, float], inputs, command: str,
         lower_reason: str | None) -> None:
    from ..eval import gate

    gate.pin(task, metrics, gate.digest(inputs), command=command, lower_reason=lower_reason)
    click.echo(f"pinned floors in {gate.gate_path(task)}", err=True)


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
@pin_options("quotes")
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
    from ..eval import polnear
    from ..pipeline import Pipeline

    scores = polnear.evaluate(directory, Pipeline(options_from(params)), limit=limit)
    metrics = scores.metrics()
    if pin:
        _pin("quotes", {k: v for k, v in metrics.items() if k in GATED},
             polnear.files(directory), f"sitroom eval quotes {directory} --pin", lower_reason)
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
@pin_options("events")
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
    from ..eval import events as scorer
    from ..pipeline import Pipeline

    if pin and (limit is not None or half is not None):
        raise click.UsageError("--pin measures the whole gold sets; drop --limit and --half")
    pipeline = Pipeline(options_from(params))
    scores = scorer.evaluate(pipeline, data, limit=limit, half=half)
    for metric, value in scores.items():
        click.echo(f"{metric}\t{value:.4f}")
    if pin:
        _pin("events", scores, scorer.gold_files(data), "sitroom eval events --pin",
             lower_reason)


@eval_group.command("geo")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--every", default=1, show_default=True,
              help="score every N-th article only (the quality gate uses 3)")
@click.option("--spans-only", is_flag=True, help="only resolution given the gold spans (no parse)")
@pin_options("geo")
@pipeline_options
def geo(paths, every, spans_only, pin, lower_reason, **params) -> None:
    """Geoparsing: find toponyms and resolve them (LGL, GeoVirus).

    Prints recall, precision, accuracy within 161 km, mean and median error, end to end and
    given the gold spans. Without PATHS, reads ../shared/data/geo/lgl.xml and GeoVirus.xml.

    Example:

        sitroom eval geo --every 3
    """
    from ..eval import geo as geo_eval

    paths = paths or geo_eval.default_paths()
    results = {p.stem.lower(): geo_eval.evaluate(p, every=every, spans_only=spans_only,
                                                options=options_from(params))
               for p in paths}
    click.echo(json.dumps(results, indent=2))
    if pin:
        _pin("geo", geo_eval.gate_metrics(results), paths,
             f"sitroom eval geo --every {every}", lower_reason)


@eval_group.command("propositions")
@click.argument("path", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--errors", is_flag=True, help="list the sentences it gets wrong")
@click.option("--json", "as_json", is_flag=True, help="print the metrics as JSON")
@pin_options("propositions")
@pipeline_options
def propositions(path: Path | None, errors, as_json, pin, lower_reason, **params) -> None:
    """Score proposition normalisation on our own sentence set (PATH, default
    tests/data/propositions.tsv: sentence, expected propositions, split).

    A sentence is right when the propositions found equal the expected ones exactly; also
    precision and recall over propositions, overall and per split. The set is ours, not an
    independent benchmark (docs/quality/stance.md).

    Example:

        sitroom eval propositions --errors
    """
    from ..eval import propositions as scorer
    from ..pipeline import Pipeline

    path = path or scorer.DEFAULT_SET
    result = scorer.evaluate(Pipeline(options_from(params)), path)
    metrics = result.metrics()
    if pin:
        _pin("propositions", metrics, [path], "sitroom eval propositions --pin", lower_reason)
    if as_json:
        click.echo(json.dumps({"sentences": len(result.rows), **metrics}, indent=2))
    else:
        click.echo(_proposition_table(result))
    if errors:
        for row, found in result.errors():
            click.echo(f"[{row.split}] {row.text}\n    expected: {_listed(row.expected)}"
                       f"\n    found:    {_listed(found)}")


def _listed(items) -> str:
    return ", ".join(sorted(items)) or "-"


def _proposition_table(result) -> str:
    from ..eval.propositions import SPLITS

    lines = [f"{'split':<8}{'sentences':>10}{'accuracy':>10}{'P':>8}{'R':>8}{'F1':>8}"]
    for name in ("all", *SPLITS):
        part = result if name == "all" else result.split(name)
        if part.rows:
            lines.append(f"{name:<8}{len(part.rows):>10}{part.accuracy:>10.3f}"
                         f"{part.precision:>8.3f}{part.recall:>8.3f}{part.f1:>8.3f}")
    return "\n".join(lines)


@eval_group.command("stance")
@click.argument("path", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--split", type=click.Choice(["dev", "test"]),
              help="score one split only (develop on dev; test is held out)")
@click.option("--errors", is_flag=True, help="list the sentences it gets wrong")
@click.option("--json", "as_json", is_flag=True, help="print the metrics as JSON")
@pin_options("stance")
@pipeline_options
def stance_command(path: Path | None, split, errors, as_json, pin, lower_reason,
                   **params) -> None:
    """Score stance on our own sentence set (PATH, default tests/data/stances.tsv: sentence,
    holder, proposition, favor/against/neutral/none, split).

    Prints, per split: how often the proposition is found, holder accuracy, polarity
    accuracy and macro-F1 (favor/against/neutral) on rows matched on holder and proposition,
    end-to-end accuracy, the share of `none` rows left without a record, and the precision
    of the records. The set is ours, not an independent benchmark (docs/quality/stance.md).

    Example:

        sitroom eval stance --split dev --errors
    """
    from ..eval import stance as scorer
    from ..pipeline import Pipeline

    if pin and split is not None:
        raise click.UsageError("--pin measures the whole set; drop --split")
    path = path or scorer.DEFAULT_SET
    result = scorer.evaluate(Pipeline(options_from(params)), path, split=split)
    metrics = result.all_metrics()
    if pin:
        _pin("stance", metrics, [path], "sitroom eval stance --pin", lower_reason)
    if as_json:
        click.echo(json.dumps(metrics, indent=2))
    else:
        click.echo(_stance_table(result))
    if errors:
        click.echo(_stance_errors(result))


def _stance_table(result) -> str:
    from ..eval.stance import SPLITS

    names = ("found", "holder_accuracy", "polarity_accuracy", "macro_f1", "accuracy",
             "none_accuracy", "precision")
    heads = ("found", "holder", "polarity", "macroF1", "acc", "none", "prec")
    lines = [f"{'split':<6}{'items':>6}" + "".join(f"{h:>9}" for h in heads)]
    for name in ("all", *SPLITS):
        part = result if name == "all" else result.split(name)
        if part.items:
            metrics = part.metrics()
            lines.append(f"{name:<6}{len(part.items):>6}"
                         + "".join(f"{metrics[n]:>9.3f}" for n in names))
    return "\n".join(lines)


def _stance_errors(result) -> str:
    from ..eval.stance import LABELS, NONE

    lines = []
    for item in result.items:
        wrong = [r for r in item.rows if (r.stance == NONE) != (item.held(r) is None) or
                 (r.stance != NONE and item.held(r).polarity != LABELS[r.stance])]
        if wrong or item.unanswered():
            lines.append(f"[{item.split}] {item.rows[0].text}")
            lines += [f"    expected: {r.holder} {r.proposition} {r.stance}" for r in item.rows]
            lines += [f"    found:    {f.holder} {f.proposition} {f.polarity:+d}"
                      for f in item.found]
    return "\n".join(lines)


@eval_group.command("sourcing")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, help="score only the first N articles (by name)")
@click.option("--json", "as_json", is_flag=True, help="print the metrics as JSON")
@pin_options("sourcing")
@pipeline_options
def sourcing(directory: Path, limit, as_json, pin, lower_reason, **params) -> None:
    """Score sentence sourcing (quoted / attributed / unattributed) against labels derived
    from PolNeAR attributions (DIRECTORY as for `sitroom eval quotes`).

    A sentence is sourced in the gold when it overlaps an attribution's content; `all`
    counts every attribution, `speech` only reported speech (sitroom's own definition).
    Definitions: docs/quality/stance.md.

    Example:

        sitroom eval sourcing ../shared/data/quotes/polnear/data/dev
    """
    from ..eval import polnear
    from ..eval import sourcing as scorer
    from ..pipeline import Pipeline

    scores = scorer.evaluate(directory, Pipeline(options_from(params)), limit=limit)
    metrics = scores.metrics()
    if pin:
        _pin("sourcing", {k: v for k, v in metrics.items() if not k.endswith("share_mae")},
             polnear.files(directory), f"sitroom eval sourcing {directory} --pin",
             lower_reason)
    if as_json:
        click.echo(json.dumps({"articles": scores.articles, **metrics}, indent=2))
        return
    click.echo(_sourcing_table(scores))


def _sourcing_table(scores) -> str:
    lines = [f"PolNeAR sentence sourcing, {scores.articles} articles",
             f"{'gold':<8}{'sentences':>10}{'acc':>8}{'sourced':>9}{'unsrc P':>9}"
             f"{'unsrc R':>9}{'unsrc F1':>10}{'share MAE':>11}"]
    for name, c in scores.variants.items():
        lines.append(f"{name:<8}{c.sentences:>10}{c.accuracy:>8.3f}{c.sourced_accuracy:>9.3f}"
                     f"{c.unsourced_precision:>9.3f}{c.unsourced_recall:>9.3f}"
                     f"{c.unsourced_f1:>10.3f}{c.share_mae:>11.3f}")
    return "\n".join(lines)


@eval_group.command("causal")
@click.argument("folder", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--limit", type=int, help="score only the first N sentences")
@click.option("--json", "as_json", is_flag=True, help="print every metric as JSON")
@pin_options("causal")
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
    from ..eval import causal, require
    from ..pipeline import load_nlp

    folder = folder or require(causal.DEFAULT_DIR)
    metrics = causal.evaluate(load_nlp(options_from(params).model), folder, limit=limit)
    if pin:
        _pin("causal", {k: metrics[k] for k in CAUSAL_GATED}, causal.input_paths(folder),
             "sitroom eval causal --pin", lower_reason)
    _report(metrics, CAUSAL_GATED, as_json, f"CNC v2 train, {metrics['sentences']} sentences")


CAUSAL_GATED = ("sentence_f1", "sentence_mcc", "span_macro_f1", "span_exact_macro_f1",
                "cause_f1", "effect_f1", "signal_f1", "claims_precision", "claims_recall")


@eval_group.command("tone")
@click.argument("path", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--limit", type=int, help="score only the first N targets")
@click.option("--json", "as_json", is_flag=True, help="print every metric as JSON")
@pin_options("tone")
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
    from ..eval import require, tone
    from ..pipeline import load_nlp

    path = path or require(tone.DEFAULT_FILE)
    metrics = tone.evaluate(load_nlp(options_from(params).model), path, limit=limit)
    if pin:
        _pin("tone", {k: metrics[k] for k in TONE_GATED}, [path], "sitroom eval tone --pin",
             lower_reason)
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
from .corpus import eval_html  # noqa: E402  (defined with the corpus commands)

eval_group.add_command(eval_html)
