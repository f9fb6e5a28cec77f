"""Ingest readers and extraction: formats, fields, rejects, dates, near-duplicates. No model."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from sitroom.errors import ConfigError, InputError
from sitroom.ingest.dates import iso_date
from sitroom.ingest.dedup import NearDuplicates, signature
from sitroom.ingest.extract import extract, fragment_text, title_line
from sitroom.ingest.items import Candidate, RawItem, Reject, Skip
from sitroom.ingest.readers import Fields, ReadSettings, read
from sitroom.ingest.sources import detect, discover
from sitroom.options import Options

PARAGRAPHS = [
    "The foreign ministers met in Vienna on Monday to discuss a ceasefire along the border.",
    "Officials from both delegations said the talks had been difficult but constructive.",
    "A second round is planned for next month, according to a statement from the hosts.",
    "Observers noted that the agenda included prisoner exchanges and humanitarian corridors.",
    "Neither side commented on reports that troops had been moved closer to the front line.",
]
PAGE = ("<!DOCTYPE html><html><head><title>Talks in Vienna</title>"
        '<link rel="canonical" href="https://news.example.org/vienna-talks"></head><body>'
        "<nav>Home | World | Politics</nav><article><h1>Talks in Vienna</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</article><footer>Copyright Example News</footer></body></html>")


def _items(path, fields: Fields = Fields(), done=frozenset()):
    units = list(discover([path]))
    return [item for unit in units for item in read(unit, ReadSettings(fields=fields), done)]


def _extracted(path, **kwargs):
    return [extract(item, Options()) for item in _items(path, **kwargs)]


def test_ingest_detects_formats_by_extension_and_content(tmp_path):
    files = {"a.txt": b"plain", "b.html.gz": gzip.compress(PAGE.encode()), "c.jsonl": b"{}",
             "d.warc.gz": b"", "e.rss": b"", "noext": PAGE.encode(),
             "f.dat": b'[{"text": "x"}]', "g.xml": b'<?xml version="1.0"?><rss version="2.0">',
             "h": b"WARC/1.0\r\n"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    found = {name: detect(tmp_path / name) for name in files}
    assert found == {"a.txt": "text", "b.html.gz": "html", "c.jsonl": "json",
                     "d.warc.gz": "warc", "e.rss": "feed", "noext": "html", "f.dat": "json",
                     "g.xml": "feed", "h": "warc"}


def test_ingest_discovers_folders_once_skipping_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b.txt", "sub/a.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / name).write_text("text")
    units = list(discover([tmp_path, tmp_path / "b.txt", tmp_path / "nope"]))
    assert [u.path.name for u in units if not isinstance(u, Reject)] == ["b.txt", "a.txt"]
    assert [u.reason for u in units if isinstance(u, Reject)] == ["no such file or folder"]


def test_ingest_text_file_with_headline(tmp_path):
    (tmp_path / "a.txt").write_text("Talks resume\n\n" + " ".join(PARAGRAPHS))
    (candidate,) = _extracted(tmp_path / "a.txt")
    assert candidate.document.title == "Talks resume"
    assert candidate.document.text.startswith("Talks resume")
    assert candidate.document.source == str(tmp_path / "a.txt")
    assert candidate.signature is not None


def test_ingest_html_page_body_and_metadata(tmp_path):
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (candidate,) = _extracted(tmp_path)
    assert candidate.document.title == "Talks in Vienna"
    assert candidate.document.url == "https://news.example.org/vienna-talks"
    assert PARAGRAPHS[0] in candidate.document.text
    assert "Copyright" not in candidate.document.text


def test_ingest_jsonl_with_custom_and_nested_fields(tmp_path):
    rows = [{"body": PARAGRAPHS[0], "meta": {"headline": "One"}, "when": "2023-07-13T08:00Z"},
            {"body": PARAGRAPHS[1], "meta": {"headline": "Two"}, "when": "13 Jul 2023"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    fields = Fields().override({"text": "body", "title": "meta.headline", "published": "when"})
    found = _extracted(tmp_path / "a.jsonl", fields=fields)
    assert [c.document.title for c in found] == ["One", "Two"]
    assert [c.document.published for c in found] == ["2023-07-13", "2023-07-13"]
    assert [c.source.rsplit("#", 1)[1] for c in found] == ["line=1", "line=2"]


def test_ingest_json_field_names_are_checked():
    with pytest.raises(ConfigError, match="unknown field"):
        Fields().override({"headline": "title"})


def test_ingest_json_array_and_wrapped_list(tmp_path):
    records = [{"title": "A", "text": PARAGRAPHS[0], "date": "26-FEB-1987 15:01:01.79"},
               {"title": "B", "body": PARAGRAPHS[1]}]
    (tmp_path / "a.json").write_text(json.dumps(records, indent=2))
    (tmp_path / "b.json").write_text(json.dumps({"count": 1, "articles": records[:1]}))
    found = _extracted(tmp_path)
    assert [(c.document.title, c.document.published) for c in found] == [
        ("A", "1987-02-26"), ("B", None), ("A", "1987-02-26")]
    assert found[1].source.endswith("a.json#item=2")


def test_ingest_bad_records_are_rejected_with_reasons(tmp_path):
    lines = [json.dumps({"text": PARAGRAPHS[0]}), "{not json", json.dumps({"title": "no text"}),
             json.dumps({"text": PARAGRAPHS[1]})]
    (tmp_path / "a.jsonl").write_text("\n".join(lines))
    (tmp_path / "empty.txt").write_bytes(b"   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    found = _extracted(tmp_path)
    kinds = [(type(c).__name__, c.source.rsplit("/", 1)[1]) for c in found]
    assert kinds == [("Candidate", "a.jsonl#line=1"), ("Reject", "a.jsonl#line=2"),
                     ("Reject", "a.jsonl#line=3"), ("Candidate", "a.jsonl#line=4"),
                     ("Reject", "binary.txt"), ("Reject", "empty.txt")]
    reasons = [c.reason for c in found if isinstance(c, Reject)]
    assert "no article text" in reasons[1] and "binary" in reasons[2] and "empty" in reasons[3]


def test_ingest_unreadable_date_keeps_the_article(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": PARAGRAPHS[0], "date": "soonish"}))
    (candidate,) = _extracted(tmp_path)
    assert isinstance(candidate, Candidate) and candidate.document.published is None
    assert candidate.problems[0].stage == "ingest" and "soonish" in candidate.problems[0].reason


def _warc(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, ctype, body in pages:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(body),
                                                          http_headers=http))


def test_ingest_warc_reads_html_responses_only(tmp_path):
    _warc(tmp_path / "crawl.warc.gz", [
        ("https://a.example/1", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
        ("https://a.example/logo.png", "200 OK", "image/png", b"\x89PNG"),
        ("https://a.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ("https://a.example/2", "200 OK", "text/html",
         PAGE.replace("Vienna", "Geneva").encode())])
    items = _items(tmp_path)
    assert [type(i).__name__ for i in items] == ["RawItem", "RawItem"]
    assert [i.hints["url"] for i in items] == ["https://a.example/1", "https://a.example/2"]
    assert sum(i.size for i in items) == (tmp_path / "crawl.warc.gz").stat().st_size
    docs = [extract(i, Options()).document for i in items]
    assert "Geneva" in docs[1].text and docs[0].id != docs[1].id


def test_ingest_warc_and_html_file_give_the_same_document(tmp_path):
    _warc(tmp_path / "crawl.warc", [("https://a.example/1", "200 OK", "text/html",
                                     PAGE.encode())])
    (tmp_path / "page.html").write_text(PAGE)
    from_warc, from_file = _extracted(tmp_path / "crawl.warc"), _extracted(tmp_path / "page.html")
    assert from_warc[0].document.id == from_file[0].document.id
    assert from_warc[0].document.text == from_file[0].document.text


def test_ingest_truncated_warc_keeps_what_was_read(tmp_path):
    _warc(tmp_path / "whole.warc.gz", [("https://a.example/1", "200 OK", "text/html",
                                        PAGE.encode())] * 2)
    data = (tmp_path / "whole.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[:len(data) - 200])
    items = _items(tmp_path / "cut.warc.gz")
    assert isinstance(items[0], RawItem) and isinstance(items[-1], Reject)


RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example Wire</title>
<item><title>Talks in Vienna</title><link>https://wire.example/1</link>
<pubDate>Thu, 13 Jul 2023 10:00:00 GMT</pubDate><description>Short summary.</description>
<content:encoded><![CDATA[<p>{0}</p><p>{1}</p>]]></content:encoded></item>
<item><title>Empty</title><link>https://wire.example/2</link></item>
</channel></rss>""".format(*PARAGRAPHS)
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Geneva</title><link href="https://atom.example/g"/>
<updated>2024-02-01T09:00:00Z</updated><summary type="html">&lt;p&gt;{0}&lt;/p&gt;</summary></entry>
</feed>""".format(PARAGRAPHS[2])


def test_ingest_rss_and_atom_feeds(tmp_path):
    (tmp_path / "a.rss").write_text(RSS)
    (tmp_path / "b.atom").write_text(ATOM)
    found = _extracted(tmp_path)
    first, empty, atom = found
    assert first.document.text == f"{PARAGRAPHS[0]}\n\n{PARAGRAPHS[1]}"
    assert (first.document.title, first.document.url, first.document.outlet,
            first.document.published) == ("Talks in Vienna", "https://wire.example/1",
                                           "Example Wire", "2023-07-13")
    assert isinstance(empty, Reject) and "no text" in empty.reason
    assert (atom.document.text, atom.document.published) == (PARAGRAPHS[2], "2024-02-01")


def test_ingest_not_a_feed_is_rejected(tmp_path):
    (tmp_path / "x.rss").write_text("<html>not a feed</html>")
    (reject,) = _items(tmp_path)
    assert isinstance(reject, Reject) and "feed" in reject.reason


def test_ingest_skips_inputs_stored_before(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps({"text": p}) for p in PARAGRAPHS[:3]))
    first = _items(tmp_path)
    done = {(first[1].source, first[1].fingerprint)}
    again = _items(tmp_path, done=done)
    assert [type(i).__name__ for i in again] == ["RawItem", "Skip", "RawItem"]
    assert isinstance(again[1], Skip)


def test_ingest_fragment_and_title_helpers():
    assert fragment_text("<p>One.</p><p>Two <b>bold</b>.</p>") == "One.\n\nTwo bold."
    assert fragment_text("no markup") == "no markup"
    assert title_line("Headline here\n\nBody text.") == "Headline here"
    assert title_line("A sentence.\n\nBody") is None
    assert title_line("Line one\nline two\n\nBody") is None


@pytest.mark.parametrize(("value", "iso"), [
    ("2023-07-13T10:00:00Z", "2023-07-13"), ("Thu, 13 Jul 2023 10:00:00 GMT", "2023-07-13"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26"), (1689242400, "2023-07-13"),
    (1689242400000, "2023-07-13"), ("July 13, 2023", "2023-07-13"), (None, None), ("", None)])
def test_ingest_dates_common_forms(value, iso):
    assert iso_date(value) == iso


def test_ingest_dates_unreadable():
    with pytest.raises(InputError):
        iso_date("sometime next week maybe")


def test_ingest_near_duplicates_found_and_unrelated_not():
    text = " ".join(PARAGRAPHS * 2)
    copy = "By our correspondent. " + text[:-40]
    other = " ".join(reversed(PARAGRAPHS)) + " A completely different closing remark follows."
    index = NearDuplicates(0.8)
    index.add("original", signature(text))
    match = index.find(signature(copy))
    assert match is not None and match.original == "original" and match.similarity >= 0.8
    assert index.find(signature(other)) is None


def test_ingest_short_texts_are_not_compared():
    assert signature("Shares rose 2 cts in early trading.") is None
