"""One reader per shape of causal signal: how a word of `data/causal_signals.tsv` carries a
cause and an effect in the dependency parse.

    verb / passive   X prompts / leads to / prevents Y; Y was caused by X
    mark             Y because X; X, so Y; Y so that X (a motive)
    prep             Y due to / because of / in exchange for X; on the grounds that X
    noun             as a result (of X), Y; Y was the outcome of X; the reason for Y was X
    emotion/feeling  Angered by X, they did Y; Fearing X, they did Y; angry at X
    behind           X was behind Y
    sequel           the protests follow X
    reasonfor        Y for security reasons
    participle       …, demanding X (a motive); a strike demanding X
    result           …, killing five people (a result)
    verbprep         protested over X; arrested for X
    object           protesting rising inflation
    adverb           X. Therefore Y

`read_signal` tries the readers of the signal's shape in turn; each says None when the word
does not have its shape in this sentence (or has it without a cause and an effect).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .causal_tree import (
    _AIMS,
    _AT_WHAT,
    _COMPLAINING,
    _ENDS,
    _HARM,
    _NOT_BEHIND,
    _SPEECH_AND_MIND,
    _STRIFE,
    _WHEN,
    DEMANDS,
    GATHERINGS,
    LEGAL_VERBS,
    OPPONENT_VERBS,
    PASSAGES,
    PREP_BEFORE,
    PROTESTERS,
    REASON_VERBS,
    Bounds,
    Link,
    _armed_strike,
    _clause_head,
    _clause_without,
    _extent,
    _finish,
    _object_of,
    _passive,
    _span,
    _subject_of,
    _subtree,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Reader = Callable[["Token", str, "Span", Bounds], "Link | None"]
_MISPARSED_VERBS = frozenset({"lead", "result", "contribute"})


def read_signal(token: Token, entry: tuple[str, str], sent: Span, bounds: Bounds) -> Link | None:
    """The link a signal word gives in its sentence, read by the readers of its shape."""
    relation, how = entry
    for reader in READERS.get(how, ()):
        link = reader(token, relation, sent, bounds)
        if link is not None:
            return link
    return None


def _weak_gathering(subject: Token | None) -> bool:
    """A passive-shaped signal ("hit", "paralyse") reads as a cause only with a gathering as
    its subject: "the strike hit the banks"; not "Russia hit Kyiv" nor a strike that is no
    general strike."""
    return subject is None or subject.lemma_.lower() not in GATHERINGS or \
        subject.lemma_.lower() == "strike" and not any(
            c.lower_ == "general" for c in subject.children)


def verb_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """X prompts / leads to / fuels / allows / prevents Y (active, passive or as a clause)."""
    return _verb_reading(token, relation, bounds, gatherings_only=False)


def passive_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Trade was hit by the strike", "the strike hit the banks": only a gathering does it."""
    return _verb_reading(token, relation, bounds, gatherings_only=True)


def _verb_reading(token: Token, relation: str, bounds: Bounds,
                  gatherings_only: bool) -> Link | None:
    if token.pos_ != "VERB":
        return None
    signal = _extent(token)
    subject = _subject_of(token)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == token.i:
        return _passive(token, _subtree(subject), relation, signal, bounds)
    if gatherings_only and _weak_gathering(subject):
        return None
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    if token.tag_ == "VBN" and token.dep_ == "advcl" and agent is not None:
        # "Provoked by the arrests, the crowd …": the agent caused what the clause did
        return _passive(token, _clause_without(token.head, token), relation, signal, bounds)
    misparsed = token.dep_ == "acl" and (token.tag_ == "VBD" or token.tag_ == "VBN" and
                                         token.lemma_.lower() in _MISPARSED_VERBS and
                                         agent is None)  # not "roads leading to …"
    if token.dep_ == "acl" and token.tag_ == "VBN" and not misparsed:
        # "an attack instigated by the PMK"
        return _passive(token, _clause_without(token.head, token), relation, signal, bounds)
    target = _object_of(token)
    if subject is None and misparsed and target is not None:
        # "A minor tiff between children led to clashes": a finite verb the parser hung on
        # the noun before it as a clause; the noun is its subject
        subject = token.head
    if subject is None or target is None:
        return None
    if relation == "prevent" and target.lemma_.lower() in PASSAGES:
        return None  # "protesters blocked the highway": a road, not an outcome
    if relation == "enable" and target.lemma_.lower() in _SPEECH_AND_MIND:
        return None  # "let me tell you"
    return _active(token, subject, target, relation, bounds)


