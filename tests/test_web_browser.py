"""The page of `sitroom serve` in a real headless Chromium (Debian's, driven by playwright):
every view draws, a click path leads from an actor to a quote to its highlighted sentence,
and a hostile article runs nothing. Screenshots land in test-output/screenshots/."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

import web_corpus
from sitroom import render

pytestmark = [pytest.mark.browser, pytest.mark.model]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
STOLTENBERG = "person:jens-stoltenberg"


@pytest.fixture(scope="module")
def base_url(pipeline, tmp_path_factory):
    import uvicorn

    from sitroom.server import Settings, create_app

    db = web_corpus.corpus(pipeline, tmp_path_factory)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=db)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: `make test` installs it (make browser)")
        pytest.skip("Debian's chromium is not installed: run `make browser` (apt-get install "
                    "chromium) to run the browser tests")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=ARGS, viewport={"width": 1280, "height": 860})
        yield context
        context.close()


@pytest.fixture
def page(browser):
    """A tab that records script errors, console errors and dialogs."""
    tab = browser.new_page()
    tab.problems = []
    tab.on("pageerror", lambda exc: tab.problems.append(f"error: {exc}"))
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(f"console: {m.text}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    tab.close()


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#view[aria-busy=false]")


VIEWS = {
    "home": ("#/", "#view[data-view=home] table a.actor"),
    "search": ("#/search?q=NATO", "ol.hits li a.article"),
    "article": (None, "#text span[data-r] >> nth=0"),
    "actor": (f"#/actor/{STOLTENBERG}", "ol.quotes li.quote a.article"),
    "network": ("#/network", "svg.network a.node circle"),
    "stance": ("#/stance?p=membership(FIN%2C%20NATO)", ".board .side h3"),  # demo article
    "claims": ("#/claims", ".panel.claims td a.article .mk-cause"),
    "map": ("#/map", "svg.map circle.place"),
    "timeline": ("#/timeline?source=state%3AFIN&target=igo%3ANATO", "svg.chart rect"),
}


@pytest.mark.parametrize("name", VIEWS)
def test_web_browser_view_draws(page, base_url, name):
    route, ready = VIEWS[name]
    if route is None:
        _open(page, base_url + "#/search?q=Finland")
        page.click("ol.hits li a.article >> nth=0")
    else:
        page.goto(base_url + route)
    page.wait_for_selector("#view[aria-busy=false]")
    assert page.locator(ready).count() > 0, f"{name}: nothing matches {ready}"
    if name == "map":
        assert page.locator("svg.map path.land").count() > 100, "the offline basemap is drawn"
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    assert page.problems == []


def test_web_browser_api_docs(page, base_url):
    page.goto(base_url + "docs")
    page.wait_for_selector("#swagger-ui .opblock, #swagger-ui section")
    page.screenshot(path=str(SHOTS / "docs.png"))
    assert page.problems == []


def test_web_browser_actor_to_quote_to_highlighted_sentence(page, base_url):
    _open(page, base_url)
    page.fill("#q", "Stoltenberg")
    page.press("#q", "Enter")
    page.wait_for_selector("#view[data-view=search][aria-busy=false]")
    page.click("a.actor:text-is('Jens Stoltenberg')")
    page.wait_for_selector("#view[data-view=actor][aria-busy=false]")
    quote = page.locator("ol.quotes li.quote a.article").first
    quote_text = quote.inner_text().strip("“”")
    route = quote.get_attribute("href")
    quote_id = route.rsplit("/", 1)[1]
    quote.click()
    page.wait_for_selector("#view[data-view=article][aria-busy=false]")
    flashed = page.locator(f"#text .flash[data-r~='{quote_id}']")
    assert flashed.count() > 0, "the quote's evidence is highlighted"
    highlighted = "".join(flashed.all_inner_texts())
    content = "".join(page.locator(f"#text .mk-quote[data-r~='{quote_id}']").all_inner_texts())
    assert content and content.split()[0] in quote_text and content in highlighted
    assert page.locator(f"#records li.on[data-id='{quote_id}']").count() == 1
    page.screenshot(path=str(SHOTS / "actor-quote-sentence.png"))
    assert page.problems == []


def test_web_browser_claims_filtered_to_the_flashed_claim(page, base_url):
    _open(page, base_url + "#/claims")
    assert page.locator(".panel.sourcing svg.share rect").count() > 0, "outlets' shares"
    page.fill("input[name=claimant]", "Analysts")  # an unnamed speaker in the demo article
    page.press("input[name=claimant]", "Enter")
    page.wait_for_selector("#view[aria-busy=false] h1:has-text('by Analysts')")
    rows = page.locator(".panel.claims tbody tr")
    assert rows.count() > 0
    assert all("Analysts (unresolved)" in c for c in
               page.locator(".panel.claims tbody tr td:nth-child(2)").all_inner_texts())
    claim = page.locator(".panel.claims a.article").first
    record = claim.get_attribute("href").rsplit("/", 1)[1]
    cause = claim.locator(".mk-cause").inner_text()
    page.screenshot(path=str(SHOTS / "claims-filtered.png"))
    claim.click()
    page.wait_for_selector("#view[data-view=article][aria-busy=false]")
    assert record.startswith("c")
    assert page.locator(f"#text .flash[data-r~='{record}']").count() > 0, "the claim flashes"
    marked = "".join(page.locator(f"#text .mk-cause[data-r~='{record}']").all_inner_texts())
    assert " ".join(marked.split()) == " ".join(cause.split())
    assert page.locator(f"#records li.on[data-id='{record}']").count() == 1
    page.screenshot(path=str(SHOTS / "claim-in-article.png"))
    assert page.problems == []


def _pwned(page):
    return page.evaluate("window.__pwned === undefined ? null : String(window.__pwned)")


def _links(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")


def test_web_browser_hostile_article_runs_nothing(page, base_url):
    _open(page, base_url + "#/search?q=pwned")
    articles = page.eval_on_selector_all("ol.hits a.article", "els => els.map(e => e.href)")
    assert len(articles) == 2
    for url in articles:
        _open(page, url)
        assert page.locator("#text").inner_text().count("<script>") == 1, "shown as text"
        assert page.locator("#text img, #text script, #text a, .article-head img").count() == 0
        page.click("#text >> text=more")  # the article's fake link is plain text
        page.click("#records li >> nth=0")
        assert all(h.startswith(("#/", "/")) for h in _links(page)), _links(page)
    _open(page, base_url + "#/actor/person:vladimir-putin")
    page.click("ol.quotes li.quote a.article >> nth=0")
    page.wait_for_selector("#view[data-view=article][aria-busy=false]")
    assert _pwned(page) is None
    page.screenshot(path=str(SHOTS / "hostile-article.png"))
    assert [p for p in page.problems if "dialog" in p or "error:" in p] == []


def test_web_browser_standalone_page_runs_nothing(page, tmp_path):
    """The same check on `sitroom analyze --format html`, the renderer's other user."""
    target = tmp_path / "hostile.html"
    target.write_text(render.page(web_corpus.hand_built()), encoding="utf-8")
    page.goto(target.as_uri() + "#q1")
    assert page.locator("#text .flash").count() > 0, "its own script runs"
    assert _pwned(page) is None
    assert page.locator("#text img, #text script, #text a").count() == 0
    assert page.problems == []
