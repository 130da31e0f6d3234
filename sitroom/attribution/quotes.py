"""Quotes and reported speech: who says what, with speaker, cue and content spans.

    direct   “…,” he said / said X: “…” / “…,” X said, “…” (split) / multi-paragraph quotes
    indirect X says (that) … / … , officials said / according to X, … / X suspects that …
    mixed    indirect content that carries a quoted stretch

Speakers resolve to the actors the actors stage found (names, pronouns through its
coreference); unnamed sources ("analysts", "Western officials", "a senior official") become
group actors of their own so that every quote and claim can point at who said it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..actors.gazetteer import load as load_gazetteer
from ..actors.gazetteer import slug
from ..actors.places import place_country
from ..intervals import Intervals
from ..quotation import cue_lexicon, quote_spans
from ..records import Actor, ArticleAnalysis, Mention, Quote, Span, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# "PENCE: Well, look, …", also as a paragraph of a quoted transcript ("\"WALLACE: …")
_TRANSCRIPT = re.compile(r"(?m)^[\"“]?([A-Z][A-Z.\-' ]{2,30}(?=:)|[QA](?=[:.]))[:.]\s+"
                         r"(\S[^\n]*)$")
# “…” ― Sonya Herridge: a quotation credited after a dash, on its own line
_DASH_CREDIT = re.compile(
    r"[”\"’']?[^\S\n]*[―—–][^\S\n]*((?:[A-Z][\w.'’\-]*)(?:[^\S\n]+(?:[A-Z][\w.'’\-]*|de|van|"
    r"von|al|bin|da|del))*?)[^\S\n]*(?:[,;(]|$)", re.M)
_STAGE = re.compile(r"[\"“]?\s*[(\[][^)\]]*[)\]]\W*$")  # "(CROSSTALK.)", "[LAUGHTER]"
# "Matthews: Well, speculation is bad." / "Lewandowski: FBI director acted as judge" — a
# line that opens with a name and a colon; the name must be a person, organisation or a
# source noun ("Poll: …", "Report: …") to count.
# A headline may say whom it was said to or where: "Clinton to Planned Parenthood: …",
# "Former AG Mukasey at RNC: …".
_NAMED_LINE = re.compile(r"(?m)^((?:[A-Z][\w.'’\-]*)(?: [A-Z][\w.'’\-]*){0,3})"
                         r"(?: (?:to|at) (?:the )?[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})?"
                         r":\s+(\S[^\n]*)$")
HEADING_WORDS = frozenset(
    "see also read more watch watched photo photos video videos correction update updated "
    "analysis note related breaking exclusive opinion editor editors live listen click "
    "subscribe source sources what why how when where advertisement sponsored u.s story "
    "stories".split())
TRANSCRIPT_ROLES = frozenset(
    "q a question answer moderator reporter host anchor interviewer audience participant "
    "unidentified male female speaker".split())
SUBJECTS = ("nsubj", "nsubjpass")
SUBORDINATORS = frozenset({"when", "after", "before", "if", "as", "because", "while",
                           "although", "though", "since", "once", "until", "unless"})
UNNAMED_HEADS = frozenset(
    "analyst expert official diplomat source observer critic resident witness aide adviser "
    "advisor officer spokesman spokeswoman spokesperson insider person people authority agent "
    "commentator researcher scholar economist strategist lawmaker legislator leader "
    "government ministry administration agency intelligence military army police report "
    "study survey poll document statement investigator activist campaigner worker head chief "
    "director minister secretary president commander general ambassador envoy negotiator "
    "mediator delegate delegation governor mayor".split()
)


@dataclass
class Found:
    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    parts: tuple[tuple[int, int], ...] = ()


def _split_pair(text: str, first: Found, second: tuple[int, int],
                cue: tuple[int, int] | None) -> bool:
    """True when `second` continues `first` across a short attribution in one paragraph."""
    between = text[first.content[1]:second[0]]
    if "\n" in between or len(between) > 200 or first.cue is None:
        return False
    if not between.rstrip(" \"“”'").endswith((",", ".", ":", ";", "?", "!", "—")):
        return False  # “…,” he said on ABC's “This Week”: a title, not more of the quote
    return first.cue[0] >= first.content[1] and (cue is None or cue == first.cue)


def _goes_on(text: str, first: Found, second: tuple[int, int]) -> bool:
    """True when the quotation `second` opens the paragraph after `first`'s, or follows it
    in the same paragraph (the caller sees that no quotation came between)."""
    between = text[first.content[1]:second[0]]
    return between.count("\n\n") <= 1 and len(between) <= 300


def _is_cue(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in cue_lexicon()


def _subject(cue: Token) -> Token | None:
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
        subject = _subject(cue.head)  # "… he said, adding that …"
        if subject is None and cue.dep_ == "conj":
            # "Clark said there are two … but said the outcome was open": the parser hung
            # the second "said" on the clause the first one reports
            again = next((a for a in cue.ancestors if _is_cue(a)), None)
            return _subject(again) if again is not None and again.lemma_ == cue.lemma_ \
                else None
        return subject
    for child in cue.children:  # passive agent: "it was reported by X"
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _can_speak(subject: Token) -> bool:
    """People, organisations, states, pronouns and unnamed sources speak; events do not
    ("the strengthening of relations suggests that …" is evidence, not a speaker)."""
    if subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or subject.pos_ in ("PROPN", "PRON"):
        return subject.lower_ not in ("it", "this", "that", "which")
    lemma = subject.lemma_.lower()
    if _agent_noun(lemma):
        return True  # "hacking specialists say", "economists", "historians"
    if subject.like_num and any(c.dep_ in ("prep", "quantmod") and c.lower_ in ("in", "of")
                                for c in subject.children):
        return True  # "nearly three in five said", "six in 10 say", "two of three voters"
    return lemma in SPEAKING_NOUNS


def _stands_for_a_speaker(cue: Token, subject: Token, complement: Token,
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
VOICING = frozenset(
    "say tell claim argue insist announce declare write tweet deny admit acknowledge allege "
    "vow pledge promise testify explain complain boast concede contend "
    "assert reiterate repeat state".split())


def _voiced(cue: Token, subject: Token) -> bool:
    """A noun subject before a finite verb of `VOICING` in a clause of its own (not the
    participle or relative clause a misparse gives a noun: "no foreign power asserting …")."""
    return subject.pos_ == "NOUN" and cue.lemma_.lower() in VOICING and \
        subject.i < cue.i and cue.dep_ not in ("relcl", "acl") and cue.tag_ != "VBG"


def _agent_noun(lemma: str) -> bool:
    """A noun in -ist/-ian or -man/-woman that names people ("specialist", "historian",
    "businessman", "congresswoman")."""
    return (lemma.endswith(("ist", "ian")) and len(lemma) > 5 or
            lemma.endswith(("man", "woman")) and len(lemma) > 6) and lemma not in NOT_PEOPLE


NOT_PEOPLE = frozenset({"checklist", "playlist", "shortlist", "blacklist", "wishlist",
                        "median", "meridian", "guardian", "talisman", "superhuman"})


# People and bodies that speak without a name: "proponents of the bill say …", "the
# commission said …", "his lawyer argued …".
BODIES = frozenset(
    "proponent advocate organizer organiser backer representative conservative liberal "
    "progressive campaign commission committee council board panel department office union "
    "association coalition newspaper editor editorial staff team family friend lawyer "
    "attorney judge prosecutor teacher student parent owner employee executive manager "
    "founder chairman chairwoman chair spokesperson biographer historian sister brother wife "
    "husband mother father son daughter widow".split())


# Cues of a direct quote ("…,” he continued) that with an infinitive are not attributions:
# "continues to hover near the top", "needs to keep", "tried to stop".
DIRECT_ONLY = frozenset({"continue", "need", "try"})


# Adjectives of a held view or feeling, with what it is about after them.
STANCE_ADJECTIVES = frozenset(
    "confident sure certain convinced optimistic pessimistic hopeful worried concerned afraid "
    "fearful aware furious angry upset happy pleased glad eager keen determined skeptical "
    "sceptical doubtful adamant content unhappy frustrated disappointed critical "
    "supportive".split())


# Speech verbs whose object is not what is said: "organizers added 160 guards".
# "told CNN": whom; "writes a weekly column", "maintains a lock on", "tweeted @handle": no
# statement
NOT_WITH_OBJECT = frozenset({"add", "post", "state", "tell", "write", "maintain", "tweet"})


REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself"})
WH_WORDS = frozenset({"if", "whether", "how", "why", "what", "when", "who"})
# Verbs of speaking (class "topic") whose topic follows a preposition: "spoke of", "talked
# about"; not "on" ("spoke on condition of anonymity", "spoke on Monday") and no object
# ("speaks Russian").
TOPICS = {"speak": ("of", "about", "against"), "talk": ("about", "of")}


# Verbs whose demand follows "for" or "on": the demand is what they say.
DEMANDS = frozenset("call appeal press push ask plead clamor clamour".split())


# Poll answers ("59 percent say they …", "a majority of voters believe …") and documents
# that state things ("the report found that …", "a campaign memo says …") have sources too.
POLLED = frozenset("percent % majority minority half third quarter plurality respondent "
                   "american democrat republican independent people many most some few "
                   "none".split())
DOCUMENTS = frozenset("poll survey report study statement analysis memo letter email tweet "
                      "ad website article book filing complaint lawsuit indictment ruling "
                      "document record transcript post video release".split())
NAMED_SOURCES = DOCUMENTS | BODIES  # "Poll: …", "Report: …" lines (not "Photo: …")
# What shows or finds things without naming anyone: "data show that …", "the footage
# shows …", "research found …".
EVIDENCE = frozenset(
    "data datum slide average research figure footage image photo photograph chart graph "
    "map estimate projection tally census audit review investigation inquiry probe "
    "assessment finding evidence brief memorandum testimony message text recording "
    "tape clip".split())


# Every head noun of a subject that can be a source (built once: `_can_speak` is called for
# every cue).
SPEAKING_NOUNS = UNNAMED_HEADS | POLLED | DOCUMENTS | EVIDENCE | BODIES | frozenset(
    "country state nation regime court party group company member president minister "
    "secretary director chief head professor scientist doctor voter supporter opponent "
    "candidate senator magazine network channel broadcaster outlet paper publication "
    "embassy firm organization organisation actor actress producer mourner magnate "
    "billionaire tycoon celebrity star host anchor reporter correspondent writer "
    "nominee city county municipality".split())


def _noun_phrase(head: Token) -> tuple[int, int]:
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


def _complement_span(cue: Token, complement: Token, subject: Token) -> tuple[int, int] | None:
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
    for token in doc[start.i + 1:end.i + 1]:
        if token.dep_ != "conj" or token.pos_ not in ("VERB", "AUX") or token.tag_ not in (
                "VBD", "VBZ", "VBP") or any(g.dep_ in SUBJECTS for g in token.children):
            continue
        cc = next((g for g in token.head.children if g.dep_ == "cc" and g.i < token.i), None)
        if cc is not None and (_is_cue(token) or doc[cc.i - 1].text == ","):
            # "… and said “…”": the speaker's next report; "…, but downplayed the issue":
            # the speaker's next deed, not more of what was said
            stops.append(cc.i)
    for token in doc[start.i + 1:end.i + 1]:
        if token.text != "," or token.i + 1 >= len(doc):
            continue
        following = doc[token.i + 1]
        if following.lower_ == "according" and token.i + 2 < len(doc) and \
                doc[token.i + 2].lower_ == "to":
            stops.append(token.i)
            break
        window = doc[token.i + 1:min(token.i + 12, end.i + 1)]
        said = next((t for t in window if t.pos_ == "VERB" and _is_cue(t) and
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


NAMING = frozenset({"call", "label", "brand", "dub"})


def _names_it(cue: Token) -> bool:
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


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """Consecutive stretches of a token list (by index)."""
    runs: list[list[Token]] = []
    for token in tokens:
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _embedded(text: str, q_start: int) -> bool:
    """True when a quotation opens in the middle of a sentence, after a word."""
    before = text[:q_start - 1].rstrip("'").rstrip(" \t")  # '' marks are two characters
    if not before or before[-1] in ".!?:\n\"”“—–-(":
        return False
    return not text[q_start:q_start + 1].isupper() or before[-1].isalpha()


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def find_quotes(doc: Doc, named: frozenset[int] = frozenset()) -> list[Found]:
    """The quotes of a parsed text; `named` are the indices of tokens the actors stage found
    a person or body in (a speaker the parser took for a common noun: "Fields said …")."""
    text = doc.text

    def can_speak(token: Token) -> bool:
        return token.i in named or _can_speak(token)

    people = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    found: list[Found] = _transcript_turns(text, people)
    # a quoted transcript's paragraphs are its turns (from the label on), not quotations of
    # their own
    turns = [(f.speaker[0], f.content[1]) for f in found if f.speaker]
    marked = quote_spans(text)
    quoted = [q for q in marked if not any(s <= q[0] <= e for s, e in turns)]
    inside: set[int] = set()
    for start, end in marked:
        inside.update(range(start, end))

    def outside(token: Token) -> bool:
        return token.idx not in inside

    # Direct quotes: a cue outside the marks in the sentences the quote touches.
    used_cues: set[int] = set()
    unclaimed: list[tuple[int, int]] = []  # quotations no cue or earlier speaker claims
    last_speaker: tuple[int, int] | None = None
    last_paragraph_end = -1
    prior_end = -1
    for q_start, q_end in quoted:
        last_quoted_end, prior_end = prior_end, _strip(text, q_start, q_end)[1]
        first = doc.char_span(q_start, q_start + 1, alignment_mode="expand")
        last = doc.char_span(max(q_end - 1, q_start), q_end, alignment_mode="expand")
        if not first or not last:  # None, or empty at whitespace
            continue
        sents = [first[0].sent, last[0].sent]
        nxt = last[0].sent.end
        asked = text[q_start:q_end].rstrip("”\"' ")[-1:] in ("?", "!")
        if nxt < len(doc) and "\n\n" not in text[q_end:doc[nxt].idx] and (
                doc[nxt].sent.end - nxt <= 12 or asked and _is_cue(doc[nxt].sent.root) and
                doc[nxt].sent.root.i - nxt <= 8):
            # “…” / He said so in a statement. (Not ¶ “…”.) “…?” / O’Malley said at a press
            # conference in Des Moines on Tuesday …: the question mark ended the sentence
            sents.append(doc[nxt].sent)
        prev = first[0].sent.start
        if prev > 0 and doc[prev - 1].sent.text.rstrip().endswith(":"):
            sents.append(doc[prev - 1].sent)  # He said: / “…”
        # the cue right before the opening mark ("…, Spicer said, adding, “…”", "he
        # welcomed it and added: “…”") introduces the quotation, and leaves an earlier cue
        # in the sentence to what it reports
        def free(token: Token) -> bool:
            return outside(token) and _is_cue(token) and token.i not in used_cues

        cue = next((t for t in reversed(doc[first[0].sent.start:first[0].i])
                    if not t.is_punct and not t.is_space), None)
        if cue is None or not free(cue) or \
                not re.fullmatch(r"[\s,:]*[\"“‘']?", text[cue.idx + len(cue.text):q_start]):
            cue = next((token for sent in sents for token in sent if free(token)), None)
        speaker = None
        if cue is not None:
            used_cues.add(cue.i)
            subject = _subject(cue)
            if subject is not None and outside(subject):
                speaker = _noun_phrase(subject)
        paragraph_start = text.rfind("\n\n", 0, q_start)
        opens_paragraph = text[paragraph_start + 2 if paragraph_start >= 0 else 0:q_start - 1
                               ].strip() == ""
        credit = _DASH_CREDIT.match(text, q_end)
        dash: tuple[int, int] | None = None
        if cue is None and credit is not None and \
                len(re.findall(r"\w+", text[q_start:q_end])) >= 4:
            # “He is ignorant of our culture.” ― Pamela Padilla
            at = next(i for i in range(q_end, credit.start(1)) if text[i] in "―—–")
            name_end = credit.end(1) - (text[credit.end(1) - 1] == ".")  # "Carla Sanchez."
            dash, speaker = (at, at + 1), (credit.start(1), name_end)
        if cue is None and dash is None:
            # "Zelensky had a blunt warning for the West — “…”", "Kim's sister issued a
            # statement. “…,” it read.": a speech noun and whose it is
            uttered = _utterance(first[0].sent, q_start, outside, can_speak)
            if uttered is not None:
                cue, speaker = uttered[0], _noun_phrase(uttered[1])
        if cue is None and dash is None and last_speaker is not None and (
                paragraph_start <= last_paragraph_end or
                (opens_paragraph and text.rfind("\n\n", 0, paragraph_start) <= last_paragraph_end)):
            # a second quote in the same paragraph, or a quote that opens the next one: the
            # same speaker goes on
            speaker = last_speaker
        short = len(re.findall(r"\w+", text[q_start:q_end])) < 4
        if cue is None and speaker is None:
            if not short and not _embedded(text, q_start):
                unclaimed.append(_strip(text, q_start, q_end))
            continue
        content = _strip(text, q_start, q_end)
        cue_span = (cue.idx, cue.idx + len(cue.text)) if cue is not None else dash
        previous = found[-1] if found and found[-1].kind == "direct" else None
        if previous is not None and dash is None and (
                _split_pair(text, previous, content, cue_span) or (
                    cue is None and previous.speaker == speaker and
                    previous.parts[-1][1] >= last_quoted_end and
                    not _embedded(text, q_start) and _goes_on(text, previous, content))):
            # “By locking in China,” Mr. Obama said, “it now allowed me …”; “It is a tough
            # charge,” Pence said. “But, come on.”: one quotation goes on
            previous.content = (previous.content[0], content[1])
            previous.parts = previous.parts + (content,)
            continue
        if cue is None and short:
            continue  # a title or a phrase in quotation marks ("Sons of Trump"), not speech
        if _embedded(text, q_start):
            # a “strongman approach”; the only one that “has beaten and can beat” Trump:
            # words quoted inside a sentence are part of what the sentence reports (a mixed
            # quote, found below), not a quotation of their own
            if cue is not None:
                used_cues.discard(cue.i)
            continue
        found.append(Found("direct", content, cue_span, speaker, (content,)))
        if speaker is not None and dash is None:  # a credit after a dash is its line's alone
            last_speaker = speaker
            next_break = text.find("\n\n", q_end)
            last_paragraph_end = next_break if next_break >= 0 else len(text)

    # Indirect speech and beliefs: a cue verb with a clausal complement.
    for token in doc:
        if token.i in used_cues or not outside(token) or not _is_cue(token) or \
                token.lemma_.lower() in DIRECT_ONLY:
            continue
        if token.dep_ in ("xcomp", "ccomp") and token.head.lemma_.lower() in ENABLING:
            continue  # "can help North Korea assess its equipment": a capacity, not a report
        if token.dep_ == "xcomp" and _is_cue(token.head):
            continue  # "threatened to attack North Korea": one report, the threat
        if token.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                       for c in token.children):
            continue  # "the right to defend its borders", "a plan to announce": not done
        if token.lemma_.lower() == "ask" and any(
                c.dep_ == "xcomp" and c.lemma_.lower() in ("identify", "name") and any(
                    g.dep_ == "neg" for g in c.children) for c in token.children):
            continue  # "who asked not to be identified": anonymity, not what was said
        if cue_lexicon().get(token.lemma_.lower()) == "speech" and any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall")
                for c in token.children):
            continue  # "the United States would announce sanctions": not said yet
        clauses = [c for c in token.children if c.dep_ == "ccomp"]
        # not a clause a semicolon sets off before the cue: "It's unlikely; Clinton's team
        # says she'll continue …" reports what follows the cue
        complement = next((c for c in clauses if c.i > token.i or
                           not any(t.text == ";" for t in doc[c.i:token.i])), None)
        if complement is None:
            # "wants to …", "refused to …"; "announced a plan …", "described him as …"
            complement = next((c for c in token.children if c.dep_ == "xcomp"
                               and c.i > token.i), None)
            if complement is None and cue_lexicon().get(token.lemma_.lower()) in (
                    "speech", "report") and token.lemma_.lower() not in NOT_WITH_OBJECT:
                # "announced a plan", "polls have shown Trump with a lead", "calling her a
                # 'horrible witness'" (the object is where what is said starts)
                complement = next((c for c in token.children if c.dep_ == "dobj"
                                   and c.i > token.i and c.pos_ in ("NOUN", "PROPN", "PRON")
                                   and (c.pos_ != "PRON" or _names_it(token))), None)
                if complement is None and token.lemma_.lower() in NAMING and not any(
                        c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
                    # "called the Republican frontrunner “ISIS' best recruiter”": the parser
                    # made the name the object's predicate and hung the object on it. Only
                    # a name in quotation marks: "a group called the Legacy Fund" names it
                    complement = next((c for c in token.children if c.dep_ == "oprd"
                                       and c.i > token.i and c.left_edge.i > token.i and any(
                                           a < c.right_edge.idx and c.left_edge.idx < b
                                           for a, b in quoted)), None)
            asking = token.lemma_.lower() in ("ask", "wonder", "question")
            if complement is None and (asking or cue_lexicon().get(
                    token.lemma_.lower()) == "speech" and token.lemma_.lower() not in DEMANDS) \
                    and any(c.dep_ == "nsubj" for c in token.children):  # not "he was asked"
                # "asked if he had been preparing", "asked how ties would fare"; "have not
                # said when they would take it up" (not "was speaking when he walked in",
                # "will resign, he said, if the vote fails": a time, a condition)
                opens = WH_WORDS if asking else WH_WORDS - {"if", "when"} | (
                    {"when"} if any(c.dep_ == "neg" for c in token.children) else set())
                complement = next((c for c in token.children if c.dep_ in ("advcl", "ccomp")
                                   and c.i > token.i and any(
                                       g.dep_ in ("mark", "advmod") and g.lower_ in opens
                                       for g in c.children)), None)
            if complement is None:
                # "said earlier during a news conference that he may wait", "told a meeting
                # of Pacific Island leaders that few people understood …": a "that" clause
                # the parser hung on the last noun before it
                complement = next((r for c in token.children if c.dep_ in ("prep", "dobj")
                                   and c.i > token.i for r in c.subtree
                                   if r.dep_ == "relcl" and any(
                                       g.dep_ == "mark" and g.lower_ == "that"
                                       for g in r.children)), None)
            if complement is None and token.lemma_.lower() in DEMANDS:
                # "called for regime change", "called on voters to remember …"
                prep = next((c for c in token.children if c.dep_ == "prep" and
                             c.lower_ in ("for", "on", "upon") and c.i == token.i + 1), None)
                if prep is not None:
                    complement = next((g for g in prep.children
                                       if g.dep_ in ("pobj", "pcomp")), None)
            if complement is None and token.lemma_.lower() in TOPICS:
                # "spoke of the legacy of racism", "talked about the need for reform",
                # "spoke out against injustice": what they spoke about
                prep = next((c for c in token.children if c.dep_ == "prep" and
                             c.lower_ in TOPICS[token.lemma_.lower()] and c.i > token.i), None)
                if prep is not None:
                    complement = next((g for g in prep.children if g.dep_ == "pobj" and
                                       g.ent_type_ not in ("DATE", "TIME")), None)
            if complement is None:
                continue
        subject = _subject(token)
        if subject is None or not (can_speak(subject) or _voiced(token, subject) or
                                   _stands_for_a_speaker(token, subject, complement,
                                                         can_speak)):
            continue
        passive = subject.dep_ == "nsubjpass" and subject.head.i == token.i
        if passive and cue_lexicon().get(token.lemma_.lower()) == "belief":
            # "Johnson is expected to seek an election", "the group is believed to hold
            # Americans": whoever expects or believes it is not named, and it is not the
            # subject — a hedge, which the claims read
            continue
        said = _complement_span(token, complement, subject)
        if said is None:
            continue
        c_start, c_end = said
        overlapping = [(a, b) for a, b in quoted if a < c_end and c_start < b]
        if not overlapping:
            kind = "indirect"
        elif c_start < overlapping[0][0]:
            # "who thinks Emanuel “needs to be more collaborative …”": the quoted stretch
            # the words run into belongs to what is said, to its closing mark
            kind = "mixed"
            said = (c_start, max(c_end, overlapping[-1][1]))
        elif any(f.kind == "direct" and f.content[0] < overlapping[0][1] and
                 overlapping[0][0] < f.content[1] for f in found):
            continue  # the complement is itself inside a direct quote
        elif c_end > overlapping[-1][1] + 1:
            # "Obama said “it gets me mad” every time he thinks about …": the quote opens
            # what is said and the writer's words go on with it
            kind = "mixed"
            said = (overlapping[0][0], c_end)
        else:
            # "Elliott said “there is no great man …”": the quotation is the complement (a
            # quote run into the sentence, so the direct-quote pass left it)
            kind = "direct"
            said = _strip(text, overlapping[0][0], overlapping[-1][1])
        # "he was told that …", "she was asked whether …": said to the subject by someone
        # the sentence does not name
        found.append(Found(kind, said, (token.idx, token.idx + len(token.text)),
                           None if passive else _noun_phrase(subject)))

    # A stance in an adjective with a clause after it: "is confident that …", "were eager
    # to …" — whoever is so holds what follows ("furious at the company" says no more than
    # its object, and is left to the claims).
    for token in doc:
        if token.dep_ != "acomp" or token.lemma_.lower() not in STANCE_ADJECTIVES or \
                token.head.lemma_ != "be" or not outside(token):
            continue
        complement = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")
                           and c.i > token.i), None)
        subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if complement is None or subject is None or not can_speak(subject):
            continue
        said = _complement_span(token, complement, subject)
        if said is None or any(a < said[1] and said[0] < b for a, b in quoted):
            continue
        found.append(Found("indirect", said, (token.idx, token.idx + len(token.text)),
                           _noun_phrase(subject)))

    # Reported speech put first: "North Korea has started sending soldiers …, South Korea's
    # spy agency said on Friday." The parser often hangs the clause and the cue apart, so
    # this goes by the sentence: a clause, a comma, then a speaker and a speech verb with
    # nothing after them but when and where.
    taken = [f.content for f in found]
    for token in doc:
        if token.i in used_cues or not outside(token) or not _is_cue(token) or \
                cue_lexicon().get(token.lemma_.lower()) != "speech":
            continue
        sent = token.sent
        comma = next((t for t in reversed(doc[sent.start:token.i]) if t.text == ","), None)
        if comma is None:
            continue
        first_word = comma.i + 1
        while first_word < token.i and doc[first_word].text in CLOSING_MARKS:
            first_word += 1  # a closing mark whose opening one was lost: "…,'' Trump tweeted"
        words = doc[first_word:token.i]  # the speaker: "South Korea's spy agency"
        inverted = _subject(token)
        if all(t.is_punct for t in words) and inverted is not None and \
                inverted.i < token.i and inverted.left_edge.i > sent.start and \
                doc[inverted.left_edge.i - 1].text == ",":
            # "…, his top aide, Tad Devine, told The Huffington Post": the speaker runs from
            # the comma before the subject, over its apposition
            comma = doc[inverted.left_edge.i - 1]
            words = doc[inverted.left_edge.i:token.i]
            while len(words) and words[-1].is_punct:
                words = doc[words.start:words.end - 1]
        if all(t.is_punct for t in words) and inverted is not None and \
                inverted.i > token.i and can_speak(inverted):
            speaker = _noun_phrase(inverted)  # "…,” said Jon Alterman, an analyst
        elif not 1 <= len(words) <= 10 or any(t.pos_ in ("VERB", "AUX") for t in words) or \
                not any(can_speak(t) for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")):
            continue
        else:
            speaker = (words[0].idx, words[-1].idx + len(words[-1].text))
        if any(c.dep_ in ("dobj", "ccomp") and c.i > token.i and not (
                c.dep_ == "dobj" and token.lemma_ == "tell") for c in token.children):
            continue  # "…, Russia said nothing"; "…, he said that …" is found above (whom
            # one told is no object: "…, an aide told The Huffington Post")
        before = text[sent.start_char:comma.idx + 1]
        if doc[sent.start].lower_ in SUBORDINATORS:
            continue  # "When the war ended, Russia said …": a time, not what was said
        trailing = [t for t in sent if t.i > token.i and not t.is_punct and not t.is_space]
        if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("advcl", "xcomp", "acl", "relcl")
               for t in trailing):
            continue
        content = _strip(text, sent.start_char, sent.start_char + len(before) - 1)
        clause = doc.char_span(content[0], content[1], alignment_mode="expand")
        if clause is None or len(clause) < 5 or not any(
                t.pos_ in ("VERB", "AUX") for t in clause) or any(
                c[0] <= content[0] < c[1] or content[0] <= c[0] < content[1] for c in taken):
            continue
        overlapping = [(a, b) for a, b in quoted if a < content[1] and content[0] < b]
        if overlapping and not re.search(r"\w", text[content[0]:overlapping[0][0]]):
            continue  # a direct quote's own attribution
        found.append(Found("mixed" if overlapping else "indirect", content,
                           (token.idx, token.idx + len(token.text)), speaker))
        used_cues.add(token.i)
        taken.append(content)

    # An attribution set between commas: "By eliminating the line, Ms. Tchen said, the White
    # House can invite twice as many guests"; "The plan, an inside source said, is to …".
    for token in doc:
        if token.i in used_cues or not outside(token) or not _is_cue(token) or \
                cue_lexicon().get(token.lemma_.lower()) != "speech" or \
                any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children):
            continue
        sent = token.sent
        opening: Token | None = next((doc[i] for i in range(token.i - 1, sent.start - 1, -1)
                                      if doc[i].text == ","), None)
        initial = doc[sent.start]
        if opening is None and initial.lower_ == "as" and initial.i < token.i:
            opening = initial  # "As one adviser noted, Hawaii rarely gets …"
        if opening is None:
            continue
        after = token.i + 1
        while after < sent.end and doc[after].dep_ == "prt" and doc[after].head.i == token.i:
            after += 1  # "as one adviser pointed out, …"
        closing: Token | None = doc[after] if after < sent.end else None
        aside = opening.lower_ == "as" or (opening.i + 1 < token.i and
                                           doc[opening.i + 1].lower_ == "as")
        if aside and (closing is None or closing.is_sent_end or closing.text in ".!?"):
            closing = None  # "The plan failed, as analysts had warned."
        elif closing is None or closing.text != "," or opening.i == sent.start and not aside:
            continue
        words = doc[opening.i + 1:token.i]
        if words and words[0].lower_ == "as" and words[0].i > sent.start:
            words = doc[words.start + 1:words.end]  # "Hawaii, as one adviser noted, …"
        if not 1 <= len(words) <= 10 or any(t.pos_ in ("VERB", "AUX") and not (
                t.dep_ == "aux" and t.head.i == token.i) for t in words) or \
                not any(can_speak(t) for t in words if t.pos_ in ("NOUN", "PROPN", "PRON")):
            continue
        words = doc[words.start:next((t.i for t in words if t.dep_ == "aux"), words.end)]
        lead = [t for t in doc[sent.start:opening.i] if not t.is_space]
        tail = [t for t in doc[closing.i + 1:sent.end] if not t.is_space] if closing else []
        while tail and tail[-1].is_punct and tail[-1].text not in CLOSING_MARKS:
            tail.pop()
        while lead and lead[0].is_punct and lead[0].text not in ("“", "\"", "''"):
            lead.pop(0)
        if not (lead or aside) or not (tail or aside) or not (lead or tail) or \
                not any(t.pos_ in ("VERB", "AUX") for t in lead + tail):
            continue
        halves = tuple(_strip(text, run[0].idx, run[-1].idx + len(run[-1].text))
                       for run in (lead, tail) if run)
        content = (halves[0][0], halves[-1][1])
        if any(c[0] < content[1] and content[0] < c[1] for c in taken):
            continue
        inner = [(a, b) for a, b in quoted if a < content[1] and content[0] < b]
        if inner and not re.search(r"\w", text[content[0]:inner[0][0]]):
            continue  # “…,” he said, “…”: a split direct quote, found above
        found.append(Found("mixed" if inner else "indirect", content,
                           (token.idx, token.idx + len(token.text)),
                           (words[0].idx, words[-1].idx + len(words[-1].text)),
                           halves if len(halves) > 1 else ()))
        used_cues.add(token.i)
        taken.append(content)

    transcribed = {m.start(1) for m in _TRANSCRIPT.finditer(text)}
    for match in _NAMED_LINE.finditer(text):
        if match.start(1) in transcribed or match.start(2) in inside:
            continue
        name = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if len(re.findall(r"[^\W\d]+", match.group(2))) < 2 or {
                re.sub(r"['’]s$", "", w).strip(".'’").lower()
                for w in match.group(1).split()} & HEADING_WORDS:
            continue  # "Sanders: 1,501." (a tally), "Editor's Note: …" (a heading)
        if name is None or not (
                any(t.ent_type_ in ("PERSON", "ORG") for t in name) or
                name[-1].lower_ in people or name.root.lemma_.lower() in NAMED_SOURCES or
                name.root.lemma_.lower() in UNNAMED_HEADS and name.root.tag_ in ("NNS", "NNPS")):
            continue  # "Insiders: Trump will rebound" (an unnamed source, plural)
        found.append(Found("direct", _strip(text, match.start(2), match.end(2)), None,
                           (match.start(1), match.end(1))))

    # "According to X, …"
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and \
                doc[token.i + 1].lower_ == "to" and outside(token):
            to = doc[token.i + 1]
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if source is None:
                continue
            sent = token.sent
            phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
            comma = next((t for t in doc[source.i:sent.end] if t.text in (",", ";")), None)
            if comma is not None and token.i <= sent.start + 1 and \
                    all(i <= comma.i or i in phrase for i in range(token.i, sent.end - 1)):
                # "According to Rush Limbaugh, the move reeks of fear": the parser took
                # the whole clause after the comma for part of the source; it ends there
                phrase = set(range(token.i, comma.i + 1))
            # the writer's concession or contrast is not the source's: "Though he has no
            # shot at the nomination, Kasich has the best odds, according to three polls",
            # "…, according to the average - despite winning the primary there"
            for branch in sent.root.children:
                concession = branch.dep_ == "advcl" and any(
                    c.dep_ == "mark" and c.lower_ in ("though", "although", "whereas")
                    for c in branch.children)
                despite = branch.dep_ == "prep" and branch.lower_ == "despite"
                if (concession and branch.i < sent.root.i) or despite:
                    phrase |= {t.i for t in branch.subtree}
            rest = [t for t in sent if t.i not in phrase and not t.is_space]
            colon = next((t for t in reversed(rest) if t.text == ":" and t.i < token.i), None)
            if colon is not None:
                # "And it hasn't gone unnoticed: according to recent polls, …": the
                # writer's lead-in before the colon is not what the polls report
                rest = [t for t in rest if t.i > colon.i]
            while rest and rest[0].is_punct:
                rest.pop(0)
            while rest and rest[-1].is_punct and rest[-1].text not in "”\"’":
                rest.pop()
            if not rest:
                continue
            content = _strip(text, rest[0].idx, rest[-1].idx + len(rest[-1].text))
            if content[1] - content[0] < 10:
                continue
            # "G4S receives, according to one report, $234 million": two stretches
            stretches = tuple(
                _strip(text, run[0].idx, run[-1].idx + len(run[-1].text))
                for run in _runs(rest) if any(not t.is_punct for t in run))
            found.append(Found("indirect", content, (token.idx, to.idx + len(to.text)),
                               _noun_phrase(source), stretches if len(stretches) > 1 else ()))
    found.sort(key=lambda f: f.content)
    _carry_on(found, unclaimed, doc)
    contents = Intervals((f.content[0], f.content[1], f) for f in found)
    return [f for f in found if not _nested(f, contents, doc)]


def _transcript_turns(text: str, people: set[str]) -> list[Found]:
    """Transcript turns: "PENCE: Well, look, …". In a quoted transcript (each paragraph
    opens with a mark, "\"WALLACE: …") the paragraphs after a turn that open with a mark and
    name nobody go on with it, up to a stage direction ("(CROSSTALK.)"). `people`: the
    lower-case words of the text's person names."""
    matches = list(_TRANSCRIPT.finditer(text))
    labelled = {m.start() for m in matches}
    uses = Counter(m.group(1).strip() for m in matches)
    turns = []
    for match in matches:
        name = match.group(1).strip()
        if place_country(name) and name.split()[-1].lower() not in people:
            continue  # "WASHINGTON: The Senate voted …" is a dateline
        if name in ("Q", "A") and not (uses["Q"] and uses["A"]):
            continue  # an interview's questions and answers come in pairs ("A: …" alone
            # may be a list's first item)
        words = [w.strip(".'").lower() for w in name.split()]
        if set(words) & HEADING_WORDS or not (
                words[-1] in people or words[-1] in UNNAMED_HEADS or
                words[-1] in TRANSCRIPT_ROLES or uses[name] > 1):
            # "SEE ALSO: …", "CORRECTION: …", "THE SHOOTER: What we know …": headings. A
            # speaker is a person named in the text, a role ("THE PRESIDENT", "Q") or a
            # label that takes turns.
            continue
        parts = [_strip(text, match.start(2), len(match.group(0).rstrip("\"”")) + match.start())]
        if text[match.start()] in "\"“":
            at = match.end()
            while (paragraph := re.match(r"\s*\n\s*\n([\"“])([^\n]+)", text[at:])) and \
                    at + paragraph.start(1) not in labelled and \
                    not _STAGE.match(paragraph.group(0).strip()):
                parts.append(_strip(text, at + paragraph.start(2), at + paragraph.end(2)))
                at += paragraph.end()
        turns.append(Found("direct", (parts[0][0], parts[-1][1]), None,
                           (match.start(1), match.end(1)), tuple(parts)))
    return turns


