"""HTML body extraction quality, and WARC/HTML agreement, on ../shared/data/corpora.

The pages go through the same readers and extraction as `sitroom ingest`. Quality is body-text
token F1 against the true article body of each page (`ground-truth.json`): tokens are lowercased
words, and each CJK character counts as one token (those scripts put no spaces between words);
precision, recall and F1 are computed per page on token multisets and averaged over pages, a
page whose extraction failed scoring 0. Agreement is the share of pages whose WARC record
yields the very same document (same id, same text) as the page's HTML file.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..ingest.extract import Extractor
from ..ingest.items import Candidate
from ..ingest.readers import ReadSettings, read
from ..ingest.sources import discover
from ..options import Options
from . import require
from .gate import digest

HTML_DIR = "corpora/html"
WARC_DIR = "corpora/warc"
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|"
                    r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")


@dataclass(frozen=True)
class PageScore:
    page: str
    precision: float
    recall: float
    f1: float
    extracted: bool


@dataclass(frozen=True)
class HtmlReport:
    pages: tuple[PageScore, ...]
    warc_same: int
    warc_pages: int
    inputs_digest: str

    def metrics(self) -> dict[str, float]:
        return {"precision": _mean(p.precision for p in self.pages),
                "recall": _mean(p.recall for p in self.pages),
                "f1": _mean(p.f1 for p in self.pages),
                "median_f1": statistics.median(p.f1 for p in self.pages),
                "extracted": _mean(float(p.extracted) for p in self.pages),
                "warc_agreement": self.warc_same / max(1, self.warc_pages)}


def tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(text.casefold()))


def token_prf(extracted: str, truth: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the extracted text's tokens against the true body's."""
    got, want = tokens(extracted), tokens(truth)
    common = sum((got & want).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def evaluate(root: Path | None = None, *, n_process: int = 1) -> HtmlReport:
    """Score extraction on every page of the HTML set and check the WARC yields the same."""
    html_dir = Path(root) / "html" if root else require(HTML_DIR)
    warc_dir = html_dir.parent / "warc"
    truth_path = html_dir / "ground-truth.json"
    if not truth_path.is_file():
        raise DataError(f"no ground-truth.json in {html_dir}")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    from_html = _documents(html_dir / "html", n_process)
    by_page = {Path(source).name.split(".")[0]: doc for source, doc in from_html.items()}
    pages = tuple(_score(page, by_page.get(page), item["articleBody"])
                  for page, item in sorted(truth.items()))
    same, total = _warc_agreement(warc_dir, from_html, n_process)
    files = [truth_path, *sorted((html_dir / "html").glob("*.html.gz"))]
    return HtmlReport(pages, same, total, digest(files))


def _score(page: str, document, truth: str) -> PageScore:
    if document is None:
        return PageScore(page, 0.0, 0.0, 0.0, False)
    return PageScore(page, *token_prf(document.text, truth), True)


def _warc_agreement(warc_dir: Path, from_html: dict, n_process: int) -> tuple[int, int]:
    if not warc_dir.is_dir():
        raise DataError(f"no WARC folder at {warc_dir}")
    html_docs = {doc.id: doc.text for doc in from_html.values()}
    from_warc = _documents(warc_dir, n_process)
    same = sum(1 for doc in from_warc.values() if html_docs.get(doc.id) == doc.text)
    return same, max(len(from_html), len(from_warc))


def _documents(folder: Path, n_process: int) -> dict:
    """source -> Document for every page under `folder`, read as `sitroom ingest` reads it."""
    options = Options()
    settings = ReadSettings(max_bytes=options.max_bytes)
    items = (item for unit in discover([folder]) for item in read(unit, settings, set()))
    with Extractor(options, n_process) as extractor:
        return {c.source: c.document for c in extractor.map(items) if isinstance(c, Candidate)}


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
