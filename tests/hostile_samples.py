"""Hostile inputs, made by hand: broken and mixed encodings, oversized and empty files,
pathological HTML, quote-mark storms, right-to-left and CJK text, truncated archives, bad JSON
lines, entity-expansion feeds. `write_corpus` lays them out as files and says what each input
(a file, or a line, entry or record in one) must become; `texts()` is a hypothesis strategy
for article texts of the same kinds, for the fuzz runs.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

SENTENCE = "The foreign minister said on Tuesday that the talks in Geneva would continue. "
STORY = (
    "Delegations from both governments met in Vienna on Monday to discuss a ceasefire along "
    "the border. Officials said the talks had been difficult but constructive. A second round "
    "is planned for next month, according to a statement from the hosts. Observers noted that "
    "the agenda included prisoner exchanges and humanitarian corridors.")
# Every kind of quotation mark we know of, paired or not.
QUOTE_MARKS = "\"'“”„‟«»‹›「」『』‘’‚‛〝〞＂"
HUGE_BYTES = 50_000_000
NESTING = 10_000
# "Billion laughs": ten levels of entities, each ten of the one below (3 GB once expanded).
LAUGHS = ('<!DOCTYPE lolz [\n <!ENTITY lol0 "lol">\n'
          + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
          + "]>")
LOCAL_FILE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@dataclass(frozen=True)
class Expect:
    """What one input must become: `outcomes` it may end in (stored, rejected); for a
    rejection, `errors` it may name; `text` that must be in the stored text, `absent` that
    must not."""

    outcomes: tuple[str, ...]
    errors: tuple[str, ...] = ()
    text: str | None = None
    absent: str | None = None


def stored(text: str | None = None, *, absent: str | None = None) -> Expect:
    return Expect(("stored",), text=text, absent=absent)


def rejected(*errors: str) -> Expect:
    return Expect(("rejected",), errors)


def either(*errors: str, absent: str | None = None) -> Expect:
    """Stored or rejected (with one of `errors`): both are fine, as long as it ends."""
    return Expect(("stored", "rejected"), errors, absent=absent)


def story(tag: str) -> str:
    """A distinct short article per input, so no two are duplicates."""
    return f"{tag.capitalize()} report. {STORY}"


def write_corpus(folder: Path, *, huge: bool = True) -> dict[str, Expect]:
    """Write every hostile input under `folder`; returns {source: Expect} for every input,
    members of container files included. `huge` adds the 50 MB files."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expect] = {}
    cases = {**_encodings(), **_sizes(huge), **_html(), **_quotes(), **_scripts(),
             **_containers(huge)}
    for name, (data, members) in cases.items():
        (folder / name).write_bytes(data)
        if isinstance(members, Expect):
            members = {"": members}
        expected.update({f"{folder / name}{member}": e for member, e in members.items()})
    return expected


def _encodings() -> dict:
    rng = random.Random(9)
    french = "Le président a déclaré à Bruxelles que l'OTAN était prête à négocier. " * 4
    arabic = "قال وزير الخارجية إن المحادثات في جنيف ستستمر الأسبوع المقبل. " * 6
    chinese = "外交部发言人表示，日内瓦的谈判将于下周继续举行。" * 8
    return {
        "random.bin": (rng.randbytes(20_000), rejected("BinaryInput", "UndecodableInput")),
        "random-no-nul.txt": (bytes(b for b in rng.randbytes(30_000) if b)[:20_000],
                              rejected("BinaryInput", "UndecodableInput")),
        "alternating-00-ff.txt": (b"\x00\xff" * 4_000, rejected("BinaryInput")),
        "alternating-ff-00.txt": (b"\xff\x00" * 4_000, rejected("BinaryInput")),
        "control-soup.txt": (bytes(range(1, 9)) * 500, rejected("BinaryInput")),
        "nul-in-text.txt": (story("nul").encode() + b"\x00" + STORY.encode(),
                            rejected("BinaryInput")),
        "utf16le-no-bom.txt": (story("utf16").encode("utf-16-le"), stored("Utf16 report")),
        "utf16be-no-bom-arabic.txt": (arabic.encode("utf-16-be"), stored("المحادثات")),
        "utf16le-no-bom-chinese.txt": (chinese.encode("utf-16-le"), stored("日内瓦")),
        "utf16-bom-odd-length.txt": (codecs.BOM_UTF16_LE + STORY.encode("utf-16-le")[:-1],
                                     rejected("UndecodableInput")),
        "utf32-bom.txt": (story("utf32").encode("utf-32"), stored("Utf32 report")),
        "latin-1.txt": (french.encode("latin-1"), stored("a déclaré à Bruxelles")),
        "cp1252.txt": (("“We will not give in,” he said – twice. " + STORY).encode("cp1252"),
                       stored("“We will not give in,” he said – twice.")),
        "mojibake.txt": (french.encode("utf-8").decode("latin-1").encode("utf-8"),
                         stored("prÃ©sident")),
        "mixed-utf8-latin-1.txt": ("Kyiv – Київ. ".encode() + french.encode("latin-1"),
                                   stored("Київ. Le président a déclaré à")),
        "invalid-utf8-bytes.txt": (story("invalid").encode() + b" \xc3\x28\xa0\xa1 end.",
                                   stored("Invalid report")),
    }


