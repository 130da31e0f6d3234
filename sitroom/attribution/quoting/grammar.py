"""The grammar the quote shapes share: which token is a cue, who its subject is, whether
it can speak, the speaker phrase, and where what is said begins and ends. The verbs come
from `data/cues.tsv` (`sitroom/quotation.py`); the nouns of speakers are here."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

from ...quotation import cue_lexicon, cue_prepositions, cue_role
from ...tables import data_rows
from ...tokens import TokenStrings

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Token

@cache
def _groups() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for word, group, *_ in data_rows("quote_words.tsv", 2):
        out[group.strip()].add(word.strip())
    return {group: frozenset(found) for group, found in out.items()}


def words(group: str) -> frozenset[str]:
    """The words of one group of `data/quote_words.tsv` (heading, unnamed_head, body, …)."""
    found = _groups().get(group)
    if found is None:
        raise ValueError(f"data/quote_words.tsv: no word of group {group!r}")
    return found


HEADING_WORDS = words("heading")
TRANSCRIPT_ROLES = words("transcript_role")
SUBJECTS = ("nsubj", "nsubjpass")
SUBORDINATORS = frozenset({"when", "after", "before", "if", "as", "because", "while",
                           "although", "though", "since", "once", "until", "unless"})
UNNAMED_HEADS = words("unnamed_head")

CUE_POS = ("VERB", "AUX")  # the parts of speech of a cue word


def is_cue(token: Token) -> bool:
    return token.pos_ in CUE_POS and token.lemma_.lower() in cue_lexicon()


def subject_of(cue: Token) -> Token | None:
    for child in cue.children:
        if child.dep_ in SUBJECTS:
            if child.tag_ == "VBG" and child.i < cue.i - 1:
                # "Writing for the Times, Mark Barabak noted that …": the parser took the
                # opening clause for the subject and left the name beside the cue
                named = cue.doc[cue.i - 1]
                if named.head.i in (cue.i, child.i) and named.pos_ in ("PROPN", "PRON"):
                    return named
            return child
    if cue.dep_ in ("conj", "advcl", "xcomp") and cue.head.pos_ in ("VERB", "AUX"):
        subject = subject_of(cue.head)  # "… he said, adding that …"
        if subject is None and cue.dep_ == "conj":
            # "Clark said there are two … but said the outcome was open": the parser hung
            # the second "said" on the clause the first one reports
            again = next((a for a in cue.ancestors if is_cue(a)), None)
            return subject_of(again) if again is not None and again.lemma_ == cue.lemma_ \
                else None
        return subject
    for child in cue.children:  # passive agent: "it was reported by X"
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def can_speak(subject: Token) -> bool:
    """People, organisations, states, pronouns and unnamed sources speak; events do not
    ("the strengthening of relations suggests that …" is evidence, not a speaker)."""
    if subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subject.pos_ in ("PROPN", "PRON"):
        return subject.lower_ not in ("it", "this", "that", "which")
    lemma = subject.lemma_.lower()
    if agent_noun(lemma):
        return True  # "hacking specialists say", "economists", "historians"
    if subject.like_num and any(c.dep_ in ("prep", "quantmod") and c.lower_ in ("in", "of")
                                for c in subject.children):
        return True  # "nearly three in five said", "six in 10 say", "two of three voters"
    return lemma in SPEAKING_NOUNS


def stands_for_a_speaker(cue: Token, subject: Token, complement: Token,
                          can_speak: Callable[[Token], bool]) -> bool:
    """A subject that is no speaker itself but stands for one: the relative pronoun of "a
    letter from his doctor that says …", "the police department, which reported …" (the
    noun the clause hangs on speaks), and the "it" of a finding or a document ("It showed
    that …", "It says the campaign broke the law": a poll, a lawsuit; not "it showed no sign
    of weakening")."""
    if subject.lower_ == "it":
        # a whole clause, not the rest of a relative one: "a tunnel that it said Hamas had
        # built", "a missile it claimed could reach Alaska" leave fragments
        return cue_lexicon().get(cue.lemma_.lower()) in ("report", "speech") and \
            complement.dep_ == "ccomp" and cue.dep_ != "relcl" and \
            any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.tag_ not in ("WDT", "WP")
                for c in complement.children)
    if cue.lemma_.lower() == "show" and complement.dep_ != "ccomp":
        return False  # "a video that showed the beheading": what it depicts, not a finding
    return subject.tag_ == "WDT" and cue.dep_ == "relcl" and can_speak(cue.head)


