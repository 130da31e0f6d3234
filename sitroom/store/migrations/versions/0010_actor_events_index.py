"""An actor's events by date with their confidence in the index: counting the shown events
an actor did or had done to it (the actor page) reads the index alone instead of every
event's row, and its events newest first stay in index order. The single-column source
and target indexes go (each is a prefix of these).

Revision ID: 0010
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for end in ("source", "target"):
        op.drop_index(f"ix_events_{end}", "events")
        op.drop_index(f"ix_events_{end}_date", "events")
        op.create_index(f"ix_events_{end}_date_confidence", "events",
                        [end, "date", "confidence"])


def downgrade() -> None:
    for end in ("source", "target"):
        op.drop_index(f"ix_events_{end}_date_confidence", "events")
        op.create_index(f"ix_events_{end}_date", "events", [end, "date"])
        op.create_index(f"ix_events_{end}", "events", [end])
