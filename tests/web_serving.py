"""`sitroom serve` as a user starts it: a subprocess on a free port, ready when it answers."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, *options: str, log: Path | None = None) -> Iterator[tuple[str, int]]:
    """Run `sitroom serve --db db *options` on a free port; yields (base URL, port). Its
    output goes to `log`, so a test can look for errors the clients did not see."""
    port = free_port()
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    server = subprocess.Popen([sys.executable, "-m", "sitroom", "serve", "--db", str(db),
                               "--port", str(port), "--log-level", "warning", *options],
                              stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(server, base)
        yield base, port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if log:
            out.close()


def _wait(server: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"sitroom serve exited with {server.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"sitroom serve did not answer within {START_SECONDS} s")
