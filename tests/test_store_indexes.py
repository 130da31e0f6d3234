"""Migration 0010: an actor's events indexed by date with their confidence."""

from __future__ import annotations

import sqlalchemy as sa


def test_store_indexes_0010_replaces_the_actor_event_indexes_and_goes_back(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    def indexes():
        return {i["name"] for i in sa.inspect(store.engine).get_indexes("events")}

    new = {"ix_events_source_date_confidence", "ix_events_target_date_confidence"}
    old = {"ix_events_source", "ix_events_target", "ix_events_source_date",
           "ix_events_target_date"}
    assert new <= indexes() and not old & indexes()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    assert old <= indexes() and not new & indexes()
    store.migrate()
    assert new <= indexes() and not old & indexes()
