"""Corpus commands: `ingest`, the questions (`quotes`, `claims`, `sourcing`, `actors`,
`stance`, `events`, `search`, `sql`, `rejects`), `export` and `migrate`, all on one DuckDB
file (`--db`)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import sys
from pathlib import Path
from typing import Any

import click

from ..options import Options
from ..store import DEFAULT_DB, Result, Store
from .common import options_from, pipeline_options, stdout_is_terminal

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")
INPUT_FORMATS = ("text", "html", "json", "warc", "feed")
EXPORT_FORMATS = ("jsonl", "parquet", "csv", "gdelt-events", "graphml")
FIELD_NAMES = ("text", "html", "title", "url", "published", "outlet", "language")


def db_option(func):
    @click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
                  show_default=True, envvar="SITROOM_DB", help="corpus database file")
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def output_options(limit: int | None):
    """--format (table on a terminal, JSON when piped) and, for lists, --limit."""

    def decorate(func):
        @click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS),
                      help="output format [default: table on a terminal, json otherwise]")
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        if limit is not None:
            wrapper = click.option("--limit", type=int, default=limit, show_default=True,
                                   help="at most this many rows (0: all)")(wrapper)
        return wrapper

    return decorate


# --- ingest --------------------------------------------------------------------------------

@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("-j", "--jobs", type=int, default=0, show_default=True,
              help="worker processes (0: one per core)")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS),
              help="read every file as this format [default: by extension, else content]")
@click.option("--field", "fields", multiple=True, metavar="NAME=KEY",
              help=f"JSON key holding NAME ({', '.join(FIELD_NAMES)}), e.g. --field text=body")
@click.option("--near-threshold", type=click.FloatRange(0, 1, min_open=True), default=0.8,
              show_default=True, help="shingle similarity from which a text is a copy")
@click.option("--no-near-duplicates", is_flag=True, help="analyse near-duplicate copies too")
@click.option("--commit-every", type=click.IntRange(1), default=256, show_default=True,
              help="documents per transaction")
@click.option("--batch-size", type=click.IntRange(1), default=Options.batch_size,
              show_default=True, help="texts per spaCy batch and per task sent to a worker")
@click.option("--progress/--no-progress", default=None,
              help="progress bar [default: when stderr is a terminal]")
@pipeline_options
def ingest(paths, db, jobs, input_format, fields, near_threshold, no_near_duplicates,
           commit_every, progress, **params) -> None:
    """Read, analyse and store files and folders of news into the corpus database.

    Reads plain text, HTML pages, JSON/JSONL records, WARC/ARC archives and RSS/Atom feeds
    (gzipped or not). A document stored before (same text) is skipped; a near-identical
    copy is linked to its original instead of analysed again. Killed or interrupted, a rerun
    picks up where it stopped. Inputs that cannot be read are listed by `sitroom rejects`.

    Example:

        sitroom ingest news/ archive.warc.gz --db corpus.duckdb
    """
    from ..ingest.readers import Fields
    from ..ingest.run import ingest as run_ingest

    settings = dict(n_process=jobs, fmt=input_format, commit_every=commit_every,
                    fields=Fields().override(_pairs(fields)),
                    near_threshold=None if no_near_duplicates else near_threshold)
    show = sys.stderr.isatty() if progress is None else progress
    with Store(db, writable=True) as store, _ProgressBar(show) as on_progress:
        report = run_ingest(store, paths, options=options_from(params),
                            on_progress=on_progress, **settings)
    _report_ingest(report, db)


def _pairs(fields: tuple[str, ...], option: str = "--field") -> dict[str, str]:
    out = {}
    for item in fields:
        name, sep, key = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected NAME=KEY, not {item!r}", param_hint=option)
        out[name.strip()] = key.strip()
    return out


class _ProgressBar:
    """A rich progress bar on stderr: documents, rate, share of input bytes, ETA."""

    def __init__(self, show: bool):
        self.show = show
        self.progress = None

    def __enter__(self):
        if not self.show:
            return None
        from rich.console import Console
        from rich.progress import (BarColumn, Progress, TaskProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.progress = Progress(TextColumn("ingest"), BarColumn(), TaskProgressColumn(),
                                 TextColumn("{task.fields[docs]:,} docs"),
                                 TextColumn("{task.fields[rate]:.1f} docs/s"),
                                 TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=False)
        self.progress.start()
        self.task = self.progress.add_task("ingest", total=None, docs=0, rate=0.0)
        return self.update

    def update(self, report) -> None:
        self.progress.update(self.task, total=report.bytes_total or None,
                             completed=report.bytes_done, docs=report.documents,
                             rate=report.rate)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def _report_ingest(report, db: Path) -> None:
    click.echo(f"{report.stored:,} documents analysed and stored in {db} "
               f"({report.rate:.1f} documents/s over {report.elapsed:.1f} s)")
    click.echo(f"{report.duplicates:,} exact duplicates skipped, "
               f"{report.near_duplicates:,} near-duplicate copies linked to their original, "
               f"{report.skipped:,} inputs already stored by an earlier run")
    if report.rejected:
        click.echo(f"{report.rejected:,} inputs rejected: see `sitroom rejects --db {db}`")


# --- questions -----------------------------------------------------------------------------

@click.command()
@click.option("--speaker", help="who said it: a name, actor id or code (Putin, RUS, igo:NATO)")
@click.option("--about", help="what it is about: an actor or a word (NATO, sanctions)")
@click.option("--since", help="from this date (YYYY-MM-DD)")
@click.option("--until", help="up to and including this date (YYYY-MM-DD)")
@output_options(limit=50)
@db_option
def quotes(speaker, about, since, until, fmt, limit, db) -> None:
    """Quotes in the corpus, newest first, by speaker, topic and date.

    Example:

        sitroom quotes --speaker Putin --about NATO --since 2023-01-01
    """
    with Store(db) as store:
        result = store.quotes(speaker=speaker, about=about, since=since, until=until,
                              limit=limit)
    emit(result, fmt, show=("date", "speaker", "quote", "outlet", "doc_id"))


@click.command()
@click.option("--claimant", help="who claims it: a name, actor id or code, 'author' for the "
                                 "articles' own claims, or an unnamed speaker's words")
@click.option("--about", help="an actor or a word in the cause or the effect")
@click.option("--since", help="from this date (YYYY-MM-DD)")
@click.option("--until", help="up to and including this date (YYYY-MM-DD)")
@output_options(limit=50)
@db_option
def claims(claimant, about, since, until, fmt, limit, db) -> None:
    """Causal claims in the corpus, newest first: who claims what caused what.

    Example:

        sitroom claims --claimant Putin --about NATO
    """
    with Store(db) as store:
        result = store.claims(claimant=claimant, about=about, since=since, until=until,
                              limit=limit)
    emit(result, fmt, show=("date", "claimant", "cause", "signal", "effect", "outlet"))


@click.command()
@click.option("--by", type=click.Choice(("outlet", "document")), default="outlet",
              show_default=True, help="share per outlet, or per document")
@click.option("--since", help="from this date (YYYY-MM-DD)")
@click.option("--until", help="up to and including this date (YYYY-MM-DD)")
@output_options(limit=50)
@db_option
def sourcing(by, since, until, fmt, limit, db) -> None:
    """Which outlets (or documents) assert most without a source: quoted, attributed and
    unattributed sentences and the unattributed share, most unsourced first.

    Example:

        sitroom sourcing --by document --since 2024-01-01 --limit 20
    """
    with Store(db) as store:
        result = store.sourcing(by=by, since=since, until=until, limit=limit)
    emit(result, fmt, show=("title", "sentences", "quoted", "attributed", "unattributed",
                            "unsourced_share", "doc_id") if by == "document" else None)


@click.command()
@click.option("--name", help="only actors with this name, id or code")
@click.option("--kind", help="only actors of this kind (person, state, igo, ...)")
@output_options(limit=50)
@db_option
def actors(name, kind, fmt, limit, db) -> None:
    """Actors with their mentions, quotes, events and stances, most mentioned first.

    Example:

        sitroom actors --kind person --limit 20
    """
    with Store(db) as store:
        result = store.actors(name=name, kind=kind, limit=limit)
    emit(result, fmt)


@click.command()
@click.argument("proposition")
@click.option("--by", type=click.Choice(("day", "week", "month", "year", "all")),
              default="month", show_default=True, help="period to count per")
@output_options(limit=None)
@db_option
def stance(proposition, by, fmt, db) -> None:
    """Who is for and against a proposition, per period.

    Example:

        sitroom stance "membership(UKR, NATO)" --by year
    """
    with Store(db) as store:
        result = store.stance(proposition, by=by)
    emit(result, fmt)


@click.command()
@click.option("--dyad", help="SOURCE:TARGET actors, e.g. RUS:UKR (* for anyone)")
@click.option("--by", type=click.Choice(("day", "week", "month", "year", "all")),
              default="month", show_default=True, help="period to count per")
@click.option("--since", help="from this date (YYYY-MM-DD)")
@click.option("--until", help="up to and including this date (YYYY-MM-DD)")
@click.option("--include-negated", is_flag=True,
              help="count negated and hypothetical events too")
@output_options(limit=None)
@db_option
def events(dyad, by, since, until, include_negated, fmt, db) -> None:
    """Event counts, mean Goldstein score and quad classes per period.

    Example:

        sitroom events --dyad RUS:UKR --by month
    """
    with Store(db) as store:
        result = store.events(dyad=dyad, by=by, since=since, until=until,
                              include_negated=include_negated)
    emit(result, fmt)


@click.command()
@click.argument("text")
@click.option("--include-copies", is_flag=True, help="list near-duplicate copies too")
@output_options(limit=20)
@db_option
def search(text, include_copies, fmt, limit, db) -> None:
    """Documents containing every word of TEXT ("quoted phrases" stay together).

    Example:

        sitroom search '"peace talks" Istanbul'
    """
    with Store(db) as store:
        result = store.search(text, limit=limit, include_copies=include_copies)
    emit(result, fmt, show=("published", "outlet", "title", "snippet", "copies", "id"))


@click.command()
@click.argument("query")
@output_options(limit=None)
@db_option
def sql(query, fmt, db) -> None:
    """Run one read-only SQL query (SELECT) on the corpus tables.

    Writes, COPY, ATTACH, file readers (read_csv, ...) and settings are refused.

    Example:

        sitroom sql "SELECT outlet, count(*) FROM documents GROUP BY outlet"
    """
    with Store(db) as store:
        result = store.sql(query)
    emit(result, fmt)


@click.command()
@output_options(limit=0)
@db_option
def rejects(fmt, limit, db) -> None:
    """Inputs that could not be read or analysed, with the reason.

    Example:

        sitroom rejects --format csv > rejects.csv
    """
    with Store(db) as store:
        result = store.rejects(limit=limit)
    emit(result, fmt)


# --- export and migrate --------------------------------------------------------------------

@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="jsonl: one analysed document per line; parquet/csv: one file per table; "
                   "gdelt-events: GDELT 2.0 event TSV; graphml: the actor network")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="file to write, or folder for parquet/csv "
                   "[default: stdout; ./export for parquet/csv]")
@click.option("--table", help="parquet/csv: only this table, written to --output or stdout")
@click.option("--include-copies", is_flag=True, help="jsonl: near-duplicate copies too")
@click.option("--include-negated", is_flag=True,
              help="gdelt-events/graphml: negated and hypothetical events too")
@db_option
def export(fmt, output, table, include_copies, include_negated, db) -> None:
    """Export the corpus for other tools (pandas, Spark, Gephi, GDELT readers).

    Example:

        sitroom export --format graphml -o actors.graphml
    """
    from .. import export as exporting

    with Store(db) as store:
        if fmt in ("parquet", "csv"):
            _export_tables(store, fmt, output, table)
            return
        writers = {"jsonl": lambda out: exporting.write_jsonl(store, out,
                                                              include_copies=include_copies),
                   "gdelt-events": lambda out: exporting.write_gdelt_events(
                       store, out, include_negated=include_negated),
                   "graphml": lambda out: exporting.write_graphml(
                       store, out, include_negated=include_negated)}
        counted = _to_output(writers[fmt], output)
    if output is not None:
        click.echo(f"wrote {output} ({_counted(counted)})", err=True)


def _export_tables(store: Store, fmt: str, output: Path | None, table: str | None) -> None:
    from .. import export as exporting

    if table is None:
        folder = output or Path("export")
        counts = exporting.export_tables(store, fmt, folder)
        click.echo(f"wrote {len(counts)} tables to {folder}/ ({sum(counts.values()):,} rows)",
                   err=True)
        return
    if output is None and fmt == "parquet":
        raise click.UsageError("a parquet table needs --output FILE")
    target = output if output is not None else sys.stdout
    rows = exporting.write_table(store, table, fmt, target)
    click.echo(f"wrote {rows:,} rows of {table}", err=True)


def _to_output(write, output: Path | None):
    if output is None:
        return write(sys.stdout)
    with output.open("w", encoding="utf-8") as out:
        return write(out)


def _counted(counted) -> str:
    if isinstance(counted, tuple):
        return f"{counted[0]:,} nodes, {counted[1]:,} edges"
    return f"{counted:,} records"


@click.command()
@db_option
def migrate(db) -> None:
    """Bring a corpus database written by an older sitroom up to this version.

    Example:

        sitroom migrate --db corpus.duckdb
    """
    with Store(db, writable=True) as store:
        changes = store.changes
    click.echo("\n".join(changes) if changes else f"{db} is up to date")


# --- evaluation ----------------------------------------------------------------------------

@click.command("html")
@click.argument("path", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-j", "--jobs", type=int, default=1, show_default=True,
              help="worker processes for extraction")
@click.option("--pin", is_flag=True, help="pin the measured numbers as the gate's floors")
@output_options(limit=None)
def eval_html(path, jobs, pin, fmt) -> None:
    """Score HTML body extraction (token F1 against the true bodies) and check that the WARC
    copy of each page gives the same document. PATH holds html/ and warc/
    [default: ../shared/data/corpora].

    Example:

        sitroom eval html
    """
    import pyarrow as pa

    from ..eval import gate
    from ..eval.html_extraction import evaluate

    report = evaluate(path, n_process=jobs)
    metrics = report.metrics()
    if pin:
        gate.pin("html", metrics, report.inputs_digest, command="sitroom eval html --pin")
    checked = gate.check("html", metrics, report.inputs_digest)
    rows = [{"metric": k, "value": round(v, 4)} for k, v in metrics.items()]
    emit(Result(pa.Table.from_pylist(rows)), fmt)
    verdict = "passed" if checked.passed else "FAILED: " + "; ".join(checked.failures)
    if not checked.digest_matches:
        verdict += " (measured on other pages than the floors were pinned on)"
    click.echo(f"{len(report.pages)} pages; WARC gave the same document for "
               f"{report.warc_same} of {report.warc_pages}; gate: {verdict}", err=True)


# --- output --------------------------------------------------------------------------------

def emit(result: Result, fmt: str | None, *, show: tuple[str, ...] | None = None) -> None:
    """A result as a table on a terminal, else (or as asked) JSON, JSON lines or CSV."""
    fmt = fmt or ("table" if stdout_is_terminal() else "json")
    out = sys.stdout
    if fmt == "table":
        _table(result, show)
    elif fmt == "json":
        out.write(json.dumps(result.to_dicts(), ensure_ascii=False, indent=2, default=_plain)
                  + "\n")
    elif fmt == "jsonl":
        for row in result:
            out.write(json.dumps(row, ensure_ascii=False, default=_plain) + "\n")
    else:
        writer = csv.writer(out)
        writer.writerow(result.columns)
        writer.writerows([_csv_value(v) for v in row.values()] for row in result)


def _table(result: Result, show: tuple[str, ...] | None) -> None:
    import pyarrow as pa
    from rich.console import Console
    from rich.table import Table

    columns = [c for c in (show or result.columns) if c in result.columns]
    table = Table(show_lines=False, header_style="bold")
    for column in columns:
        numeric = pa.types.is_integer(kind := result.arrow.schema.field(column).type) or \
            pa.types.is_floating(kind)
        table.add_column(column, overflow="fold", justify="right" if numeric else "left")
    for row in result:
        table.add_row(*(_cell(row[c]) for c in columns))
    console = Console()
    console.print(table)
    hidden = len(result.columns) - len(columns)
    note = f"{len(result):,} rows" + (f"; --format json shows {hidden} more columns"
                                      if hidden else "")
    console.print(note, style="dim")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return "" if value is None else value


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


COMMANDS = (ingest, quotes, claims, sourcing, actors, stance, events, search, sql, rejects,
            export, migrate)
