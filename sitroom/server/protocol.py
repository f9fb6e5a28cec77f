"""uvicorn's HTTP/1.1 protocol with a deadline for the head of each request.

uvicorn waits for a request line and headers for as long as the client likes: a few
connections that send half a request and stop ("slowloris") would hold every place under
`limit_concurrency`, and the server would refuse everyone else with 503. Here a connection
must deliver each request's head within `timeout_keep_alive` seconds (the time a client may
stay idle between requests anyway), or it is closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class DeadlineH11(H11Protocol):
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a request's head has come in
            self._disarm()

    def on_response_complete(self) -> None:
        self._arm()  # first: the parent may take a pipelined request at once, and disarm
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.config.timeout_keep_alive, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()
