"""Chunks out to workers and back in input order, a bounded number in flight, lost ones retried.

Batches of articles (a batch is what the caller stores in one transaction) are cut into
chunks of at most `chunk_size`; at most `backend.slots` chunks are in flight, so memory stays
flat however long the input. Results come back strictly in input order, one `Done` per
chunk. A chunk whose worker died (`Lost`) is sent again, up to `retries` more times; while a
chunk that was lost is outstanding, nothing else is sent, so the next loss is its own (a
pool's break takes every chunk in flight with it, guilty or not). A chunk lost on every try
is split into single articles; a single article lost on every try is reported as
`AnalysisFailed` and the others go on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import AnalysisFailed, InputError
from ..records import Article, ArticleAnalysis
from .work import Event, Problem

RETRIES = 2


class Lost(Exception):
    """The worker running a chunk died (killed, out of memory) before it answered."""


class Backend(Protocol):
    """Where chunks run: in this process, a local pool, or a Dask cluster."""

    @property
    def slots(self) -> int: ...  # chunks in flight at most

    def submit(self, articles: tuple[Article, ...]) -> Any: ...

    def result(self, handle: Any) -> list[Event]: ...  # raises Lost

    def lost(self, handle: Any) -> bool: ...  # whether it is known lost (without waiting)

    def recover(self) -> None: ...  # after a loss: make the backend usable again

    def close(self, finished: bool = True) -> None: ...  # stop its workers


@dataclass(frozen=True)
class Done:
    """One chunk analysed: `batch` (0, 1, …) it belongs to, how many `articles` it held, its
    analyses and problems in order, and whether it is the `last` chunk of its batch."""

    batch: int
    articles: int
    events: tuple[ArticleAnalysis | InputError, ...]
    last: bool

    def analyses(self) -> list[ArticleAnalysis]:
        return [e for e in self.events if isinstance(e, ArticleAnalysis)]


@dataclass
class _Slot:
    batch: int
    articles: tuple[Article, ...]
    last: bool
    tries: int
    handle: Any = None
    events: list[Event] | None = None
    suspect: bool = False  # lost once: runs alone until it is through


def slots(batches: Iterable[Sequence[Article]], chunk_size: int, tries: int,
          workers: int = 1) -> Iterator[_Slot]:
    """The chunks of each batch in order (an empty batch: one chunk, done already). With
    several `workers`, the run's last batch is cut into chunks that shrink toward its end
    (`chunk_sizes`)."""
    for number, (batch, last) in enumerate(_marked_last(batches, workers > 1)):
        articles = tuple(batch)
        if not articles:
            yield _Slot(number, (), True, tries, events=[])
            continue
        start = 0
        for size in chunk_sizes(len(articles), chunk_size, workers, last):
            end = start + size
            yield _Slot(number, articles[start:end], end >= len(articles), tries)
            start = end


def _marked_last(batches: Iterable[Sequence[Article]],
                 look: bool) -> Iterator[tuple[Sequence[Article], bool]]:
    """Each batch and whether it is the last; that is known only when `look`ing one batch
    ahead (reading and planning it before the one before is analysed), else never said."""
    source = iter(batches)
    batch = next(source, None)
    while batch is not None:
        following = next(source, None) if look else None
        yield batch, look and following is None
        batch = following if look else next(source, None)


def chunk_sizes(count: int, chunk_size: int, workers: int, last: bool) -> Iterator[int]:
    """The sizes to cut `count` articles into: `chunk_size` each, except in the run's `last`
    batch with several workers, where each is a (2 x workers)-th of what is left once that is
    smaller. The workers then finish within a small chunk of each other instead of one of
    them running the last full chunk alone (~7 s of a 50 s run of 400 articles on 2)."""
    left = count
    while left > 0:
        size = min(chunk_size, left)
        if last and workers > 1:
            size = max(1, min(size, -(-left // (2 * workers))))
        yield size
        left -= size


def ordered(backend: Backend, source: Iterator[_Slot]) -> Iterator[Done]:
    """Run the chunks of `source` on `backend`; one `Done` per chunk, in input order."""
    window: deque[_Slot] = deque()
    exhausted = False
    while True:
        while not exhausted and len(window) < backend.slots:
            slot = next(source, None)
            exhausted = slot is None
            if slot is not None:
                window.append(slot)
        if not window:
            return
        _send(backend, window)
        head = window[0]
        if head.events is None:
            try:
                head.events = backend.result(head.handle)
            except Lost:
                _after_loss(backend, window)
                continue
        window.popleft()
        yield Done(head.batch, len(head.articles),
                   tuple(e.rebuild() if isinstance(e, Problem) else e for e in head.events),
                   head.last)


def _send(backend: Backend, window: deque[_Slot]) -> None:
    """Submit what waits: everything, or while a lost chunk is outstanding only that one."""
    waiting = [s for s in window if s.events is None]
    suspects = [s for s in waiting if s.suspect]
    if suspects:
        if all(s.handle is None for s in suspects):
            suspects[0].handle = backend.submit(suspects[0].articles)
        waiting = waiting[:1]  # the head is always under way
    for slot in waiting:
        if slot.handle is None:
            slot.handle = backend.submit(slot.articles)


def _after_loss(backend: Backend, window: deque[_Slot]) -> None:
    """Every chunk in flight that was lost goes back to wait, one try fewer; one out of
    tries is split into single articles, a single article out of tries fails."""
    lost = [s for s in window if s.handle is not None and s.events is None
            and (s is window[0] or backend.lost(s.handle))]
    backend.recover()
    for slot in lost:
        slot.handle, slot.tries, slot.suspect = None, slot.tries - 1, True
        if slot.tries > 0:
            continue
        if len(slot.articles) == 1:
            article = slot.articles[0]
            slot.events = [Problem.of(AnalysisFailed(
                article.id, "analysis failed (the worker process analysing it died on "
                "every try)"))]
            continue
        at = window.index(slot)
        del window[at]
        for offset, article in enumerate(slot.articles):
            window.insert(at + offset, _Slot(
                slot.batch, (article,), slot.last and offset == len(slot.articles) - 1,
                1, suspect=True))
