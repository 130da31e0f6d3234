"""What `sitroom watch` keeps in a database, in the `settings` key/value table (no table of
its own, so no migration): each feed's validators (`watch:feed:<sha1 of URL>`), the alert
cursor (`watch:cursor`, the `ingested_at` of the last article alerts were worked out for)
and each alert raised (`watch:alert:<sha1 of its key>`, the alert as written to JSON
lines). An alert's row is its memory: a key already stored is never alerted again.

Inputs: an open `Store`. Outputs: plain values and dicts; the SQL stays in this package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from .schema import articles, settings, story_articles

if TYPE_CHECKING:
    from .core import Store

FEED = "watch:feed:"
ALERT = "watch:alert:"
CURSOR = "watch:cursor"


def hashed_key(prefix: str, name: str) -> str:
    """A settings key for `name` under `prefix` that fits the 64-character column."""
    return prefix + hashlib.sha1(name.encode()).hexdigest()


def setting(store: Store, key: str) -> Any:
    """The value stored under `key`, or None."""
    with store.engine.connect() as connection:
        return connection.execute(select(settings.c.value).where(settings.c.key == key)).scalar()


def put_setting(store: Store, key: str, value: Any) -> None:
    """Store `value` under `key` (replacing what was there), in its own transaction."""
    with store._writing() as connection:
        _put(connection, key, value)


def _put(connection: Any, key: str, value: Any) -> None:
    if connection.execute(settings.update().where(settings.c.key == key)
                          .values(value=value)).rowcount == 0:
        connection.execute(settings.insert().values(key=key, value=value))


def latest_ingested(store: Store) -> datetime | None:
    """When the newest stored article was stored (None in an empty database)."""
    with store.engine.connect() as connection:
        return connection.execute(select(articles.c.ingested_at)
                                  .order_by(articles.c.ingested_at.desc()).limit(1)).scalar()


def ingested_after(store: Store, cursor: datetime | None) -> list[dict[str, Any]]:
    """Articles stored after `cursor` (all with None), oldest first: id, source, title,
    ingested_at."""
    query = select(articles.c.id, articles.c.source, articles.c.title, articles.c.ingested_at)
    if cursor is not None:
        query = query.where(articles.c.ingested_at > cursor)
    query = query.order_by(articles.c.ingested_at, articles.c.id)
    with store.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def story_members(store: Store, story_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Story id → its articles (id, source, ingested_at), oldest first."""
    ids = list(story_ids)
    if not ids:
        return {}
    query = (select(story_articles.c.story_id, articles.c.id, articles.c.source,
                    articles.c.ingested_at)
             .join(articles, articles.c.id == story_articles.c.article_id)
             .where(story_articles.c.story_id.in_(ids))
             .order_by(articles.c.ingested_at, articles.c.id))
    members: dict[str, list[dict[str, Any]]] = {story: [] for story in ids}
    with store.engine.connect() as connection:
        for row in connection.execute(query).mappings():
            members[row["story_id"]].append(dict(row))
    return members


def record_alerts(store: Store, alerts: list[dict[str, Any]], cursor: datetime | None
                  ) -> list[dict[str, Any]]:
    """Store the alerts whose keys are not stored yet and move the cursor to `cursor`, in
    one transaction; the alerts that were new (in the order given), each with `seq`, its
    number among the alerts of this database."""
    fresh = []
    with store._writing() as connection:
        keys = [hashed_key(ALERT, alert["key"]) for alert in alerts]
        known = set(connection.execute(select(settings.c.key)
                                       .where(settings.c.key.in_(keys))).scalars())
        seq = connection.execute(select(func.count()).select_from(settings)
                                 .where(settings.c.key.startswith(ALERT))).scalar() or 0
        for key, alert in zip(keys, alerts, strict=True):
            if key in known:
                continue
            known.add(key)
            seq += 1
            alert = {**alert, "seq": seq}
            connection.execute(settings.insert().values(key=key, value=alert))
            fresh.append(alert)
        if cursor is not None:
            _put(connection, CURSOR, {"ingested_at": cursor.isoformat()})
    return fresh


def stored_alerts(store: Store, limit: int = 200, kind: str | None = None
                  ) -> list[dict[str, Any]]:
    """The stored alerts, newest round first and in the order raised within a round (at
    most `limit`; only `kind` when given)."""
    with store.engine.connect() as connection:
        rows = list(connection.execute(select(settings.c.value)
                                       .where(settings.c.key.startswith(ALERT))).scalars())
    if kind:
        rows = [row for row in rows if row.get("kind") == kind]
    rows.sort(key=lambda row: row.get("seq") or 0)
    rows.sort(key=lambda row: row.get("time") or "", reverse=True)
    return rows[:limit]


def stored_cursor(store: Store) -> datetime | None:
    value = setting(store, CURSOR)
    return datetime.fromisoformat(value["ingested_at"]) if value else None