# Verbs only a speaker does: whatever noun is their subject is the source ("the bank said
# …", "the brief says …", "the lawsuit claims …"), where "suggest", "show" or "indicate"
# can have evidence for a subject ("the rise suggests …").
VOICING = cue_role("voices")


def voiced(cue: Token, subject: Token) -> bool:
    """A noun subject before a finite verb of `VOICING` in a clause of its own (not the
    participle or relative clause a misparse gives a noun: "no foreign power asserting …")."""
    return subject.pos_ == "NOUN" and cue.lemma_.lower() in VOICING and \
        subject.i < cue.i and cue.dep_ not in ("relcl", "acl") and cue.tag_ != "VBG"


def agent_noun(lemma: str) -> bool:
    """A noun in -ist/-ian or -man/-woman that names people ("specialist", "historian",
    "businessman", "congresswoman")."""
    return (lemma.endswith(("ist", "ian")) and len(lemma) > 5 or
            lemma.endswith(("man", "woman")) and len(lemma) > 6) and lemma not in NOT_PEOPLE


NOT_PEOPLE = words("not_people")


# People and bodies that speak without a name: "proponents of the bill say …", "the
# commission said …", "his lawyer argued …".
BODIES = words("body")


# Cues of a direct quote ("…,” he continued) that with an infinitive are not attributions:
# "continues to hover near the top", "needs to keep", "tried to stop".
DIRECT_ONLY = cue_role("direct_only")


# Adjectives of a held view or feeling, with what it is about after them.
STANCE_ADJECTIVES = words("stance")


# Speech verbs whose object is not what is said: "organizers added 160 guards".
# "told CNN": whom; "writes a weekly column", "maintains a lock on", "tweeted @handle": no
# statement
NOT_WITH_OBJECT = cue_role("object_not_said")


REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself"})
WH_WORDS = frozenset({"if", "whether", "how", "why", "what", "when", "who"})
# Verbs of speaking (class "topic") whose topic follows a preposition: "spoke of", "talked
# about"; not "on" ("spoke on condition of anonymity", "spoke on Monday") and no object
# ("speaks Russian").
TOPICS = cue_prepositions()


# Verbs whose demand follows "for" or "on": the demand is what they say.
DEMANDS = cue_role("demand")


# Poll answers ("59 percent say they …", "a majority of voters believe …") and documents
# that state things ("the report found that …", "a campaign memo says …") have sources too.
POLLED = words("polled")
DOCUMENTS = words("document")
NAMED_SOURCES = DOCUMENTS | BODIES  # "Poll: …", "Report: …" lines (not "Photo: …")
# What shows or finds things without naming anyone: "data show that …", "the footage
# shows …", "research found …".
EVIDENCE = words("evidence")


# Every head noun of a subject that can be a source (built once: `can_speak` is called for
# every cue).
SPEAKING_NOUNS = UNNAMED_HEADS | POLLED | DOCUMENTS | EVIDENCE | BODIES | words("speaker_noun")


def noun_phrase(head: Token) -> tuple[int, int]:
    """The speaker phrase: the head's subtree up to an apposition or a relative clause."""
    doc = head.doc
    left = head.left_edge.i
    while left < head.i and (doc[left].is_punct or doc[left].is_space or
                             doc[left].text in ("''", "``", "'") or doc[left].tag_ == "WP"):
        left += 1  # the closing mark of the quote before: “…,” said X (or ''…,'' said X);
        # the "what" of "what authorities there called …"
    right = head.i
    for child in head.rights:
        if child.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj") or child.text == ",":
            break
        right = max(right, child.right_edge.i)
    start, end = doc[left].idx, doc[right].idx + len(doc[right].text)
    return start, end


