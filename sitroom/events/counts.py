"""The event-counts stage (requires: events; assigns: `Event.fatalities`, `injured`,
`arrested`, `displaced`).

A count is a figure of people a casualty word gives in a sentence (`data/casualty_words.tsv`):
the object of "killed 12", the subject of "12 were killed" or "12 died", "40 deaths", "left 12
dead", "claimed 40 lives", "the death toll rose to 40". Its number is read by
`arguments.quantity_of`; a vague one ("dozens", "several hundred") is no number. A count goes
on an event when the two are one clause: the count is the event's own ("killed 12" on the
killing), the event is an argument of the counting word ("the attack killed 12", "died in
the bombing", "the death toll from the bombing"), or the counting word hangs on the event as
a participle, relative clause or coordinated verb without a subject of its own ("stormed the
village, killing 40", "an attack that killed 12", "killed 12 and wounded 30"). A count left
over in the sentence after one with killings goes on them when it plainly continues them
("A bomb exploded at a market. The blast killed 25 people.", "… At least 20 people were
killed, officials said."). People killed go only on events of killing; the other kinds on
events of their kind and on events of killing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..records import ArticleAnalysis, Event
from ..tables import data_rows
from ..tokens import TokenStrings
from .arguments import VAGUE, quantity_of
from .coder import FUTURE_AUX, HYPOTHETICAL_AUX
from .tree import Tree

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

KINDS = ("killed", "injured", "arrested", "displaced")
COUNTED_MODALITIES = frozenset({"asserted", "reported"})  # not negated, hypothetical, future
# How a count's word may hang on the event's trigger (the count's side) and how the trigger
# may sit inside the count word's phrase (the event's side).
COUNT_SIDE = frozenset({"advcl", "relcl", "acl", "conj", "xcomp", "dobj", "oprd", "pcomp"})
EVENT_SIDE = frozenset({"nsubj", "nsubjpass", "agent", "pobj", "prep", "compound", "poss",
                        "dobj", "appos", "conj", "amod"})  # "carried out an attack, killing 12"
PATIENTS = ("dobj", "nsubjpass")
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
UNREAL_AUX = HYPOTHETICAL_AUX | FUTURE_AUX
ALONG = frozenset({"along", "together"})  # "killed … along with three others"
RANGE_WORDS = frozenset({"to", "and", "or", "-", "–"})
# Prepositions of a phrase that a count may sit in and still be its event's ("in an assault
# that killed 4", "the attack on the consulate in Benghazi that left four dead")
INNER_PREPS = frozenset({"in", "during", "of", "on", "at"})
# Entity types a full name killed may carry when the tagger missed the person ("fatally shot
# Anwar Abdulhadi Qudaih", tagged FAC); not a state, a group or a place.
NAME_TYPES = frozenset({"", "PERSON", "FAC"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
SINGULAR_DETERMINERS = frozenset({"a", "an", "one", "the", "this", "that", "another"})


@dataclass(frozen=True)
class Words:
    """`data/casualty_words.tsv`, by role."""

    codes: tuple[tuple[str, str], ...]  # (CAMEO code prefix, kind)
    verbs: dict[str, tuple[tuple[str, str, str], ...]]  # lemma → (kind, slot, frame word)
    nouns: dict[str, tuple[str, str]]  # lemma → (kind, slot)
    life_verbs: frozenset[str]
    toll_preps: tuple[str, ...]
    vague: frozenset[str]
    collective: frozenset[str]
    person: frozenset[str]
    anaphor: frozenset[str]
    when: frozenset[str]
    carried: frozenset[str]
    rank: frozenset[str]  # "No. 2", "number two": a rank, not a count


@lru_cache(maxsize=1)
def words() -> Words:
    rows = list(data_rows("casualty_words.tsv", 5))
    verbs: dict[str, list[tuple[str, str, str]]] = {}
    for _, word, kind, slot, _note in (r for r in rows if r[0] == "verb"):
        lemma, _, frame = word.partition(" ")
        verbs.setdefault(lemma, []).append((kind, slot, frame))

    def of(role: str) -> list[str]:
        return [r[1] for r in rows if r[0] == role]

    return Words(
        codes=tuple((r[1], r[2]) for r in rows if r[0] == "code"),
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={r[1]: (r[2], r[3]) for r in rows if r[0] == "noun"},
        life_verbs=frozenset(of("life")), toll_preps=tuple(of("toll")),
        vague=frozenset(of("vague")) | frozenset(VAGUE), collective=frozenset(of("collective")),
        person=frozenset(of("person")), anaphor=frozenset(of("anaphor")),
        when=frozenset(of("when")), carried=frozenset(of("carry")), rank=frozenset(of("rank")))


@lru_cache(maxsize=1024)
def kinds_of(cameo: str) -> frozenset[str]:
    """The kinds of count an event of this CAMEO code takes: a killing takes all four."""
    kinds = {kind for prefix, kind in words().codes if cameo.startswith(prefix)}
    return frozenset(KINDS) if "killed" in kinds else frozenset(kinds)


@dataclass(frozen=True)
class Count:
    """A figure of people in a sentence: its kind, its value (None: no exact number), the
    word that counts (a verb or a noun) and whether only its own phrase may hold the event
    (a death toll)."""

    kind: str
    value: int | None
    word: Token
    counted: Token | None = None  # the phrase counted, where it is not the word itself
    named: bool = False  # one person named or described ("a child"), not a number
    own_phrase: bool = False


# -- numbers of people -------------------------------------------------------------------------

def people(noun: Token, persons: frozenset[int] = frozenset()) -> int | None:
    """How many people a noun phrase names, its coordinated parts summed ("himself and 20
    others": 21); None when any part gives no exact number. `persons`: the tokens of the
    article's named people ("killed Otto Warmbier": 1)."""
    while noun.dep_ == "conj" and noun.head.pos_ in NOMINAL and _amount(noun) is None:
        noun = noun.head  # "two civilians and a Thai worker killed": from the first (not
        # "…, two brothers in X, and three fighters killed in a strike": those three)
    named = [a for a in noun.children if a.dep_ == "appos" and a.tag_ == "NNP"]
    total = 0
    for part in (noun, *(c for t in (noun, *named) for c in t.conjuncts
                         if c.i > t.i and c.pos_ in NOMINAL)):
        value = _head_count(part, persons)
        if value is None:
            return None
        total += value
    return total


def _head_count(noun: Token, persons: frozenset[int]) -> int | None:
    table = words()
    amount = _amount(noun)
    if amount is not None and not _rank(noun.doc, amount[0]):  # "the No. 2 leader": one
        start, end, value, _unit, _approximate = amount
        span = list(noun.doc.char_span(start, end, alignment_mode="expand") or ())
        said = {t.lower_ for t in span}
        said |= {c.lower_ for c in noun.children if c.dep_ in ("amod", "quantmod", "advmod")}
        if "as" in said:
            said -= {"many", "few"}  # "as many as 300": the figure stated, a bound
        if value is None or said & table.vague or not float(value).is_integer():
            return None
        if span and _range(noun.doc[max(span[0].i - 2, noun.sent.start):span[-1].i + 1]):
            return None  # "between 322 and 1,300 people", "12 to 15"
        return int(value)
    if noun.lower_ in table.vague:
        return None  # "anyone was killed", "all were killed"
    if noun.lower_ in table.person:
        return 1
    if noun.lemma_.lower() in table.collective or noun.tag_ not in ("NN", "NNP"):
        return None
    if any(c.lower_ in table.vague and c.lower_ + c.doc[min(c.i + 1, len(c.doc) - 1)].lower_
           not in table.rank for c in noun.children):  # "no", not "No. 2"
        return None
    if noun.tag_ == "NNP":
        full_name = noun.ent_type_ in NAME_TYPES and any(
            c.dep_ == "compound" and c.tag_ == "NNP" for c in noun.children)
        return 1 if noun.ent_type_ == "PERSON" or noun.i in persons or full_name else None
    return 1  # "a child", "the driver", "al-Shabab's top explosives expert", a headline's
    # "U.S. student killed"


def _rank(doc: Doc, start: int) -> bool:
    """Whether the words before the number at character `start` make it a rank ("No. 2",
    "number two")."""
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    i = first.start if first is not None else 0
    before = {doc[i - 1].lower_, "".join(t.lower_ for t in doc[max(i - 2, 0):i])} if i else set()
    return bool(before & words().rank)


def _amount(noun: Token) -> tuple[int, int, float | None, str | None, bool] | None:
    """`quantity_of`, but not a date's number ("the November 14 assassination")."""
    amount = quantity_of(noun)
    if amount is None:
        return None
    span = noun.doc.char_span(amount[0], amount[1], alignment_mode="expand") or ()
    if any(t.like_num and t.ent_type_ in ("DATE", "TIME") for t in span):
        return None
    return amount


def _range(tokens: Span) -> bool:
    """Whether the words hold a range of numbers ("322 and 1,300", "12 to 15", "12-15")."""
    words = list(tokens)
    return any(a.like_num and b.lower_ in RANGE_WORDS and c.like_num and (
        b.is_alpha or (a.is_digit and c.is_digit))  # not "Twenty-one"
        for a, b, c in zip(words, words[1:], words[2:], strict=False))


def _of_phrase(noun: Token) -> Token | None:
    """The object of the noun's "of" ("the lives of 40 people", "the deaths of two men")."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


# -- counts in a sentence --------------------------------------------------------------------

def counts_in(sent: Span, persons: frozenset[int] = frozenset()) -> list[Count]:
    """Every figure of people the casualty words of a sentence give (`persons`: see
    `people`)."""
    out: list[Count] = []
    table = words()
    doc, strings = sent.doc, TokenStrings.of(sent.doc)
    for i in range(sent.start, sent.end):
        # the words are tested on the parse's strings; only a casualty word becomes a Token
        lemma, lower, pos = strings.lemma[i], strings.lower[i], strings.pos[i]
        verb = pos in ("VERB", "AUX") and lemma in table.verbs
        if not verb and not (pos in ("NOUN", "ADJ", "PROPN") and (
                lemma in table.nouns or lower in table.nouns)):
            continue
        token = doc[i]
        if _unreal(token):
            continue
        if verb:
            out.extend(_verb_counts(token, table.verbs[lemma], persons))
        else:
            kind, slot = table.nouns.get(lemma) or table.nouns[lower]
            count = _noun_count(token, kind, slot, persons)
            if count is not None:
                out.append(count)
    return out


def _unreal(word: Token) -> bool:
    """Whether a counting word tells of what did not (or not yet) happen, or not only of
    it: "would kill 100,000", "did not kill anyone", "would leave 100 dead", "killing Kim is
    an option", "a reason to kill a man", "were killed, wounded or reported missing"."""
    verb = word if word.pos_ in ("VERB", "AUX") else word.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if word.tag_ == "VBG" and word.dep_ in ("csubj", "nsubj", "nsubjpass"):
        return True
    if verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True  # an aim, not a report of deaths
    near = [verb, *(c for c in verb.children if c.dep_ in ("conj", "advcl"))]
    if verb.dep_ == "conj":
        near.append(verb.head)
    if any(c.dep_ == "cc" and c.lower_ == "or" for t in near for c in t.children):
        return True
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in UNREAL_AUX)
               for c in verb.children)


