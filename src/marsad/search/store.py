"""Search: keyword (:mod:`marsad.search.keyword`) and semantic (:mod:`marsad.search.semantic`)
rankings fused by reciprocal rank fusion, with the filters and snippets of the result rows.

``search()`` is what the CLI, the API and the web UI call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from marsad.search.highlight import best_sentence, cut, highlights
from marsad.search.keyword import keyword_ids
from marsad.store.queries import ArticleFilter, _filtered, _jsonable_row
from marsad.store.tables import articles, sentences, sources

RRF_K = 60  # the usual constant of reciprocal rank fusion (Cormack et al. 2009)


# ---------------------------------------------------------------- fusion and results
def fuse(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several ranked id lists; ties broken by id."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def search(conn: Connection, query: str, *, lang: str | None = None, source: str | None = None,
           since: datetime | None = None, until: datetime | None = None, limit: int = 20,
           mode: str = "hybrid", semantic: Any = None) -> list[dict[str, Any]]:
    """Ranked articles for ``query``: keyword and semantic results fused (``mode``: hybrid,
    keyword or semantic). ``semantic`` is a callable (query, k) -> ranked ids; by default the
    bundled embedding model over stored article vectors (marsad.search.semantic)."""
    flt = ArticleFilter(lang=lang, source=source, since=since, until=until)
    pool = max(limit * 5, 50)
    keyword = keyword_ids(conn, query, pool) if mode in ("hybrid", "keyword") else []
    meaning: list[str] = []
    best_sentence: dict[str, int | None] = {}
    if mode in ("hybrid", "semantic"):
        if semantic is None:
            from marsad.search.semantic import semantic_matches

            matches = semantic_matches(conn, query, pool)
            meaning = [a for a, _, _ in matches]
            best_sentence = {a: i for a, _, i in matches}
        else:
            meaning = semantic(conn, query, pool)
    fused = fuse([keyword, meaning])
    rows = _rows(conn, [i for i, _ in fused], flt)
    kw_rank = {a: r + 1 for r, a in enumerate(keyword)}
    sem_rank = {a: r + 1 for r, a in enumerate(meaning)}
    results = []
    for article_id, score in fused:
        row = rows.get(article_id)
        if row is None:
            continue
        snippet, marks = _snippet(conn, article_id, query, best_sentence.get(article_id))
        row.update(score=round(score, 6), keyword_rank=kw_rank.get(article_id), semantic_rank=sem_rank.get(article_id),
                   snippet=snippet, highlights=[list(m) for m in marks])
        results.append(row)
        if len(results) >= limit:
            break
    return results


def _rows(conn: Connection, ids: list[str], flt: ArticleFilter) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    q = (select(articles.c.id.label("article_id"), articles.c.title, articles.c.lang, articles.c.published,
                sources.c.name.label("source"))
         .select_from(articles.outerjoin(sources)).where(articles.c.id.in_(ids)))
    return {r["article_id"]: _jsonable_row(r) for r in conn.execute(_filtered(q, flt)).mappings()}


def _snippet(conn: Connection, article_id: str, query: str, semantic_best: int | None = None,
             width: int = 240) -> tuple[str, list[tuple[int, int]]]:
    """The sentence matching most query words (folded, ال-aware: marsad.search.highlight), else
    the sentence nearest the query in meaning, else the lead; with the query words' spans."""
    texts = [r[0] for r in conn.execute(select(sentences.c.text).where(sentences.c.article_id == article_id)
                                        .order_by(sentences.c.idx)).all()]
    if not texts:
        return "", []
    chosen = best_sentence(texts, query)
    if chosen is None:
        chosen = semantic_best if semantic_best is not None and 0 <= semantic_best < len(texts) else 0
    return cut(texts[chosen], highlights(texts[chosen], query), width)
