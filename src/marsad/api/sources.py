"""Source endpoints: the outlet registry (read; add with the write token), an outlet's page,
and a story's provenance (who copies, translates or cites whom; independent sources)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from marsad.api.deps import Conn, Writer
from marsad.api.schemas import ErrorOut, _Open
from marsad.sources.registry import outlet_from_row
from marsad.sources.store import list_outlets, outlet_page, save_outlets, story_sources_view

ERRORS = {404: {"model": ErrorOut, "description": "No such outlet or story"},
          422: {"model": ErrorOut, "description": "Invalid parameters"},
          500: {"model": ErrorOut, "description": "Server error (no details)"}}
WRITE_ERRORS = {400: {"model": ErrorOut, "description": "Malformed body, or an invalid outlet row (E170)"},
                401: {"model": ErrorOut, "description": "Missing or wrong bearer token"},
                403: {"model": ErrorOut, "description": "Write endpoints are off (no MARSAD_TOKEN)"},
                413: {"model": ErrorOut, "description": "Body over the size cap"}}
router = APIRouter(prefix="/api", tags=["sources"], responses=ERRORS)
Key = Annotated[str, Path(min_length=1, max_length=80, description="Outlet key, e.g. reuters.")]


class OutletOut(_Open):
    key: str
    name: str
    domains: list[str] = []
    aliases: list[str] = []
    country: str | None = None
    lang: str | None = None
    type: str | None = None
    owner: str | None = None
    fact_source: str | None = None
    origin: str = "user"


class OutletPage(OutletOut):
    articles: int = 0
    by_kind: dict[str, int] = {}
    stories: int = 0
    first_reports: int = 0
    reused_by_others: dict[str, int] = {}
    recent_stories: list[dict] = []
    contradicted: list[dict] = []


class OutletIn(BaseModel):
    key: str = Field(max_length=80)
    name: str = Field(max_length=300)
    domains: list[str] = Field(default=[], max_length=50)
    aliases: list[str] = Field(default=[], max_length=100)
    country: str | None = Field(default=None, max_length=2)
    lang: str | None = Field(default=None, max_length=12)
    type: str | None = Field(default=None, max_length=12)
    owner: str | None = Field(default=None, max_length=300)
    fact_source: str | None = Field(default=None, max_length=500)


class StorySourcesOut(_Open):
    story_id: int
    independent: int
    articles: int
    copies: int = 0
    translations: int = 0
    citing: int = 0
    first_by_lang: dict[str, dict] = {}
    lag_hours: float | None = None
    countries: list[str] = []
    types: list[str] = []
    chains: list[str] = []
    provenance: list[dict] = []


@router.get("/sources", response_model=list[OutletOut])
def outlets(conn: Conn) -> list[dict]:
    """Registered outlets (bundled and user-added) with their article counts."""
    return list_outlets(conn)


@router.get("/sources/{key}", response_model=OutletPage)
def outlet(conn: Conn, key: Key) -> dict:
    """One outlet: facts, stories covered, how often first, how often copied, translated or cited."""
    return outlet_page(conn, key)


@router.post("/sources", response_model=OutletOut, dependencies=[Writer], responses=WRITE_ERRORS)
def add_outlet(request_body: OutletIn, conn: Conn) -> dict:
    """Add or replace an outlet (needs the write token); story source counts become stale."""
    row = {**request_body.model_dump(), "domains": "|".join(request_body.domains),
           "aliases": "|".join(request_body.aliases)}
    outlet = outlet_from_row(row, "request body")
    save_outlets(conn, [outlet])
    conn.commit()
    return outlet.to_dict()


@router.get("/stories/{story_id}/sources", response_model=StorySourcesOut)
def story_sources(request: Request, story_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict:
    """A story's independent sources, first report per language, lag, and each article's provenance
    (computed and stored on the spot when the story changed since)."""
    with request.app.state.store.begin() as conn:
        return story_sources_view(conn, story_id)
