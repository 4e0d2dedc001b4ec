"""Read endpoints under /api: articles, stories, comparison, entities, events, timeline,
search and stats. Every list is paged with ``limit``/``offset``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BeforeValidator

from marsad.api import views
from marsad.api.deps import Conn, Pages
from marsad.api.schemas import (
    MAX_LIMIT,
    ArticleOut,
    ArticleSummary,
    ComparisonOut,
    EntityOut,
    EntitySummary,
    ErrorOut,
    EventOut,
    Page,
    SearchOut,
    StatsOut,
    StoryOut,
    StorySummary,
    TimelineOut,
)
from marsad.errors import MarsadError
from marsad.events.cues import PLOVER_TYPES
from marsad.store.entities import find_entity, get_entity, list_entities
from marsad.store.events import list_events
from marsad.store.queries import ArticleFilter, count_articles, list_articles, stats
from marsad.store.stories import count_stories, get_story, list_stories

ERRORS = {400: {"model": ErrorOut, "description": "Malformed request"},
          422: {"model": ErrorOut, "description": "Invalid parameters"},
          500: {"model": ErrorOut, "description": "Server error (no details)"}}
NOT_FOUND = {404: {"model": ErrorOut, "description": "No such item"}}
router = APIRouter(prefix="/api", responses=ERRORS)

StoryId = Annotated[int, Path(ge=1, le=2**62, description="Story id.")]
Lang = Annotated[str | None, Query(max_length=12, description="Language code, e.g. ar or en.")]
Text = Annotated[str | None, Query(max_length=300)]
_ISO = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?)?$"
When = Annotated[str | None, Query(max_length=40, pattern=_ISO,
                                   description="ISO date or date-time (no time zone), e.g. 2024-12-08.")]

# A closed set: an unknown type is a 422 naming the valid ones, not an empty page (any case accepted).
EventType = Annotated[Literal[PLOVER_TYPES] | None,  # type: ignore[valid-type]
                      BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v),
                      Query(description="PLOVER event type, e.g. CONSULT.")]


def _when(value: str | None, name: str) -> datetime | None:
    """A date filter as a datetime; an impossible date (2024-02-30) is the client's 422."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise MarsadError("E800", status=422, detail=f"query parameter {name!r}: {value!r} is not a valid date") from None


@router.get("/articles", response_model=Page[ArticleSummary], tags=["articles"])
def articles(conn: Conn, page: Pages, lang: Lang = None, source: Text = None, since: When = None,
             until: When = None, duplicates: bool = False) -> dict:
    """Articles, newest first, filtered by language, source and publication date."""
    flt = ArticleFilter(lang=lang, source=source, since=_when(since, "since"), until=_when(until, "until"), duplicates=duplicates,
                        limit=page.limit, offset=page.offset)
    return {"items": list_articles(conn, flt), "limit": page.limit, "offset": page.offset,
            "total": count_articles(conn, flt)}


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=NOT_FOUND, tags=["articles"])
def article(conn: Conn, article_id: Annotated[str, Path(min_length=1, max_length=64)]) -> dict:
    """One article: text, sentences, provenance, story, duplicates, mentions, events, quotes."""
    return views.article_view(conn, article_id)


@router.get("/stories", response_model=Page[StorySummary], tags=["stories"])
def stories(conn: Conn, page: Pages, lang: Lang = None, sort: Literal["recent", "size", "independent"] = "recent",
            min_size: Annotated[int, Query(ge=1, le=100000)] = 1) -> dict:
    """Stories (articles about the same event across languages), most recent, biggest or with
    most independent sources first (copies, translations and citations counted once)."""
    rows = list_stories(conn, lang=lang, sort=sort, min_size=min_size, limit=page.limit, offset=page.offset)
    total = count_stories(conn) if lang is None and min_size == 1 else None
    return {"items": rows, "limit": page.limit, "offset": page.offset, "total": total}


@router.get("/stories/{story_id}", response_model=StoryOut, responses=NOT_FOUND, tags=["stories"])
def story(conn: Conn, story_id: StoryId) -> dict:
    """One story with its articles (by language, then date)."""
    return get_story(conn, story_id)


@router.get("/stories/{story_id}/compare", response_model=ComparisonOut, responses=NOT_FOUND, tags=["stories"])
def compare(conn: Conn, story_id: StoryId) -> dict:
    """Source comparison: shared, unique and conflicting claims; proposed repairs of damaged text."""
    return views.comparison_view(conn, story_id)


@router.get("/stories/{story_id}/timeline", response_model=TimelineOut, responses=NOT_FOUND, tags=["stories"])
def timeline(conn: Conn, story_id: StoryId) -> dict:
    """The story's events ordered by event date (not publication date)."""
    get_story(conn, story_id)
    return views.timeline_view(conn, story_id)


@router.get("/entities", response_model=Page[EntitySummary], tags=["entities"])
def entities(conn: Conn, page: Pages, label: Annotated[Literal["PER", "ORG", "LOC", "MISC"] | None, Query()] = None,
             story: Annotated[int | None, Query(ge=1, le=2**62)] = None,
             q: Annotated[str | None, Query(max_length=200, description="Name fragment, any script.")] = None) -> dict:
    """Entities by number of mentions; filter by type, story or name."""
    rows = list_entities(conn, label=label, story=story, query=q, limit=page.limit, offset=page.offset)
    return {"items": rows, "limit": page.limit, "offset": page.offset, "total": None}


@router.get("/entities/{entity}", response_model=EntityOut, responses=NOT_FOUND, tags=["entities"])
def entity(conn: Conn, entity: Annotated[str, Path(min_length=1, max_length=200, description="Id or name.")]) -> dict:
    """One entity (by id or by any of its names): aliases, mentions, stories, co-mentioned entities."""
    return get_entity(conn, find_entity(conn, entity))


@router.get("/events", response_model=Page[EventOut], tags=["events"])
def events(conn: Conn, page: Pages, story: Annotated[int | None, Query(ge=1, le=2**62)] = None,
           type: EventType = None,
           entity: Annotated[int | None, Query(ge=1, le=2**62)] = None,
           since: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}(-\d{2}){0,2}$")] = None,
           until: Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}(-\d{2}){0,2}$")] = None) -> dict:
    """Coded events ordered by event date."""
    rows = list_events(conn, story=story, type=type, entity=entity, since=since, until=until,
                       limit=page.limit, offset=page.offset)
    return {"items": rows, "limit": page.limit, "offset": page.offset, "total": None}


@router.get("/search", response_model=SearchOut, tags=["search"])
def search(conn: Conn, q: Annotated[str, Query(min_length=1, max_length=500, description="Words, any language.")],
           mode: Literal["hybrid", "keyword", "semantic"] = "hybrid", lang: Lang = None, source: Text = None,
           since: When = None, until: When = None, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> dict:
    """Keyword (Arabic-aware) and semantic (cross-language) search, fused into one ranking."""
    return views.search_view(conn, q, mode=mode, lang=lang, source=source, since=_when(since, "since"),
                             until=_when(until, "until"), limit=limit)


@router.get("/stats", response_model=StatsOut, tags=["stats"])
def corpus_stats(conn: Conn) -> dict:
    """Corpus counts: articles by language and source, duplicates, stories, runs, failures."""
    return {**stats(conn), "stories": count_stories(conn)}
