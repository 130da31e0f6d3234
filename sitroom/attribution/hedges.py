"""Hedge cues and the certainty they leave a statement with.

The cue list is our own data (`sitroom/data/hedges.tsv`): modal verbs and adverbs,
evidentials ("appears", "suggests"), belief verbs, reporting hedges ("reportedly",
"allegedly") and doubt words. A few readings are not hedges and are ruled out here:
"may" the month, modal words that are not modals, "appeared in the film", nouns spelled like
belief verbs. Attribution itself ("said", "according to") is the quotes extractor's business:
a reported statement is not for that reason an uncertain one. The list's matches are a
feature of the learned cue tagger (`certainty.py`), which decides which words are cues; the
list's fourth column says where the list overrides it (`Hedge.floor`).

Vagueness is a second, separate reading: weasel wording in the sense of the CoNLL-2010
Wikipedia task ("some critics argue", "it is widely believed", "many consider"), where a
statement leans on unnamed or uncountable support. A small learned model
(`sitroom/data/models/vague.json`, logistic regression over lemmas, lemma pairs and the hedge
cues above; trained on the WikiWeasel train lists by `python -m benchmarks.train_models
vague`) decides it per sentence, and counts only where the sentence holds a weasel word of
our list (`is_weasel`) that the model weighs towards vagueness; those words are the cues.
The two gold sets disagree on thousands of shared sentences, so certainty (the Szeged
reading) and vagueness are kept apart rather than merged.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..records import CERTAINTIES, CERTAINTY_RANK
from ..tables import data_rows
from ..tokens import PerParse, TokenStrings
from .linear import Features, LinearModel, load_model

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token as SpacyToken

@dataclass(frozen=True)
class Hedge:
    start: int  # character offsets
    end: int
    certainty: str
    cls: str
    # When the cue counts (`data/hedges.tsv`, fourth column): None where the cue tagger's
    # threshold decides, 0.0 always, infinity never, else the tagger probability it needs.
    floor: float | None = None


@lru_cache(maxsize=1)
def lexicon() -> dict[tuple[str, ...], tuple[str, str, float | None]]:
    """Cue phrase (words) → certainty it leaves, class, when it counts (see `Hedge`)."""
    return {tuple(phrase.split()): (certainty, cls, _floor(counts))
            for phrase, certainty, cls, counts in data_rows("hedges.tsv", 4)}


def _floor(counts: str) -> float | None:
    if counts == "always":
        return 0.0
    if counts == "never":
        return math.inf
    return float(counts) if counts not in ("", "model") else None


SEEN_AS = frozenset({"see", "view", "perceive"})


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(k) for k in lexicon())


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The words a cue phrase can start with (no match starts at any other word)."""
    return frozenset(k[0] for k in lexicon() if k)


def find_hedges(span: SpacySpan, vetoes: bool = False) -> list[Hedge]:
    """Hedge cues inside a sentence or clause, longest match first (`vetoes`: with the
    phrases that are no cue, "no doubt", whose words the learned tagger may not take)."""
    found = _matches(span)
    return found if vetoes else counting(found)


def counting(hedges: list[Hedge]) -> list[Hedge]:
    """`hedges` without the vetoes."""
    return [h for h in hedges if h.floor != math.inf]


def _read_starts(doc: Doc) -> tuple[list[int], list[int]]:
    strings, firsts = TokenStrings.of(doc), _first_words()
    return ([i for i, word in enumerate(strings.lower) if word in firsts],
            [i for i, lemma in enumerate(strings.lemma) if lemma in SEEN_AS])


# the indices of the words of a parse that a cue phrase can start with, and of those whose
# lemma is a verb of seeing (`SEEN_AS`), in order: found once per parse
_starts: PerParse[tuple[list[int], list[int]]] = PerParse(_read_starts)


