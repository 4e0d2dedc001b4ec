"""JSON schemas of the HTTP API: the stable contract published at /openapi.json.

Every list endpoint answers a page ``{"items": [...], "limit", "offset", "total"}``
(``total`` is null where counting would cost a second full query). Errors are always
``{"error": {"code": "E8xx", "message": "one line"}}``.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_LIMIT = 200


class ErrorBody(BaseModel):
    code: str = Field(description="Catalogue code, e.g. E401 (see marsad.errors).")
    message: str = Field(description="One line saying what failed and what to do.")


class ErrorOut(BaseModel):
    error: ErrorBody


class Page(BaseModel, Generic[T]):
    items: list[T]
    limit: int
    offset: int
    total: int | None = None


class _Open(BaseModel):
    """Rows may carry extra columns added by later stages; they pass through."""

    model_config = ConfigDict(extra="allow")


class ArticleSummary(_Open):
    id: str
    title: str
    lang: str | None = None
    published: str | None = None
    url: str | None = None
    origin: str
    source: str | None = None
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    mixed: bool = False
    sentences: int = 0


class SentenceOut(BaseModel):
    index: int
    start: int
    end: int
    text: str
    lang: str | None = None


class ArticleOut(BaseModel):
    id: str
    title: str
    text: str
    lang: str | None = None
    lang_confidence: float | None = None
    langs: dict[str, float] = {}
    mixed: bool = False
    url: str | None = None
    origin: str
    source: str = ""
    author: str | None = None
    published: str | None = None
    published_from: str | None = None
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    boilerplate: list[str] = []
    sentences: list[SentenceOut] = []
    story_id: int | None = None
    duplicates: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []


class StorySummary(_Open):
    id: int
    title: str
    titles: dict[str, str] = {}
    languages: list[str] = []
    sources: list[str] = []
    first_seen: str | None = None
    last_seen: str | None = None
    size: int = 0
    independent: int | None = None  # independent sources: copy/translation/citing chains counted once
    copies: int | None = None
    translations: int | None = None
    lag_hours: float | None = None  # hours from the first report to the first in the last language
    countries: list[str] | None = None
    types: list[str] | None = None


class StoryArticle(_Open):
    id: str
    title: str
    lang: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    score: float | None = None


class StoryOut(StorySummary):
    articles: list[StoryArticle] = []


class ComparisonOut(BaseModel):
    story_id: int
    available: bool = Field(description="False where the comparison stage is missing or failed.")
    sources: list[dict[str, Any]] = Field([], description="Per article: article_id, source, lang, title, claims, shared, "
                                          "own, missing (story claims it does not make), contradicted, unresolved.")
    claims: list[dict[str, Any]] = Field([], description="Per clause: claim (its number, the same in every table), row, "
                                         "article_id, sentence, start, end, status (shared/unique/conflict), text, "
                                         "aligned [[article_id, sentence, score]], differences.")
    conflicts: list[dict[str, Any]] = Field([], description="Pairs of matched claims that disagree: claim_a, claim_b, "
                                            "article_a, article_b, sentence_a, sentence_b, text_a, text_b, score, why, differences.")
    repairs: list[dict[str, Any]] = Field([], description="Confident words for damaged sentences (shown in the text): "
                                          "article_id, sentence, start (offset of the gap), missing, score, from_article, from_sentence.")
    suggestions: list[dict[str, Any]] = Field([], description="Other detected gaps, with weak or no fills: same fields as "
                                              "repairs (missing is null without a fill); shown apart from the text.")
    error: str | None = None


class EntityBrief(_Open):
    id: int
    key: str
    label: str
    names: dict[str, str] = {}
    aliases: dict[str, int] = {}
    mentions: int = 0


class EntitySummary(EntityBrief):
    first_seen: str | None = None
    last_seen: str | None = None


class EntityOut(EntitySummary):
    mention_list: list[dict[str, Any]] = []
    stories: list[dict[str, Any]] = []
    co_mentioned: list[dict[str, Any]] = []


class EventOut(_Open):
    id: int
    article_id: str
    sentence: int
    start: int
    end: int
    type: str
    actor: str | None = None
    recipient: str | None = None
    location: str | None = None
    date: str | None = None
    date_from: str | None = None
    negated: bool = False
    hypothetical: bool = False
    score: float | None = None
    lang: str | None = None
    source: str | None = None
    story_id: int | None = None


class TimelineOut(BaseModel):
    story_id: int
    dated: list[EventOut] = Field(description="Events with an event date, oldest first.")
    undated: list[EventOut] = []


class SearchHit(_Open):
    article_id: str
    title: str
    lang: str | None = None
    source: str | None = None
    published: str | None = None
    snippet: str = ""
    highlights: list[list[int]] = []  # [start, end) character spans of the query words in the snippet
    score: float = 0.0


class SearchOut(BaseModel):
    query: str
    mode: str
    available: bool = True
    items: list[SearchHit]


class StatsOut(_Open):
    articles: int
    duplicates: int
    sentences: int
    sources: int
    languages: dict[str, int]
    by_source: dict[str, int]
    first_published: str | None = None
    last_published: str | None = None
    runs: int
    failures: int
    stories: int = 0


# ---------------------------------------------------------------- write side
class _Meta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=300)
    lang: str | None = Field(None, max_length=12)
    published: str | None = Field(None, max_length=40, description="ISO date or date-time.")
    author: str | None = Field(None, max_length=300)


class IngestText(_Meta):
    text: str = Field(min_length=1, description="Plain article text (first line is the title unless given).")


class IngestHtml(_Meta):
    html: str = Field(min_length=1, description="A saved HTML page; main text, title and date are extracted.")


class IngestUrl(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=1, max_length=4000, description="http(s) URL of an article page or a feed.")
    follow: bool = Field(False, description="For feeds: fetch the linked page of entries with no text.")


class ReprocessIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stages: list[str] = Field(default_factory=list, max_length=20, description="Stage names; empty = all.")
    ids: list[str] = Field(default_factory=list, max_length=10000, description="Article ids; empty = all.")


class FailureOut(BaseModel):
    origin: str
    code: str
    reason: str


class RunOut(BaseModel):
    run_id: int | None
    ingested: int
    duplicates: int
    unchanged: int
    failed: int
    failures: list[FailureOut] = []
    skipped: int = 0  # inputs rightly not articles (a PDF or a revisit in a web archive)
    skips: list[FailureOut] = []
    warnings: list[dict[str, str]] = []


class ReprocessOut(BaseModel):
    reprocessed: int
    stages: list[str]



class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    entities: list[str] = Field(min_length=2, max_length=50,
                                description="Entity ids or names (any script, any alias) that are one referent.")
    into: str | None = Field(None, min_length=1, max_length=200,
                             description="The entity kept, one of those named (default: the most mentioned).")
    force: bool = Field(False, description="Merge entities of different types (PER, ORG, LOC, MISC).")


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    aliases: list[str] = Field(min_length=1, max_length=100,
                               description="Aliases (as GET /api/entities/{entity} lists them) whose mentions move to a new entity.")
    label: Literal["PER", "ORG", "LOC", "MISC"] | None = Field(None, description="Type of the new entity (default: the entity's).")



class MergeOut(BaseModel):
    entity: EntityBrief = Field(description="The entity kept, after the merge.")
    merged: list[int] = Field(description="Ids of the entities merged into it (they no longer exist).")
    decision: int = Field(description="Id of the recorded decision that later ingests follow.")


class SplitOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    entity: EntityBrief = Field(description="The new entity.")
    from_: EntityBrief = Field(alias="from", description="The entity split, after the split.")
    decision: int = Field(description="Id of the recorded decision that later ingests follow.")
