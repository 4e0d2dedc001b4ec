"""The HTML pages: story list, story, article, entities, entity, search. Server-rendered,
readable without JavaScript; every page renders sensibly while later stages are still empty."""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import date, datetime, time as dtime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import HTMLResponse

from marsad.api import views
from marsad.api.deps import Conn
from marsad.api.scope import timings
from marsad.errors import MarsadError
from marsad.monitor.store import entity_trend, rising_entities, rising_stories, story_trend
from marsad.store.entities import find_entity, get_entity, list_entities
from marsad.store.events import story_quotes
from marsad.store.queries import ArticleFilter, count_articles, list_articles
from marsad.store.stories import count_stories, get_story, list_stories
from marsad.web.claims_view import MANY_ARTICLES, claims_list, pick_pair
from marsad.web.highlight import article_view
from marsad.web.render import page
from marsad.web.svg import graph_layout, timeline_layout
from marsad.web.trendchart import trend_layout

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
PER_PAGE = 30
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Lang = Annotated[str | None, Query(max_length=12)]
Day = Annotated[str | None, Query(max_length=10, description="A day, YYYY-MM-DD (empty: no bound).")]


def _trend(series: dict, json_url: str) -> dict:
    """The context of templates/trend.html: the numbers, their chart layout, their JSON."""
    return {"trend": series, "trend_chart": trend_layout(series), "trend_json": json_url}


