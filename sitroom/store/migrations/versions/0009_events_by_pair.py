"""Events indexed by their pair and date: an edge of the stored actor graph reads its
first events (its evidence) in the index's order instead of ranking every event of the
page's pairs.

Revision ID: 0009
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_pair_date", "events", ["source", "target", "date", "id"])


def downgrade() -> None:
    op.drop_index("ix_events_pair_date", "events")
