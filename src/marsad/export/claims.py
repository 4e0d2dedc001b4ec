"""Claims out: every clause of every article of a story, with the clauses of other articles
that say the same thing (and what differs). Comparisons are computed on demand
(``compare.store.compare_stored_story``, 0.2-0.4 s a story), so this export computes them
story by story, and its progress counts stories, not rows."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Select

from marsad.export.columns import Col, Row
from marsad.export.filters import ExportFilter
from marsad.export.stories import story_query
from marsad.export.streaming import Tick, count_rows, stream_rows
from marsad.store.tables import stories

COLUMNS = [
    Col("story_id", "int", "the story compared"),
    Col("claim", "int", "index of the claim in the story's comparison (`marsad compare --json`'s claims list)"),
    Col("article_id", "string", "the article the clause is in"),
    Col("source", "string", "the article's outlet"),
    Col("lang", "string", "the article's language"),
    Col("sentence", "int", "index of the sentence in the article"),
    Col("start", "int", "character offset of the clause in the article text"),
    Col("end", "int", "end offset (exclusive); text = article text[start:end]"),
    Col("text", "string", "the clause"),
    Col("status", "string", "shared (another source says it), unique (only this one), conflict (others disagree on a fact)"),
    Col("row", "int", "row of the story's coverage matrix: claims with the same row say the same thing"),
    Col("matches", "json", "the other articles' claims that say the same: [{article_id, claim, score, differences}]"),
]


def _stories(flt: ExportFilter) -> Select:
    """Stories of two or more articles (one article has nothing to be compared with)."""
    scope = ExportFilter(story=flt.story, since=flt.since, until=flt.until)
    return story_query(scope).where(stories.c.size >= 2)


def count(conn: Connection, flt: ExportFilter) -> int:
    return count_rows(conn, _stories(flt))


def rows(conn: Connection, flt: ExportFilter, tick: Tick | None = None) -> Iterator[Row]:
    from marsad.compare.store import compare_stored_story

    ids = [r["id"] for r in stream_rows(conn, _stories(flt))]  # story ids only: small
    for story_id in ids:
        comparison = compare_stored_story(conn, story_id).to_dict()
        info = {a["id"]: a for a in comparison["articles"]}
        for index, claim in enumerate(comparison["claims"]):
            article = info.get(claim["article_id"], {})
            if (flt.lang and article.get("lang") != flt.lang) or (flt.source and article.get("source") != flt.source):
                continue
            yield {"story_id": story_id, "claim": index, "source": article.get("source"), "lang": article.get("lang"),
                   **{k: claim[k] for k in ("article_id", "sentence", "start", "end", "text", "status", "row", "matches")}}
        if tick is not None:
            tick()