def _verb_counts(verb: Token, senses: tuple[tuple[str, str, str], ...],
                 persons: frozenset[int]) -> list[Count]:
    """The count of a verb in its first sense that fits (a sense with a frame word first:
    "fatally wounded" is killed, "wounded" injured)."""
    for kind, slot, frame in sorted(senses, key=lambda sense: not sense[2]):
        if frame and not _holds(verb, frame):
            continue  # "shot" without "dead", "rounded" without "up"
        phrase = _slot(verb, slot)
        if phrase is None:
            return []
        value = people(phrase, persons)
        for extra in _also_counted(verb, phrase):
            more = people(extra, persons)
            value = None if value is None or more is None else value + more
        return [Count(kind, value, verb, phrase, named=_named(phrase))]
    return []


def _also_counted(verb: Token, phrase: Token) -> list[Token]:
    """Further people of the same count: "killed … along with three other Americans", "17
    civilians in Talbiseh and 11 in Zafaraniya" (a bare number with a place of its own)."""
    out = [g for c in verb.subtree if c.dep_ == "prep" and c.lower_ == "with" and any(
        a.lower_ in ALONG for a in (c.head, *c.children)) and _same_clause(c, verb)
        for g in c.children if g.dep_ == "pobj"]
    for token in [*phrase.subtree, *verb.children]:
        if token.dep_ == "conj" and token.like_num and token.ent_type_ != "DATE" and \
                token.head.dep_ in ("pobj", "ROOT", "ccomp", "conj", "relcl", "advcl") and any(
                c.dep_ in ("prep", "advmod") for c in token.children):
            out.append(token)
    return out


