"""The dependency tree of one parse as index lists (`Tree`), made once per parse.

spaCy makes a new `Token` at each step of a walk over `token.children`, and a new string at
each read of `dep_` or `lower_`. The event stages walk the children of many words that they
then drop (most verbs and nouns code no event); they walk these lists, with the strings of
`TokenStrings`, and make a `Token` only of the words they keep.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..tokens import PerParse, TokenStrings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Tree:
    """Each token's children (`kids`, in `token.children`' order) and the bounds of its
    sentence (what `token.sent.start` and `token.sent.end` give), with the parse's
    `TokenStrings`. The children lie in one list, by head (a list per token would be a
    thousand more objects per article for the garbage collector to go over)."""

    strings: TokenStrings
    order: list[int]  # the tokens that have a head, by head, each head's in order
    first: list[int]  # where token i's children start in `order` (and i + 1's end)
    sent_start: list[int]
    sent_end: list[int]
    alpha: list[bool]  # `is_alpha`
    lowercase: list[bool]  # `is_lower`
    title: list[bool]  # `is_title`
    number: list[bool]  # `like_num`
    punct: list[bool]  # `is_punct`
    end_char: list[int]  # where the token's text ends
    reach: list[int]  # … and its trailing whitespace
    ent: list[str]  # `ent_type_`

    @classmethod
    def of(cls, doc: Doc) -> Tree:
        return _TREES(doc)

    @classmethod
    def read(cls, doc: Doc) -> Tree:
        from spacy import attrs

        strings = TokenStrings.of(doc)
        n = len(strings.head)
        head = np.array(strings.head, dtype=np.intp)
        at = np.arange(n, dtype=np.intp)
        led = at[head != at]
        order = led[np.argsort(head[led], kind="stable")]
        first = np.searchsorted(head[order], np.arange(n + 1))
        array = doc.to_array([attrs.IS_ALPHA, attrs.IS_LOWER, attrs.IS_TITLE, attrs.LIKE_NUM,
                              attrs.IS_PUNCT, attrs.IDX, attrs.LENGTH, attrs.SPACY,
                              attrs.SENT_START]).astype(np.int64).reshape(n, 9)
        alpha, lowercase, title, number, punct = (array[:, k].astype(bool).tolist()
                                                  for k in range(5))
        end_char = array[:, 5] + array[:, 6]
        sent_start, sent_end = _sentences(array[:, 8])
        types = doc.to_array([attrs.ENT_TYPE]).reshape(n)
        distinct, codes = np.unique(types, return_inverse=True)
        names = [doc.vocab.strings[h] for h in distinct.tolist()]
        return cls(strings, order.tolist(), first.tolist(), sent_start, sent_end, alpha,
                   lowercase, title, number, punct, end_char.tolist(),
                   (end_char + array[:, 7]).tolist(),
                   list(map(names.__getitem__, codes.reshape(n).tolist())))

    def kids(self, i: int) -> list[int]:
        """The children of token `i`, in order."""
        return self.order[self.first[i]:self.first[i + 1]]

    def char_span(self, start: int, end: int) -> range | None:
        """The tokens `doc.char_span(start, end, alignment_mode="expand")` covers (None
        where it gives None): from the token at character `start` (the next one where
        `start` is in its trailing whitespace) to the token at character `end - 1`."""
        first, last = self._token_at(start), self._token_at(end - 1)
        if first < 0 or last < 0:
            return None
        if start == self.end_char[first]:
            first += 1
        return range(first, last + 1)

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing whitespace holds character `char`, else -1."""
        i = bisect_right(self.strings.idx, char) - 1
        return i if i >= 0 and char < self.reach[i] else -1

    def conjuncts(self, i: int) -> list[int]:
        """What `token.conjuncts` gives of token `i`: the tokens coordinated with it, from
        the first of the coordination, breadth first over the right children."""
        dep, head, kids = self.strings.dep, self.strings.head, self.kids
        start = i
        while head[start] != start and dep[start] == "conj":
            start = head[start]
        queue = [start]
        output = [start]
        for word in queue:
            for child in kids(word):
                if child > word and dep[child] == "conj":
                    output.append(child)
                    queue.append(child)
        return [w for w in output if w != i]

    def subtree(self, i: int) -> list[int]:
        """The indices of `token.subtree` of token `i`, in its order: each left child's
        subtree, the token, each right child's subtree."""
        out: list[int] = []
        self._walk(i, out)
        return out

    def _walk(self, i: int, out: list[int]) -> None:
        kids = self.kids(i)
        for child in kids:
            if child < i:
                self._walk(child, out)
        out.append(i)
        for child in kids:
            if child > i:
                self._walk(child, out)


def _sentences(starts: np.ndarray) -> tuple[list[int], list[int]]:
    """Each token's sentence start and end from the parse's SENT_START column (1 where a
    sentence starts; the first token always starts one), as `doc.sents` cuts them."""
    if not len(starts):
        return [], []
    opens = starts == 1
    opens[0] = True
    first = np.flatnonzero(opens)
    number = np.cumsum(opens) - 1
    return first[number].tolist(), np.append(first[1:], len(starts))[number].tolist()


_TREES: PerParse[Tree] = PerParse(Tree.read)
# each parse's entities as (start, end, label): a kept `Span` would keep its `Doc` alive
_ENTS: PerParse[tuple[tuple[int, int, int], ...]] = PerParse(
    lambda doc: tuple((e.start, e.end, e.label) for e in doc.ents))


def root_at(doc: Doc, start: int, end: int) -> Token | None:
    """The root of the words `doc.char_span(start, end, alignment_mode="expand")` covers
    (an event's trigger: one word), None where it covers none."""
    found = Tree.of(doc).char_span(start, end)
    if not found:
        return None
    return doc[span_root(doc, found.start, found.stop)]


def span_root(doc: Doc, start: int, end: int) -> int:
    """The index of `doc[start:end].root` (of one word, the word itself)."""
    return start if end - start == 1 else doc[start:end].root.i


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, its bounds read once per parse (spaCy reads every token's entity tags at
    each read of `doc.ents`; the coder's dates and the event places both read them)."""
    from spacy.tokens import Span

    return tuple(Span(doc, start, end, label=label) for start, end, label in _ENTS(doc))


__all__ = ["Tree", "entities", "root_at", "span_root"]
