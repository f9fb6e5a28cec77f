"""A SparkSession set up for sitroom: local, or the cluster `spark-submit` chose."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from collections.abc import Mapping

_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
DEFAULT_CONF: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    # Parquet timestamps as the store has them: microseconds, no time zone (not INT96).
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    **{f"spark.executorEnv.{var}": "1" for var in _THREADS},
}


def session(master: str | None = None, conf: Mapping[str, str] | None = None):
    """The running SparkSession, or a new one on `master` (default `local[*]`).

    Under `spark-submit` the master and resources are spark-submit's: `master` is ignored.
    Run locally, Python workers use this interpreter, so they import what it imports (without
    it they look for `python3` on the PATH and fail with `No module named spacy`).
    """
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    builder = SparkSession.builder.appName("sitroom")
    if not submitted:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        _importable_by_workers()
        builder = builder.master(master or "local[*]")
    for key, value in {**DEFAULT_CONF, **(conf or {})}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def _importable_by_workers() -> None:
    """Put this sitroom on the workers' PYTHONPATH, so a checkout that is not installed works."""
    home = str(Path(__file__).resolve().parents[2])
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if home not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [home, *paths] if p)
