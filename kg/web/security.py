"""What every answer of the server carries, the one way an HTML page is answered, and the one
way a request's body is read (bounded: :func:`body_within`).

Every response: ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` (a link
out to a source's page tells it nothing of the query that led there). Every HTML page: its
Content-Security-Policy as a header (the one its ``<meta>`` tag states, so a page saved to disk
keeps it), with ``frame-ancestors 'self'``, which a ``<meta>`` policy cannot state: no other site
may frame our pages. An HTML answer that states no policy gets the strictest one.
"""
from __future__ import annotations

import logging
import re

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

#: for an HTML answer that states no policy of its own
STRICT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
#: for an HTML fragment of ours with no <meta> (a reconciliation preview): its inline style only
FRAGMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", STRICT_CSP)
            await send(message)

        await self.app(scope, receive, sending)


async def body_within(request: Request, most: int) -> bytes | None:
    """The request's body, or None as soon as it is over ``most`` bytes: by its Content-Length
    before any of it is read, else while it comes (chunked). Never more than ``most`` bytes (and
    one part) are held: a client sending gigabytes is refused, not buffered."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > most:
        return None
    parts, size = [], 0
    async for part in request.stream():
        size += len(part)
        if size > most:
            return None
        parts.append(part)
    return b"".join(parts)


def html_response(html: str, headers: dict | None = None, *, framed_by: str = "'self'") -> HTMLResponse:
    """``html`` answered with the policy of its ``<meta>`` tag as a header, plus who may frame it."""
    match = _META_CSP.search(html, 0, 4096)
    policy = match.group(1) if match else FRAGMENT_CSP
    return HTMLResponse(html, headers={**(headers or {}),
                                       "Content-Security-Policy": f"{policy}; frame-ancestors {framed_by}"})


async def client_left(request: Request, exc: Exception) -> Response:
    """A client that went away mid-request: one line in the log at most, no traceback."""
    logging.getLogger("kg.web").info("%s %s: the client left before its request was whole",
                                     request.method, request.url.path)
    return Response(status_code=400)
