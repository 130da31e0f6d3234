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


def test_store_indexes_0014_keeps_the_search_pending_lists_short_on_postgresql(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    if store.dialect != "postgresql":
        assert "article_search" in sa.inspect(store.engine).get_table_names()  # FTS5 as it was
        return

    def options():
        with store.engine.connect() as connection:
            return dict(connection.execute(sa.text(
                "SELECT relname, reloptions FROM pg_class WHERE relname IN "
                "('ix_article_search_document', 'ix_finding_search_document')")).all())

    short = ["gin_pending_list_limit=256"]
    assert options() == {"ix_article_search_document": short,
                         "ix_finding_search_document": short}
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    assert options() == {"ix_article_search_document": None,
                         "ix_finding_search_document": None}
    store.migrate()
    assert options() == {"ix_article_search_document": short,
                         "ix_finding_search_document": short}


def test_store_indexes_search_reads_by_index_for_its_transaction_only(store):
    from sitroom.store.search import pg_by_index

    if store.dialect != "postgresql":
        assert store.search("anything") == []
        return
    with store.engine.connect() as connection:
        pg_by_index(connection)
        assert connection.execute(sa.text("SHOW enable_seqscan")).scalar() == "off"
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SHOW enable_seqscan")).scalar() == "on"
