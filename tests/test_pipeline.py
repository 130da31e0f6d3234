from __future__ import annotations

import pytest

from sitroom.errors import ModelError
from sitroom.pipeline import analyze, analyze_text
from sitroom.records import Article


def test_pipeline_sentences_cover_the_text_without_padding(nlp):
    text = "First sentence here.  Second one follows!\n\nA new paragraph starts."
    analysis = analyze_text(text)
    got = [text[s.start:s.end] for s in analysis.sentences]
    assert got == ["First sentence here.", "Second one follows!", "A new paragraph starts."]


def test_pipeline_keeps_input_order_across_batches(nlp):
    articles = [Article(id=str(i), text=f"Sentence number {i} is here.") for i in range(70)]
    assert [a.article.id for a in analyze(articles, nlp, batch_size=8)] == [str(i)
                                                                           for i in range(70)]


def test_pipeline_model_override_names_what_failed(monkeypatch):
    from sitroom.nlp import load_nlp

    monkeypatch.setenv("SITROOM_SPACY_MODEL", "no_such_pipeline_xx")
    load_nlp.cache_clear()
    try:
        with pytest.raises(ModelError, match="no_such_pipeline_xx"):
            load_nlp()
    finally:
        load_nlp.cache_clear()


def test_pipeline_frees_a_parse_once_its_analysis_is_done(nlp):
    """What the stages keep per parse (token lists, entities, trees) must not keep the
    parse alive: an analysis holds no spaCy object, and a run's memory stays flat."""
    import gc
    import weakref

    from sitroom.pipeline import analyze_doc

    text = ("KYIV, Ukraine — Russian forces shelled Kharkiv on Monday, killing 3 people, "
            "officials said. \"We will respond,\" President Volodymyr Zelensky said on March 3, "
            "because the attack broke the truce.")
    doc = nlp(text)
    analysis = analyze_doc(Article(id="a", text=text), doc)
    assert analysis.events and analysis.quotes  # the stages that keep things per parse ran
    parse = weakref.ref(doc)
    del doc
    gc.collect()
    assert parse() is None
