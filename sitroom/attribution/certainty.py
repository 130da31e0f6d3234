"""The learned hedge-cue tagger: which words of a sentence leave it uncertain, and how sure.

A logistic regression over each word (`sitroom/data/models/hedge_cues.json`, trained by
`python -m benchmarks.train_hedges` on the cue annotations of the Szeged uncertainty corpus,
wiki.xml) reads the word, its lemma and tag, its dependency arc and head, its neighbours, the
clause it governs, and whether the cue list (`data/hedges.tsv`, read by `hedges.find_hedges`
with its rules for "May" the month and the like) matched it. A word whose probability reaches
the model's threshold is a cue; neighbouring cue words make one cue ("is said to"). How
uncertain a cue leaves the statement comes from the cue list where the list has the word,
else it is `LEARNED_LEVEL`. The list's fourth column can override the tagger: a cue that
counts always, from a lower probability, or never (`hedges.Hedge.floor`).

`confidence` is the calibrated probability that the certainty reading is right: the
sentence's uncertainty probability (its most hedging word's, mapped through the Platt
scaling the training script fits on out-of-fold scores) when it reads as hedged, one minus
it when it reads as certain.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .hedges import Hedge, Tagged, counting, find_hedges, lexicon, weakest
from .linear import Features, LinearModel, load_model

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token as SpacyToken

MODEL = "hedge_cues"
SKIPPED_POS = frozenset({"PUNCT", "SPACE", "NUM", "SYM", "PROPN", "X"})
# The level a learned cue leaves when the cue list does not have the word (Szeged gives a
# cue's class, not a level, and one class for every modal).
LEARNED_LEVEL = "possible"


def candidate(token: SpacyToken) -> bool:
    return token.pos_ not in SKIPPED_POS


def token_features(token: SpacyToken, listed: dict[int, Hedge],
                   tensor: bool = False) -> Features:
    """What the cue tagger reads of one word (`listed`: the cue-list match at each token
    index of the sentence)."""
    lower, lemma, head = token.lower_, token.lemma_.lower(), token.head
    doc = token.doc
    prev = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    features: Features = {
        "w:" + lower: 1.0, "l:" + lemma: 1.0, "t:" + token.tag_: 1.0,
        "lt:" + lemma + "|" + token.tag_: 1.0, "d:" + token.dep_: 1.0,
        "ld:" + lemma + "|" + token.dep_: 1.0, "lh:" + lemma + "|" + head.lemma_.lower(): 1.0,
        "p:" + prev: 1.0, "n:" + after: 1.0, "ln:" + lemma + "|" + after: 1.0,
        "pl:" + prev + "|" + lemma: 1.0,
    }
    for child in token.children:
        features["c:" + child.dep_] = 1.0
        features["lc:" + lemma + "|" + child.dep_] = 1.0
    first = token.is_sent_start  # set on every token of a parse: no need to build its sentence
    if first if first is not None else token.i == token.sent.start:
        features["first"] = 1.0
    hit = listed.get(token.i)
    if hit is not None:
        features["lex"] = 1.0
        features["lex:" + hit.cls] = 1.0
        features["lexl:" + hit.certainty] = 1.0
    if tensor and doc.tensor is not None and len(doc.tensor):
        for k, value in enumerate(doc.tensor[token.i]):
            features[f"v{k}"] = float(value)
    return features


def listed_cues(span: SpacySpan, hedges: list[Hedge] | None = None) -> dict[int, Hedge]:
    """The cue-list match covering each token index of `span`."""
    hedges = counting(find_hedges(span) if hedges is None else hedges)
    out: dict[int, Hedge] = {}
    for token in span:
        for hedge in hedges:
            if hedge.start <= token.idx < hedge.end:
                out[token.i] = hedge
    return out


@dataclass(frozen=True)
class Reading:
    """A span's certainty: its cues, their level, and how sure the reading is."""

    hedges: tuple[Hedge, ...]
    certainty: str
    probability: float  # calibrated probability that the span is hedged
    confidence: float  # calibrated probability that `certainty` is right
    tagged: Tagged  # what the vagueness model reads of the tagger


@cache
def model() -> LinearModel:
    return load_model(MODEL)


def calibrated(raw: float, tagger: LinearModel) -> float:
    """The sentence-level probability from the top word's, by the model's Platt scaling."""
    a, b = tagger.about.get("calibration", (1.0, 0.0))
    raw = min(max(raw, 1e-6), 1 - 1e-6)
    z = a * math.log(raw / (1 - raw)) + b
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


