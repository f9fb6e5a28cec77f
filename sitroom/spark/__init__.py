"""The same pipeline on Apache Spark (`pip install 'sitroom[spark]'`).

    >>> from sitroom.spark import run, session
    >>> report = run(session("local[2]"), ["s3a://news/cc-news/2023/"], "s3a://news/sitroom/")

`run()` writes one Parquet dataset per store table, partitioned by publication month (layout in
`sitroom.spark.layout`); `load()` brings such an output into a DuckDB store. Importing this
package does not import pyspark, and `load` never needs it.
"""

from __future__ import annotations

__all__ = ["SparkReport", "SparkSettings", "load", "run", "session"]


def __getattr__(name: str):
    if name in ("run", "SparkReport", "SparkSettings"):
        from . import job

        return getattr(job, name)
    if name == "session":
        from .start import session

        return session
    if name == "load":
        from .duckdb_load import load

        return load
    raise AttributeError(f"module 'sitroom.spark' has no attribute {name!r}")