def complement_span(cue: Token, complement: Token, subject: Token) -> tuple[int, int] | None:
    """What is said: from the complement to the sentence's end when the cue comes first
    ("X said that …"), from the sentence's start to the complement when it comes last
    ("…, officials said"). spaCy's complement subtree often stops early on long sentences."""
    sent = cue.sent
    if complement.i > cue.i:
        # what is said starts after its cue, even when the parser hangs a clause before the
        # cue on the complement ("… during college, Allen said he tends to …")
        start = complement.left_edge if complement.left_edge.i > cue.i else cue.doc[cue.i + 1]
        whom = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < complement.i),
                    None)
        if complement.dep_ == "xcomp" and whom is not None:
            start = whom.left_edge  # "urged Silicon Valley to find a compromise": whom too
        for token in cue.doc[cue.i + 1:complement.left_edge.i]:
            if token.dep_ == "mark":
                start = token  # keep "that", as annotators do
                break
        that = next((c for c in complement.children if c.dep_ == "mark" and
                     c.lower_ == "that" and c.i > start.i), None)
        if that is not None:
            start = that  # "told customers at a diner that …": not whom it was told
        # what is said ends with the sentence, or at a semicolon: after it the writer goes
        # on in their own voice ("X thinks that …; that's a sure way to lose")
        end_token = next((t for t in cue.doc[start.i:sent.end] if t.text == ";"), sent[-1])
        if cue.dep_ not in ("ROOT", "conj") and cue.right_edge.i < end_token.i:
            # "While candidates say X, they differ …", "Sanders, who had said X, criticized
            # …": what is said ends with the clause the cue heads
            end_token = cue.right_edge
        end_token = _before_tail(cue, complement, start, end_token)
        while end_token.i > start.i and (end_token.is_space or end_token.is_punct and
                                         end_token.text not in CLOSING_MARKS):
            end_token = cue.doc[end_token.i - 1]
        return start.idx, end_token.idx + len(end_token.text)
    first = min(complement.left_edge.i, sent.start)
    last = complement.right_edge
    while last.i > first and (last.is_punct or last.is_space or
                              last.i >= min(subject.left_edge.i, cue.i)):
        last = cue.doc[last.i - 1]
    start_token = cue.doc[first]
    while (start_token.is_punct or start_token.is_space) and start_token.i < last.i:
        start_token = cue.doc[start_token.i + 1]
    return start_token.idx, last.idx + len(last.text)


CLOSING_MARKS = ("”", "\"", "’", "''")
ENABLING = frozenset({"help", "allow", "enable", "let", "permit", "get", "force", "persuade",
                      "convince", "pressure", "compel"})


# What hangs on the cue after its complement is the writer's, not the speaker's: "X said
# that … and celebrated the ruling", "…, drawing a sharp reply", "… on Monday".
_CUE_TAIL = frozenset({"conj", "cc", "advcl"})


