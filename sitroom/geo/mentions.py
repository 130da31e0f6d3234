"""Place names in a parsed article: where they are, what kind of place the words around them
say they are ("the province of Kunduz", "the town of Kobani") and which word a place
preposition attaches them to ("attacked … in Kunduz": `attacked`).

A name is a candidate when spaCy tags it GPE or LOC, or when it is a proper noun that a place
preposition introduces (the small English model tags "near Aleppo" LANGUAGE and "KABUL" ORG).
The rule words are rows of `data/place_words.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..actors.gazetteer import fold
from ..events.tree import Tree, entities, span_root
from ..nlp import DATELINE, doc_text
from ..tokens import TokenStrings
from .gazetteer import words

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLACE_LABELS = ("GPE", "LOC", "FAC")
CLIMB = 4  # at most this many steps from a name up to its preposition


@dataclass(frozen=True, slots=True)
class Rules:
    preps: frozenset[str]
    relative: frozenset[str]
    division: frozenset[str]
    settlement: frozenset[str]
    not_place: frozenset[str]
    agencies: frozenset[str]
    not_entity: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    def kind(name: str) -> frozenset[str]:
        return frozenset(fold(w) for w in words(name))

    return Rules(kind("prep"), kind("relative"), kind("division"), kind("settlement"),
                 kind("not_place"), kind("agency"), frozenset(words("not_entity")))


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in the text: `hint` "admin1" or "city" where the words around it say so;
    `head` the index of the word its place preposition (`prep`) attaches it to (None when no
    place preposition introduces it); `root` the index of the name's own head word."""

    start: int
    end: int
    text: str
    root: int
    hint: str | None = None
    head: int | None = None
    prep: str | None = None


def _word(doc: Doc, i: int) -> str:
    """Token `i`'s text."""
    tree = Tree.of(doc)
    return doc_text(doc)[tree.strings.idx[i]:tree.end_char[i]]


def _hint_of(doc: Doc, start: int, end: int, root: int) -> str | None:
    """"Kunduz province", "the province of Kunduz" → admin1; "the city of Homs" → city (the
    name: tokens `start` to `end`, its root `root`)."""
    r = rules()
    s = TokenStrings.of(doc)
    last = fold(_word(doc, end - 1))
    if last in r.division and end - start > 1:
        return "admin1"
    up = s.head[root]
    if s.dep[root] == "compound" and fold(_word(doc, up)) in r.division:
        return "admin1"
    if s.dep[root] == "pobj" and s.lower[up] == "of" and s.head[up] != up:
        word = fold(_word(doc, s.head[up]))
        if word in r.division:
            return "admin1"
        if word in r.settlement:
            return "city"
    return None


def _governor(doc: Doc, token: int) -> tuple[int, str] | None:
    """The index of the word a place preposition attaches token `token` to, and the
    preposition, climbing through "the outskirts of", "Kunduz province", "Aleppo and Homs";
    None when none introduces it."""
    r = rules()
    strings = TokenStrings.of(doc)
    dep, lower, head = strings.dep, strings.lower, strings.head
    for _ in range(CLIMB):
        up = head[token]
        if up == token:
            return None
        if dep[token] == "pobj" and dep[up] == "prep":
            if lower[up] in r.preps:
                return head[up], lower[up]
            if lower[up] == "of" and fold(_word(doc, head[up])) in r.relative:
                token = head[up]
                continue
            return None
        if dep[token] in ("compound", "conj", "appos", "npadvmod") or (
                dep[token] == "pobj" and dep[up] != "prep"):
            token = up
            continue
        return None
    return None


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The tokens `start` to `end` of a name without a leading "the" or a trailing
    possessive or punctuation."""
    tree = Tree.of(doc)
    lower, tag = tree.strings.lower, tree.strings.tag
    while start < end and lower[start] in ("the", "'s"):
        start += 1
    while end - 1 > start and (tree.punct[end - 1] or tag[end - 1] == "POS"):
        end -= 1
    return start, end


def _capital(text: str, tree: Tree, i: int) -> bool:
    """Whether token `i`'s text starts with a capital (`token.text[:1].isupper()`)."""
    return text[tree.strings.idx[i]:tree.strings.idx[i] + 1].isupper()


