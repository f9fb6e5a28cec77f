"""What `sitroom serve` guarantees against hostile articles and hostile requests."""

from __future__ import annotations

import hashlib
import re

import pytest
from click.testing import CliRunner

import web_corpus
from sitroom.server.app import CSP, STATIC
from sitroom.server.db import Database, QueryTimeout
from sitroom.store import Store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return web_corpus.corpus(pipeline, tmp_path_factory)


@pytest.fixture(scope="module")
def web(db):
    with web_corpus.client(db) as client:
        yield client


def _hostile_ids(db) -> list[str]:
    with Store(db) as store:
        return [r[0] for r in store.sql("SELECT id FROM documents WHERE text LIKE "
                                        "'%__pwned%' ORDER BY id").rows()]


@pytest.mark.parametrize("path", ["/", "/api/stats", "/static/app.js", "/api/nothing",
                                  "/static/nothing.js", "/api/actors/person:nobody"])
def test_web_security_every_response_has_the_policy(web, path):
    response = web.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert "script-src 'self';" in CSP and "unsafe-inline" not in CSP
    assert "default-src 'none'" in CSP and "frame-ancestors 'none'" in CSP
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_web_security_docs_allow_inline_styles_only(web):
    policy = web.get("/docs").headers["content-security-policy"]
    assert "script-src 'self';" in policy and "'unsafe-inline'" in policy.split("style-src")[1]
    assert policy.count("unsafe-inline") == 1


def test_web_security_pages_have_no_inline_script_or_handler():
    for page in STATIC.glob("*.html"):
        text = page.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), page.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), page.name
        assert "//" not in re.sub(r"https?://www\.w3\.org", "", "".join(
            re.findall(r'(?:src|href)="([^"]*)"', text))), f"{page.name} loads from elsewhere"
    script = (STATIC / "app.js").read_text()
    assert script.count("innerHTML") == 1, "only the renderer's escaped article may be HTML"


def test_web_security_hostile_article_is_escaped(web, db):
    for doc_id in _hostile_ids(db):
        html = web.get(f"/api/articles/{doc_id}/view").json()["html"]
        assert "<script" not in html and "<img" not in html and "<a href=\"javascript" not in html
        assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
        assert not re.search(r"href=\"(?!#/)", html), "links only to the page's own views"


def test_web_security_database_is_read_only(db):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    database = Database(db)
    try:
        database.lock_down()
        with database.cursor() as cursor:
            for sql in ("INSERT INTO meta VALUES ('x', 'y')", "DELETE FROM documents",
                        "CREATE TABLE evil (x INT)", "DROP TABLE quotes",
                        "SELECT * FROM read_csv('/etc/passwd')",
                        "COPY documents TO '/tmp/sitroom-leak.csv'",
                        "ATTACH '/tmp/other.duckdb' AS other", "SET enable_external_access = true"):
                with pytest.raises(Exception):
                    cursor.execute(sql)
    finally:
        database.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_web_security_serving_leaves_the_database_unchanged(db):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with web_corpus.client(db) as client:
        for path in ("/api/stats", "/api/network", "/api/map", "/api/search?q=NATO"):
            assert client.get(path).status_code == 200
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_web_security_slow_queries_are_interrupted(db):
    database = Database(db)
    try:
        with pytest.raises(QueryTimeout):
            with database.cursor(timeout=0.2) as cursor:
                cursor.execute("SELECT count(*) FROM range(1000000000000) a "
                               "WHERE a.range % 7 = 3").fetchall()
    finally:
        database.close()


def test_web_security_serve_listens_on_loopback_by_default():
    from sitroom.cli import cli

    host = next(p for p in cli.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"
    help_text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "127.0.0.1" in help_text


def test_web_security_unknown_hosts_are_refused(web):
    """A page elsewhere cannot read the API by pointing its own name at 127.0.0.1."""
    assert web.get("/api/stats", headers={"host": "evil.example"}).status_code == 400
    assert web.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
    assert web.get("/api/stats", headers={"host": "[::1]:8000"}).status_code == 200


def test_web_security_request_limits(web):
    assert web.post("/api/stats").status_code == 405
    assert web.put("/api/stats", content=b"x").status_code == 405
    big = web.request("GET", "/api/stats", content=b"x" * 20_000)
    assert big.status_code == 413
    chunked = web.request("GET", "/api/stats", content=iter([b"x" * 10]))
    assert chunked.status_code == 413
    assert web.get("/api/search", params={"q": "x" * 5000}).status_code == 414
    assert web.get("/api/search", params={"q": "x" * 300}).status_code == 422


@pytest.mark.parametrize("path", ["/static/../app.py", "/static/%2e%2e/app.py",
                                  "/static/..%2fapp.py", "/static/vendor/../../app.py",
                                  "/static//etc/passwd", "/static/%2fetc%2fpasswd",
                                  "/static/..%5c..%5capp.py", "/static/../../render.py"])
def test_web_security_no_path_traversal(web, path):
    response = web.get(path)
    assert response.status_code == 404
    assert b"import" not in response.content and b"root:" not in response.content
