"""Table definitions the store queries with. The migrations in `migrations/versions` create
them; `tests/test_store.py` checks that a migrated database matches these definitions."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

# One row per distinct normalised text; syndicated copies share it.
texts = Table(
    "texts", metadata,
    Column("hash", String(64), primary_key=True),
    Column("text", Text, nullable=False),
    Column("chars", Integer, nullable=False),
    Column("minhash", LargeBinary, nullable=True),
)

# One row per (text, outlet, URL): `key` is that content hash, `id` the name users see.
articles = Table(
    "articles", metadata,
    Column("id", String(255), primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("text_hash", String(64), ForeignKey("texts.hash"), nullable=False, index=True),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("published", String(10), index=True),
    Column("author", Text),
    Column("origin", Text),
    Column("language", String(8), nullable=False),
    Column("duplicate_of", String(255), nullable=True, index=True),
    Column("duplicate_kind", String(8), nullable=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

analyses = Table(
    "analyses", metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("version", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("data", JSON, nullable=False),
)

ingest_errors = Table(
    "ingest_errors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("origin", Text, nullable=False),
    Column("code", String(8), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("count", Integer, nullable=False),
)

# Stories (see sitroom.stories): one row each, with the centroid that new articles are
# compared with; `story_articles` puts every grouped article in exactly one story.
stories = Table(
    "stories", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("first", String(10), index=True),
    Column("last", String(10), index=True),
    Column("size", Integer, nullable=False),
    Column("centroid", JSON, nullable=False),  # {feature: weight}, the heaviest features
    Column("total", JSON, nullable=False),  # {feature: weight}, sum of member vectors (top)
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

story_articles = Table(
    "story_articles", metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"),
           nullable=False, index=True),
)

# Small named values: the document frequencies story vectors are weighted with.
settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
)
