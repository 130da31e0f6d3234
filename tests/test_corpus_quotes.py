"""Shown quotes on real news: the hand-checked allsides-intl quotes
(benchmarks/labels/allsides_quotes.tsv) against their floors."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, shared_path

FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text())


@pytest.mark.slow
def test_corpus_quotes_allsides_shown_precision_floors():
    from benchmarks.allsides_quotes import report

    figures = report(shared_path())
    assert figures["judged"] >= 0.9 * figures["labels"], figures  # the labels still meet quotes
    assert figures["shown"] >= 80, figures
    assert figures["precision_shown"] >= FLOORS["attribution_allsides_quote_precision_shown"], \
        figures
    assert figures["precision_listed"] >= \
        FLOORS["attribution_allsides_quote_precision_brief"], figures
