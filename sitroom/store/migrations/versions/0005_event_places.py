"""Events carry where they happened and how many were killed (`place`, `fatalities`): the
map and the time series filter on these columns.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("country", sa.String(8)))
    op.add_column("events", sa.Column("lat", sa.Float))
    op.add_column("events", sa.Column("lon", sa.Float))
    op.add_column("events", sa.Column("precision", sa.String(16)))
    op.add_column("events", sa.Column("fatalities", sa.Integer))
    op.create_index("ix_events_country", "events", ["country"])
    op.create_index("ix_events_lat_lon", "events", ["lat", "lon"])
    # Analyses stored before get their finding rows (again: writing an article's findings
    # replaces them), now with every column. The backfill writes with today's table
    # definitions, so it runs in the newest revision that adds finding columns (0012),
    # asked for here, on the connection the whole upgrade runs on.
    from sitroom.store.findings import BACKFILL_ASKED

    op.get_bind().info[BACKFILL_ASKED] = True


def downgrade() -> None:
    op.drop_index("ix_events_lat_lon", "events")
    op.drop_index("ix_events_country", "events")
    for column in ("fatalities", "precision", "lon", "lat", "country"):
        op.drop_column("events", column)
