"""What every quote shape reads and writes: the `Found` record and the `Context` of one
text (its quotation marks, the cues already taken, the quotes found so far)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...nlp import doc_text
from ...quotation import cue_lexicon, quote_spans
from ...tokens import TokenStrings
from .grammar import CUE_POS, can_speak

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Stretch = tuple[int, int]


@dataclass
class Found:
    kind: str
    content: Stretch
    cue: Stretch | None
    speaker: Stretch | None
    parts: tuple[Stretch, ...] = ()


class Tokens:
    """A parse's tokens by index, each made on first use and kept."""

    def __init__(self, doc: Doc | None) -> None:
        self.doc = doc
        self.made: dict[int, Token] = {}

    def __len__(self) -> int:
        return len(self.doc) if self.doc is not None else 0

    def __getitem__(self, i: int) -> Token:
        token = self.made.get(i)
        if token is None:
            if self.doc is None:
                raise IndexError(i)
            token = self.made[i] = self.doc[i]
        return token


@dataclass
class Context:
    """One parsed text while its quotes are found. `named`: indices of tokens the actors
    stage found a person or body in (a speaker the parser took for a common noun: "Fields
    said …"); `marked`: every quotation; `quoted`: those that are no transcript turn's."""

    doc: Doc
    named: frozenset[int]
    text: str = ""  # doc.text, built once (spaCy joins the tokens on every read)
    marked: list[Stretch] = field(default_factory=list)
    quoted: list[Stretch] = field(default_factory=list)
    inside: set[int] = field(default_factory=set)
    found: list[Found] = field(default_factory=list)
    used_cues: set[int] = field(default_factory=set)
    unclaimed: list[Stretch] = field(default_factory=list)  # no cue or speaker claims them
    taken: list[Stretch] = field(default_factory=list)
    # the parse's tokens, each made once when first asked for (a Doc makes a new Token
    # object on every read; the finders read only cue words and a few others)
    tokens: Tokens = field(default_factory=lambda: Tokens(None))
    cues: list[int] = field(default_factory=list)  # the tokens `is_cue` holds of, in order

    @classmethod
    def of(cls, doc: Doc, named: frozenset[int]) -> Context:
        text = doc_text(doc)
        marked = quote_spans(text)
        inside: set[int] = set()
        for start, end in marked:
            inside.update(range(start, end))
        strings, lexicon = TokenStrings.of(doc), cue_lexicon()
        cues = [i for i, (pos, lemma) in enumerate(zip(strings.pos, strings.lemma, strict=True))
                if pos in CUE_POS and lemma in lexicon]
        return cls(doc, named, text, marked, list(marked), inside, tokens=Tokens(doc), cues=cues)

    def cues_in(self, start: int, end: int) -> list[Token]:
        """The cue tokens (`is_cue`) among tokens [start, end), in order."""
        return [self.tokens[i] for i in self.cues[bisect_left(self.cues, start):
                                                  bisect_left(self.cues, end)]]

    def can_speak(self, token: Token) -> bool:
        return token.i in self.named or can_speak(token)

    def outside(self, token: Token) -> bool:
        """Not inside quotation marks."""
        return token.idx not in self.inside

    def overlapping(self, start: int, end: int) -> list[Stretch]:
        """The quotations that overlap `start:end`."""
        return [(a, b) for a, b in self.quoted if a < end and start < b]

    def cue_span(self, token: Token) -> Stretch:
        return token.idx, token.idx + len(token.text)


def runs(tokens: list[Token]) -> list[list[Token]]:
    """Consecutive stretches of a token list (by index)."""
    out: list[list[Token]] = []
    for token in tokens:
        if out and token.i == out[-1][-1].i + 1:
            out[-1].append(token)
        else:
            out.append([token])
    return out


def embedded(text: str, q_start: int) -> bool:
    """True when a quotation opens in the middle of a sentence, after a word."""
    before = text[:q_start - 1].rstrip("'").rstrip(" \t")  # '' marks are two characters
    if not before or before[-1] in ".!?:\n\"”“—–-(":
        return False
    return not text[q_start:q_start + 1].isupper() or before[-1].isalpha()


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end

