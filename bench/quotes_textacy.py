"""Our quotes against textacy's direct quotations, side by side: quality and CPU time.

Every article is parsed once with our spaCy pipeline (`sitroom.pipeline.load_nlp`, so the
line-break rule is the same for both); textacy 0.13's `extract.triples.direct_quotations`
and our quotes stage then read the same Docs.

Quality, on PolNeAR dev, scored by sitroom/eval/polnear.py exactly as `sitroom eval quotes`
scores us: (a) reported speech, (b) all attributions, and (q) attributions whose content is
in quote marks, the only kind textacy looks for. Speed, on PolNeAR dev and the first
--limit BBC News articles: CPU seconds of textacy's function, of our quotes stage alone and
of quotes with the stages it needs after the parse, each round interleaving them with a
fresh parse of the same texts (timed for scale, its Docs not used); medians over --rounds,
each as a share of the parse. Results: docs/benchmarks/quotes.md.

    pip install -e '.[bench]'
    .venv/bin/python bench/quotes_textacy.py --rounds 3 --json bench/output/quotes_textacy.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from spacy.tokens import Doc, Token

from sitroom.context import Findings
from sitroom.eval import data_root, polnear
from sitroom.pipeline import STAGES, Pipeline, make_document
from sitroom.records import Document
from sitroom.stages import Stage
from sitroom.stages.quotes import quotes

MISSING = "textacy is not installed: pip install -e '.[bench]'"
GROUPS = {"speech": "(a) reported speech", "all": "(b) all attributions",
          "quoted": "(q) content in quote marks"}
Triple = tuple[str, list[polnear.Attribution], list[polnear.Attribution]]


@dataclass
class Parsed:
    """One article and its Doc; `article` is its PolNeAR gold (None for BBC News)."""

    document: Document
    doc: Doc
    article: polnear.Article | None = None


# --- textacy ------------------------------------------------------------------------------

def textacy_extractor() -> Callable:
    """textacy's `direct_quotations`; exits with the install command when it is missing."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        raise SystemExit(MISSING) from None
    return direct_quotations


def textacy_quotes(extract: Callable, doc: Doc) -> tuple[list, bool]:
    """textacy's triples for `doc`, and whether it refused the Doc: it raises ValueError on
    an odd number of quote-mark tokens rather than guess which quotation is unclosed, so a
    refused Doc has no quotes at all."""
    try:
        return list(extract(doc)), False
    except ValueError:
        return [], True


def attribution(triple) -> polnear.Attribution:
    """A textacy DQTriple as the attribution the PolNeAR scorer compares: its content span
    (quote marks included; the scorer counts words only), its speaker and cue tokens as
    character ranges, and reported speech, since every triple is a direct quotation."""
    content = triple.content
    return polnear.Attribution(content=((content.start_char, content.end_char),),
                               source=runs(triple.speaker), cue=runs(triple.cue), speech=True)


def runs(tokens: Iterable[Token]) -> polnear.Offsets:
    """Character ranges of tokens in document order, adjacent tokens joined: textacy's
    speaker of "Smith and Jones said" is [Smith, Jones], two ranges."""
    out: list[tuple[int, int]] = []
    last = -2
    for token in tokens:
        end = token.idx + len(token)
        if token.i == last + 1:
            out[-1] = (out[-1][0], end)
        else:
            out.append((token.idx, end))
        last = token.i
    return tuple(out)


# --- ours -----------------------------------------------------------------------------------

def prerequisites(target: str) -> tuple[Stage, ...]:
    """The stages before `target` in STAGES that set what it needs, and what those need in
    turn (for quotes: places, actors, coref)."""
    position = [s.name for s in STAGES].index(target)
    needed = set(STAGES[position].needs)
    chosen = []
    for stage in reversed(STAGES[:position]):
        if needed & set(stage.sets):
            chosen.append(stage)
            needed |= set(stage.needs)
    return tuple(reversed(chosen))


def attach(item: Parsed) -> Findings:
    """Fresh findings on the item's Doc, as the pipeline starts every article."""
    found = Findings(document=item.document)
    item.doc._.sitroom = found
    return found


