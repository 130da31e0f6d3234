"""Event patterns: verbs and nouns with the frame words that refine them.

A pattern is a head lemma and a set of lemmas that must appear in the head's frame (see
`Coder.frame`; `%` stands for a subject naming several parties, `<word` for a word shortly
before the verb). The most specific pattern wins; a bare head is the default. The project's
own patterns are in `data/event_verbs.tsv` and `data/event_nouns.tsv`; more can be added at
run time (`Lexicon.extended`), e.g. from a PETRARCH-format verb dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .codebook import Code, custom
from .codebook import lookup as cameo_lookup

COMPOUND_SUBJECT = "%"  # a pattern word: the verb's subject names more than one party
# A pattern word with this prefix stands among the few words before the verb ("<will <not":
# "will not supply"), as PETRARCH patterns with words before the verb ask.
BEFORE = "<"
BEFORE_WINDOW = 5
# A pattern word with this prefix says where a role stands, not a word to match (PETRARCH's
# `+` target and `$` source): "=target:subject" (the subject is the target, "+ * FROM $"),
# "=source:from:0" (the first actor named after "from", skipping 0 noun phrases before it),
# "=target<held" (the noun phrase just before "held").
ROLE = "="


def role_marks(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A pattern's words to match, and its role marks."""
    words = list(words)
    return (frozenset(w for w in words if not w.startswith(ROLE)),
            tuple(w[1:] for w in words if w.startswith(ROLE)))


@dataclass(frozen=True)
class Pattern:
    head: str
    words: frozenset[str]
    code: str
    order: int = 0  # earlier rows win ties; -1: a row of an extra dictionary (`extended`)
    roles: tuple[str, ...] = ()  # where the source and target stand (see ROLE)

    @property
    def specificity(self) -> int:
        return len(self.words)


@dataclass
class Lexicon:
    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    before_words: bool = False  # whether any pattern names words before its verb
    codes: dict[str, Code] = field(default_factory=dict)  # codes of extra dictionaries

    def lookup(self, code: str) -> Code:
        """The codebook entry of `code`, or the entry of an extra dictionary's own code."""
        if code in self.codes:
            return self.codes[code]
        return cameo_lookup(code)

    def add(self, kind: str, head: str, words: Iterable[str], code: str) -> None:
        table = self.verbs if kind == "verb" else self.nouns
        bucket = table.setdefault(head, [])
        pattern = Pattern(head, frozenset(words), code, len(bucket))
        bucket.append(pattern)
        self.before_words |= any(w.startswith(BEFORE) for w in pattern.words)

    def match(self, kind: str, head: str, frame: set[str]) -> Pattern | None:
        """The most specific pattern of `head` whose words are all in `frame`."""
        best = None
        for pattern in (self.verbs if kind == "verb" else self.nouns).get(head, ()):
            if pattern.words <= frame and (
                    best is None or pattern.specificity > best.specificity):
                best = pattern
        return best

    def extended(self, rows: Iterable[tuple[str, str, str]],
                 replace: bool = False) -> Lexicon:
        """A copy with more (kind, pattern, code) rows; their patterns win ties, and with
        `replace` a head the rows name keeps only their patterns (a dictionary that codes
        "abandon" 345 is not overruled by our "abandon ties" 160). A row's code may lie
        outside CAMEO ("212", or "903:904" with the target's reciprocal code): it is coded
        as it stands, with no Goldstein value (`codebook.custom`)."""
        rows = list(rows)
        named = {(kind, pattern.lower().split()[0]) for kind, pattern, _ in rows} \
            if replace else set()
        out = Lexicon({k: [] if ("verb", k) in named else list(v)
                       for k, v in self.verbs.items()},
                      {k: [] if ("noun", k) in named else list(v)
                       for k, v in self.nouns.items()}, self.before_words, dict(self.codes))
        for kind, pattern, code in rows:
            for part in code.split(":"):
                try:
                    cameo_lookup(part)
                except KeyError:
                    out.codes.setdefault(part, custom(part))
            head, *words = pattern.lower().split()
            table = out.verbs if kind == "verb" else out.nouns
            matched, roles = role_marks(words)
            table.setdefault(head, []).insert(0, Pattern(head, matched, code, -1, roles))
            out.before_words |= any(w.startswith(BEFORE) for w in matched)
        return out


def _rows(name: str) -> Iterable[tuple[str, str]]:
    text = resources.files("sitroom.data").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, code = line.split("\t")[:2]
            yield pattern.strip(), code.strip()


@lru_cache(maxsize=1)
def load() -> Lexicon:
    lexicon = Lexicon()
    for kind, name in (("verb", "event_verbs.tsv"), ("noun", "event_nouns.tsv")):
        for pattern, code in _rows(name):
            head, *words = pattern.lower().split()
            lexicon.add(kind, head, words, code)
    return lexicon