def _same_clause(token: Token, verb: Token) -> bool:
    """Whether no other verb stands between the token and the verb above it."""
    while token.head.i != verb.i:
        if token.head.i == token.head.head.i or token.head.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return True


def _named(phrase: Token) -> bool:
    """Whether the people counted are one person named or pointed at ("Stevens", "her
    brother", "the ambassador"), not a number nor "a journalist"."""
    return not any(t.like_num or t.lower_ in VAGUE or (t.dep_ == "det" and t.lower_ in (
        "a", "an")) for t in phrase.subtree)


def _holds(verb: Token, word: str) -> bool:
    """Whether the verb's frame holds the word: a child ("shot dead", "fatally shot") or the
    object of a preposition ("stabbed to death")."""
    return any(c.lower_ == word or (c.dep_ == "prep" and any(
        g.lower_ == word for g in c.children)) for c in verb.children)


def _slot(verb: Token, slot: str) -> Token | None:
    """Who is counted: the subject ("12 died"), or the object, the subject of a passive, the
    noun a participle modifies ("12 people killed in …") or the subject of an elided
    passive ("12 were killed and 30 wounded")."""
    children = list(verb.children)
    if slot == "subject":
        return next((c for c in children if c.dep_ == "nsubj"), None)
    found = next((c for c in children if c.dep_ == "dobj"), None) or next(
        (c for c in children if c.dep_ == "nsubjpass"), None)  # "he's killed thousands"
    if found is not None and found.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        return verb.head  # "Rabin, who was assassinated"
    if found is not None:
        return found
    if (upwards := next((c for c in children if c.dep_ == "advmod" and _of_phrase(c)),
                        None)) is not None:
        return _of_phrase(upwards)  # "killed upwards of 350 people"
    if verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN",
                                                                       "NUM"):
        return verb.head
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and subject is None:
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if shared is not None:
            return shared  # "three protesters were shot and killed"
    if verb.tag_ in ("VBN", "VBD") and subject is not None and (
            subject.like_num or subject.lower_ in VAGUE):
        return subject  # "12 dead and 30 injured": a bare number is who was injured
    return None


