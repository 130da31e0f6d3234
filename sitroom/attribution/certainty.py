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

import numpy as np

from ..tokens import TokenStrings
from .hedges import Hedge, Tagged, counting, find_hedges, lexicon, weakest
from .linear import Features, LinearModel, load_model
from .tagger_features import Column, Columns, by_parent

if TYPE_CHECKING:
    from spacy.tokens import Doc
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
    doc = token.doc
    first = token.is_sent_start  # set on every token of a parse: no need to build its sentence
    features: Features = dict.fromkeys(feature_names(
        token.lower_, token.lemma_.lower(), token.tag_, token.dep_, token.head.lemma_.lower(),
        doc[token.i - 1].lower_ if token.i > 0 else "<s>",
        doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>",
        [child.dep_ for child in token.children],
        first if first is not None else token.i == token.sent.start,
        listed.get(token.i)), 1.0)
    if tensor and doc.tensor is not None and len(doc.tensor):
        for k, value in enumerate(doc.tensor[token.i]):
            features[f"v{k}"] = float(value)
    return features


def feature_names(lower: str, lemma: str, tag: str, dep: str, head: str, prev: str,
                  after: str, kids: list[str], first: bool, hit: Hedge | None) -> list[str]:
    """The names of a word's features, each worth 1.0 (a name may come twice: it counts
    once): its lower-cased form, lemma, tag, dependency, its head's lemma, the words before
    and after it, its children's dependencies, whether it starts its sentence and its
    cue-list match."""
    names = ["w:" + lower, "l:" + lemma, "t:" + tag, "lt:" + lemma + "|" + tag, "d:" + dep,
             "ld:" + lemma + "|" + dep, "lh:" + lemma + "|" + head, "p:" + prev,
             "n:" + after, "ln:" + lemma + "|" + after, "pl:" + prev + "|" + lemma]
    for kid in kids:
        names += ("c:" + kid, "lc:" + lemma + "|" + kid)
    if first:
        names.append("first")
    if hit is not None:
        names += ("lex", "lex:" + hit.cls, "lexl:" + hit.certainty)
    return names


@dataclass(frozen=True)
class Words:
    """What the cue tagger reads of every word of one parse, read once with
    `Doc.to_array` (through `Token` objects it costs more than the scoring)."""

    lower: Column
    lemma: Column  # lower-cased
    tag: Column
    dep: Column
    head: np.ndarray
    first: np.ndarray  # bool: the word starts its sentence
    candidate: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> Words:
        from spacy.attrs import SENT_START

        c = Columns.of(doc)
        starts = doc.to_array(SENT_START).astype(np.int64).tolist() if len(doc) else []
        first = [s == 1 if s else doc[i].sent.start == i for i, s in enumerate(starts)]
        return cls(c.lower, c.lemma, c.tag, c.dep, c.head, np.array(first, dtype=bool),
                   [p not in SKIPPED_POS for p in TokenStrings.of(doc).pos])

    def sums(self, weights: dict[str, float]) -> list[float]:
        """Each word's sum of the weights of its features before the cue-list match ones,
        added in the order of `feature_names`, each name once (the sums `probability`
        makes, to the bit)."""
        lower, lemma, at = self.lower, self.lemma, np.arange(len(self.head))
        prev, after = lower.shifted("<s>", back=True), lower.shifted("</s>", back=False)
        total = lower.weights(weights, "w:")
        for column in (lemma.weights(weights, "l:"), self.tag.weights(weights, "t:"),
                       lemma.paired(self.tag, at, "|").weights(weights, "lt:"),
                       self.dep.weights(weights, "d:"),
                       lemma.paired(self.dep, at, "|").weights(weights, "ld:"),
                       lemma.paired(lemma, self.head, "|").weights(weights, "lh:"),
                       prev.weights(weights, "p:"), after.weights(weights, "n:"),
                       lemma.paired(after, at, "|").weights(weights, "ln:"),
                       prev.paired(lemma, at, "|").weights(weights, "pl:")):
            total += column
        self._add_kids(total, weights)
        total[self.first] += weights.get("first", 0.0)
        return total.tolist()

    def _add_kids(self, total: np.ndarray, weights: dict[str, float]) -> None:
        """Add to `total` each word's "c:" and "lc:" weights, child by child from the
        left, a child whose dependency an earlier child of the word has left out."""
        at = np.arange(len(self.head))
        kids, parents, place = by_parent(self.head, at[self.head != at])
        if not len(kids):
            return
        dep = self.dep.codes[kids]
        _, firsts = np.unique(parents * len(self.dep.names) + dep, return_index=True)
        once = np.zeros(len(kids), dtype=bool)
        once[firsts] = True
        own = self.dep.weights(weights, "c:")[kids]
        with_lemma = Column(self.lemma.names, self.lemma.codes[parents]).paired(
            Column(self.dep.names, dep), np.arange(len(kids)), "|").weights(weights, "lc:")
        for rank in range(int(place.max()) + 1):
            taken = once & (place == rank)  # at most one child of a word at each rank
            total[parents[taken]] += own[taken]
            total[parents[taken]] += with_lemma[taken]


