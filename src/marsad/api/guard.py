"""One ASGI middleware around the whole app: body size cap, security headers, Server-Timing,
and a last-resort handler so that no traceback ever reaches a client.

Pure ASGI (not BaseHTTPMiddleware) so that it also wraps errors raised outside FastAPI's
own handlers and adds its headers to every response, 500s included.
"""

from __future__ import annotations

import logging
import time
import uuid

from starlette.exceptions import HTTPException

from marsad.api.errors import HtmlRenderer, error_response
from marsad.api.scope import ASGIApp, Message, Receive, Scope, Send, timings, wants_html
from marsad.errors import MarsadError

log = logging.getLogger("marsad.api")


CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# Swagger UI (/docs) is served from the assets bundled in the fastapi-offline package (no
# CDN: Marsad runs air-gapped); Swagger's own CSS needs inline styles, its scripts do not.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the cap (FastAPI re-raises HTTPExceptions)."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"{limit}")
        self.limit = limit


class Guard:
    def __init__(self, app: ASGIApp, max_body: int, render_html: HtmlRenderer | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.render_html = render_html

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        sent = {"start": False}
        if self._declared_too_large(scope):
            await self._fallback(scope, send, MarsadError("E803", status=413, limit=self.max_body), started)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["start"] = True
                message["headers"] = [*message.get("headers", []), *self._headers(scope, started)]
            await send(message)

        try:
            await self.app(scope, self._counting(receive), send_with_headers)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if sent["start"]:
                raise
            await self._fallback(scope, send, self._as_error(exc, scope), started)

    def _declared_too_large(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    return int(value) > self.max_body
                except ValueError:
                    return False
        return False

    def _counting(self, receive: Receive) -> Receive:
        seen = {"bytes": 0}

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["bytes"] += len(message.get("body", b""))
                if seen["bytes"] > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        return wrapped

    def _as_error(self, exc: Exception, scope: Scope) -> MarsadError:
        if isinstance(exc, BodyTooLarge):
            return MarsadError("E803", status=413, limit=exc.limit)
        if isinstance(exc, MarsadError):
            return exc
        ref = uuid.uuid4().hex[:12]
        log.error("unhandled error %s on %s %s", ref, scope.get("method"), scope.get("path"), exc_info=exc)
        return MarsadError("E805", status=500, ref=ref)

    def _headers(self, scope: Scope, started: float) -> list[tuple[bytes, bytes]]:
        total = (time.perf_counter() - started) * 1000
        parts = [f"{name};dur={ms:.1f}" for name, ms in timings(scope).items()]
        parts.append(f"total;dur={total:.1f}")
        csp = DOCS_CSP if scope.get("path") in DOCS_PATHS else CSP
        return [
            (b"server-timing", ", ".join(parts).encode()),
            (b"content-security-policy", csp.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
        ]

    async def _fallback(self, scope: Scope, send: Send, err: MarsadError, started: float) -> None:
        response = error_response(scope.get("path", ""), err, wants_html(scope), self.render_html)
        response.headers.update({k.decode(): v.decode() for k, v in self._headers(scope, started)})

        async def no_body() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, no_body, send)