def _matches(span: SpacySpan) -> list[Hedge]:
    strings = TokenStrings.of(span.doc)
    words = strings.lower[span.start:span.end]
    table, longest = lexicon(), _longest()
    starts, seen = _starts(span.doc)
    out: list[Hedge] = []
    free = span.start  # the first word a match may start at (the words before are in one)
    for at in starts[bisect_left(starts, span.start):bisect_left(starts, span.end)]:
        if at < free:
            continue
        i = at - span.start
        for length in range(min(longest, len(words) - i), 0, -1):
            hit = table.get(tuple(words[i:i + length]))
            if hit and _is_hedge(span, i, length):
                out.append(Hedge(strings.idx[at], strings.end[at + length - 1], *hit))
                free = at + length
                break
    doc = span.doc
    for token in [doc[i] for i in seen[bisect_left(seen, span.start):
                                       bisect_left(seen, span.end)]]:
        # "was often seen as", "is widely viewed as", "are perceived as": a passive of
        # seeing with "as", whatever stands between the auxiliary and the verb
        if token.tag_ == "VBN" and \
                any(c.dep_ == "auxpass" for c in token.children) and \
                not any(h.start <= token.idx < h.end for h in out):
            as_ = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "as"),
                       None)
            if as_ is not None:
                last = as_ if as_.i == token.i + 1 else token
                out.append(Hedge(token.idx, last.idx + len(last.text), "probable", "doxastic"))
    return sorted(out, key=lambda h: h.start)


def _is_hedge(span: SpacySpan, i: int, length: int) -> bool:
    token = span[i]
    lower = token.lower_
    if lower == "may" and (token.is_title and token.pos_ == "PROPN" or token.ent_type_ == "DATE"):
        return False  # the month
    if lower == "may" and any(c.dep_ == "nsubj" and c.i > token.i and "1" in c.morph.get(
            "Person", []) for c in token.head.children):
        return False  # "may I", "may we": asking leave
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


def weakest(levels: Iterable[str]) -> str:
    """The weakest certainty among `levels` (none: certain)."""
    return max(levels, key=CERTAINTY_RANK.__getitem__, default=CERTAINTIES[0])


def certainty_of(hedges: Iterable[Hedge]) -> str:
    """The weakest certainty any cue leaves (no cue: certain)."""
    return weakest(h.certainty for h in hedges)


@dataclass(frozen=True)
class Tagged:
    """What the learned cue tagger (`certainty.py`) read in a sentence: its most hedging
    word's probability and the lemmas of the words it took for cues."""

    top: float
    cues: tuple[tuple[int, int, str], ...]  # start, end, lemma of each word taken for a cue


_WORDS: PerParse[dict[tuple[int, int], list[str]]] = PerParse(lambda doc: {})


def word_features(span: SpacySpan) -> list[str]:
    """The names of a span's lemma ("w:") and lemma pair ("b:") features, in order (its
    words without punctuation and space; a number is "#"): the vagueness and causal models
    both read them of each sentence, so they are made once per span of a parse."""
    known = _WORDS(span.doc)
    names = known.get((span.start, span.end))
    if names is None:
        lemmas = [w for w in TokenStrings.of(span.doc).word[span.start:span.end]
                  if w is not None]
        names = known[(span.start, span.end)] = ["w:" + lemma for lemma in lemmas] + [
            f"b:{first}_{second}" for first, second in zip(lemmas, lemmas[1:], strict=False)]
    return names


def sentence_features(span: SpacySpan, hedges: list[Hedge] | None = None,
                      tagged: Tagged | None = None,
                      maybe: list[SpacyToken] | None = None) -> Features:
    """What the vagueness model reads: lemmas, lemma pairs, the hedge cues found
    (`hedges`, when the caller has already looked for them in `span`) and, where the model
    was trained with them, the cue tagger's reading (`tagged`) (`maybe`: `_maybe_weasels`
    of `span`, when the caller has them)."""
    features: Features = {}
    if tagged is not None:
        features["tag:top"] = tagged.top
        for _start, _end, lemma in tagged.cues:
            features["tag:" + lemma] = 1.0
    features.update(dict.fromkeys(word_features(span), 1.0))
    if hedges is None:
        hedges = find_hedges(span)
    from ..nlp import doc_text

    text = doc_text(span.doc)  # joined once per parse
    for hedge in hedges:
        features["h:" + text[hedge.start:hedge.end].lower()] = 1.0
        features["hc:" + hedge.certainty] = 1.0
    features["h:any"] = float(bool(hedges))
    for token in _maybe_weasels(span) if maybe is None else maybe:
        kind = weasel_kind(token)
        if kind:
            features["ws:" + token.lemma_.lower()] = 1.0
            features["wk:" + kind] = 1.0
    return features


