"""PolNeAR (Newell et al., LREC 2018): read its brat standoff files and score attributions.

A PolNeAR split is a folder with `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann` (or
both side by side). An `.ann` file holds text-bound spans (`T3<TAB>Content 115 290;300 310`)
and events that tie them into one attribution (`E1<TAB>Attribution:T4 Content:T3 Cue:T2
Source:T1`). A few articles were annotated by several annotators; we read the file of the
annotator whose id sorts first, so every article counts once (docs/quality/quotes.md).

Scoring (the definitions are in docs/quality/quotes.md): a predicted attribution matches a
gold one when their content spans share at least half of the gold content's word tokens;
each side is matched at most once. The source is accurate on a match when the predicted
speaker span shares a word token with the gold source span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DataError

Offsets = tuple[tuple[int, int], ...]

_WORD = re.compile(r"\w+")
_ANN_SUFFIX = re.compile(r"^(?P<name>.+)_(?P<annotator>[0-9a-f]{4})$")
# Double quote marks, straight and curly, and the opening single curly mark (the closing
# one doubles as the apostrophe); two apostrophes are the New York Times' double mark.
_QUOTE_MARKS = set('"\u201c\u201d\u2018\u201e\u00ab\u00bb')
_APOSTROPHE_MARK = "''"
_CONTENT_ROLES = ("Content", "Content2")
# Capitalised words that do not name anyone (sentence-initial pronouns and determiners).
_NOT_NAMES = {"he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "this", "that",
              "these", "those", "who", "which", "his", "her", "its", "their", "our", "my",
              "some", "many", "most", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president"}


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """One attribution, gold or predicted, as character offsets into the article text."""

    content: Offsets
    source: Offsets = ()
    cue: Offsets = ()
    # True when it is reported speech (group (a)); for gold it is set by `reported_speech`.
    speech: bool = False


@dataclass(frozen=True, kw_only=True)
class Article:
    name: str
    annotator: str
    text: str
    attributions: tuple[Attribution, ...]


@dataclass(kw_only=True)
class Counts:
    """Match counts for one group, summed over articles."""

    predicted: int = 0
    predicted_matched: int = 0
    gold: int = 0
    gold_matched: int = 0
    sourced: int = 0
    source_correct: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def source_accuracy(self) -> float:
        return self.source_correct / self.sourced if self.sourced else 0.0


@dataclass(kw_only=True)
class Scores:
    """Counts for (a) reported speech and (b) all attributions."""

    speech: Counts = field(default_factory=Counts)
    all: Counts = field(default_factory=Counts)
    articles: int = 0

    def metrics(self) -> dict[str, float]:
        out = {}
        for group, counts in (("speech", self.speech), ("all", self.all)):
            for metric in ("precision", "recall", "f1", "source_accuracy"):
                out[f"{group}_{metric}"] = round(getattr(counts, metric), 4)
        return out


# --- reading ------------------------------------------------------------------------------

def articles(directory: str | Path) -> Iterator[Article]:
    """The articles of one PolNeAR split, in name order, one annotator file each."""
    root = Path(directory)
    texts = root / "text" if (root / "text").is_dir() else root
    anns = root / "attributions" if (root / "attributions").is_dir() else root
    chosen = _first_annotator(anns)
    if not chosen:
        raise DataError(f"no PolNeAR .ann files in {anns}")
    for name, (annotator, path) in sorted(chosen.items()):
        text_path = texts / f"{name}.txt"
        if not text_path.is_file():
            raise DataError(f"PolNeAR annotation {path.name} has no text file {text_path}")
        text = text_path.read_text(encoding="utf-8")
        yield Article(name=name, annotator=annotator, text=text,
                      attributions=tuple(read_ann(path.read_text(encoding="utf-8"))))


def files(directory: str | Path) -> list[Path]:
    """Every file the scores depend on (for the quality gate's input digest)."""
    root = Path(directory)
    texts = root / "text" if (root / "text").is_dir() else root
    anns = root / "attributions" if (root / "attributions").is_dir() else root
    chosen = _first_annotator(anns)
    return sorted([p for _, p in chosen.values()] + [texts / f"{n}.txt" for n in chosen])


def _first_annotator(folder: Path) -> dict[str, tuple[str, Path]]:
    chosen: dict[str, tuple[str, Path]] = {}
    for path in sorted(folder.glob("*.ann")):
        match = _ANN_SUFFIX.match(path.stem)
        name, annotator = (match["name"], match["annotator"]) if match else (path.stem, "")
        chosen.setdefault(name, (annotator, path))
    return chosen


def read_ann(content: str) -> list[Attribution]:
    """Attributions of one brat `.ann` file; those without a content span are left out."""
    spans: dict[str, Offsets] = {}
    events: list[dict[str, list[str]]] = []
    for line in content.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue  # the continuation of an annotation text that held a line break
        if fields[0].startswith("T"):
            offsets = _offsets(fields[1])
            if offsets:
                spans[fields[0]] = offsets
        elif fields[0].startswith("E"):
            events.append(_roles(fields[1]))
    return [a for a in (_attribution(e, spans) for e in events) if a.content]


def _offsets(field_: str) -> Offsets:
    _, _, ranges = field_.partition(" ")
    out = []
    for part in ranges.split(";"):
        bounds = part.split()
        if len(bounds) == 2 and all(b.isdigit() for b in bounds):
            out.append((int(bounds[0]), int(bounds[1])))
    return tuple(out)


def _roles(field_: str) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for item in field_.split():
        role, _, ref = item.partition(":")
        roles.setdefault(role, []).append(ref)
    return roles


def _attribution(roles: dict[str, list[str]], spans: dict[str, Offsets]) -> Attribution:
    def gather(*names: str) -> Offsets:
        refs = [r for n in names for r in roles.get(n, ())]
        return tuple(sorted(o for r in refs for o in spans.get(r, ())))

    return Attribution(content=gather(*_CONTENT_ROLES), source=gather("Source"),
                       cue=gather("Cue"))


# --- grouping -----------------------------------------------------------------------------

def reported_speech(gold: Attribution, text: str, speech_cue: Callable[[str], bool]) -> bool:
    """Group (a): the cue is a verb of speaking or writing or "according to" (as judged by
    `speech_cue` on the cue's text), or the content is in quote marks."""
    cue = " ".join(text[s:e] for s, e in gold.cue)
    return bool(cue) and speech_cue(cue) or quoted(gold.content, text)


def quoted(content: Offsets, text: str) -> bool:
    """Whether a quote mark opens or closes inside the content or right at its edges."""
    for start, end in content:
        near, wide = text[max(0, start - 1):end + 1], text[max(0, start - 2):end + 2]
        if any(ch in _QUOTE_MARKS for ch in near) or _APOSTROPHE_MARK in wide:
            return True
    return False


# --- scoring ------------------------------------------------------------------------------

def words(offsets: Offsets, text: str) -> set[int]:
    """The word tokens (runs of letters and digits) a set of spans touches, by start offset."""
    out: set[int] = set()
    for start, end in offsets:
        for match in _WORD.finditer(text, max(0, start - 40), end):
            if match.start() < end and match.end() > start:
                out.add(match.start())
    return out


def match(gold: list[Attribution], predicted: list[Attribution], text: str
          ) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), the largest overlaps first."""
    gold_words = [words(g.content, text) for g in gold]
    pred_words = [words(p.content, text) for p in predicted]
    candidates = []
    for gi, gw in enumerate(gold_words):
        for pi, pw in enumerate(pred_words):
            shared = len(gw & pw)
            if gw and 2 * shared >= len(gw):
                candidates.append((-shared, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def source_correct(gold: Attribution, predicted: Attribution, text: str) -> bool:
    """The predicted speaker is the gold source mention, or names the same source
    elsewhere in the article ("Sanders" for "Sen. Bernie Sanders")."""
    return source_overlaps(gold, predicted, text) or bool(
        _names(gold.source, text) & _names(predicted.source, text))


def source_overlaps(gold: Attribution, predicted: Attribution, text: str) -> bool:
    return bool(words(gold.source, text) & words(predicted.source, text))


def _names(offsets: Offsets, text: str) -> set[str]:
    """Capitalised words of a mention that are not function words: its names."""
    found = set()
    for start, end in offsets:
        for match in _WORD.finditer(text, start, end):
            word = match.group()
            if word[0].isupper() and word.lower() not in _NOT_NAMES:
                found.add(word.lower())
    return found


def score_article(scores: Scores, text: str, gold: list[Attribution],
                  predicted: list[Attribution]) -> None:
    """Add one article's counts to `scores`."""
    pairs = match(gold, predicted, text)
    scores.articles += 1
    for counts, in_group in ((scores.all, lambda a: True), (scores.speech, _is_speech)):
        counts.gold += sum(1 for g in gold if in_group(g))
        counts.predicted += sum(1 for p in predicted if in_group(p))
        for gi, pi in pairs:
            g, p = gold[gi], predicted[pi]
            counts.gold_matched += in_group(g)
            counts.predicted_matched += in_group(p)
            if in_group(g) and g.source:
                counts.sourced += 1
                counts.source_correct += source_correct(g, p, text)


