"""Analyst decisions on entities (merge, split) that every later linking run follows.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("entity_key", sa.String(length=200), nullable=False),
        sa.Column("pins", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_overrides")),
    )
    op.create_index(op.f("ix_entity_overrides_entity_key"), "entity_overrides", ["entity_key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_entity_overrides_entity_key"), table_name="entity_overrides")
    op.drop_table("entity_overrides")
