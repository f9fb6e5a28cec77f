"""The web application: the JSON API, the page and its assets, and the guards around them.

Guards, outermost first: every response carries a Content-Security-Policy that lets only our
own scripts run (no inline script, no inline event handler, nothing from elsewhere) and headers
that stop sniffing, framing and referrers; a request whose Host is not one we serve is refused
(a web page cannot reach a local server through DNS rebinding); only GET and HEAD are served,
with a bounded URL and no body; queries are interrupted past a time limit (`db`). Static files
are served from a list made at start-up, so no path can lead outside it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from ..errors import SitroomError
from . import api, index
from .cache import Answers
from .db import Database, QueryTimeout
from .queries import NotFound
from .state import Settings, Web

STATIC = Path(__file__).parent / "static"
RENDER = Path(__file__).parents[1] / "data" / "render"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes; its scripts still come from here only.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
           "x-frame-options": "DENY", "cross-origin-opener-policy": "same-origin",
           "cross-origin-resource-policy": "same-origin"}
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".json": "application/json",
         ".png": "image/png", ".svg": "image/svg+xml"}


def create_app(settings: Settings) -> FastAPI:
    """Open the corpus read-only, build the summaries, and return the app."""
    db = Database(settings.db)
    try:
        with db.cursor() as cursor:
            summaries = index.build(cursor)
        db.lock_down()
    except Exception:
        db.close()
        raise

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    app = FastAPI(title="sitroom", version="1", lifespan=lifespan, docs_url=None,
                  redoc_url=None, description="The records of a sitroom corpus: articles "
                  "with their evidence, actors, networks, stances, places and timelines.")
    app.state.web = Web(settings=settings, db=db, index=summaries,
                        answers=Answers(settings.cache_size))
    app.include_router(api.router)
    _pages(app, assets())
    _errors(app)
    app.add_middleware(Limits, settings=settings)
    app.add_middleware(Hosts, allowed=settings.allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


def assets() -> dict[str, tuple[bytes, str]]:
    """Every file the page may load, by the name it is asked for under /static/."""
    found = {}
    for root, prefix in ((STATIC, ""), (RENDER, "render/")):
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix in TYPES:
                name = prefix + path.relative_to(root).as_posix()
                found[name] = (path.read_bytes(), TYPES[path.suffix])
    return found


def _pages(app: FastAPI, files: dict[str, tuple[bytes, str]]) -> None:
    def send(name: str) -> Response:
        if name not in files:
            return JSONResponse({"error": "no such file"}, status_code=404)
        body, kind = files[name]
        return Response(body, media_type=kind, headers={"cache-control": "no-cache"})

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return send("index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        response = send("docs.html")
        response.headers["content-security-policy"] = DOCS_CSP
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/static/{name:path}", include_in_schema=False)
    def static(name: str) -> Response:
        return send(name)


def _errors(app: FastAPI) -> None:
    for kind, status in ((NotFound, 404), (QueryTimeout, 503), (SitroomError, 400)):
        app.add_exception_handler(kind, _handler(status))


def _handler(status: int):
    async def handle(_request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": str(exc)}, status_code=status)

    return handle


# --- middleware (plain ASGI, so that they also guard error responses) -------------------

async def _refuse(send, status: int, message: str) -> None:
    body = ('{"error": "%s"}' % message).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Adds the CSP and the other protective headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = {"content-security-policy": CSP, **HEADERS}
                headers += [(k.encode(), v.encode()) for k, v in extra.items()
                            if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class Hosts:
    """Serves only requests addressed to a host we listen as (`*` allows any)."""

    def __init__(self, app, allowed: tuple[str, ...]):
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and "*" not in self.allowed:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host[1:host.find("]")] if host.startswith("[") else host.split(":")[0]
            if name not in self.allowed:
                return await _refuse(send, 400, "unknown host")
        await self.app(scope, receive, send)


class Limits:
    """GET and HEAD only, a bounded URL, and no request body."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            problem = self._problem(scope)
            if problem:
                return await _refuse(send, *problem)
        await self.app(scope, receive, send)

    def _problem(self, scope) -> tuple[int, str] | None:
        if scope["method"] not in ("GET", "HEAD"):
            return 405, "only GET and HEAD are served"
        if len(scope.get("raw_path") or b"") + len(scope["query_string"]) > \
                self.settings.max_url_chars:
            return 414, "URL too long"
        headers = dict(scope["headers"])
        if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
            return 413, "request bodies are not accepted"
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.settings.max_body_bytes:
            return 413, "request body too large"
        return None
