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

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .linear import Features, LinearModel, load_model

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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


def find_links(doc: Doc, model: LinearModel | None = None) -> list[Link]:
    """Cause → effect links: the rules' everywhere, plus a candidate link in each sentence
    without one that the model (default: the shipped one) calls causal."""
    model = model or load_model("causal")
    links: list[Link] = []
    for sent in doc.sents:
        found = rule_links(sent)
        causal, p = model.decide(sentence_features(sent, found))
        if causal and not found:
            found = candidate_links(sent)[:1]
        links.extend(replace(link, confidence=round(p, 3)) for link in found)
    return links


def rule_links(sent: Span) -> list[Link]:
    """The links the signal table and the purpose rule find in one sentence."""
    table = signals()
    bounds = (sent.start_char, sent.end_char)
    links: list[Link] = []
    for token in sent:
        lemma = token.lemma_.lower()
        link = None
        for entry in table.get(lemma, ()) or table.get(token.lower_, ()):
            link = _from_signal(token, entry, sent, bounds)
            if link is not None:
                break
        if link is None and lemma == "to" and token.dep_ == "aux":
            link = _purpose(token, bounds)
        if link is None:
            link = _condition_or_sequel(token, bounds)
        if link is not None:
            links.append(link)
    return links


# Dependency relations whose word says something about how clauses hang together.
_LINKING_DEPS = frozenset("advcl xcomp acl mark agent prep pcomp relcl ccomp conj npadvmod "
                          "advmod".split())


def sentence_features(sent: Span, links: list[Link]) -> Features:
    """What the causal model reads: lemmas and lemma pairs, linking dependencies with their
    word and tag, the number of verbs, and which rules fired with which signal."""
    features: Features = {}
    words = [t for t in sent if not t.is_punct and not t.is_space]
    lemmas = ["#" if t.like_num else t.lemma_.lower() for t in words]
    for lemma in lemmas:
        features["w:" + lemma] = 1.0
    for first, second in zip(lemmas, lemmas[1:], strict=False):
        features[f"b:{first}_{second}"] = 1.0
    text, offset = sent.text, sent.start_char  # not doc.text: it is rebuilt on every call
    for link in links:
        features["r:" + link.relation] = 1.0
        features["rs:" + text[link.signal[0] - offset:link.signal[1] - offset].lower()] = 1.0
    features["r:any"] = float(bool(links))
    for token in sent:
        if token.dep_ in _LINKING_DEPS:
            features[f"d:{token.dep_}:{token.lemma_.lower()}"] = 1.0
            features[f"dh:{token.dep_}:{token.tag_[:2]}"] = 1.0
        if token.dep_ == "aux" and token.lower_ == "to":
            features["d:to:" + token.head.dep_] = 1.0
    verbs = sum(1 for t in sent if t.pos_ == "VERB")
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
_HARM = frozenset("kill injure wound hurt die destroy damage displace arrest detain evacuate "
                  "burn loot shoot stab beat lynch hack".split())
_REACTIONS = frozenset("react respond erupt flare disrupt face storm walk break turn".split())
_CONDITIONS = frozenset({"if", "unless"})
# Verbs whose "by doing" says how, not through what: "began by thanking", "responded by
# asserting", "marked the day by laying flowers".
_MANNER_HOSTS = frozenset("begin start open end close conclude finish respond react reply "
                          "answer follow mark celebrate commemorate honor honour mourn "
                          "greet welcome".split())
_UNTIL = frozenset({"until", "till"})
_HARM_STATES = frozenset("dead injured wounded homeless hurt stranded displaced".split())
_WHEN = frozenset({"DATE", "TIME"})


def candidate_links(sent: Span) -> list[Link]:
    """Weaker cause/effect readings of a sentence, the one nearest the main verb first."""
    bounds = (sent.start_char, sent.end_char)
    found: list[tuple[int, int, Link]] = []
    for token in sent:
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


