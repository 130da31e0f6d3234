"""Stories: articles about the same developments, across outlets and days.

One grouping for every path (`cluster`, `brief`, and `analyze` into a database), day by
day, oldest first, so that it is incremental (new articles join the stories a database
already holds, or start new ones; nothing stored is recomputed):
1. A day's articles are linked among themselves by average linkage (cosine similarity).
2. Each of the day's groups, oldest first, joins the most similar open story — one that got
   an article within `SPAN_DAYS` of this day — whose centroid similarity reaches
   JOIN_THRESHOLD when the story was seen the same day; when it was last seen on an earlier
   day, LONE_JOIN_THRESHOLD for a lone article (one outlet's follow-up, reaction or
   analysis) and LATER_JOIN_THRESHOLD for a group (several outlets on one development of
   that day, which is a development of its own unless it is nearly the same). Otherwise the
   group starts a story. Candidate stories come from an inverted index over each story's
   heaviest features, so a group is compared with a handful of stories, not all of them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from ..records import Article
from .vectors import (
    DIM,
    DocumentFrequencies,
    PackedVectors,
    Vector,
    cosine,
    heaviest,
    terms,
    top,
)

# Mean similarity at which average linkage joins two groups (tuned on neus-allsides): a day's
# articles are linked among themselves only, so dated ones link at a lower similarity.
THRESHOLD = 0.12
UNDATED_THRESHOLD = 0.25
JOIN_THRESHOLD = 0.30  # centroid similarity for a group to join a story seen the same day
# A story stays open while it gets new articles within SPAN_DAYS. From a later day, a lone
# article joins it at LONE_JOIN_THRESHOLD, a group of articles at LATER_JOIN_THRESHOLD
# (measured on neus-allsides and the demo corpus: docs/stories.md).
SPAN_DAYS = 7
LONE_JOIN_THRESHOLD = 0.15
LATER_JOIN_THRESHOLD = 0.60
WINDOW_DAYS = 1  # `cluster()` on a batch of several days links articles this close only
BLOCK_ARTICLES = 2500
CENTROID_FEATURES = 150
# A story's sum of member vectors keeps its heaviest features only, in memory as in the
# database, so that a story reloaded from the database grows as it would have in one run.
TOTAL_FEATURES = 500
QUERY_FEATURES = 30


@dataclass
class Item:
    id: str
    title: str | None
    published: str | None  # YYYY-MM-DD
    vector: Vector


@dataclass
class Story:
    id: str
    members: list[str] = field(default_factory=list)
    total: dict[int, float] = field(default_factory=dict)  # sum of member vectors
    centroid: Vector = field(default_factory=dict)
    first: str | None = None
    last: str | None = None
    titles: dict[str, str] = field(default_factory=dict)
    size: int = 0  # members stored before this run (a loaded story's `members` is empty)

    def add(self, item: Item, features: int = CENTROID_FEATURES) -> None:
        self.extend([item], features)

    def extend(self, items: list[Item], features: int = CENTROID_FEATURES) -> None:
        for item in items:
            self._take(item)
        self.total = heaviest(self.total, TOTAL_FEATURES)
        self.centroid = top(self.total, features)

    def _take(self, item: Item) -> None:
        self.members.append(item.id)
        for feature, weight in item.vector.items():
            self.total[feature] = self.total.get(feature, 0.0) + weight
        if item.published:
            self.first = min(filter(None, (self.first, item.published)))
            self.last = max(filter(None, (self.last, item.published)))
        if item.title:
            self.titles[item.id] = item.title


def story_id(first_member: str) -> str:
    return "story-" + hashlib.sha1(first_member.encode("utf-8")).hexdigest()[:12]


def _gap(day: str | None, story: Story) -> int:
    """Days from `day` to the story's span (first to last article); 0 inside it, or when
    either has no date."""
    point = _ordinal(day)
    first, last = _ordinal(story.first or story.last), _ordinal(story.last or story.first)
    if point != point or last != last:  # NaN: no usable date
        return 0
    return int(max(point - last, first - point, 0.0))


class Clusterer:
    """Holds the open stories; `add_group` places a group of articles.

    A story stays open while it gets new articles within `window_days` of its last one
    (None: forever). A group joins the most similar open story whose centroid similarity
    reaches `threshold` when the story was seen the same day, `later_threshold` when it was
    last seen on an earlier day."""

    def __init__(self, threshold: float = JOIN_THRESHOLD,
                 window_days: int | None = SPAN_DAYS,
                 stories: Iterable[Story] = (),
                 later_threshold: float | None = None,
                 lone_threshold: float | None = None) -> None:
        self.threshold = threshold
        self.later_threshold = threshold if later_threshold is None else later_threshold
        self.lone_threshold = self.later_threshold if lone_threshold is None else lone_threshold
        self.window_days = window_days
        self.stories: dict[str, Story] = {}
        self.postings: dict[int, set[str]] = defaultdict(set)
        self.indexed: dict[str, set[int]] = {}  # story → features posted for it
        self.by_day: dict[int, set[str]] = defaultdict(set)  # last day → stories
        # A retired story is never joined again; with False its sum of member vectors is
        # dropped then (grouping files keeps every story till the end, a database saves it).
        self.keep_retired_totals = True
        for story in stories:
            self._index(story)

    def _index(self, story: Story) -> None:
        self.stories[story.id] = story
        words = {f for f in story.centroid if f < DIM}  # embedding dimensions: every story
        for feature in words:
            self.postings[feature].add(story.id)
        self.indexed[story.id] = words
        if story.last:
            self.by_day[int(_ordinal(story.last))].add(story.id)

    def _reindex(self, story: Story) -> None:
        """After a story grew: post its new heaviest features, note its new last day."""
        features = self.indexed.setdefault(story.id, set())
        for feature in story.centroid:
            if feature not in features and feature < DIM:
                features.add(feature)
                self.postings[feature].add(story.id)
        if story.last:
            self.by_day[int(_ordinal(story.last))].add(story.id)

    def _retire(self, day: str | None) -> None:
        """Take stories last seen before the window out of the index: a database of a year
        is searched over the last few days' stories, so memory and time stay bounded."""
        if self.window_days is None or not day:
            return
        horizon = _ordinal(day) - self.window_days - 1
        if horizon != horizon:  # NaN: no usable date
            return
        for old in sorted(d for d in self.by_day if d < horizon):
            for sid in self.by_day.pop(old):
                story = self.stories.get(sid)
                if story is None or (story.last and _ordinal(story.last) >= horizon):
                    continue  # it grew since: a later day lists it too
                for feature in self.indexed.pop(sid, ()):
                    bucket = self.postings.get(feature)
                    if bucket is not None:
                        bucket.discard(sid)
                        if not bucket:
                            del self.postings[feature]
                if not self.keep_retired_totals:
                    story.total = {}

    def candidates(self, item: Item) -> Iterator[Story]:
        """Open stories that share one of the item's heaviest words."""
        self._retire(item.published)
        heaviest = sorted(((f, w) for f, w in item.vector.items() if f < DIM),
                          key=lambda kv: -kv[1])[:QUERY_FEATURES]
        seen: set[str] = set()
        for feature, _ in heaviest:
            for sid in self.postings.get(feature, ()):
                if sid in seen:
                    continue
                seen.add(sid)
                story = self.stories[sid]
                if self.window_days is None or _gap(item.published, story) <= self.window_days:
                    yield story

    def required(self, day: str | None, story: Story, size: int = 1) -> float:
        """The similarity a group of `size` articles of `day` needs to join `story`."""
        if _gap(day, story) == 0:
            return self.threshold
        return self.lone_threshold if size == 1 else self.later_threshold

    def add(self, item: Item) -> tuple[str, float]:
        """The story the article joins (or starts), with the similarity that decided it."""
        return self.add_group([item])

    def add_group(self, items: list[Item], exclude: set[str] | frozenset[str] = frozenset(),
                  link_days: int | None = None) -> tuple[str, float]:
        """The story a group of articles joins together (or starts); stories in `exclude`
        (those the same linkage kept apart from this group) are not joined."""
        probe = Story("probe")
        probe.extend(items)
        query = Item(items[0].id, None, probe.first or probe.last, probe.centroid)
        best: tuple[float, Story] | None = None
        closest = 0.0
        for story in self.candidates(query):
            if story.id in exclude and not (
                    link_days is not None and query.published and story.last and
                    _gap(query.published, story) > link_days):
                continue  # linkage already kept the two apart
            similarity = cosine(probe.centroid, story.centroid)
            closest = max(closest, similarity)
            if similarity >= self.required(query.published, story, len(items)) and (
                    best is None or (similarity, story.id) > (best[0], best[1].id)):
                best = (similarity, story)
        if best is not None:
            story = best[1]
            story.extend(items)
            self._reindex(story)
            return story.id, best[0]
        story = Story(story_id(items[0].id))
        story.extend(items)
        self._index(story)
        return story.id, closest


