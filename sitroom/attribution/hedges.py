"""Hedge cues and the certainty they leave a statement with.

The cue list is our own data (`sitroom/data/hedges.tsv`): modal verbs and adverbs,
evidentials ("appears", "suggests"), belief verbs, reporting hedges ("reportedly",
"allegedly") and doubt words. A few readings are not hedges and are ruled out here:
"may" the month, modal words that are not modals, "appeared in the film", nouns spelled like
belief verbs. Attribution itself ("said", "according to") is the quotes extractor's business:
a reported statement is not for that reason an uncertain one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

ORDER = {"certain": 0, "probable": 1, "possible": 2, "doubtful": 3}


@dataclass(frozen=True)
class Hedge:
    start: int  # character offsets
    end: int
    certainty: str
    cls: str


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, ...], tuple[str, str]]:
    text = resources.files("sitroom.data").joinpath("hedges.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, certainty, cls = line.split("\t")[:3]
            out[tuple(phrase.split())] = (certainty, cls)
    return out


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(k) for k in lexicon())


def find_hedges(span: SpacySpan) -> list[Hedge]:
    """Hedge cues inside a sentence or clause, longest match first."""
    words = [t.lower_ for t in span]
    table = lexicon()
    out: list[Hedge] = []
    i = 0
    while i < len(span):
        for length in range(min(_longest(), len(span) - i), 0, -1):
            hit = table.get(tuple(words[i:i + length]))
            if hit and _is_hedge(span, i, length):
                first, last = span[i], span[i + length - 1]
                out.append(Hedge(first.idx, last.idx + len(last.text), *hit))
                i += length
                break
        else:
            i += 1
    return out


def _is_hedge(span: SpacySpan, i: int, length: int) -> bool:
    token = span[i]
    lower = token.lower_
    if lower == "may" and (token.is_title and token.pos_ == "PROPN" or token.ent_type_ == "DATE"):
        return False  # the month
    if lower in ("can", "could", "may", "might", "would", "should") and token.tag_ != "MD":
        return False
    if lower in ("appear", "appears", "appeared", "seem", "seems", "seemed") and not any(
            c.dep_ in ("xcomp", "ccomp", "acomp", "attr") for c in token.children):
        return False  # "appeared in the film" shows something; "appeared to be" hedges
    if lower in ("expected", "considered", "regarded", "estimated") and \
            token.tag_ not in ("VBN", "VBD", "JJ"):
        return False
    if lower in ("believe", "believes", "think", "thinks", "expect", "expects", "suspect",
                 "suspects") and token.pos_ != "VERB":
        return False
    if lower in ("potential", "possible") and token.dep_ not in ("amod", "acomp", "attr"):
        return False
    if lower in ("likely", "unlikely", "probable", "doubtful", "questionable") and \
            token.dep_ == "amod":
        return False  # "an unlikely alliance" is a surprising one, not an uncertain one
    return True


def certainty_of(hedges: list[Hedge]) -> str:
    """The weakest certainty any cue leaves (no cue: certain)."""
    level = "certain"
    for hedge in hedges:
        if ORDER[hedge.certainty] > ORDER[level]:
            level = hedge.certainty
    return level