Scores = list[tuple["SpacyToken", float]]


# Probabilities already worked out for words of one parse, by what they depend on: the
# word's index and the cue-list match over it (its class and level).
Memo = dict[tuple[int, str | None, str | None], float]


def token_scores(span: SpacySpan | Sequence[SpacyToken], tagger: LinearModel,
                 hedges: list[Hedge] | None = None, memo: Memo | None = None) -> Scores:
    """Each candidate word of `span` (a span, or words of one sentence) with its
    probability of being a cue (`memo`: those of this parse and `tagger` known so far,
    kept up to date)."""
    if not len(span):
        return []
    listed = listed_cues(span[0].sent if isinstance(span, Sequence) else span, hedges)
    tensor = bool(tagger.about.get("tensor"))
    if memo is None:
        memo = {}
    out = []
    for t in span:
        if candidate(t):
            hit = listed.get(t.i)
            key = (t.i, None, None) if hit is None else (t.i, hit.cls, hit.certainty)
            p = memo.get(key)
            if p is None:
                p = memo[key] = tagger.probability(token_features(t, listed, tensor))
            out.append((t, p))
    return out


def tagged_of(scores: Scores, threshold: float) -> Tagged:
    return Tagged(round(max((p for _, p in scores), default=0.0), 4),
                  tuple((t.idx, t.idx + len(t.text), t.lemma_.lower())
                        for t, p in scores if p >= threshold))


def read(span: SpacySpan, tagger: LinearModel | None = None,
         hedges: list[Hedge] | None = None, also: Sequence[SpacyToken] = (),
         memo: Memo | None = None) -> Reading:
    """The learned certainty of `span` (`hedges`: its cue-list matches with the vetoes,
    `find_hedges(span, vetoes=True)`, when known; `also`:
    words outside it that bear on it, such as a quote's cue "suspects", read for its level
    and probability but not listed among its cues; `memo`: see `token_scores`, for one
    parse and the default tagger)."""
    if tagger is not None and memo is not None:
        memo = None  # the memo holds the default tagger's probabilities
    tagger = tagger or model()
    hedges = find_hedges(span, vetoes=True) if hedges is None else hedges
    scores = token_scores(span, tagger, hedges, memo)
    cues = _cues(_counted(scores, hedges, tagger.threshold), hedges)
    levels = [c.certainty for c in cues]
    top = max((p for _, p in scores), default=0.0)
    if also:
        extra = token_scores(also, tagger, memo=memo)
        listed = find_hedges(also[0].sent, vetoes=True)
        levels += [c.certainty for c in _cues(_counted(extra, listed, tagger.threshold),
                                              listed)]
        top = max([top] + [p for _, p in extra])
    probability = calibrated(top, tagger)
    certainty = weakest(levels)
    confidence = probability if levels else 1.0 - probability
    return Reading(tuple(cues), certainty, round(probability, 3), round(confidence, 3),
                   tagged_of(scores, tagger.threshold))


def _counted(scores: Scores, hedges: list[Hedge], threshold: float) -> list[SpacyToken]:
    """The words that are cues: at the tagger's threshold, or where the cue list says when
    its cue counts (`Hedge.floor`)."""
    out = []
    for token, p in scores:
        listed = next((h for h in hedges if h.start <= token.idx < h.end), None)
        floor = listed.floor if listed is not None and listed.floor is not None else threshold
        if p >= floor:
            out.append(token)
    return out


def _cues(tokens: list[SpacyToken], hedges: list[Hedge]) -> list[Hedge]:
    """Cue words joined into cues: a cue-list match keeps its whole phrase and level;
    neighbouring learned words make one cue."""
    out: list[Hedge] = []
    for token in tokens:
        listed = next((h for h in hedges if h.start <= token.idx < h.end), None)
        if listed is not None:
            if listed not in out:
                out.append(listed)
            continue
        end = token.idx + len(token.text)
        if out and out[-1].cls == "learned" and token.i > 0 and \
                token.doc[token.i - 1].idx + len(token.doc[token.i - 1].text) >= out[-1].end \
                and token.doc[token.i - 1].idx < out[-1].end:
            out[-1] = Hedge(out[-1].start, end, out[-1].certainty, "learned")  # joined
        else:
            out.append(Hedge(token.idx, end, _level(token), "learned"))
    return sorted(out, key=lambda h: h.start)


def _level(token: SpacyToken) -> str:
    for key in ((token.lower_,), (token.lemma_.lower(),)):
        hit = lexicon().get(key)
        if hit:
            return hit[0]
    return LEARNED_LEVEL
