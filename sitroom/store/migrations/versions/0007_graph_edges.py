"""The actor graph kept as rows (store/graph.py): `graph_pairs` and `graph_codes`, filled
here from the stored events and changed by difference on each write, so that the graph of
the whole collection (`/api/graph`) is a page read from an index, not a grouping of every
event.

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _end() -> sa.types.TypeEngine:
    return sa.String(255).with_variant(sa.String(255, collation="C"), "postgresql")


def upgrade() -> None:
    op.create_table(
        "graph_pairs",
        sa.Column("source", _end(), primary_key=True),
        sa.Column("target", _end(), primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("goldstein", sa.Float, nullable=False),
        sa.Column("cooperation", sa.Integer, nullable=False),
        sa.Column("first", sa.String(10)),
        sa.Column("last", sa.String(10)),
    )
    op.create_table(
        "graph_codes",
        sa.Column("source", _end(), primary_key=True),
        sa.Column("target", _end(), primary_key=True),
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("events", sa.Integer, nullable=False),
    )
    from sitroom.store.graph import rebuild_graph

    rebuild_graph(op.get_bind())
    op.create_index("ix_graph_pairs_target", "graph_pairs", ["target"])
    op.create_index("ix_graph_pairs_heaviest", "graph_pairs",
                    [sa.text("events DESC"), "source", "target"])


def downgrade() -> None:
    op.drop_table("graph_codes")
    op.drop_table("graph_pairs")
