"""What the benchmarks compute more than once in one process, computed once.

Several benchmark functions read the same corpus sentences (CNC train, Szeged wiki.xml,
WikiWeasel) with the same spaCy pipeline: a test or a command that measures several figures
on them would otherwise parse them once per figure. They ask `parsed(nlp, texts)` instead of
calling `nlp.pipe` themselves. The memo holds the docs of the last `KEEP` lists of texts
parsed, keyed by the nlp object and the exact list; a list that is the start of one held is
answered with the first docs of it. The stages only read a parse (what they derive from a doc
they keep in per-doc caches of the same values), so a doc read twice gives the same figures as
two parses of the text. A doc answered from a held list was parsed in that list's batches,
not in those `batch_size` would make of the list asked for; the figures of the corpus floor
tests that read docs so (the first 6000 Szeged sentences, CNC subtask 2) were the same to the
last digit as with their own parse (2026-12-06).

`kept(key, make)` holds any other result (e.g. the cross-validated models of one training
set) under a key, the last `KEEP` of them. `clear()` lets go of everything held.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

KEEP = 2  # lists of docs (and results) held at once: the corpora a test reads in turn

T = TypeVar("T")
_DOCS: list[tuple[object, tuple[str, ...], list]] = []  # type: ignore[type-arg]
_RESULTS: list[tuple[tuple, Any]] = []  # type: ignore[type-arg]


def parsed(nlp, texts: Sequence[str], batch_size: int = 256) -> list:  # type: ignore[no-untyped-def, type-arg]
    """One doc per text, as `nlp.pipe(texts, batch_size=batch_size)` gives them, parsed once
    while held (the list returned is a new list; the docs are shared)."""
    wanted = tuple(texts)
    for at, (owner, held, docs) in enumerate(_DOCS):
        if owner is nlp and len(held) >= len(wanted) and held[:len(wanted)] == wanted:
            _DOCS.append(_DOCS.pop(at))  # the most recently used last
            return docs[:len(wanted)]
    docs = list(nlp.pipe(wanted, batch_size=batch_size))
    _DOCS.append((nlp, wanted, docs))
    del _DOCS[:-KEEP]
    return list(docs)


def kept(key: tuple, make: Callable[[], T]) -> T:  # type: ignore[type-arg]
    """`make()`, computed once while its `key` is held."""
    for at, (held, value) in enumerate(_RESULTS):
        if held == key:
            _RESULTS.append(_RESULTS.pop(at))
            return value  # type: ignore[no-any-return]
    value = make()
    _RESULTS.append((key, value))
    del _RESULTS[:-KEEP]
    return value


def clear() -> None:
    """Let go of every doc and result held."""
    _DOCS.clear()
    _RESULTS.clear()
