"""How much the claims and tone stages add to the spaCy parse, on BBC News articles.

    python bench/claims_tone_speed.py [N_ARTICLES] [BBC_FOLDER]

Parses N articles (default 200) from ../shared/data/corpora/bbc/data_raw once, runs the
stages before claims on them, then times the claims and the tone stage alone over the same
Docs. Prints CPU seconds (process time, so that other work on the machine does not
blur them) and each stage's share of parse time. Results: docs/benchmarks/claims_tone.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sitroom.context import Findings
from sitroom.eval import data_root
from sitroom.pipeline import Pipeline, STAGES, make_document
from sitroom.stages import claims, tone


def articles(folder: Path, n: int) -> list[str]:
    paths = sorted(folder.glob("*/*.txt"))[::7][:n]  # every 7th: a spread over all sections
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def main(n: int, folder: Path) -> None:
    pipeline = Pipeline()
    texts = articles(folder, n)
    documents = [make_document({"text": t}, pipeline.options) for t in texts]
    started = time.process_time()
    docs = list(pipeline.nlp.pipe([d.text for d in documents], batch_size=64))
    parse = time.process_time() - started
    for doc, document in zip(docs, documents, strict=True):
        doc._.sitroom = Findings(document=document)
        for stage in STAGES:
            if stage.name in ("claims", "tone"):
                break
            stage(doc, pipeline.context)
    claims.sentence_model(), tone.actor_model(), tone.lexicon()  # loaded once per process
    timings = {name: _time(stage, docs, pipeline.context)
               for name, stage in (("claims", claims.claims), ("tone", tone.tone))}
    words = sum(len(doc) for doc in docs)
    print(f"{len(docs)} BBC articles, {words} tokens; parse {parse:.2f} s")
    for name, seconds in timings.items():
        print(f"{name:<7}{seconds:.3f} s  = {100 * seconds / parse:.2f}% of parse time")


def _time(stage, docs, context) -> float:
    started = time.process_time()
    for doc in docs:
        stage(doc, context)
    return time.process_time() - started


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    where = Path(sys.argv[2]) if len(sys.argv) > 2 else data_root() / "corpora/bbc/data_raw"
    main(count, where)
