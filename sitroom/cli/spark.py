"""`sitroom spark` (the ingest pipeline on Apache Spark) and `sitroom load` (its Parquet output
into the DuckDB store). Neither imports pyspark until it runs; `load` never does."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError
from ..options import Options
from ..store import Store
from .common import options_from, pipeline_options
from .corpus import FIELD_NAMES, INPUT_FORMATS, _pairs, db_option


@click.command("spark")
@click.argument("paths", nargs=-1, required=True)
@click.option("--master", help="Spark master URL, e.g. local[4] or yarn "
                               "[default: local[*]; spark-submit's under spark-submit]")
@click.option("--input-format", type=click.Choice((*INPUT_FORMATS, "parquet")),
              help="read every input as this format [default: .parquet inputs as Parquet, "
                   "other files by extension, else content]")
@click.option("--field", "fields", multiple=True, metavar="NAME=KEY",
              help=f"JSON/Parquet key holding NAME ({', '.join(FIELD_NAMES)}), "
                   "e.g. --field text=body")
@click.option("--near-threshold", type=click.FloatRange(0, 1, min_open=True), default=0.8,
              show_default=True, help="shingle similarity from which a text is a copy")
@click.option("--no-near-duplicates", is_flag=True, help="analyse near-duplicate copies too")
@click.option("--partitions", type=click.IntRange(0), default=0, show_default=True,
              help="Spark partitions for extraction and analysis (0: from the data and cores)")
@click.option("--docs-per-partition", type=click.IntRange(1), default=1000, show_default=True,
              help="documents per partition when --partitions is 0")
@click.option("--batch-size", type=click.IntRange(1), default=Options.batch_size,
              show_default=True, help="texts per spaCy batch and per Arrow batch")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE",
              help="a Spark setting, e.g. --conf spark.executor.memory=4g")
@pipeline_options
def spark(paths, master, input_format, fields, near_threshold, no_near_duplicates, partitions,
          docs_per_partition, confs, **params) -> None:
    """Run the ingest pipeline on Apache Spark: INPUT... in, Parquet datasets in OUTPUT.

    The last path is OUTPUT; the others are files, folders or globs, local or on any Hadoop
    file system (hdfs://, s3a://, gs://, abfss://): JSON/JSONL, Parquet, text, HTML, WARC
    and feeds, as `sitroom ingest` reads them. OUTPUT gets one Parquet dataset per store
    table, partitioned by publication month, plus `rejects`. Rerun over the same inputs, it
    adds nothing twice. Needs `pip install 'sitroom[spark]'` and Java 17.

    Example:

        sitroom spark news/ crawl.warc.gz out/ --master 'local[4]'
    """
    if len(paths) < 2:
        raise click.UsageError("give at least one INPUT and the OUTPUT folder")
    *inputs, output = paths
    settings = dict(fmt=input_format, fields=_fields(fields), partitions=partitions,
                    near_threshold=None if no_near_duplicates else near_threshold,
                    docs_per_partition=docs_per_partition)
    options = options_from(params)
    run, session = _spark()
    report = run(session(master, _pairs(confs, "--conf")), inputs, output,
                 options=options, **settings)
    click.echo(f"{report.stored:,} documents analysed and written to {report.output} "
               f"({report.rate:.1f} documents/s over {report.elapsed:.1f} s, run {report.run})")
    click.echo(f"{report.duplicates:,} exact duplicates skipped, {report.near_duplicates:,} "
               f"near-duplicate copies linked to their original, {report.skipped:,} inputs "
               f"already written by an earlier run")
    if report.rejected:
        click.echo(f"{report.rejected:,} inputs rejected: see {report.output}/rejects")


@click.command("load")
@click.argument("output")
@db_option
def load(output, db: Path) -> None:
    """Load the Parquet output of `sitroom spark` into the corpus database.

    Documents the database already holds are skipped with all their records, so loading
    twice (or an output overlapping an ingest) stores each document once. DuckDB can also
    query the Parquet in place: see docs/spark.md.

    Example:

        sitroom load out/ --db corpus.duckdb
    """
    from ..spark.duckdb_load import load as load_output

    with Store(db, writable=True) as store:
        report = load_output(output, store)
    rows = sum(n for name, n in report.rows.items() if name != "documents")
    click.echo(f"{report.documents:,} documents loaded into {db} with {rows:,} other rows; "
               f"{report.already_stored:,} were there already")


def _fields(fields: tuple[str, ...]):
    from ..ingest.readers import Fields

    return Fields().override(_pairs(fields))


def _spark():
    try:
        from ..spark import job, start
    except ImportError as exc:
        raise ConfigError(f"sitroom spark needs pyspark ({exc.name} is missing): "
                          f"pip install 'sitroom[spark]'") from None
    return job.run, start.session


COMMANDS = (spark, load)