def _joins(tree: Tree, text: str, start: int, last: int) -> bool:
    """Whether the proper noun after `last` belongs to the run start..last ("Cape Town")."""
    after, head = last + 1, tree.strings.head
    return tree.strings.pos[after] == "PROPN" and _capital(text, tree, after) and (
        head[last] == after or start <= head[after] <= last)


def _proper_runs(doc: Doc) -> list[tuple[int, int]]:
    """Runs of proper nouns (start and end tokens) the model does not tag as a person, an
    organisation, a date or the like (it may tag a place LANGUAGE or nothing), and those a
    place preposition introduces whatever their tag ("in Kunduz" tagged ORG)."""
    out = []
    never = rules().not_entity
    tree, text = Tree.of(doc), doc_text(doc)
    after = 0  # where the next run may start
    for i in [k for k, pos in enumerate(tree.strings.pos) if pos == "PROPN"]:
        if i < after or not _capital(text, tree, i) or tree.ent[i] in never:
            continue
        j = i
        while j + 1 < len(doc) and _joins(tree, text, i, j):
            j += 1
        root = span_root(doc, i, j + 1)
        if _governor(doc, root) is not None or tree.ent[root] != "ORG":
            out.append((i, j + 1))
        after = j + 1
    return out


def find_mentions(doc: Doc) -> list[PlaceMention]:
    """Every candidate place name of the parsed text, in order, without overlaps."""
    r = rules()
    spans = [(e.start, e.end) for e in entities(doc) if e.label_ in PLACE_LABELS] + \
        _proper_runs(doc)
    taken: set[int] = set()
    out = []
    tree, text = Tree.of(doc), doc_text(doc)
    for span in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        start, end = _trim(doc, *span)
        if start >= end or not taken.isdisjoint(range(start, end)):
            continue
        first, last = tree.strings.idx[start], tree.end_char[end - 1]
        name = text[first:last]  # the span's text
        if fold(name) in r.not_place or not name[:1].isupper():
            continue
        taken.update(range(start, end))
        root = span_root(doc, start, end)
        head, prep = _governor(doc, root) or (None, None)
        out.append(PlaceMention(first, last, name, root, _hint_of(doc, start, end, root), head,
                                prep))
    return out


@dataclass(frozen=True, slots=True)
class Dateline:
    """"GAZA CITY, Gaza Strip (AP) —": the place's characters, the region after it, and where
    the whole line ends (`stop`)."""

    start: int
    end: int
    text: str
    region: str | None
    stop: int


_PARTS = re.compile(r"^(?P<place>[^,(\u2013\u2014]+?)\s*(?:,\s*(?P<region>[^(\u2013\u2014]+?))?"
                    r"\s*(?:\((?P<agency>[^)]*)\))?\s*(?:[-\u2013\u2014]{1,2}|:)\s*$")
DATELINE_WITHIN = 600  # a dateline starts within this many characters of the text's start


def find_dateline(text: str) -> Dateline | None:
    """The article's dateline ("KABUL, Afghanistan (AP) —"), when one opens a line near the
    start of the text."""
    match = DATELINE.search(text, 0, DATELINE_WITHIN + 200)
    if match is None or match.start() > DATELINE_WITHIN:
        return None
    parts = _PARTS.match(match.group(0))
    if parts is None:
        return None
    agency = parts.group("agency")
    if agency and fold(agency) not in rules().agencies:
        return None
    start = match.start() + parts.start("place")
    place = parts.group("place")
    return Dateline(start, start + len(place), place, parts.group("region"), match.end())


__all__ = ["Dateline", "PlaceMention", "find_dateline", "find_mentions", "rules"]
