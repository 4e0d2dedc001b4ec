"""Writing and reading articles, their sentences and the near-duplicate index."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.exc import IntegrityError

from marsad import dedupe
from marsad.text.dates import naive_utc
from marsad.model import Article, Sentence
from marsad.store.tables import articles, minhash_bands, sentences, sources


@dataclass(frozen=True)
class SaveResult:
    status: str  # "ingested", "duplicate" or "unchanged"
    article_id: str
    duplicate_of: str | None = None
    similarity: float | None = None


def source_id(conn: Connection, name: str) -> int:
    """The id of source ``name``, created on first use (safe under concurrent writers)."""
    found = conn.scalar(select(sources.c.id).where(sources.c.name == name))
    if found is not None:
        return found
    try:
        with conn.begin_nested():
            return conn.execute(
                sources.insert().values(name=name, first_seen=datetime.now(timezone.utc)).returning(sources.c.id)
            ).scalar_one()
    except IntegrityError:
        return conn.scalar(select(sources.c.id).where(sources.c.name == name))


@dataclass(frozen=True)
class Verdict:
    """What storing an article would do: "unchanged", "exact" or "near" duplicate, or "new"."""

    kind: str
    match: str | None = None  # the existing article it duplicates (or is)
    similarity: float | None = None
    signature: Any = None


def classify(conn: Connection, article: Article) -> Verdict:
    """Decide, without writing, whether ``article`` is new, a duplicate, or already stored."""
    src = conn.scalar(select(sources.c.id).where(sources.c.name == (article.source or "unknown")))
    same = conn.execute(
        select(articles.c.id, articles.c.source_id, articles.c.duplicate_of)
        .where(articles.c.content_hash == article.content_hash)
        .order_by(articles.c.ingested_at, articles.c.id)
    ).all()
    if same:
        mine = next((row for row in same if src is not None and row.source_id == src), None)
        if mine is not None:
            return Verdict("unchanged", mine.id)
        return Verdict("exact", next((row.id for row in same if row.duplicate_of is None), same[0].id), 1.0)
    sig = dedupe.signature(article.text)
    if sig is not None:
        match = dedupe.best_match(sig, _candidates(conn, sig))
        if match is not None:
            return Verdict("near", match[0], match[1], sig)
    return Verdict("new", signature=sig)


def save_article(conn: Connection, article: Article, run_id: int | None) -> SaveResult:
    """Store ``article`` as new, as a duplicate of an earlier one, or not at all if already there.

    Call inside one transaction per article. Sets ``article.id`` and ``article.duplicate_of``.
    """
    verdict = classify(conn, article)
    if verdict.kind == "unchanged":
        return SaveResult("unchanged", verdict.match or article.id)
    src = source_id(conn, article.source or "unknown")
    if verdict.kind in ("exact", "near"):
        return _insert_duplicate(conn, article, src, run_id, verdict.match, verdict.kind, verdict.similarity,
                                 verdict.signature)
    sig = verdict.signature
    _insert(conn, article, src, run_id, sig)
    if article.sentences:
        conn.execute(sentences.insert(), [_sentence_row(article.id, s) for s in article.sentences])
    if sig is not None:
        conn.execute(
            minhash_bands.insert(), [{"band": b, "key": k, "article_id": article.id} for b, k in dedupe.band_keys(sig)]
        )
    return SaveResult("ingested", article.id)


def _candidates(conn: Connection, sig) -> list[tuple[str, bytes]]:  # type: ignore[no-untyped-def]
    pairs = [and_(minhash_bands.c.band == b, minhash_bands.c.key == k) for b, k in dedupe.band_keys(sig)]
    query = (
        select(articles.c.id, articles.c.minhash)
        .join(minhash_bands, minhash_bands.c.article_id == articles.c.id)
        .where(or_(*pairs))
        .distinct()
    )
    return [(row.id, row.minhash) for row in conn.execute(query) if row.minhash]


def _insert_duplicate(conn, article, src, run_id, first, kind, score, sig) -> SaveResult:  # type: ignore[no-untyped-def]
    key = f"{article.content_hash}|{src}|{article.url or article.origin}"
    article.id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    if conn.scalar(select(articles.c.id).where(articles.c.id == article.id)):
        return SaveResult("unchanged", article.id, first)
    article.duplicate_of, article.duplicate_kind = first, kind
    _insert(conn, article, src, run_id, sig, similarity=score)
    return SaveResult("duplicate", article.id, first, score)


def _insert(conn, article: Article, src: int, run_id, sig, similarity=None) -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        articles.insert().values(
            id=article.id,
            source_id=src,
            origin=article.origin,
            url=article.url,
            title=article.title,
            text=article.text,
            raw=article.raw,
            lang=article.lang,
            lang_confidence=article.lang_confidence,
            langs=article.langs,
            mixed=article.mixed,
            published=naive_utc(article.published),
            published_from=article.published_from,
            author=article.author,
            content_hash=article.content_hash,
            minhash=dedupe.to_bytes(sig) if sig is not None else None,
            duplicate_of=article.duplicate_of,
            duplicate_kind=article.duplicate_kind,
            similarity=similarity,
            boilerplate=article.boilerplate,
            meta=_jsonable(article.meta),
            ingested_at=datetime.now(timezone.utc),
            run_id=run_id,
        )
    )


def _sentence_row(article_id: str, s: Sentence) -> dict[str, Any]:
    return {"article_id": article_id, "idx": s.index, "start": s.start, "end": s.end, "text": s.text, "lang": s.lang}


def _jsonable(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)) for k, v in meta.items()}


def replace_sentences(conn: Connection, article: Article) -> None:
    """Rewrite an article's sentences and language fields (reprocess)."""
    conn.execute(sentences.delete().where(sentences.c.article_id == article.id))
    if article.sentences:
        conn.execute(sentences.insert(), [_sentence_row(article.id, s) for s in article.sentences])
    conn.execute(
        articles.update()
        .where(articles.c.id == article.id)
        .values(lang=article.lang, lang_confidence=article.lang_confidence, langs=article.langs, mixed=article.mixed)
    )


def count_by(conn: Connection, column) -> dict[str, int]:  # type: ignore[no-untyped-def]
    rows = conn.execute(
        select(column, func.count()).select_from(articles.outerjoin(sources)).where(articles.c.duplicate_of.is_(None)).group_by(column)
    )
    return {str(key): n for key, n in rows}
