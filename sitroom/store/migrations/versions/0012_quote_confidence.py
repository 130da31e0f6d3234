"""A quote's confidence as a column beside its speaker and day in one index: the shown
quotes of a speaker are counted and listed newest first from that index, instead of reading
every quote's stored JSON (the most quoted speaker has 60,000 quotes at 100,000 articles).

Revision ID: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("quotes", sa.Column("confidence", sa.Float))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("UPDATE quotes SET confidence = (data->>'confidence')::float "
                   "WHERE data->>'confidence' IS NOT NULL")
    else:
        op.execute("UPDATE quotes SET confidence = json_extract(data, '$.confidence') "
                   "WHERE json_type(data, '$.confidence') IN ('real', 'integer')")
    op.drop_index("ix_quotes_speaker_published", "quotes")
    op.create_index("ix_quotes_speaker_published_confidence", "quotes",
                    ["speaker", "published", "confidence"])
    # A database from before 0005 gets its finding rows here, the newest revision that adds
    # finding columns (the backfill writes with today's table definitions), and the rows
    # kept from them (the graph, the name words, the actors' days) rebuilt from those.
    from sitroom.store.findings import BACKFILL_ASKED, backfill

    if bind.info.pop(BACKFILL_ASKED, False):
        backfill(bind)


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker_published_confidence", "quotes")
    op.create_index("ix_quotes_speaker_published", "quotes", ["speaker", "published"])
    with op.batch_alter_table("quotes") as batch:
        batch.drop_column("confidence")
