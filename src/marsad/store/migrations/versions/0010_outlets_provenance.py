"""Outlets (the source registry), each article's outlet and provenance, per-story source counts.

Revision ID: 0010
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("domains", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("lang", sa.String(length=12), nullable=True),
        sa.Column("type", sa.String(length=12), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("fact_source", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outlets")),
        sa.UniqueConstraint("key", name=op.f("uq_outlets_key")),
    )
    op.create_index(op.f("ix_outlets_country"), "outlets", ["country"], unique=False)
    op.create_index(op.f("ix_outlets_type"), "outlets", ["type"], unique=False)
    op.create_table(
        "article_provenance",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("outlet", sa.String(length=80), nullable=True),
        sa.Column("outlet_via", sa.String(length=8), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("of_article", sa.String(length=32), nullable=True),
        sa.Column("of_outlet", sa.String(length=80), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_provenance_article_id_articles"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=op.f("fk_article_provenance_story_id_stories"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_provenance")),
    )
    for col in ("story_id", "outlet", "kind", "of_outlet"):
        op.create_index(op.f(f"ix_article_provenance_{col}"), "article_provenance", [col], unique=False)
    op.create_table(
        "story_sources",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("independent", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("translations", sa.Integer(), nullable=False),
        sa.Column("citing", sa.Integer(), nullable=False),
        sa.Column("first_by_lang", sa.JSON(), nullable=False),
        sa.Column("lag_hours", sa.Float(), nullable=True),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("types", sa.JSON(), nullable=False),
        sa.Column("chains", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["stories.id"], name=op.f("fk_story_sources_story_id_stories"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_sources")),
    )
    op.create_index(op.f("ix_story_sources_independent"), "story_sources", ["independent"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_story_sources_independent"), table_name="story_sources")
    op.drop_table("story_sources")
    for col in ("story_id", "outlet", "kind", "of_outlet"):
        op.drop_index(op.f(f"ix_article_provenance_{col}"), table_name="article_provenance")
    op.drop_table("article_provenance")
    op.drop_index(op.f("ix_outlets_type"), table_name="outlets")
    op.drop_index(op.f("ix_outlets_country"), table_name="outlets")
    op.drop_table("outlets")