def _carry_on(found: list[Found], unclaimed: list[tuple[int, int]], doc: Doc) -> None:
    """A quotation with no cue of its own that opens the sentence right after a reported or
    mixed quote goes on with it: 'Trump is a “change agent,” Cole said. “That's exactly what
    people want.”', or the paragraph after 'Clinton said that …'. (Direct quotes carry on
    as they are found.)"""
    text = doc.text
    for quotation in unclaimed:
        if any(f.content[0] < quotation[1] and quotation[0] < f.content[1] for f in found):
            continue
        before = [f for f in found if f.content[1] <= quotation[0]]
        if not before:
            continue
        previous = max(before, key=lambda f: f.content[1])
        if previous.kind == "direct" or previous.cue is None or previous.speaker is None:
            continue
        cue = doc.char_span(*previous.cue, alignment_mode="expand")
        if cue is None or cue_lexicon().get(cue.root.lemma_.lower()) != "speech":
            continue  # not after what someone thinks or wants ("refused to let them")
        said_last = doc.char_span(*max(previous.content, previous.cue, key=lambda s: s[1]),
                                  alignment_mode="expand")
        opening = doc.char_span(quotation[0], quotation[0] + 1, alignment_mode="expand")
        if said_last is None or opening is None:
            continue
        sent = opening[0].sent
        between = text[said_last[-1].sent.end_char:sent.start_char]
        if between.strip() or between.count("\n\n") > 1 or \
                text[sent.start_char:quotation[0]].strip(" “\"‘'"):
            continue  # a sentence came between, or the quotation does not open its sentence
        previous.parts = (previous.parts or (previous.content,)) + (quotation,)
        previous.content = (previous.content[0], quotation[1])


