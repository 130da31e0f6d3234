"""Chunks analysed in this process, or in a pool of local worker processes.

The pool's processes start with `forkserver` where the platform has it (Linux, macOS), else
`spawn`, never plain `fork`: the main process may hold threads by then (the progress bar's
refresh, SQLAlchemy's pool, a Dask client) and a forked copy of a process with threads can
hang on a lock a thread held; Python 3.12 warns about it and 3.14 no longer forks by default.
The forkserver is a clean single-threaded process that imports sitroom and loads the
pipeline once (`engine.warm`); each worker is forked from it, warm, in a few milliseconds.
Workers exit when the main process does, even when it is killed (`work.watch_parent`).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..records import Article
from .order import Lost
from .work import Event, Setup, analyse_chunk, start_worker

# Chunks in flight per worker: one running, one waiting, so no worker idles between chunks.
AHEAD = 2


def start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class InProcess:
    """Each chunk analysed here, when its result is asked for (nothing runs ahead)."""

    slots = 1

    def __init__(self, setup: Setup | None = None) -> None:
        self.setup = setup

    def submit(self, articles: tuple[Article, ...]) -> tuple[Article, ...]:
        return articles

    def result(self, handle: tuple[Article, ...]) -> list[Event]:
        return analyse_chunk(handle, self.setup)

    def lost(self, handle: object) -> bool:
        return False

    def recover(self) -> None:
        pass

    def close(self, finished: bool = True) -> None:
        pass


Handle = tuple[ProcessPoolExecutor, "Future[list[Event]]"]


class LocalPool:
    """`processes` worker processes on this machine; a fresh pool after one breaks."""

    def __init__(self, processes: int, setup: Setup | None = None) -> None:
        self.processes = processes
        self.setup = setup
        self.slots = AHEAD * processes
        self.pool: ProcessPoolExecutor | None = None
        self.broken: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            context = multiprocessing.get_context(start_method())
            if context.get_start_method() == "forkserver":
                context.set_forkserver_preload(["sitroom.engine.warm"])
            self.pool = ProcessPoolExecutor(self.processes, mp_context=context,
                                            initializer=start_worker)
        return self.pool

    def submit(self, articles: tuple[Article, ...]) -> Handle:
        pool = self._pool()
        return pool, pool.submit(analyse_chunk, articles, self.setup)

    def result(self, handle: Handle) -> list[Event]:
        pool, future = handle
        try:
            return future.result()
        except BrokenProcessPool as exc:
            self.broken = pool
            raise Lost(str(exc)) from exc

    def lost(self, handle: Handle) -> bool:
        """Whether the chunk went down with a broken pool (one done before it broke is not
        lost: its result is kept)."""
        pool, future = handle
        if pool is not self.broken:
            return False
        return not (future.done() and future.exception() is None)

    def recover(self) -> None:
        if self.broken is not None and self.broken is self.pool:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def close(self, finished: bool = True) -> None:
        """Stop the workers: when `finished`, after their work; else (the caller gave up,
        Ctrl-C) at once, without waiting for the chunks they are running."""
        if self.pool is None:
            return
        pool, self.pool = self.pool, None
        if not finished:
            processes = getattr(pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
        pool.shutdown(wait=finished, cancel_futures=True)
