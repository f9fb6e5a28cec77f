"""`sitroom serve`: the web page and JSON API over a corpus database."""

from __future__ import annotations

from pathlib import Path

import click

from ..store import DEFAULT_DB

_ANY = ("0.0.0.0", "::")


@click.command()
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
              show_default=True, envvar="SITROOM_DB", help="corpus database file (read-only)")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="address to listen on (0.0.0.0: every interface, reachable by others)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--query-seconds", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="time limit of a request's queries")
@click.option("--cache-size", type=click.IntRange(0), default=2048, show_default=True,
              help="answers kept in memory (0: compute every answer)")
@click.option("--log-level", type=click.Choice(("critical", "error", "warning", "info")),
              default="info", show_default=True)
def serve(db: Path, host: str, port: int, query_seconds: float, cache_size: int,
          log_level: str) -> None:
    """Serve a page to explore a corpus: articles with their evidence, actors, networks,
    stances, a map and timelines, and the JSON API behind it (OpenAPI docs at /docs).

    The database is opened read-only; an ingest cannot write to it while it is served.
    Listens on 127.0.0.1 only, unless --host says otherwise.

    Example:

        sitroom serve --db corpus.duckdb --port 8000
    """
    import uvicorn

    from ..server import Settings, create_app
    from ..server.protocol import DeadlineH11
    from ..server.state import LOCAL_HOSTS

    allowed = ("*",) if host in _ANY else (*LOCAL_HOSTS, host)
    click.echo(f"reading {db} ...", err=True)
    app = create_app(Settings(db=db, query_seconds=query_seconds, cache_size=cache_size,
                              allowed_hosts=allowed))
    click.echo(f"serving {db} on http://{_shown(host)}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False,
                limit_concurrency=200, timeout_graceful_shutdown=5, http=DeadlineH11,
                timeout_keep_alive=5)


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host
