"""Untrusted text in every field the page shows, through every view, in headless Chromium.

test_web_browser.py opens a hostile article; here the payloads are also in what the other views
draw: actor ids, names and aliases, the outlet, title and URL, quote content, event actors, a
place name and a proposition. Each payload would set `window.__pwned` to where it came from.
Nothing may run, no element may get an event-handler attribute, and no link may lead anywhere
but the page's own routes or an http(s) page."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from sitroom.records import (Actor, Analysis, Claim, Document, Event, Mention, Place, Quote,
                             SentenceSource, Span, Stance, Tone)
from sitroom.store import Store
from test_web_browser import browser, page  # noqa: F401 (fixtures: Debian's Chromium, a tab)
from web_serving import serving

pytestmark = pytest.mark.browser  # no model: the records are built by hand


def payloads(where: str) -> list[str]:
    """Script in the forms that run when text lands in HTML, an attribute, a URL or a script."""
    run = f"window.__pwned='{where}'"
    return [f"<script>{run}</script>", f"<img src=x onerror=\"{run}\">",
            f"\"><svg onload=\"{run}\">", f"javascript:{run}", f"');{run};//"]


ACTOR = "person:" + payloads("actor-id")[2]
OTHER = "gov:" + payloads("other-id")[1]
PROPOSITION = f"membership({payloads('proposition')[1]}, NATO)"


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start=start, end=start + len(part), text=part)


def hostile_analysis() -> Analysis:
    said = " ".join(payloads("quote"))
    text = (f"Hostile Speaker said \"{said}\" in Hostile Town. Hostile Speaker met "
            f"Hostile Ministry. {' '.join(payloads('text'))}\n"
            f"{' '.join(payloads('cause'))} led to {' '.join(payloads('effect'))}.\n")
    speaker, ministry = _span(text, "Hostile Speaker"), _span(text, "Hostile Ministry")
    content, town, met = _span(text, said), _span(text, "Hostile Town"), _span(text, "met")
    sentence = _span(text, "Hostile Speaker met Hostile Ministry.")
    cause, unnamed = _span(text, " ".join(payloads("cause"))), _span(text, payloads("text")[0])
    doc = Document(id="pwned-everywhere", text=text, title=" ".join(payloads("title")),
                   url=payloads("url")[3], outlet=payloads("outlet")[1], published="2023-06-01")
    return Analysis(
        document=doc, model=payloads("model")[1],
        actors=[Actor(id=ACTOR, name=" ".join(payloads("actor-name")), kind="person",
                      country="RUS", code=payloads("code")[2], aliases=tuple(payloads("alias"))),
                Actor(id=OTHER, name=payloads("other-name")[0], kind="gov", country="UKR")],
        mentions=[Mention(doc_id=doc.id, span=speaker, actor_id=ACTOR, label="PERSON", how="name"),
                  Mention(doc_id=doc.id, span=ministry, actor_id=OTHER, label="ORG", how="name")],
        quotes=[Quote(doc_id=doc.id, id="q1", kind="direct", cue_type="speech", evidence=content,
                      content=(content,), speaker=speaker, speaker_actor=ACTOR),
                Quote(doc_id=doc.id, id="q2", kind="indirect", cue_type="speech",
                      evidence=cause, content=(cause,), speaker=unnamed)],
        events=[Event(doc_id=doc.id, id="e1", evidence=sentence, trigger=met, cameo="040",
                      root="04", quad_class=1, goldstein=1.0, source=speaker, source_actor=ACTOR,
                      target=ministry, target_actor=OTHER, date="2023-06-01", place_id="p1")],
        stances=[Stance(doc_id=doc.id, evidence=content, holder_actor=ACTOR,
                        proposition=PROPOSITION, proposition_text=payloads("stance")[0],
                        polarity=1, holder=speaker)],
        places=[Place(doc_id=doc.id, id="p1", span=town, name=" ".join(payloads("place")),
                      geonames_id=703448, country="UA", lat=50.45, lon=30.52, feature_class="P")],
        tones=[Tone(doc_id=doc.id, scope="actor", score=-0.5, evidence=content,
                    target_actor=OTHER)],
        claims=hostile_claims(doc.id, text),
        sentences=[SentenceSource(doc_id=doc.id, span=_span(text, f"Hostile Speaker said "
                                                                  f"\"{said}\""),
                                  sourcing="quoted", via_quote="q1"),
                   SentenceSource(doc_id=doc.id, span=_span(text, " ".join(payloads("text"))),
                                  sourcing="unattributed")])


def hostile_claims(doc_id: str, text: str) -> list[Claim]:
    """One claim as the hostile actor's, the article's own, and an unnamed speaker's (q2,
    whose words the claims view shows): cause, signal, effect and speaker are payloads."""
    cause, effect = _span(text, " ".join(payloads("cause"))), _span(text, " ".join(payloads(
        "effect")))
    signal, line = _span(text, "led to"), _span(text, text.splitlines()[-1])
    return [Claim(doc_id=doc_id, evidence=line, kind="causal", cause=cause, effect=effect,
                  claimant=claimant, attributed=claimant != "author", signal=signal,
                  via_quote=via)
            for claimant, via in ((ACTOR, "q1"), ("author", None), ("unknown", "q2"))]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile-web") / "hostile.duckdb"
    with Store(db, writable=True) as store:
        store.add([hostile_analysis()])
    with serving(db) as (base, _port):
        yield base + "/"


def _routes() -> dict[str, tuple[str, str]]:
    """Every view, and a selector that shows it drew the hostile records."""
    actor, other = quote(ACTOR, safe=""), quote(OTHER, safe="")
    return {
        "home": ("#/", "table a.actor"),
        "search": ("#/search?q=Hostile", "ol.hits li a.article"),
        "article": ("#/article/pwned-everywhere/q1", "#text span[data-r]"),
        "actor": (f"#/actor/{actor}", "ol.quotes li.quote"),
        "network": ("#/network", "svg.network a.node"),
        "stance": (f"#/stance?p={quote(PROPOSITION, safe='')}", ".board .side"),
        "claims": (f"#/claims?claimant={actor}", ".panel.claims a.article .mk-cause"),
        "claims-all": ("#/claims", ".panel.unsourced a.article"),
        "map": ("#/map", "svg.map circle.place"),
        "timeline": (f"#/timeline?source={actor}&target={other}", "svg.chart rect"),
    }


SCAN = """() => {
  const handlers = [], links = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) handlers.push(el.tagName + ' ' + a.name);
    }
    const href = el.getAttribute('href') || el.getAttribute('xlink:href');
    if (href !== null && !/^(#|\\/(?!\\/)|https?:\\/\\/)/i.test(href)) links.push(href);
  }
  const injected = document.querySelectorAll('#view script, #view img, #view iframe, '
                                             + '#view object, #view embed').length;
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned),
          handlers, links, injected};
}"""


@pytest.mark.parametrize("name", list(_routes()))
def test_web_hostile_browser_every_view_runs_nothing(page, base_url, name):  # noqa: F811
    route, drawn = _routes()[name]
    page.goto(base_url + route)
    page.wait_for_selector("#view[aria-busy=false]")
    assert page.locator(drawn).count() > 0, f"{name}: the hostile records are not drawn"
    for clickable in ("svg.map circle.place", "#records li"):  # popups and highlights too
        if page.locator(clickable).count():
            page.locator(clickable).first.click()
    if name == "map":  # the place's events open beside the map
        page.wait_for_selector("ol.events li")
    page.wait_for_timeout(300)
    found = page.evaluate(SCAN)
    assert found == {"pwned": None, "handlers": [], "links": [], "injected": 0}, found
    assert page.problems == [], page.problems
