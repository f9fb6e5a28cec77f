import html
import re

from sitroom.records import Actor, Analysis, Document, Mention, Quote, Span
from sitroom.render import article_html, page

HOSTILE = ('<script>alert(1)</script> Putin said "<img src=x onerror=alert(2)>" '
           'and <a href="javascript:alert(3)">click</a>.')


def _hostile() -> Analysis:
    start = HOSTILE.index("Putin")
    quote_start = HOSTILE.index('"<img') + 1
    quote_end = HOSTILE.index('>" ') + 1
    putin = Span(start=start, end=start + 5, text="Putin")
    content = Span(start=quote_start, end=quote_end, text=HOSTILE[quote_start:quote_end])
    return Analysis(
        document=Document(id="d", text=HOSTILE, title="<b>t</b>", url="javascript:alert(4)"),
        actors=[Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person")],
        mentions=[Mention(doc_id="d", span=putin, actor_id="person:vladimir-putin",
                          label="PERSON", how="name")],
        quotes=[Quote(doc_id="d", id="q1", kind="direct", cue_type="speech", evidence=content,
                      content=(content,), speaker=putin, speaker_actor="person:vladimir-putin")])


def test_render_escapes_untrusted_text_everywhere():
    out = page(_hostile())
    assert "<script>alert" not in out and "<img" not in out
    assert 'href="javascript' not in out and "<b>t</b>" not in out
    assert html.escape("<script>alert(1)</script>") in out


def test_render_page_has_strict_content_security_policy():
    out = page(_hostile())
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', out).group(1)
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy
    assert not re.search(r"(src|href)=\"?(https?:)?//", out)  # nothing loads from elsewhere


def test_render_highlights_link_records_to_their_evidence():
    out = article_html(_hostile())
    assert re.search(r'<span class="mk-actor mk-speaker" data-r="m1 q1">Putin</span>', out)
    assert 'data-r="q1"' in out and '<li data-id="q1">' in out


def test_render_text_is_preserved_exactly():
    out = article_html(_hostile())
    body = re.search(r'<article id="text">(.*)</article>', out, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == HOSTILE
