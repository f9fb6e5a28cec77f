"""One article from raw bytes: decode, and extract the body when it is an HTML page."""

from __future__ import annotations

from typing import Any

from .. import text as textmod
from ..errors import EmptyInput
from ..options import Options


def read_article(data: bytes, options: Options, *, source: str | None = None) -> dict[str, Any]:
    """Decode `data` and return an article item: `{"text": ..., "title": ..., ...}`."""
    raw, _ = textmod.decode(data, max_bytes=options.max_bytes)
    item: dict[str, Any] = {"text": raw, "source": source}
    if textmod.looks_like_html(raw):
        item.update(html_article(raw))
    return item


def html_article(html: str) -> dict[str, Any]:
    """Body text and metadata of a news page, extracted with trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                            with_metadata=True)
    if extracted is None or not (extracted.text or "").strip():
        raise EmptyInput("HTML page has no article text")
    meta = {"text": extracted.text, "title": extracted.title, "url": extracted.url,
            "outlet": extracted.sitename, "published": extracted.date}
    return {k: v for k, v in meta.items() if v}