# A sentence is vague only when the model says so and it holds a weasel word (`weasel_kind`)
# that the model weighs towards vagueness: a flag always names its words. Three kinds:
# support nobody can check ("some say", "many experts", "it is widely believed"), an
# uncounted quantity ("some of the buildings", "many towns"; not "some 12,000 troops", "how
# many", "the most central issue") and puffery ("the famous", "legendary").
WEASEL_WORDS = frozenset(
    "generally widely commonly often usually typically probably possibly allegedly "
    "reportedly supposedly arguably purportedly".split())
# Nouns of unnamed sources: only as a bare plural subject ("analysts said", "critics argue"),
# not "Michael Rubin, an Iran analyst" or "eight observers from the OSCE".
SOURCE_NOUNS = frozenset(
    "critic skeptic sceptic observer expert commentator scholar historian analyst".split())
QUANTIFIERS = frozenset("some many several most certain numerous various".split())
# Praise that stands in for evidence (the Wikipedia "peacock" words).
PUFFERY = frozenset(
    "famous renowned legendary celebrated acclaimed iconic influential notable prominent "
    "prestigious".split())
GROUPS = frozenset(
    "people person expert critic observer analyst scholar historian official commentator "
    "source member resident economist scientist researcher diplomat lawmaker activist voter "
    "user fan reader viewer writer author academic country nation government state leader "
    "politician other democrat republican conservative liberal supporter opponent "
    "skeptic sceptic".split())


# Belief and speech verbs: agentless in the passive ("is believed to", "it has been claimed
# that", "has been questioned") they hide who holds the view; with a quantified subject
# ("many biographers have noted") they spread it over nobody in particular.
VIEW_VERBS = frozenset(
    "believe consider claim argue say think question regard see know rumor rumour suggest "
    "allege report note contend maintain assert feel describe speculate theorize view "
    "deem".split())


def is_weasel(token: SpacyToken) -> bool:
    lemma = token.lemma_.lower()
    if lemma in WEASEL_WORDS:
        return True
    if lemma in VIEW_VERBS and token.tag_ == "VBN":
        if any(c.dep_ == "neg" for c in token.children) or token.head.lemma_ == "remain":
            return False  # "the cause is not known", "it remains to be seen": doubt, not
            # support nobody can check
        return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) and not any(
            c.dep_ == "agent" for c in token.children)
    if lemma in SOURCE_NOUNS:
        return token.dep_ in ("nsubj", "nsubjpass") and token.tag_ == "NNS" and not any(
            c.dep_ in ("nummod", "poss", "compound", "appos") for c in token.children)
    if lemma not in QUANTIFIERS or any(c.lower_ == "how" for c in token.children):
        return False
    if token.dep_ in ("nsubj", "nsubjpass"):
        return True  # "some say", "many have seen"
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "by":
        # "viewed as too passive by some", "is considered by many": whose view the sentence
        # gives without naming them (not "shelled by some of the rebels": who did it)
        verb = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None)
        return verb is not None and verb.tag_ == "VBN" and verb.lemma_.lower() in VIEW_VERBS
    if token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True  # "according to many"
    if token.dep_ not in ("amod", "det", "nummod"):
        return False
    if head.lemma_.lower() in GROUPS:
        # "many analysts credit …", "according to some experts"; not "arrested several
        # leaders", "several leaders were detained": a number of people, not support
        return head.dep_ not in ("dobj", "nsubjpass")
    return head.dep_ == "nsubj" and head.tag_ == "NNS" and \
        head.head.lemma_.lower() in VIEW_VERBS


