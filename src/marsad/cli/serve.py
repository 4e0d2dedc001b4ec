"""`marsad serve`: the web UI and the HTTP API."""

from __future__ import annotations

import socket

from typing import Annotated

import typer

from marsad.cli.common import console, state
from marsad.errors import MarsadError
from marsad.store import Store


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the HTTP API (OpenAPI at /docs). Write endpoints need $MARSAD_TOKEN."""
    import os

    import uvicorn

    from marsad.api.app import create_app

    sock = listen(host, port)  # before anything is printed: a busy port is an error, not a banner
    application = create_app(state.store(), token=os.environ.get("MARSAD_TOKEN") or None)
    _warm_comparisons(state.store())
    console.print(f"Marsad is serving http://{host}:{port}  (API docs: http://{host}:{port}/docs; Ctrl+C stops)")
    uvicorn.Server(uvicorn.Config(application, log_level="warning")).run(sockets=[sock])


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port``, or E905 saying why not (port in use, no such address)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return socket.create_server((host.strip("[]"), port), family=family, backlog=2048)
    except OSError as exc:
        raise MarsadError("E905", host=host, port=port, detail=exc.strerror or str(exc)) from None

def _warm_comparisons(store: Store, limit: int = 200) -> None:
    """Compute the comparisons of the most recent multi-article stories in the background,
    so the first visit of a story page does not pay for it (~0.2-0.4 s a story)."""
    import threading

    def warm() -> None:
        from marsad.api.views import comparison_view
        from marsad.store.stories import list_stories

        try:
            with store.connect() as conn:
                for story in list_stories(conn, min_size=2, limit=limit):
                    comparison_view(conn, story["id"])
        except Exception:  # warming is an optimisation: never take the server down
            import logging

            logging.getLogger(__name__).debug("comparison warm-up stopped", exc_info=True)

    threading.Thread(target=warm, name="marsad-warm-comparisons", daemon=True).start()
