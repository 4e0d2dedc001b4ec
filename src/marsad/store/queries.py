"""Read-side queries shared by the CLI, the API and the web UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from marsad.errors import NotFound
from marsad.model import Article, Sentence
from marsad.store.tables import articles, run_errors, runs, sentences, sources


@dataclass(frozen=True)
class ArticleFilter:
    lang: str | None = None
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    duplicates: bool = False  # include copies recorded as duplicates
    limit: int = 50
    offset: int = 0


_LIST_COLUMNS = (
    articles.c.id,
    articles.c.title,
    articles.c.lang,
    articles.c.published,
    articles.c.url,
    articles.c.origin,
    articles.c.duplicate_of,
    articles.c.duplicate_kind,
    articles.c.mixed,
    sources.c.name.label("source"),
)


def _filtered(query, flt: ArticleFilter):  # type: ignore[no-untyped-def]
    if flt.lang:
        query = query.where(articles.c.lang == flt.lang)
    if flt.source:
        query = query.where(sources.c.name == flt.source)
    if flt.since:
        query = query.where(articles.c.published >= flt.since)
    if flt.until:
        query = query.where(articles.c.published <= flt.until)
    if not flt.duplicates:
        query = query.where(articles.c.duplicate_of.is_(None))
    return query


def list_articles(conn: Connection, flt: ArticleFilter = ArticleFilter()) -> list[dict[str, Any]]:
    """Articles newest first (undated last), with sentence counts."""
    n_sent = (
        select(func.count()).where(sentences.c.article_id == articles.c.id).correlate(articles).scalar_subquery()
    )
    query = select(*_LIST_COLUMNS, n_sent.label("sentences")).select_from(articles.outerjoin(sources))
    query = _filtered(query, flt).order_by(articles.c.published.is_(None), articles.c.published.desc(), articles.c.id)
    rows = conn.execute(query.limit(flt.limit).offset(flt.offset)).mappings()
    return [_jsonable_row(r) for r in rows]


def count_articles(conn: Connection, flt: ArticleFilter = ArticleFilter()) -> int:
    query = select(func.count()).select_from(articles.outerjoin(sources))
    return int(conn.scalar(_filtered(query, flt)) or 0)


def get_article(conn: Connection, article_id: str) -> Article:
    """The stored article with its sentences; accepts a unique id prefix of 6+ characters."""
    row = conn.execute(
        select(articles, sources.c.name.label("source_name"))
        .select_from(articles.outerjoin(sources))
        .where(articles.c.id == resolve_id(conn, article_id))
    ).mappings().one()
    sents = conn.execute(
        select(sentences).where(sentences.c.article_id == row["id"]).order_by(sentences.c.idx)
    ).mappings()
    return Article(
        id=row["id"], origin=row["origin"], text=row["text"], title=row["title"], raw=row["raw"], url=row["url"],
        source=row["source_name"] or "", author=row["author"], published=row["published"],
        published_from=row["published_from"], lang=row["lang"], lang_confidence=row["lang_confidence"],
        langs=row["langs"] or {}, mixed=row["mixed"], content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"], duplicate_kind=row["duplicate_kind"], boilerplate=row["boilerplate"] or [],
        meta=row["meta"] or {},
        sentences=[Sentence(index=s["idx"], start=s["start"], end=s["end"], text=s["text"], lang=s["lang"]) for s in sents],
    )


def resolve_id(conn: Connection, article_id: str) -> str:
    if conn.scalar(select(articles.c.id).where(articles.c.id == article_id)):
        return article_id
    if len(article_id) >= 6:
        found = conn.execute(select(articles.c.id).where(articles.c.id.startswith(article_id, autoescape=True)).limit(2)).scalars().all()
        if len(found) == 1:
            return found[0]
    raise NotFound("E401", id=article_id)


def duplicates_of(conn: Connection, article_id: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(articles.c.id, articles.c.origin, articles.c.url, articles.c.duplicate_kind, articles.c.similarity,
               sources.c.name.label("source"))
        .select_from(articles.outerjoin(sources))
        .where(articles.c.duplicate_of == article_id)
        .order_by(articles.c.id)
    ).mappings()
    return [dict(r) for r in rows]


def original_ids(conn: Connection) -> list[str]:
    return list(conn.execute(select(articles.c.id).where(articles.c.duplicate_of.is_(None)).order_by(articles.c.id)).scalars())


def stats(conn: Connection) -> dict[str, Any]:
    """Corpus counts: articles by language and source, duplicates, sentences, runs, failures."""
    originals = articles.c.duplicate_of.is_(None)
    by_lang = conn.execute(select(articles.c.lang, func.count()).where(originals).group_by(articles.c.lang)).all()
    by_source = conn.execute(
        select(sources.c.name, func.count()).select_from(articles.join(sources)).where(originals).group_by(sources.c.name)
    ).all()
    dated = conn.execute(select(func.min(articles.c.published), func.max(articles.c.published)).where(originals)).one()
    return {
        "articles": conn.scalar(select(func.count()).select_from(articles).where(originals)) or 0,
        "duplicates": conn.scalar(select(func.count()).select_from(articles).where(~originals)) or 0,
        "sentences": conn.scalar(select(func.count()).select_from(sentences)) or 0,
        "sources": conn.scalar(select(func.count()).select_from(sources)) or 0,
        "languages": {str(k): v for k, v in sorted(by_lang, key=lambda kv: -kv[1])},
        "by_source": {str(k): v for k, v in sorted(by_source, key=lambda kv: -kv[1])},
        "first_published": dated[0].isoformat() if dated[0] else None,
        "last_published": dated[1].isoformat() if dated[1] else None,
        "runs": conn.scalar(select(func.count()).select_from(runs)) or 0,
        "failures": conn.scalar(select(func.count()).select_from(run_errors)) or 0,
    }


def _jsonable_row(row) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    out = dict(row)
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = value.isoformat()
    return out
