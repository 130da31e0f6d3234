"""Each token's strings of one parse as plain lists (`TokenStrings`), read once per parse.

spaCy makes a new `Token` object at each walk of a `Doc` or `Span`, and a new Python string
at each read of an attribute such as `lemma_`. The stages that test every word of a sentence
against a table (cue words, signals, weasel words, dictionary phrases) test these lists
instead, and make a `Token` only of the words that pass.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from spacy.tokens import Doc

V = TypeVar("V")


class PerParse(Generic[V]):
    """What a stage works out once per parse (`build(doc)`), kept while the parse lives:
    the table is keyed weakly by the `Doc`. A value must not hold the parse (a spaCy `Span`
    or `Token` does), or the parse is never freed."""

    def __init__(self, build: Callable[[Doc], V]) -> None:
        self._build = build
        self._made: weakref.WeakKeyDictionary[Doc, V] = weakref.WeakKeyDictionary()

    def __call__(self, doc: Doc) -> V:
        made = self._made.get(doc)
        if made is None:
            made = self._made[doc] = self._build(doc)
        return made

    def remember(self, doc: Doc, value: V) -> None:
        """Keep `value` for `doc` (one known without building it)."""
        self._made[doc] = value


@dataclass(frozen=True)
class TokenStrings:
    """Each token's strings as plain lists, index by token: what `token.lower_`,
    `token.lemma_.lower()`, `token.tag_`, `token.dep_`, `token.pos_` and `token.head.i`
    give, read once per parse. The stages that test every word of a sentence against a
    table test these, and make a `Token` only of the words that pass (spaCy makes a new
    `Token` object at each walk of a span, and a new string at each attribute read)."""

    lower: list[str]
    lemma: list[str]  # lower-cased
    tag: list[str]
    dep: list[str]
    pos: list[str]
    head: list[int]
    word: list[str | None]  # "#" for a number, else the lemma; None for punctuation, space
    space: list[bool]
    idx: list[int]  # where the token starts in the text
    end: list[int]  # where it ends: `idx` + the length of its text

    @classmethod
    def of(cls, doc: Doc) -> TokenStrings:
        return _STRINGS(doc)

    @classmethod
    def read(cls, doc: Doc) -> TokenStrings:
        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LIKE_NUM, POS

        from .attribution.tagger_features import Column, Columns  # the tagger's, shared

        c = Columns.of(doc)
        if not len(doc):
            return cls([], [], [], [], [], [], [], [], [], [])
        array = doc.to_array([POS, IS_PUNCT, IS_SPACE, LIKE_NUM, IDX, LENGTH])
        lemma = c.lemma.values
        punct, space, number = (array[:, k].astype(bool).tolist() for k in (1, 2, 3))
        word = [None if p or s else "#" if n else w
                for w, p, s, n in zip(lemma, punct, space, number, strict=True)]
        return cls(c.lower.values, lemma, c.tag.values, c.dep.values,
                   Column.of(doc.vocab.strings, array[:, 0]).values, c.head.tolist(), word,
                   space, array[:, 4].tolist(), (array[:, 4] + array[:, 5]).tolist())


_STRINGS: PerParse[TokenStrings] = PerParse(TokenStrings.read)


__all__ = ["PerParse", "TokenStrings"]
