"""PostgreSQL keyword search: a stored, title-weighted tsvector instead of an expression index.

0003 indexed ``to_tsvector('simple', title || ' ' || body)`` as an expression, so the GIN
index found the matches but ``ts_rank`` recomputed every matching document's tsvector: a
query matching most of a 1,000-article corpus took ~160 ms, growing with the corpus. The
vector is now a generated column, weighted A for the title and B for the body (the title
counts more, as in the SQLite index's bm25 weights). SQLite is unchanged.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_docs_tsv")
    op.execute("ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS "
               "(setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')) STORED")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP INDEX IF EXISTS ix_search_docs_tsv")
    op.execute("ALTER TABLE search_docs DROP COLUMN IF EXISTS tsv")
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN "
               "(to_tsvector('simple', title || ' ' || body))")