def _noun_count(noun: Token, kind: str, slot: str, persons: frozenset[int]) -> Count | None:
    if noun.dep_ == "compound":
        return None  # "death penalty", "the death toll"'s "death"
    if slot == "toll":
        value = _toll(noun)
        return Count(kind, value, noun, own_phrase=True) if value is not None else None
    if noun.lemma_.lower() == "life" and not (
            noun.dep_ in PATIENTS and noun.head.lemma_.lower() in words().life_verbs):
        return None  # "saved 40 lives", "changed the lives of millions"
    if _amount(noun) is not None:
        return Count(kind, people(noun, persons), noun)
    inner = _of_phrase(noun) or _owner(noun, persons)
    if inner is not None:
        return Count(kind, people(inner, persons), noun, inner)
    if noun.pos_ == "ADJ" and noun.dep_ in ("oprd", "acomp", "xcomp", "ccomp"):
        held = next((c for c in noun.head.children if c.dep_ == "dobj"), None)
        if held is not None:  # "left more than 80 people dead"
            return Count(kind, people(held, persons), noun.head, held)
    return None


def _owner(noun: Token, persons: frozenset[int]) -> Token | None:
    """A named person whose death the noun is ("Foley's execution")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None and (owner.ent_type_ == "PERSON" or owner.i in persons):
        return owner
    return None


def _toll(noun: Token) -> int | None:
    """The figure a death toll's verb gives it ("rose to 40", "stood at 40", "is 40",
    "reached 40"); None when it gives none."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass") or verb.pos_ not in ("VERB", "AUX"):
        return None
    for prep in words().toll_preps:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == prep:
                figure = next((g for g in child.children if g.dep_ == "pobj"), None)
                if figure is not None:
                    return people(figure)
    figure = next((c for c in verb.children if c.dep_ in ("attr", "dobj")), None)
    return people(figure) if figure is not None else None


# -- which event a count belongs to ------------------------------------------------------------

