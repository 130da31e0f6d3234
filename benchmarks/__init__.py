"""Benchmark scripts: each prints measured figures; `floors.json` holds the ones tests enforce."""

from __future__ import annotations

import time
from pathlib import Path


def parsed_allsides(shared: Path, nlp, limit: int):  # type: ignore[no-untyped-def]
    """The first `limit` allsides-intl articles, their spaCy docs and the parse time (s)."""
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    folder = shared / "corpus/allsides-intl/jsons"
    articles = [a for a in read_inputs([str(folder)], IngestOptions())
                if isinstance(a, Article)][:limit]
    started = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=32))
    return articles, docs, time.perf_counter() - started
