"""Keyword search index: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL.

Both index the *search terms* of an article (see marsad/search_terms.py), not its raw text:
Arabic folded (alef/ya/ta marbuta, no tashkeel or tatweel) with each clitic-bearing word
also indexed without its proclitics, so "وموسكو" is found by "موسكو".

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
            "article_id UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute("CREATE TABLE IF NOT EXISTS search_docs (article_id VARCHAR(32) PRIMARY KEY "
                   "REFERENCES articles(id) ON DELETE CASCADE, title TEXT NOT NULL, body TEXT NOT NULL)")
        op.execute("CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN "
                   "(to_tsvector('simple', title || ' ' || body))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    else:
        op.execute("DROP TABLE IF EXISTS search_docs")
