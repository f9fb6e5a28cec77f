"""Turning raw input into article text: decoding, checks, normalisation, ids.

Everything here raises a named `InputError` with a one-line reason; nothing is dropped
silently.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from .errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# C0 controls other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_HTML = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html|<head|<body|<article|<div|<p[ >])",
                   re.IGNORECASE)


def decode(data: bytes, *, max_bytes: int) -> tuple[str, str]:
    """Decode raw bytes to text, returning `(text, encoding)`."""
    if len(data) > max_bytes:
        raise InputTooLarge(f"input is {len(data):,} bytes; the limit is {max_bytes:,}")
    if not data.strip():
        raise EmptyInput("input is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16), utf16
    if b"\x00" in data:
        raise BinaryInput("input is binary (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _guess(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte of its ASCII letters."""
    sample = data[:4000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableInput(f"input starts like {encoding} but is not valid "
                               f"{encoding} at byte {exc.start}") from None


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.chaos > 0.3:
        raise UndecodableInput("input is not UTF-8 and its encoding cannot be identified")
    encoding = best.encoding
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        raise UndecodableInput(f"input is not UTF-8 and not valid {encoding}") from None


def clean(text: str, *, max_chars: int) -> str:
    """Check and normalise article text; raise an `InputError` when it is not analysable."""
    if len(text) > max_chars:
        raise InputTooLarge(f"text is {len(text):,} characters; the limit is {max_chars:,}")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise EmptyInput("input has no text")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise BinaryInput(f"input looks binary ({controls:,} control characters)")
    if not controls:
        return text
    text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise BinaryInput(f"input has only control characters ({controls:,}) and no text")
    return text


def looks_like_html(text: str) -> bool:
    return bool(_HTML.match(text[:2000]))


def doc_id(text: str) -> str:
    """Content hash of the whitespace-normalised text: same article, same id."""
    normal = " ".join(text.split()).casefold()
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=8).hexdigest()


def headline(text: str) -> str | None:
    """The first line when it reads as a headline: short, no closing punctuation, followed by
    a blank line or a dateline-like start. The text itself keeps it (offsets stay valid)."""
    first, _, rest = text.lstrip().partition("\n")
    first = first.strip()
    if not first or not rest.strip() or len(first) > 200 or first[-1] in ".!?:;,\"”'’)":
        return None
    return first if len(first.split()) >= 3 else None