def _is_speech(attribution: Attribution) -> bool:
    return attribution.speech


def score(items: Iterable[tuple[str, list[Attribution], list[Attribution]]]) -> Scores:
    """Score `(text, gold, predicted)` triples, one per article."""
    scores = Scores()
    for text, gold, predicted in items:
        score_article(scores, text, gold, predicted)
    return scores


# --- running sitroom over a split ---------------------------------------------------------

def evaluate(directory: str | Path, pipeline, *, limit: int | None = None) -> Scores:
    """Run `pipeline` over a PolNeAR split and score its quotes against the gold."""
    gold_articles = list(articles(directory))[:limit]
    items = ({"id": a.name, "text": a.text} for a in gold_articles)
    judge = SpeechCueJudge(pipeline.nlp)
    triples = [scored(article, analysis.document.text, analysis.quotes, judge)
               for article, analysis in zip(gold_articles, pipeline.pipe(items), strict=True)]
    return score(triples)


def scored(article: Article, analysed_text: str, quotes, judge: SpeechCueJudge,
           convert: Callable[[Any], Attribution] | None = None
           ) -> tuple[str, list[Attribution], list[Attribution]]:
    """The `(text, gold, predicted)` triple of one article, gold grouped by `judge`, the
    predicted `quotes` moved onto the gold text. `convert` turns one of `quotes` into an
    attribution in the analysed text's offsets (default `predicted`, for sitroom quotes;
    bench/quotes_textacy.py passes another extractor's output)."""
    shift = _offset_map(analysed_text, article.text)
    gold = [_with_group(g, reported_speech(g, article.text, judge))
            for g in article.attributions]
    to_attribution = convert or predicted
    return article.text, gold, [_moved(to_attribution(q), shift) for q in quotes]


