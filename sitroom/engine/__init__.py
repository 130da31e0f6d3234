"""The whole per-article analysis in worker processes: local ones, or a Dask cluster's.

    articles ─▶ chunks of CHUNK_SIZE ─▶ workers: parse + every stage (`pipeline.analyze`,
                                         one pipeline per worker process, loaded once)
             ◀─ analyses and problems, in input order ◀─┘

The main process only reads inputs, plans (deduplication through the store) and writes;
workers send back plain records (`work.Event`). At most two chunks per worker are in flight,
so memory stays flat on any length of input. `processes=1` without a scheduler analyses in
this process (`pipeline.analyze` itself). See docs/scale.md.

    for analysis in analyze_parallel(articles, processes=2, on_problem=print):
        ...
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import TracebackType

from ..errors import InputError
from ..records import Article, ArticleAnalysis
from .local import AHEAD
from .order import RETRIES, Backend, Done, _Slot, ordered, slots
from .work import Setup

__all__ = ["CHUNK_SIZE", "RETRIES", "Done", "Engine", "analyze_parallel"]

# Articles per task. Large enough that `nlp.pipe` parses in full batches and the per-task
# cost (pickling, one round trip) vanishes (~8 s of work per chunk on one core), small
# enough that the last chunks of a run share out evenly over the workers.
CHUNK_SIZE = 32

# Chunks looked at before choosing between a local pool and this process.
PEEK = 8

ProblemHook = Callable[[InputError], None]


class Engine:
    """Where a run's chunks are analysed: `processes` local workers, or the Dask cluster
    at `scheduler` (`tcp://host:8786`; connected to at once, so that a wrong address fails
    before any input is read). Use it as a context manager: it stops its workers."""

    def __init__(self, processes: int = 1, scheduler: str | None = None, *,
                 chunk_size: int | None = None, retries: int = RETRIES,
                 setup: Setup | None = None) -> None:
        self.processes = max(1, processes)
        self.chunk_size = max(1, chunk_size or CHUNK_SIZE)
        self.retries, self.setup = retries, setup
        self.backend: Backend | None = None
        if scheduler:
            from .cluster import DaskCluster

            self.backend = DaskCluster(scheduler, setup, retries)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(finished=kind is None)

    def close(self, finished: bool = True) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            backend.close(finished)

    def map_batches(self, batches: Iterable[Sequence[Article]]) -> Iterator[Done]:
        """Analyse each batch, cut into chunks; one `Done` per chunk, in input order (a
        batch without articles gives one empty `Done`)."""
        source = slots(batches, self.chunk_size, 1 + self.retries, self.workers())
        backend, source = self._backend(source)
        yield from ordered(backend, source)

    def workers(self) -> int:
        """How many chunks run at once: the local processes, or the cluster's threads."""
        if self.backend is not None:
            return max(1, self.backend.slots // AHEAD)
        return self.processes

    def _backend(self, source: Iterator[_Slot]) -> tuple[Backend, Iterator[_Slot]]:
        """The cluster, the local pool, or this process: a local run whose input is one
        chunk or less is analysed here (a pool's start-up would cost more than it saves)."""
        from .local import InProcess, LocalPool

        if self.backend is not None:
            return self.backend, source
        if self.processes == 1:
            return InProcess(self.setup), source
        head: list[_Slot] = []
        for slot in source:
            head.append(slot)
            # two chunks of work, or many batches (a rerun with most of them stored)
            if sum(1 for s in head if s.articles) >= 2 or len(head) >= PEEK:
                self.backend = LocalPool(self.processes, self.setup)
                return self.backend, itertools.chain(head, source)
        return InProcess(self.setup), iter(head)

    def analyze(self, articles: Iterable[Article],
                on_problem: ProblemHook | None = None) -> Iterator[ArticleAnalysis]:
        """Like `pipeline.analyze`: the analyses in input order, each problem given to
        `on_problem` where it arose (without it, the first problem is raised)."""
        report = on_problem or _raise
        tail = 2 * self.workers() * self.chunk_size if self.workers() > 1 else 0
        for done in self.map_batches(_cut(articles, self.chunk_size, tail)):
            for event in done.events:
                if isinstance(event, InputError):
                    report(event)
                else:
                    yield event


def analyze_parallel(articles: Iterable[Article], processes: int = 1,
                     scheduler: str | None = None, *, chunk_size: int | None = None,
                     on_problem: ProblemHook | None = None, retries: int = RETRIES,
                     setup: Setup | None = None) -> Iterator[ArticleAnalysis]:
    """`pipeline.analyze` over `processes` local workers or the Dask cluster at
    `scheduler`: the same analyses in the same order, problems reported the same way.
    One process without a scheduler is `pipeline.analyze` in this process."""
    if processes <= 1 and not scheduler:
        from ..pipeline import analyze

        if setup is not None:
            setup()
        yield from analyze(articles, on_problem=on_problem)
        return
    with Engine(processes, scheduler, chunk_size=chunk_size, retries=retries,
                setup=setup) as engine:
        yield from engine.analyze(articles, on_problem)


def _cut(articles: Iterable[Article], size: int, tail: int = 0) -> Iterator[list[Article]]:
    """Batches of `size` articles, the last `tail` to `tail + size` of them (read ahead)
    as one batch, which `order.slots` cuts into chunks that shrink toward the end."""
    source = iter(articles)
    waiting: deque[Article] = deque(itertools.islice(source, size + tail))
    while more := list(itertools.islice(source, size)):
        yield [waiting.popleft() for _ in range(size)]
        waiting.extend(more)
    if waiting:
        yield list(waiting)


def _raise(problem: InputError) -> None:
    raise problem
