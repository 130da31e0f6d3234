"""What runs in a worker process: one chunk of articles through the whole analysis.

A worker (a local pool process or a Dask worker) loads the spaCy pipeline once, on its first
chunk (`load_nlp` is cached per process), and runs `pipeline.analyze` (parse and every stage)
over each chunk it is given. It sends back plain, picklable events in the order the
pipeline produced them: each article's `ArticleAnalysis`, and before it or instead of it the
problems and notes it raised, as `Problem` records (an `InputError` does not survive pickling
as it is: its constructor takes two arguments, its `args` hold one).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import EngineError, InputError
from ..records import Article, ArticleAnalysis

# A function a worker calls before each chunk (tests use it to make a stage fail or a worker
# die); it must be picklable (a module-level function, or a functools.partial of one) and
# harmless to call again.
Setup = Callable[[], None]

# One chunk at a time per process: a Dask worker started with several threads would otherwise
# run two chunks at once on one pipeline (and gain nothing: the analysis holds the GIL).
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Problem:
    """A problem raised in a worker, as data: the class, its args and its attributes."""

    kind: type[InputError]
    args: tuple[Any, ...]
    state: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, error: InputError) -> Problem:
        return cls(type(error), error.args, dict(vars(error)))

    def rebuild(self) -> InputError:
        """The same error again (same class, message, `where` and `reason`)."""
        error = self.kind.__new__(self.kind)
        Exception.__init__(error, *self.args)
        error.__dict__.update(self.state)
        return error


Event = ArticleAnalysis | Problem


def analyse_chunk(articles: Sequence[Article], setup: Setup | None = None,
                  version: str | None = None) -> list[Event]:
    """Parse and analyse `articles` with this process's pipeline; the analyses and problems
    in the order `pipeline.analyze` gave them. `version`, when given, is the analyser
    version the caller stores results under: a worker running another one refuses."""
    from ..nlp import load_nlp
    from ..pipeline import ANALYZER_VERSION, analyze

    if version is not None and version != ANALYZER_VERSION:
        raise EngineError(f"worker on {_host()} runs analyser version {ANALYZER_VERSION}, "
                          f"the run needs {version}: install the same sitroom everywhere")
    events: list[Event] = []
    with _ONE_AT_A_TIME:
        if setup is not None:
            setup()
        for analysis in analyze(list(articles), nlp=load_nlp(),
                                on_problem=lambda problem: events.append(Problem.of(problem))):
            events.append(analysis)
    return events


def start_worker() -> None:
    """The initializer of a local pool process: exit when the parent does, and load the
    pipeline now (a no-op when the process was forked from a warm forkserver)."""
    watch_parent()
    from ..nlp import load_nlp

    load_nlp()


def watch_parent() -> None:
    """Exit this process as soon as its multiprocessing parent is gone, even when the parent
    was killed with SIGKILL: a thread waits on the parent's sentinel (a pipe the parent holds
    open; it reads end-of-file when the parent dies, whatever the start method)."""
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def wait_then_exit() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=wait_then_exit, daemon=True, name="sitroom-parent-watch").start()


def worker_version() -> str:
    """This worker's analyser version (asked of every Dask worker before a run)."""
    from ..pipeline import ANALYZER_VERSION

    return ANALYZER_VERSION


def _host() -> str:
    import socket

    return f"{socket.gethostname()} (pid {os.getpid()})"
