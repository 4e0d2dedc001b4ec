"""Alembic environment: runs on the connection Marsad hands over (see store/db.py)."""

from alembic import context

from marsad.store.tables import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line: build an engine from the URL
    from sqlalchemy import create_engine

    connection = create_engine(config.get_main_option("sqlalchemy.url")).connect()



def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Search-index tables are created by hand in 0003 (FTS5 / tsvector), not from metadata."""
    return not (type_ == "table" and name.startswith(("search_fts", "search_docs")))


context.configure(
    connection=connection,
    include_object=include_object,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
