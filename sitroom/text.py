"""Turning raw input into article text: decoding, checks, normalisation, ids.

Everything here raises a named `InputError` with a one-line reason; nothing is dropped
silently.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
import unicodedata

from .errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# C0 controls other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# spaCy's tokenizer strips a word's trailing punctuation one mark at a time, rescanning the
# word each time: a run of n marks ("»»»", ")))", "'s's's") costs n squared, inside C code
# that no time limit can stop (8,000 marks: 6 s; 80,000: some 10 minutes).
# Each pattern only starts where a run starts, so the search stays linear.
MAX_PUNCTUATION_RUN = 1_000
_PUNCTUATION_RUNS = (re.compile(r"(?<![^\w\s])[^\w\s]{%d,}" % (MAX_PUNCTUATION_RUN + 1)),
                     re.compile(r"(?<!['’][sS])(?:['’][sS]){%d,}" % (MAX_PUNCTUATION_RUN // 2 + 1)))
_ASCII = bytes(range(128))
_SAMPLE = 1 << 20  # bytes looked at to judge an encoding
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
                            rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
                            rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                            rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
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
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise BinaryInput("input is binary (it contains NUL bytes)")
        return _strict(data, utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _mixed_utf8(data):
        return data.decode("utf-8", errors=_cp1252_fallback()), "utf-8+cp1252"
    return _guess(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM has its NUL bytes on one side of the byte pairs only (the
    high byte of spaces, digits and Latin letters; a low byte in some CJK characters), and
    reads as text once decoded. Binary data with NULs in a pattern (`00 ff 00 ff`) does not."""
    sample = data[:min(len(data), 4000) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(sample) < 8 or min(even, odd) > 0.1 * max(even, odd):
        return None
    likely = ("utf-16-le", "utf-16-be") if odd > even else ("utf-16-be", "utf-16-le")
    for encoding in likely:
        # errors="replace" only for a character the cut splits; the whole input is decoded
        # strictly afterwards.
        if _reads_as_text(sample.decode(encoding, errors="replace").rstrip("\ufffd")):
            return encoding
    return None


def _reads_as_text(text: str) -> bool:
    """Mostly printable letters, not one repeated, with spaces between words unless the
    script has none."""
    if not text or len(set(text[:4000])) < min(10, len(text) // 4):
        return False
    printable = sum(ch.isprintable() or ch in "\n\r\t\f" for ch in text)
    letters = [ch for ch in text if ch.isalpha()]
    if printable < 0.95 * len(text) or len(letters) < 0.5 * len(text.replace(" ", "")):
        return False
    unspaced = sum(_unspaced(ch) for ch in letters)
    return unspaced >= 0.5 * len(letters) or sum(ch.isspace() for ch in text) >= 0.03 * len(text)


def _unspaced(ch: str) -> bool:
    """Scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer,
    kana and CJK ideographs (fullwidth forms included)."""
    point = ord(ch)
    return (0x0E00 <= point <= 0x0FFF or 0x1000 <= point <= 0x109F or 0x1780 <= point <= 0x17FF
            or 0x3000 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF
            or 0xFF00 <= point <= 0xFFEF or 0x20000 <= point <= 0x3FFFF)


def _mixed_utf8(data: bytes) -> bool:
    """Whether the input is UTF-8 with some Latin-1 or Windows-1252 pasted in (mixed
    encodings), rather than a legacy encoding or noise: well-formed UTF-8 sequences, which
    legacy text almost never holds by accident (`Ã©`, `â€“`), cover a tenth of its non-ASCII
    bytes, and the start so decoded reads as text (random bytes hold such sequences too)."""
    sample = data[:_SAMPLE]
    high = len(sample.translate(None, _ASCII))
    valid = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    if valid == 0 or valid < 0.1 * high:
        return False
    return _reads_as_text(sample[:65536].decode("utf-8", errors=_cp1252_fallback()))


@functools.cache
def _cp1252_fallback() -> str:
    """The name of a codec error handler that reads each byte UTF-8 cannot as Windows-1252
    (the superset of Latin-1 that web pages labelled Latin-1 use)."""
    def handler(exc: UnicodeDecodeError) -> tuple[str, int]:
        return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end

    codecs.register_error("sitroom.cp1252", handler)
    return "sitroom.cp1252"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodableInput(f"input starts like {encoding} but is not valid "
                               f"{encoding} at byte {exc.start}") from None


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None or best.chaos > 0.3:
        raise UndecodableInput("input is not UTF-8 and its encoding cannot be identified")
    encoding = _western(matches, best)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        raise UndecodableInput(f"input is not UTF-8 and not valid {encoding}") from None


def _western(matches, best) -> str:
    """Windows-1252 when it reads the bytes as well as the best guess: the detector breaks
    ties by name, which turns French `à` into Central European `ŕ` (cp1250)."""
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos and \
                match.coherence >= best.coherence:
            return "cp1252"
    return best.encoding


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
    run = next(filter(None, (p.search(text) for p in _PUNCTUATION_RUNS)), None)
    if run:
        raise InputTooLarge(f"a run of {len(run.group()):,} punctuation marks without a space at "
                            f"character {run.start():,}; the limit is {MAX_PUNCTUATION_RUN:,}")
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