def distance(trigger: Token, count: Count) -> int | None:
    """How far apart in one clause a count and an event's trigger are (0: the count is the
    event's own), None when the count is not the event's."""
    if count.word.i == trigger.i:
        return 0
    event_side = _climb(trigger, 4, _inside)
    if count.counted is not None and count.counted.i in event_side:
        return None  # the event is inside the people counted: "the mastermind of the killing
        # was arrested"
    if count.word.pos_ == "NOUN" and any(t.dep_ == "conj" for t in _path(trigger, count.word)):
        return None  # "the killing of Khashoggi and the war in Yemen": the killing's count
    if count.named and any(t.dep_ == "prep" for t in _path(trigger, count.word)):
        return None  # "her brother died in the 2002 attack in Bali": a victim, not the toll
    count_side = {count.word.i: 0} if count.own_phrase else _climb(
        count.word, 6 if count.word.dep_ == "relcl" else 2, lambda t: _hangs(t, count))
    shared = [event_side[i] + steps for i, steps in count_side.items() if i in event_side]
    return min(shared) if shared else None


def _path(token: Token, top: Token) -> list[Token]:
    """The tokens from `token` up to (not including) `top`, or [] when `top` is not above."""
    out = []
    while token.i != top.i:
        out.append(token)
        if token.head.i == token.i:
            return []
        token = token.head
    return out


def _inside(token: Token) -> bool:
    """Whether an event's trigger lies within its head's phrase: a subject, an agent, the
    object of a preposition, a modifier, a coordinated noun ("airstrikes and shelling
    killed"), not a coordinated clause with a subject of its own ("… killed an officer, and
    a vehicle was hit")."""
    if token.dep_ == "advcl":
        return any(c.dep_ in ("mark", "advmod") and c.lower_ in words().when
                   for c in token.children)
    if token.dep_ not in EVENT_SIDE:
        return False
    return token.dep_ != "conj" or not any(
        c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and not c.like_num)
        for c in token.children)  # "… and two were wounded when rockets were fired"


def _climb(token: Token, most: int, may_rise: Callable[[Token], bool]) -> dict[int, int]:
    """The token and its heads, with the steps to each, while `may_rise` lets it go up."""
    out = {token.i: 0}
    for step in range(1, most + 1):
        if token.head.i == token.i or not may_rise(token):
            break
        token = token.head
        out[token.i] = step
    return out


def _hangs(token: Token, count: Count) -> bool:
    """Whether a count's word hangs on its head within one event: a participle ("…,
    killing 40"), a relative clause, a verb coordinated without a subject of its own (the
    counted subject of a passive is not its own: "and 30 were wounded"), an object."""
    if token.dep_ == "prep":  # "stormed …, in an assault that killed 4", "the bombing of the
        # compound in Beirut, which killed 241"
        return token.lower_ in INNER_PREPS
    if token.dep_ == "pobj":
        return token.head.lower_ in INNER_PREPS and token.head.dep_ == "prep"
    if token.dep_ not in COUNT_SIDE:
        return False
    if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
        return False  # "after Hamas killed 12": another event
    if token.dep_ == "conj":
        return not any(c.dep_ in ("nsubj", "nsubjpass") and not _same(c, count.counted)
                       for c in token.children)
    return True


def continues(count: Count) -> bool:
    """Whether a count with no event in its sentence plainly goes on with the sentence
    before: "The blast killed 25", "The death toll rose to 40", "At least 20 people were
    killed, officials said" (not "… were killed in Kyiv", "… since the war began")."""
    table = words()
    word = count.word
    if count.own_phrase:
        return _definite(word) and not any(c.dep_ == "prep" for c in word.children)
    if word.pos_ not in ("VERB", "AUX") and word.dep_ in PATIENTS + ("oprd",):
        word = word.head  # "the attack left some 1,300 dead"
    if word.pos_ not in ("VERB", "AUX") or word.dep_ not in ("ROOT", "ccomp", "parataxis",
                                                             "conj"):
        return False
    subject = next((c for c in word.children if c.dep_ == "nsubj" and
                    not _same(c, count.counted)), None)
    if subject is not None:
        return subject.lemma_.lower() in table.anaphor and _definite(subject)
    return all(_goes_on(child) for child in word.children)


def _goes_on(child: Token) -> bool:
    """Whether a word on a counting verb leaves the count with the event before: a date
    ("on Tuesday"), the event itself ("in the attack"), a participle ("…, bringing the
    toll to 130"), not a place, a cause or a time span of its own ("in Kyiv", "since the war
    began", "by a roadside bomb")."""
    if child.dep_ in ("agent", "advmod") or (child.dep_ == "advcl" and any(
            c.dep_ == "mark" for c in child.children)):
        return False
    if child.dep_ == "npadvmod":
        return child.ent_type_ in ("DATE", "TIME")
    if child.dep_ == "prep":
        pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
        return _anaphoric_prep(child) or (child.lower_ == "on" and pobj is not None and
                                          pobj.ent_type_ in ("DATE", "TIME"))
    return True