def _before_tail(cue: Token, complement: Token, start: Token, end: Token) -> Token:
    """The last token of what is said: before the cue's own trailing words, before a
    trailing "according to X" or "…, X said" that names another source."""
    doc = cue.doc
    tail = [c for c in cue.children
            if c.dep_ in _CUE_TAIL and c.i > complement.right_edge.i and c.i <= end.i and
            not _quoted_clause(c) and not _still_said(c)]
    stops = [c.left_edge.i for c in tail]
    strings = TokenStrings.of(doc)
    dep, pos, tag = strings.dep, strings.pos, strings.tag
    for i in range(start.i + 1, end.i + 1):
        if dep[i] != "conj" or pos[i] not in ("VERB", "AUX") or tag[i] not in (
                "VBD", "VBZ", "VBP"):
            continue
        token = doc[i]
        if any(g.dep_ in SUBJECTS for g in token.children):
            continue
        cc = next((g for g in token.head.children if g.dep_ == "cc" and g.i < token.i), None)
        if cc is not None and (is_cue(token) or doc[cc.i - 1].text == ","):
            # "… and said “…”": the speaker's next report; "…, but downplayed the issue":
            # the speaker's next deed, not more of what was said
            stops.append(cc.i)
    for i in range(start.i + 1, end.i + 1):
        if strings.lower[i] != "," or i + 1 >= len(doc):
            continue
        token = doc[i]
        following = doc[token.i + 1]
        if following.lower_ == "according" and token.i + 2 < len(doc) and \
                doc[token.i + 2].lower_ == "to":
            stops.append(token.i)
            break
        window = doc[token.i + 1:min(token.i + 12, end.i + 1)]
        said = next((t for t in window if t.pos_ == "VERB" and is_cue(t) and
                     cue_lexicon().get(t.lemma_.lower()) == "speech"), None)
        if said is not None and not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > said.i
                                        for c in said.children) and \
                not any(t.pos_ in ("VERB", "AUX") for t in doc[token.i + 1:said.i]):
            stops.append(token.i)  # "…, experts said"
            break
    for token in doc[start.i + 1:end.i + 1]:
        if token.text == "," and token.i + 1 <= end.i and doc[token.i + 1].lower_ == "which" \
                and doc[token.i + 1].head.dep_ == "relcl" and \
                doc[token.i + 1].head.right_edge.i >= end.i - 1:
            # "…over fears of the Zika virus, which is spread by mosquitoes": the writer's
            # gloss on a word of what was said ends it
            stops.append(token.i)
            break
    for token in doc[start.i + 1:end.i + 1]:
        if token.text == "," and token.i + 1 <= end.i:
            following = doc[token.i + 1]
            if following.tag_ in ("VBG", "VBN") and following.dep_ in ("advcl", "acl") or \
                    following.lower_ == "compared":
                # "…, based on polls that …", "…, sparking a firestorm", "…, compared with"
                stops.append(token.i)
                break
    if not stops:
        return end
    last = min(stops) - 1
    return doc[last] if last > start.i else end


# A reason or condition the parser hangs on the cue belongs to what is said ("X said it did
# not count them because they were part of the job", "… if elected").
_SAID_MARKS = frozenset({"because", "if", "unless", "until"})


def _still_said(token: Token) -> bool:
    """A word hung on the cue after its complement that goes on with what is said: a reason
    or condition, or a conjunct no past-tense report can be (a base verb after a modal,
    a noun): "said she would run and win", "said the plan and the cost were wrong"."""
    if token.dep_ == "cc":
        token = next((c for c in token.head.children if c.dep_ == "conj" and c.i > token.i),
                     token)
    if token.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _SAID_MARKS for c in token.children)
    return token.dep_ == "conj" and (token.tag_ == "VB" or token.pos_ not in ("VERB", "AUX"))


def _quoted_clause(token: Token) -> bool:
    """A clause that opens with a quotation mark: "…, but “the offers were …”" goes on with
    the speaker's own words (its "but" too)."""
    if token.dep_ == "cc":
        token = next((c for c in token.head.children if c.dep_ == "conj" and c.i > token.i),
                     token)
    return token.dep_ == "conj" and token.left_edge.text in ("“", '"', "``", "‘")


NAMING = cue_role("naming")


def names_it(cue: Token) -> bool:
    """A pronoun object that starts what is said: "calling her a 'horrible witness'",
    "described him as reckless", "accused them of lying"."""
    lemma = cue.lemma_.lower()
    if any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in cue.children):
        return False  # "a group that calls itself the Islamic State": a name, not a view
    if lemma in NAMING:
        return any(c.dep_ in ("oprd", "xcomp", "attr", "ccomp") for c in cue.children)
    wanted = {"describe": "as", "portray": "as", "characterize": "as", "accuse": "of",
              "blame": "for", "criticize": "for", "praise": "for", "thank": "for"}.get(lemma)
    return wanted is not None and any(c.dep_ == "prep" and c.lower_ == wanted
                                      for c in cue.children)


