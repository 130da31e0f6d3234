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