def _anaphoric_prep(prep: Token) -> bool:
    """"in the attack", "during the raid": a preposition that names the event before."""
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return prep.lower_ in ("in", "during", "by", "from") and pobj is not None and \
        pobj.lemma_.lower() in words().anaphor and _definite(pobj)


def _same(token: Token, other: Token | None) -> bool:
    return other is not None and token.i == other.i


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


# -- the stage --------------------------------------------------------------------------------

def count_events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill the counts of people on the events that report them."""
    if not analysis.events:
        return analysis
    at = {start: i for i, start in enumerate(TokenStrings.of(doc).idx)}
    triggers = [None if i is None else doc[i] for i in (at.get(e.trigger.start)
                                                        for e in analysis.events)]
    sentence_counts: dict[int, list[Count]] = {}

    persons = _person_tokens(analysis, doc)

    def counts(sent: Span) -> list[Count]:
        if sent.start not in sentence_counts:
            sentence_counts[sent.start] = counts_in(sent, persons)
        return sentence_counts[sent.start]

    found: list[dict[str, int | None]] = []
    for event, trigger in zip(analysis.events, triggers, strict=True):
        found.append(_own_counts(event, trigger, counts(trigger.sent))
                     if trigger is not None and kinds_of(event.cameo) else {})
    _carry_over(analysis.events, triggers, found, counts)
    events = tuple(_with_counts(event, values)
                   for event, values in zip(analysis.events, found, strict=True))
    return replace(analysis, events=events)


def _person_tokens(analysis: ArticleAnalysis, doc: Doc) -> frozenset[int]:
    """The tokens of the mentions of the article's people."""
    out: set[int] = set()
    tree = Tree.of(doc)
    for actor in analysis.actors:
        if actor.type == "person":
            for mention in actor.mentions:
                out.update(tree.char_span(mention.start, mention.end) or ())
    return frozenset(out)


def _with_counts(event: Event, values: dict[str, int | None]) -> Event:
    if not any(v is not None for v in values.values()):
        return event
    return replace(event, fatalities=values.get("killed"), injured=values.get("injured"),
                   arrested=values.get("arrested"), displaced=values.get("displaced"))


def _own_counts(event: Event, trigger: Token, counts: list[Count]) -> dict[str, int | None]:
    """Each kind the event takes → the value of the nearest count of that kind in its
    sentence (None: a vague one)."""
    kinds = kinds_of(event.cameo)
    if not kinds or event.modality not in COUNTED_MODALITIES:
        return {}
    out: dict[str, int | None] = {}
    best: dict[str, int] = {}
    for count in counts:
        if count.kind not in kinds:
            continue
        steps = distance(trigger, count)
        if steps is not None and steps < best.get(count.kind, 99):
            best[count.kind] = steps
            out[count.kind] = count.value
    return out


def _carry_over(events: tuple[Event, ...], triggers: list[Token | None],
                found: list[dict[str, int | None]], counts: Callable[[Span], list[Count]]
                ) -> None:
    """A count of a sentence with no event of killing, that plainly goes on with the
    sentence before, goes on the killings there that have no number of its kind."""
    by_sentence: dict[int, list[int]] = {}
    for i, trigger in enumerate(triggers):
        if trigger is not None:
            by_sentence.setdefault(trigger.sent.start, []).append(i)
    killing = {start for start, members in by_sentence.items()
               if any("killed" in kinds_of(events[i].cameo) for i in members)}
    for start in sorted(killing):
        sent = triggers[by_sentence[start][0]].sent  # type: ignore[union-attr]
        if sent.end >= len(sent.doc) or sent.doc[sent.end].sent.start in killing:
            continue
        for count in counts(sent.doc[sent.end].sent):
            if count.value is None or count.kind not in words().carried or \
                    not continues(count):
                continue
            for i in by_sentence[start]:
                if count.kind in kinds_of(events[i].cameo) and count.kind not in found[i] \
                        and events[i].modality in COUNTED_MODALITIES:  # not over "dozens"
                    found[i][count.kind] = count.value