def our_quotes(item: Parsed, pipeline: Pipeline) -> Findings:
    found = attach(item)
    for stage in (*prerequisites("quotes"), quotes):
        stage(item.doc, pipeline.context)
    return found


# --- corpora ------------------------------------------------------------------------------

def parse(pipeline: Pipeline, documents: list[Document]) -> tuple[list[Doc], float]:
    """The Docs of `documents` and the CPU seconds the parse took."""
    start = time.process_time()
    docs = list(pipeline.nlp.pipe([d.text for d in documents],
                                  batch_size=pipeline.options.batch_size))
    return docs, time.process_time() - start


def polnear_items(folder: Path, pipeline: Pipeline) -> list[Parsed]:
    """PolNeAR articles made into Documents as `sitroom eval quotes` makes them, parsed."""
    articles = list(polnear.articles(folder))
    documents = [make_document({"id": a.name, "text": a.text}, pipeline.options)
                 for a in articles]
    docs, _ = parse(pipeline, documents)
    return [Parsed(d, doc, a) for d, doc, a in zip(documents, docs, articles, strict=True)]


def bbc_items(folder: Path, limit: int, pipeline: Pipeline) -> list[Parsed]:
    """The first `limit` BBC News articles by path, as bench/pipeline_speed.py reads them."""
    paths = sorted(folder.glob("*/*.txt"))[:limit]
    documents = [make_document({"id": p.stem, "text": p.read_text(encoding="utf-8",
                                                                  errors="replace")},
                               pipeline.options) for p in paths]
    docs, _ = parse(pipeline, documents)
    return [Parsed(d, doc) for d, doc in zip(documents, docs, strict=True)]


# --- quality ------------------------------------------------------------------------------

def quality(items: list[Parsed], pipeline: Pipeline, extract: Callable) -> dict:
    """Both systems on the same Docs, scored against PolNeAR by the same code."""
    judge = polnear.SpeechCueJudge(pipeline.nlp)
    ours: list[Triple] = []
    theirs: list[Triple] = []
    accepted: list[bool] = []
    for item in items:
        found = our_quotes(item, pipeline)
        ours.append(polnear.scored(item.article, item.document.text, found.quotes, judge))
        triples, refused = textacy_quotes(extract, item.doc)
        accepted.append(not refused)
        theirs.append(polnear.scored(item.article, item.document.text, triples, judge,
                                     convert=attribution))
    kept = [k for k, ok in enumerate(accepted) if ok]
    return {"articles": len(items), "textacy_refused_articles": len(items) - len(kept),
            "sitroom": groups(ours), "textacy": groups(theirs),
            "textacy_accepted": {"articles": len(kept),
                                 "sitroom": groups([ours[k] for k in kept]),
                                 "textacy": groups([theirs[k] for k in kept])}}


def groups(triples: list[Triple]) -> dict[str, dict]:
    """Counts and metrics of (a) and (b) as the scorer defines them, and of (q): the
    scorer's group (a) with every attribution, gold and predicted alike, regrouped by
    whether its content is in quote marks (`polnear.quoted`)."""
    usual = polnear.score(triples)
    by_marks = polnear.score((text, regroup(gold, text), regroup(predicted, text))
                             for text, gold, predicted in triples)
    return {"speech": summary(usual.speech), "all": summary(usual.all),
            "quoted": summary(by_marks.speech)}


def regroup(attributions: list[polnear.Attribution], text: str) -> list[polnear.Attribution]:
    return [replace(a, speech=polnear.quoted(a.content, text)) for a in attributions]


def summary(counts: polnear.Counts) -> dict[str, float]:
    metrics = ("precision", "recall", "f1", "source_accuracy")
    return {**asdict(counts), **{m: round(getattr(counts, m), 4) for m in metrics}}


# --- speed --------------------------------------------------------------------------------

def cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def our_cpu(items: list[Parsed], pipeline: Pipeline) -> tuple[float, float]:
    """CPU seconds of the stages quotes needs, then of quotes alone, on fresh findings."""
    for item in items:
        attach(item)
    chain, context = prerequisites("quotes"), pipeline.context
    before = cpu(lambda: [stage(i.doc, context) for i in items for stage in chain])
    alone = cpu(lambda: [quotes(i.doc, context) for i in items])
    return before, alone


def speed(items: list[Parsed], pipeline: Pipeline, extract: Callable, rounds: int) -> dict:
    """Median CPU seconds over interleaved rounds, shares of the parse and ratios."""
    seconds: dict[str, list[float]] = defaultdict(list)
    documents = [i.document for i in items]
    for _ in range(rounds):
        seconds["parse"].append(parse(pipeline, documents)[1])
        seconds["textacy"].append(cpu(lambda: [textacy_quotes(extract, i.doc) for i in items]))
        before, alone = our_cpu(items, pipeline)
        seconds["quotes"].append(alone)
        seconds["quotes_with_needs"].append(before + alone)
    median = {k: statistics.median(v) for k, v in seconds.items()}
    return {
        "articles": len(items), "tokens": sum(len(i.doc) for i in items),
        "textacy_refused_articles": sum(textacy_quotes(extract, i.doc)[1] for i in items),
        "cpu_seconds_median": median, "cpu_seconds_rounds": dict(seconds),
        "share_of_parse": {k: v / median["parse"] for k, v in median.items() if k != "parse"},
        "ours_over_textacy": {k: median[k] / median["textacy"]
                              for k in ("quotes", "quotes_with_needs")},
    }


# --- report -------------------------------------------------------------------------------

def quality_tables(report: dict) -> str:
    accepted = report["textacy_accepted"]
    return "\n\n".join([
        quality_table(f"PolNeAR dev, {report['articles']} articles (textacy refused "
                      f"{report['textacy_refused_articles']})", report),
        quality_table(f"PolNeAR dev, only the {accepted['articles']} articles textacy "
                      "accepted", accepted)])


def quality_table(title: str, report: dict) -> str:
    lines = [title, "",
             "| group | system | gold | predicted | precision | recall | F1 | source acc. |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for group, label in GROUPS.items():
        for system in ("sitroom", "textacy"):
            c = report[system][group]
            lines.append(f"| {label} | {system} | {c['gold']} | {c['predicted']} | "
                         f"{c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | "
                         f"{c['source_accuracy']:.3f} |")
    return "\n".join(lines)


def speed_table(name: str, report: dict) -> str:
    median, share = report["cpu_seconds_median"], report["share_of_parse"]
    lines = [f"{name}: {report['articles']} articles, {report['tokens']} tokens "
             f"(textacy refused {report['textacy_refused_articles']})", "",
             "| run | CPU s (median) | share of parse | / textacy |", "|---|---:|---:|---:|",
             f"| spaCy parse | {median['parse']:.2f} | 100% | |"]
    for key in ("textacy", "quotes", "quotes_with_needs"):
        ratio = median[key] / median["textacy"]
        lines.append(f"| {key} | {median[key]:.3f} | {100 * share[key]:.2f}% | {ratio:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=data_root() / "quotes/polnear/data/dev")
    parser.add_argument("--bbc", type=Path, default=data_root() / "corpora/bbc/data_raw")
    parser.add_argument("--limit", type=int, default=300, help="BBC News articles to time")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    extract = textacy_extractor()
    load_before = os.getloadavg()
    pipeline = Pipeline()
    dev = polnear_items(args.polnear, pipeline)
    report = {"rounds": args.rounds, "quality": quality(dev, pipeline, extract),
              "speed": {"polnear_dev": speed(dev, pipeline, extract, args.rounds)}}
    del dev
    bbc = bbc_items(args.bbc, args.limit, pipeline)
    report["speed"]["bbc"] = speed(bbc, pipeline, extract, args.rounds)
    report["load_average"] = {"before": load_before, "after": os.getloadavg()}
    print(quality_tables(report["quality"]), end="\n\n")
    for name, numbers in report["speed"].items():
        print(speed_table(name, numbers), end="\n\n")
    print(f"load average before {load_before}, after {report['load_average']['after']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
