"""Imported once by the local pool's forkserver (`set_forkserver_preload`): the pipeline and
every table the stages load lazily (gazetteers, learned models) are loaded there, so that
each worker forked from it starts warm instead of spending ~5 s of CPU loading its own.

Nothing here may fail the forkserver: a worker that finds the pipeline unloaded loads it
on its first chunk, and reports any error then.
"""

from __future__ import annotations

WARM_TEXT = ("KYIV, Ukraine — Russian forces shelled Kharkiv on Monday, killing 3 people, "
             "officials said. \"We will respond,\" President Volodymyr Zelensky said, "
             "because the attack broke the truce.")


def warm() -> None:
    from ..nlp import keep_loaded, load_nlp
    from ..pipeline import analyze_text

    load_nlp()
    analyze_text(WARM_TEXT)
    keep_loaded()  # and set aside from the collector before the workers are forked


try:
    warm()
except Exception:  # noqa: BLE001, S110 - see the module docstring
    pass
