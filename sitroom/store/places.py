"""Where and when: stored events as points on a map (grouped by coordinates) and as counts
per day by PLOVER category or quad class. Both filter as `find_events` does (`country`: the
place where the event happened), and `articles` narrows them to a list of articles (the
hits of a word search)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from ..records import SHOWN_CONFIDENCE
from .days import days_serve, kept_series, kept_span
from .findings import _filter_events
from .schema import actors, events

# GDELT's QuadClass names (events.codebook.Code.quad_class)
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
# the series key of events without a PLOVER category (CAMEO 01 statements, mostly)
NO_CATEGORY = "no category"
MAX_POINTS = 2000  # points answered, most events first
POINT_EVIDENCE = 10  # events listed under each point, latest first (all are counted)
SERIES_BY = ("plover", "quad")
SERIES_PER = {"day": 10, "month": 7}  # characters of the date a period keeps


def _narrowed(query: Any, articles: Sequence[str] | None, filters: dict[str, Any]) -> Any:
    query = _filter_events(query, **filters)
    if articles is not None:
        query = query.where(events.c.article_id.in_(list(articles)))
    return query


def map_points(engine: Engine, *, articles: Sequence[str] | None = None,
               limit: int = MAX_POINTS, evidence: int = POINT_EVIDENCE,
               place: tuple[float, float, str | None] | None = None,
               **filters: Any) -> dict[str, Any]:
    """The events matching `filters` that have coordinates, grouped by place (latitude,
    longitude and precision), most events first: each point with its country, the number
    of events and their summed fatalities (None when no event gives a count), first and
    last date, its name (its place's name in one of its events) and its latest `evidence`
    events (with `evidence=1`, the one stored last: read without ranking every event).
    `place` (lat, lon, precision) keeps that one point. Beside the points: `placed`
    (events with coordinates), `unplaced` (matching events without) and `total_points`."""
    query = (select(events.c.id, events.c.lat, events.c.lon, events.c.precision,
                    events.c.country, events.c.fatalities, events.c.date)
             .where(events.c.lat.is_not(None), events.c.lon.is_not(None)))
    if place is not None:
        query = query.where(events.c.lat == place[0], events.c.lon == place[1],
                            events.c.precision == place[2])
    placed = _narrowed(query, articles, filters).subquery()
    where = (placed.c.lat, placed.c.lon, placed.c.precision)
    with engine.connect() as connection:
        rows = connection.execute(
            select(*where, func.max(placed.c.country).label("country"),
                   func.count().label("events"), func.sum(placed.c.fatalities).label("dead"),
                   func.min(placed.c.date).label("first"), func.max(placed.c.date).label("last"),
                   func.max(placed.c.id).label("stored_last"))
            .group_by(*where).order_by(func.count().desc(), *where)).all()
        every = connection.execute(select(func.count()).select_from(
            _narrowed(select(events.c.id), articles, filters).subquery())).scalar_one()
        points = {(r.lat, r.lon, r.precision): {
            "lat": r.lat, "lon": r.lon, "precision": r.precision, "country": r.country,
            "name": None, "events": r.events,
            "fatalities": None if r.dead is None else int(r.dead), "first": r.first,
            "last": r.last, "evidence": []} for r in rows[:max(0, limit)]}
        if points and evidence == 1:
            _add_evidence(connection, points, select(
                events.c.lat, events.c.lon, events.c.precision).where(events.c.id.in_(
                    [r.stored_last for r in rows[:max(0, limit)]])), events)
        elif points and evidence:
            ranked = select(placed, func.row_number().over(
                partition_by=where, order_by=(placed.c.date.desc(), placed.c.id)
            ).label("rank")).subquery()
            _add_evidence(connection, points, select(
                ranked.c.lat, ranked.c.lon, ranked.c.precision).join(
                events, events.c.id == ranked.c.id).where(ranked.c.rank <= evidence)
                .order_by(ranked.c.rank), events)
    count = sum(r.events for r in rows)
    return {"points": list(points.values()), "total_points": len(rows), "placed": count,
            "unplaced": every - count}


def _add_evidence(connection: Any, points: dict[tuple[Any, ...], Any], query: Any,
                  table: Any) -> None:
    """The events `query` selects (its first columns: the point's lat, lon, precision;
    `table` the events table it reads) as their points' evidence, in its order, and each
    point's name (its first listed event's place name)."""
    source_actor, target_actor = actors.alias("source_actor"), actors.alias("target_actor")
    query = (query.add_columns(
        table.c.id, table.c.article_id, table.c.n, table.c.date, table.c.cameo,
        table.c.plover, table.c.fatalities, table.c.data, table.c.source,
        source_actor.c.name.label("source_name"), table.c.target,
        target_actor.c.name.label("target_name"))
        .outerjoin(source_actor, source_actor.c.id == table.c.source)
        .outerjoin(target_actor, target_actor.c.id == table.c.target))
    for row in connection.execute(query).mappings():
        point = points.get((row["lat"], row["lon"], row["precision"]))
        if point is None:  # a point past the page
            continue
        data = row["data"]
        place = data.get("place") or {}
        point["name"] = point["name"] or place.get("name")
        point["evidence"].append({
            "event": row["id"], "article": row["article_id"], "n": row["n"],
            "date": row["date"], "cameo": row["cameo"], "name": data.get("name"),
            "plover": row["plover"], "source": row["source"],
            "source_name": row["source_name"], "target": row["target"],
            "target_name": row["target_name"], "place": place.get("name"),
            "fatalities": row["fatalities"], "sentence": data.get("sentence")})


def event_series(engine: Engine, *, by: str = "plover", per: str = "day",
                 articles: Sequence[str] | None = None, **filters: Any) -> dict[str, Any]:
    """Dated events matching `filters` counted per `per` (day or month) by PLOVER
    category (`by="plover"`; NO_CATEGORY for events without one) or by quad class
    (`by="quad"`, named as QUAD_NAMES): `periods` oldest first, each with its `total` and
    `counts` by key; `keys` most events first, with `totals`."""
    if by not in SERIES_BY or per not in SERIES_PER:
        raise ValueError(f"by is one of {SERIES_BY}, per one of {tuple(SERIES_PER)}")
    periods: dict[str, dict[str, Any]] = {}
    totals: dict[str, int] = {}
    with engine.connect() as connection:
        for row in _series_rows(connection, by, SERIES_PER[per], articles, filters):
            name = _series_key(by, row.key)
            entry = periods.setdefault(row.period, {"period": row.period, "total": 0,
                                                    "counts": {}})
            entry["total"] += row.events
            entry["counts"][name] = entry["counts"].get(name, 0) + row.events
            totals[name] = totals.get(name, 0) + row.events
    keys = sorted(totals, key=lambda k: (-totals[k], k))
    return {"by": by, "per": per, "keys": keys, "totals": totals,
            "total": sum(totals.values()),
            "periods": [periods[p] for p in sorted(periods)]}


def series_span(engine: Engine, **filters: Any) -> tuple[str | None, str | None] | None:
    """The first and last day of the series `event_series` gives for `filters` when the
    kept rows per day answer it (one actor's shown events), read before the series so that
    it is grouped once at the width it is drawn at; None when they do not."""
    actor = _kept_actor(filters)
    if actor is None:
        return None
    with engine.connect() as connection:
        return kept_span(connection, actor)


def _kept_actor(filters: dict[str, Any]) -> str | None:
    """The actor whose kept rows per day answer a series with these filters (one actor's
    events at the shown confidence, nothing else narrowing them), else None."""
    rest = {key: value for key, value in filters.items() if key != "min_confidence"}
    if rest.get("actor") and days_serve(filters.get("min_confidence", SHOWN_CONFIDENCE),
                                        rest):
        return str(rest["actor"])
    return None


def _series_rows(connection: Connection, by: str, width: int,
                 articles: Sequence[str] | None, filters: dict[str, Any]) -> list[Any]:
    """(period, key, events) rows of a series: one actor's by category from its kept rows
    per day (store/days.py), any other grouped from the events."""
    actor = _kept_actor(filters) if by == "plover" and articles is None else None
    if actor is not None:
        return kept_series(connection, actor, width)
    key = events.c.plover if by == "plover" else events.c.quad_class
    period = func.substr(events.c.date, 1, width)
    query = _narrowed(select(period.label("period"), key.label("key"),
                             func.count().label("events"))
                      .where(events.c.date.is_not(None)), articles, filters)
    return list(connection.execute(query.group_by(period, key)))


def _series_key(by: str, value: Any) -> str:
    if by == "quad":
        return QUAD_NAMES.get(value, NO_CATEGORY) if value is not None else NO_CATEGORY
    return str(value) if value else NO_CATEGORY
