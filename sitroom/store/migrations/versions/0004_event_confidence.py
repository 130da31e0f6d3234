"""Events carry the calibrated confidence of the learned event models; listings, the graph,
briefs and exports show those at or above a threshold.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("confidence", sa.Float))
    op.create_index("ix_events_confidence", "events", ["confidence"])


def downgrade() -> None:
    op.drop_index("ix_events_confidence", "events")
    op.drop_column("events", "confidence")