def _sizes(huge: bool) -> dict:
    files = {
        "zero-bytes.txt": (b"", rejected("EmptyInput")),
        "whitespace-only.txt": (b" \t\n\r\n  \xc2\xa0\n" * 100, rejected("EmptyInput")),
        "one-word.txt": (b"Kyiv", stored("Kyiv")),
        "long-token.txt": (b"a" * 200_000, stored()),
    }
    if huge:
        files["huge-single-line.txt"] = (SENTENCE.encode() * (HUGE_BYTES // len(SENTENCE)),
                                         rejected("InputTooLarge"))
    return files


def _html() -> dict:
    def body(tag: str) -> str:
        return "".join(f"<p>{SENTENCE}{story(tag)}</p>" for _ in range(3))

    nothing = rejected("EmptyInput")
    return {
        "no-body.html": (b"<!DOCTYPE html><html><head><title>Nothing</title></head></html>",
                         nothing),
        "empty-body.html": (b"<html><body></body></html>", nothing),
        "script-only.html": (b"<html><body><script>alert(1)</script></body></html>", nothing),
        # libxml2 keeps 256 levels of nesting; what is deeper is lost, so these may be empty.
        "nested-divs.html": (("<html><body>" + "<div>" * NESTING + body("nested")
                              + "</div>" * NESTING + "</body></html>").encode(),
                             either("EmptyInput")),
        "nested-unclosed.html": (("<html><body><article>" + "<span><b>" * NESTING
                                  + body("unclosed")).encode(), either("EmptyInput")),
        "entity-laughs.html": ((LAUGHS + "<html><body><article><p>&lol9;</p>" + body("laughs")
                                + "</article></body></html>").encode(),
                               either("EmptyInput", absent="lollollol")),
        "entity-laughs.xhtml": (('<?xml version="1.0"?>' + LAUGHS
                                 + '<html xmlns="http://www.w3.org/1999/xhtml"><body><article>'
                                 + "<p>&lol9;</p>" + body("xlaughs")
                                 + "</article></body></html>").encode(),
                                either("EmptyInput", absent="lollollol")),
        "event-handlers.html": (("<html><body><article>" + body("handlers").replace(
            "<p>", '<p onmouseover="alert(1)">') + '<a href="javascript:alert(2)">x</a>'
            "<img src=x onerror=alert(3)></article></body></html>").encode(),
            stored("Handlers report", absent="alert(")),
    }


def _quotes() -> dict:
    rng = random.Random(5)
    storm = " ".join(rng.choice([rng.choice(QUOTE_MARKS) + w, w + rng.choice(QUOTE_MARKS),
                                 rng.choice(QUOTE_MARKS)])
                     for w in rng.choices(["said", "talks", "the", "minister", "war"], k=5_000))
    nested = ('He said "She told me \'they wrote “we said «no» and ‘fine’ and „ja“” twice\' '
              'yesterday" in Kyiv. ') * 50
    unbalanced = ('"The minister said the talks would continue. ' * 100
                  + '” he said. „ « ‹ 「 ' * 50)
    return {
        "quote-storm.txt": (("Kyiv — " + storm).encode(), stored()),
        "quote-marks-only.txt": (" ".join(rng.choice(QUOTE_MARKS) for _ in range(5_000))
                                 .encode(), stored()),
        "nested-quotes.txt": (nested.encode(), stored("«no»")),
        "unbalanced-quotes.txt": (unbalanced.encode(), stored()),
        # spaCy's tokenizer would spend minutes on it (its cost grows with the run's square).
        "punctuation-run.txt": ((STORY + " He said " + "»" * 50_000).encode(),
                                rejected("InputTooLarge")),
    }


def _scripts() -> dict:
    hebrew = "ראש הממשלה אמר כי השיחות בירושלים יימשכו בשבוע הבא. "
    japanese = "外務大臣は火曜日、ジュネーブでの協議が続くと述べた。「我々は対話を歓迎する」と語った。"
    bidi = "The minister \u202egnikool\u202c said \u200f\"שלום\" in \u2067Jerusalem\u2069. "
    return {
        "hebrew.txt": ((hebrew * 20).encode(), stored("ירושלים")),
        "japanese.txt": ((japanese * 20).encode(), stored("ジュネーブ")),
        "bidi-controls.txt": ((bidi * 30 + STORY).encode(), stored("Jerusalem")),
        "emoji-and-combining.txt": (("Z̷̢a̸l̵g̶o said 🇺🇦🇷🇺 talks. " * 40 + STORY).encode(),
                                    stored("🇺🇦")),
    }


def _containers(huge: bool) -> dict:
    whole = gzip.compress(story("gzip").encode() * 20)
    files = {
        "truncated.txt.gz": (whole[:len(whole) // 2], rejected("EOFError")),
        "not-really.gz": (b"\x1f\x8b" + b"garbage" * 100, rejected("BadGzipFile")),
        "bad-lines.jsonl": _bad_jsonl(),
        "bad-first-line.jsonl": (b"{oops\n" + _jsonl_rows("first", 3),
                                 {"#line=1": rejected("JSONDecodeError"),
                                  **{f"#line={i}": stored() for i in (2, 3, 4)}}),
        "truncated.jsonl.gz": _truncated_jsonl(),
        "truncated.warc.gz": _truncated_warc(),
        **_feeds(),
    }
    if huge:
        files["huge-line.jsonl"] = _huge_jsonl()
    return files


def _feeds() -> dict:
    item = f"<item><title>Talks</title><description>{story('rss')} &lol9;</description></item>"
    entry = f'<entry><title>t</title><content type="html">{story("atom")} &lol9;</content></entry>'
    no_laughs = {"#entry=1": stored("report", absent="lollol")}
    return {
        "laughs.rss": (('<?xml version="1.0"?>' + LAUGHS + '<rss version="2.0"><channel>'
                        f"<title>&lol9;</title>{item}</channel></rss>").encode(), no_laughs),
        "laughs.atom": (('<?xml version="1.0"?>' + LAUGHS
                         + f'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{entry}'
                         "</feed>").encode(), no_laughs),
        "local-file-entity.rss": (('<?xml version="1.0"?>' + LOCAL_FILE
                                   + '<rss version="2.0"><channel><title>x</title><item>'
                                   f"<title>t</title><description>{story('xxe')} &xxe;"
                                   "</description></item></channel></rss>").encode(),
                                  {"#entry=1": stored("Xxe report", absent="root:")}),
    }


def _jsonl_rows(tag: str, n: int) -> bytes:
    return b"".join(json.dumps({"text": story(f"{tag} {i}"), "title": f"{tag} {i}"}).encode()
                    + b"\n" for i in range(n))


def _bad_jsonl() -> tuple[bytes, dict[str, Expect]]:
    lines = [json.dumps({"text": story("line one")}).encode(),
             b'{"text": "unterminated',
             b"[1, 2, 3]",
             json.dumps({"title": "no text field"}).encode(),
             b'{"text": "bad \xff\xfe bytes"}',
             json.dumps({"text": "   "}).encode(),
             json.dumps({"text": story("line seven")}).encode()]
    expect = {"#line=1": stored("Line one"), "#line=2": rejected("JSONDecodeError"),
              "#line=3": rejected("ValueError"), "#line=4": rejected("ValueError"),
              "#line=5": rejected("UnicodeDecodeError", "JSONDecodeError"),
              "#line=6": rejected("ValueError", "EmptyInput"), "#line=7": stored("Line seven")}
    return b"\n".join(lines) + b"\n", expect


def _huge_jsonl() -> tuple[bytes, dict[str, Expect]]:
    huge = json.dumps({"text": SENTENCE * (HUGE_BYTES // len(SENTENCE))}).encode()
    data = (json.dumps({"text": story("first")}).encode() + b"\n" + huge + b"\n"
            + json.dumps({"text": story("last")}).encode() + b"\n")
    return data, {"#line=1": stored("First"), "#line=2": rejected("InputTooLarge"),
                  "#line=3": stored("Last")}


def _truncated_jsonl() -> tuple[bytes, dict[str, Expect]]:
    """40 JSON lines, gzipped and cut at 70%: the whole lines before the cut are kept, and the
    file itself is logged as rejected (the rest cannot be read)."""
    rows = _jsonl_rows("gzipped", 40)
    packed = gzip.compress(rows)
    cut = packed[:int(len(packed) * 0.7)]
    readable = zlib.decompressobj(31).decompress(cut)
    whole_lines = readable.count(b"\n")
    expect = {f"#line={i}": stored() for i in range(1, whole_lines + 1)}
    return cut, {"": rejected("EOFError"), **expect}


def _truncated_warc() -> tuple[bytes, dict[str, Expect]]:
    """Three pages in a gzipped WARC cut inside the third: two stored, the third rejected."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    offsets = []
    for i in range(3):
        offsets.append(out.tell())
        page = f"<html><body><article><p>{story(f'page {i}')}</p></article></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.org/{i}", "response",
                                                      payload=io.BytesIO(page.encode()),
                                                      http_headers=http))
    data = out.getvalue()
    return data[:len(data) - 150], {f"#offset={offsets[0]}": stored("Page 0"),
                                    f"#offset={offsets[1]}": stored("Page 1"),
                                    f"#offset={offsets[2]}": rejected("EOFError")}


# --- generated articles, for the fuzz runs -----------------------------------------------------

FRAGMENTS = (
    SENTENCE, STORY, "Putin said: “We will not retreat.” ", "«Nein», sagte Scholz. ",
    '"Unbalanced, he said. ', "„Ja“, sagte sie, ‚gut‘. ", "「我们欢迎对话」，他说。",
    "قال الرئيس: «لن نتراجع». ", "אמר ראש הממשלה: \"לא נוותר\". ", "WASHINGTON (Reuters) - ",
    "KYIV, Feb 24 (AP) — ", "According to the ministry, 12 people died on 3 March 2022. ",
    "<p>A paragraph</p>", "&amp; &lt;script&gt;alert(1)&lt;/script&gt; &#x202E; &lol9;",
    "javascript:alert(1) ", "https://example.org/a?b=c&d=e ", "e.g. U.S. Sen. Dr. Mr. ",
    "\u202eevil\u202c", "\u200b\u200c\u200d\ufeff", "Z̷̢a̸l̵g̶o ", "🇺🇦🇷🇺👍🏽 ", "\r\n", "\n\n\n",
    "\t", "...", "—", "-- ", "' ' ' ", "NATO NATO NATO ", "Mr. Biden", "the U.N. Security Council",
)


def _pieces():
    from hypothesis import strategies as st

    return st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(max_size=30),  # any Unicode: scripts, marks, controls, unassigned
        st.text(alphabet=QUOTE_MARKS + " .,said", min_size=1, max_size=300),
        st.builds(lambda s, n: s * n, st.sampled_from(["a", "ha ", '"', "«", ". ", "\n", "<b>"]),
                  st.integers(1, 1_500)),
    )


def texts():
    """Article texts: news fragments mixed with random Unicode, quote-mark storms and long
    repeats; up to some 10,000 characters."""
    from hypothesis import strategies as st

    return st.lists(_pieces(), max_size=25).map("".join)


def items():
    """What `Pipeline.pipe` takes: texts, bytes (encoded or random) and records with metadata
    (a publication date may be garbage)."""
    from hypothesis import strategies as st

    encoded = st.tuples(texts(), st.sampled_from(["utf-8", "utf-16-le", "utf-16", "cp1252",
                                                  "latin-1", "utf-32"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace"))
    published = st.one_of(st.none(), st.dates().map(str), st.text(max_size=20))
    records = st.fixed_dictionaries({"text": texts(), "published": published,
                                     "title": st.one_of(st.none(), st.text(max_size=50))})
    return st.one_of(texts(), texts(), encoded, st.binary(max_size=3_000), records)


def problems_with(analysis) -> list[str]:
    """What is wrong with one analysis: a rejection without a reason, evidence that does not
    point at its text, or records that do not serialise."""
    try:
        analysis.to_json()
    except Exception as exc:
        return [f"cannot be written as JSON: {exc!r}"]
    if not analysis.ok:
        fatal = [p for p in analysis.problems if p.fatal]
        return [] if fatal and all(p.reason and p.error for p in fatal) else \
            [f"rejected without a reason: {analysis.problems}"]
    text = analysis.document.text
    return [f"span {s} does not match the text" for s in spans(analysis)
            if not (0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text)]


def spans(record):
    """Every evidence `Span` inside a record, however deep."""
    import dataclasses

    from sitroom.records import Span

    if isinstance(record, Span):
        yield record
    elif dataclasses.is_dataclass(record):
        for field in dataclasses.fields(record):
            yield from spans(getattr(record, field.name))
    elif isinstance(record, list | tuple):
        for value in record:
            yield from spans(value)
