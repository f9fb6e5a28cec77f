import codecs

import pytest

from sitroom.errors import BinaryInput, EmptyInput, InputTooLarge, UndecodableInput
from sitroom.text import clean, decode, doc_id, looks_like_html

LIMIT = 1_000_000


def test_text_decodes_utf8_and_strips_bom():
    assert decode("Kyiv – Київ".encode(), max_bytes=LIMIT) == ("Kyiv – Київ", "utf-8")
    text, encoding = decode(codecs.BOM_UTF8 + b"NATO", max_bytes=LIMIT)
    assert (text, encoding) == ("NATO", "utf-8-sig")


def test_text_decodes_utf16_with_and_without_bom():
    sample = "Putin said the talks would go on."
    assert decode(sample.encode("utf-16"), max_bytes=LIMIT)[0] == sample
    assert decode(sample.encode("utf-16-le"), max_bytes=LIMIT) == (sample, "utf-16-le")
    assert decode(sample.encode("utf-16-be"), max_bytes=LIMIT) == (sample, "utf-16-be")


def test_text_decodes_latin1_by_detection():
    sample = "Le président français a déclaré à Bruxelles que l'OTAN était prête. " * 3
    text, encoding = decode(sample.encode("latin-1"), max_bytes=LIMIT)
    assert text == sample
    assert encoding != "utf-8"


def test_text_rejects_binary_empty_and_oversized():
    with pytest.raises(BinaryInput):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, max_bytes=LIMIT)
    with pytest.raises(EmptyInput):
        decode(b"  \n\t ", max_bytes=LIMIT)
    with pytest.raises(InputTooLarge, match="limit is 10"):
        decode(b"x" * 11, max_bytes=10)


def test_text_rejects_undecodable_noise():
    noise = bytes(range(128, 256)) * 40
    with pytest.raises((UndecodableInput, BinaryInput)):
        clean(decode(noise, max_bytes=LIMIT)[0], max_chars=LIMIT)


def test_text_clean_normalises_newlines_and_checks_size():
    assert clean("a\r\nb\rc", max_chars=100) == "a\nb\nc"
    with pytest.raises(InputTooLarge):
        clean("x" * 101, max_chars=100)
    with pytest.raises(EmptyInput):
        clean(" \n ", max_chars=100)


def test_text_clean_rejects_control_character_soup():
    with pytest.raises(BinaryInput):
        clean("\x01\x02\x03\x04" * 50, max_chars=10_000)


def test_text_doc_id_ignores_whitespace_and_case():
    assert doc_id("Putin  said\nthis.") == doc_id("putin said this.")
    assert doc_id("Putin said this.") != doc_id("Putin said that.")
    assert len(doc_id("x")) == 16


def test_text_looks_like_html():
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("  <html lang='en'>")
    assert not looks_like_html("Putin said <b> is a tag.")


def test_text_headline_is_a_short_first_line_without_full_stop():
    from sitroom.text import headline

    assert headline("Finland joins NATO\n\nBRUSSELS — Finland became...") == "Finland joins NATO"
    assert headline("Putin said the talks failed.\nHe added more.") is None
    assert headline("One line only") is None
    assert headline("Hi\n\nbody") is None


def test_text_rejects_a_few_control_characters_and_nothing_else():
    with pytest.raises(BinaryInput, match="only control characters"):
        clean("\x00\x01\x02", max_chars=LIMIT)
    assert clean("Kyiv\x00 said", max_chars=LIMIT) == "Kyiv  said"
