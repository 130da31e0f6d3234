"""Table definitions the store queries with. The migrations in `migrations/versions` create
them; `tests/test_store.py` checks that a migrated database matches these definitions."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

# Findings (filled from each stored analysis, see store/findings.py): one row per actor, per
# actor in an article, per event, quote and claim, so pages and the API filter them in SQL.
# `data` holds the finding as CONTRACT.md writes it; the other columns are what is filtered on.
actors = Table(
    "actors", metadata,
    Column("id", String(255), primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(32)),
    Column("code", String(64)),
    Column("country", String(8)),
    Column("title", Text),
    Column("affiliation", Text),
    Column("articles", Integer, nullable=False, index=True),  # articles naming it
    Column("mentions", Integer, nullable=False),
)

article_actors = Table(
    "article_actors", metadata,
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("actor_id", String(255), primary_key=True, index=True),
    Column("mentions", Integer, nullable=False),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("n", Integer, nullable=False),
    Column("date", String(10), index=True),
    Column("source", String(255)),
    Column("target", String(255)),
    Column("cameo", String(8), nullable=False, index=True),
    Column("root", String(4), nullable=False),
    Column("plover", String(16), index=True),
    Column("goldstein", Float, nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("modality", String(16), nullable=False),
    Column("data", JSON, nullable=False),
    Column("confidence", Float, index=True),
    # where it happened (`place`, migration 0005): what the map and the series filter on
    Column("country", String(8), index=True),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", String(16)),
    Column("fatalities", Integer),
    Index("ix_events_lat_lon", "lat", "lon"),
    Index("ix_events_cameo_confidence", "cameo", "confidence"),  # migration 0006
    Index("ix_events_pair_date", "source", "target", "date", "id"),  # migration 0009
    # an actor's events by date, confidence read from the index (migration 0010)
    Index("ix_events_source_date_confidence", "source", "date", "confidence"),
    Index("ix_events_target_date_confidence", "target", "date", "confidence"),
)
# Events by root code newest first, as listed, confidence read from the index (migration
# 0011; on PostgreSQL the date ascending, read backwards for the dated events).
Index("ix_events_root_date_id", events.c.root, events.c.date.desc(), events.c.id,
      events.c.confidence)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("n", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("published", String(10), index=True),
    Column("speaker", String(255)),
    Column("speaker_name", Text),
    Column("content", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Column("confidence", Float),  # the quote's, from `data` (migration 0012)
    Index("ix_quotes_speaker_published_confidence", "speaker", "published", "confidence"),
)

# The actors a quote names (any of their mentions inside its content): "quotes about X".
quote_actors = Table(
    "quote_actors", metadata,
    Column("quote_id", Integer, ForeignKey("quotes.id", ondelete="CASCADE"),
           primary_key=True),
    Column("actor_id", String(255), primary_key=True),
    Column("published", String(10)),
    Index("ix_quote_actors_actor_published", "actor_id", "published"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(255), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("n", Integer, nullable=False),
    Column("kind", String(16), nullable=False, index=True),
    Column("published", String(10), index=True),
    Column("certainty", String(16), nullable=False, index=True),
    Column("subject", String(255)),
    Column("attributed_to", String(255)),
    Column("text", Text, nullable=False),
    Column("data", JSON, nullable=False),
    Index("ix_claims_subject_published", "subject", "published"),
    Index("ix_claims_attributed_to_published", "attributed_to", "published"),
    Index("ix_claims_certainty_published", "certainty", "published"),  # migration 0006
)

# The actor graph over every shown event (store/graph.py, migration 0007): one row per
# (source, target) and per (source, target, code), changed by difference on each write.
# PostgreSQL compares the ends byte by byte ("C"), as Python and SQLite do, so the heaviest
# edges come in the same order from the index as from a sort.
_End = String(255).with_variant(String(255, collation="C"), "postgresql")
graph_pairs = Table(
    "graph_pairs", metadata,
    Column("source", _End, primary_key=True),
    Column("target", _End, primary_key=True, index=True),
    Column("events", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),  # the sum; the mean is read
    Column("cooperation", Integer, nullable=False),
    Column("first", String(10)),
    Column("last", String(10)),
)
Index("ix_graph_pairs_heaviest", graph_pairs.c.events.desc(), graph_pairs.c.source,
      graph_pairs.c.target)

graph_codes = Table(
    "graph_codes", metadata,
    Column("source", _End, primary_key=True),
    Column("target", _End, primary_key=True, index=True),  # migration 0008
    Column("code", String(16), primary_key=True),
    Column("events", Integer, nullable=False),
)

# Each word of an actor's name and id (store/names.py, migration 0008): actors found by a
# word's start in an index range, not by a pattern over every name.
actor_words = Table(
    "actor_words", metadata,
    Column("word", _End, primary_key=True),
    Column("actor_id", String(255), primary_key=True, index=True),
)

# Each actor's shown events per day and PLOVER category (store/days.py, migration 0011),
# kept by difference on each write: its page's trend, chart and counts read at most a row
# per day and category, not every event it took part in. `day` and `plover` are "" where
# the events have none (a key column holds no NULL).
actor_days = Table(
    "actor_days", metadata,
    Column("actor", String(255), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("plover", String(16), primary_key=True),
    Column("events", Integer, nullable=False),  # it is either end (a self-loop is one event)
    Column("did", Integer, nullable=False),  # it is the source
    Column("done_to", Integer, nullable=False),  # it is the target
    Column("graphed", Integer, nullable=False),  # of `events`, those of GRAPH_MODALITIES
    Column("goldstein", Float, nullable=False),  # the sum over `graphed`
    Column("graphed_as_source", Integer, nullable=False),
)

# Each outlet's stored articles (migration 0013), counted up as a write inserts articles
# (articles are never deleted nor moved to another outlet): the stories page's outlet
# filter reads them instead of grouping every article.
outlets = Table(
    "outlets", metadata,
    Column("source", Text, primary_key=True),
    Column("articles", Integer, nullable=False),
)
