"""Cause → effect and purpose links, from signal words over the dependency parse.

    verb signals     X prompts / leads to / fuels / allows / prevents Y   cause X, effect Y
    passives         Y was caused by X; Y was triggered when X             cause X, effect Y
    subordinators    Y because (of) X; Y due to X; as a result of X, Y     cause X, effect Y
    conditions       if / unless X, Y; Y following X                       cause X, effect Y
    emotions         Angered by X, they did Y                              cause X, effect Y
    purpose          A to do B; A in exchange for B; A in order to B       motive B for action A
    adverbs          X. Therefore / thus Y                                 cause X, effect Y

The signal list is our own data (`sitroom/data/causal_signals.tsv`); which dependency carries
the signal decides which side is which.

Whether a sentence states a cause at all is decided by a small learned model
(`sitroom/data/models/causal.json`, a logistic regression over the sentence's words, its
dependency relations and what the signal rules found; trained on the Causal News Corpus by
`python -m benchmarks.train_models causal`). Rule links are always kept: an explicit signal
("could prompt", "in exchange for") means what it says in any domain, while the model has
only seen protest news. Where no rule fired and the model says the sentence is causal, the
best candidate reading ("after" or "amid" an event, harm done "in" or "when" something
happened, an absolute "with" clause, "until", harm an event "left" behind) gives the link,
marked `basis="candidate"`. Every link carries the model's probability.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..nlp import doc_text
from ..records import SHOWN_CAUSAL
from ..tokens import TokenStrings
from .causal_signals import read_signal
from .causal_tree import (
    _AFTER_VERBS,
    _ASSEMBLIES,
    _BODY,
    _GOING_ON,
    _HARM,
    _INJURIES,
    _MISHAPS,
    _ORGANIZING,
    _PERIODS,
    _SEEKING,
    _WHEN,
    ACTION_POS,
    GATHERINGS,
    NOT_PURPOSE,
    REASON_VERBS,
    Link,
    _clause_head,
    _clause_without,
    _span,
    _subject_of,
    _subtree,
)
from .hedges import word_features
from .linear import Features, LinearModel, load_model

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


__all__ = ["SHOWN_CAUSAL", "Link", "candidate_links", "find_links", "link_features",
           "rule_links", "sentence_features", "sentence_links"]


@lru_cache(maxsize=1)
def signals() -> dict[str, list[tuple[str, str]]]:
    text = resources.files("sitroom.data").joinpath("causal_signals.tsv").read_text("utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, relation, how = line.split("\t")[:3]
            out.setdefault(word, []).append((relation, how))
    return out


def find_links(doc: Doc, model: LinearModel | None = None,
               links_model: LinearModel | None = None,
               sents: Iterable[Span] | None = None) -> list[Link]:
    """Cause → effect links: the rules' everywhere, plus a candidate link in each sentence
    without one that the sentence model (default: the shipped one) calls causal. Each link's
    `confidence` is the link model's probability that it is right (`sents`: the parse's
    sentences, when the caller has them)."""
    model = model or load_model("causal")
    links_model = links_model or load_model("causal_links")
    links: list[Link] = []
    for sent in doc.sents if sents is None else sents:
        found, p = sentence_links(sent, model)
        links.extend(replace(link, confidence=round(links_model.probability(
            link_features(sent, link, p, len(found))), 3)) for link in found)
    return links


def sentence_links(sent: Span, model: LinearModel) -> tuple[list[Link], float]:
    """One sentence's links (the rules', else the best candidate reading where the sentence
    model calls it causal) and the sentence model's probability."""
    found = rule_links(sent)
    causal, p = model.decide(sentence_features(sent, found))
    if causal and not found:
        found = candidate_links(sent)[:1]
    repaired = (_without_cause(sent, link) if _overlapping(link) else link for link in found)
    return [link for link in repaired if link is not None], p


def _overlapping(link: Link) -> bool:
    return link.cause[0] < link.effect[1] and link.effect[0] < link.cause[1]


