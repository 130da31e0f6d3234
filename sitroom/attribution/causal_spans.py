"""A learned cause/effect span tagger: which words of a causal sentence are the cause, which
the effect, which the signal.

Each token gets one of four labels (outside, cause, effect, signal) from a multinomial
logistic regression over the token's own features — its lemma, part of speech, dependency
relation and its head's, which branch of the main verb it hangs in, where it lies in the
sentence, whether a signal rule put it in a cause, an effect or a signal — and the 96
contextual values spaCy's tok2vec leaves in `doc.tensor` at no extra cost. The cause is the
contiguous run of tokens whose cause probability, less `RUN_THRESHOLD`, sums highest; so is
the effect; the signal is the likeliest signal word. Trained on the Causal News Corpus
(subtask 2) by `python -m benchmarks.train_causal spans`, scored with numpy.

Not in the default pipeline: on CNC (5-fold) its links beat the rules' spans, but of 51 of its
links checked by hand on allsides-intl political news one was right (docs/models/causal.md),
so no weights ship; `python -m benchmarks.bench_causal --designs` trains and scores it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ModelError
from .causal_tree import Link, _span
from .linear import Features

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

LABELS = ("O", "C", "E", "S")  # outside, cause, effect, signal
TENSOR_WIDTH = 96  # en_core_web_sm's tok2vec width
RUN_THRESHOLD = 0.5


def _top(token: Token) -> Token:
    """The branch of the clause's main verb that a token hangs in (the token itself when it
    is the main verb or hangs on it directly)."""
    while token.head.i != token.i and token.head.head.i != token.head.i and \
            token.dep_ not in ("advcl", "ccomp", "xcomp", "conj", "relcl", "acl"):
        token = token.head
    return token


def _link_marks(token: Token, links: list[Link]) -> list[str]:
    """Where the signal rules put a token: "rc" in a cause, "re" in an effect, "rs" in a
    signal (the first link's) and whether any link does."""
    marks = []
    for name, side in (("rc", 1), ("re", 2), ("rs", 3)):
        inside = [a <= token.idx < b for a, b in (_sides(link)[side - 1] for link in links)]
        if inside[:1] == [True]:
            marks.append(name)
        if any(inside):
            marks.append(name + "*")
    return marks


def _sides(link: Link) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    return link.cause, link.effect, link.signal


def token_features(sent: Span, links: list[Link]) -> list[Features]:
    """What the tagger reads of each token of `sent` besides its tensor row."""
    rows: list[Features] = []
    n = max(len(sent), 1)
    root = sent.root
    for k, token in enumerate(sent):
        top = _top(token)
        previous = sent[k - 1].lemma_.lower() if k else "<s>"
        names = [
            "w:" + token.lemma_.lower(), "p:" + token.pos_, "d:" + token.dep_,
            "hd:" + token.head.dep_, "hp:" + token.head.pos_,
            "pd:" + token.dep_ + "|" + token.head.dep_, "w-1:" + previous,
            "top:" + top.dep_, "side:" + ("before" if token.i < root.i else "after"),
            "at:" + str(min(9, 10 * k // n)), "root:" + str(token.i == root.i),
        ]
        if top.pos_ in ("ADP", "SCONJ", "VERB") and top.i != root.i:
            names.append("topw:" + top.dep_ + ":" + top.lemma_.lower())
        marker = next((c.lower_ for c in top.children if c.dep_ in ("mark", "prep")), None)
        if marker is not None:
            names.append("topm:" + marker)
        names.extend(_link_marks(token, links))
        names.extend("r:" + link.relation for link in links[:1])
        rows.append(dict.fromkeys(names, 1.0))
    return rows


def tensor_rows(sent: Span) -> np.ndarray:
    """The tok2vec rows of the sentence's tokens (zeros where the parse kept none)."""
    tensor = sent.doc.tensor
    if tensor is None or getattr(tensor, "shape", (0, 0)) != (len(sent.doc), TENSOR_WIDTH):
        return np.zeros((len(sent), TENSOR_WIDTH), dtype=np.float32)
    return np.asarray(tensor[sent.start:sent.end], dtype=np.float32)


@dataclass(frozen=True)
class SpanTagger:
    sparse: dict[str, list[float]]  # feature → one weight per label
    dense: np.ndarray  # TENSOR_WIDTH × labels
    bias: np.ndarray
    about: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, sent: Span, links: list[Link]) -> np.ndarray:
        """One row per token of `sent`: the probability of each of LABELS."""
        z = tensor_rows(sent) @ self.dense + self.bias
        for k, features in enumerate(token_features(sent, links)):
            for name in features:
                weights = self.sparse.get(name)
                if weights is not None:
                    z[k] += weights
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> str:
        return json.dumps({
            "about": self.about, "labels": list(LABELS),
            "bias": [round(float(b), 5) for b in self.bias],
            "dense": [[round(float(w), 5) for w in row] for row in self.dense],
            "sparse": {k: [round(w, 5) for w in v] for k, v in sorted(self.sparse.items())},
        }, indent=0, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SpanTagger:
        data = json.loads(text)
        if tuple(data["labels"]) != LABELS:
            raise ModelError(f"causal span tagger: labels {data['labels']}, expected {LABELS}")
        return cls(sparse=data["sparse"], dense=np.asarray(data["dense"], dtype=np.float32),
                   bias=np.asarray(data["bias"], dtype=np.float32), about=data.get("about", {}))


def best_run(scores: np.ndarray, threshold: float = RUN_THRESHOLD) -> tuple[int, int] | None:
    """The contiguous run [i, j) whose scores less `threshold` sum highest (None when no
    score reaches the threshold)."""
    best, best_at = 0.0, None
    total, start = 0.0, 0
    for k, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, k
        total += float(score) - threshold
        if total > best:
            best, best_at = total, (start, k + 1)
    return best_at


def tagged_link(sent: Span, links: list[Link], tagger: SpanTagger,
                confidence: float | None = None) -> Link | None:
    """The cause → effect link the tagger reads in `sent` (None when it finds no cause or no
    effect); the relation is that of a rule link with the same signal, else "cause"."""
    p = tagger.probabilities(sent, links)
    cause_run, effect_run = best_run(p[:, 1]), best_run(p[:, 2])
    if cause_run is None or effect_run is None:
        return None
    tokens = list(sent)
    cause = _span(tokens[cause_run[0]:cause_run[1]])
    effect = _span(tokens[effect_run[0]:effect_run[1]])
    if cause is None or effect is None or not (cause[1] <= effect[0] or effect[1] <= cause[0]):
        return None
    at = int(np.argmax(p[:, 3]))
    signal = (tokens[at].idx, tokens[at].idx + len(tokens[at].text))
    relation = next((link.relation for link in links
                     if link.signal[0] <= signal[0] < link.signal[1]), "cause")
    return Link(relation, cause, effect, signal, (sent.start_char, sent.end_char),
                confidence=confidence, basis="learned")
