"""The per-article analysis: a pure function of one article and its spaCy parse.

Each stage takes the analysis so far and the `Doc`, and returns a richer analysis; no stage
keeps state between articles. That makes the analysis cacheable (it is stored keyed by
article and `ANALYZER_VERSION`) and parallel (a process pool or Dask workers run the same
function).

    Article ─▶ furniture ─▶ nlp.pipe (furniture blanked) ─▶ Doc ─▶ sentences ─▶ actors
            ─▶ quotes ─▶ events ─▶ event_confidence ─▶ claims + causal
                                  ─▶ ArticleAnalysis (checked spans)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .furniture import find_furniture, parse_text
from .records import Article, ArticleAnalysis, Furniture, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Bump when a stage changes what it returns: stored analyses of an older version are redone.
ANALYZER_VERSION = "25"
BATCH_SIZE = 32

Stage = Callable[[ArticleAnalysis, "Doc"], ArticleAnalysis]


def sentences(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Sentence spans from the parser, trimmed of surrounding whitespace, blank ones dropped
    (the parsed text has page furniture blanked, so a furniture line is never a sentence)."""
    text = doc.text
    spans = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    return replace(analysis, sentences=tuple(spans))


def actors(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Actors resolved to coded identities (see `sitroom.actors`)."""
    from .actors import resolve_actors

    return resolve_actors(analysis, doc)


def quotes(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Quotes and reported speech with their speakers (see `sitroom.attribution`)."""
    from .attribution import resolve_quotes

    return resolve_quotes(analysis, doc)


def events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Events coded in CAMEO and PLOVER with modality and arguments (see `sitroom.events`)."""
    from .events import resolve_events

    return resolve_events(analysis, doc)


def event_confidence(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """A calibrated confidence on every event from the learned event models (see
    `sitroom.events.scoring`)."""
    from .events.scoring import score_events

    return score_events(analysis, doc)


def claims(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Claims with kind and certainty, and cause → effect links (see `sitroom.attribution`)."""
    from .attribution import resolve_claims

    return resolve_claims(analysis, doc)


STAGES: tuple[Stage, ...] = (sentences, actors, quotes, events, event_confidence, claims)


def analyze_doc(article: Article, doc: Doc, stages: Iterable[Stage] = STAGES,
                furniture: tuple[Furniture, ...] | None = None) -> ArticleAnalysis:
    """Run every stage over one parsed article and check the spans of the result
    (`furniture`: the article's, when the caller has found it already)."""
    if furniture is None:
        furniture = find_furniture(article.text)
    analysis = ArticleAnalysis(article=article, furniture=furniture)
    for stage in stages:
        analysis = stage(analysis, doc)
    analysis.check()
    return analysis


def analyze(articles: Iterable[Article], nlp: Language | None = None,
            batch_size: int = BATCH_SIZE, n_process: int = 1) -> Iterator[ArticleAnalysis]:
    """Parse articles in batches with `nlp.pipe` and analyse each, in input order.

    With `n_process` > 1 spaCy parses in that many worker processes (the parse is ~90% of the
    work; the stages run here on the parsed docs).
    """
    if nlp is None:
        from .nlp import load_nlp

        nlp = load_nlp()
    def texts() -> Iterator[tuple[str, tuple[Article, tuple[Furniture, ...]]]]:
        for article in articles:
            furniture = find_furniture(article.text)
            yield parse_text(article.text, furniture), (article, furniture)

    if n_process > 1:
        from .nlp import workers_die_with_parent

        workers_die_with_parent()
    pairs = nlp.pipe(texts(), as_tuples=True,
                     batch_size=batch_size if n_process == 1 else max(4, batch_size // 4),
                     n_process=n_process)
    for doc, (article, furniture) in pairs:
        yield analyze_doc(article, doc, furniture=furniture)


def analyze_text(text: str, article_id: str = "text", **meta: str | None) -> ArticleAnalysis:
    """Analyse a string as one article (for notebooks and tests)."""
    return next(analyze([Article(id=article_id, text=text, **meta)]))  # type: ignore[arg-type]
