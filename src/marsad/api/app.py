"""The FastAPI application: JSON API under /api (OpenAPI at /docs), the web UI at /."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

from marsad import __version__
from marsad.api import downloads, monitor, read, sources, write
from marsad.api.errors import install_handlers
from marsad.api.guard import Guard
from marsad.store import Store
from marsad.web import monitor_pages, pages
from marsad.web.render import WEB, render_error, warm_templates

MAX_BODY = 5 * 1024 * 1024  # bytes of request body accepted (ingest of one page or text)
MAX_FETCH = 5 * 1024 * 1024  # bytes of a fetched page or feed

DESCRIPTION = """Marsad's HTTP API. Reads are open; writes (ingest, reprocess, entity merge and split) need
`Authorization: Bearer $MARSAD_TOKEN` and are off when the server has no token.
Errors are `{"error": {"code": "E8xx", "message": "..."}}`."""


def create_app(store: Store, token: str | None = None, *, max_body: int = MAX_BODY,
               allow_private: bool = False, max_fetch: int = MAX_FETCH) -> FastAPI:
    """The app over ``store``. ``token`` enables the write endpoints; ``allow_private`` lets
    URL ingestion reach private/loopback addresses (tests, intranets)."""
    app = FastAPI(title="Marsad", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.token = token or None
    app.state.allow_private = allow_private
    app.state.max_fetch = max_fetch
    app.state.pipeline = None
    install_handlers(app, render_error)
    app.include_router(read.router)
    app.include_router(write.router)
    app.include_router(sources.router)
    app.include_router(monitor.router)
    app.include_router(downloads.router)
    app.include_router(pages.router)
    app.include_router(monitor_pages.router)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    _docs(app)
    app.add_middleware(Guard, max_body=max_body, render_html=render_error)
    warm_templates()
    return app


def _docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the assets bundled in fastapi-offline: works offline, and
    its bootstrap is a static file (web/static/docs.js), so no inline script is needed."""
    import fastapi_offline

    assets = Path(fastapi_offline.__file__).with_name("static")
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)


DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Marsad API</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css"><link rel="icon" href="/docs-assets/favicon.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script></body></html>
"""
