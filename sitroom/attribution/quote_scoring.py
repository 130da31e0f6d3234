"""A calibrated `confidence` on every quote: the probability that its content matches a
gold attribution (token overlap ≥ 0.8) and its speaker is the gold source.

A logistic regression (`data/models/quote_confidence.json`, scored by `linear.py`) over what
the stage knows about a quote: where it comes from (the rules, the tagger, or both), the
tagger's content probability over it, its kind, cue word, speaker and length. Trained on
PolNeAR train with the tagger's outputs cross-fitted (each half tagged by a tagger trained
on the other half) by `python -m benchmarks.train_attribution`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..records import ArticleAnalysis, Quote
from .linear import Features, load_model

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .learned import Candidate

MODEL_NAME = "quote_confidence"


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _speaker_features(quote: Quote, doc: Doc, actor_types: dict[str, str]) -> Features:
    speaker = quote.speaker
    if speaker.span is None:
        return {"speaker=none": 1.0}
    f: Features = {"speaker=span": 1.0}
    f["speaker_actor=" + actor_types.get(speaker.actor or "", "none")] = 1.0
    words = (speaker.span.text or "").split()
    f["speaker_words" + _bucket(len(words), (1, 2, 4, 8))] = 1.0
    phrase = doc.char_span(speaker.span.start, speaker.span.end, alignment_mode="expand")
    if phrase is not None and len(phrase):
        f["speaker_pos=" + phrase.root.pos_] = 1.0
    return f


def quote_features(candidate: Candidate, doc: Doc, actor_types: dict[str, str]) -> Features:
    """What the confidence model reads about one quote."""
    quote, origin = candidate.quote, candidate.origin
    f: Features = {"origin=" + origin: 1.0, f"score|{origin}": candidate.score,
                   "cue_score": candidate.cue_score, "source_score": candidate.source_score,
                   "kind=" + quote.kind: 1.0,
                   f"parts={min(len(quote.parts), 2)}": 1.0}
    cue = (quote.cue.text or "").lower().split() if quote.cue else []
    f["cue=" + (cue[-1] if cue else "none")] = 1.0
    words = sum(len((p.text or "").split()) for p in quote.parts or (quote.content,))
    f["content_words" + _bucket(words, (2, 4, 8, 16, 32, 64))] = 1.0
    f.update(_speaker_features(quote, doc, actor_types))
    return f


def added_floor() -> float:
    """The confidence under which a quote only the tagger found is dropped."""
    return load_model(MODEL_NAME).threshold


def score_candidates(candidates: list[Candidate], doc: Doc,
                     analysis: ArticleAnalysis) -> list[Quote]:
    """Each candidate's quote with its confidence."""
    model = load_model(MODEL_NAME)
    types = {a.id: a.type for a in analysis.actors}
    return [replace(c.quote, confidence=round(model.probability(quote_features(c, doc, types)),
                                              3))
            for c in candidates]