def clusterer_for(span_days: int | None = SPAN_DAYS, embedded: bool = False,
                  stories: Iterable[Story] = (), later: float = LATER_JOIN_THRESHOLD,
                  lone: float = LONE_JOIN_THRESHOLD) -> Clusterer:
    """The clusterer every grouping uses (`cluster`, `brief`, `analyze`): stories open for
    `span_days`, with the join similarities of tf-idf vectors (`later`, `lone`: for the
    benchmark's grid) or of blended (`embedded`) vectors."""
    from .embed import EMBED_JOIN_THRESHOLD

    if embedded:
        return Clusterer(EMBED_JOIN_THRESHOLD, span_days, stories)
    return Clusterer(JOIN_THRESHOLD, span_days, stories, later, lone)


def cluster(items: Iterable[Item], threshold: float | None = None,
            window_days: int | None = WINDOW_DAYS, clusterer: Clusterer | None = None,
            span_days: int | None = SPAN_DAYS, embedded: bool = False) -> list[Story]:
    """Group articles into stories (joining `clusterer`'s stories when given); the stories
    that received articles, oldest first. Articles link among themselves within
    `window_days`; a story stays open `span_days` after its last article (see `Clusterer`).
    `embedded`: the vectors carry sentence embeddings (embed.py), which have cuts of their
    own."""
    from .embed import EMBED_THRESHOLD, EMBED_UNDATED_THRESHOLD

    ordered = sorted(items, key=lambda i: (i.published is None, i.published or "", i.id))
    dated_cut, undated_cut = (EMBED_THRESHOLD, EMBED_UNDATED_THRESHOLD) if embedded else (
        THRESHOLD, UNDATED_THRESHOLD)
    clusterer = clusterer or clusterer_for(span_days, embedded)
    touched: dict[str, None] = {}
    for block in _blocks(ordered, window_days):
        dated = window_days is not None and all(i.published for i in block)
        cut = threshold if threshold is not None else (dated_cut if dated else undated_cut)
        started: set[str] = set()
        for group in _link(block, cut, window_days):
            known = len(clusterer.stories)
            sid, _ = clusterer.add_group(group, exclude=started, link_days=window_days)
            if len(clusterer.stories) > known:  # linkage kept this group apart from the rest
                started.add(sid)
            touched[sid] = None
    return [clusterer.stories[sid] for sid in touched]


