"""Worker setups for the engine tests (`engine.work.Setup`): importable by name in a worker
process, so that a local pool or a Dask worker can unpickle them. Each adds one stage to
the worker's pipeline; calling one again replaces the stage it added."""

from __future__ import annotations

import os

from sitroom import pipeline

BASE_STAGES = pipeline.STAGES  # as imported, before any setup here changed them


def _add(stage: pipeline.Stage) -> None:
    pipeline.STAGES = (*BASE_STAGES, stage)


def break_marked() -> None:
    """A stage that raises on every article whose text holds BREAK."""

    def breaking(analysis, doc):  # type: ignore[no-untyped-def]
        if "BREAK" in analysis.article.text:
            raise ValueError("stage broke on purpose")
        return analysis

    _add(breaking)


def die_once(marker: str) -> None:
    """A stage that kills its process on the first article holding KILL, once: the first
    to get there leaves `marker` behind."""

    def dying(analysis, doc):  # type: ignore[no-untyped-def]
        if "KILL" in analysis.article.text and not os.path.exists(marker):
            with open(marker, "w", encoding="utf-8"):
                pass
            os._exit(1)
        return analysis

    _add(dying)


def die_always() -> None:
    """A stage that kills its process on every article holding POISON."""

    def poisoned(analysis, doc):  # type: ignore[no-untyped-def]
        if "POISON" in analysis.article.text:
            os._exit(1)
        return analysis

    _add(poisoned)
