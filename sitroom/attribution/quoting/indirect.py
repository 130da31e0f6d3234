"""Indirect speech and beliefs: a cue verb and what it reports.

What the cue reports is, in this order: its clausal complement ("analysts say that …"); an
infinitive ("wants to …"); the object of a speech or report verb ("announced a plan",
"called the frontrunner “ISIS' best recruiter”"); a question ("asked whether …"); a "that"
clause the parser hung on a noun ("told a meeting … that …"); a demand ("called for …");
a topic ("spoke of …"). A stance adjective with a clause ("is confident that …") is a
belief of its subject.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...quotation import cue_lexicon
from ...tokens import TokenStrings
from .found import Context, Found, Stretch, strip
from .grammar import (
    DEMANDS,
    DIRECT_ONLY,
    ENABLING,
    NAMING,
    NOT_WITH_OBJECT,
    STANCE_ADJECTIVES,
    TOPICS,
    WH_WORDS,
    complement_span,
    is_cue,
    names_it,
    noun_phrase,
    stands_for_a_speaker,
    subject_of,
    voiced,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def indirect_quotes(ctx: Context) -> None:
    """Every free cue verb outside quotation marks with something it reports and a subject
    that can speak."""
    for token in ctx.cues_in(0, len(ctx.tokens)):
        if token.i in ctx.used_cues or not ctx.outside(token) or \
                token.lemma_.lower() in DIRECT_ONLY or _not_a_report(token):
            continue
        complement = _complement(ctx, token)
        if complement is not None:
            _report(ctx, token, complement)


def _class(token: Token) -> str | None:
    return cue_lexicon().get(token.lemma_.lower())


def _not_a_report(token: Token) -> bool:
    """A cue that reports nothing here: one is helped to do it, the infinitive of another
    cue, an infinitive on a noun, anonymity, a speech to come."""
    if token.dep_ in ("xcomp", "ccomp") and token.head.lemma_.lower() in ENABLING:
        return True  # "can help North Korea assess its equipment": a capacity, not a report
    if token.dep_ == "xcomp" and is_cue(token.head):
        return True  # "threatened to attack North Korea": one report, the threat
    if token.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                   for c in token.children):
        return True  # "the right to defend its borders", "a plan to announce": not done
    if token.lemma_.lower() == "ask" and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in ("identify", "name") and any(
                g.dep_ == "neg" for g in c.children) for c in token.children):
        return True  # "who asked not to be identified": anonymity, not what was said
    return _class(token) == "speech" and any(
        c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall")
        for c in token.children)  # "the United States would announce sanctions": not yet


def _complement(ctx: Context, token: Token) -> Token | None:
    """What the cue reports, of the shapes in turn."""
    clauses = [c for c in token.children if c.dep_ == "ccomp"]
    # not a clause a semicolon sets off before the cue: "It's unlikely; Clinton's team says
    # she'll continue …" reports what follows the cue
    complement = next((c for c in clauses if c.i > token.i or
                       not any(t.text == ";" for t in ctx.doc[c.i:token.i])), None)
    if complement is not None:
        return complement
    finders: tuple[Callable[[Context, Token], Token | None], ...] = (
        _infinitive, _object, _question, _that_on_noun, _demand, _topic)
    for finder in finders:
        complement = finder(ctx, token)
        if complement is not None:
            return complement
    return None


def _infinitive(ctx: Context, token: Token) -> Token | None:
    """"wants to …", "refused to …", "described him as …"."""
    return next((c for c in token.children if c.dep_ == "xcomp" and c.i > token.i), None)


def _object(ctx: Context, token: Token) -> Token | None:
    """"announced a plan", "polls have shown Trump with a lead", "calling her a 'horrible
    witness'": the object is where what is said starts."""
    lemma = token.lemma_.lower()
    if _class(token) not in ("speech", "report") or lemma in NOT_WITH_OBJECT:
        return None
    found = next((c for c in token.children if c.dep_ == "dobj" and c.i > token.i and
                  c.pos_ in ("NOUN", "PROPN", "PRON") and (c.pos_ != "PRON" or names_it(token))),
                 None)
    if found is not None or lemma not in NAMING or any(
            c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
        return found
    # "called the Republican frontrunner “ISIS' best recruiter”": the parser made the name
    # the object's predicate and hung the object on it. Only a name in quotation marks: "a
    # group called the Legacy Fund" names it
    return next((c for c in token.children if c.dep_ == "oprd" and c.i > token.i and
                 c.left_edge.i > token.i and
                 ctx.overlapping(c.left_edge.idx, c.right_edge.idx)), None)


def _question(ctx: Context, token: Token) -> Token | None:
    """"asked if he had been preparing", "asked how ties would fare"; "have not said when
    they would take it up" (not "was speaking when he walked in", "will resign, he said, if
    the vote fails": a time, a condition; not "he was asked")."""
    lemma = token.lemma_.lower()
    asking = lemma in ("ask", "wonder", "question")
    if not (asking or _class(token) == "speech" and lemma not in DEMANDS) or \
            not any(c.dep_ == "nsubj" for c in token.children):
        return None
    opens = WH_WORDS if asking else WH_WORDS - {"if", "when"} | (
        {"when"} if any(c.dep_ == "neg" for c in token.children) else set())
    return next((c for c in token.children if c.dep_ in ("advcl", "ccomp") and c.i > token.i
                 and any(g.dep_ in ("mark", "advmod") and g.lower_ in opens
                         for g in c.children)), None)


def _that_on_noun(ctx: Context, token: Token) -> Token | None:
    """"said earlier during a news conference that he may wait", "told a meeting of Pacific
    Island leaders that few people understood …": a "that" clause the parser hung on the
    last noun before it."""
    return next((r for c in token.children if c.dep_ in ("prep", "dobj") and c.i > token.i
                 for r in c.subtree if r.dep_ == "relcl" and any(
                     g.dep_ == "mark" and g.lower_ == "that" for g in r.children)), None)


def _demand(ctx: Context, token: Token) -> Token | None:
    """"called for regime change", "called on voters to remember …"."""
    if token.lemma_.lower() not in DEMANDS:
        return None
    prep = next((c for c in token.children if c.dep_ == "prep" and
                 c.lower_ in ("for", "on", "upon") and c.i == token.i + 1), None)
    if prep is None:
        return None
    return next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)


