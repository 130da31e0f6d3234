"""What the causal readers share: the `Link` record, the word sets that tell a reason from a
look-alike, and the parse-tree helpers that turn a clause or a phrase into a character span.

`causal_signals.py` reads one signal word by the shape it has in the parse; `causal.py` runs
the readers, the purpose and condition rules and the candidate readings over a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

Bounds = tuple[int, int]

ACTION_POS = ("VERB",)
# Verbs whose "to"-complement is what they are about, not a purpose: "wants to", "began to".
NOT_PURPOSE = frozenset(
    "want try begin start continue seem appear need have use plan hope expect refuse agree "
    "decide fail manage intend aim seek threaten promise vow pledge offer ask urge tell order "
    "allow enable help let permit force lead cause prompt able going call require "
    "encourage invite persuade push press bind believe schedule say report think know "
    "consider set suppose exhort prefer like authorize authorise compel oblige slate instruct "
    "advise warn remind teach wait nominate appoint elect choose name pick select tap "
    "hire lack".split()
)


@dataclass(frozen=True)
class Link:
    relation: str
    cause: tuple[int, int]
    effect: tuple[int, int]
    signal: tuple[int, int]
    sentence: tuple[int, int]
    confidence: float | None = None
    basis: str = "rule"


# Verbs after which "over", "for", "against", "following" give a reason: "protested over
# fuel prices", "arrested for rioting", "clashed following the vote".
# "The fight against ISIS": the one fought, not a reason (a protest against a law has one).
OPPONENT_VERBS = frozenset({"fight", "clash", "attack", "kill"})
# "charges against those arrested", "sued him against …": whom the law acts on, not a reason
LEGAL_VERBS = frozenset("arrest detain jail charge book sentence fine punish sue accuse".split())
REASON_VERBS = frozenset(
    "protest strike rally march demonstrate agitate riot clash fight arrest detain jail "
    "charge book sentence fine punish blame criticize criticise condemn slam attack accuse "
    "sue boycott resign quit shut close suspend dismiss sack kill die injure hurt evacuate "
    "flee block gherao picket sit fast disrupt complain".split()
)


# Nouns that name a gathering or a stoppage: "a rally to protest X" is for X, "a strike
# demanding X" is over X.
# Strife whose "over" is what it is about: "the clash took place over use of the field".
_STRIFE = frozenset("clash violence row dispute fight fighting tension quarrel brawl feud "
                    "standoff scuffle".split())
GATHERINGS = frozenset(
    "protest demonstration rally march strike bandh hartal dharna agitation sit-in blockade "
    "boycott vigil procession picket gherao walkout stir shutdown hunger".split()
)
DEMANDS = frozenset({"demand", "seek"})  # "a letter demanding his release"
PROTESTERS = frozenset(
    "protester protestor demonstrator striker marcher activist worker employee farmer "
    "student resident villager teacher doctor nurse driver trader".split()
)
# Signal verbs with a literal sense of motion: "drove to the police station" has no effect.
MOTION_SENSES = frozenset({"drive", "lead", "spur", "push"})
# What one lets someone know or tell is no enabling: "let me tell you", "to let them know".
_SPEECH_AND_MIND = frozenset("know tell say see think explain hear be".split())
# Verbs whose "for" + gerund is what one wants, not a reason: "pushed for changing the law".
_SEEKING = frozenset("look wait ask call vote push fight work press plan prepare use allow "
                     "account campaign lobby argue advocate apply pay search hope pray "
                     "opt".split())
# Where on the body one was shot: "shot in the neck" gives no cause.
_BODY = frozenset("head neck chest back leg arm stomach abdomen face eye hand shoulder foot "
                  "thigh".split())
# "going after those who …", "named after him": "after" as part of the verb.
_AFTER_VERBS = frozenset({"go", "come", "look", "run", "chase", "name", "take", "seek"})
# What one blocks or stops without preventing an outcome: a way or a vehicle.
PASSAGES = frozenset("road highway street lane bridge gate entrance exit way route path track "
                     "railway rail line traffic bus train vehicle car truck lorry door".split())
# What one is angry "at": "angry at the slow response", "furious over the verdict".
_AT_WHAT = frozenset({"at", "over", "about", "with"})
# Ends and reasons "for" which something is done.
_ENDS = frozenset("reason objective purpose goal gain".split())
# What one receives, sustains or suffers "in" a mishap: "received gunshot wounds in the firing".
_INJURIES = frozenset("injury wound burn fracture".split())
# Events one dies or is hurt in, whatever the tense.
_MISHAPS = GATHERINGS | _STRIFE | frozenset(
    "blast explosion attack shootout firing melee stampede fire accident crash encounter "
    "riot incident bombing shelling airstrike raid ambush collision".split())
# Verbs whose "about" is a grievance: "protesting about the refusal".
_COMPLAINING = frozenset("protest complain agitate demonstrate rally march riot "
                         "grumble".split())
# Verbs of putting a gathering on: "organised a convention to mobilise support".
_ORGANIZING = frozenset("organise organize hold stage convene launch call host".split())
_ASSEMBLIES = frozenset("meeting session convention conference summit camp campaign drive "
                        "hearing assembly gathering".split())
# Verbs of going on whose "to" is a purpose when a time sets it apart (see _set_apart).
_GOING_ON = frozenset({"continue", "use", "work"})
_PERIODS = frozenset("day week month year hour weekend night morning evening time".split())
# What one is "behind" without causing it.
_NOT_BEHIND = frozenset("bar scene door wheel schedule curve line time wall camera glass "
                        "counter desk".split())
# Nouns of intent that say what an act is for only as "with the … of doing".
_AIMS = frozenset({"purpose", "aim", "intention"})
# A noun signal reads as a cause only after its own preposition, "in" unless said here:
# "in view of", "on account of"; not "an account of the battle", "rallied to the support of".
PREP_BEFORE = {"account": "on", "backdrop": "against", "mark": "as", "ground": "on",
               "grounds": "on", "suspicion": "on", "purpose": "with", "aim": "with",
               "intention": "with"}


_HARM = frozenset("kill injure wound hurt die destroy damage displace arrest detain evacuate "
                  "burn loot shoot stab beat lynch hack".split())
_WHEN = frozenset({"DATE", "TIME"})


def _extent(token: Token) -> Bounds:
    """The characters of one token."""
    return token.idx, token.idx + len(token.text)


def _finish(relation: str, cause: Bounds | None, effect: Bounds | None, signal: Bounds,
            bounds: Bounds) -> Link | None:
    """The link, when both sides were found and differ."""
    if cause is None or effect is None or cause == effect:
        return None
    return Link(relation, cause, effect, signal, bounds)


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
            if child.dep_ == "prep" and child.lower_ in ("to", "in", "into"):
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "ccomp", "xcomp", "oprd"):
            return child
    for child in verb.children:
        if child.dep_ in ("prep", "agent", "dative") and (
                verb.lemma_.lower() not in MOTION_SENSES or child.dep_ == "dative"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None


def _clause_head(token: Token) -> Token:
    """The verb of the clause a noun is in ("Fishermen are on a strike" for "strike")."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _passive(verb: Token, subject: list[Token], relation: str, signal: tuple[int, int],
             bounds: tuple[int, int]) -> Link | None:
    """"The fire was caused by a short circuit": the agent causes the subject; "the attack
    was triggered when a vehicle could not pass": so does the "when" clause."""
    cause_tokens: list[Token] = []
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                cause_tokens = _subtree(pobj)
        elif child.dep_ == "advcl" and any(g.lower_ in ("when", "after", "as") and g.dep_ in (
                "mark", "advmod") for g in child.children):
            cause_tokens = cause_tokens or _subtree(child)
    if not cause_tokens or relation not in ("cause", "prevent", "enable") or \
            verb.lemma_.lower() == "lead":  # "a team led by the commissioner"
        return None
    cause, effect = _span(cause_tokens), _span(subject)
    if cause is None or effect is None or cause == effect:
        return None
    return Link(relation, cause, effect, signal, bounds)


def _armed_strike(noun: Token) -> bool:
    """"launch strikes against the regime", "air strikes against": an attack's target."""
    return noun.lemma_.lower() == "strike" and (
        noun.head.lemma_.lower() in ("launch", "conduct", "carry", "order", "authorize") or
        any(c.lower_ in ("air", "missile", "drone", "military", "punitive", "retaliatory")
            for c in noun.children))


