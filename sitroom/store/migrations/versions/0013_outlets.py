"""Each outlet's number of stored articles kept as a row, counted up on each write: the
stories page's outlet filter reads them instead of grouping every article.

Revision ID: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("articles", sa.Integer, nullable=False),
    )
    op.execute("INSERT INTO outlets (source, articles) SELECT source, count(*) FROM articles "
               "WHERE source IS NOT NULL GROUP BY source")


def downgrade() -> None:
    op.drop_table("outlets")