def listed_cues(span: SpacySpan, hedges: list[Hedge] | None = None) -> dict[int, Hedge]:
    """The cue-list match covering each token index of `span`."""
    hedges = counting(find_hedges(span) if hedges is None else hedges)
    out: dict[int, Hedge] = {}
    if not hedges:
        return out
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


class Memo:
    """What the cue tagger has worked out of one parse: its words (`Words`, read on first
    use), each word's probability, by what it depends on: the word's index and the
    cue-list match over it (its class and level), and each sentence's cue-list matches."""

    def __init__(self) -> None:
        self.scores: dict[tuple[int, str | None, str | None], float] = {}
        self._words: Words | None = None
        self._sums: list[float] | None = None
        self._hedges: dict[tuple[int, int], list[Hedge]] = {}

    def hedges(self, sent: SpacySpan) -> list[Hedge]:
        """`find_hedges(sent, vetoes=True)` of a sentence of the parse, found once."""
        found = self._hedges.get((sent.start, sent.end))
        if found is None:
            found = self._hedges[(sent.start, sent.end)] = find_hedges(sent, vetoes=True)
        return found

    def words(self, doc: Doc) -> Words:
        if self._words is None:
            self._words = Words.of(doc)
        return self._words

    def sums(self, doc: Doc, tagger: LinearModel) -> list[float]:
        """`Words.sums` under `tagger` (the one tagger a memo serves)."""
        if self._sums is None:
            self._sums = self.words(doc).sums(tagger.weights)
        return self._sums


def token_scores(span: SpacySpan | Sequence[SpacyToken], tagger: LinearModel,
                 hedges: list[Hedge] | None = None, memo: Memo | None = None) -> Scores:
    """Each candidate word of `span` (a span, or words of one sentence) with its
    probability of being a cue (`memo`: what is known of this parse and `tagger` so far,
    kept up to date)."""
    if not len(span):
        return []
    listed = listed_cues(span[0].sent if isinstance(span, Sequence) else span, hedges)
    if memo is not None and not tagger.about.get("tensor"):
        return _known_scores(span, tagger, listed, memo)
    tensor = bool(tagger.about.get("tensor"))
    out = []
    for t in span:
        if candidate(t):
            out.append((t, tagger.probability(token_features(t, listed, tensor))))
    return out


def _known_scores(span: SpacySpan | Sequence[SpacyToken], tagger: LinearModel,
                  listed: dict[int, Hedge], memo: Memo) -> Scores:
    """`token_scores` from the parse's `Words`, each word scored once per cue-list match."""
    doc = span[0].doc
    words, known, get = memo.words(doc), memo.scores, tagger.weights.get
    sums = memo.sums(doc, tagger)
    indices = range(span.start, span.end) if not isinstance(span, Sequence) else \
        [t.i for t in span]
    out = []
    for i in indices:
        if words.candidate[i]:
            hit = listed.get(i)
            key = (i, None, None) if hit is None else (i, hit.cls, hit.certainty)
            p = known.get(key)
            if p is None:
                total = sums[i] if hit is None else sums[i] + get("lex", 0.0) + get(
                    "lex:" + hit.cls, 0.0) + get("lexl:" + hit.certainty, 0.0)
                p = known[key] = tagger.probability_of_sum(total)
            out.append((doc[i], p))
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
        sent = also[0].sent
        listed = find_hedges(sent, vetoes=True) if memo is None else memo.hedges(sent)
        extra = token_scores(also, tagger, listed, memo)
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
