"""Search: keyword (FTS5 / PostgreSQL full text over Arabic-aware terms) and semantic
(query embedding against article vectors), fused by reciprocal rank fusion.

``search()`` is what the CLI, the API and the web UI call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, text

from marsad import search_terms
from marsad.model import Article
from marsad.store.queries import ArticleFilter, _filtered, _jsonable_row
from marsad.store.tables import articles, sentences, sources
from marsad.text.normalise import fold

RRF_K = 60  # the usual constant of reciprocal rank fusion (Cormack et al. 2009)


# ---------------------------------------------------------------- indexing
def index_article(conn: Connection, article: Article) -> None:
    """Add (or replace) one article in the keyword index."""
    title, body = search_terms.index_text(article.title), search_terms.index_text(article.text)
    if conn.dialect.name == "sqlite":
        conn.execute(text("DELETE FROM search_fts WHERE article_id = :id"), {"id": article.id})
        conn.execute(text("INSERT INTO search_fts (article_id, title, body) VALUES (:id, :t, :b)"),
                     {"id": article.id, "t": title, "b": body})
    else:
        conn.execute(text("DELETE FROM search_docs WHERE article_id = :id"), {"id": article.id})
        conn.execute(text("INSERT INTO search_docs (article_id, title, body) VALUES (:id, :t, :b)"),
                     {"id": article.id, "t": title, "b": body})


class KeywordIndexStage:
    """Pipeline stage: writes each new article into the keyword index."""

    name = "keyword-index"
    requires = ("article.text", "article.title")
    assigns: tuple[str, ...] = ()

    def setup(self) -> None:
        return None

    def __call__(self, article: Article) -> Article:
        return article

    def persist(self, conn: Connection, article: Article) -> None:
        index_article(conn, article)


# ---------------------------------------------------------------- keyword search
def _fts_query(groups: list[list[str]], op: str) -> str:
    parts = ["(" + " OR ".join('"' + v.replace('"', "") + '"' for v in g) + ")" for g in groups]
    return f" {op} ".join(parts)


def keyword_ids(conn: Connection, query: str, limit: int = 100) -> list[str]:
    """Article ids matching every query word (or, failing that, any), best first."""
    groups = search_terms.query_groups(query)
    if not groups:
        return []
    for op in ("AND", "OR") if len(groups) > 1 else ("AND",):
        ids = _keyword_sqlite(conn, groups, op, limit) if conn.dialect.name == "sqlite" else _keyword_pg(conn, groups, op, limit)
        if ids:
            return ids
    return []


def _keyword_sqlite(conn: Connection, groups: list[list[str]], op: str, limit: int) -> list[str]:
    rows = conn.execute(
        text("SELECT article_id FROM search_fts WHERE search_fts MATCH :q ORDER BY bm25(search_fts, 2.0, 1.0) LIMIT :n"),
        {"q": _fts_query(groups, op), "n": limit},
    )
    return [r[0] for r in rows]


def _keyword_pg(conn: Connection, groups: list[list[str]], op: str, limit: int) -> list[str]:
    """PostgreSQL full text over the stored search terms (see docs/architecture.md, PostgreSQL).

    The GIN-indexed column ``tsv`` holds ``to_tsvector('simple', ...)`` of the title (weight A)
    and the body (weight B), both terms already folded and clitic-stripped in Python, so Arabic needs no dictionary of PostgreSQL's. Each query
    word is a prefix lexeme; a Latin word is first reduced by the English Snowball stemmer
    (``to_tsquery('english', ...)``), so "airstrikes" matches "airstrike" and "airstrikes".
    """
    params: dict[str, object] = {"n": limit}
    tsq = _pg_tsquery(groups, op, params)
    if tsq is None:
        return []
    rows = conn.execute(
        text(f"SELECT article_id FROM search_docs, ({tsq}) AS q(q) "
             "WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, article_id LIMIT :n"),
        params,
    )
    return [r[0] for r in rows]


def _pg_tsquery(groups: list[list[str]], op: str, params: dict[str, object]) -> str | None:
    """A SELECT of one tsquery: variants of a word OR-ed, words AND-ed (or OR-ed); every
    word is a bound parameter."""
    joiner = " && " if op == "AND" else " || "
    parts = []
    for g, variants in enumerate(groups):
        options = []
        for v, word in enumerate(variants):
            name, lexeme = f"w{g}_{v}", _pg_lexeme(word)
            if lexeme is None:
                continue
            params[name] = lexeme
            config = "english" if word.isascii() else "simple"
            options.append(f"to_tsquery('{config}', :{name})")
        if options:
            parts.append("(" + " || ".join(options) + ")")
    return "SELECT " + joiner.join(parts) if parts else None


def _pg_lexeme(word: str) -> str | None:
    """A prefix lexeme of the word's letters and digits (tsquery syntax characters dropped)."""
    clean = "".join(ch for ch in word if ch.isalnum())
    return f"{clean}:*" if clean else None


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
    bundled embedding model over stored article vectors (marsad.semantic)."""
    flt = ArticleFilter(lang=lang, source=source, since=since, until=until)
    pool = max(limit * 5, 50)
    keyword = keyword_ids(conn, query, pool) if mode in ("hybrid", "keyword") else []
    meaning: list[str] = []
    if mode in ("hybrid", "semantic"):
        if semantic is None:
            from marsad.semantic import semantic_ids as semantic
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
        row.update(score=round(score, 6), keyword_rank=kw_rank.get(article_id), semantic_rank=sem_rank.get(article_id),
                   snippet=_snippet(conn, article_id, query))
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


def _snippet(conn: Connection, article_id: str, query: str, width: int = 240) -> str:
    """The first sentence that contains a query word (folded match), else the lead."""
    words = {v for g in search_terms.query_groups(query) for v in g}
    rows = conn.execute(select(sentences.c.text).where(sentences.c.article_id == article_id).order_by(sentences.c.idx)).all()
    texts = [r[0] for r in rows]
    for sentence in texts:
        if words & set(search_terms.terms(sentence)) or any(w in fold(sentence) for w in words if len(w) > 3):
            return sentence[:width]
    return (texts[0] if texts else "")[:width]
