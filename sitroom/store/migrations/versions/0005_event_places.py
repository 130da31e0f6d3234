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
    # definitions, so it runs here, in the newest revision that adds finding columns.
    from sitroom.store.findings import backfill

    backfill(op.get_bind(), derived=False)  # the graph and name words come in 0007, 0008


def downgrade() -> None:
    op.drop_index("ix_events_lat_lon", "events")
    op.drop_index("ix_events_country", "events")
    for column in ("fatalities", "precision", "lon", "lat", "country"):
        op.drop_column("events", column)
