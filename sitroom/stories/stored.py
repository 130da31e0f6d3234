"""Stories in a database: new articles join stored stories or start new ones; nothing
stored is regrouped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import NotFound
from ..records import SHOWN_CONFIDENCE
from .cluster import SPAN_DAYS, Story, clusterer_for, group_rows, headline

if TYPE_CHECKING:
    from ..records import Article
    from ..store import Store


def update_stories(store: Store, chunk: int = 5000,
                   span_days: int | None = SPAN_DAYS) -> list[Story]:
    """Group the stored articles that are in no story yet, `chunk` at a time (oldest first,
    so memory stays bounded), as `group_rows` does: a story stays open `span_days` after
    its last article. The stories that grew or began. Two processes grouping one database
    take turns."""
    touched: dict[str, Story] = {}
    with store.taking_turns("stories"):
        while True:
            new, last = _whole_days(store, chunk)
            if new:
                for story in _update(store, new, span_days):
                    touched[story.id] = story
            if last:
                break
    return list(touched.values())


def _whole_days(store: Store, chunk: int) -> tuple[list[Article], bool]:
    """The oldest unstoried articles, about `chunk` of them but whole days only (a day is
    grouped at once, however large), and whether they are the last."""
    limit = chunk
    while True:
        new = store.unstoried(limit=limit)
        if len(new) < limit:
            return new, True
        earlier = [a for a in new if a.published != new[-1].published]
        if earlier:  # the rest of the last day comes with the next chunk
            return earlier, False
        limit *= 2


def _update(store: Store, new: list[Article], span_days: int | None) -> list[Story]:
    days = sorted(a.published for a in new if a.published)
    since = None
    if days and len(days) == len(new) and span_days is not None:
        since = (date.fromisoformat(days[0]) - timedelta(days=span_days + 1)).isoformat()
    loaded, df = store.story_state(since)
    touched, vectors = group_rows(((a.id, a.title, a.text, a.published) for a in new),
                                  clusterer_for(span_days, stories=loaded), df)
    assignments = {m: s.id for s in touched for m in s.members if m in vectors}
    titles = {s.id: headline(s, vectors) for s in touched if s.titles}
    store.save_stories(touched, assignments, titles, df)
    return touched


def stored_brief(store: Store, story_id: str,
                 min_confidence: float = SHOWN_CONFIDENCE, full: bool = False) -> dict[str, Any]:
    """The brief of a stored story, from the stored analyses of its articles (events at or
    above `min_confidence`); the long form with `full`."""
    return stored_brief_forms(store, story_id, min_confidence)[full]


def stored_brief_forms(store: Store, story_id: str, min_confidence: float = SHOWN_CONFIDENCE
                       ) -> dict[bool, dict[str, Any]]:
    """Both forms of a stored story's brief from one build ({True: full, False: short})."""
    from .brief import brief_forms

    members = store.story_members(story_id)
    analyses = store.analyses_of(members)
    if not analyses:
        raise NotFound(f"story {story_id!r} has no analysed articles yet "
                       f"(run `sitroom analyze` on them)")
    title = store.story_title(story_id)
    return brief_forms(story_id, title or analyses[0].article.title or story_id, analyses,
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