def _armed_strike(noun: Token) -> bool:
    """"launch strikes against the regime", "air strikes against": an attack's target."""
    return noun.lemma_.lower() == "strike" and (
        noun.head.lemma_.lower() in ("launch", "conduct", "carry", "order", "authorize") or
        any(c.lower_ in ("air", "missile", "drone", "military", "punitive", "retaliatory")
            for c in noun.children))


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


def _from_signal(token: Token, entry: tuple[str, str], sent: Span,
                 bounds: tuple[int, int]) -> Link | None:
    relation, how = entry
    signal = (token.idx, token.idx + len(token.text))
    if how in ("verb", "passive") and token.pos_ == "VERB":
        subject = _subject_of(token)
        if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == token.i:
            return _passive(token, _subtree(subject), relation, signal, bounds)
        if how == "passive" and (subject is None or subject.lemma_.lower() not in GATHERINGS or
                                 subject.lemma_.lower() == "strike" and not any(
                                     c.lower_ == "general" for c in subject.children)):
            return None  # "trade was hit by the strike", "the strike hit the banks"; not
            # "Russia hit Kyiv"
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if token.tag_ == "VBN" and token.dep_ == "advcl" and agent is not None:
            # "Provoked by the arrests, the crowd …": the agent caused what the clause did
            return _passive(token, _clause_without(token.head, token), relation, signal,
                            bounds)
        misparsed = token.dep_ == "acl" and (token.tag_ == "VBD" or token.tag_ == "VBN" and
                                             token.lemma_.lower() in ("lead", "result",
                                                                      "contribute") and
                                             agent is None)  # not "roads leading to …"
        if token.dep_ == "acl" and token.tag_ == "VBN" and not misparsed:
            # "an attack instigated by the PMK"
            return _passive(token, _clause_without(token.head, token), relation, signal,
                            bounds)
        target = _object_of(token)
        if subject is None and misparsed and target is not None:
            # "A minor tiff between children led to clashes": a finite verb the parser hung
            # on the noun before it as a clause; the noun is its subject
            subject = token.head
        if subject is None or target is None:
            return None
        if relation == "prevent" and target.lemma_.lower() in PASSAGES:
            return None  # "protesters blocked the highway": a road, not an outcome
        if relation == "enable" and target.lemma_.lower() in _SPEECH_AND_MIND:
            return None
        if subject.lower_ in ("that", "which", "who") and token.dep_ == "relcl":
            # "… programmes that help pacify the population": the antecedent does it
            subject_tokens = _clause_without(token.head, token)
        elif relation == "cause" and token.tag_ == "VBG" and subject.head.i != token.i and \
                token.dep_ in ("advcl", "xcomp", "conj") and token.head.pos_ == "VERB":
            # "Pyongyang has been seen sending soldiers, sparking concerns": what it did
            subject_tokens = _clause_without(token.head, token)
        elif token.dep_ == "acl" and subject.i == token.head.i:
            subject_tokens = _clause_without(subject, token)
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
        if token.lower_ == "since" and (any(t.ent_type_ in _WHEN for t in reason.subtree) or
                                        any(c.lower_ in ("have", "has", "had") and c.dep_ ==
                                            "aux" for c in reason.head.children)):
            return None  # "the first march since Hong Kong returned in 1997": a time
        if token.lower_ == "so":
            if any(c.lower_ == "that" and c.dep_ == "mark" for c in reason.children):
                relation = "motivate"  # "… so that they can get jobs": what it is for
            else:
                cause, effect = effect, cause  # "… was tired, so he left": the result
    elif how == "prep" and (token.dep_ in ("prep", "amod", "pcomp", "pobj", "acomp") or (
            token.lower_ == "thanks" and any(c.lower_ == "to" for c in token.children))):
        # "due to X", "in exchange for X", "in order to X", "in protest against X",
        # "because of X", "thanks to X"
        if token.dep_ == "acomp" and not any(
                c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" for g in c.children)
                for c in token.children):
            return None  # "the protests were due to hardline policies"; not "is due to speak"
        anchor = token.head if token.dep_ == "pobj" else token
        if token.dep_ == "pobj" and anchor.lower_ != PREP_BEFORE.get(token.lower_, "in"):
            return None  # "in an account of the battle" is no "on account of"
        if token.lower_ == "thanks":
            anchor = token
        obj = next((c for t in (token, *token.children) for c in t.children
                    if c.dep_ in ("pobj", "pcomp", "xcomp", "advcl")), None)
        if obj is None and (relation == "motivate" or token.lemma_.lower() == "ground"):
            # "in a bid to block the eviction", "on the grounds that he had fled"
            obj = next((c for c in token.children if c.dep_ in ("acl", "relcl")), None)
        if obj is None:
            obj = next((c for c in token.children if c.dep_ in ("prep",)), None)
        if obj is not None and obj.pos_ == "ADP":  # "due to sanctions": the sanctions
            obj = next((c for c in obj.children if c.dep_ in ("pobj", "pcomp")), obj)
        if obj is not None and obj.pos_ == "ADP":  # "because of the rally": both hang on
            obj = next((c for c in token.children if c.dep_ == "pobj"), None)  # "because"
        if obj is None or token.lemma_.lower() == "ground" and not (
                obj.head.lower_ == "of" or obj.left_edge.lower_ == "that"):
            return None  # "boots on the ground in Syria" is a place
        head = anchor.head
        while head.dep_ in ("prep", "pobj") and head.head is not head:
            head = head.head
        if token.lower_ in _AIMS:
            if obj.tag_ != "VBG":
                return None  # "with the aim of preventing …", not "the aim of the company"
            head = _clause_head(head)  # "took 200 activists into custody with the aim …"
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
    elif (how == "emotion" and token.tag_ in ("VBN", "JJ") or
          how == "feeling" and token.tag_ == "VBG") and token.dep_ == "advcl" and \
            token.i == token.left_edge.i and (token.i < token.head.i or how == "feeling" and
                                              sent.doc[token.i - 1].text == ","):
        # "Angered by the verdict, protesters blocked the highway"; "Fearing a crackdown,
        # the protesters dispersed"; "… took the workers away, fearing police retaliation"
        cause = _span(_subtree(token))
        effect = _span(_clause_without(token.head, token))
    elif how == "noun" and token.dep_ == "attr" and token.head.lemma_ == "be" and \
            token.lower_ in ("result", "consequence", "outcome", "product"):
        # "the clash was the outcome of a petty scuffle"
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        subject = _subject_of(token.head)
        if of is None or subject is None or subject.pos_ == "PRON":
            return None
        cause = _span([t for c in of.children for t in c.subtree])
        effect = _span(_subtree(subject))
    elif how == "behind" and token.dep_ == "prep" and token.head.lemma_ == "be":
        # "these grievances were behind the demonstrations", "who was behind the attack";
        # not "behind bars", "behind the scenes", "behind closed doors", "behind schedule"
        subject = _subject_of(token.head)
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if subject is None or obj is None or obj.pos_ in ("PRON", "PROPN") or obj.ent_type_ or \
                obj.lemma_.lower() in _NOT_BEHIND:
            return None
        cause, effect = _span(_subtree(subject)), _span(_subtree(obj))
    elif how == "emotion" and token.dep_ == "acomp" and any(
            c.dep_ == "prep" and c.lower_ in _AT_WHAT for c in token.children):
        # "protesters are angry at the police's slow response": what angers them
        prep = next(c for c in token.children if c.dep_ == "prep" and c.lower_ in _AT_WHAT)
        obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.pos_ == "PRON" or obj.ent_type_ or \
                prep.lower_ == "with" and token.lower_ == "concerned":
            return None  # "angry at him", "angry at Trump": whom, not what; "concerned with"
        if any(t.dep_ == "neg" or t.lower_ in ("not", "never", "t", "less")
               for t in token.doc[min(token.head.i, token.i):token.i + 1]) or \
                any(c.dep_ == "neg" for c in token.head.children):
            return None  # "he wasn't worried about war", "less concerned about style"
        cause = _span(_subtree(obj))
        effect = _span(_clause_without(token.head, prep))
    elif how == "sequel" and token.pos_ == "VERB" and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in GATHERINGS | _STRIFE
            for c in token.children):
        # "the escalating protests follow the arrest of the union president"
        subject = next(c for c in token.children if c.dep_ == "nsubj")
        obj = next((c for c in token.children if c.dep_ == "dobj"), None)
        if obj is None or obj.ent_type_ in _WHEN or obj.pos_ in ("PRON", "PROPN"):
            return None
        cause, effect = _span(_subtree(obj)), _span(_subtree(subject))
    elif how == "reasonfor" and token.dep_ == "prep" and any(
            c.dep_ == "pobj" and c.lemma_.lower() in _ENDS for c in token.children):
        # "use violence for political objectives", "closed for security reasons"
        obj = next(c for c in token.children if c.dep_ == "pobj")
        if any(c.lower_ in ("no", "practical", "intents") for c in obj.children):
            return None  # "for no reason", "for all practical purposes"
        if obj.lemma_.lower() != "reason":
            relation = "motivate"
        cause = _span(_subtree(obj))
        effect = _span(_clause_without(_clause_head(token.head), token))
    elif how == "noun" and token.lower_ == "reason" and token.dep_ == "nsubj":
        # "the real reason for the violence was an attempt to …"
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        attr = next((c for c in token.head.children if c.dep_ in ("attr", "ccomp")), None)
        if of is None or attr is None:
            return None
        cause, effect = _span(_subtree(attr)), _span([t for c in of.children
                                                       for t in c.subtree])
    elif how in ("participle", "result") and token.tag_ == "VBG" and \
            token.dep_ in ("advcl", "xcomp", "conj") and token.head.pos_ == "VERB":
        # "…, demanding higher wages" (a motive); "…, killing five people" (a result)
        clause = _span(_subtree(token))
        rest = _span(_clause_without(token.head, token))
        cause, effect = (clause, rest) if how == "participle" else (rest, clause)
    elif how == "participle" and token.tag_ == "VBG" and token.dep_ == "acl" and (
            token.head.lemma_.lower() in GATHERINGS | PROTESTERS or
            token.lemma_.lower() in DEMANDS or token.head.head.lower_ == "with"):
        # "on a strike demanding the return of the boats", "demonstrators demanding his
        # resignation", "…, with residents demanding housing"; not "a resolution condemning"
        clause = _span(_subtree(token))
        rest = _span(_clause_without(_clause_head(token.head), token))
        cause, effect = clause, rest
    elif how == "verbprep" and token.dep_ == "prep" and (
            token.head.lemma_.lower() in REASON_VERBS | GATHERINGS | {"slogan"} or
            token.lower_ == "over" and token.head.lemma_.lower() in _HARM or
            token.lower_ == "over" and token.head.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in GATHERINGS | _STRIFE
                for c in token.head.children)) and not (
                token.lower_ == "against" and (token.head.lemma_.lower() in
                                               OPPONENT_VERBS | LEGAL_VERBS or
                                               _armed_strike(token.head))):
        obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), None)
        if obj is None or obj.ent_type_ in _WHEN:
            return None  # "on strike for three days"
        if token.lower_ == "about" and token.head.lemma_.lower() not in _COMPLAINING:
            return None  # "protesting about the refusal"; not "what is striking about it"
        cause = _span(_subtree(obj))
        effect = _span(_clause_without(token.head, token))
    elif how == "object" and token.pos_ == "VERB":
        # "the unions are protesting rising inflation": what is protested moves the protest
        target = next((c for c in token.children if c.dep_ == "dobj"), None)
        if target is None or target.ent_type_ or target.pos_ == "PRON":
            return None  # "protested Trump", "protest it": whom, not a grievance
        cause, effect = _span(_subtree(target)), _span(_clause_without(token, target))
    elif how == "adverb" and token.dep_ == "advmod" and sent.start > 0:
        previous = sent.doc[sent.start - 1].sent
        cause = _span(list(previous))
        effect = _span([t for t in sent if t.i != token.i])
    else:
        return None
    if cause is None or effect is None or cause == effect:
        return None
    return Link(relation, cause, effect, signal, bounds)


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
