"""Articles, their texts, analyses, ingest errors and full-text search.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

NOW = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "texts",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=True),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("text_hash", sa.String(64), sa.ForeignKey("texts.hash"), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("author", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("duplicate_of", sa.String(255), nullable=True),
        sa.Column("duplicate_kind", sa.String(8), nullable=True),
        sa.Column("ingested_at", NOW, nullable=False),
    )
    op.create_index("ix_articles_text_hash", "articles", ["text_hash"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])
    op.create_table(
        "analyses",
        sa.Column("article_id", sa.String(255),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.String(16), nullable=False),
        sa.Column("created_at", NOW, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("first_seen", NOW, nullable=False),
        sa.Column("last_seen", NOW, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_index("ix_ingest_errors_origin_reason", "ingest_errors", ["origin", "reason"],
                    unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "article_search",
            sa.Column("article_id", sa.String(255),
                      sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
            sa.Column("document", sa.dialects.postgresql.TSVECTOR, nullable=False),
        )
        op.create_index("ix_article_search_document", "article_search", ["document"],
                        postgresql_using="gin")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE article_search USING fts5("
            "article_id UNINDEXED, title, body, tokenize='porter unicode61')"
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS article_search")
    op.drop_table("ingest_errors")
    op.drop_table("analyses")
    op.drop_table("articles")
    op.drop_table("texts")
