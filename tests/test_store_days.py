"""Each actor's events per day kept as rows (store/days.py) give what grouping the events
gives: the actor's counts, trend and chart."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from sitroom.records import SHOWN_CONFIDENCE
from sitroom.store import days, findings, places
from sitroom.store.places import event_series
from sitroom.store.schema import actor_days
from tests.test_store_graph import AGAIN, STORED, _article
from tests.test_store_graph import _analysis as _events_only

ACTORS = ("PRK", "RUS", "USA", "KOR", "nobody")


def _reads(store) -> dict[str, object]:
    """Everything an actor's page reads that the kept rows may answer."""
    out: dict[str, object] = {}
    for actor in ACTORS:
        out[f"trend {actor}"] = store.actor_trend(actor)
        out[f"months {actor}"] = store.actor_trend(actor, by="month")
        out[f"series {actor}"] = event_series(store.engine, actor=actor)
        out[f"series by month {actor}"] = event_series(store.engine, per="month", actor=actor)
        if actor != "nobody":
            info = store.actor(actor)
            out[f"counts {actor}"] = (info["did"], info["done_to"])
    return out


def _grouped(store, monkeypatch) -> dict[str, object]:
    """The same reads with the kept rows turned off (every event grouped)."""
    with monkeypatch.context() as patch:
        for module in (findings, places):
            patch.setattr(module, "days_serve", lambda *_: False)
        return _reads(store)


def _analysis(article, rows: list[tuple]):
    """The article's events, with their actors (an actor's page needs it stored)."""
    analysis = _events_only(article, rows).to_dict()
    ends = sorted({end for row in rows for end in row[:2] if end})
    analysis["actors"] = [{"id": end, "name": end, "type": "country", "mentions": []}
                          for end in ends]
    return type(_events_only(article, [])).from_dict(analysis)


def _kept_rows(store) -> list[tuple]:
    with store.engine.connect() as connection:
        return sorted(tuple(r) for r in connection.execute(sa.select(actor_days)))


def _store_all(store) -> dict:
    articles = {key: _article(key, day) for key, (day, _) in STORED.items()}
    plans = store.plan(list(articles.values()), analyse=True)
    store.write(plans, [_analysis(p.article, STORED[p.article.id][1]) for p in plans])
    return articles


def test_store_days_answer_as_the_grouped_events_after_writes_and_reanalysis(store, monkeypatch):
    articles = _store_all(store)
    assert _reads(store) == _grouped(store, monkeypatch)
    store.write([], [_analysis(articles[key], rows) for key, rows in AGAIN.items()])
    assert _reads(store) == _grouped(store, monkeypatch)
    store.write([], [_analysis(articles["a1"], [])])
    assert _reads(store) == _grouped(store, monkeypatch)


def test_store_days_kept_by_difference_equal_a_rebuild(store):
    articles = _store_all(store)
    store.write([], [_analysis(articles[key], rows) for key, rows in AGAIN.items()])
    kept = _kept_rows(store)
    with store.engine.begin() as connection:
        days.rebuild_days(connection)
    assert _kept_rows(store) == kept
    assert len(kept) > 5


def test_store_days_counts_written_out(store):
    """What the rows hold for RUS, counted by hand from STORED (a1 dated 2024-10-02,
    a3 2024-10-09, a4 2024-09-28; events at 0.7 or above only)."""
    _store_all(store)
    with store.engine.connect() as connection:
        rows = {(r.day, r.plover): (r.events, r.did, r.done_to, r.graphed, r.goldstein,
                                    r.graphed_as_source)
                for r in connection.execute(sa.select(actor_days)
                                            .where(actor_days.c.actor == "RUS"))}
    assert rows[("2024-10-01", "AID")] == pytest.approx((3, 0, 3, 3, 24.9, 0))  # A × 3
    assert rows[("2024-10-02", "ASSAULT")] == (1, 1, 0, 1, -10.0, 1)  # B dated as a1
    assert rows[("2024-09-28", "ASSAULT")] == (2, 2, 0, 2, -20.0, 2)  # B twice in a4
    # SELF once with its two ends; UNSURE (no confidence, same day and no category) left out
    assert rows[("2024-10-09", "")] == (1, 1, 1, 1, 0.0, 1)
    assert rows[("2024-10-03", "SANCTION")] == (2, 0, 2, 2, -16.0, 0)  # D, future, × 2