def _utterance(sent: SpacySpan, q_start: int, outside: Callable[[Token], bool],
               can_speak: Callable[[Token], bool]) -> tuple[Token, Token] | None:
    """A speech noun before a quotation in its sentence (or in the sentence before, when the
    quotation's own attribution is "it read"/"it said") and who owns it: its possessor or
    the subject of the verb it is the object of."""
    doc = sent.doc
    sentences = [sent]
    if sent.start > 0:
        sentences.append(doc[sent.start - 1].sent)
    for candidate in sentences:
        for token in reversed(candidate):
            if token.idx >= q_start or not outside(token) or token.pos_ != "NOUN" or \
                    token.lemma_.lower() not in UTTERANCES:
                continue
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None and token.dep_ in ("dobj", "attr", "nsubj"):
                owner = next((c for c in token.head.children if c.dep_ in SUBJECTS
                              and c.i != token.i), None)
            if owner is not None and can_speak(owner) and outside(owner):
                return token, owner
    return None


# Nouns of what is said ("a blunt warning", "her message", "issued a statement").
UTTERANCES = frozenset(
    "statement warning message remark word response reply answer tweet post comment speech "
    "appeal plea vow promise pledge announcement declaration retort rebuke".split())


def _nested(item: Found, contents: Intervals[Found], doc: Doc) -> bool:
    """An indirect belief or intention inside what someone else is reported to say ("he
    said the majority wanted to join Russia") is part of that report, not a second one.
    Speech inside speech stays ("aides say the senator said …")."""
    if item.kind != "indirect" or item.cue is None:
        return False
    cue = doc.char_span(*item.cue, alignment_mode="expand")
    if cue is None or cue_lexicon().get(cue.root.lemma_.lower()) == "speech":
        return False
    return any(other is not item and (other.content[0], other.content[1]) != item.content
               for _start, _end, other in contents.covering(item.cue[0]))


