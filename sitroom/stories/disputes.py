"""Claims against denials: one party says a thing, another party denies it.

"Turkey said it hit the plane after it violated Turkey's airspace" and "Russian officials
denied the plane had violated Turkish airspace" are one dispute: two speakers of different
parties, one of them denying (a denial cue of `data/brief_cues.tsv` in its cue or its words),
the other asserting (no negation, condition or possibility of its own), about the same
proposition (at least MIN_SHARED content words in common, SHARED_SHARE of the shorter
statement's and LARGER_SHARE of the longer one's, the parties' own names left out), in
different sentences.

Inputs: `Statement`s (who said what, with the span it rests on). Output: `Dispute` pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span
from .cues import FUNCTION_WORDS, STEM

MIN_SHARED = 2
SHARED_SHARE = 0.3
LARGER_SHARE = 0.2  # … and of the longer one's: a long statement touching the words is not it


@dataclass(frozen=True)
class Statement:
    article: str
    outlet: str  # independent-source key
    sentence: int  # where its sentence starts
    party: str  # the speaker's state or organisation (actor code key)
    speaker: str  # the speaker's name as the brief writes it
    text: str  # what is said
    span: Span
    denial: bool
    cue: str = ""  # the attribution's cue ("said", "hopes"), lower case


@dataclass(frozen=True)
class Dispute:
    claim: Statement
    denial: Statement
    shared: frozenset[str]


def content_words(text: str, names: frozenset[str] = frozenset()) -> frozenset[str]:
    """The stems of the words a statement is about (its parties' names left out)."""
    words = (w for w in re.findall(r"[a-z][a-z\-]{3,}", text.lower())
             if w not in FUNCTION_WORDS and w not in names)
    return frozenset(w[:STEM] for w in words)


def asserts(text: str) -> bool:
    """A statement that asserts something as so: not itself a negation ("he had not …",
    "no evidence"), a recommendation, a condition, a possibility, a belief or a wish
    ("should", "if", "could", "he believes", "he hopes")."""
    return not re.search(r"\b(?:not|never|no|nothing|nobody|neither|nor|should|would|could|"
                         r"might|may|if|whether|likely|possible|possibly|probably|perhaps|"
                         r"unclear|unknown|too soon|without|suspect|suspected|alleged|"
                         r"allegedly|believes?|hopes?|assume|expects?|wants?)\b|n[’']t\b|"
                         r"\?", text.lower())


def disputes(statements: list[Statement], names: frozenset[str] = frozenset()
             ) -> list[Dispute]:
    """Each denial paired with the claim of another party it shares the most words with."""
    words = {id(s): content_words(s.text, names) for s in statements}
    claims = [s for s in statements if not s.denial and asserts(s.text)]  # read once each
    out = []
    seen: set[tuple[str, str]] = set()
    for denial in (s for s in statements if s.denial):
        best: tuple[int, Statement] | None = None
        for claim in claims:
            if claim.party == denial.party or (
                    claim.article, claim.sentence) == (denial.article, denial.sentence):
                continue  # a denial is not paired with its own sentence
            shared = words[id(claim)] & words[id(denial)]
            smaller, larger = sorted((len(words[id(claim)]) or 1, len(words[id(denial)]) or 1))
            if len(shared) >= MIN_SHARED and len(shared) >= SHARED_SHARE * smaller and \
                    len(shared) >= LARGER_SHARE * larger and (
                        best is None or len(shared) > best[0]):
                best = (len(shared), claim)
        if best is None:
            continue
        claim = best[1]
        key = (claim.party, denial.party)
        if key in seen:
            continue  # one dispute between two parties: the first denial's
        seen.add(key)
        out.append(Dispute(claim, denial, words[id(claim)] & words[id(denial)]))
    return out