def test_store_days_filled_by_their_migration(store, monkeypatch):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    _store_all(store)
    kept = _kept_rows(store)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    assert "actor_days" not in sa.inspect(store.engine).get_table_names()
    store.migrate()
    assert _kept_rows(store) == kept
    assert _reads(store) == _grouped(store, monkeypatch)


@pytest.mark.parametrize(("min_confidence", "filters", "served"), [
    (SHOWN_CONFIDENCE, {}, True), (SHOWN_CONFIDENCE, {"actor": "RUS"}, True),
    (0.5, {"actor": "RUS"}, False), (None, {}, False), (0, {}, False),
    (SHOWN_CONFIDENCE, {"actor": "RUS", "since": "2024-10-01"}, False),
    (SHOWN_CONFIDENCE, {"actor": "RUS", "code": None}, True),
    (SHOWN_CONFIDENCE, {"actor": "RUS", "plover": "AID"}, False),
])
def test_store_days_serve_only_the_shown_events_of_one_actor(min_confidence, filters, served):
    assert days.days_serve(min_confidence, filters) is served


def test_store_days_other_confidence_reads_the_events(store):
    _store_all(store)
    shown = store.actor("USA")
    every = store.actor("USA", min_confidence=0)
    # D twice and NEGATED (every modality is counted); DOUBTED (0.4) only at 0
    assert (shown["did"], every["did"]) == (3, 4)


def test_store_days_span_is_the_first_and_last_shown_day(store):
    _store_all(store)
    # RUS: C (PRK -> RUS) on 2024-09-20 first, SELF in a3 (2024-10-09) last
    assert places.series_span(store.engine, actor="RUS") == ("2024-09-20", "2024-10-09")
    periods = event_series(store.engine, actor="RUS")["periods"]
    assert (periods[0]["period"], periods[-1]["period"]) == ("2024-09-20", "2024-10-09")
    assert places.series_span(store.engine, actor="nobody") == (None, None)


@pytest.mark.parametrize("filters", [{}, {"actor": "RUS", "since": "2024-10-01"},
                                     {"actor": "RUS", "min_confidence": 0.5}])
def test_store_days_span_only_where_the_rows_answer(store, filters):
    _store_all(store)
    assert places.series_span(store.engine, **filters) is None


def _newest_first(rows: list[dict]) -> list[int]:
    ordered = sorted(rows, key=lambda r: r["id"])
    ordered.sort(key=lambda r: (r["date"] is not None, r["date"] or ""), reverse=True)
    return [r["id"] for r in ordered]


@pytest.mark.parametrize("actor", ["RUS", "PRK", "USA"])
@pytest.mark.parametrize("min_confidence", [SHOWN_CONFIDENCE, 0])
def test_store_days_actor_events_merged_from_both_ends_in_order(store, actor, min_confidence):
    _store_all(store)
    every = list(store.iter_events(actor=actor, min_confidence=min_confidence))
    expected = _newest_first(every)
    assert len(expected) >= 3
    listing = store.find_events(actor=actor, min_confidence=min_confidence, limit=100)
    assert [e["id"] for e in listing["items"]] == expected
    assert listing["total"] == len(expected)
    pages = [store.find_events(actor=actor, min_confidence=min_confidence, limit=2,
                               offset=offset, counted=False)["items"]
             for offset in range(0, len(expected), 2)]
    assert [e["id"] for page in pages for e in page] == expected
