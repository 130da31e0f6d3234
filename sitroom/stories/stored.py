"""Stories in a database: new articles join stored stories or start new ones; nothing
stored is regrouped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import NotFound
from ..records import SHOWN_CONFIDENCE
from .cluster import CONTINUE_DAYS, Clusterer, Story, cluster, headline, vectorise

if TYPE_CHECKING:
    from ..records import Article
    from ..store import Store


def update_stories(store: Store, chunk: int = 5000) -> list[Story]:
    """Group the stored articles that are in no story yet, `chunk` at a time (oldest first,
    so memory stays bounded); the stories that grew or began."""
    touched: dict[str, Story] = {}
    while True:
        new = store.unstoried(limit=chunk)
        if not new:
            break
        for story in _update(store, new):
            touched[story.id] = story
        if len(new) < chunk:
            break
    return list(touched.values())


def _update(store: Store, new: list[Article]) -> list[Story]:
    days = sorted(a.published for a in new if a.published)
    since = None
    if days and len(days) == len(new):
        since = (date.fromisoformat(days[0]) - timedelta(days=CONTINUE_DAYS + 1)).isoformat()
    loaded, df = store.story_state(since)
    items = vectorise(((a.id, a.title, a.text, a.published) for a in new), df)
    vectors = {item.id: item.vector for item in items}
    touched = cluster(items, clusterer=Clusterer(stories=loaded))
    new_ids = set(vectors)
    assignments = {m: s.id for s in touched for m in s.members if m in new_ids}
    titles = {s.id: headline(s, vectors) for s in touched if s.titles}
    store.save_stories(touched, assignments, titles, df)
    return touched


def stored_brief(store: Store, story_id: str,
                 min_confidence: float = SHOWN_CONFIDENCE) -> dict[str, Any]:
    """The brief of a stored story, from the stored analyses of its articles (events at or
    above `min_confidence`)."""
    from .brief import build_brief

    members = store.story_members(story_id)
    analyses = store.analyses_of(members)
    if not analyses:
        raise NotFound(f"story {story_id!r} has no analysed articles yet "
                       f"(run `sitroom analyze` on them)")
    title = store.story_title(story_id)
    return build_brief(story_id, title or analyses[0].article.title or story_id, analyses,
                       store.copies(among=members), min_confidence)


def story_for_query(store: Store, query: str) -> str | None:
    """The stored story most of the best search hits for `query` belong to."""
    from collections import Counter

    hits = [row["id"] for row in store.search(query, limit=20)]
    places = store.story_of(hits)
    # earlier (better) hits weigh more
    votes: Counter[str] = Counter()
    for rank, article in enumerate(hits):
        if article in places:
            votes[places[article]] += len(hits) - rank
    return votes.most_common(1)[0][0] if votes else None
