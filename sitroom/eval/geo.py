"""Geoparsing evaluation on LGL and GeoVirus (../shared/data/geo).

Two ways, with the metric definitions used in the geoparsing literature:

- end to end: run the pipeline's places stage on each article; a gold toponym is *found* when
  a `Place` overlaps its span. recall = found / gold; for found toponyms, acc@161 = share
  resolved within 161 km (100 miles) of the gold point, and mean / median error in km;
  precision = share of our places that overlap a gold toponym.
- given the gold spans: resolve the gold names themselves (the other gold names of the
  article are the context), as resolvers such as Mordecai 3 are scored; acc@161 and errors
  over all gold toponyms, an unresolved one counting as a miss.

Only gold toponyms with coordinates count. Gold toponyms that are demonyms or adjectives
("Russian") are not toponyms by our definition; `recall_names` leaves them out.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from . import require
from ..geo.gazetteer import gazetteer, state_abbreviations
from ..geo.resolve import Toponym, distance_km, resolve
from ..options import Options

ACCURACY_KM = 161.0
SETS = {"lgl": "geo/lgl.xml", "geovirus": "geo/GeoVirus.xml"}
_ADJECTIVAL = re.compile(r"(?:an|ans|ian|ians|ese|ish|i|is|ic|ch)$")


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    url: str | None = None
    published: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # every gold toponym, with or without a point


def read(path: Path) -> list[GoldArticle]:
    """LGL (`<toponym>` with `<gaztag>`) or GeoVirus (`<location>`) articles."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise DataError(f"cannot read geoparsing gold {path}: {exc}") from exc
    articles = [_article(a, n) for n, a in enumerate(root.iter("article"))]
    return [a for a in articles if a.text]


def _article(node: ET.Element, number: int) -> GoldArticle:
    text = node.findtext("text") or ""
    gold = [_lgl(t) for t in node.iter("toponym")] + [_geovirus(t) for t in node.iter("location")]
    toponyms = tuple(a for a in (_aligned(text, g) for g in gold if g is not None) if a)
    url = node.findtext("url") or node.findtext("source")
    dltime = node.findtext("dltime")
    spans = tuple((int(n.findtext("start")), int(n.findtext("end")))
                  for n in [*node.iter("toponym"), *node.iter("location")])
    return GoldArticle(id=node.get("docid") or str(number), text=text, toponyms=toponyms,
                       url=url, published=dltime[:10] if dltime else None,
                       spans=spans + tuple((g.start, g.end) for g in toponyms))


def _aligned(text: str, gold: GoldToponym) -> GoldToponym | None:
    """The gold toponym with offsets that point at its name (GeoVirus's are off by one)."""
    for shift in (0, -1, 1, -2, 2):
        start = gold.start + shift
        if start >= 0 and text[start:start + len(gold.name)] == gold.name:
            return dataclasses.replace(gold, start=start, end=start + len(gold.name))
    return None


def _lgl(node: ET.Element) -> GoldToponym | None:
    tag = node.find("gaztag")
    if tag is None or tag.findtext("lat") is None:
        return None
    return GoldToponym(int(node.findtext("start")), int(node.findtext("end")),
                       node.findtext("phrase") or "", float(tag.findtext("lat")),
                       float(tag.findtext("lon")))


def _geovirus(node: ET.Element) -> GoldToponym | None:
    if node.findtext("lat") is None:
        return None
    return GoldToponym(int(node.findtext("start")), int(node.findtext("end")),
                       node.findtext("name") or "", float(node.findtext("lat")),
                       float(node.findtext("lon")))


def subset(articles: list[GoldArticle], every: int) -> list[GoldArticle]:
    """A fixed, deterministic share of the articles: every `every`-th one, from the first."""
    return articles[::every]


def is_adjectival(name: str) -> bool:
    """ "Russian", "Palestinians": a demonym, not a name of a place, unless a place has it."""
    return bool(_ADJECTIVAL.search(name)) and not gazetteer().candidates(name)


# --- scoring ------------------------------------------------------------------------------

