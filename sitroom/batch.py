"""Batch runs: read inputs, plan what is new, analyse it, store each batch in one transaction.

The CLI's `ingest`, `analyze` and `demo` are thin layers over `run()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import InputError, SkippedInput
from .ingest import IngestOptions, expand_inputs, read_input
from .ingest.readers import SkippedFiles
from .records import Article
from .store import Planned, Store

BATCH_SIZE = 32


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
ProgressHook = Callable[[int, int], None]


def run(store: Store, paths: Iterable[str], options: IngestOptions, *, analyse: bool,
        on_problem: ProblemHook | None = None, on_progress: ProgressHook | None = None,
        batch_size: int = BATCH_SIZE) -> Summary:
    """Ingest (and with `analyse`, analyse) every input into `store`.

    `on_problem` hears each problem as it happens; `on_progress(done, total)` counts inputs.
    """
    summary = Summary()
    files, expand_problems = expand_inputs(paths)
    pending_problems: list[InputError] = []
    batch: list[Article] = []

    def note(problem: InputError) -> None:
        summary.count(problem)
        pending_problems.append(problem)
        if on_problem:
            on_problem(problem)

    def flush() -> None:
        plans = store.plan(batch, analyse=analyse)
        _tally(summary, plans)
        results = []
        to_analyse = [p.article for p in plans if p.needs_analysis]
        if to_analyse:
            from .pipeline import analyze

            results = list(analyze(to_analyse))
            summary.analysed += len(results)
        store.write(plans, results, pending_problems)
        batch.clear()
        pending_problems.clear()

    for problem in expand_problems:
        if isinstance(problem, SkippedFiles):
            summary.passed_over.append(f"{problem.directory}: {problem.describe()}")
        else:
            note(problem)
    for done, item in enumerate(files, start=1):
        for result in read_input(item, options):
            if isinstance(result, InputError):
                note(result)
                continue
            summary.read += 1
            batch.append(result)
            if len(batch) >= batch_size:
                flush()
        if on_progress:
            on_progress(done, len(files))
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
