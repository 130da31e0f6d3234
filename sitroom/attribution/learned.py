"""The rule quotes and the learned tagger together (the `quotes` stage's second half).

The rules (`quotes.py`) find quotes with speakers resolved to actors; the tagger
(`tagger.py`) finds attribution contents, cues and sources, including the long tail of cues
the rules do not know. `combine`:
- a rule quote that a tagged content overlaps keeps its speaker and cue; with `reshape` its
  content takes the tagged boundaries (the rules' contents are often cut short or run on);
- a tagged attribution that overlaps no rule quote, whose cue and content are not a rule
  quote's cue or speaker, and whose source can speak (an actor, a name, a pronoun), is
  added, with `add`, as a new quote: its source span's actor is the one named there, or
  none;
- every quote then gets its `confidence` (`quote_scoring.py`); added quotes below the
  confidence model's threshold (chosen on PolNeAR dev) are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..intervals import Cover, Intervals
from ..records import Actor, ArticleAnalysis, Quote, Span, Speaker
from .tagger import (
    QUOTE_MARKS,
    Tagged,
    best_content,
    content_log_odds,
    load_tagger,
    syntactic_spans,
    tag_spans,
)

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Design:
    """Which parts of the tagger's output the stage uses (the benchmark compares them)."""

    reshape: bool = False
    add: bool = True
    # "syntax": contents chosen among the cue's constituents (`tagger.syntactic_spans`);
    # "labels": contents read off the label sequence (`tagger.tag_spans`)
    decode: str = "syntax"
    # added quotes need a source that can speak (an actor, a name, a pronoun) and a cue
    # that is not under a modal
    need_speaker: bool = True
    # added quotes with a lower confidence are dropped; None: the confidence model's threshold
    floor: float | None = None


DEFAULT = Design()


@dataclass(frozen=True)
class Candidate:
    """A quote on its way out, with what the confidence model reads about it."""

    quote: Quote
    origin: str  # "rule", "both" (a rule quote the tagger found too), "tagger"
    score: float  # the tagger's mean content probability over the quote's content
    cue_score: float = 0.0  # its mean cue probability over the quote's cue
    source_score: float = 0.0  # its mean source probability over the speaker span


def _mean(doc: Doc, column: np.ndarray, spans: tuple[Span | None, ...]) -> float:
    rows = [i for span in spans if span is not None
            for i in range(*(_token_run(doc, span) or (0, 0)))]
    return float(column[rows].mean()) if rows else 0.0


def with_scores(candidates: list[Candidate], doc: Doc,
                probabilities: np.ndarray) -> list[Candidate]:
    """The candidates with the tagger's probabilities over their final content, cue and
    speaker spans."""
    content = probabilities[:, 3] + probabilities[:, 4]
    return [replace(c, score=_mean(doc, content, c.quote.parts or (c.quote.content,)),
                    cue_score=_mean(doc, probabilities[:, 2], (c.quote.cue,)),
                    source_score=_mean(doc, probabilities[:, 1], (c.quote.speaker.span,)))
            for c in candidates]


def _char_parts(doc: Doc, tagged: Tagged) -> list[tuple[int, int]]:
    return [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)) for s, e in tagged.parts]


def _char_span(doc: Doc, text: str, run: tuple[int, int] | None) -> Span | None:
    if run is None:
        return None
    start, end = doc[run[0]].idx, doc[run[1] - 1].idx + len(doc[run[1] - 1].text)
    return Span.of(text, start, end)


def _speaker(doc: Doc, text: str, tagged: Tagged, mentions: Intervals[Actor]) -> Speaker:
    span = _char_span(doc, text, tagged.source)
    if span is None or tagged.source is None:
        return Speaker(None, None, None)
    head = doc[tagged.source[0]:tagged.source[1]].root
    best: tuple[tuple[int, bool], Actor] | None = None
    for m_start, m_end, named in mentions.covering(head.idx):
        key = (min(span.end, m_end) - max(span.start, m_start), named.type == "person")
        if best is None or key > best[0]:
            best = (key, named)
    if best is None:
        return Speaker(None, None, span)
    actor = best[1]
    return Speaker(actor.id, actor.name if actor.type == "person" else None, span)


def _can_speak(doc: Doc, tagged: Tagged, quote: Quote) -> bool:
    """Whether an added quote is a report by someone: its cue is not under a modal ("would
    announce sanctions" reports nothing yet) and its source is a resolved actor, a name or a
    pronoun ("The strengthening of relations suggests …" is no one's statement)."""
    if tagged.cue is not None and any(child.tag_ == "MD" for word in
                                      doc[tagged.cue[0]:tagged.cue[1]]
                                      for child in word.children):
        return False
    if quote.speaker.actor is not None:
        return True
    if tagged.source is None:
        return False
    return doc[tagged.source[0]:tagged.source[1]].root.pos_ in ("PROPN", "PRON")


