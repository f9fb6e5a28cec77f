"""A small corpus for the web tests: the bundled demo article, the seed article and two PolNeAR
texts when ../shared/data is there, and two hostile articles (one analysed by the pipeline,
one built by hand) whose text, title, URL and quote carry script payloads. A payload that ran
would set `window.__pwned`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sitroom.eval import data_root
from sitroom.records import Actor, Analysis, Document, Mention, Quote, Span
from sitroom.store import Store

POLNEAR = ("quotes/polnear/data/dev/text", 2)
HOSTILE_TEXT = (
    'Hostile report <script>window.__pwned = "script"</script>\n\n'
    'Vladimir Putin said "<img src=x onerror=window.__pwned=\'onerror\'> NATO is a threat" on '
    'Monday. Read <a href="javascript:window.__pwned=\'link\'">more</a> here.\n')
HOSTILE_TITLE = '<img src=x onerror=window.__pwned="title">'
HOSTILE_URL = "javascript:window.__pwned='url'"


def demo_text() -> str:
    return (resources.files("sitroom") / "data" / "demo" / "article.txt").read_text("utf-8")


def texts() -> list[tuple[str, dict]]:
    """(text, metadata) of the articles run through the pipeline."""
    found = [(demo_text(), {"published": "2023-04-04", "outlet": "sitroom demo"}),
             (HOSTILE_TEXT, {"published": "2023-05-02", "title": HOSTILE_TITLE,
                             "url": HOSTILE_URL, "outlet": "<b>outlet</b>"})]
    root = data_root()
    if root.is_dir():
        found.append(((root / "seed/000_4d762959a16494a9.txt").read_text("utf-8"),
                      {"published": "2023-07-13", "outlet": "seed"}))
        folder, count = POLNEAR
        for path in sorted((root / folder).glob("*.txt"))[:count]:
            found.append((path.read_text("utf-8"), {"published": _polnear_date(path.name),
                                                    "outlet": path.name.split("_")[0]}))
    return found


def _polnear_date(name: str) -> str | None:
    parts = name.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 10 else None


def hand_built() -> Analysis:
    """A hostile quote with an exact speaker and content, whatever the pipeline makes of it."""
    text = HOSTILE_TEXT
    start = text.index("Vladimir Putin")
    speaker = Span(start=start, end=start + 14, text="Vladimir Putin")
    begin, end = text.index('"<img') + 1, text.index('threat"') + 6
    content = Span(start=begin, end=end, text=text[begin:end])
    document = Document(id="hostile-by-hand", text=text, title=HOSTILE_TITLE, url=HOSTILE_URL,
                        published="2023-05-03")
    return Analysis(
        document=document, model="by hand",
        actors=[Actor(id="person:vladimir-putin", name="Vladimir Putin", kind="person",
                      country="RUS", sector="GOV", code="RUSGOV", aliases=("Putin",))],
        mentions=[Mention(doc_id=document.id, span=speaker, actor_id="person:vladimir-putin",
                          label="PERSON", how="name")],
        quotes=[Quote(doc_id=document.id, id="q1", kind="direct", cue_type="speech",
                      evidence=content, content=(content,), speaker=speaker,
                      speaker_actor="person:vladimir-putin")])


def build(path: Path, pipeline) -> Path:
    """Analyse the articles and store them (with the hand-built one) in a new database."""
    analyses = [pipeline.analyze(text, **meta) for text, meta in texts()]
    with Store(path, writable=True) as store:
        store.add([*analyses, hand_built()])
    return path


_BUILT: dict[str, Path] = {}


def corpus(pipeline, tmp_path_factory) -> Path:
    """The web tests' corpus, built once per test session."""
    if "path" not in _BUILT:
        _BUILT["path"] = build(tmp_path_factory.mktemp("web") / "web.duckdb", pipeline)
    return _BUILT["path"]


def client(path: Path, **settings):
    from fastapi.testclient import TestClient

    from sitroom.server import Settings, create_app

    return TestClient(create_app(Settings(db=path, **settings)), base_url="http://127.0.0.1")
