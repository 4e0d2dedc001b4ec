"""entity_keys: one row per matching key of an entity, so linking loads only what it needs.

Until now every ingest process held the whole entity catalogue in memory (loaded at start,
refreshed by ``updated_at``): memory and start-up time grew with the corpus. The linker now
asks this table for the entities sharing a key with the article's names. Existing entities
are indexed from their ``keys`` column.

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entity_keys",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entities.id"], name=op.f("fk_entity_keys_entity_id_entities"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "entity_id", name=op.f("pk_entity_keys")),
    )
    with op.batch_alter_table("entity_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entity_keys_entity_id"), ["entity_id"], unique=False)
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, keys FROM entities")).all()
    values = [{"key": key, "entity_id": eid} for eid, keys in rows
              for key in sorted(set(json.loads(keys) if isinstance(keys, str) else keys or []))]
    if values:
        conn.execute(sa.text("INSERT INTO entity_keys (key, entity_id) VALUES (:key, :entity_id)"), values)


def downgrade() -> None:
    with op.batch_alter_table("entity_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entity_keys_entity_id"))
    op.drop_table("entity_keys")
