"""Which date expression of a sentence dates an event.

A date belongs to the clause it hangs on in the parse: "signed a pact in June" dates the
signing; "a conflict which took a sharp turn in 2020" dates the relative clause, not the
sentence's main event. A date also holds for what happens at a dated occasion ("said during
a speech earlier this month", "At the summit last week, the US said"). An event whose own
clause names no date takes one from elsewhere in the sentence only where that is
unambiguous — the sentence names no date that disagrees — and the clause is the same action
carried on: a coordinated verb without a subject of its own, a participle, a "to" clause, a
clause marked "as" or "when", the object of "launched an attack", what a report describes as
going on ("said late Monday it is canceling"), or what happened at a dated occasion ("the
attack Wednesday, which killed …"). A date after "since", "until", "after" … bounds or names
another event and dates nothing here. The word lists are rows of `data/dates.tsv`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from .arguments import MONTHS, PRECISIONS, When, date_words, resolve_when
from .tree import Tree, entities

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

ADVERBIAL = frozenset({"npadvmod", "tmod", "advmod", "obl", "nmod", "appos", "dobj"})
MODIFIER = frozenset({"poss", "compound", "nummod", "amod"})
OBJECT_NOUNS = frozenset({"dobj", "attr", "oprd", "nsubjpass", "dative"})
TEMPORAL_PREPS = frozenset({"in", "on", "at", "during"})
CARRIED = frozenset({"conj", "xcomp", "advcl", "dobj", "attr", "ccomp", "relcl"})


class Dater:
    """Dates events of one document against its publication date. `eventive(lemma)` says
    whether a noun of this (lower-cased) lemma is itself an event (its date is its own, not
    its verb's). The words are read from the parse's `Tree`; what a date expression dates
    and what it resolves to are found once per expression."""

    def __init__(self, doc: Doc, published: str | None, eventive: Callable[[str], bool]
                 ) -> None:
        self.doc = doc
        self.tree = Tree.of(doc)
        self.ents = sorted((e for e in entities(doc) if e.label_ in ("DATE", "TIME") and
                            not _title(e)), key=lambda e: e.start)
        self.starts = [e.start for e in self.ents]
        self.published = published
        self.eventive = eventive
        self._hooked: dict[int, set[int]] = {}  # by position in `ents`
        self._when: dict[tuple[int, bool], When | None] = {}

    def date_of(self, head: Token, trigger: Token, future: bool = False) -> When | None:
        """The date of the event at `head` (the frame verb `trigger` included); `future`:
        the coder found the event ahead (its modality)."""
        future = future or self._upcoming(head.i) or self._upcoming(trigger.i)
        own = self._own({head.i, trigger.i}, head.i, future)
        if own is not None:
            return own
        named = [w for k in self._in_sentence(head.i)
                 if (w := self._resolved(k, future)) is not None]
        if not named or _finest(named) is None:
            return None  # no date, or dates that disagree: not unambiguous
        token = head.i
        for _ in range(6):
            if not self._carries(token):
                return None
            token = self.tree.strings.head[token]
            found = self._own({token}, token, future)
            if found is not None:
                return found
        return None

    def _own(self, anchors: set[int], head: int, future: bool) -> When | None:
        whens = [w for k in self._in_sentence(head)
                 if not anchors.isdisjoint(self._hooks(k))
                 and (w := self._resolved(k, future)) is not None]
        return _finest(whens)

    def _in_sentence(self, token: int) -> range:
        """The positions in `ents` of the date expressions that start in the sentence of
        `token` (found by bisection: the cost does not grow with the number of dates in the
        article)."""
        tree = self.tree
        return range(bisect_left(self.starts, tree.sent_start[token]),
                     bisect_left(self.starts, tree.sent_end[token]))

    def _hooks(self, k: int) -> set[int]:
        """The tokens date expression `k` dates (`_hooks_of`), found once."""
        found = self._hooked.get(k)
        if found is None:
            found = self._hooked[k] = {h.i for h in self._hooks_of(self.ents[k])}
        return found

    def _hooks_of(self, ent: SpacySpan) -> list[Token]:
        """The tokens a date expression dates: what it hangs on ("said Wednesday",
        "Wednesday's attack", "in June"), climbing through an adverb ("back in September")
        or a preposition ("In Washington late Sunday, … said"); the verb of an occasion it
        dates ("said during a speech earlier this month"); the verb of a plain object it hangs
        on ("told the AP in February")."""
        root = ent.root
        while root.dep_ in ("compound", "nmod", "amod") and \
                root.head.lower_ in date_words()["daypart"]:
            root = root.head  # "Monday night"
        prep = None
        if root.dep_ == "pobj" and root.head.dep_ == "prep":
            prep = root.head
            if prep.lower_ in date_words()["blocked"] or (
                    _bare_month(ent) and prep.lower_ != "in"):
                return []
            hook = prep.head
        elif root.dep_ == "pcomp" and not any(c.dep_ == "pobj" for c in root.head.children):
            hook = root.head.head  # a stranded preposition: "withdrew from a year ago"
        elif root.dep_ in ADVERBIAL or root.dep_ in MODIFIER:
            if _bare_month(ent) and root.dep_ not in ("compound", "nmod"):
                return []  # "May" the name, read as the month
            hook = root.head
        else:
            return []
        hooks = [hook]
        while hook.dep_ in ("advmod", "prep") and hook.head is not hook:
            hook = hook.head
            hooks.append(hook)
        if hook.dep_ == "pobj" and hook.head.lower_ in TEMPORAL_PREPS:
            hooks.append(hook.head.head)  # the verb of what happens at a dated occasion
        elif (prep is not None and prep.lower_ in TEMPORAL_PREPS
              and hook.dep_ in OBJECT_NOUNS and not self.eventive(hook.lemma_.lower())):
            hooks.append(hook.head)
        return hooks

    def _resolved(self, k: int, future: bool) -> When | None:
        """What date expression `k` resolves to, found once."""
        key = (k, future)
        if key not in self._when:
            self._when[key] = self._resolve(self.ents[k], future)
        return self._when[key]

    def _resolve(self, ent: SpacySpan, future: bool) -> When | None:
        root = ent.root
        if root.dep_ == "pobj" and root.head.lower_ in date_words()["blocked"]:
            return None
        if _bare_month(ent) and not (root.dep_ == "pobj" and root.head.lower_ == "in") \
                and root.dep_ not in ("compound", "nmod"):
            return None
        return resolve_when(ent.text, self.published, future)

    def _carries(self, token: int) -> bool:
        """Whether the clause of `token` carries on its governor's action (or happens at the
        occasion it describes)."""
        s = self.tree.strings
        dep, kids = s.dep[token], self.tree.kids(token)
        if dep not in CARRIED or s.head[token] == token:
            return False
        if dep == "conj":
            return not any(s.dep[c] in ("nsubj", "nsubjpass") for c in kids)
        if dep == "advcl":
            marks = {s.lower[c] for c in kids if s.dep[c] == "mark"}
            return marks <= date_words()["together"].keys() and (
                bool(marks) or s.tag[token] == "VBG")
        if dep in ("dobj", "attr"):
            return s.pos[token] == "NOUN" and \
                s.lemma[s.head[token]] in date_words()["light"]
        if dep == "ccomp":  # "said late Monday it is canceling": going on as it is said
            return s.tag[token] == "VBG" and any(
                s.dep[c] == "aux" and self.doc[c].lemma_ == "be" for c in kids)
        if dep == "relcl":  # "the attack Wednesday, which killed Cirillo"
            noun = s.lemma[s.head[token]]
            return self.eventive(noun) or noun in date_words()["occasion"]
        return True

    def _upcoming(self, token: int) -> bool:
        """Whether the clause of `token` looks ahead ("will meet on Monday", "may skip a
        Thursday hearing", "before France hosts a conference on Monday" under "will
        travel")."""
        s, tree = self.tree.strings, self.tree
        for _ in range(3):
            aux = {s.lower[c].lstrip("'") for c in tree.kids(token)
                   if s.dep[c] in ("aux", "auxpass")}
            if aux & date_words()["upcoming"].keys() and "have" not in aux:
                return True
            if s.dep[token] not in ("advcl", "conj", "xcomp", "dobj", "pobj", "prep") or \
                    s.head[token] == token:
                return False
            token = s.head[token]
        return False


def _title(ent: SpacySpan) -> bool:
    """A date phrase that is a title ("ABC's This Week"): a capitalised "This", "Last",
    "Week" … not at the start of a sentence."""
    words, tree = date_words(), Tree.of(ent.doc)
    lower = tree.strings.lower
    return any(tree.title[i] and i != tree.sent_start[i] and (
        lower[i] in words["shift"] or lower[i] in words["unit"])
        for i in range(ent.start, ent.end))


def _bare_month(ent: SpacySpan) -> bool:
    """A month name alone ("May", "June"): a date only after "in" or on a noun ("the
    February assassination")."""
    tree, span = Tree.of(ent.doc), range(ent.start, ent.end)
    words = [tree.strings.lower[i].rstrip(".") for i in span if tree.alpha[i]]
    return len(words) == 1 and words[0] in MONTHS and not any(tree.number[i] for i in span)


def _finest(whens: list[When]) -> When | None:
    """One date from several: the finest, where the others contain it ("on Wednesday,
    June 3", "Wednesday … this week"); none where they disagree."""
    if not whens:
        return None
    finest = min(whens, key=lambda w: PRECISIONS.index(w.precision))
    if all(w == finest or w.contains(finest) for w in whens):
        return finest
    return None


__all__ = ["Dater"]
