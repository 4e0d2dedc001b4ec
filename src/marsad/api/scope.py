"""The request scope as both layers see it: ASGI types, per-request timings (Server-Timing)
and whether a request wants an HTML page. Imports nothing of Marsad's, so the API's guard
and error handlers and the web layer's renderer all stand on it without importing each other."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def timings(scope: Scope) -> dict[str, float]:
    """The per-request dict of named durations (ms) that ends up in Server-Timing."""
    state = scope.setdefault("state", {})
    return state.setdefault("timings", {})


def wants_html(scope: Scope) -> bool:
    """True for a browser on a UI path: an HTML error page, not JSON."""
    path = scope.get("path", "")
    if path.startswith("/api/") or path == "/api" or path.startswith("/openapi"):
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"")
    return b"text/html" in accept or not accept or b"*/*" in accept
