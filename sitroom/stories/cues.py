"""The words the brief reads sentences by (`data/brief_cues.tsv`): history openers, denial
cues, running-total words. One loader; every story module asks here."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from ..tables import data_rows

# Words that say nothing of what a sentence is about, left out when figures.py and
# disputes.py compare two sentences' content words (compared by their first STEM letters:
# "violated", "violating").
FUNCTION_WORDS = frozenset(
    "that this with from have been will would could their there they them than into also "
    "more most such which what when where while about after before over under said says "
    "being only just very much many some other these those it's were was had has not never "
    "does did told according people least including".split())
STEM = 6


@lru_cache(maxsize=1)
def brief_cues() -> dict[str, frozenset[str]]:
    """kind → phrases, from `data/brief_cues.tsv`."""
    found: dict[str, set[str]] = defaultdict(set)
    for phrase, kind, *_ in data_rows("brief_cues.tsv", 2):
        found[kind].add(phrase.strip().lower())
    return {kind: frozenset(phrases) for kind, phrases in found.items()}


def has_cue(text: str, kind: str) -> bool:
    """Whether `text` holds a phrase of `kind` (`data/brief_cues.tsv`) as whole words."""
    said = " " + " ".join(re.findall(r"[a-z]+", text.lower())) + " "
    return any(f" {phrase} " in said for phrase in brief_cues().get(kind, ()))


def opens_with_background(text: str) -> bool:
    """"Historically, …", "For decades …": the sentence tells history."""
    said = " ".join(re.findall(r"[a-z]+", text.lower()[:60]))
    return any(said == p or said.startswith(p + " ")
               for p in brief_cues().get("background", ()))


def fragment(text: str) -> bool:
    """A claim or quote that is the object of its cue, not a statement ("to cultivate",
    "exactly when the mission took place"): it opens with a `fragment` word."""
    words = re.findall(r"[a-z]+", text.lower()[:40])
    return bool(words) and words[0] in brief_cues().get("fragment", frozenset())
