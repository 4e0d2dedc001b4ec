"""Turning failures into responses: JSON ``{"error": {"code", "message"}}`` under /api,
an HTML error page elsewhere. Messages come from the error catalogue; never a traceback.

The HTML page belongs to the web layer: :func:`marsad.api.app.create_app` hands its
renderer in (``render_html``), so the API never imports the web layer back."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from marsad.api.scope import wants_html as scope_wants_html
from marsad.errors import MarsadError

HtmlRenderer = Callable[[int, str, str], Response]  # (status, code, message) -> the HTML error page


def error_response(path: str, err: MarsadError, wants_html: bool, render_html: HtmlRenderer | None = None) -> Response:
    """The response for ``err``: an HTML page for browsers on UI paths, JSON otherwise."""
    if wants_html and render_html is not None:
        return render_html(err.status, err.code, err.message)
    return JSONResponse({"error": {"code": err.code, "message": err.message}}, status_code=err.status)


def validation_message(exc: RequestValidationError) -> str:
    """The first validation problem as one line: where, and what was wrong."""
    errors = exc.errors()
    if not errors:
        return "the request is malformed"
    first = errors[0]
    loc = [str(p) for p in first.get("loc", ()) if p != "body" or len(first.get("loc", ())) == 1]
    where = {"query": "query parameter", "path": "path parameter", "header": "header", "body": "body field"}
    kind = where.get(loc[0], "field") if loc else "request"
    name = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{kind} {name!r}: {first.get('msg', 'invalid value')}{more}".replace("body field 'body'", "body")


def _http_error(exc: HTTPException, request: Request) -> MarsadError:
    if exc.status_code == 404:
        return MarsadError("E804", status=404, path=request.url.path)
    if exc.status_code == 405:
        return MarsadError("E806", status=405, method=request.method, path=request.url.path)
    if exc.status_code == 413:
        return MarsadError("E803", status=413, limit=exc.detail)
    return MarsadError("E800", status=exc.status_code if 400 <= exc.status_code < 500 else 400, detail=str(exc.detail))


def wants_html(request: Request) -> bool:
    return scope_wants_html(request.scope)


def install_handlers(app: FastAPI, render_html: HtmlRenderer | None = None) -> None:
    """Register the handlers that make every expected failure a one-line 4xx."""

    async def on_marsad(request: Request, exc: MarsadError) -> Response:
        return error_response(request.url.path, exc, wants_html(request), render_html)

    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        err = MarsadError("E800", status=422, detail=validation_message(exc))
        return error_response(request.url.path, err, wants_html(request), render_html)

    async def on_http(request: Request, exc: HTTPException) -> Response:
        return error_response(request.url.path, _http_error(exc, request), wants_html(request), render_html)

    app.add_exception_handler(MarsadError, on_marsad)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, on_http)  # type: ignore[arg-type]
