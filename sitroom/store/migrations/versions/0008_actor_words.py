"""Actors found by the words of their names (store/names.py): `actor_words`, filled here
from the stored actors and kept with them on each write, so that searching actors by name
reads an index range instead of matching a pattern against every actor; and the codes of
the stored graph indexed by target too (an actor's graph reads its edges by either end).

Revision ID: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor_words",
        sa.Column("word", sa.String(255).with_variant(sa.String(255, collation="C"),
                                                      "postgresql"), primary_key=True),
        sa.Column("actor_id", sa.String(255), primary_key=True),
    )
    from sitroom.store.names import rebuild_words

    rebuild_words(op.get_bind())
    op.create_index("ix_actor_words_actor_id", "actor_words", ["actor_id"])
    # an actor's stored graph reads its edges' codes by either end
    op.create_index("ix_graph_codes_target", "graph_codes", ["target"])


def downgrade() -> None:
    op.drop_index("ix_graph_codes_target", "graph_codes")
    op.drop_table("actor_words")