@dataclass
class _Tally:
    gold: int = 0
    gold_names: int = 0
    predicted: int = 0
    correct_spans: int = 0
    found: int = 0
    found_names: int = 0
    within: int = 0
    errors: list[float] | None = None

    def __post_init__(self):
        self.errors = []

    def add(self, gold: GoldToponym, point: tuple[float, float] | None, found: bool) -> None:
        adjectival = is_adjectival(gold.name)
        self.gold += 1
        self.gold_names += not adjectival
        if not found:
            return
        self.found += 1
        self.found_names += not adjectival
        if point is None:
            return
        km = distance_km(gold.lat, gold.lon, *point)
        self.errors.append(km)
        self.within += km <= ACCURACY_KM

    def metrics(self, *, denominator: int) -> dict[str, float]:
        errors = self.errors or [0.0]
        return {"recall": _ratio(self.found, self.gold),
                "precision": _ratio(self.correct_spans, self.predicted),
                "recall_names": _ratio(self.found_names, self.gold_names),
                "acc161": _ratio(self.within, denominator),
                "mean_km": round(statistics.fmean(errors), 1),
                "median_km": round(statistics.median(errors), 1),
                "gold": self.gold, "found": self.found}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def end_to_end(articles: list[GoldArticle], options: Options | None = None) -> dict[str, float]:
    """Run the places stage on the articles and score what it found and where it put it."""
    from ..pipeline import Pipeline

    pipeline = Pipeline((options or Options()).replace(stages=("places",)))
    items = ({"text": a.text, "url": a.url, "published": a.published, "id": a.id}
             for a in articles)
    tally = _Tally()
    for article, analysis in zip(articles, pipeline.pipe(items), strict=True):
        for gold in article.toponyms:
            place = _overlapping(analysis.places, gold)
            point = (place.lat, place.lon) if place and place.lat is not None else None
            tally.add(gold, point, place is not None)
        tally.predicted += len(analysis.places)
        tally.correct_spans += sum(any(p.span.start < e and s < p.span.end
                                       for s, e in article.spans) for p in analysis.places)
    return tally.metrics(denominator=tally.found)


def _overlapping(places: Iterable, gold: GoldToponym):
    return next((p for p in places if p.span.start < gold.end and gold.start < p.span.end),
                None)


def given_spans(articles: list[GoldArticle]) -> dict[str, float]:
    """Resolve the gold names (the article's other gold names as context) and score them."""
    gaz = gazetteer()
    tally = _Tally()
    for article in articles:
        toponyms = list(_gold_toponyms(article))
        for gold, resolution in zip(article.toponyms, resolve(toponyms, gaz), strict=True):
            c = resolution.candidate
            tally.add(gold, (c.lat, c.lon) if c else None, True)
    metrics = tally.metrics(denominator=tally.gold)
    return {k: v for k, v in metrics.items() if k not in ("recall", "recall_names", "precision", "found")}


def _gold_toponyms(article: GoldArticle) -> Iterator[Toponym]:
    """The gold names with their qualifiers ("Paris, Texas": the next gold name after a comma,
    or a state abbreviation)."""
    starts = {g.start: g for g in article.toponyms}
    for gold in article.toponyms:
        after = re.match(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", article.text[gold.end:])
        if after is None:
            yield Toponym(gold.name)
            continue
        nxt = starts.get(gold.end + after.start(1))
        abbreviation = state_abbreviations().get(after.group(1).split()[0])
        yield Toponym(gold.name, qualifier=nxt.name if nxt else None,
                      qualifier_a1=abbreviation)


def evaluate(path: Path, *, every: int = 1, spans_only: bool = False,
             options: Options | None = None) -> dict[str, dict[str, float]]:
    """Both scores for one gold file (or only the gold-span one, which needs no parsing)."""
    articles = subset(read(path), every)
    result = {"given_spans": given_spans(articles)}
    if not spans_only:
        result["end_to_end"] = end_to_end(articles, options)
    return result


def default_paths() -> list[Path]:
    """The two gold files in the shared data folder (raises `DataError` when absent)."""
    return [require(relative) for relative in SETS.values()]


# Metrics the quality gate pins: the headline numbers of both ways of scoring.
GATED = {"end_to_end": ("recall", "precision", "acc161"), "given_spans": ("acc161",)}
GATE_EVERY = 3


def gate_metrics(results: dict[str, dict[str, dict[str, float]]]) -> dict[str, float]:
    """Flatten `{set: {way: metrics}}` into the gate's `set.way.metric` floors."""
    return {f"{name}.{way}.{metric}": value[way][metric]
            for name, value in results.items() for way, metrics in GATED.items()
            if way in value for metric in metrics}
