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
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from ..tokens import TokenStrings
from .hedges import Hedge, Tagged, counting, find_hedges, lexicon, weakest
from .linear import Features, LinearModel, load_model
from .tagger_features import Column, Columns, Parts, by_parent

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
                       pair_weights(lemma, self.tag, at, weights, "lt:"),
                       self.dep.weights(weights, "d:"),
                       pair_weights(lemma, self.dep, at, weights, "ld:"),
                       pair_weights(lemma, lemma, self.head, weights, "lh:"),
                       prev.weights(weights, "p:"), after.weights(weights, "n:"),
                       pair_weights(lemma, after, at, weights, "ln:"),
                       pair_weights(prev, lemma, at, weights, "pl:")):
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
        with_lemma = pair_weights(Column(self.lemma.names, self.lemma.codes[parents]),
                                  Column(self.dep.names, dep), np.arange(len(kids)), weights,
                                  "lc:")
        for rank in range(int(place.max()) + 1):
            taken = once & (place == rank)  # at most one child of a word at each rank
            total[parents[taken]] += own[taken]
            total[parents[taken]] += with_lemma[taken]


def pair_weights(first: Column, second: Column, at: np.ndarray, table: dict[str, float],
                 prefix: str) -> np.ndarray:
    """`first.paired(second, at, "|").weights(table, prefix)`: each word's weight of
    `prefix` + its value + "|" + `second`'s value at word `at[i]`, looked up by the two
    values (`Pairs`) without making the name, only for the pairs whose two values both
    stand on their side of "|" in some name of `table`."""
    pairs = Pairs.of(Parts.of(table, ":").part(prefix))
    left = np.fromiter(map(pairs.by_first.__contains__, first.names), dtype=bool,
                       count=len(first.names))
    right = np.fromiter(map(pairs.seconds.__contains__, second.names), dtype=bool,
                        count=len(second.names))
    other = second.codes[at]
    keep = np.flatnonzero(left[first.codes] & right[other])
    out = np.zeros(len(first.codes), dtype=np.float64)
    if len(keep):
        width = len(second.names)
        distinct, inverse = np.unique(first.codes[keep].astype(np.int64) * width + other[keep],
                                      return_inverse=True)
        rows = map(pairs.by_first.__getitem__, map(first.names.__getitem__,
                                                    (distinct // width).tolist()))
        values = map(dict.get, rows, map(second.names.__getitem__, (distinct % width).tolist()),
                     repeat(0.0))
        out[keep] = np.fromiter(values, dtype=np.float64, count=len(distinct))[
            inverse.reshape(-1)]
    return out


@dataclass(frozen=True)
class Pairs:
    """A table of pair weights ("a|b" → weight: the names of one prefix) by a, then b:
    every way each name splits at a "|" (a value may hold one) gives the name's weight."""

    table: dict[str, float]
    by_first: dict[str, dict[str, float]]
    seconds: frozenset[str]

    _made: ClassVar[dict[int, Pairs]] = {}

    @classmethod
    def of(cls, table: dict[str, float]) -> Pairs:
        """The pairs of `table`, made once while it lives."""
        made = cls._made.get(id(table))
        if made is None or made.table is not table:
            by_first: dict[str, dict[str, float]] = {}
            for name, weight in table.items():
                cut = name.find("|")
                while cut >= 0:
                    by_first.setdefault(name[:cut], {})[name[cut + 1:]] = weight
                    cut = name.find("|", cut + 1)
            if len(cls._made) >= 32:
                cls._made.clear()
            made = cls._made[id(table)] = cls(table, by_first, frozenset(
                second for row in by_first.values() for second in row))
        return made


def listed_cues(span: SpacySpan, hedges: list[Hedge] | None = None) -> dict[int, Hedge]:
    """The cue-list match covering each token index of `span` (the last one of `hedges`
    where two cover it), in token order."""
    hedges = counting(find_hedges(span) if hedges is None else hedges)
    if not hedges:
        return {}
    idx, out = TokenStrings.of(span.doc).idx, {}
    for hedge in hedges:  # the words a match covers, by their offsets (in text order)
        first = bisect_left(idx, hedge.start, span.start, span.end)
        for i in range(first, bisect_left(idx, hedge.end, first, span.end)):
            out[i] = hedge
    return dict(sorted(out.items()))


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
# Each candidate word's token index and probability: what `read` works with (a `Token` is
# made only for what `token_scores` returns).
Indexed = list[tuple[int, float]]


class Memo:
    """What the cue tagger has worked out of one parse: its words (`Words`, read on first
    use), each candidate word's probability without a cue-list match (`plain`, worked out
    for every word at once), with one by the word's index and the match's class and level,
    and each sentence's cue-list matches."""

    def __init__(self) -> None:
        self.scores: dict[tuple[int, str, str], float] = {}
        self._words: Words | None = None
        self._sums: list[float] | None = None
        self._plain: list[float | None] | None = None
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

    def plain(self, doc: Doc, tagger: LinearModel) -> list[float | None]:
        """Each word's probability of being a cue under `tagger` without a cue-list match
        over it; None for a word that is no candidate."""
        if self._plain is None:
            score = tagger.probability_of_sum
            self._plain = [score(total) if keep else None for total, keep in zip(
                self.sums(doc, tagger), self.words(doc).candidate, strict=True)]
        return self._plain


def token_scores(span: SpacySpan | Sequence[SpacyToken], tagger: LinearModel,
                 hedges: list[Hedge] | None = None, memo: Memo | None = None) -> Scores:
    """Each candidate word of `span` (a span, or words of one sentence) with its
    probability of being a cue (`memo`: what is known of this parse and `tagger` so far,
    kept up to date)."""
    if not len(span):
        return []
    doc = span[0].doc
    return [(doc[i], p) for i, p in _indexed_scores(span, tagger, hedges, memo)]


def _indexed_scores(span: SpacySpan | Sequence[SpacyToken], tagger: LinearModel,
                    hedges: list[Hedge] | None, memo: Memo | None) -> Indexed:
    """`token_scores` by token index."""
    if not len(span):
        return []
    listed = listed_cues(span[0].sent if isinstance(span, Sequence) else span, hedges)
    if memo is not None and not tagger.about.get("tensor"):
        return _known_scores(span, tagger, listed, memo)
    tensor = bool(tagger.about.get("tensor"))
    return [(t.i, tagger.probability(token_features(t, listed, tensor)))
            for t in span if candidate(t)]


def _known_scores(span: SpacySpan | Sequence[SpacyToken], tagger: LinearModel,
                  listed: dict[int, Hedge], memo: Memo) -> Indexed:
    """`token_scores` from the parse's `Words`, each word scored once per cue-list match."""
    doc = span[0].doc
    plain = memo.plain(doc, tagger)
    if not isinstance(span, Sequence):
        start = span.start
        if not listed:
            return [(i, p) for i, p in enumerate(plain[start:span.end], start) if p is not None]
        indices: Sequence[int] = range(start, span.end)
    else:
        indices = [t.i for t in span]
    out = []
    for i in indices:
        p = plain[i]
        if p is None:
            continue
        hit = listed.get(i)
        if hit is not None:
            p = _listed_score(i, hit, tagger, memo, memo.sums(doc, tagger))
        out.append((i, p))
    return out


def _listed_score(i: int, hit: Hedge, tagger: LinearModel, memo: Memo,
                  sums: list[float]) -> float:
    """Word `i`'s probability of being a cue with the cue-list match `hit` over it."""
    key = (i, hit.cls, hit.certainty)
    p = memo.scores.get(key)
    if p is None:
        get = tagger.weights.get
        p = memo.scores[key] = tagger.probability_of_sum(
            sums[i] + get("lex", 0.0) + get("lex:" + hit.cls, 0.0) + get(
                "lexl:" + hit.certainty, 0.0))
    return p


def tagged_of(scores: Scores, threshold: float) -> Tagged:
    return Tagged(round(max((p for _, p in scores), default=0.0), 4),
                  tuple((t.idx, t.idx + len(t.text), t.lemma_.lower())
                        for t, p in scores if p >= threshold))


def _tagged(top: float, over: list[int], strings: TokenStrings) -> Tagged:
    """`tagged_of` of scores whose highest is `top` and whose words at the threshold are
    `over` (token indices)."""
    idx, end, lemma = strings.idx, strings.end, strings.lemma
    return Tagged(round(top, 4), tuple((idx[i], end[i], lemma[i]) for i in over))


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
    strings = TokenStrings.of(span.doc)
    hedges = find_hedges(span, vetoes=True) if hedges is None else hedges
    scores = _indexed_scores(span, tagger, hedges, memo)
    threshold = tagger.threshold
    over = [i for i, p in scores if p >= threshold]
    cues = _cues(_counted(scores, hedges, threshold, strings) if hedges else over, hedges,
                 strings)
    levels = [c.certainty for c in cues]
    top = first_top = max(map(itemgetter(1), scores), default=0.0)
    if also:
        sent = also[0].sent
        listed = find_hedges(sent, vetoes=True) if memo is None else memo.hedges(sent)
        extra = _indexed_scores(also, tagger, listed, memo)
        levels += [c.certainty for c in _cues(_counted(extra, listed, tagger.threshold,
                                                       strings), listed, strings)]
        top = max([top] + [p for _, p in extra])
    probability = calibrated(top, tagger)
    certainty = weakest(levels)
    confidence = probability if levels else 1.0 - probability
    return Reading(tuple(cues), certainty, round(probability, 3), round(confidence, 3),
                   _tagged(first_top, over, strings))


def _covering(hedges: list[Hedge], at: int) -> Hedge | None:
    """The first of `hedges` that covers the character at `at`."""
    return next((h for h in hedges if h.start <= at < h.end), None)


def _counted(scores: Indexed, hedges: list[Hedge], threshold: float,
             strings: TokenStrings) -> list[int]:
    """The words that are cues: at the tagger's threshold, or where the cue list says when
    its cue counts (`Hedge.floor`)."""
    if not hedges:
        return [i for i, p in scores if p >= threshold]
    idx = strings.idx
    cover: dict[int, Hedge] = {}
    for hedge in hedges:  # each word's first match (by its offset), found by bisection
        first = bisect_left(idx, hedge.start)
        for i in range(first, bisect_left(idx, hedge.end, first)):
            cover.setdefault(i, hedge)
    out = []
    for i, p in scores:
        listed = cover.get(i)
        floor = listed.floor if listed is not None and listed.floor is not None else threshold
        if p >= floor:
            out.append(i)
    return out


def _cues(indices: list[int], hedges: list[Hedge], strings: TokenStrings) -> list[Hedge]:
    """Cue words (token indices) joined into cues: a cue-list match keeps its whole phrase
    and level; neighbouring learned words make one cue."""
    out: list[Hedge] = []
    idx, end = strings.idx, strings.end
    for i in indices:
        listed = _covering(hedges, idx[i])
        if listed is not None:
            if listed not in out:
                out.append(listed)
            continue
        if out and out[-1].cls == "learned" and i > 0 and end[i - 1] >= out[-1].end \
                and idx[i - 1] < out[-1].end:
            out[-1] = Hedge(out[-1].start, end[i], out[-1].certainty, "learned")  # joined
        else:
            out.append(Hedge(idx[i], end[i], _level(strings.lower[i], strings.lemma[i]),
                             "learned"))
    return sorted(out, key=lambda h: h.start)


def _level(lower: str, lemma: str) -> str:
    """The level the cue list gives a learned cue word (its form, else its lower-cased
    lemma), else `LEARNED_LEVEL`."""
    for key in ((lower,), (lemma,)):
        hit = lexicon().get(key)
        if hit:
            return hit[0]
    return LEARNED_LEVEL
