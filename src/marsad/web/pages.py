"""The HTML pages: story list, story, article, entities, entity, search. Server-rendered,
readable without JavaScript; every page renders sensibly while later stages are still empty."""

from __future__ import annotations

import time
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import HTMLResponse

from marsad.api import views
from marsad.api.deps import Conn
from marsad.api.scope import timings
from marsad.store.entities import find_entity, get_entity, list_entities
from marsad.store.events import story_quotes
from marsad.store.queries import ArticleFilter, count_articles, list_articles
from marsad.store.stories import count_stories, get_story, list_stories
from marsad.web.claims_view import MANY_ARTICLES, claims_list, pick_pair
from marsad.web.highlight import article_view
from marsad.web.render import page
from marsad.web.svg import graph_layout, timeline_layout

router = APIRouter(include_in_schema=False)
PER_PAGE = 30
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Lang = Annotated[str | None, Query(max_length=12)]


def _nav(offset: int, shown: int, total: int | None = None, per: int = PER_PAGE) -> dict[str, int | None]:
    more = (offset + shown < total) if total is not None else shown == per
    return {"prev": max(offset - per, 0) if offset else None, "next": offset + per if more else None}


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, conn: Conn, lang: Lang = None, sort: Literal["recent", "size"] = "recent",
               offset: Offset = 0) -> HTMLResponse:
    rows = list_stories(conn, lang=lang or None, sort=sort, limit=PER_PAGE, offset=offset)
    ctx = {"stories": rows, "lang": lang or "", "sort": sort, "offset": offset, "nav": _nav(offset, len(rows)),
           "n_stories": count_stories(conn), "n_articles": count_articles(conn)}
    return page(request, "stories.html", ctx)


@router.get("/articles", response_class=HTMLResponse)
def article_list(request: Request, conn: Conn, lang: Lang = None, offset: Offset = 0) -> HTMLResponse:
    flt = ArticleFilter(lang=lang or None, limit=PER_PAGE, offset=offset)
    total = count_articles(conn, flt)
    rows = list_articles(conn, flt)
    return page(request, "articles.html", {"articles": rows, "lang": lang or "", "total": total,
                                           "nav": _nav(offset, len(rows), total)})


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
           "quotes": story_quotes(conn, story_id), "listed": listed, "pair": shown,
           "claims_list": claims_list(comparison, members) if listed and comparison["available"] else []}
    return page(request, "story.html", ctx)


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
    return page(request, "entity.html", {"entity": data, "graph": graph})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, conn: Conn, q: Annotated[str, Query(max_length=500)] = "",
                mode: Literal["hybrid", "keyword", "semantic"] = "hybrid", lang: Lang = None) -> HTMLResponse:
    result = views.search_view(conn, q, mode=mode, lang=lang or None, limit=30)
    return page(request, "search.html", {"q": q, "mode": mode, "lang": lang or "", "result": result})
