"""`sitroom serve` run as a user runs it (a subprocess): it listens on loopback only unless told
otherwise, gives 50 concurrent clients exactly the answers one client gets alone, cuts off a
request whose query runs too long and goes on serving, drops connections that never finish
their request, and refuses an oversized request head."""

from __future__ import annotations

import random
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

import web_corpus
from web_serving import serving

pytestmark = pytest.mark.model
CLIENTS = 50
REQUESTS_PER_CLIENT = 12


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    return web_corpus.corpus(pipeline, tmp_path_factory)


@pytest.fixture(scope="module")
def served(db):
    """`sitroom serve` with its default options: (base URL, port)."""
    with serving(db) as where:
        yield where


def _listening(port: int) -> set[str]:
    """The addresses something listens on at `port`, from the kernel's socket tables."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]) if len(address) == 8
                          else address)
    return found


def _other_addresses() -> list[str]:
    """This machine's IPv4 addresses off the loopback, as the routing table sees them."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return []
        mine = probe.getsockname()[0]
    return [] if mine.startswith("127.") or mine == "0.0.0.0" else [mine]


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux socket tables")
def test_web_reliability_serve_listens_on_loopback_only(served):
    base, port = served
    assert _listening(port) == {"127.0.0.1"}
    assert httpx.get(base + "/api/stats").status_code == 200
    for address in _other_addresses():
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://{address}:{port}/api/stats", timeout=2)


def _paths(client) -> list[str]:
    """A request for every endpoint over the corpus, bad ones included."""
    def get(path: str, **params):
        return client.get(path, params=params).json()

    docs = [a["id"] for a in get("/api/search", q="the", limit=100)["articles"]]
    actors = [a["id"] for a in get("/api/actors", limit=8)]
    dyad = get("/api/dyads")[0]
    place = get("/api/map")["places"][0]["key"]
    proposition = get("/api/propositions")[0]["proposition"]
    paths = ["/api/stats", "/api/search?q=NATO", "/api/search?q=%22foreign%20minister%22",
             "/api/actors?q=a", "/api/network", "/api/network?quad=3&quad=4", "/api/map",
             "/api/dyads", "/api/propositions", f"/api/places/{place}",
             f"/api/timeline?{httpx.QueryParams(source=dyad['source'], target=dyad['target'])}",
             f"/api/stance?{httpx.QueryParams(p=proposition)}",
             "/api/claims", "/api/claims?claimant=author&about=NATO", "/api/sourcing",
             "/api/sourcing?by=document&limit=5", "/api/sourcing?by=planet",
             "/api/claims?since=yesterday",
             "/api/actors/person:nobody", "/api/articles/nope", "/api/search?q=",
             "/api/network?since=yesterday", "/", "/static/app.js"]
    paths += [f"/api/actors/{a}" for a in actors]
    return paths + [p for d in docs for p in (f"/api/articles/{d}", f"/api/articles/{d}/view")]


@pytest.fixture(scope="module")
def alone(db) -> dict[str, tuple[int, bytes]]:
    """What one client gets, one request at a time: {path: (status, body)}."""
    with web_corpus.client(db, cache_size=0) as client:
        return {path: _answer(client, path) for path in _paths(client)}


def _answer(client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    return response.status_code, response.content


def _load(base: str, expected: dict[str, tuple[int, bytes]]) -> list[str]:
    """50 clients at once, each asking its own random share; what came back wrong."""
    start, wrong, paths = threading.Barrier(CLIENTS), [], sorted(expected)

    def client(seed: int) -> None:
        mine = random.Random(seed).choices(paths, k=REQUESTS_PER_CLIENT)
        with httpx.Client(base_url=base, timeout=120) as session:
            start.wait()
            for path in mine:
                try:
                    got = _answer(session, path)
                except httpx.HTTPError as exc:
                    wrong.append(f"{path}: {exc!r}")
                    continue
                if got != expected[path]:
                    wrong.append(f"{path}: {got[0]} {got[1][:120]!r}")

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return wrong


@pytest.mark.parametrize("cache", ["0", "2048"])
def test_web_reliability_50_concurrent_clients_get_the_answers_of_one(db, alone, tmp_path,
                                                                      cache):
    """With no cache every request runs its own queries side by side; with the cache, many
    clients ask the same new question at once."""
    assert {status for status, _ in alone.values()} == {200, 400, 404, 422}
    log = tmp_path / "serve.log"
    with serving(db, "--cache-size", cache, log=log) as (base, _port):
        wrong = _load(base, alone)
        after = httpx.get(base + "/api/stats")
    assert wrong == [], f"{len(wrong)} wrong answers: {wrong[:5]}"
    assert after.status_code == 200
    assert "Traceback" not in log.read_text(errors="replace")


def test_web_reliability_slow_request_is_cut_off_and_serving_goes_on(db, monkeypatch):
    """A query past the time limit ends its request with 503 (not cached), and the same
    question asked again is answered."""
    from sitroom.server import queries

    real = queries.search_articles

    def slow(cursor, q, limit):
        cursor.execute("SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3")
        return cursor.fetchall()

    monkeypatch.setattr(queries, "search_articles", slow)
    with web_corpus.client(db, query_seconds=0.3) as client:
        started = time.monotonic()
        cut = client.get("/api/search", params={"q": "NATO"})
        seconds = time.monotonic() - started
        assert cut.status_code == 503 and "longer than 0.3 s" in cut.json()["error"]
        assert seconds < 5
        assert client.get("/api/stats").status_code == 200
        monkeypatch.setattr(queries, "search_articles", real)
        again = client.get("/api/search", params={"q": "NATO"})
        assert again.status_code == 200 and again.json()["articles"]


def test_web_reliability_half_requests_are_dropped(served):
    """More connections than the server takes at once (200), each sending half a request and
    then nothing: each is closed after the head's deadline (5 s), and the server answers again.
    Without the deadline they would hold it, and every other request would get 503."""
    base, port = served
    idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(210)]
    try:
        for connection in idle:
            connection.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert all(connection.recv(1024) == b"" for connection in idle), "closed"
        assert time.monotonic() - started < 15
    finally:
        for connection in idle:
            connection.close()
    assert httpx.get(base + "/api/stats").status_code == 200


def test_web_reliability_oversized_head_is_refused(served):
    """uvicorn reads at most 16 kB of a request's head; past that it answers 400 and hangs
    up, which the client may see as a reset while it is still sending."""
    base, _port = served
    try:
        status = httpx.get(base + "/api/stats", headers={"x-pad": "x" * 200_000}).status_code
    except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError):
        status = "hung up"
    assert status in (400, 431, "hung up")
    assert httpx.get(base + "/api/stats").status_code == 200