# The lemmas a weasel word of any kind has (an uncounted amount also by its form).
WEASEL_LEMMAS = WEASEL_WORDS | VIEW_VERBS | SOURCE_NOUNS | QUANTIFIERS | PUFFERY


def _maybe_weasels(span: SpacySpan) -> list[SpacyToken]:
    """The words of `span` whose lemma or form `weasel_kind` looks at further (it gives
    None for every other word), in order."""
    strings, doc = TokenStrings.of(span.doc), span.doc
    lemmas, lowers = strings.lemma, strings.lower
    return [doc[i] for i in range(span.start, span.end)
            if lemmas[i] in WEASEL_LEMMAS or lowers[i] in QUANTIFIERS]


def weasel_kind(token: SpacyToken) -> str | None:
    """"support", "amount" or "puffery" when `token` is a weasel word of that kind."""
    if token.lemma_.lower() not in WEASEL_LEMMAS and token.lower_ not in QUANTIFIERS:
        return None
    if is_weasel(token):
        return "support"
    lower = token.lower_
    if lower in QUANTIFIERS:  # an amount left uncounted
        doc = token.doc
        if token.i + 1 < len(doc) and doc[token.i + 1].like_num:
            return None  # "some 12,000 troops": a round number, counted
        if any(c.lower_ in ("how", "so", "too", "as") for c in token.children) or (
                token.head.lemma_.lower() in ("day", "time", "point", "way")):
            return None  # "at some point" is when, not how much
        if lower == "most" and token.dep_ == "advmod":
            return None  # "the most central issue"
        if lower == "certain" and token.dep_ not in ("amod", "det"):
            return None  # "he is certain"
        return "amount"
    if token.lemma_.lower() in PUFFERY and token.pos_ in ("ADJ", "ADV"):
        return "puffery"
    return None


def _flags(token: SpacyToken) -> bool:
    """Whether a weasel word may be a claim's vague cue. All three kinds are features of
    the model; an uncounted amount flags only as (part of) the subject, where it stands for
    who holds or does what the sentence says ("Some people blew horns", "Many analysts
    doubt it"): "destroyed many towns" or "will take several years" is imprecise, and
    flagging it on 40 allsides-intl articles (89 sentences of 1,443, against 62) mostly
    flagged such measures, not support nobody can check."""
    kind = weasel_kind(token)
    if kind != "amount":
        return kind is not None
    return token.dep_ in ("nsubj", "nsubjpass") or token.head.dep_ in ("nsubj", "nsubjpass")


@dataclass(frozen=True)
class Vagueness:
    vague: bool
    score: float
    cues: tuple[tuple[int, int], ...]  # character offsets of its weasel words


def vagueness(span: SpacySpan, model: LinearModel | None = None,
              hedges: list[Hedge] | None = None, tagged: Tagged | None = None) -> Vagueness:
    """Whether a sentence leans on unnamed or uncountable support, and the words that say so
    (`hedges`: the sentence's hedge cues, when the caller has them; `tagged`: the cue
    tagger's reading of it, which the model reads when it was trained with it)."""
    model = model or load_model("vague")
    if not model.about.get("tagged"):
        tagged = None
    maybe = _maybe_weasels(span)
    p = model.probability(sentence_features(span, hedges, tagged, maybe))
    cues = [(t.idx, t.idx + len(t.text)) for t in maybe if _flags(t) and (
        model.weights.get("w:" + t.lemma_.lower(), 0.0)
        + model.weights.get("ws:" + t.lemma_.lower(), 0.0)) > 0]
    if tagged is not None:
        cues += [(start, end) for start, end, lemma in tagged.cues
                 if model.weights.get("tag:" + lemma, 0.0) > 0 and (start, end) not in cues]
    vague = p >= model.threshold and bool(cues)
    return Vagueness(vague, round(p, 3), tuple(sorted(cues)) if vague else ())