def _doer(token: Token, subject: Token, relation: str) -> list[Token]:
    """The cause side of an active signal verb: its subject, or what the subject stands for."""
    if subject.lower_ in ("that", "which", "who") and token.dep_ == "relcl":
        # "… programmes that help pacify the population": the antecedent does it
        return _clause_without(token.head, token)
    if relation == "cause" and token.tag_ == "VBG" and subject.head.i != token.i and \
            token.dep_ in ("advcl", "xcomp", "conj") and token.head.pos_ == "VERB":
        # "Pyongyang has been seen sending soldiers, sparking concerns": what it did
        return _clause_without(token.head, token)
    if token.dep_ == "acl" and subject.i == token.head.i:
        return _clause_without(subject, token)
    return _subtree(subject)


def _active(token: Token, subject: Token, target: Token, relation: str,
            bounds: Bounds) -> Link | None:
    cause, effect = _span(_doer(token, subject, relation)), _span(_subtree(target))
    signal = _extent(token)
    aux = [c for c in token.children if c.dep_ == "aux" and c.tag_ == "MD"]
    if aux:  # "could prompt": the modal is part of the signal
        signal = (aux[0].idx, signal[1])
    if relation == "motivate":  # "demanding higher pay": the demand motivates the act
        if token.dep_ in ("advcl", "xcomp"):
            effect = _span(_clause_without(token.head, token))
        cause = _span(_subtree(target))
    return _finish(relation, cause, effect, signal, bounds)


def mark_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Y because X", "X, so Y", "Y so that X" (what it is for); not "since 1997"."""
    if token.dep_ != "mark" or token.head.dep_ != "advcl":
        return None
    reason = token.head
    cause = _span(_subtree(reason))
    effect = _span(_clause_without(reason.head, reason))
    if token.lower_ == "since" and (any(t.ent_type_ in _WHEN for t in reason.subtree) or
                                    any(c.lower_ in ("have", "has", "had") and c.dep_ == "aux"
                                        for c in reason.head.children)):
        return None  # "the first march since Hong Kong returned in 1997": a time
    if token.lower_ == "so":
        if any(c.lower_ == "that" and c.dep_ == "mark" for c in reason.children):
            relation = "motivate"  # "… so that they can get jobs": what it is for
        else:
            cause, effect = effect, cause  # "… was tired, so he left": the result
    return _finish(relation, cause, effect, _extent(token), bounds)


def _prep_object(token: Token, relation: str) -> Token | None:
    """What a prepositional signal introduces: "due to sanctions", "because of the rally",
    "in a bid to block the eviction", "on the grounds that he had fled"."""
    obj = next((c for t in (token, *token.children) for c in t.children
                if c.dep_ in ("pobj", "pcomp", "xcomp", "advcl")), None)
    if obj is None and (relation == "motivate" or token.lemma_.lower() == "ground"):
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
    return obj


def _prep_shaped(token: Token) -> bool:
    if token.dep_ == "acomp":  # "the protests were due to hardline policies"; not "is due
        return any(c.dep_ == "prep" and c.lower_ == "to" and any(  # to speak"
            g.dep_ == "pobj" for g in c.children) for c in token.children)
    return token.dep_ in ("prep", "amod", "pcomp", "pobj") or (
        token.lower_ == "thanks" and any(c.lower_ == "to" for c in token.children))


def prep_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"due to X", "in exchange for X", "in order to X", "in protest against X", "because of
    X", "thanks to X", "on account of X"."""
    if not _prep_shaped(token):
        return None
    anchor = token.head if token.dep_ == "pobj" else token
    if token.dep_ == "pobj" and anchor.lower_ != PREP_BEFORE.get(token.lower_, "in"):
        return None  # "in an account of the battle" is no "on account of"
    if token.lower_ == "thanks":
        anchor = token
    obj = _prep_object(token, relation)
    if obj is None:
        return None
    head = anchor.head
    while head.dep_ in ("prep", "pobj") and head.head is not head:
        head = head.head
    if token.lower_ in _AIMS:
        if obj.tag_ != "VBG":
            return None  # "with the aim of preventing …", not "the aim of the company"
        head = _clause_head(head)  # "took 200 activists into custody with the aim …"
    signal = (anchor.idx, token.idx + len(token.text))
    return _finish(relation, _span(_subtree(obj)), _span(_clause_without(head, anchor)),
                   signal, bounds)


