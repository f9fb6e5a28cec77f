"""Which candidate documents a Spark run analyses: the same decisions `sitroom ingest` takes.

Ingest reads its inputs in one order (inputs as given, files sorted, members in file order) and
decides each document in turn: a text stored before or met earlier in the run is an exact
duplicate; else a text whose MinHash is close enough to an original's is a near-duplicate
copy of the most similar one; else it is a new original. The first two rules only need the
order, which Spark computes with a window. The third is sequential (whether a text is an
original depends on the decisions before it), so it runs on the driver, with ingest's own
`NearDuplicates`, but only over the documents that can take part in it: those sharing at least
one LSH band with another document or with an original of an earlier run. Two signatures that
share no band are never compared by the LSH index, so every other document is an original and
the decisions are exactly those ingest would take.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from ..ingest.dedup import NearDuplicates

FIRST = "first"
ORDER = ("input", "parts", "member")
_COLLECT_AT_ONCE = 100_000  # documents sharing a band, sorted on the driver up to this


def with_order(frame: DataFrame) -> DataFrame:
    """The order ingest reads in: input, path components (as `sorted(Path)`), member."""
    return frame.withColumn("parts", F.split("file", "/"))


def exact(candidates: DataFrame, known: DataFrame) -> DataFrame:
    """Candidates with `outcome`: `duplicate` (stored before, or met earlier) or `first`."""
    window = Window.partitionBy("doc_id").orderBy(*ORDER)
    ranked = with_order(candidates).withColumn("rank", F.row_number().over(window))
    flagged = ranked.join(known.select(F.col("id").alias("doc_id"), F.lit(True).alias("known")),
                          "doc_id", "left")
    duplicate = (F.col("rank") > 1) | F.col("known").isNotNull()
    return flagged.withColumn("outcome", F.when(duplicate, "duplicate").otherwise(FIRST)) \
        .drop("rank", "known")


def near(spark: SparkSession, firsts: DataFrame, originals: DataFrame, threshold: float,
         stage) -> DataFrame:
    """(doc_id, duplicate_of, similarity) of the first occurrences that copy an original.

    `stage(name, frame)` materialises a frame; the documents that share an LSH band come to
    the driver in reading order, all at once when they are few, else a partition at a time.
    """
    index = NearDuplicates(threshold)
    new = firsts.where(F.col("signature").isNotNull()) \
        .select("doc_id", "signature", *ORDER, F.lit(False).alias("old"))
    old = originals.select("doc_id", F.col("minhash").alias("signature"),
                           *(F.lit(None).alias(c) for c in ORDER), F.lit(True).alias("old"))
    both = new.unionByName(old)
    keys = both.select("doc_id", F.posexplode(F.array(*(
        F.substring("signature", start * 4 + 1, (end - start) * 4)
        for start, end in index.bands))))
    colliding = keys.groupBy("pos", "col").agg(F.collect_list("doc_id").alias("ids")) \
        .where(F.size("ids") > 1).select(F.explode("ids").alias("doc_id")).distinct()
    involved = stage("involved", both.join(colliding, "doc_id", "left_semi"))
    copies = []
    for row in _in_order(involved):
        match = None if row["old"] else index.find(row["signature"])
        if match is None:
            index.add(row["doc_id"], row["signature"])
        else:
            copies.append((row["doc_id"], match.original, round(match.similarity, 4)))
    return spark.createDataFrame(copies, "doc_id string, duplicate_of string, similarity double")


def _in_order(involved: DataFrame):
    """Originals of earlier runs first, then the run's documents in reading order."""
    if involved.count() > _COLLECT_AT_ONCE:
        return involved.orderBy(F.col("old").desc(), *ORDER).toLocalIterator()
    return sorted(involved.collect(), key=lambda r: (0,) if r["old"] else
                  (1, r["input"], r["parts"], r["member"]))
