"""Learned attribution spans: a token tagger for source, cue and content.

Every token of the parse gets one of `LABELS`: `SRC` (the source of an attribution), `CUE`
(its cue: "said", "according to", ":"), `CB` (the first token of a content), `CI` (a
content token after the first), or `O`. The model is a multinomial logistic regression over
named sparse features (`token_features`: word, lemma, tag, dependency, the path of
dependency arcs up to the root with the lemmas on it, neighbours, quotation marks) and the
96 numbers of the parser's contextual token vector (`doc.tensor`), trained on PolNeAR train
by `python -m benchmarks.train_attribution`. Scoring needs numpy only.

`tag_spans` decodes the labels into attributions: a content starts at a `CB` (or at a `CI`
with no open content) and runs over `CI` tokens; a `CI` run after a gap of only cue, source
and punctuation tokens in the same or the next sentence is another stretch of the same
content ("“X,” he said, “Y”"). Its cue is the nearest `CUE` run in its sentences, its source
the nearest `SRC` run to that cue.
"""

from __future__ import annotations

import json
import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError
from ..tokens import PerParse, TokenStrings
from .tagger_features import QUOTE_MARKS, feature_ids
from .tagger_features import token_features as token_features  # training reads it here

if TYPE_CHECKING:
    from spacy.tokens import Doc

LABELS = ("O", "SRC", "CUE", "CB", "CI")
MODEL_NAME = "attribution_tagger"


