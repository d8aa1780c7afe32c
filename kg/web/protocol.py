"""The HTTP protocol ``kg serve`` speaks: uvicorn's (httptools, the parser in C) with the request's
head bounded.

uvicorn keeps a request line and headers in memory however long they grow: one client sending a
300 MB URL took the server from 48 to 431 MiB. Here a request whose line passes ``most_url`` bytes
is answered 414 and one whose headers pass ``most_headers`` bytes 431, and the connection is closed
at once, before more of it is read. A request's body is bounded where it is read
(:func:`kg.web.security.body_within`).

Nor does uvicorn give a request a time to arrive in: a connection opened and left silent, or a
request sent a byte at a time, was held for good (each a file descriptor and its buffers; enough
of them and no one else gets in). Here a request must arrive whole, line, headers and body, within
``most_seconds`` of its first byte (or of the connection's opening): else 408 and the connection
closed. Between requests uvicorn's own keep-alive limit applies.
"""
from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: headers a browser or a SPARQL client sends take a few kilobytes; servers commonly allow 8-64 KB
MOST_HEADERS = 64 * 1024
#: seconds a request may take to arrive: a query of 200,000 bytes needs a fraction of one
MOST_SECONDS = 30.0


def _most_url(most_request_bytes: int) -> int:
    """A request line that holds a query of ``most_request_bytes``, percent-encoded, and its path."""
    return 3 * most_request_bytes + 4096


class _TooLarge(Exception):
    """Raised from a parser callback: the parser stops (httptools raises its own error, which
    uvicorn answers through :meth:`BoundedHttpTools.send_400_response`)."""


class BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request line or headers over their bounds and a
    request too slow to arrive."""

    most_url = _most_url(200_000)
    most_headers = MOST_HEADERS
    most_seconds = MOST_SECONDS
    _refusal: tuple[int, str] | None = None
    _arriving = None  # the timer that ends a request too slow to arrive

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._expect_request()

    def connection_lost(self, exc: Exception | None) -> None:
        self._arrived()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._url_bytes = self._header_bytes = 0
        self._expect_request()

    def on_message_complete(self) -> None:
        self._arrived()
        super().on_message_complete()

    def _expect_request(self) -> None:
        self._arrived()
        self._arriving = self.loop.call_later(self.most_seconds, self._too_slow)

    def _arrived(self) -> None:
        if self._arriving is not None:
            self._arriving.cancel()
            self._arriving = None

    def _too_slow(self) -> None:
        self._arriving = None
        if self.transport.is_closing():
            return
        if self.cycle is None or not self.cycle.response_started:  # nothing written yet: say why
            self._write_refusal(408, f"the request did not arrive whole within {self.most_seconds:g} s")
        self.transport.close()

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > self.most_url:
            self._stop(414, f"the request's URL is over {self.most_url:,} bytes; send a long query by POST")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > self.most_headers:
            self._stop(431, f"the request's headers are over {self.most_headers:,} bytes")
        super().on_header(name, value)

    def _stop(self, status: int, message: str) -> None:
        self._refusal = (status, message)
        raise _TooLarge(message)

    def send_400_response(self, msg: str) -> None:
        if self._refusal is None:
            return super().send_400_response(msg)
        self._write_refusal(*self._refusal)
        self.transport.close()

    def _write_refusal(self, status: int, message: str) -> None:
        reason = {408: b"Request Timeout", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}[status]
        body = message.encode("ascii")
        self.transport.write(b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                             b"x-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n"
                             b"connection: close\r\n\r\n%s" % (status, reason, len(body), body))


def bounded(most_request_bytes: int, most_seconds: float = MOST_SECONDS) -> type[BoundedHttpTools]:
    """The protocol for a server whose queries are at most ``most_request_bytes`` long, each given
    ``most_seconds`` to arrive."""
    return type("BoundedHttpTools", (BoundedHttpTools,), {"most_url": _most_url(most_request_bytes),
                                                          "most_seconds": most_seconds})
