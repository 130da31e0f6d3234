"""Batch runs: read inputs, plan what is new, analyse it, store each batch in one transaction.

The CLI's `ingest`, `analyze` and `demo` are thin layers over `run()`.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .errors import InputError, SkippedInput
from .ingest import IngestOptions, expand_inputs, read_input
from .ingest.readers import SkippedFiles
from .progress import Tally
from .records import Article, ArticleAnalysis
from .store import Planned, Store

if TYPE_CHECKING:
    from .engine import Done

BATCH_SIZE = 32
# Articles per stored batch when workers analyse (several chunks of `engine.CHUNK_SIZE`):
# fewer, larger transactions while the workers keep busy.
PARALLEL_BATCH = 128


def default_processes() -> int:
    """Worker processes for the analysis: the machine's cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class Summary:
    """What a run did. `problems` holds one (kind, where, reason) per input that gave nothing."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    stored_already: int = 0
    analysed: int = 0
    skipped: int = 0
    failed: int = 0
    passed_over: list[str] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, problem: InputError) -> None:
        if problem.kind == "note":  # the article was read and kept; only listed
            self.problems.append(("note", problem.where, problem.reason))
            return
        kind = "skipped" if isinstance(problem, SkippedInput) else "failed"
        setattr(self, kind, getattr(self, kind) + 1)
        self.problems.append((kind, problem.where, problem.reason))

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("read", self.read), ("new", self.new),
            ("duplicate (copy of a stored text)", self.duplicates),
            ("already stored", self.stored_already), ("analysed", self.analysed),
            ("skipped", self.skipped), ("failed", self.failed),
        ]


ProblemHook = Callable[[InputError], None]
ProgressHook = Callable[[Tally], None]


def run(store: Store, paths: Iterable[str], options: IngestOptions, *, analyse: bool,
        on_problem: ProblemHook | None = None, on_progress: ProgressHook | None = None,
        batch_size: int | None = None, processes: int = 1,
        scheduler: str | None = None) -> Summary:
    """Ingest (and with `analyse`, analyse) every input into `store`.

    `on_problem` hears each problem as it happens (reading one input, or analysing one
    article: the others of its batch are stored all the same); `on_progress(tally)` hears
    inputs read of all and articles read and done after each input, each analysed chunk
    and each stored batch. Each batch is stored in one transaction, in input order. The
    analysis runs in `processes` local workers or on the Dask cluster at `scheduler`
    (`sitroom.engine`): while they work, this process reads and plans the next batches;
    with workers, batches are larger (fewer transactions).
    """
    from .engine import Engine

    parallel = analyse and (processes > 1 or bool(scheduler))
    if batch_size is None:
        batch_size = PARALLEL_BATCH if parallel else BATCH_SIZE
    state = _Run(store, analyse, on_problem, on_progress)
    with Engine(processes if analyse else 1, scheduler if analyse else None) as engine:
        for done in engine.map_batches(state.batches(paths, options, batch_size)):
            state.take(done)
    return state.summary


@dataclass
class _Job:
    """A planned batch on its way: stored when its last chunk is analysed."""

    plans: list[Planned]
    problems: list[InputError]
    results: list[ArticleAnalysis] = field(default_factory=list)


class _Run:
    """One run's reading, planning and writing (the analysis runs in the engine between)."""

    def __init__(self, store: Store, analyse: bool, on_problem: ProblemHook | None,
                 on_progress: ProgressHook | None) -> None:
        self.store, self.analyse = store, analyse
        self.on_problem, self.on_progress = on_problem, on_progress
        self.summary = Summary()
        self.inputs_done = self.inputs_total = self.articles_done = 0
        self.reading: list[InputError] = []  # problems of the batch being read
        self.jobs: deque[_Job] = deque()  # planned, waiting for their analyses
        self.unwritten: dict[str, str] = {}  # key → id of the articles those jobs insert

    def report(self) -> None:
        if self.on_progress:
            self.on_progress(Tally(self.inputs_done, self.inputs_total, self.summary.read,
                                   self.articles_done))

    def note(self, problem: InputError, problems: list[InputError]) -> None:
        self.summary.count(problem)
        problems.append(problem)
        if self.on_problem:
            self.on_problem(problem)

    def batches(self, paths: Iterable[str], options: IngestOptions,
                batch_size: int) -> Iterator[list[Article]]:
        """Read every input; for each batch, plan it and give the articles to analyse."""
        files, expand_problems = expand_inputs(paths)
        self.inputs_total = len(files)
        for problem in expand_problems:
            if isinstance(problem, SkippedFiles):
                self.summary.passed_over.append(f"{problem.directory}: {problem.describe()}")
            else:
                self.note(problem, self.reading)
        batch: list[Article] = []
        for item in files:
            for result in read_input(item, options):
                if isinstance(result, InputError):
                    self.note(result, self.reading)
                    continue
                self.summary.read += 1
                batch.append(result)
                if len(batch) >= batch_size:
                    yield self.plan(batch)
                    batch = []
            self.inputs_done += 1
            self.report()
        if batch or self.reading:
            yield self.plan(batch)

    def plan(self, batch: list[Article]) -> list[Article]:
        plans = [self._waiting(p) for p in self.store.plan(batch, analyse=self.analyse)]
        _tally(self.summary, plans)
        self.jobs.append(_Job(plans, self.reading))
        self.unwritten.update((p.key, p.article.id) for p in plans if p.status != "stored")
        self.reading = []
        return [p.article for p in plans if p.needs_analysis]

    def _waiting(self, plan: Planned) -> Planned:
        """`plan`, or, when an earlier batch of this run not yet written holds the same
        article, the plan one process would have made after writing it: stored already,
        under that batch's id, and analysed there."""
        if plan.status == "stored" or plan.key not in self.unwritten:
            return plan
        return Planned(replace(plan.article, id=self.unwritten[plan.key]), plan.key,
                       plan.digest, "stored", needs_analysis=False,
                       given_id=plan.given_id)

    def take(self, done: Done) -> None:
        """A chunk's analyses and problems (an article whose analysis failed is reported and
        stored unanalysed); its batch is stored after its last chunk."""
        job = self.jobs[0]
        for event in done.events:
            if isinstance(event, InputError):
                self.note(event, job.problems)
            else:
                job.results.append(event)
                self.articles_done += 1
        if not done.last:
            self.report()
            return
        self.jobs.popleft()
        self.store.write(job.plans, job.results, job.problems)
        for plan in job.plans:
            self.unwritten.pop(plan.key, None)
        self.summary.analysed += len(job.results)
        self.articles_done += len(job.plans) - len(job.results)
        self.report()


def _tally(summary: Summary, plans: list[Planned]) -> None:
    for plan in plans:
        if plan.status == "stored":
            summary.stored_already += 1
        elif plan.status == "duplicate":
            summary.duplicates += 1
            summary.new += 1
        else:
            summary.new += 1