def _without_cause(sent: Span, link: Link) -> Link | None:
    """A link whose effect takes in its cause ("the plan was known due to reporting", the
    clause read whole as the effect): the effect becomes the first stretch of it outside the
    cause and the signal that has a verb ("Y because X", "maybe if X, Y"); no link when there
    is none."""
    strings = TokenStrings.of(sent.doc)
    idx, pos = strings.idx, strings.pos
    runs: list[list[int]] = [[]]
    for i in range(sent.start, sent.end):
        at = idx[i]
        inside = link.effect[0] <= at < link.effect[1]
        taken = link.cause[0] <= at < link.cause[1] or link.signal[0] <= at < link.signal[1]
        if inside and not taken:
            runs[-1].append(i)
        elif runs[-1]:
            runs.append([])
    clause = next((run for run in runs if any(pos[i] in ("VERB", "AUX") for i in run)), [])
    effect = _span([sent.doc[i] for i in clause])
    if effect is None or effect == link.cause:
        return None
    return replace(link, effect=effect)


def _words(sent: Span, start: int, end: int) -> list[str]:
    """The words of `sent` that start in [start, end), punctuation left out."""
    s = TokenStrings.of(sent.doc)
    return [s.lower[i] for i in range(sent.start, sent.end)
            if start <= s.idx[i] < end and (s.word[i] is not None or s.space[i])]


