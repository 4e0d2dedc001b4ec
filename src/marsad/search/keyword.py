"""Keyword search: the full-text index (SQLite FTS5, PostgreSQL tsvector) over Arabic-aware
terms (:mod:`marsad.search.terms`), written by the pipeline and queried by :mod:`marsad.search.store`."""

from __future__ import annotations

from sqlalchemy import Connection, text

from marsad.model import Article
from marsad.search import terms as search_terms


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
