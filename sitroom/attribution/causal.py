"""Cause → effect and purpose links, from signal words over the dependency parse.

    verb signals     X prompts / leads to / fuels / allows / prevents Y   cause X, effect Y
    subordinators    Y because X; Y due to X; as a result of X, Y          cause X, effect Y
    purpose          A to do B; A in exchange for B; A in order to B       motive B for action A
    adverbs          X. Therefore / thus Y                                 cause X, effect Y

The signal list is our own data (`sitroom/data/causal_signals.tsv`); which dependency carries
the signal decides which side is which.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ACTION_POS = ("VERB",)
# Verbs whose "to"-complement is what they are about, not a purpose: "wants to", "began to".
NOT_PURPOSE = frozenset(
    "want try begin start continue seem appear need have use plan hope expect refuse agree "
    "decide fail manage intend aim seek threaten promise vow pledge offer ask urge tell order "
    "allow enable help let permit force lead cause prompt able going call require "
    "encourage invite persuade push press".split()
)


@dataclass(frozen=True)
class Link:
    relation: str
    cause: tuple[int, int]
    effect: tuple[int, int]
    signal: tuple[int, int]
    sentence: tuple[int, int]


# Verbs after which "over", "for", "against", "following" give a reason: "protested over
# fuel prices", "arrested for rioting", "clashed following the vote".
REASON_VERBS = frozenset(
    "protest strike rally march demonstrate agitate riot clash fight arrest detain jail "
    "charge book sentence fine punish blame criticize criticise condemn slam attack accuse "
    "sue boycott resign quit shut close suspend dismiss sack kill die injure hurt evacuate "
    "flee block gherao picket sit fast".split()
)


@lru_cache(maxsize=1)
def signals() -> dict[str, list[tuple[str, str]]]:
    text = resources.files("sitroom.data").joinpath("causal_signals.tsv").read_text("utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, relation, how = line.split("\t")[:3]
            out.setdefault(word, []).append((relation, how))
    return out


def _span(tokens: list[Token]) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("cc", "mark")):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree(token: Token, without: set[int] = frozenset()) -> list[Token]:  # type: ignore[assignment]
    return [t for t in token.subtree if t.i not in without]


def _clause_without(head: Token, removed: Token) -> list[Token]:
    drop = {t.i for t in removed.subtree}
    return [t for t in head.subtree if t.i not in drop]


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    return None


def _object_of(verb: Token) -> Token | None:
    if verb.lemma_.lower() in ("lead", "result", "contribute"):
        # "could lead to X", "resulted in X": the effect is behind that preposition, not
        # behind "in addition to" or "at the talks"
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("to", "in"):
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "ccomp", "xcomp", "oprd"):
            return child
    for child in verb.children:
        if child.dep_ in ("prep", "agent", "dative"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def find_links(doc: Doc) -> list[Link]:
    table = signals()
    links: list[Link] = []
    for sent in doc.sents:
        bounds = (sent.start_char, sent.end_char)
        for token in sent:
            lemma = token.lemma_.lower()
            link = None
            for entry in table.get(lemma, ()) or table.get(token.lower_, ()):
                link = _from_signal(token, entry, sent, bounds)
                if link is not None:
                    break
            if link is None and lemma == "to" and token.dep_ == "aux":
                link = _purpose(token, bounds)
            if link is not None:
                links.append(link)
    return links


def _from_signal(token: Token, entry: tuple[str, str], sent: Span,
                 bounds: tuple[int, int]) -> Link | None:
    relation, how = entry
    signal = (token.idx, token.idx + len(token.text))
    if how == "verb" and token.pos_ == "VERB":
        subject = _subject_of(token)
        target = _object_of(token)
        if subject is None or target is None:
            return None
        if subject.lower_ in ("that", "which", "who") and token.dep_ == "relcl":
            # "… programmes that help pacify the population": the antecedent does it
            subject_tokens = _clause_without(token.head, token)
        else:
            subject_tokens = _subtree(subject)
        cause, effect = _span(subject_tokens), _span(_subtree(target))
        aux = [c for c in token.children if c.dep_ == "aux" and c.tag_ == "MD"]
        if aux:  # "could prompt": the modal is part of the signal
            signal = (aux[0].idx, signal[1])
        if relation == "motivate":  # "demanding higher pay": the demand motivates the act
            effect, cause = _span(_clause_without(token.head, token)) if token.dep_ in (
                "advcl", "xcomp") else effect, _span(_subtree(target))
    elif how == "mark" and token.dep_ == "mark" and token.head.dep_ == "advcl":
        reason = token.head
        cause = _span(_subtree(reason))
        effect = _span(_clause_without(reason.head, reason))
    elif how == "prep" and token.dep_ in ("prep", "amod", "pcomp", "pobj"):
        # "due to X", "in exchange for X", "in order to X", "in protest against X"
        anchor = token.head if token.dep_ == "pobj" else token
        obj = next((c for t in (token, *token.children) for c in t.children
                    if c.dep_ in ("pobj", "pcomp", "xcomp", "advcl")), None)
        if obj is None:
            obj = next((c for c in token.children if c.dep_ in ("prep",)), None)
        if obj is None:
            return None
        head = anchor.head
        while head.dep_ in ("prep", "pobj") and head.head is not head:
            head = head.head
        cause = _span(_subtree(obj))
        effect = _span(_clause_without(head, anchor))
        signal = (anchor.idx, token.idx + len(token.text)) if anchor is not token else signal
    elif how == "noun" and token.lower_ in ("result", "consequence") and \
            token.head.lower_ == "as":
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        main = token.head.head
        if of is not None:
            cause = _span(_subtree(of))
            effect = _span(_clause_without(main, token.head))
        else:  # "As a result, Y": the previous sentence is the cause
            previous = sent.doc[sent.start - 1].sent if sent.start > 0 else None
            if previous is None:
                return None
            cause = (previous.start_char, previous.end_char)
            effect = _span([t for t in sent if t.i not in {x.i for x in token.head.subtree}])
        signal = (token.head.idx, token.idx + len(token.text))
    elif how in ("participle", "result") and token.tag_ == "VBG" and \
            token.dep_ in ("advcl", "xcomp", "conj") and token.head.pos_ == "VERB":
        # "…, demanding higher wages" (a motive); "…, killing five people" (a result)
        clause = _span(_subtree(token))
        rest = _span(_clause_without(token.head, token))
        cause, effect = (clause, rest) if how == "participle" else (rest, clause)
    elif how == "verbprep" and token.dep_ == "prep" and \
            token.head.lemma_.lower() in REASON_VERBS:
        obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None:
            return None
        cause = _span(_subtree(obj))
        effect = _span(_clause_without(token.head, token))
    elif how == "adverb" and token.dep_ == "advmod" and sent.start > 0:
        previous = sent.doc[sent.start - 1].sent
        cause = _span(list(previous))
        effect = _span([t for t in sent if t.i != token.i])
    else:
        return None
    if cause is None or effect is None or cause == effect:
        return None
    return Link(relation, cause, effect, signal, bounds)


def _purpose(to: Token, bounds: tuple[int, int]) -> Link | None:
    """'A to do B': an action done for a purpose; the purpose motivates the action."""
    goal = to.head
    if goal.pos_ != "VERB" or goal.dep_ not in ("advcl", "xcomp", "acl"):
        return None
    action = goal.head
    if action.pos_ not in ACTION_POS or action.lemma_.lower() in NOT_PURPOSE:
        return None
    if goal.dep_ == "xcomp" and any(c.dep_ in ("dobj", "nsubjpass") for c in action.children
                                    if c.i < goal.i) is False:
        return None
    if goal.dep_ == "acl" and action.pos_ != "VERB":
        return None
    cause = _span(_subtree(goal))
    effect = _span(_clause_without(action, goal))
    if cause is None or effect is None:
        return None
    return Link("motivate", cause, effect, (to.idx, to.idx + len(to.text)), bounds)
