"""SQLAlchemy Core tables: the one schema for SQLite and PostgreSQL.

Alembic migrations in ``store/migrations`` create exactly these tables; a test compares
the migrated database with this metadata. Offsets (``start``/``end``) are character
offsets into ``articles.text``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("first_seen", DateTime(timezone=True)),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("command", String(40), nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(20), nullable=False),  # running, ok, failed, interrupted, resumed
    Column("ingested", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
)

run_errors = Table(
    "run_errors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("origin", Text, nullable=False),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), index=True),
    Column("origin", Text, nullable=False),
    Column("url", Text),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("raw", Text, nullable=False, default=""),
    Column("lang", String(12), index=True),
    Column("lang_confidence", Float),
    Column("langs", JSON, nullable=False, default=dict),
    Column("mixed", Boolean, nullable=False, default=False),
    Column("published", DateTime(timezone=False), index=True),
    Column("published_from", String(20)),
    Column("author", Text),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("minhash", LargeBinary),
    Column("duplicate_of", String(32), ForeignKey("articles.id"), index=True),
    Column("duplicate_kind", String(8)),
    Column("similarity", Float),
    Column("boilerplate", JSON, nullable=False, default=list),
    Column("meta", JSON, nullable=False, default=dict),
    Column("ingested_at", DateTime(timezone=True), nullable=False, index=True),
    Column("run_id", Integer, ForeignKey("runs.id")),
)

sentences = Table(
    "sentences",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True, autoincrement=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("lang", String(12)),
)

minhash_bands = Table(
    "minhash_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("key", String(40), nullable=False),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("band", "key", "article_id"),
    Index("ix_minhash_bands_lookup", "band", "key"),
)

# ---------------------------------------------------------------- stories (embed + cluster)
stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("titles", JSON, nullable=False, default=dict),  # best headline per language
    Column("languages", JSON, nullable=False, default=list),
    Column("sources", JSON, nullable=False, default=list),
    Column("first_seen", DateTime, index=True),
    Column("last_seen", DateTime, index=True),
    Column("size", Integer, nullable=False, default=0),
    Column("state", JSON, nullable=False, default=dict),  # clusterer state: entity keys, counts
    Column("centroid", LargeBinary),
    Column("model", String(120)),
    Column("updated_at", DateTime(timezone=True)),
)

article_stories = Table(
    "article_stories",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("score", Float),
)

article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(120), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

sentence_vectors = Table(
    "sentence_vectors",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", String(120), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vectors", LargeBinary, nullable=False),  # float32 matrix, one row per sentence
)

# Vectors of sentence clauses, computed by the comparison and kept so that a later `marsad
# compare` of the same text needs no model (keyed by the clause text's SHA-256, not by article:
# the same wire sentence in two articles is embedded once; a cache, safe to empty).
clause_vectors = Table(
    "clause_vectors",
    metadata,
    Column("model", String(120), primary_key=True),
    Column("text_hash", String(64), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

# ---------------------------------------------------------------- entities
entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("label", String(8), nullable=False, index=True),
    Column("names", JSON, nullable=False, default=dict),  # preferred name per language
    Column("aliases", JSON, nullable=False, default=dict),  # surface form -> count
    Column("mentions", Integer, nullable=False, default=0),
    Column("first_seen", DateTime),
    Column("last_seen", DateTime),
    Column("keys", JSON, nullable=False, default=list),  # matching keys, both scripts
    Column("place", String(80)),  # gazetteer id when anchored to a place
    Column("updated_at", DateTime(timezone=True), index=True),
)

# every matching key of every entity (entities.keys, one row each): the linker loads, for an
# article, only the entities that share a key with its names, never the whole catalogue
entity_keys = Table(
    "entity_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# an analyst's merge or split of entities, replayed by the linker on every later ingest and
# reprocess (entity ids are rebuilt then; entity keys and surface forms are what stays):
# ``pins`` maps entity key -> {"label", "aliases"}: mentions named by those aliases (compared by
# name key) link to that entity; ``detail`` records what was merged or split, for the record
entity_overrides = Table(
    "entity_overrides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(8), nullable=False),  # merge, split
    Column("entity_key", String(200), nullable=False, index=True),  # the entity the decision made
    Column("pins", JSON, nullable=False, default=dict),
    Column("detail", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("sentence", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(8), nullable=False),
    Column("lang", String(12)),
    Column("norm", Text, nullable=False, default=""),
    Column("score", Float),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL"), index=True),
)

# ---------------------------------------------------------------- events and quotes
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("sentence", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", String(16), nullable=False, index=True),
    Column("actor", Text),
    Column("actor_entity", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("recipient", Text),
    Column("recipient_entity", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("location", Text),
    Column("location_entity", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("date", String(40), index=True),
    Column("date_from", String(12)),
    Column("negated", Boolean, nullable=False, default=False),
    Column("hypothetical", Boolean, nullable=False, default=False),
    Column("score", Float),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("sentence", Integer),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker", Text),
    Column("speaker_entity", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("verb", Text),
    Column("direct", Boolean, nullable=False, default=True),
    Column("text", Text, nullable=False),
)

# ---------------------------------------------------------------- outlets and provenance (sources/)
# `sources` above keeps each input's own label ("bbc-en", a feed title, "unknown"); `outlets` is
# the registry those labels and article URLs resolve to (many labels and domains, one outlet).
outlets = Table(
    "outlets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(80), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("domains", JSON, nullable=False, default=list),
    Column("aliases", JSON, nullable=False, default=list),
    Column("country", String(2), index=True),
    Column("lang", String(12)),
    Column("type", String(12), index=True),
    Column("owner", Text),
    Column("fact_source", Text),
    Column("origin", String(10), nullable=False, default="user"),  # bundled or user
    Column("updated_at", DateTime(timezone=True)),
)

# each article's outlet (how it was found) and its place in its story's provenance chains
article_provenance = Table(
    "article_provenance",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), index=True),
    Column("outlet", String(80), index=True),  # outlets.key; None when unregistered
    Column("outlet_via", String(8)),  # url or name
    Column("kind", String(12), nullable=False, index=True),  # original, copy, translation, citing
    Column("of_article", String(32)),
    Column("of_outlet", String(80), index=True),
    Column("evidence", JSON, nullable=False, default=dict),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

# per story: independent sources (chains counted once), first report per language, lag
story_sources = Table(
    "story_sources",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("independent", Integer, nullable=False, index=True),
    Column("articles", Integer, nullable=False),
    Column("copies", Integer, nullable=False, default=0),
    Column("translations", Integer, nullable=False, default=0),
    Column("citing", Integer, nullable=False, default=0),
    Column("first_by_lang", JSON, nullable=False, default=dict),
    Column("lag_hours", Float),
    Column("countries", JSON, nullable=False, default=list),
    Column("types", JSON, nullable=False, default=list),
    Column("chains", JSON, nullable=False, default=list),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

# ---------------------------------------------------------------- monitoring (watchlists, alerts)
# a watchlist: what an analyst follows (an entity, a query, a story, an event type, a source);
# ``params`` holds what matching needs (name keys, query terms and vector, story id, actor keys)
watchlists = Table(
    "watchlists",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(12), nullable=False),  # entity, query, story, event, source
    Column("target", Text, nullable=False),  # what the user typed
    Column("label", Text, nullable=False, default=""),
    Column("params", JSON, nullable=False, default=dict),
    Column("webhook", Text),  # URL that gets each alert as JSON (HTTP POST), or NULL
    Column("allow_private", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# one alert per (watchlist, article, kind): written in the article's transaction, so a killed
# run neither loses nor doubles one
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("watchlist_id", Integer, ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False, default="match"),  # match, one-language
    Column("story_id", Integer),
    Column("sentence", Integer),
    Column("excerpt", Text, nullable=False, default=""),  # the sentence that matched
    Column("mention", Text),  # the entity mention / matched words
    Column("reason", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("read_at", DateTime(timezone=True)),
    UniqueConstraint("watchlist_id", "article_id", "kind"),
)

# webhook deliveries to make: filled with the alert, sent after commit, retried with back-off
webhook_outbox = Table(
    "webhook_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("url", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("delivered_at", DateTime(timezone=True)),
    Column("failed_at", DateTime(timezone=True)),  # gave up after the last retry
    Column("last_error", Text),
)
