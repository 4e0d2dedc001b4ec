"""The monitoring pages: the watchlists with their unread counts, and one watchlist's alerts
(viewing them marks them read, as a mail reader does)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import HTMLResponse

from marsad.monitor import store as mstore
from marsad.web.pages import form_day
from marsad.web.render import page

router = APIRouter(include_in_schema=False)
Day = Annotated[str | None, Query(max_length=10)]


@router.get("/watches", response_class=HTMLResponse)
def watch_list(request: Request) -> HTMLResponse:
    with request.app.state.store.connect() as conn:
        rows = mstore.list_watches(conn)
    return page(request, "watches.html", {"watches": rows})


@router.get("/watches/{watch_id}", response_class=HTMLResponse)
def watch_page(request: Request, watch_id: Annotated[int, Path(ge=1, le=2**62)], since: Day = None,
               until: Day = None) -> HTMLResponse:
    with request.app.state.store.begin() as conn:
        watch = mstore.get_watch(conn, watch_id)
        rows = mstore.list_alerts(conn, watch_id, since=form_day(since, "since"), until=form_day(until, "until"),
                                  limit=200)
        mstore.mark_read(conn, watch_id)
    ctx = {"watch": watch, "alerts": rows, "shown_unread": sum(not a["read_at"] for a in rows),
           "since": since or "", "until": until or ""}
    return page(request, "watch.html", ctx)
