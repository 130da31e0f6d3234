"""Which date expression of a sentence dates an event.

A date belongs to the clause it hangs on in the parse: "signed a pact in June" dates the
signing; "a conflict which took a sharp turn in 2020" dates the relative clause, not the
sentence's main event. An event whose own clause names no date takes one from the clause
that governs it only where that is unambiguous: the governing clause is the same action
carried on (a coordinated verb without a subject of its own, a participle, a "to" clause, the
object of "launched an attack"), and the sentence names no other date. A date after "since",
"until", "after" … bounds or names another event and dates nothing here (`data/dates.tsv`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .arguments import MONTHS, When, date_words, resolve_when

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

ADVERBIAL = frozenset({"npadvmod", "tmod", "advmod", "obl", "nmod", "appos", "dobj"})
MODIFIER = frozenset({"poss", "compound", "nummod", "amod"})
OBJECT_NOUNS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "dative"})
TEMPORAL_PREPS = frozenset({"in", "on", "at", "during"})
# how a clause carries on the governing one: the date of the governor holds for it
CARRIED = frozenset({"conj", "xcomp", "advcl", "dobj", "attr"})


class Dater:
    """Dates events of one document against its publication date. `eventive(noun)` says
    whether a noun is itself an event (its date is its own, not the verb's)."""

    def __init__(self, ents: list[SpacySpan], published: str | None,
                 eventive: Callable[[Token], bool]) -> None:
        self.ents = [e for e in ents if e.label_ in ("DATE", "TIME")]
        self.published = published
        self.eventive = eventive

    def date_of(self, head: Token, trigger: Token, future: bool) -> When | None:
        """The date of the event at `head` (the frame verb `trigger` included)."""
        own = self._own({head.i, trigger.i}, head, future)
        if own is not None:
            return own
        sentence = [e for e in self.ents if head.sent.start <= e.start < head.sent.end]
        named = {w for e in sentence if (w := self._resolved(e, future)) is not None}
        if len(named) != 1:
            return None  # no date, or more than one: not unambiguous
        token = head
        for _ in range(6):
            if not self._carries(token):
                return None
            token = token.head
            found = self._own({token.i}, token, future)
            if found is not None:
                return found
        return None

    def _own(self, anchors: set[int], head: Token, future: bool) -> When | None:
        whens = [w for e in self.ents if head.sent.start <= e.start < head.sent.end
                 and self._attached(e, anchors)
                 and (w := self._resolved(e, future)) is not None]
        return _finest(whens)

    def _attached(self, ent: SpacySpan, anchors: set[int]) -> bool:
        """Whether the date expression hangs on one of `anchors`: directly ("said
        Wednesday", "Wednesday's attack"), through a temporal preposition ("in June"), or
        through a preposition on the anchor's object that is not an event itself ("signed a
        pact in June")."""
        root = ent.root
        if root.dep_ in ADVERBIAL or root.dep_ in MODIFIER:
            if root.dep_ == "dobj" and _bare_month(ent):
                return False  # "May" the name read as the month
            return root.head.i in anchors
        if root.dep_ != "pobj" or root.head.dep_ != "prep":
            return False
        prep = root.head
        if prep.lower_ in date_words()["blocked"]:
            return False
        if _bare_month(ent) and prep.lower_ != "in":
            return False
        if prep.head.i in anchors:
            return True
        noun = prep.head
        return (prep.lower_ in TEMPORAL_PREPS and noun.dep_ in OBJECT_NOUNS
                and noun.head.i in anchors and not self.eventive(noun))

    def _resolved(self, ent: SpacySpan, future: bool) -> When | None:
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ in date_words()["blocked"]:
            return None
        if _bare_month(ent) and not (root.dep_ == "pobj" and root.head.lower_ == "in"):
            return None
        return resolve_when(ent.text, self.published, future)

    def _carries(self, token: Token) -> bool:
        """Whether the clause of `token` carries on its governor's action."""
        dep = token.dep_
        if dep not in CARRIED or token.head is token:
            return False
        if dep == "conj":
            return not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        if dep == "advcl":
            return not any(c.dep_ == "mark" for c in token.children) and token.tag_ == "VBG"
        if dep in ("dobj", "attr"):
            return token.pos_ == "NOUN" and \
                token.head.lemma_.lower() in date_words()["light"]
        return True


def _bare_month(ent: SpacySpan) -> bool:
    """A month name alone ("May", "June"): a date only after "in"."""
    words = [t.lower_.rstrip(".") for t in ent if t.is_alpha]
    return len(words) == 1 and words[0] in MONTHS and not any(t.like_num for t in ent)


def _finest(whens: list[When]) -> When | None:
    """One date from those an event's clause names: the finest, where the others contain it
    ("on Wednesday, June 3"); none where they disagree."""
    if not whens:
        return None
    finest = min(whens, key=lambda w: ("day", "week", "month", "year").index(w.precision))
    if all(w == finest or w.contains(finest) for w in whens):
        return finest
    return None


__all__ = ["Dater"]