def resolve_quotes(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill `quotes`; add actors for unnamed sources."""
    text = analysis.article.text
    actors = list(analysis.actors)
    by_mention: Intervals[Actor] = Intervals(
        (m.start, m.end, a) for a in actors for m in a.mentions)
    unnamed: dict[str, Actor] = {}
    quotes = []
    named = frozenset(t.i for a in actors if a.type in ("person", "organization", "state")
                      for m in a.mentions
                      for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ())
    for item in find_quotes(doc, named):
        speaker = Speaker(None, None, None)
        if item.speaker is not None:
            s_start, s_end = item.speaker
            span = Span.of(text, s_start, s_end)
            phrase = doc.char_span(s_start, s_end, alignment_mode="expand")
            head = phrase.root if phrase is not None and len(phrase) else None
            if head is not None and head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
                # "Trump, who said the talks were good": the span stays "who", the actor
                # is the one it stands for
                antecedent = head.head.head
                s_start, s_end = _noun_phrase(antecedent)
                head = antecedent
            actor = _speaker_actor(head, s_start, s_end, by_mention) if head is not None \
                else None
            if actor is None:
                actor = _unnamed(doc, s_start, s_end, text, unnamed)
            name = actor.name if actor is not None and actor.type == "person" else None
            speaker = Speaker(actor.id if actor else None, name, span)
        cue = Span.of(text, *item.cue) if item.cue else None
        parts = tuple(Span.of(text, *p) for p in item.parts) if len(item.parts) > 1 else ()
        quotes.append(Quote(item.kind, speaker, cue, Span.of(text, *item.content), parts))
    if unnamed:
        actors.extend(unnamed.values())
    return replace(analysis, quotes=tuple(quotes), actors=tuple(actors))


def _speaker_actor(head: Token, start: int, end: int,
                   mentions: Intervals[Actor]) -> Actor | None:
    """The actor named at the speaker phrase's head ("a senior official … in Seoul" is an
    official, not South Korea); of several, the one that covers most of the phrase
    ("Western and South Korean officials" is the West's and Seoul's officials together)."""
    best = None
    for m_start, m_end, actor in mentions.covering(head.idx):
        overlap = min(end, m_end) - max(start, m_start)
        key = (overlap, -(m_end - m_start), actor.type == "person")
        if best is None or key > best[0]:
            best = (key, actor)
    return best[1] if best else None


def _unnamed(doc: Doc, start: int, end: int, text: str,
             unnamed: dict[str, Actor]) -> Actor | None:
    """A group actor for an unnamed source ("analysts", "a senior official")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root
    lemma = head.lemma_.lower()
    if head.pos_ == "PROPN" or lemma not in UNNAMED_HEADS and not _agent_noun(lemma):
        return None  # "analysts", "a senior official", "hacking specialists"
    phrase = text[start:end]
    key = "unnamed:" + slug(re.sub(r"^(a|an|the|some|many|several)\s+", "", phrase.lower()))
    mention = Mention(start, end, phrase)
    if key in unnamed:
        actor = unnamed[key]
        unnamed[key] = replace(actor, mentions=actor.mentions + (mention,))
    else:
        # "a senior official" is a government's, "lawmakers" a legislature's: CAMEO's
        # sector of an unknown state
        role = load_gazetteer().roles.get(lemma)
        unnamed[key] = Actor(id=key, name=phrase, type="group", mentions=(mention,),
                             title="unnamed source", role=role)
    return unnamed[key]
