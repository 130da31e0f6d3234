"""A stored database for notebooks: every listing as a pandas DataFrame.

    import sitroom
    db = sitroom.open("sitroom.db")
    db.events(actor="PRK", since="2024-10-01")     # one row per event
    db.stories(); db.actors(); db.quotes(); db.claims(); db.relations()

Anything else of `Store` (search, analysis, article, ...) is reachable on the same object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .export import event_rows, events_frame
from .store import Store
from .store.findings import MAX_PAGE

QUOTE_COLUMNS = ("id", "article_id", "n", "kind", "speaker", "speaker_name", "content",
                 "outlet", "title", "published")
CLAIM_COLUMNS = ("id", "article_id", "n", "kind", "certainty", "subject", "attributed_to",
                 "text", "outlet", "title", "published")


class Database:
    """An open sitroom database whose listings are DataFrames (needs pandas)."""

    def __init__(self, db: str | Store = "sitroom.db") -> None:
        self.store = db if isinstance(db, Store) else Store(db)

    def __getattr__(self, name: str) -> Any:
        if name == "store":  # not set yet (copy, pickle): no recursion through ourselves
            raise AttributeError(name)
        return getattr(self.store, name)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()

    def __repr__(self) -> str:
        return f"<sitroom.Database {self.store.url}>"

    def events(self, **filters: Any) -> Any:
        """Events, oldest first; filters as `Store.find_events` (actor, source, target,
        code, plover, modality, since, until, outlet, story, article)."""
        return events_frame(event_rows(self.store, **filters))

    def actors(self, **filters: Any) -> Any:
        return _frame(_every(self.store.find_actors, **filters))

    def quotes(self, **filters: Any) -> Any:
        return _frame(_every(self.store.find_quotes, **filters), QUOTE_COLUMNS)

    def claims(self, **filters: Any) -> Any:
        return _frame(_every(self.store.find_claims, **filters), CLAIM_COLUMNS)

    def stories(self, **filters: Any) -> Any:
        return _frame(_every(self.store.find_stories, **filters))

    def articles(self, **filters: Any) -> Any:
        return _frame(_every(self.store.find_articles, **filters))

    def relations(self, **filters: Any) -> Any:
        """The actor graph's edges (see `Store.actor_graph`), one row per directed pair."""
        edges = self.store.actor_graph(**filters)["edges"]
        return _frame([{k: v for k, v in e.items() if k != "evidence"} for e in edges])

    def graph(self, **filters: Any) -> dict[str, Any]:
        return self.store.actor_graph(**filters)

    def brief(self, story: str) -> dict[str, Any]:
        from .stories.stored import stored_brief

        return stored_brief(self.store, story)


def _every(listing: Callable[..., dict[str, Any]], **filters: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = listing(limit=MAX_PAGE, offset=len(items), **filters)
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...] | None = None) -> Any:
    import pandas as pd

    if columns:
        return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows],
                            columns=list(columns))
    return pd.DataFrame(rows)