@dataclass(frozen=True)
class TaggerModel:
    """Multinomial logistic regression over sparse named features and the token vector."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    sparse: np.ndarray  # (features, labels)
    dense: np.ndarray  # (tensor width, labels), already divided by the tensor's scale
    bias: np.ndarray  # (labels,)
    transitions: np.ndarray  # (labels, labels): log P(next label | label), space tokens skipped
    about: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, doc: Doc, features: list[list[str]] | None = None) -> np.ndarray:
        """(tokens, labels) probabilities (softmax); the features are `token_features`
        (given as names, or else read as ids)."""
        if features is None:
            owners, known = feature_ids(doc, self.vocab)
        else:
            flat = list(chain.from_iterable(features))
            known = np.fromiter(map(self.vocab.get, flat, repeat(-1)), dtype=np.intp,
                                count=len(flat))
            owners = np.repeat(np.arange(len(features)), [len(names) for names in features])
            owners, known = owners[known >= 0], known[known >= 0]
        z = np.zeros((len(doc), len(self.labels)))
        if len(known):  # each token's weights summed in the order of its features
            for label, weights in enumerate(self.by_label):
                z[:, label] = np.bincount(owners, weights=weights.take(known),
                                          minlength=len(doc))
        tensor = getattr(doc, "tensor", None)
        if tensor is not None and tensor.shape == (len(doc), self.dense.shape[0]):
            z += tensor @ self.dense
        z += self.bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    @cached_property
    def by_label(self) -> np.ndarray:
        """`sparse` label by label: (labels, features), each label's weights in a row."""
        return np.ascontiguousarray(self.sparse.T)

    def to_json(self) -> str:
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return json.dumps({
            "about": self.about, "labels": list(self.labels),
            "bias": [round(float(b), 5) for b in self.bias],
            "dense": [[round(float(w), 5) for w in row] for row in self.dense],
            "transitions": [[round(float(w), 4) for w in row] for row in self.transitions],
            "sparse": {name: [round(float(w), 4) for w in self.sparse[self.vocab[name]]]
                       for name in names}}, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TaggerModel:
        data = json.loads(text)
        names = list(data["sparse"])
        width = len(data["labels"])
        sparse = np.array([data["sparse"][n] for n in names], dtype=float).reshape(-1, width)
        return cls(labels=tuple(data["labels"]), vocab={n: i for i, n in enumerate(names)},
                   sparse=sparse, dense=np.array(data["dense"], dtype=float),
                   bias=np.array(data["bias"], dtype=float),
                   transitions=np.array(data["transitions"], dtype=float),
                   about=data.get("about", {}))


@cache
def load_tagger(name: str = MODEL_NAME) -> TaggerModel:
    """The shipped tagger (package data; its absence is a broken install)."""
    path = resources.files("sitroom.data").joinpath("models").joinpath(f"{name}.json")
    if not path.is_file():
        raise ModelError(f"sitroom/data/models/{name}.json: not installed with sitroom; "
                         "reinstall the package (or train it: "
                         "python -m benchmarks.train_attribution)")
    from ..cache import cached

    return cached(name, lambda: TaggerModel.from_json(path.read_text(encoding="utf-8")))


@dataclass
class Tagged:
    """One attribution read off the labels: token index ranges [start, end)."""

    parts: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    score: float = 0.0  # mean content probability over the content tokens


def _runs(labels: list[str], wanted: frozenset[str]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i, label in enumerate(labels):
        if label in wanted:
            if out and out[-1][1] == i:
                out[-1] = (out[-1][0], i + 1)
            else:
                out.append((i, i + 1))
    return out


def _bridgeable(doc: Doc, labels: list[str], start: int, end: int) -> bool:
    """Whether the tokens [start, end) between two content runs are only cue, source,
    punctuation and space, spanning at most one sentence break."""
    breaks = sum(1 for i in range(start, end + 1) if i < len(doc) and doc[i].is_sent_start
                 and i > start)
    return breaks <= 1 and all(labels[i] in ("CUE", "SRC") or doc[i].is_punct
                               or doc[i].is_space for i in range(start, end))


def _contents(doc: Doc, labels: list[str]) -> list[list[tuple[int, int]]]:
    """Content stretches grouped into attributions."""
    groups: list[list[tuple[int, int]]] = []
    start = None
    for i, label in enumerate(labels + ["O"]):
        inside = label == "CI" or label == "CB"
        if start is not None and (not inside or label == "CB"):
            run = (start, i)
            gap_ok = bool(groups) and labels[start] == "CI" \
                and _bridgeable(doc, labels, groups[-1][-1][1], start)
            if gap_ok:
                groups[-1].append(run)
            else:
                groups.append([run])
            start = None
        if inside and start is None:
            start = i
    return groups


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the space and the punctuation (other than quotation marks) at
    its edges."""
    strings = TokenStrings.of(doc)
    word, lower = strings.word, strings.lower  # a word None is punctuation or space
    while start < end and word[start] is None and (strings.space[start]
                                                   or lower[start] not in QUOTE_MARKS):
        start += 1
    while end > start and word[end - 1] is None and (strings.space[end - 1]
                                                     or lower[end - 1] not in QUOTE_MARKS):
        end -= 1
    return start, end


def _nearest(runs: list[tuple[int, int]], at: tuple[int, int],
             lo: int, hi: int) -> tuple[int, int] | None:
    inside = [r for r in runs if lo <= r[0] and r[1] <= hi]
    if not inside:
        return None
    return min(inside, key=lambda r: min(abs(r[0] - at[1]), abs(at[0] - r[1])))


def viterbi(doc: Doc, probabilities: np.ndarray, transitions: np.ndarray,
            weight: float = 1.0) -> list[str]:
    """The best label sequence over the tokens that are not space (those are `O`): the sum
    of the tokens' log probabilities and `weight` times the label transitions' log
    probabilities."""
    from spacy.attrs import IS_SPACE

    labels = ["O"] * len(doc)
    # the tokens that are not space, read as a column (not as a Token object each)
    order = np.flatnonzero(doc.to_array(IS_SPACE) == 0).tolist() if len(doc) else []
    if not order:
        return labels
    emit = np.log(np.clip(probabilities[order], 1e-9, 1.0)).tolist()
    into = (weight * transitions).T.tolist()  # into[j][i]: the move from label i to j
    # in plain floats (the same sums and maxima as numpy's, the first of equal maxima
    # taken as its argmax does): numpy's cost per call is most of a step over 5 labels
    score, back = (_steps_of_five if len(into) == 5 else _steps)(emit, into)
    best = score.index(max(score))
    for k in range(len(order) - 1, -1, -1):
        labels[order[k]] = LABELS[best]
        best = back[k][best]
    return labels


Steps = tuple[list[float], list[list[int]]]


def _steps(emit: list[list[float]], into: list[list[float]]) -> Steps:
    """Viterbi's forward pass: the last scores, and at each token the label each label was
    best reached from (the first of equal sums)."""
    score, back = emit[0], [[0] * len(into)]
    for row in emit[1:]:
        new, came = [], []
        for column, here in zip(into, row, strict=True):
            best, at = score[0] + column[0], 0
            for i in range(1, len(column)):
                total = score[i] + column[i]
                if total > best:
                    best, at = total, i
            new.append(best + here)
            came.append(at)
        score = new
        back.append(came)
    return score, back


def _steps_of_five(emit: list[list[float]], into: list[list[float]]) -> Steps:
    """`_steps` for five labels (the shipped tagger's), written out: the same sums and
    comparisons in the same order, without the inner loop's cost."""
    score, back = emit[0], [[0] * 5]
    columns = [(c[0], c[1], c[2], c[3], c[4]) for c in into]
    for row in emit[1:]:
        s0, s1, s2, s3, s4 = score
        new, came = [], []
        for (c0, c1, c2, c3, c4), here in zip(columns, row, strict=True):
            best, at = s0 + c0, 0
            total = s1 + c1
            if total > best:
                best, at = total, 1
            total = s2 + c2
            if total > best:
                best, at = total, 2
            total = s3 + c3
            if total > best:
                best, at = total, 3
            total = s4 + c4
            if total > best:
                best, at = total, 4
            new.append(best + here)
            came.append(at)
        score = new
        back.append(came)
    return score, back


def tag_spans(doc: Doc, probabilities: np.ndarray, transitions: np.ndarray | None = None,
              weight: float = 1.0) -> list[Tagged]:
    """The attributions the labels describe: the best sequence under `transitions` (the
    shipped model's when not given), or each token's most likely label with `weight` 0."""
    if transitions is None:
        transitions = load_tagger().transitions
    labels = viterbi(doc, probabilities, transitions, weight) if weight else \
        [LABELS[k] for k in probabilities.argmax(axis=1)]
    cues, sources = _runs(labels, frozenset({"CUE"})), _runs(labels, frozenset({"SRC"}))
    content_p = probabilities[:, 3] + probabilities[:, 4]
    out = []
    for group in _contents(doc, labels):
        parts = [p for p in (_trim(doc, s, e) for s, e in group) if p[1] > p[0]]
        if not parts:
            continue
        first, last = doc[parts[0][0]], doc[parts[-1][1] - 1]
        lo, hi = first.sent.start, last.sent.end
        # the cue may sit in the sentence before a content that opens its own sentence
        if lo > 0:
            lo = doc[lo - 1].sent.start
        span = (parts[0][0], parts[-1][1])
        cue = _nearest(cues, span, lo, hi)
        source = _nearest(sources, cue or span, lo, hi)
        score = float(np.mean([content_p[i] for s, e in parts for i in range(s, e)]))
        out.append(Tagged(parts, cue, source, score))
    return out


# Relations by which a cue word's content hangs from it ("said [that …]", "called on [X to …]",
# "warned of [a recession]", "according to [X], …" is handled by the sentence candidates).
CONTENT_ARCS = frozenset({"ccomp", "xcomp", "dobj", "advcl", "prep", "pobj", "attr", "oprd",
                          "acomp", "parataxis", "conj", "relcl", "acl", "dative", "npadvmod"})


def _clip(doc: Doc, start: int, end: int, avoid: tuple[int, int]) -> tuple[int, int]:
    """[start, end) trimmed of edge punctuation and space, and cut short of `avoid` (the cue
    and source) where it would run into it."""
    if start < avoid[0] < end:
        end = avoid[0] if avoid[0] - start >= end - avoid[1] else end
        start = avoid[1] if end > avoid[1] and start < avoid[1] else start
    return _trim(doc, start, end)


def content_candidates(doc: Doc, cue: tuple[int, int],
                       source: tuple[int, int] | None) -> set[tuple[tuple[int, int], ...]]:
    """The spans a content of the cue [start, end) may take: the subtrees hanging from the
    cue words, the rest of the sentence after or before the cue (and source), and the
    quoted stretch the sentence holds or the paragraph goes on with."""
    words = doc[cue[0]:cue[1]]
    sent = words[0].sent
    taken = (min(cue[0], source[0]) if source else cue[0],
             max(cue[1], source[1]) if source else cue[1])
    out: set[tuple[int, int]] = set()
    for word in words:
        for child in word.children:
            if child.dep_ in CONTENT_ARCS and not cue[0] <= child.i < cue[1]:
                out.add(_clip(doc, child.left_edge.i, child.right_edge.i + 1, taken))
        if word.dep_ in ("parataxis", "ccomp", "advcl") and word.head.i not in range(*cue):
            head = word.head
            out.add(_clip(doc, head.left_edge.i, word.left_edge.i, taken))
    after = _clip(doc, taken[1], sent.end, taken)
    before = _clip(doc, sent.start, taken[0], taken)
    out.update((after, before, _clip(doc, sent.start, sent.end, taken)))
    end = sent.end
    while end < len(doc) and "\n" not in doc[end - 1].text and "\n" not in doc[end].text \
            and end - sent.end < 200:
        end = doc[end].sent.end
    if end > sent.end:
        out.add(_clip(doc, taken[1], end, taken))
        if before[1] > before[0]:  # “X,” he said. “Y …”
            out.add(_clip(doc, sent.end, end, taken))
    spans: set[tuple[tuple[int, int], ...]] = {(c,) for c in out if c[1] > c[0]}
    if before[1] > before[0] and after[1] > after[0]:  # “X,” he said, “Y”
        spans.add((before, after))
    if before[1] > before[0] and end > sent.end:
        spans.add((before, _clip(doc, sent.end, end, taken)))
    return spans


def content_log_odds(probabilities: np.ndarray) -> np.ndarray:
    """Each token's log odds of being content (CB or CI)."""
    p = np.clip(probabilities[:, 3] + probabilities[:, 4], 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _read_counted(doc: Doc) -> list[bool]:
    from spacy.attrs import IS_PUNCT, IS_SPACE

    return [not (space or punct) for space, punct in doc.to_array([IS_SPACE, IS_PUNCT]).tolist()]


# whether each token is neither space nor punctuation, read once per parse
_counted_words: PerParse[list[bool]] = PerParse(_read_counted)


def best_content(doc: Doc, odds: np.ndarray | list[float], cue: tuple[int, int],
                 source: tuple[int, int] | None,
                 extra: tuple[tuple[int, int], ...] = ()) -> tuple[tuple[int, int], ...] | None:
    """Of the cue's `content_candidates` (and `extra`), the one whose tokens (not space or
    punctuation) have the largest sum of content log odds (`odds`, or the same as a list);
    None when no sum is positive."""
    best, best_score = None, 0.0
    candidates = content_candidates(doc, cue, source)
    if extra:
        candidates.add(extra)
    weighed = _weighed(doc, odds)
    for parts in candidates:
        score = sum(weighed[parts[0][0]:parts[0][1]]) if len(parts) == 1 else \
            sum(chain.from_iterable(weighed[s:e] for s, e in parts))
        if score > best_score:
            best, best_score = parts, score
    return best


_WEIGHED: weakref.WeakKeyDictionary[Doc, tuple[Any, list[float]]] = \
    weakref.WeakKeyDictionary()


def _weighed(doc: Doc, odds: np.ndarray | list[float]) -> list[float]:
    """`odds` as floats, 0.0 for space and punctuation, made once for a parse and its
    odds: a slice's sum is the sum of the counted words' odds in the same order (adding
    0.0 leaves a sum as it was)."""
    kept = _WEIGHED.get(doc)
    if kept is None or kept[0] is not odds:
        values = odds.tolist() if isinstance(odds, np.ndarray) else odds
        kept = _WEIGHED[doc] = (odds, [v if c else 0.0 for v, c in
                                       zip(values, _counted_words(doc), strict=True)])
    return kept[1]


def syntactic_spans(doc: Doc, probabilities: np.ndarray, transitions: np.ndarray | None = None,
                    weight: float = 1.0) -> list[Tagged]:
    """Attributions read from the cue runs of the labels, each content chosen among its
    cue's syntactic `content_candidates` by the tagger's content probabilities (the
    contents the labels give are often broken or run on; the parse's constituents are
    what attributions usually take). Of two overlapping contents the likelier is kept."""
    if transitions is None:
        transitions = load_tagger().transitions
    labels = viterbi(doc, probabilities, transitions, weight)
    odds = content_log_odds(probabilities).tolist()  # as floats once, not once per cue
    content_p = probabilities[:, 3] + probabilities[:, 4]
    sources = _runs(labels, frozenset({"SRC"}))
    starts = [run[0] for run in sources]  # in order: the sentence's runs found by bisection
    found = []
    for cue in _runs(labels, frozenset({"CUE"})):
        sent = doc[cue[0]].sent
        near = sources[bisect_left(starts, sent.start):bisect_right(starts, sent.end)]
        source = _nearest(near, cue, sent.start, sent.end)
        parts = best_content(doc, odds, cue, source)
        if parts is None:
            continue
        score = float(np.mean(np.concatenate([content_p[s:e] for s, e in parts])))
        found.append(Tagged(list(parts), cue, source, score))
    kept: list[Tagged] = []
    taken = np.zeros(len(doc) + 1, dtype=bool)  # tokens a kept content holds
    for item in sorted(found, key=lambda t: -t.score):
        if not any(taken[s:e].any() for s, e in item.parts):
            kept.append(item)
            for s, e in item.parts:
                taken[s:e] = True
    return sorted(kept, key=lambda t: t.parts[0])