def group_rows(rows: Iterable[Row], clusterer: Clusterer, df: DocumentFrequencies,
               embed: bool = False) -> tuple[list[Story], Mapping[str, Vector]]:
    """Group articles day by day, oldest first (undated ones last): a day's articles enter
    the document frequencies `df`, are vectorised, linked among themselves and join
    `clusterer`'s open stories or start new ones. What a day does depends only on its
    articles and on the days before it, so articles given in batches of whole days, in date
    order, end in the stories one batch gives. The stories that received articles (oldest
    first) and the new articles' vectors."""
    days: dict[str | None, list[Row]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: (r[3] is None, r[3] or "", r[0])):
        days[row[3]].append(row)
    touched: dict[str, Story] = {}
    vectors = PackedVectors()
    for day_rows in days.values():
        items = vectorise(day_rows, df, embed=embed)
        for item in items:
            vectors.put(item.id, item.vector)
        for story in cluster(items, clusterer=clusterer, embedded=embed):
            touched[story.id] = story
    return list(touched.values()), vectors


def _blocks(items: list[Item], window_days: int | None) -> Iterator[list[Item]]:
    """Runs of at most BLOCK_ARTICLES articles, cut where the date changes when possible."""
    block: list[Item] = []
    for item in items:
        if len(block) >= BLOCK_ARTICLES and (item.published != block[-1].published or
                                             len(block) >= 2 * BLOCK_ARTICLES):
            yield block
            block = []
        block.append(item)
    if block:
        yield block


