"""`run()`: the pipeline of `sitroom ingest` as a Spark job, from files to Parquet datasets.

    inputs --read (a task per file)--> items --skip inputs done before--> fresh items
      --extract--> candidates --triage (exact duplicates, near-duplicates)--> to analyse
      --analyse (spaCy, once per Python worker)--> rows of every table --stage--> commit

Each step's result is written to the run's staging folder and read back by the next, so no
step is computed twice (spaCy above all) and a failed run leaves nothing behind but its staging
folder. A run commits by moving its staged files into the datasets; a run that died while
moving is completed by the next one, and one that died before is deleted (see `commit`).
A rerun over the same inputs skips every input its log holds and writes nothing new.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as dt
import functools
import logging
import math
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema, from_arrow_type

from ..errors import ConfigError
from ..ingest.readers import Fields, ReadSettings
from ..ingest.run import check_reading
from ..ingest.sources import FORMATS as FILE_FORMATS
from ..options import Options
from ..store.schema import Table
from . import commit, dedupe, layout, worker
from .fs import HadoopFS

FORMATS = (*FILE_FORMATS, "parquet")
_WRITERS = 8  # tables written at once
_log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class SparkSettings:
    """How to run. `fmt` forces one input format ("parquet" reads Parquet datasets of article
    records); `partitions` 0 sizes them from the data (`docs_per_partition`) and the cores."""

    fields: Fields = Fields()
    fmt: str | None = None
    near_threshold: float | None = 0.8
    partitions: int = 0
    docs_per_partition: int = 1000

    def __post_init__(self) -> None:
        check_reading(self.fmt, self.near_threshold, FORMATS)
        if self.partitions < 0 or self.docs_per_partition < 1:
            raise ConfigError("partitions must be 0 or more, docs_per_partition 1 or more")


@dataclass
class SparkReport:
    """What one run did; `skipped` inputs were written by an earlier run."""

    run: str
    output: str
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    elapsed: float = 0.0
    started: float = field(default_factory=time.monotonic, repr=False)

    @property
    def documents(self) -> int:
        return self.stored + self.duplicates + self.near_duplicates + self.rejected

    @property
    def rate(self) -> float:
        return self.documents / self.elapsed if self.elapsed > 0 else 0.0

    def as_dict(self) -> dict:
        return {k: v for k, v in dataclasses.asdict(self).items() if k != "started"}


def run(spark: SparkSession, inputs: Iterable[str], output: str, *,
        options: Options | None = None, **settings) -> SparkReport:
    """Analyse every article under `inputs` (paths or Hadoop file-system URLs) into `output`.

    `settings` are those of `SparkSettings`. Inputs that cannot be read or analysed are
    written to the `rejects` dataset with the reason, never raised.
    """
    job = _Job(spark, output, options or Options(), SparkSettings(**settings))
    return job.run(list(inputs))


def spark_type(table: Table):
    return from_arrow_schema(table.schema)


class _Job:
    def __init__(self, spark: SparkSession, output: str, options: Options,
                 settings: SparkSettings):
        self.spark = spark
        self.options = options
        self.settings = settings
        self.fs = HadoopFS(spark, output)
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        self.now = now.isoformat(sep=" ")
        self.report = SparkReport(run=f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}",
                                  output=self.fs.root)
        self.stage_root = self.fs.join(layout.STAGING, self.report.run)
        self.cores = spark.sparkContext.defaultParallelism

    def run(self, inputs: list[str]) -> SparkReport:
        commit.recover(self.fs)
        items = self._items(inputs)
        total, skipped = items.agg(F.count("*"), F.count("skipped")).first()
        self.report.skipped = skipped
        if total > skipped:  # a rerun over the same inputs stops here, with an empty log
            self._process(items, total - skipped)
        self.report.elapsed = time.monotonic() - self.report.started
        commit.seal(self.fs, self.stage_root, self.report.as_dict())
        commit.commit(self.fs, self.stage_root)
        return self.report

    def _items(self, inputs: list[str]) -> DataFrame:
        """The articles in the inputs, each flagged `skipped` when an earlier run logged it."""
        done = self._existing("sources").select("source", "fingerprint").distinct() \
            .withColumn("skipped", F.lit(True))
        read = self._read(inputs).join(done, ["source", "fingerprint"], "left")
        # One file per Arrow batch: a batch holds whole files, which may be large.
        return self._stage("items", read, records_per_batch=1)

    def _process(self, items: DataFrame, fresh: int) -> None:
        """Extract, triage and analyse the fresh items; stage every table's rows."""
        triaged = self._stage("triaged", self._triage(self._extract(items, fresh)))
        counts = dict(triaged.groupBy("outcome").count().collect())
        analysed = self._analyse(triaged, counts.get("analyse", 0))
        self._count(counts, analysed)
        started = time.monotonic()
        self._write_tables(self._tables(triaged, analysed))
        _log.info("tables: %.1f s", time.monotonic() - started)

    def _extract(self, items: DataFrame, fresh: int) -> DataFrame:
        todo = items.where(F.col("skipped").isNull()).drop("skipped")
        extracted = todo.repartition(self._partitions(fresh)).mapInArrow(
            functools.partial(worker.extract_items, options=self.options),
            from_arrow_schema(worker.CANDIDATES))
        return self._stage("candidates", extracted)

    def _analyse(self, triaged: DataFrame, documents: int) -> DataFrame:
        todo = triaged.where(F.col("outcome") == "analyse").drop("parts")
        analysed = todo.repartition(self._partitions(documents)).mapInArrow(
            functools.partial(worker.analyse, options=self.options),
            from_arrow_schema(worker.ANALYSED))
        return self._stage("analysed", analysed)

    # --- reading ---------------------------------------------------------------------------

    def _read(self, inputs: list[str]) -> DataFrame:
        frames = []
        for number, given in enumerate(dict.fromkeys(inputs)):
            path = self.fs.qualify(given)
            if not self.fs.matches(path):
                frames.append(self._missing(number, given))
            elif self.settings.fmt == "parquet" or path.rstrip("/").endswith(".parquet"):
                frames.append(self._parquet(path, number))
            else:
                frames.append(self._files(path, number))
        return functools.reduce(DataFrame.unionByName, frames)

    def _files(self, path: str, number: int) -> DataFrame:
        files = self.spark.read.format("binaryFile").option("recursiveFileLookup", "true") \
            .load(path)
        files = files.select("path", "length", F.unix_micros("modificationTime").alias("mtime_us"),
                             "content", F.lit(number).alias("input"))
        settings = ReadSettings(fields=self.settings.fields, max_bytes=self.options.max_bytes)
        fmt = self.settings.fmt
        return files.mapInArrow(functools.partial(worker.read_files, settings=settings, fmt=fmt),
                                from_arrow_schema(worker.ITEMS))

    def _parquet(self, path: str, number: int) -> DataFrame:
        rows = self.spark.read.parquet(path)
        meta = zip(worker.PARQUET_META, (F.col("_metadata.file_path"),
                                         F.col("_metadata.row_index").cast("int"),
                                         F.col("_metadata.file_size"),
                                         F.unix_micros("_metadata.file_modification_time"),
                                         F.lit(number)))
        rows = rows.select("*", *(column.alias(name) for name, column in meta))
        settings = ReadSettings(fields=self.settings.fields, max_bytes=self.options.max_bytes)
        return rows.mapInArrow(functools.partial(worker.read_parquet_rows, settings=settings),
                               from_arrow_schema(worker.ITEMS))

    def _missing(self, number: int, given: str) -> DataFrame:
        row = {"input": number, "file": given, "member": 0, "source": given, "fingerprint": "",
               "payload": None, "error": "FileNotFoundError", "reason": "no such file or folder"}
        return self.spark.createDataFrame([row], from_arrow_schema(worker.ITEMS))

    # --- triage ----------------------------------------------------------------------------

    def _triage(self, candidates: DataFrame) -> DataFrame:
        """Every candidate with its outcome: rejected, duplicate, near-duplicate or analyse."""
        readable = candidates.where(F.col("doc_id").isNotNull())
        ranked = dedupe.exact(readable, self._existing("documents").select("id"))
        copies = self._near(ranked.where(F.col("outcome") == dedupe.FIRST))
        first = F.col("outcome") == dedupe.FIRST
        decided = ranked.join(copies, "doc_id", "left").withColumn(
            "outcome", F.when(first & F.col("duplicate_of").isNotNull(), "near-duplicate")
            .when(first, "analyse").otherwise(F.col("outcome")))
        unreadable = dedupe.with_order(candidates.where(F.col("doc_id").isNull())) \
            .withColumn("outcome", F.lit("rejected"))
        return decided.unionByName(unreadable, allowMissingColumns=True)

    def _near(self, firsts: DataFrame) -> DataFrame:
        threshold = self.settings.near_threshold
        if threshold is None:
            return self.spark.createDataFrame(
                [], "doc_id string, duplicate_of string, similarity double")
        started = time.monotonic()
        copies = dedupe.near(self.spark, firsts, self._existing("signatures"), threshold,
                             self._stage)
        _log.info("near-duplicates: %.1f s", time.monotonic() - started)
        return copies

    # --- tables ----------------------------------------------------------------------------

    def _tables(self, triaged: DataFrame, analysed: DataFrame) -> dict[str, DataFrame]:
        ok = analysed.where(F.col("error").isNull())
        tables = {name: ok.select(layout.MONTH, F.explode(name).alias("row"))
                  .select("row.*", layout.MONTH)
                  for name in layout.PER_DOCUMENT if name != "actors"}
        stored = triaged.where(F.col("outcome") == "analyse") \
            .join(ok.select("doc_id", "model"), "doc_id")
        tables["documents"] = self._documents(triaged, stored)
        tables["signatures"] = stored.where(F.col("signature").isNotNull()) \
            .select("doc_id", F.col("signature").alias("minhash"), layout.MONTH)
        tables["actors"] = self._actors(ok)
        tables["sources"] = self._sources(triaged, analysed)
        tables["rejects"] = tables["sources"].where(F.col("outcome") == "rejected")
        return tables

    def _documents(self, triaged: DataFrame, stored: DataFrame) -> DataFrame:
        copies = triaged.where(F.col("outcome") == "near-duplicate") \
            .withColumn("model", F.lit(None).cast("string"))
        both = stored.unionByName(copies, allowMissingColumns=True)
        return both.select("document.*", "model", "duplicate_of", "similarity", layout.MONTH,
                           F.lit(self.now).cast("timestamp_ntz").alias("ingested_at"))

    def _actors(self, ok: DataFrame) -> DataFrame:
        """Each actor once, as the first document in reading order has it, unless an earlier
        run wrote it (as ingest keeps the first version of an actor it stores)."""
        from pyspark.sql import Window

        used = dedupe.with_order(ok).select(*dedupe.ORDER, F.explode("actors").alias("row")) \
            .select("row.*", *dedupe.ORDER)
        window = Window.partitionBy("id").orderBy(*dedupe.ORDER)
        first = used.withColumn("rank", F.row_number().over(window)).where(F.col("rank") == 1)
        return first.join(self._existing("actors").select("id"), "id", "left_anti")

    def _sources(self, triaged: DataFrame, analysed: DataFrame) -> DataFrame:
        verdicts = analysed.select("doc_id", F.col("error").alias("failed"),
                                   F.col("reason").alias("why"))
        done = triaged.join(verdicts, "doc_id", "left")
        analysed_here = F.col("outcome") == "analyse"
        outcome = F.when(~analysed_here, F.col("outcome")) \
            .when(F.col("failed").isNotNull(), "rejected").otherwise("stored")
        return done.select(
            "source", "fingerprint", outcome.alias("outcome"),
            F.when(outcome != "rejected", F.col("doc_id")).alias("doc_id"),
            F.when(analysed_here, F.col("failed")).otherwise(F.col("error")).alias("error"),
            F.when(analysed_here, F.col("why")).otherwise(F.col("reason")).alias("reason"),
            F.lit(self.now).cast("timestamp_ntz").alias("logged_at"))

    def _write_table(self, name: str, frame: DataFrame) -> None:
        table = layout.TABLES[name]
        columns: list[Column] = [F.col(c.name).cast(from_arrow_type(c.arrow)).alias(c.name)
                                 for c in table.columns]
        writer = frame.select(*columns, *([layout.MONTH] if name in layout.BY_MONTH else [])) \
            .write.mode("overwrite")
        if name in layout.BY_MONTH:
            writer = writer.partitionBy(layout.MONTH)
        writer.parquet(commit.staged_table(self.stage_root, name))

    def _count(self, counts: dict[str, int], analysed: DataFrame) -> None:
        failed = analysed.where(F.col("error").isNotNull()).count()
        self.report.duplicates = counts.get("duplicate", 0)
        self.report.near_duplicates = counts.get("near-duplicate", 0)
        self.report.rejected = counts.get("rejected", 0) + failed
        self.report.stored = counts.get("analyse", 0) - failed

    def _write_tables(self, tables: dict[str, DataFrame]) -> None:
        """Write the tables as concurrent Spark jobs: each is small next to the analysis, and
        one after the other they would spend most of their time waiting to be scheduled."""
        with cf.ThreadPoolExecutor(_WRITERS) as pool:
            for done in [pool.submit(self._write_table, name, frame)
                         for name, frame in tables.items()]:
                done.result()

    # --- plumbing --------------------------------------------------------------------------

    def _stage(self, name: str, frame: DataFrame, *, records_per_batch: int | None = None):
        """Write `frame` to the run's staging folder and read it back: computed once."""
        batch = records_per_batch or self.options.batch_size
        self.spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
        path = self.fs.join(layout.STAGING, self.report.run, "steps", name)
        started = time.monotonic()
        frame.write.mode("overwrite").parquet(path)
        _log.info("step %s: %.1f s", name, time.monotonic() - started)
        return self.spark.read.parquet(path)

    def _existing(self, name: str) -> DataFrame:
        """A dataset of the output as earlier runs left it (empty on the first run)."""
        table = layout.TABLES[name]
        path = self.fs.join(name)
        if not any(True for _ in self.fs.files(path, ".parquet")):
            return self.spark.createDataFrame([], spark_type(table))
        return self.spark.read.schema(spark_type(table)).parquet(path)

    def _partitions(self, documents: int) -> int:
        if self.settings.partitions:
            return self.settings.partitions
        return max(2 * self.cores, math.ceil(documents / self.settings.docs_per_partition), 1)
