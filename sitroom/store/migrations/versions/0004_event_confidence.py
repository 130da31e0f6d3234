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
    # Analyses stored before get their finding rows in 0012, once the tables have
    # every column the code writes; analyses older than the event models have no
    # confidence, so their events are kept but not shown until `analyze` redoes them.


def downgrade() -> None:
    op.drop_index("ix_events_confidence", "events")
    op.drop_column("events", "confidence")
