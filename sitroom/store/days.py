"""Each actor's shown events per day and PLOVER category, kept as rows (migration 0011), so
that an actor's page reads its trend, its chart and its counts from at most one row per day
and category instead of every event it took part in (at 100,000 articles the most named
actor is an end of 150,000 events).

`actor_days` counts the events at or above SHOWN_CONFIDENCE, once per actor at either end
(an event whose two ends are one actor once for it): all of them (`events`), those it did
and those done to it, and those of GRAPH_MODALITIES with their Goldstein sum, as the trend
counts them. Each write changes the rows by difference, as the stored graph's are: less
what the batch's articles contributed before, plus what they contribute now. Reads asked
at another confidence, or narrowed further, group the events themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    union_all,
)

from ..records import SHOWN_CONFIDENCE
from .graph import GRAPH_MODALITIES, read_keyed, replace_keyed
from .schema import actor_days, events

Key = tuple[str, str, str]  # actor, day, PLOVER category ("" for none)
# events, did, done to, graphed, Goldstein sum over graphed, graphed as source
Totals = list[float]
COUNTED = ("events", "did", "done_to", "graphed", "goldstein", "graphed_as_source")


def days_serve(min_confidence: float | None, filters: dict[str, Any] | None = None) -> bool:
    """Whether the kept rows answer a read at this confidence, narrowed by `filters`
    (only by actor)."""
    narrowed = any(value for key, value in (filters or {}).items() if key != "actor")
    return min_confidence == SHOWN_CONFIDENCE and not narrowed


# -- kept on write -----------------------------------------------------------------------

def day_rows(connection: Connection, ids: Sequence[str]) -> list[Any]:
    """What these articles' stored events contribute: (source, target, date, PLOVER,
    modality, Goldstein) per shown event."""
    if not ids:
        return []
    return list(connection.execute(
        select(events.c.source, events.c.target, events.c.date, events.c.plover,
               events.c.modality, events.c.goldstein)
        .where(events.c.article_id.in_(list(ids)),
               events.c.confidence >= SHOWN_CONFIDENCE)))


def _totals(rows: Iterable[Any]) -> dict[Key, Totals]:
    totals: dict[Key, Totals] = {}
    for source, target, date, plover, modality, goldstein in rows:
        graphed = modality in GRAPH_MODALITIES
        for actor in {source, target} - {None}:
            entry = totals.setdefault((actor, date or "", plover or ""), [0, 0, 0, 0, 0.0, 0])
            entry[0] += 1
            entry[1] += source == actor
            entry[2] += target == actor
            if graphed:
                entry[3] += 1
                entry[4] += goldstein
                entry[5] += source == actor
    return totals


def update_days(connection: Connection, before: list[Any], after: list[Any]) -> None:
    """Change the kept rows by a batch's contributions `before` (read before its old events
    were deleted) and `after` (its events now), both from `day_rows`."""
    old, new = _totals(before), _totals(after)
    keys = sorted(set(old) | set(new))
    stored = {(r.actor, r.day, r.plover): [getattr(r, c) for c in COUNTED]
              for r in read_keyed(connection, actor_days, keys)}
    zero = [0, 0, 0, 0, 0.0, 0]
    rows = []
    for key in keys:
        was, less, more = stored.get(key, zero), old.get(key, zero), new.get(key, zero)
        now = [w - a + b for w, a, b in zip(was, less, more, strict=True)]
        if now[0] > 0:
            rows.append({"actor": key[0], "day": key[1], "plover": key[2],
                         **dict(zip(COUNTED, now, strict=True))})
    replace_keyed(connection, actor_days, keys, rows)


def rebuild_days(connection: Connection) -> None:
    """Fill the kept rows again from every event (migration 0011, `reindex_findings`)."""
    connection.execute(delete(actor_days))
    graphed = events.c.modality.in_(list(GRAPH_MODALITIES))
    one_if_graphed = case((graphed, 1), else_=0)
    shared = (func.coalesce(events.c.date, "").label("day"),
              func.coalesce(events.c.plover, "").label("plover"))
    shown = events.c.confidence >= SHOWN_CONFIDENCE
    as_source = select(
        events.c.source.label("actor"), *shared, literal(1).label("did"),
        case((events.c.target == events.c.source, 1), else_=0).label("done_to"),
        one_if_graphed.label("graphed"),
        case((graphed, events.c.goldstein), else_=0.0).label("goldstein"),
        one_if_graphed.label("graphed_as_source"),
    ).where(shown, events.c.source.is_not(None))
    as_target = select(
        events.c.target.label("actor"), *shared, literal(0).label("did"),
        literal(1).label("done_to"), one_if_graphed.label("graphed"),
        case((graphed, events.c.goldstein), else_=0.0).label("goldstein"),
        literal(0).label("graphed_as_source"),
    ).where(shown, events.c.target.is_not(None),
            or_(events.c.source.is_(None), events.c.source != events.c.target))
    ends = union_all(as_source, as_target).subquery()
    connection.execute(actor_days.insert().from_select(
        ["actor", "day", "plover", *COUNTED],
        select(ends.c.actor, ends.c.day, ends.c.plover, func.count(),
               *[func.sum(ends.c[name]) for name in COUNTED[1:]])
        .group_by(ends.c.actor, ends.c.day, ends.c.plover)))


# -- read ----------------------------------------------------------------------------------

def kept_counts(connection: Connection, actor: str) -> tuple[int, int]:
    """The shown events `actor` did and had done to it."""
    did, done_to = connection.execute(
        select(func.coalesce(func.sum(actor_days.c.did), 0),
               func.coalesce(func.sum(actor_days.c.done_to), 0))
        .where(actor_days.c.actor == actor)).one()
    return int(did), int(done_to)


def kept_events(connection: Connection, actor: str) -> int:
    """The shown events `actor` is an end of."""
    return int(connection.execute(
        select(func.coalesce(func.sum(actor_days.c.events), 0))
        .where(actor_days.c.actor == actor)).scalar_one())


def kept_trend(connection: Connection, actor: str, width: int) -> list[Any]:
    """(period, events, Goldstein sum, events as source) of `actor`'s dated shown events
    of GRAPH_MODALITIES, per period of `width` characters of the date, oldest first."""
    period = func.substr(actor_days.c.day, 1, width)
    return list(connection.execute(
        select(period, func.sum(actor_days.c.graphed), func.sum(actor_days.c.goldstein),
               func.sum(actor_days.c.graphed_as_source))
        .where(actor_days.c.actor == actor, actor_days.c.day != "",
               actor_days.c.graphed > 0)
        .group_by(period).order_by(period)))


def kept_series(connection: Connection, actor: str, width: int) -> list[Any]:
    """(period, PLOVER category or None, events) of `actor`'s dated shown events."""
    period = func.substr(actor_days.c.day, 1, width).label("period")
    key = case((actor_days.c.plover == "", None), else_=actor_days.c.plover).label("key")
    return list(connection.execute(
        select(period, key, func.sum(actor_days.c.events).label("events"))
        .where(and_(actor_days.c.actor == actor, actor_days.c.day != ""))
        .group_by(period, key)))


def kept_span(connection: Connection, actor: str) -> tuple[str | None, str | None]:
    """The first and last day of `actor`'s dated shown events (two seeks in the key)."""
    first = connection.execute(select(func.min(actor_days.c.day)).where(
        actor_days.c.actor == actor, actor_days.c.day != "")).scalar()
    last = connection.execute(select(func.max(actor_days.c.day)).where(
        actor_days.c.actor == actor)).scalar()
    return first, (last or None)
