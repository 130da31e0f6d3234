"""Findings as rows: actors, the actors of each article, events, quotes, claims, and a
search index over quotes and claims; filled from the analyses already stored.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _article_id() -> sa.Column:
    return sa.Column("article_id", sa.String(255),
                     sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(32)),
        sa.Column("code", sa.String(64)),
        sa.Column("country", sa.String(8)),
        sa.Column("title", sa.Text),
        sa.Column("affiliation", sa.Text),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_actors_articles", "actors", ["articles"])
    op.create_table(
        "article_actors",
        sa.Column("article_id", sa.String(255),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("actor_id", sa.String(255), primary_key=True),
        sa.Column("mentions", sa.Integer, nullable=False),
    )
    op.create_index("ix_article_actors_actor_id", "article_actors", ["actor_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("source", sa.String(255)),
        sa.Column("target", sa.String(255)),
        sa.Column("cameo", sa.String(8), nullable=False),
        sa.Column("root", sa.String(4), nullable=False),
        sa.Column("plover", sa.String(16)),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("quad_class", sa.Integer, nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    for column in ("article_id", "date", "source", "target", "cameo", "plover"):
        op.create_index(f"ix_events_{column}", "events", [column])
    # an actor's events newest first, without sorting all of them
    op.create_index("ix_events_source_date", "events", ["source", "date"])
    op.create_index("ix_events_target_date", "events", ["target", "date"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("speaker", sa.String(255)),
        sa.Column("speaker_name", sa.Text),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    for column in ("article_id", "published"):
        op.create_index(f"ix_quotes_{column}", "quotes", [column])
    op.create_index("ix_quotes_speaker_published", "quotes", ["speaker", "published"])
    op.create_table(
        "quote_actors",
        sa.Column("quote_id", sa.Integer, sa.ForeignKey("quotes.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("actor_id", sa.String(255), primary_key=True),
        sa.Column("published", sa.String(10)),
    )
    op.create_index("ix_quote_actors_actor_published", "quote_actors",
                    ["actor_id", "published"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _article_id(),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("certainty", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(255)),
        sa.Column("attributed_to", sa.String(255)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    for column in ("article_id", "kind", "certainty", "published"):
        op.create_index(f"ix_claims_{column}", "claims", [column])
    for column in ("subject", "attributed_to"):  # what it claimed or was said of, latest first
        op.create_index(f"ix_claims_{column}_published", "claims", [column, "published"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "finding_search",
            sa.Column("kind", sa.String(8), primary_key=True),
            sa.Column("finding_id", sa.Integer, primary_key=True),
            _article_id(),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR, nullable=False),
        )
        op.create_index("ix_finding_search_document", "finding_search", ["document"],
                        postgresql_using="gin")
        op.create_index("ix_finding_search_article_id", "finding_search", ["article_id"])
    else:
        op.execute(
            "CREATE VIRTUAL TABLE finding_search USING fts5(kind UNINDEXED, "
            "finding_id UNINDEXED, article_id UNINDEXED, body, tokenize='porter unicode61')"
        )
    # Analyses stored before this revision get their rows in 0012, once the tables have
    # every column the code writes (the backfill writes with today's table definitions).


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS finding_search")
    for table in ("claims", "quote_actors", "quotes", "events", "article_actors", "actors"):
        op.drop_table(table)