def _size(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"


def link_features(sent: Span, link: Link, p: float, siblings: int) -> Features:
    """What the link model reads: the signal words, the relation and how the link was found,
    the sentence model's probability, the sizes and first words of cause and effect, their
    order, and how many links the sentence has."""
    cause = _words(sent, *link.cause)
    effect = _words(sent, *link.effect)
    signal = " ".join(_words(sent, *link.signal)) or "-"
    features: Features = {
        "sig:" + signal: 1.0, "rel:" + link.relation: 1.0, "basis:" + link.basis: 1.0,
        f"relsig:{link.relation}:{signal}": 1.0, "p": p, f"pb:{min(int(p * 5), 4)}": 1.0,
        "cn:" + _size(len(cause)): 1.0, "en:" + _size(len(effect)): 1.0,
        "c0:" + (cause[0] if cause else "-"): 1.0, "e0:" + (effect[0] if effect else "-"): 1.0,
        "order:" + ("ce" if link.cause[0] < link.effect[0] else "ec"): 1.0,
        "n:" + _size(siblings): 1.0,
    }
    ends = TokenStrings.of(sent.doc).end
    at = next((i for i in range(sent.start, sent.end) if ends[i] == link.signal[1]), None)
    if at is not None:  # how the signal's last word hangs in the parse, and on what
        word = sent.doc[at]
        features[f"dep:{word.dep_}:{word.head.pos_}"] = 1.0
        features[f"head:{signal}:{word.head.lemma_.lower()}"] = 1.0
    return features


def rule_links(sent: Span) -> list[Link]:
    """The links the signal table and the purpose rule find in one sentence."""
    table = signals()
    bounds = (sent.start_char, sent.end_char)
    links: list[Link] = []
    strings, doc = TokenStrings.of(sent.doc), sent.doc
    lemmas, lowers = strings.lemma, strings.lower
    by_lemma, by_lower = _rule_words()
    # where a signal, the purpose rule, a condition or a sequel (below) can start
    for i in [k for k in range(sent.start, sent.end)
              if lemmas[k] in by_lemma or lowers[k] in by_lower]:
        lemma, lower = lemmas[i], lowers[i]
        token = doc[i]
        link = None
        for entry in table.get(lemma, ()) or table.get(lower, ()):
            link = read_signal(token, entry, sent, bounds)
            if link is not None:
                break
        if link is None and lemma == "to" and token.dep_ == "aux":
            link = _purpose(token, bounds)
        if link is None:
            link = _condition_or_sequel(token, bounds)
        if link is not None:
            links.append(link)
    return links


@lru_cache(maxsize=1)
def _rule_words() -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas and the lower-cased forms `rule_links` reads further: the signals', "to"
    (purpose) and the conditions' and sequels' words (`_condition_or_sequel`)."""
    table = signals()
    return frozenset(table) | {"to"}, frozenset(table) | _SEQUEL_WORDS


# Dependency relations whose word says something about how clauses hang together.
_LINKING_DEPS = frozenset("advcl xcomp acl mark agent prep pcomp relcl ccomp conj npadvmod "
                          "advmod".split())
_READ_DEPS = _LINKING_DEPS | {"aux"}  # the words `sentence_features` reads


def sentence_features(sent: Span, links: list[Link]) -> Features:
    """What the causal model reads: lemmas and lemma pairs, linking dependencies with their
    word and tag, the number of verbs, and which rules fired with which signal."""
    features: Features = dict.fromkeys(word_features(sent), 1.0)
    text = doc_text(sent.doc)  # joined once per parse
    for link in links:
        features["r:" + link.relation] = 1.0
        features["rs:" + text[link.signal[0]:link.signal[1]].lower()] = 1.0
    features["r:any"] = float(bool(links))
    s = TokenStrings.of(sent.doc)
    deps = s.dep
    for i in [k for k in range(sent.start, sent.end) if deps[k] in _READ_DEPS]:
        dep = deps[i]
        if dep in _LINKING_DEPS:
            features[f"d:{dep}:{s.lemma[i]}"] = 1.0
            features[f"dh:{dep}:{s.tag[i][:2]}"] = 1.0
        if dep == "aux" and s.lower[i] == "to":
            features["d:to:" + s.dep[s.head[i]]] = 1.0
    verbs = s.pos[sent.start:sent.end].count("VERB")
    features[f"nverb:{min(verbs, 6)}"] = 1.0
    return features


# Candidate signals, used only where the model says a sentence is causal and no rule fired.
# Kept to readings that hold outside protest news (a sample of allsides-intl articles showed
# "for", "as", "with", "on", "if", "while" and bare purpose infinitives to be mostly not
# causal there): an event after which something happened, harm done in an event or when
# something happened, a reaction when it happened, harm an event left behind, an absolute
# "with" clause, what one holds out "until". (Conditions and "following" became rules.)
_CANDIDATE_PREPS = frozenset({"after", "amid"})
_CANDIDATE_MARKS = frozenset({"after"})
_REACTIONS = frozenset("react respond erupt flare disrupt face storm walk break turn".split())
_CONDITIONS = frozenset({"if", "unless"})
# The words `_condition_or_sequel` reads at all.
_SEQUEL_WORDS = _CONDITIONS | {"for", "by", "following"}
# Verbs whose "by doing" says how, not through what: "began by thanking", "responded by
# asserting", "marked the day by laying flowers".
_MANNER_HOSTS = frozenset("begin start open end close conclude finish respond react reply "
                          "answer follow mark celebrate commemorate honor honour mourn "
                          "greet welcome".split())
_UNTIL = frozenset({"until", "till"})
_HARM_STATES = frozenset("dead injured wounded homeless hurt stranded displaced".split())
# The words `_candidate` reads at all, besides a form of "leave".
_CANDIDATE_WORDS = _CANDIDATE_MARKS | _CANDIDATE_PREPS | _UNTIL | {"when", "as", "with", "in",
                                                                  "during"}


def candidate_links(sent: Span) -> list[Link]:
    """Weaker cause/effect readings of a sentence, the one nearest the main verb first."""
    bounds = (sent.start_char, sent.end_char)
    found: list[tuple[int, int, Link]] = []
    strings, doc = TokenStrings.of(sent.doc), sent.doc
    for i in range(sent.start, sent.end):
        if strings.lower[i] not in _CANDIDATE_WORDS and strings.lemma[i] != "leave":
            continue  # no candidate reading starts at this word (see `_candidate`)
        token = doc[i]
        link = _candidate(token, bounds)
        if link is not None:
            depth = sum(1 for _ in token.ancestors)
            found.append((depth, token.i, link))
    return [link for _, _, link in sorted(found, key=lambda x: (x[0], x[1]))]


def _marked_clause(mark: Token) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """The clause a subordinator opens as the cause, the clause it hangs on as the effect."""
    clause = mark.head
    return _span(_subtree(clause)), _span(_clause_without(clause.head, clause))


def _candidate(token: Token, bounds: tuple[int, int]) -> Link | None:
    signal = (token.idx, token.idx + len(token.text))
    lower = token.lower_
    if lower in _CANDIDATE_MARKS and token.dep_ == "mark" and token.head.dep_ == "advcl":
        # "students were detained after the march turned violent"
        cause, effect = _marked_clause(token)
    elif lower == "when" and token.dep_ in ("mark", "advmod") and \
            token.head.dep_ == "advcl" and token.head.i > token.head.head.i and (
                token.head.head.lemma_.lower() in _HARM | REASON_VERBS | _REACTIONS or
                any(c.dep_ == "auxpass" for c in token.head.head.children)):
        # "two officers were killed when activists opened fire", "they reacted angrily when
        # the mayor did not come": what was done to someone, or in answer, when it happened
        cause, effect = _marked_clause(token)
    elif lower == "as" and token.dep_ == "mark" and token.head.dep_ == "advcl" and \
            token.head.i > token.head.head.i and \
            token.head.head.lemma_.lower() in _HARM and \
            any(c.dep_ == "auxpass" for c in token.head.head.children):
        # "two policemen were killed as police tried to evict squatters": harm suffered as
        # something happened (only then: "soldiers walk past as they patrol", "a strike
        # killed ten people as children played")
        cause, effect = _marked_clause(token)
    elif (lower in _UNTIL or lower == "with") and token.dep_ == "mark" and \
            token.head.dep_ == "advcl":
        # "vowed to keep demonstrating until he was released"; "with the government
        # appearing in no mood to talk, the doctors went on with the strike"
        cause, effect = _marked_clause(token)
    elif lower in _CANDIDATE_PREPS and token.dep_ == "prep" and token.head.pos_ in ("VERB",
                                                                                 "NOUN"):
        # "arrested following the clashes", "calls for a vote amid the turmoil"; not "after
        # Tuesday"
        obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.ent_type_ in _WHEN or obj.pos_ == "NUM" or \
                token.head.lemma_.lower() in _AFTER_VERBS:
            return None
        cause, effect = _span(_subtree(obj)), _span(_clause_without(token.head, token))
    elif lower in ("in", "during") and token.dep_ == "prep" and (
            token.head.lemma_.lower() in _HARM or
            token.head.lemma_.lower() in ("sustain", "suffer", "receive") and any(
                c.dep_ == "dobj" and c.lemma_.lower() in _INJURIES for c in token.head.children)):
        # "three people were killed in the explosion", "shot dead during a protest", "died
        # in the shootout", "sustained injuries in the melee"
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if obj is None or obj.ent_type_ or obj.lemma_.lower() in _BODY or \
                token.head.tag_ != "VBN" and obj.lemma_.lower() not in _MISHAPS:
            return None  # "killed in Kabul", "killed in 2019", "shot in the neck", "died in
            # hospital"
        cause, effect = _span(_subtree(obj)), _span(_clause_without(token.head, token))
    elif token.lemma_ == "leave" and token.pos_ == "VERB" and _subject_of(token) is not None:
        # "the clashes left at least six students injured"
        after = [t for c in token.children if c.i > token.i and c.dep_ != "punct"
                 for t in c.subtree]
        if not any(t.lower_ in _HARM_STATES for t in after):
            return None
        subject = _subject_of(token)
        if subject.lower_ in ("that", "which") and token.dep_ == "relcl":  # type: ignore[union-attr]
            doer = _clause_without(token.head, token)  # "violence that has left …"
        else:
            doer = _subtree(subject)  # type: ignore[arg-type]
        cause, effect = _span(doer), _span(after)
    else:
        return None
    relation = "cause"
    if cause is None or effect is None or cause == effect:
        return None
    return Link(relation, cause, effect, signal, bounds, basis="candidate")


def _condition_or_sequel(token: Token, bounds: tuple[int, int]) -> Link | None:
    """Two readings outside the signal table: a condition ("if an agreement is not reached
    the protests will continue", "unless they shelve the plan") and what follows an event
    ("following the blasts", also where it is parsed as a participle)."""
    lower = token.lower_
    if lower in _CONDITIONS and token.dep_ == "mark" and token.head.dep_ == "advcl" and \
            token.head.head.pos_ in ("VERB", "AUX") and token.i == token.head.left_edge.i:
        cause, effect = _marked_clause(token)
    elif lower == "for" and token.dep_ == "prep" and token.head.pos_ == "VERB" and \
            token.head.lemma_.lower() not in _SEEKING and any(
                c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children):
        # "arrested for blocking the traffic", "jailed for killing the legislator": a deed
        # one is punished, blamed or thanked for; not "pushed for changing the law"
        deed = next(c for c in token.children if c.dep_ == "pcomp")
        cause, effect = _span(_subtree(deed)), _span(_clause_without(token.head, token))
    elif lower == "by" and token.dep_ == "prep" and token.head.pos_ == "VERB" and \
            token.head.lemma_.lower() not in _MANNER_HOSTS and any(
                c.dep_ == "pcomp" and c.tag_ == "VBG" for c in token.children):
        # "protesters made the road impassable by piling stones on it": the means brings
        # about the result; not "began by thanking", "responded by asserting"
        deed = next(c for c in token.children if c.dep_ == "pcomp")
        cause, effect = _span(_subtree(deed)), _span(_clause_without(token.head, token))
    elif lower == "following" and (token.dep_ == "prep" or (
            token.pos_ == "VERB" and token.dep_ in ("advcl", "acl"))):
        obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp", "dobj")), None)
        if obj is None or obj.ent_type_ in _WHEN or obj.pos_ == "NUM":
            return None  # "following Tuesday's vote" still counts; "following 2019" not
        cause, effect = _span(_subtree(obj)), _span(_clause_without(token.head, token))
    else:
        return None
    if cause is None or effect is None or cause == effect:
        return None
    return Link("cause", cause, effect, (token.idx, token.idx + len(token.text)), bounds)


def _set_apart(action: Token, goal: Token) -> bool:
    """A purpose clause kept apart by a time from a verb of going on that otherwise takes
    "to" as its complement: "the strikes would continue in the coming days to express
    solidarity" (not "continue to", nor "planned on Monday to seek")."""
    return action.lemma_.lower() in _GOING_ON and goal.dep_ == "advcl" and not any(
        c.dep_ in ("dobj", "dative", "nsubjpass") for c in action.children if c.i < goal.i
    ) and any(action.i < c.i < goal.i and (c.dep_ == "npadvmod" or c.dep_ == "prep" and any(
        g.ent_type_ in _WHEN or g.lemma_.lower() in _PERIODS for g in c.children))
        for c in action.children)


def _gathering_called(action: Token) -> bool:
    """"called for a statewide bandh on Monday to condemn the murder": what it is for."""
    return any(c.dep_ == "prep" and c.lower_ == "for" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in GATHERINGS for g in c.children)
        for c in action.children)


def _purpose(to: Token, bounds: tuple[int, int]) -> Link | None:
    """'A to do B': an action done for a purpose; the purpose motivates the action."""
    goal = to.head
    action = goal.head
    organized = goal.dep_ in ("acl", "relcl") and (
        action.lemma_.lower() in GATHERINGS or
        action.lemma_.lower() in _ASSEMBLIES and action.dep_ == "dobj" and
        action.head.lemma_.lower() in _ORGANIZING)
    if goal.pos_ != "VERB" or goal.tag_ == "VBG" or goal.lemma_.lower() == "mention" or \
            goal.dep_ not in ("advcl", "xcomp", "acl") and not organized:  # "not to mention"
        return None
    if any(c.dep_ in ("nsubj", "mark") and c.i < to.i for c in goal.children):
        return None  # "a breeding ground for extremists to grow": what it allows, not a goal
    if action.lemma_ == "be" and goal.dep_ == "xcomp":
        # "the protest was to make the government realise …": what the gathering was for
        subject = _subject_of(action)
        if subject is None or subject.lemma_.lower() not in GATHERINGS:
            return None
        cause, effect = _span(_subtree(goal)), _span(_subtree(subject))
        if cause is None or effect is None:
            return None
        return Link("motivate", cause, effect, (to.idx, to.idx + len(to.text)), bounds)
    if organized:
        # "staged a demonstration to protest the construction", "organised a convention to
        # mobilise support": what the gathering was for
        action = _clause_head(action)
    elif action.pos_ not in ACTION_POS or action.lemma_.lower() in NOT_PURPOSE and not (
            _set_apart(action, goal) or _gathering_called(action)):
        return None
    if goal.dep_ == "xcomp" and not _gathering_called(action) and not any(
            c.dep_ in ("dobj", "nsubjpass") for c in action.children if c.i < goal.i):
        return None
    if goal.dep_ == "acl" and action.pos_ not in ("VERB", "AUX"):
        return None
    cause = _span(_subtree(goal))
    effect = _span(_clause_without(action, goal))
    if cause is None or effect is None:
        return None
    return Link("motivate", cause, effect, (to.idx, to.idx + len(to.text)), bounds)