def tagged_quotes(doc: Doc, text: str, tagged: Tagged,
                  mentions: Intervals[Actor]) -> list[Quote]:
    """The records of one tagged attribution: one per stretch of its content, sharing
    speaker and cue, each listing every stretch in `parts` when there are several."""
    parts = tuple(Span.of(text, s, e) for s, e in _char_parts(doc, tagged))
    quoted = any(t.text in QUOTE_MARKS for s, e in tagged.parts for t in doc[s:e])
    speaker, cue = _speaker(doc, text, tagged, mentions), _char_span(doc, text, tagged.cue)
    return [Quote("direct" if quoted else "indirect", speaker, cue, part,
                  parts if len(parts) > 1 else ()) for part in parts]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _reshaped(quote: Quote, doc: Doc, text: str, tagged: Tagged) -> Quote:
    """The rule quote with the tagged content, where that is one stretch that leaves out
    its speaker and cue (a split quotation's records keep their stretches)."""
    parts = _char_parts(doc, tagged)
    taken = [s for s in (quote.speaker.span, quote.cue) if s is not None]
    if len(parts) != 1 or quote.parts or any(_overlap(parts, [(s.start, s.end)])
                                             for s in taken):
        return quote
    return replace(quote, content=Span.of(text, *parts[0]))


def _token_run(doc: Doc, span: Span | None) -> tuple[int, int] | None:
    if span is None:
        return None
    words = doc.char_span(span.start, span.end, alignment_mode="expand")
    return (words.start, words.end) if words is not None and len(words) else None


def reshaped_by_syntax(quote: Quote, doc: Doc, text: str, odds: np.ndarray) -> Quote:
    """The rule quote with the content its cue's constituents offer that the tagger finds
    likeliest (its own content among them)."""
    cue = _token_run(doc, quote.cue)
    own = tuple(r for r in (_token_run(doc, p) for p in quote.parts or (quote.content,))
                if r is not None)
    if cue is None or not own:
        return quote
    parts = best_content(doc, odds, cue, _token_run(doc, quote.speaker.span), own)
    if parts is None or parts == own:
        return quote
    return _reshaped(quote, doc, text, Tagged(list(parts)))


def combine(quotes: tuple[Quote, ...], tagged: list[Tagged], doc: Doc, text: str,
            actors: tuple[Actor, ...], design: Design = DEFAULT,
            odds: np.ndarray | None = None,
            blocked: tuple[tuple[int, int], ...] = ()) -> list[Candidate]:
    """The rule `quotes` and the `tagged` attributions as one list (see the module); with
    content log `odds` (`tagger.content_log_odds`), a rule quote is reshaped among its cue's
    constituents rather than to the tagged content. Nothing is added over a `blocked` span
    (page furniture: the parser read it blanked)."""
    mentions: Intervals[Actor] = Intervals((m.start, m.end, a) for a in actors
                                           for m in a.mentions)
    spans = [_char_parts(doc, t) for t in tagged]
    parts: Intervals[int] = Intervals((s, e, i) for i, runs in enumerate(spans)
                                      for s, e in runs)
    used: set[int] = set()
    out = []
    for quote in quotes:
        own = [(p.start, p.end) for p in quote.parts or (quote.content,)]
        near = {i for s, e in own for rows in (parts.covering(s), parts.starting_in(s, e))
                for _s, _e, i in rows}  # the tagged spans that can overlap, found by bisection
        best, k = max(((_overlap(own, spans[i]), i) for i in near), default=(0, -1))
        if best <= 0:
            out.append(Candidate(quote, "rule", 0.0))
            continue
        used.add(k)
        shaped = quote
        if design.reshape:
            shaped = reshaped_by_syntax(quote, doc, text, odds) if odds is not None \
                else _reshaped(quote, doc, text, tagged[k])
        out.append(Candidate(shaped, "both", tagged[k].score))
    if design.add:
        # one cue gives one attribution: a rule quote's cue or speaker is not another's
        taken = Cover([(s.start, s.end) for q in quotes for s in (q.cue, q.speaker.span)
                       if s is not None and s.end > s.start] + list(blocked))
        walls = Cover(blocked)
        for i, t in enumerate(tagged):
            cue = _char_span(doc, text, t.cue)
            if i not in used and cue is not None \
                    and not taken.overlaps(cue.start, cue.end) \
                    and not any(taken.overlaps(s, e) for s, e in spans[i]) \
                    and not any(walls.overlaps(s, e) for s, e in (
                        _char_parts(doc, Tagged([t.source])) if t.source else [])):
                added = tagged_quotes(doc, text, t, mentions)
                if not design.need_speaker or _can_speak(doc, t, added[0]):
                    out.extend(Candidate(q, "tagger", t.score) for q in added)
    return out


def tag_probabilities(doc: Doc) -> np.ndarray:
    return load_tagger().probabilities(doc)


def learned_quotes(analysis: ArticleAnalysis, doc: Doc,
                   design: Design = DEFAULT) -> ArticleAnalysis:
    """Pipeline stage, after `resolve_quotes`: the rule quotes corrected and completed by
    the tagger, each with its confidence."""
    from .quote_scoring import added_floor, score_candidates

    floor = added_floor() if design.floor is None else design.floor
    probabilities = tag_probabilities(doc)
    if design.decode == "syntax":
        tagged = syntactic_spans(doc, probabilities)
        odds = content_log_odds(probabilities)
    else:
        tagged, odds = tag_spans(doc, probabilities), None
    blocked = tuple((f.span.start, f.span.end) for f in analysis.furniture)
    candidates = with_scores(combine(analysis.quotes, tagged, doc, analysis.article.text,
                                     analysis.actors, design, odds, blocked), doc,
                             probabilities)
    scored = score_candidates(candidates, doc, analysis)
    kept = tuple(q for c, q in zip(candidates, scored, strict=True)
                 if c.origin != "tagger" or (q.confidence or 0.0) >= floor)
    return replace(analysis, quotes=kept)
