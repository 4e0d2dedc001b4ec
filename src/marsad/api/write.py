"""Write endpoints (ingest, reprocess, entity merge and split): off unless the server has a token, and then only
with ``Authorization: Bearer <token>``. Writes go through the same pipeline as the CLI, one
at a time (SQLite has one writer)."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from marsad.api.deps import Writer
from marsad.api.schemas import (
    ErrorOut,
    IngestHtml,
    IngestText,
    IngestUrl,
    MergeIn,
    MergeOut,
    ReprocessIn,
    ReprocessOut,
    RunOut,
    SplitIn,
    SplitOut,
)
from marsad.errors import MarsadError
from marsad.model import RawItem

ERRORS = {
    400: {"model": ErrorOut, "description": "Malformed body (not JSON, not UTF-8)"},
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorOut, "description": "Write endpoints are off (no MARSAD_TOKEN)"},
    404: {"model": ErrorOut, "description": "No such article"},
    413: {"model": ErrorOut, "description": "Body over the size cap"},
    422: {"model": ErrorOut, "description": "Invalid body, or nothing could be ingested"},
    500: {"model": ErrorOut, "description": "Server error (no details)"},
}
router = APIRouter(prefix="/api", tags=["write"], dependencies=[Writer], responses=ERRORS)
_LOCK = threading.Lock()


def _pipeline(request: Request) -> Any:
    state = request.app.state
    if getattr(state, "pipeline", None) is None:
        from marsad.pipeline import build_pipeline

        state.pipeline = build_pipeline(state.store)
    return state.pipeline


def _answer(summary: Any, request: Request) -> dict[str, Any]:
    """The run summary; a run where every input failed is the client's 422. Stories the run
    changed get their provenance and independent-source counts recomputed (sources/store.py)."""
    from marsad.api.views import clear_comparisons
    from marsad.sources.store import refresh

    clear_comparisons()
    if summary.ingested or summary.duplicates:
        with _LOCK, request.app.state.store.begin() as conn:
            refresh(conn)
    result = summary.as_dict()
    if result["failed"] and not (result["ingested"] or result["duplicates"] or result["unchanged"]):
        reason = result["failures"][0]["reason"]
        raise MarsadError("E807", status=422, detail=reason)
    return result


def _item(origin: str, data: str, kind: str, body: IngestText | IngestHtml) -> RawItem:
    meta = {k: v for k, v in body.model_dump(exclude={"text", "html"}).items() if v not in (None, "")}
    return RawItem(origin=origin, data=data, kind=kind, meta=meta)


@router.post("/ingest/text", response_model=RunOut)
def ingest_text(request: Request, body: IngestText) -> dict[str, Any]:
    """Ingest one plain-text article (title, url, source, lang, published optional)."""
    with _LOCK:
        summary = _pipeline(request).run_items([_item("api:text", body.text, "txt", body)], ["api:text"], command="api")
    return _answer(summary, request)


@router.post("/ingest/html", response_model=RunOut)
def ingest_html(request: Request, body: IngestHtml) -> dict[str, Any]:
    """Ingest one saved HTML page: main text, title, date and author are extracted."""
    origin = body.url or "api:html"
    with _LOCK:
        summary = _pipeline(request).run_items([_item(origin, body.html, "html", body)], [origin], command="api")
    return _answer(summary, request)


def _fetch(request: Request, body: IngestUrl, fmt: str) -> dict[str, Any]:
    from marsad.ingest.options import SourceOptions

    options = SourceOptions(follow=body.follow, allow_private=request.app.state.allow_private,
                            max_bytes=request.app.state.max_fetch, format=fmt)
    if not body.url.lower().startswith(("http://", "https://")):
        raise MarsadError("E125", status=422, url=body.url)
    with _LOCK:
        summary = _pipeline(request).ingest([body.url], options, command="api")
    return _answer(summary, request)


@router.post("/ingest/url", response_model=RunOut)
def ingest_url(request: Request, body: IngestUrl) -> dict[str, Any]:
    """Fetch and ingest an article page (private and loopback addresses are refused)."""
    return _fetch(request, body, "auto")


@router.post("/ingest/feed", response_model=RunOut)
def ingest_feed(request: Request, body: IngestUrl) -> dict[str, Any]:
    """Fetch an RSS/Atom feed and ingest its entries (``follow`` fetches linked pages)."""
    return _fetch(request, body, "feed")


@router.post("/reprocess", response_model=ReprocessOut)
def reprocess(request: Request, body: ReprocessIn) -> dict[str, Any]:
    """Re-run stages on stored articles (all, or the ``ids`` given)."""
    from marsad.reprocess import STAGES, reprocess_articles
    from marsad.store.queries import original_ids, resolve_id

    names = body.stages or list(STAGES)
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        raise MarsadError("E901", status=422, what="stage", value=unknown[0], choices=", ".join(STAGES))
    store = request.app.state.store
    with store.connect() as conn:
        ids = [resolve_id(conn, i) for i in body.ids] if body.ids else original_ids(conn)
    with _LOCK:
        done = reprocess_articles(store, ids, names)
    from marsad.api.views import clear_comparisons

    clear_comparisons()
    return {"reprocessed": done, "stages": names}


ENTITY_ERRORS = {404: {"model": ErrorOut, "description": "No entity matches an id or name given (E310)"},
                 422: {"model": ErrorOut, "description": "Invalid body, or a merge or split that cannot be done (E311-E317)"}}


@router.post("/entities/merge", response_model=MergeOut, responses=ENTITY_ERRORS, tags=["entities"])
def merge_entities(request: Request, body: MergeIn) -> dict[str, Any]:
    """Merge entities that are one referent (an analyst's decision that later ingests and
    reprocessing follow): mentions, events, quotes and watches move to the entity kept."""
    from marsad.entities.store import merge_entities as merge

    with _LOCK, request.app.state.store.begin() as conn:
        return merge(conn, body.entities, into=body.into, force=body.force)


@router.post("/entities/{entity}/split", response_model=SplitOut, responses=ENTITY_ERRORS, tags=["entities"])
def split_entity(request: Request, body: SplitIn,
                 entity: Annotated[str, Path(min_length=1, max_length=200, description="Id or name.")]) -> dict[str, Any]:
    """Move the mentions named by ``aliases`` off an entity to a new one; later ingests and
    reprocessing keep the two apart."""
    from marsad.entities.store import split_entity as split

    with _LOCK, request.app.state.store.begin() as conn:
        return split(conn, entity, body.aliases, label=body.label)
