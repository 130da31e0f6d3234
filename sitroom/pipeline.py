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

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import AnalysisFailed, InputError, PartlyAnalysed
from .furniture import find_furniture, mend_spans, parse_text
from .records import Article, ArticleAnalysis, Furniture, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Bump when a stage changes what it returns: stored analyses of an older version are redone.
ANALYZER_VERSION = "28"
BATCH_SIZE = 32
# Bounds on one article (docs/commands.md, "Bounds"). Characters analysed: the rest of a longer
# text is left out with a note (a megabyte of news is ~10,000 sentences; it takes ~50 s).
MAX_ANALYSED_CHARS = 1_000_000
# A text longer than this is parsed in pieces of at most this size, cut at line breaks, one
# piece at a time: the parser's memory grows with the tokens it holds at once. Above the
# longest article of the corpora (~62,000 characters), so ordinary articles parse whole.
PIECE_CHARS = 100_000
# Seconds the stages may spend on one article (checked after each stage); with the cap on
# characters a stage's cost is bounded, so this catches the unforeseen.
STAGE_SECONDS = 120.0

Stage = Callable[[ArticleAnalysis, "Doc"], ArticleAnalysis]
ProblemHook = Callable[[InputError], None]


def sentences(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Sentence spans from the parser, trimmed of surrounding whitespace, blank ones dropped
    (the parsed text has page furniture blanked, so a furniture line is never a sentence)."""
    from .nlp import doc_text

    text = doc_text(doc)
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
    """Quotes and reported speech with their speakers (see `sitroom.attribution`), corrected
    and completed by the learned tagger, each with its confidence (`attribution/learned.py`)."""
    from .attribution import resolve_quotes
    from .attribution.learned import learned_quotes

    return learned_quotes(resolve_quotes(analysis, doc), doc)


def events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Events coded in CAMEO and PLOVER with modality and arguments (see `sitroom.events`)."""
    from .events import resolve_events

    return resolve_events(analysis, doc)


def event_places(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Where each event happened: a place from its clause, its sentence, the dateline or the
    article, resolved in the offline gazetteer (see `sitroom.geo`)."""
    from .geo import locate_events

    return locate_events(analysis, doc)


def event_counts(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """People killed, injured, arrested and displaced, on the events that report them (see
    `sitroom.events.counts`)."""
    from .events.counts import count_events

    return count_events(analysis, doc)


def event_confidence(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """A calibrated confidence on every event from the learned event models (see
    `sitroom.events.scoring`)."""
    from .events.scoring import score_events

    return score_events(analysis, doc)


def claims(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Claims with kind and certainty, and cause → effect links (see `sitroom.attribution`)."""
    from .attribution import resolve_claims

    return resolve_claims(analysis, doc)


STAGES: tuple[Stage, ...] = (sentences, actors, quotes, events, event_places, event_counts,
                             event_confidence, claims)


def analyze_doc(article: Article, doc: Doc, stages: Iterable[Stage] | None = None,
                furniture: tuple[Furniture, ...] | None = None,
                seconds: float | None = None) -> ArticleAnalysis:
    """Run every stage over one parsed article and check the spans of the result
    (`furniture`: the article's, when the caller has found it already). Past `seconds`
    (checked after each stage; default `STAGE_SECONDS`) the article fails with
    `AnalysisFailed`."""
    if furniture is None:
        furniture = find_furniture(article.text)
    analysis = ArticleAnalysis(article=article, furniture=furniture)
    if seconds is None:
        seconds = STAGE_SECONDS
    started = time.monotonic()
    for stage in STAGES if stages is None else stages:
        analysis = stage(analysis, doc)
        spent = time.monotonic() - started
        if spent > seconds:
            raise AnalysisFailed(article.id, f"analysis stopped after the {stage.__name__} "
                                 f"stage: {spent:.0f} s, over the {seconds:.0f} s allowed "
                                 "per article")
    analysis = mend_spans(analysis)
    analysis.check()
    return analysis


@dataclass
class _Item:
    """One article on its way through the parse: what the parser reads (`text`, the part
    analysed with its furniture blanked), or the parse already made (`doc`, a long text
    parsed piece by piece), or why it could not be parsed (`error`)."""

    article: Article
    furniture: tuple[Furniture, ...]
    text: str
    note: PartlyAnalysed | None = None
    doc: Doc | None = None
    error: Exception | None = None


def _prepare(article: Article, nlp: Language) -> _Item:
    """Furniture, the capped text, and for a long text its parse in pieces (here, one piece
    at a time, so that memory stays that of one piece)."""
    cut = analysed_length(article.text)
    text = article.text if cut == len(article.text) else article.text[:cut]
    furniture = find_furniture(text)
    item = _Item(article, furniture, parse_text(text, furniture))
    if cut < len(article.text):
        item.note = PartlyAnalysed(article.id, (
            f"analysed the first {cut:,} of {len(article.text):,} characters; "
            f"{len(article.text) - cut:,} left out (at most {MAX_ANALYSED_CHARS:,} are "
            "analysed per article)"))
    if len(item.text) > PIECE_CHARS:
        try:
            from spacy.tokens import Doc as SpacyDoc

            pieces = list(nlp.pipe(_pieces(item.text, PIECE_CHARS), batch_size=1))
            item.doc = SpacyDoc.from_docs(pieces, ensure_whitespace=False)
        except Exception as exc:  # noqa: BLE001 - any failure is this article's problem
            item.error = exc
    return item


def analysed_length(text: str, cap: int | None = None) -> int:
    """How much of `text` is analysed: all of it up to `cap` characters (default
    `MAX_ANALYSED_CHARS`), else up to the last line break (or else space) before the cap."""
    if cap is None:
        cap = MAX_ANALYSED_CHARS
    if len(text) <= cap:
        return len(text)
    for mark in ("\n", " "):
        at = text.rfind(mark, cap // 2, cap)
        if at > 0:
            return at + 1
    return cap


def _pieces(text: str, size: int) -> Iterator[str]:
    """`text` in consecutive pieces of at most `size` characters that join back into it,
    each ending at a line break where one is near, else after a space."""
    start = 0
    while len(text) - start > size:
        end = analysed_length(text[start:start + size + 1], size)
        yield text[start:start + end]
        start += end
    yield text[start:]


def _problem(article: Article, exc: Exception) -> InputError:
    if isinstance(exc, InputError):
        return exc
    detail = (str(exc).strip().splitlines() or [""])[0][:200]
    return AnalysisFailed(article.id, f"analysis failed ({type(exc).__name__}: {detail})")


def _finish(item: _Item, doc: Doc | None, report: ProblemHook) -> Iterator[ArticleAnalysis]:
    """The analysis of one parsed article, or its problem reported."""
    if item.error is not None or doc is None:
        report(_problem(item.article, item.error or RuntimeError("no parse")))
        return
    from .nlp import keep_loaded, remember_text

    try:
        remember_text(doc, item.text)
        analysis = analyze_doc(item.article, doc, furniture=item.furniture)
    except Exception as exc:  # noqa: BLE001 - any failure is this article's problem
        report(_problem(item.article, exc))
        return
    keep_loaded()  # every table the stages load is loaded now
    if item.note is not None:
        report(item.note)
    yield analysis


def _parse_alone(nlp: Language, item: _Item) -> Doc | None:
    """One article parsed by itself (after its batch failed): its doc, or None with
    `item.error` set."""
    if item.doc is not None or item.error is not None:
        return item.doc
    try:
        return nlp(item.text)
    except Exception as exc:  # noqa: BLE001 - any failure is this article's problem
        item.error = exc
        return None


def _raise(problem: InputError) -> None:
    raise problem


def analyze(articles: Iterable[Article], nlp: Language | None = None,
            batch_size: int = BATCH_SIZE, n_process: int = 1,
            on_problem: ProblemHook | None = None) -> Iterator[ArticleAnalysis]:
    """Parse articles in batches with `nlp.pipe` and analyse each, in input order.

    With `n_process` > 1 spaCy parses in that many worker processes (the parse is ~90% of the
    work; the stages run here on the parsed docs). Each article is analysed on its own: one
    that fails is reported to `on_problem` (an `AnalysisFailed` naming the article and the
    reason) and left out, and the others go on; a failed parse batch is parsed again one
    article at a time. A long article is analysed up to `MAX_ANALYSED_CHARS` (a
    `PartlyAnalysed` note says how much was left out). Without `on_problem` a failure is
    raised and notes are dropped.
    """
    if nlp is None:
        from .nlp import load_nlp

        nlp = load_nlp()
    report = on_problem or _raise
    source = iter(articles)
    pending: deque[_Item] = deque()

    def texts() -> Iterator[tuple[str, None]]:
        for article in source:
            try:
                item = _prepare(article, nlp)
            except Exception as exc:  # noqa: BLE001 - any failure is this article's problem
                item = _Item(article, (), "", error=exc)
            pending.append(item)
            yield ("" if item.doc is not None or item.error is not None else item.text), None

    if n_process > 1:
        from .nlp import workers_die_with_parent

        workers_die_with_parent()
    while True:  # one pass of nlp.pipe; after a failed parse batch, a fresh one goes on
        pairs = nlp.pipe(texts(), as_tuples=True,
                         batch_size=batch_size if n_process == 1 else max(4, batch_size // 4),
                         n_process=n_process)
        while True:
            try:
                doc, _ = next(pairs)
            except StopIteration:
                return
            except Exception:
                if not pending:
                    raise  # the parser itself failed, not one of the articles
                while pending:  # the batch in flight, one article at a time
                    item = pending.popleft()
                    yield from _finish(item, _parse_alone(nlp, item), report)
                break
            item = pending.popleft()
            yield from _finish(item, doc if item.doc is None else item.doc, report)
def analyze_text(text: str, article_id: str = "text", **meta: str | None) -> ArticleAnalysis:
    """Analyse a string as one article (for notebooks and tests)."""
    return next(analyze([Article(id=article_id, text=text, **meta)]))  # type: ignore[arg-type]