def _link(block: list[Item], threshold: float, window_days: int | None) -> list[list[Item]]:
    """Average-linkage groups of one block, cut at mean similarity `threshold`."""
    if len(block) == 1:
        return [block]
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import csr_matrix
    from scipy.spatial.distance import squareform

    index: dict[int, int] = {}
    data, columns, pointers = [], [], [0]
    for item in block:
        for feature, weight in item.vector.items():
            columns.append(index.setdefault(feature, len(index)))
            data.append(weight)
        pointers.append(len(columns))
    matrix = csr_matrix((data, columns, pointers), shape=(len(block), max(1, len(index))))
    similarity = (matrix @ matrix.T).toarray()
    if window_days is not None:
        days = np.array([_ordinal(i.published) for i in block], dtype=float)
        known = ~np.isnan(days)
        apart = np.abs(days[:, None] - days[None, :]) > window_days
        similarity[apart & known[:, None] & known[None, :]] = 0.0
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"),
                      1.0 - threshold, criterion="distance")
    groups: dict[int, list[Item]] = {}
    for item, label in zip(block, labels, strict=True):
        groups.setdefault(int(label), []).append(item)
    return sorted(groups.values(), key=lambda g: (g[0].published is None,
                                                  g[0].published or "", g[0].id))


def _ordinal(day: str | None) -> float:
    try:
        return float(date.fromisoformat((day or "")[:10]).toordinal())
    except ValueError:
        return float("nan")


def headline(story: Story, vectors: Mapping[str, Vector]) -> str:
    """The title of the member nearest the story's centroid."""
    best = max(story.members, key=lambda m: (cosine(vectors.get(m, {}), story.centroid),
                                              m in story.titles))
    return story.titles.get(best) or next(iter(story.titles.values()), best)


Row = tuple[str, str | None, str, str | None]  # id, title, text, published


def vectorise(rows: Iterable[Row], df: DocumentFrequencies | None = None,
              embed: bool = False) -> list[Item]:
    """(id, title, text, published) rows → Items; the document frequencies (`df`, else new
    ones) first take in the rows. With `embed`, each vector carries the article's sentence
    embedding too (see embed.py; needs the [embed] extra)."""
    rows = list(rows)
    counts = [terms(title, text) for _, title, text, _ in rows]
    df = df if df is not None else DocumentFrequencies()
    df.add(counts)
    vectors = [df.weigh(c) for c in counts]
    if embed:
        from . import embed as embedding

        found = embedding.embed([embedding.article_text(title, text)
                                 for _, title, text, _ in rows])
        vectors = [embedding.blend(v, e) for v, e in zip(vectors, found, strict=True)]
    return [Item(i, title, published, vector)
            for (i, title, _, published), vector in zip(rows, vectors, strict=True)]


def group_articles(articles: Iterable[Article], span_days: int | None = SPAN_DAYS,
                   embed: bool = False) -> list[tuple[Story, str]]:
    """Stories of a set of articles, grouped as a database groups them (`group_rows`, from
    empty document frequencies), each with its headline, oldest first; every article is in
    exactly one story."""
    rows = [(a.id, a.title, a.text, a.published) for a in articles]
    clusterer = clusterer_for(span_days, embed)
    clusterer.keep_retired_totals = False  # nothing reads them after the grouping
    stories, vectors = group_rows(rows, clusterer, DocumentFrequencies(), embed)
    return [(story, headline(story, vectors)) for story in stories]