def as_result_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"As a result of X, Y"; "As a result, Y" after the sentence that is the cause."""
    if token.lower_ not in ("result", "consequence") or token.head.lower_ != "as":
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:  # the cause is what follows "of", not "of" itself
        cause = _span([t for c in of.children for t in c.subtree])
        effect = _span(_clause_without(token.head.head, token.head))
    else:
        if sent.start == 0:
            return None
        previous = sent.doc[sent.start - 1].sent
        cause = (previous.start_char, previous.end_char)
        effect = _span([t for t in sent if t.i not in {x.i for x in token.head.subtree}])
    return _finish(relation, cause, effect, (token.head.idx, token.idx + len(token.text)),
                   bounds)


def outcome_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"The clash was the outcome of a petty scuffle"."""
    if token.dep_ != "attr" or token.head.lemma_ != "be" or \
            token.lower_ not in ("result", "consequence", "outcome", "product"):
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    subject = _subject_of(token.head)
    if of is None or subject is None or subject.pos_ == "PRON":
        return None
    cause = _span([t for c in of.children for t in c.subtree])
    return _finish(relation, cause, _span(_subtree(subject)), _extent(token), bounds)


def reason_was_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"The real reason for the violence was an attempt to …"."""
    if token.lower_ != "reason" or token.dep_ != "nsubj":
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    attr = next((c for c in token.head.children if c.dep_ in ("attr", "ccomp")), None)
    if of is None or attr is None:
        return None
    effect = _span([t for c in of.children for t in c.subtree])
    return _finish(relation, _span(_subtree(attr)), effect, _extent(token), bounds)


def _fronted(token: Token, sent: Span, tags: tuple[str, ...], after_comma: bool) -> bool:
    return token.tag_ in tags and token.dep_ == "advcl" and token.i == token.left_edge.i and (
        token.i < token.head.i or after_comma and sent.doc[token.i - 1].text == ",")


def _feeling_clause(token: Token, relation: str, bounds: Bounds) -> Link | None:
    return _finish(relation, _span(_subtree(token)), _span(_clause_without(token.head, token)),
                   _extent(token), bounds)


def emotion_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Angered by the verdict, protesters blocked the highway"."""
    if not _fronted(token, sent, ("VBN", "JJ"), after_comma=False):
        return None
    return _feeling_clause(token, relation, bounds)


def feeling_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Fearing a crackdown, the protesters dispersed"; "…, fearing police retaliation"."""
    if not _fronted(token, sent, ("VBG",), after_comma=True):
        return None
    return _feeling_clause(token, relation, bounds)


def _negated(token: Token) -> bool:
    """"he wasn't worried about war", "less concerned about style"."""
    return any(t.dep_ == "neg" or t.lower_ in ("not", "never", "t", "less")
               for t in token.doc[min(token.head.i, token.i):token.i + 1]) or \
        any(c.dep_ == "neg" for c in token.head.children)


def angry_at_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Protesters are angry at the police's slow response": what angers them."""
    if token.dep_ != "acomp":
        return None
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in _AT_WHAT), None)
    if prep is None:
        return None
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or obj.pos_ == "PRON" or obj.ent_type_ or \
            prep.lower_ == "with" and token.lower_ == "concerned":
        return None  # "angry at him", "angry at Trump": whom, not what; "concerned with"
    if _negated(token):
        return None
    return _finish(relation, _span(_subtree(obj)), _span(_clause_without(token.head, prep)),
                   _extent(token), bounds)


def behind_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"These grievances were behind the demonstrations"; not "behind bars", "behind the
    scenes", "behind closed doors", "behind schedule", nor whom one stands behind."""
    if token.dep_ != "prep" or token.head.lemma_ != "be":
        return None
    subject = _subject_of(token.head)
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if subject is None or obj is None or obj.pos_ in ("PRON", "PROPN") or obj.ent_type_ or \
            obj.lemma_.lower() in _NOT_BEHIND:
        return None
    return _finish(relation, _span(_subtree(subject)), _span(_subtree(obj)), _extent(token),
                   bounds)


def sequel_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"The escalating protests follow the arrest of the union president"."""
    if token.pos_ != "VERB":
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() not in GATHERINGS | _STRIFE:
        return None
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    if obj is None or obj.ent_type_ in _WHEN or obj.pos_ in ("PRON", "PROPN"):
        return None
    return _finish(relation, _span(_subtree(obj)), _span(_subtree(subject)), _extent(token),
                   bounds)


def reason_for_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Use violence for political objectives", "closed for security reasons"; not "for no
    reason", "for all practical purposes"."""
    if token.dep_ != "prep":
        return None
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() not in _ENDS or any(
            c.lower_ in ("no", "practical", "intents") for c in obj.children):
        return None
    if obj.lemma_.lower() != "reason":
        relation = "motivate"
    effect = _span(_clause_without(_clause_head(token.head), token))
    return _finish(relation, _span(_subtree(obj)), effect, _extent(token), bounds)


