"""Stories, the articles in each, and a settings table.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("first", sa.String(10)),
        sa.Column("last", sa.String(10)),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("centroid", sa.JSON, nullable=False),
        sa.Column("total", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_stories_first", "stories", ["first"])
    op.create_index("ix_stories_last", "stories", ["last"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(255),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"),
                  nullable=False),
    )
    op.create_index("ix_story_articles_story_id", "story_articles", ["story_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_index("ix_story_articles_story_id", "story_articles")
    op.drop_table("story_articles")
    op.drop_index("ix_stories_last", "stories")
    op.drop_index("ix_stories_first", "stories")
    op.drop_table("stories")
