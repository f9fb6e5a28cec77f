"""Decoding hostile bytes: each comes back as the right text or a named rejection, quickly."""

from __future__ import annotations

import random
import time

import pytest

from sitroom.errors import BinaryInput, InputError, InputTooLarge, UndecodableInput
from sitroom.text import clean, decode

LIMIT = 20_000_000
FRENCH = "Le président a déclaré à Bruxelles que l'OTAN était prête à négocier. " * 4
ARABIC = "قال وزير الخارجية إن المحادثات في جنيف ستستمر الأسبوع المقبل. " * 6
CHINESE = "外交部发言人表示，日内瓦的谈判将于下周继续举行。" * 8
RUSSIAN = "Министр иностранных дел заявил, что переговоры в Женеве продолжатся. " * 5


def _text(data: bytes) -> str:
    return clean(decode(data, max_bytes=LIMIT)[0], max_chars=LIMIT)


@pytest.mark.parametrize("data", [
    b"\x00\xff" * 4_000,
    b"\xff\x00" * 4_000,
    b"\x00\x41" * 4_000,  # one letter repeated, NUL between: not words
    b"\x01\x00\x02\x00" * 2_000,
    random.Random(1).randbytes(8_000),
])
def test_text_nul_patterns_are_binary_not_utf16(data):
    with pytest.raises(BinaryInput):
        decode(data, max_bytes=LIMIT)


@pytest.mark.parametrize("sample", [FRENCH, ARABIC, CHINESE, RUSSIAN])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_text_utf16_without_bom_in_any_script(sample, encoding):
    assert decode(sample.encode(encoding), max_bytes=LIMIT) == (sample, encoding)


def test_text_latin1_french_is_read_as_windows_1252():
    assert _text(FRENCH.encode("latin-1")) == FRENCH


def test_text_utf8_with_latin1_pasted_in():
    data = "Kyiv – Київ. ".encode() + FRENCH.encode("latin-1") + " — «end»".encode()
    assert _text(data) == "Kyiv – Київ. " + FRENCH + " — «end»"


def test_text_stray_invalid_bytes_in_utf8():
    text = _text(RUSSIAN.encode() + b"\x93quoted\x94")
    assert text == RUSSIAN + "“quoted”"


def test_text_mojibake_is_kept_as_written():
    mojibake = FRENCH.encode().decode("latin-1")
    assert _text(mojibake.encode()) == mojibake


@pytest.mark.parametrize("data", [
    bytes(b for b in random.Random(2).randbytes(30_000) if b)[:20_000],
    bytes(range(128, 256)) * 100,
])
def test_text_noise_without_nul_is_rejected(data):
    with pytest.raises((UndecodableInput, BinaryInput)):
        _text(data)


def test_text_decoding_is_fast_on_large_hostile_inputs():
    rng = random.Random(3)
    inputs = [rng.randbytes(5_000_000), b"\x00\xff" * 2_500_000,
              bytes(b for b in rng.randbytes(6_000_000) if b)[:5_000_000],
              ("Київ " * 1_000_000).encode() + FRENCH.encode("latin-1")]
    for data in inputs:
        started = time.monotonic()
        try:
            _text(data)
        except InputError:
            pass
        assert time.monotonic() - started < 5, data[:20]


@pytest.mark.parametrize("run", ["»" * 1_001, ")" * 80_000, "'s" * 501, "!?" * 600])
def test_text_long_punctuation_run_is_rejected(run):
    with pytest.raises(InputTooLarge, match="punctuation marks without a space"):
        clean(f"He said {run} twice.", max_chars=LIMIT)


def test_text_punctuation_runs_under_the_limit_are_kept_and_checked_fast():
    text = ("»" * 1_000 + " ") * 900 + "it's Putin's (own) words... " * 1_000
    started = time.monotonic()
    assert clean(text, max_chars=LIMIT) == text
    assert time.monotonic() - started < 1