def _gerund_clause(token: Token, bounds: Bounds, relation: str, motive: bool) -> Link | None:
    if token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp", "conj") or \
            token.head.pos_ != "VERB":
        return None
    clause = _span(_subtree(token))
    rest = _span(_clause_without(token.head, token))
    cause, effect = (clause, rest) if motive else (rest, clause)
    return _finish(relation, cause, effect, _extent(token), bounds)


def participle_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"…, demanding higher wages": the demand is the motive of what was done."""
    return _gerund_clause(token, bounds, relation, motive=True)


def result_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"…, killing five people": the result of what was done."""
    return _gerund_clause(token, bounds, relation, motive=False)


def demanding_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"On a strike demanding the return of the boats", "demonstrators demanding his
    resignation", "…, with residents demanding housing"; not "a resolution condemning"."""
    if token.tag_ != "VBG" or token.dep_ != "acl" or not (
            token.head.lemma_.lower() in GATHERINGS | PROTESTERS or
            token.lemma_.lower() in DEMANDS or token.head.head.lower_ == "with"):
        return None
    clause = _span(_subtree(token))
    rest = _span(_clause_without(_clause_head(token.head), token))
    return _finish(relation, clause, rest, _extent(token), bounds)


def _reason_prep(token: Token) -> bool:
    """A preposition that gives a reason after its verb: "protested over fuel prices",
    "arrested for rioting", "killed over a land dispute", "the clash took place over …";
    not whom one fights or charges "against", nor an air strike's target."""
    if token.dep_ != "prep":
        return False
    host = token.head.lemma_.lower()
    if token.lower_ == "against" and (host in OPPONENT_VERBS | LEGAL_VERBS or
                                      _armed_strike(token.head)):
        return False
    return host in REASON_VERBS | GATHERINGS | {"slogan"} or token.lower_ == "over" and (
        host in _HARM or token.head.pos_ in ("VERB", "AUX") and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in GATHERINGS | _STRIFE
            for c in token.head.children))


def verbprep_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"Protested over X", "rallied against X", "protesting about the refusal"."""
    if not _reason_prep(token):
        return None
    obj = next((c for c in token.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or obj.ent_type_ in _WHEN:
        return None  # "on strike for three days"
    if token.lower_ == "about" and token.head.lemma_.lower() not in _COMPLAINING:
        return None  # "protesting about the refusal"; not "what is striking about it"
    return _finish(relation, _span(_subtree(obj)), _span(_clause_without(token.head, token)),
                   _extent(token), bounds)


def object_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"The unions are protesting rising inflation": what is protested moves the protest;
    not "protested Trump", "protest it" (whom, not a grievance)."""
    if token.pos_ != "VERB":
        return None
    target = next((c for c in token.children if c.dep_ == "dobj"), None)
    if target is None or target.ent_type_ or target.pos_ == "PRON":
        return None
    return _finish(relation, _span(_subtree(target)), _span(_clause_without(token, target)),
                   _extent(token), bounds)


def adverb_signal(token: Token, relation: str, sent: Span, bounds: Bounds) -> Link | None:
    """"X. Therefore Y": the sentence before is the cause."""
    if token.dep_ != "advmod" or sent.start == 0:
        return None
    previous = sent.doc[sent.start - 1].sent
    return _finish(relation, _span(list(previous)), _span([t for t in sent if t.i != token.i]),
                   _extent(token), bounds)


READERS: dict[str, tuple[Reader, ...]] = {
    "verb": (verb_signal,),
    "passive": (passive_signal,),
    "mark": (mark_signal,),
    "prep": (prep_signal,),
    "noun": (as_result_signal, outcome_signal, reason_was_signal),
    "emotion": (emotion_signal, angry_at_signal),
    "feeling": (feeling_signal,),
    "behind": (behind_signal,),
    "sequel": (sequel_signal,),
    "reasonfor": (reason_for_signal,),
    "participle": (participle_signal, demanding_signal),
    "result": (result_signal,),
    "verbprep": (verbprep_signal,),
    "object": (object_signal,),
    "adverb": (adverb_signal,),
}