def predicted(quote) -> Attribution:
    """A sitroom `Quote` as an attribution to score; reported speech when it is quoted or
    its cue is a verb of speaking or writing (or "according to")."""
    return Attribution(content=tuple((s.start, s.end) for s in quote.content),
                       source=((quote.speaker.start, quote.speaker.end),) if quote.speaker
                       else (),
                       cue=((quote.cue.start, quote.cue.end),) if quote.cue else (),
                       speech=quote.kind in ("direct", "mixed") or quote.cue_type == "speech")


def _offset_map(analysed: str, original: str) -> list[int] | None:
    """Offsets in the analysed text -> offsets in the gold text, when sitroom's input
    normalisation (Unicode NFC) changed the text; None when it did not."""
    if analysed == original:
        return None
    import difflib

    shift = list(range(len(analysed) + 1))
    matcher = difflib.SequenceMatcher(None, analysed, original, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for k in range(a0, a1 + 1):
            shift[k] = b0 + min(k - a0, b1 - b0) if tag != "equal" else b0 + (k - a0)
    return shift


def _moved(attribution: Attribution, shift: list[int] | None) -> Attribution:
    if shift is None:
        return attribution

    def move(offsets: Offsets) -> Offsets:
        return tuple((shift[s], shift[e]) for s, e in offsets)

    return Attribution(content=move(attribution.content), source=move(attribution.source),
                       cue=move(attribution.cue), speech=attribution.speech)


def _with_group(gold: Attribution, speech: bool) -> Attribution:
    return Attribution(content=gold.content, source=gold.source, cue=gold.cue, speech=speech)


class SpeechCueJudge:
    """Whether a gold cue's words include a verb or noun of speaking or writing, by the
    lemmas spaCy gives them, or "according to"."""

    def __init__(self, nlp):
        from ..stages.cues import lexicon

        self.nlp, self.lexicon, self.cache = nlp, lexicon(), {}

    def __call__(self, cue: str) -> bool:
        key = cue.lower()
        if key not in self.cache:
            self.cache[key] = "according to" in key or any(
                self.lexicon.is_speech(t.lemma_.lower()) for t in self._tag(cue))
        return self.cache[key]

    def _tag(self, text: str):
        with self.nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "attribute_ruler",
                                                      "lemmatizer") if p in self.nlp.pipe_names]):
            return self.nlp(text)
