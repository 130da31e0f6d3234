"""Each actor's shown events per day and PLOVER category kept as rows (store/days.py), so an
actor's page reads its trend, chart and counts from at most a row per day and category;
and events by root code newest first in an index, so a listing by code (`/api/events?code=19`)
reads its page and its count from that index instead of sorting every event of the code.

Revision ID: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor_days",
        sa.Column("actor", sa.String(255), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("plover", sa.String(16), primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("did", sa.Integer, nullable=False),
        sa.Column("done_to", sa.Integer, nullable=False),
        sa.Column("graphed", sa.Integer, nullable=False),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("graphed_as_source", sa.Integer, nullable=False),
    )
    from sitroom.store.days import rebuild_days

    rebuild_days(op.get_bind())
    # the listing's order on SQLite (NULLs last, then by id); PostgreSQL reads the dated
    # events by `date DESC` (`findings._page_rows`), an ascending index read backwards
    newest = "date" if op.get_bind().dialect.name == "postgresql" else "date DESC"
    op.create_index("ix_events_root_date_id", "events",
                    ["root", sa.text(newest), "id", "confidence"])


def downgrade() -> None:
    op.drop_index("ix_events_root_date_id", "events")
    op.drop_table("actor_days")
