"""Entity linking state: matching keys, gazetteer place and update time; mention language.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("keys", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("place", sa.String(80), nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_entities_updated_at", ["updated_at"])
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("lang", sa.String(12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("lang")
    with op.batch_alter_table("entities") as batch:
        batch.drop_index("ix_entities_updated_at")
        batch.drop_column("updated_at")
        batch.drop_column("place")
        batch.drop_column("keys")