def _topic(ctx: Context, token: Token) -> Token | None:
    """"spoke of the legacy of racism", "talked about the need for reform", "spoke out
    against injustice": what they spoke about (not a date: "spoke on Monday")."""
    prepositions = TOPICS.get(token.lemma_.lower())
    if prepositions is None:
        return None
    prep = next((c for c in token.children if c.dep_ == "prep" and
                 c.lower_ in prepositions and c.i > token.i), None)
    if prep is None:
        return None
    return next((g for g in prep.children if g.dep_ == "pobj" and
                 g.ent_type_ not in ("DATE", "TIME")), None)


def _report(ctx: Context, token: Token, complement: Token) -> None:
    """A quote of the cue's subject when it can speak (or stands for a speaker); a speech
    cue in the passive ("he was told that …") keeps what was said with no speaker."""
    subject = subject_of(token)
    if subject is None or not (ctx.can_speak(subject) or voiced(token, subject) or
                               stands_for_a_speaker(token, subject, complement,
                                                    ctx.can_speak)):
        return
    passive = subject.dep_ == "nsubjpass" and subject.head.i == token.i
    if passive and _class(token) == "belief":
        # "Johnson is expected to seek an election", "the group is believed to hold
        # Americans": whoever expects or believes it is not named, and it is not the
        # subject — a hedge, which the claims read
        return
    said = complement_span(token, complement, subject)
    if said is None:
        return
    shaped = _kind(ctx, said)
    if shaped is not None:
        ctx.found.append(Found(shaped[0], shaped[1], ctx.cue_span(token),
                               None if passive else noun_phrase(subject)))


def _kind(ctx: Context, said: Stretch) -> tuple[str, Stretch] | None:
    """Indirect, mixed or direct by the quotation marks in what is said; None when it is
    inside a direct quote already found."""
    c_start, c_end = said
    overlapping = ctx.overlapping(c_start, c_end)
    if not overlapping:
        return "indirect", said
    if c_start < overlapping[0][0]:
        # "who thinks Emanuel “needs to be more collaborative …”": the quoted stretch the
        # words run into belongs to what is said, to its closing mark
        return "mixed", (c_start, max(c_end, overlapping[-1][1]))
    if any(f.kind == "direct" and f.content[0] < overlapping[0][1] and
           overlapping[0][0] < f.content[1] for f in ctx.found):
        return None  # the complement is itself inside a direct quote
    if c_end > overlapping[-1][1] + 1:
        # "Obama said “it gets me mad” every time he thinks about …": the quote opens what
        # is said and the writer's words go on with it
        return "mixed", (overlapping[0][0], c_end)
    # "Elliott said “there is no great man …”": the quotation is the complement (a quote run
    # into the sentence, so the direct-quote pass left it)
    return "direct", strip(ctx.text, overlapping[0][0], overlapping[-1][1])


def stances(ctx: Context) -> None:
    """A stance in an adjective with a clause after it: "is confident that …", "were eager
    to …" — whoever is so holds what follows ("furious at the company" says no more than
    its object, and is left to the claims)."""
    dep = TokenStrings.of(ctx.doc).dep
    for token in (ctx.tokens[i] for i, d in enumerate(dep) if d == "acomp"):
        if token.lemma_.lower() not in STANCE_ADJECTIVES or \
                token.head.lemma_ != "be" or not ctx.outside(token):
            continue
        complement = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")
                           and c.i > token.i), None)
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if complement is None or subject is None or not ctx.can_speak(subject):
            continue
        said = complement_span(token, complement, subject)
        if said is None or ctx.overlapping(*said):
            continue
        ctx.found.append(Found("indirect", said, ctx.cue_span(token), noun_phrase(subject)))
