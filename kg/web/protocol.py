"""The HTTP protocol ``kg serve`` speaks: uvicorn's (httptools, the parser in C) with the request's
head bounded.

uvicorn keeps a request line and headers in memory however long they grow: one client sending a
300 MB URL took the server from 48 to 431 MiB. Here a request whose line passes ``most_url`` bytes
is answered 414 and one whose headers pass ``most_headers`` bytes 431, and the connection is closed
at once, before more of it is read. A request's body is bounded where it is read
(:func:`kg.web.security.body_within`).
"""
from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

#: headers a browser or a SPARQL client sends take a few kilobytes; servers commonly allow 8-64 KB
MOST_HEADERS = 64 * 1024


class _TooLarge(Exception):
    """Raised from a parser callback: the parser stops (httptools raises its own error, which
    uvicorn answers through :meth:`BoundedHttpTools.send_400_response`)."""


class BoundedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request line or headers over their bounds."""

    most_url = 3 * 200_000 + 4096  # a query of 200,000 bytes, percent-encoded, and its path
    most_headers = MOST_HEADERS
    _refusal: tuple[int, str] | None = None

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._url_bytes = self._header_bytes = 0

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
        status, message = self._refusal
        reason = {414: b"URI Too Long", 431: b"Request Header Fields Too Large"}[status]
        body = message.encode("ascii")
        self.transport.write(b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                             b"x-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n"
                             b"connection: close\r\n\r\n%s" % (status, reason, len(body), body))
        self.transport.close()


def bounded(most_request_bytes: int) -> type[BoundedHttpTools]:
    """The protocol for a server whose queries are at most ``most_request_bytes`` long."""
    return type("BoundedHttpTools", (BoundedHttpTools,), {"most_url": 3 * most_request_bytes + 4096})
