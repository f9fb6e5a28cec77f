"""Pairing quote marks: curly, straight, unbalanced, over paragraphs. No model needed."""

from __future__ import annotations

from sitroom.stages.quotemarks import quotations


def _texts(text: str) -> list[str]:
    return [text[q.start:q.end] for q in quotations(text)]


def test_quotemarks_pairs_curly_and_straight_marks():
    text = '\u201cWe will win,\u201d she said. He called it "a disgrace" on Monday.'
    assert _texts(text) == ["We will win,", "a disgrace"]


def test_quotemarks_odd_number_of_marks_never_fails():
    for text in ('He said \u201cno', 'A \u201d stray', '"', '\u201c\u201c\u201d', 'x " y " z "'):
        quotations(text)  # must not raise
    assert _texts('He said \u201cno more.') == ["no more."]


def test_quotemarks_stray_closing_mark_is_ignored():
    assert _texts('Oddly \u201d here, then \u201cquoted\u201d.') == ["quoted"]


def test_quotemarks_multi_paragraph_quote_is_chained():
    text = '\u201cFirst paragraph of the quote.\n\u201cSecond one,\u201d he said.'
    found = quotations(text)
    assert [text[q.start:q.end] for q in found] == ["First paragraph of the quote.",
                                                    "Second one,"]
    assert found[0].continues and not found[0].closed
    assert not found[1].continues


def test_quotemarks_unclosed_quote_ends_with_its_paragraph():
    text = 'He said \u201cthis never closes.\nNext paragraph \u201cquoted\u201d.'
    assert _texts(text) == ["this never closes.", "quoted"]
    assert not quotations(text)[0].continues


def test_quotemarks_two_apostrophes_are_a_double_mark():
    text = "''Swaps are tricky,'' he said. The ''first family'' moved in. Jones' car."
    assert _texts(text) == ["Swaps are tricky,", "first family"]
