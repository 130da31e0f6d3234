"""Indexes the API's listings need at scale: events by CAMEO code prefix among the shown
ones (`/api/events?code=19` counts its matches in the index alone), claims by certainty
newest first (`/api/claims?certainty=possible`).

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_cameo_confidence", "events", ["cameo", "confidence"])
    # PostgreSQL reads an index in the listing's order only if it is built in it (newest
    # first, undated last); SQLite puts NULLs first in either direction and reads it backwards
    newest = (sa.text("published DESC NULLS LAST")
              if op.get_bind().dialect.name == "postgresql" else "published")
    op.create_index("ix_claims_certainty_published", "claims", ["certainty", newest])


def downgrade() -> None:
    op.drop_index("ix_claims_certainty_published", "claims")
    op.drop_index("ix_events_cameo_confidence", "events")
