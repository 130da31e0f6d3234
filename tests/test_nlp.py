"""Loading the spaCy pipeline (`sitroom/nlp.py`): what loading it sets for the process."""

from __future__ import annotations

import os

import pytest

from sitroom.nlp import BLAS_THREAD_SETTINGS


@pytest.mark.skipif(any(os.environ.get(n) for n in BLAS_THREAD_SETTINGS),
                    reason="the environment sets the BLAS threads itself")
def test_nlp_load_keeps_blas_to_one_thread(nlp):
    threadpoolctl = pytest.importorskip("threadpoolctl")

    pools = [p for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]
    assert pools and all(p["num_threads"] == 1 for p in pools)


@pytest.mark.parametrize("text", ["", "One.", "Two lines.\n\n  “Quoted,” she said.  "])
def test_nlp_doc_text_is_the_parse_text_joined_once(nlp, text):
    from sitroom.nlp import doc_text

    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    assert doc_text(doc) is doc_text(doc)


@pytest.mark.parametrize(("given", "kept"), [
    ("Two lines.\n\n  “Quoted,” she said.  ", True),
    ("Two lines.\n\n  “Quoted,” she said.", False),  # not the parse's text: not its length
])
def test_nlp_remember_text_keeps_only_the_parsed_text(nlp, given, kept):
    from sitroom.nlp import doc_text, remember_text

    doc = nlp("Two lines.\n\n  “Quoted,” she said.  ")
    remember_text(doc, given)
    assert (doc_text(doc) is given) is kept
    assert doc_text(doc) == doc.text


def test_nlp_keep_loaded_sets_the_loaded_tables_aside_after_an_analysis():
    """In a fresh process nothing is set aside from the collector until the first analysis;
    after it, the tables it loaded are (the place gazetteer among them)."""
    import subprocess
    import sys

    script = (
        "import gc\n"
        "from sitroom.pipeline import analyze_text\n"
        "from sitroom.geo.gazetteer import load\n"
        "print(gc.get_freeze_count())\n"
        "analyze_text('Officials in Kyiv said the talks had stalled.')\n"
        "print(gc.get_freeze_count(), all(o is not load() for o in gc.get_objects()))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out[0] == "0" and int(out[1]) > 0 and out[2] == "True"