def form_day(value: str | None, name: str) -> date | None:
    """A day from a date field of a filter form: empty is no bound, nonsense is a 422."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MarsadError("E800", status=422, detail=f"{name}: {value!r} is not a day (YYYY-MM-DD)") from None


def _bounds(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    lo, hi = form_day(since, "since"), form_day(until, "until")
    return (datetime.combine(lo, dtime.min) if lo else None, datetime.combine(hi, dtime.max) if hi else None)


def _nav(offset: int, shown: int, total: int | None = None, per: int = PER_PAGE) -> dict[str, int | None]:
    more = (offset + shown < total) if total is not None else shown == per
    return {"prev": max(offset - per, 0) if offset else None, "next": offset + per if more else None}


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, conn: Conn, lang: Lang = None, sort: Literal["recent", "size", "independent"] = "recent",
               offset: Offset = 0, since: Day = None, until: Day = None) -> HTMLResponse:
    lo, hi = _bounds(since, until)
    rows = list_stories(conn, lang=lang or None, sort=sort, limit=PER_PAGE, offset=offset, since=lo, until=hi)
    ctx = {"stories": rows, "lang": lang or "", "sort": sort, "offset": offset, "nav": _nav(offset, len(rows)),
           "n_stories": count_stories(conn), "n_articles": count_articles(conn),
           "since": since or "", "until": until or "",
           "rising": {"stories": rising_stories(conn, 8), "entities": rising_entities(conn, 8)}}
    return page(request, "stories.html", ctx)


@router.get("/articles", response_class=HTMLResponse)
def article_list(request: Request, conn: Conn, lang: Lang = None, offset: Offset = 0, since: Day = None,
                 until: Day = None) -> HTMLResponse:
    lo, hi = _bounds(since, until)
    flt = ArticleFilter(lang=lang or None, since=lo, until=hi, limit=PER_PAGE, offset=offset)
    total = count_articles(conn, flt)
    rows = list_articles(conn, flt)
    return page(request, "articles.html", {"articles": rows, "lang": lang or "", "total": total,
                                           "nav": _nav(offset, len(rows), total),
                                           "since": since or "", "until": until or ""})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, conn: Conn, story_id: Annotated[int, Path(ge=1, le=2**62)],
               a: Annotated[str | None, Query(max_length=64)] = None, b: Annotated[str | None, Query(max_length=64)] = None,
               view: Annotated[Literal["", "columns", "list"], Query()] = "") -> HTMLResponse:
    """Per-source summary, then the articles side by side; from MANY_ARTICLES articles (or with
    ``view=list``) two chosen articles side by side and the claims list instead of a column each."""
    story = get_story(conn, story_id)
    started = time.perf_counter()
    comparison = views.comparison_view(conn, story_id)
    timings(request.scope)["compare"] = (time.perf_counter() - started) * 1000
    members = story["articles"]
    listed = view == "list" or (view != "columns" and len(members) >= MANY_ARTICLES)
    shown = pick_pair(members, a, b) if listed else [m["id"] for m in members]
    columns = []
    for member_id in shown:
        art = views.article_view(conn, member_id)
        columns.append({"article": art, "sentences": article_view(art, comparison["claims"], comparison["repairs"])})
    timeline = views.timeline_view(conn, story_id)
    ctx = {"story": story, "columns": columns, "comparison": comparison, "timeline": timeline,
           "chart": timeline_layout(timeline["dated"]), "entities": list_entities(conn, story=story_id, limit=40),
           "quotes": story_quotes(conn, story_id), "sources": _story_sources(request, conn, story_id),
           "listed": listed, "pair": shown,
           "claims_list": claims_list(comparison, members) if listed and comparison["available"] else [],
           **_trend(story_trend(conn, story_id).as_dict(), f"/api/trends/stories/{story_id}")}
    return page(request, "story.html", ctx)


def _story_sources(request: Request, conn: Conn, story_id: int) -> dict | None:
    """Provenance and independent sources of the story (sources/): read when current, else
    computed and stored once (in a write transaction of its own); None if that fails."""
    from marsad.sources.store import story_sources_view

    try:
        current = story_sources_view(conn, story_id, compute=False)
        if current is not None:
            return current
        with request.app.state.store.begin() as wconn:
            return story_sources_view(wconn, story_id)
    except Exception:  # provenance must not take the story page down
        log.exception("provenance of story %s failed", story_id)
        return None


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, conn: Conn, article_id: Annotated[str, Path(min_length=1, max_length=64)]) -> HTMLResponse:
    art = views.article_view(conn, article_id)
    story = get_story(conn, art["story_id"]) if art["story_id"] else None
    comparison = views.comparison_view(conn, art["story_id"]) if story else {"claims": [], "repairs": []}
    ctx = {"article": art, "story": story, "comparison": comparison,
           "sentences": article_view(art, comparison["claims"], comparison["repairs"])}
    return page(request, "article.html", ctx)


@router.get("/entities", response_class=HTMLResponse)
def entity_list(request: Request, conn: Conn, q: Annotated[str | None, Query(max_length=200)] = None,
                label: Annotated[Literal["", "PER", "ORG", "LOC", "MISC"], Query()] = "",
                offset: Offset = 0) -> HTMLResponse:
    rows = list_entities(conn, label=label or None, query=q or None, limit=PER_PAGE, offset=offset)
    return page(request, "entities.html", {"entities": rows, "q": q or "", "label": label,
                                           "nav": _nav(offset, len(rows))})


@router.get("/entities/{entity}", response_class=HTMLResponse)
def entity_page(request: Request, conn: Conn, entity: Annotated[str, Path(min_length=1, max_length=200)]) -> HTMLResponse:
    data = get_entity(conn, find_entity(conn, entity))
    graph = graph_layout(data, data["co_mentioned"][:16])
    return page(request, "entity.html", {"entity": data, "graph": graph,
                                         **_trend(entity_trend(conn, data["id"]).as_dict(),
                                                  f"/api/trends/entities/{data['id']}")})


@router.get("/sources", response_class=HTMLResponse)
def source_list(request: Request, conn: Conn) -> HTMLResponse:
    from marsad.sources.store import list_outlets

    return page(request, "sources.html", {"outlets": list_outlets(conn)})


@router.get("/sources/{key}", response_class=HTMLResponse)
def source_page(request: Request, conn: Conn, key: Annotated[str, Path(min_length=1, max_length=80)]) -> HTMLResponse:
    from marsad.sources.store import outlet_page

    return page(request, "source.html", {"outlet": outlet_page(conn, key)})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, conn: Conn, q: Annotated[str, Query(max_length=500)] = "",
                mode: Literal["hybrid", "keyword", "semantic"] = "hybrid", lang: Lang = None,
                source: Annotated[str | None, Query(max_length=200)] = None,
                since: Annotated[str | None, Query(max_length=10)] = None,
                until: Annotated[str | None, Query(max_length=10)] = None) -> HTMLResponse:
    result = views.search_view(conn, q, mode=mode, lang=lang or None, source=source or None,
                               since=_day(since, "since"), until=_day(until, "until"), limit=30)
    for item in result["items"]:
        item["pieces"] = marked_pieces(item.get("snippet", ""), item.get("highlights", []))
    facets = {name: Counter(str(i.get(name) or "?") for i in result["items"]).most_common() for name in ("lang", "source")}
    return page(request, "search.html", {"q": q, "mode": mode, "lang": lang or "", "source": source or "",
                                         "since": since or "", "until": until or "", "result": result, "facets": facets})


def _day(value: str | None, name: str) -> datetime | None:
    """A YYYY-MM-DD filter of the search form (an impossible date is the client's 422)."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise MarsadError("E800", status=422, detail=f"query parameter {name!r}: {value!r} is not a valid date") from None


def marked_pieces(text: str, spans: list[list[int]] | list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_query_word) for the template to wrap in <mark> (escaped there)."""
    out, at = [], 0
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        if start < at or end > len(text):
            continue
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    return out
