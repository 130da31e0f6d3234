"""Batch runs: read inputs, plan what is new, analyse it, store each batch in one transaction.

The CLI's `ingest`, `analyze` and `demo` are thin layers over `run()`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import InputError, SkippedInput
from .ingest import IngestOptions, expand_inputs, read_input
from .ingest.readers import SkippedFiles
from .progress import Tally
from .records import Article
from .store import Planned, Store

BATCH_SIZE = 32
# Parallel parsing pays for its worker start-up only on batches this large (measured: 120
# allsides-intl articles parse in 28.9 s in one process, 17.5 s in two).
PARALLEL_BATCH = 128


def default_processes() -> int:
    """Worker processes for parsing: the machine's cores, at most 4 (beyond that the main
    process's stages and the writes are the bottleneck)."""
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
        batch_size: int | None = None, processes: int = 1) -> Summary:
    """Ingest (and with `analyse`, analyse) every input into `store`.

    `on_problem` hears each problem as it happens (reading one input, or analysing one
    article: the others of its batch are stored all the same); `on_progress(tally)` hears
    inputs read of all and articles read and done after each input and each stored batch.
    Each batch is stored in one transaction; with `processes` > 1 batches are larger so that
    the parsing workers have enough to do.
    """
    if batch_size is None:
        batch_size = PARALLEL_BATCH if analyse and processes > 1 else BATCH_SIZE
    summary = Summary()
    files, expand_problems = expand_inputs(paths)
    pending_problems: list[InputError] = []
    batch: list[Article] = []
    inputs_done = articles_done = 0

    def report() -> None:
        if on_progress:
            on_progress(Tally(inputs_done, len(files), summary.read, articles_done))

    def note(problem: InputError) -> None:
        summary.count(problem)
        pending_problems.append(problem)
        if on_problem:
            on_problem(problem)

    def flush() -> None:
        nonlocal articles_done
        plans = store.plan(batch, analyse=analyse)
        _tally(summary, plans)
        results = []
        to_analyse = [p.article for p in plans if p.needs_analysis]
        if to_analyse:
            from .pipeline import analyze

            workers = processes if len(to_analyse) >= PARALLEL_BATCH // 2 else 1
            # an article whose analysis fails is reported and stored unanalysed
            for result in analyze(to_analyse, n_process=workers, on_problem=note):
                results.append(result)
                articles_done += 1  # analysed: progress moves article by article
                report()
            summary.analysed += len(results)
        store.write(plans, results, pending_problems)
        articles_done += len(batch) - len(results)
        batch.clear()
        pending_problems.clear()
        report()

    for problem in expand_problems:
        if isinstance(problem, SkippedFiles):
            summary.passed_over.append(f"{problem.directory}: {problem.describe()}")
        else:
            note(problem)
    for item in files:
        for result in read_input(item, options):
            if isinstance(result, InputError):
                note(result)
                continue
            summary.read += 1
            batch.append(result)
            if len(batch) >= batch_size:
                flush()
        inputs_done += 1
        report()
    if batch or pending_problems:
        flush()
    return summary


def _tally(summary: Summary, plans: list[Planned]) -> None:
    for plan in plans:
        if plan.status == "stored":
            summary.stored_already += 1
        elif plan.status == "duplicate":
            summary.duplicates += 1
            summary.new += 1
        else:
            summary.new += 1
