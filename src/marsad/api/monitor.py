"""Monitoring endpoints under /api: watchlists, their alerts and Atom feeds, trends, rising.

Reads are open; creating, removing and marking a watchlist read need the bearer token (like
every write). A webhook may point at a private or loopback address only when the server was
started with ``allow_private`` (the rule URL ingestion follows).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, BeforeValidator, Field
from starlette.responses import Response

from marsad.api.deps import Conn, Pages, Writer
from marsad.api.schemas import ErrorOut
from marsad.errors import MarsadError
from marsad.monitor import store as mstore
from marsad.monitor.atom import feed_xml
from marsad.store.entities import find_entity

ERRORS = {400: {"model": ErrorOut, "description": "Malformed request"},
          404: {"model": ErrorOut, "description": "No such watchlist, story or entity"},
          422: {"model": ErrorOut, "description": "Invalid parameters"},
          500: {"model": ErrorOut, "description": "Server error (no details)"}}
WRITE_ERRORS = {401: {"model": ErrorOut, "description": "Missing or wrong bearer token"},
                403: {"model": ErrorOut, "description": "Write endpoints are off (no MARSAD_TOKEN)"},
                413: {"model": ErrorOut, "description": "Body over the size cap"}}
router = APIRouter(prefix="/api", tags=["monitoring"], responses=ERRORS)
WatchId = Annotated[int, Path(ge=1, le=2**62, description="Watchlist id.")]
def _iso_day(value: object) -> object:
    """Only ``YYYY-MM-DD`` is a day (pydantic would also read "0" as a Unix timestamp)."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date | None, Query(description="A day, YYYY-MM-DD."), BeforeValidator(_iso_day)]


class WatchIn(BaseModel):
    target: str = Field(min_length=1, max_length=500, description="KIND:VALUE, e.g. entity:الشيباني or query:Russian bases")
    kind: Literal["entity", "query", "story", "event", "source", "coverage"] | None = None
    label: str | None = Field(default=None, max_length=200)
    webhook: str | None = Field(default=None, max_length=2000, description="POST each alert as JSON here")
    semantic: bool = Field(default=True, description="Queries: also match by meaning, in any language")


class WatchOut(BaseModel):
    id: int
    kind: str
    target: str
    label: str
    webhook: str | None = None
    allow_private: bool
    created_at: str
    semantic: bool
    keys: list[str]
    alerts: int
    unread: int


class AlertOut(BaseModel):
    id: int
    watchlist_id: int
    article_id: str
    kind: str
    story_id: int | None = None
    sentence: int | None = None
    excerpt: str
    mention: str | None = None
    reason: str
    created_at: str
    read_at: str | None = None
    title: str | None = None
    url: str | None = None
    lang: str | None = None
    published: str | None = None
    source: str | None = None


class TrendOut(BaseModel):
    days: list[str]
    langs: list[str]
    counts: dict[str, list[int]]
    totals: list[int]
    undated: int


class RisingItem(BaseModel):
    id: int
    title: str | None = None
    names: dict[str, str] | None = None
    recent: int
    baseline: float
    score: float


class RisingOut(BaseModel):
    stories: list[RisingItem]
    entities: list[RisingItem]


class UnreadOut(BaseModel):
    unread: int


@router.get("/watches", response_model=list[WatchOut])
def watches(conn: Conn) -> list[dict[str, Any]]:
    return mstore.list_watches(conn)


@router.get("/watches/{watch_id}", response_model=WatchOut)
def watch(conn: Conn, watch_id: WatchId) -> dict[str, Any]:
    return mstore.get_watch(conn, watch_id)


@router.get("/watches/{watch_id}/alerts", response_model=list[AlertOut])
def alerts(conn: Conn, watch_id: WatchId, page: Pages, since: Day = None, until: Day = None,
           unread: bool = False) -> list[dict[str, Any]]:
    return mstore.list_alerts(conn, watch_id, since=since, until=until, unread=unread, limit=page.limit,
                              offset=page.offset)


@router.get("/watches/{watch_id}/feed.atom", response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0 feed"}})
def feed(request: Request, conn: Conn, watch_id: WatchId) -> Response:
    xml = feed_xml(mstore.get_watch(conn, watch_id), mstore.list_alerts(conn, watch_id, limit=200),
                   str(request.base_url))
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


@router.get("/alerts/unread", response_model=UnreadOut)
def unread(conn: Conn) -> dict[str, int]:
    return {"unread": mstore.unread_count(conn)}


@router.post("/watches", response_model=WatchOut, status_code=201, dependencies=[Writer], responses=WRITE_ERRORS)
def add(request: Request, body: WatchIn) -> dict[str, Any]:
    backend = None
    if body.semantic:
        from marsad.monitor.targets import split_target

        if split_target(body.target, body.kind)[0] == "query":
            from marsad.embed import get_backend

            backend = get_backend()
    with request.app.state.store.begin() as conn:
        return mstore.add_watch(conn, body.target, kind=body.kind, label=body.label, webhook=body.webhook,
                                allow_private=bool(request.app.state.allow_private), backend=backend)


@router.delete("/watches/{watch_id}", status_code=204, dependencies=[Writer], responses=WRITE_ERRORS)
def remove(request: Request, watch_id: WatchId) -> Response:
    with request.app.state.store.begin() as conn:
        mstore.remove_watch(conn, watch_id)
    return Response(status_code=204)


@router.post("/watches/{watch_id}/read", response_model=UnreadOut, dependencies=[Writer], responses=WRITE_ERRORS)
def read(request: Request, watch_id: WatchId) -> dict[str, int]:
    with request.app.state.store.begin() as conn:
        mstore.get_watch(conn, watch_id)
        mstore.mark_read(conn, watch_id)
        return {"unread": mstore.unread_count(conn)}


@router.get("/trends/stories/{story_id}", response_model=TrendOut)
def story_trend(conn: Conn, story_id: Annotated[int, Path(ge=1, le=2**62)], since: Day = None,
                until: Day = None) -> dict[str, Any]:
    from marsad.store.stories import get_story

    get_story(conn, story_id)
    return mstore.story_trend(conn, story_id, since, until).as_dict()


@router.get("/trends/entities/{entity}", response_model=TrendOut)
def entity_trend(conn: Conn, entity: Annotated[str, Path(min_length=1, max_length=200, description="Id or name.")],
                 since: Day = None, until: Day = None) -> dict[str, Any]:
    return mstore.entity_trend(conn, find_entity(conn, entity), since, until).as_dict()


@router.get("/trends/query", response_model=TrendOut)
def query_trend(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=500)], since: Day = None,
                until: Day = None) -> dict[str, Any]:
    if since and until and since > until:
        raise MarsadError("E800", status=422, detail="since is after until")
    return mstore.query_trend(conn, q, since, until).as_dict()


@router.get("/rising", response_model=RisingOut)
def rising(conn: Conn, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    return {"stories": mstore.rising_stories(conn, limit), "entities": mstore.rising_entities(conn, limit)}
