"""Direct quotes: text in quotation marks with a cue outside the marks.

Shapes, tried in this order for each quotation:
- a cue in the sentences the quotation touches (the same sentence, the next short one, one
  before that ends in a colon, the sentence after a "?" or "!" that a cue heads);
- a credit after a dash on the quotation's line (“…” ― Pamela Padilla);
- a speech noun before it (“a blunt warning for the West — “…”", "issued a statement. “…,”
  it read.");
- the speaker of the quote before, in the same paragraph or the paragraph before;
- a split quote (“…,” he said, “…”) and a quotation of the same speaker that goes on after
  its attribution join the quote before as further `parts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .found import Context, Found, Stretch, embedded, strip
from .grammar import SUBJECTS, is_cue, noun_phrase, subject_of, words

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

# “…” ― Sonya Herridge: a quotation credited after a dash, on its own line
_DASH_CREDIT = re.compile(
    r"[”\"’']?[^\S\n]*[―—–][^\S\n]*((?:[A-Z][\w.'’\-]*)(?:[^\S\n]+(?:[A-Z][\w.'’\-]*|de|van|"
    r"von|al|bin|da|del))*?)[^\S\n]*(?:[,;(]|$)", re.M)

# Nouns of what is said ("a blunt warning", "her message", "issued a statement").
UTTERANCES = words("utterance")


@dataclass
class _Run:
    """What one quotation leaves the next: the last speaker and where its paragraph ends,
    and where the last quotation ended."""

    last_speaker: Stretch | None = None
    last_paragraph_end: int = -1
    prior_end: int = -1


@dataclass
class _Attribution:
    cue: Token | None = None
    speaker: Stretch | None = None
    dash: Stretch | None = None


def direct_quotes(ctx: Context) -> None:
    """Every quotation of `ctx.quoted` that a cue, a credit, a speech noun or the speaker
    before claims becomes (or goes on) a direct quote; the rest wait in `ctx.unclaimed`."""
    run = _Run()
    for q_start, q_end in ctx.quoted:
        last_quoted_end, run.prior_end = run.prior_end, strip(ctx.text, q_start, q_end)[1]
        first = ctx.doc.char_span(q_start, q_start + 1, alignment_mode="expand")
        last = ctx.doc.char_span(max(q_end - 1, q_start), q_end, alignment_mode="expand")
        if not first or not last:  # None, or empty at whitespace
            continue
        said = _attribution(ctx, run, first[0], last[0], (q_start, q_end))
        _record(ctx, run, said, (q_start, q_end), last_quoted_end)


def _attribution(ctx: Context, run: _Run, first: Token, last: Token,
                 quotation: Stretch) -> _Attribution:
    """Who said the quotation and by which cue (or dash), of the shapes in turn."""
    text = ctx.text
    q_start, q_end = quotation
    said = _Attribution(cue=_cue(ctx, first, last, quotation))
    if said.cue is not None:
        ctx.used_cues.add(said.cue.i)
        subject = subject_of(said.cue)
        if subject is not None and ctx.outside(subject):
            said.speaker = noun_phrase(subject)
        return said
    credited = _dash_credit(text, q_start, q_end)
    if credited is not None:
        said.dash, said.speaker = credited
        return said
    # "Zelensky had a blunt warning for the West — “…”", "Kim's sister issued a statement.
    # “…,” it read.": a speech noun and whose it is
    uttered = _utterance(ctx, first.sent, q_start)
    if uttered is not None:
        said.cue, said.speaker = uttered[0], noun_phrase(uttered[1])
    elif run.last_speaker is not None and _same_speaker(text, run, q_start):
        # a second quote in the same paragraph, or a quote that opens the next one: the
        # same speaker goes on
        said.speaker = run.last_speaker
    return said


def _record(ctx: Context, run: _Run, said: _Attribution, quotation: Stretch,
            last_quoted_end: int) -> None:
    """A new direct quote, a further part of the one before, or nothing (a title, words
    quoted inside a sentence, a quotation nobody claims)."""
    text = ctx.text
    q_start, q_end = quotation
    cue = said.cue
    short = len(re.findall(r"\w+", text[q_start:q_end])) < 4
    if cue is None and said.speaker is None:
        if not short and not embedded(text, q_start):
            ctx.unclaimed.append(strip(text, q_start, q_end))
        return
    content = strip(text, q_start, q_end)
    cue_span = ctx.cue_span(cue) if cue is not None else said.dash
    previous = ctx.found[-1] if ctx.found and ctx.found[-1].kind == "direct" else None
    if previous is not None and said.dash is None and (
            _split_pair(text, previous, content, cue_span) or (
                cue is None and previous.speaker == said.speaker and
                previous.parts[-1][1] >= last_quoted_end and
                not embedded(text, q_start) and _goes_on(text, previous, content))):
        # “By locking in China,” Mr. Obama said, “it now allowed me …”; “It is a tough
        # charge,” Pence said. “But, come on.”: one quotation goes on
        previous.content = (previous.content[0], content[1])
        previous.parts = previous.parts + (content,)
        return
    if cue is None and short:
        return  # a title or a phrase in quotation marks ("Sons of Trump"), not speech
    if embedded(text, q_start):
        # a “strongman approach”; the only one that “has beaten and can beat” Trump: words
        # quoted inside a sentence are part of what the sentence reports (a mixed quote,
        # found later), not a quotation of their own
        if cue is not None:
            ctx.used_cues.discard(cue.i)
        return
    ctx.found.append(Found("direct", content, cue_span, said.speaker, (content,)))
    if said.speaker is not None and said.dash is None:  # a dash credit is its line's alone
        run.last_speaker = said.speaker
        next_break = text.find("\n\n", q_end)
        run.last_paragraph_end = next_break if next_break >= 0 else len(text)


def _cue(ctx: Context, first: Token, last: Token, quotation: Stretch) -> Token | None:
    """The cue of a quotation: the one right before the opening mark ("…, Spicer said,
    adding, “…”"; "he welcomed it and added: “…”"), which leaves an earlier cue of the
    sentence to what it reports; else the first free cue of the sentences it touches."""
    doc, text = ctx.doc, ctx.text
    q_start = quotation[0]

    def free(token: Token) -> bool:
        return ctx.outside(token) and is_cue(token) and token.i not in ctx.used_cues

    cue = next((t for t in reversed(doc[first.sent.start:first.i])
                if not t.is_punct and not t.is_space), None)
    if cue is not None and free(cue) and \
            re.fullmatch(r"[\s,:]*[\"“‘']?", text[cue.idx + len(cue.text):q_start]):
        return cue
    return next((token for sent in _sentences(ctx, first, last, quotation)
                 for token in ctx.cues_in(sent.start, sent.end) if free(token)), None)


def _sentences(ctx: Context, first: Token, last: Token,
               quotation: Stretch) -> list[SpacySpan]:
    """The sentences whose cue a quotation may take: its own; the next when it is short
    (“…” / He said so in a statement.; not ¶ “…”) or, after a "?" or "!", when a cue heads
    it (“…?” / O’Malley said at a press conference in Des Moines on Tuesday …); the one
    before when it ends in a colon (He said: / “…”)."""
    doc, text = ctx.doc, ctx.text
    q_start, q_end = quotation
    sents = [first.sent, last.sent]
    nxt = last.sent.end
    asked = text[q_start:q_end].rstrip("”\"' ")[-1:] in ("?", "!")
    if nxt < len(doc) and "\n\n" not in text[q_end:doc[nxt].idx] and (
            doc[nxt].sent.end - nxt <= 12 or asked and is_cue(doc[nxt].sent.root) and
            doc[nxt].sent.root.i - nxt <= 8):
        sents.append(doc[nxt].sent)
    prev = first.sent.start
    if prev > 0:
        before = doc[prev - 1].sent  # its text read off the article (not joined from tokens)
        if text[before.start_char:before.end_char].rstrip().endswith(":"):
            sents.append(before)
    return sents


def _dash_credit(text: str, q_start: int, q_end: int) -> tuple[Stretch, Stretch] | None:
    """The dash and the name of a credit after a quotation of four words or more: “He is
    ignorant of our culture.” ― Pamela Padilla."""
    credit = _DASH_CREDIT.match(text, q_end)
    if credit is None or len(re.findall(r"\w+", text[q_start:q_end])) < 4:
        return None
    at = next(i for i in range(q_end, credit.start(1)) if text[i] in "―—–")
    name_end = credit.end(1) - (text[credit.end(1) - 1] == ".")  # "Carla Sanchez."
    return (at, at + 1), (credit.start(1), name_end)


def _same_speaker(text: str, run: _Run, q_start: int) -> bool:
    """The quotation is in the paragraph of the last speaker's quote, or opens the next."""
    paragraph_start = text.rfind("\n\n", 0, q_start)
    opens_paragraph = text[paragraph_start + 2 if paragraph_start >= 0 else 0:q_start - 1
                           ].strip() == ""
    return paragraph_start <= run.last_paragraph_end or (
        opens_paragraph and text.rfind("\n\n", 0, paragraph_start) <= run.last_paragraph_end)


def _utterance(ctx: Context, sent: SpacySpan, q_start: int) -> tuple[Token, Token] | None:
    """A speech noun before a quotation in its sentence (or in the sentence before, when the
    quotation's own attribution is "it read"/"it said") and who owns it: its possessor or
    the subject of the verb it is the object of."""
    doc = sent.doc
    sentences = [sent]
    if sent.start > 0:
        sentences.append(doc[sent.start - 1].sent)
    for candidate in sentences:
        for token in reversed(candidate):
            if token.idx >= q_start or not ctx.outside(token) or token.pos_ != "NOUN" or \
                    token.lemma_.lower() not in UTTERANCES:
                continue
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is None and token.dep_ in ("dobj", "attr", "nsubj"):
                owner = next((c for c in token.head.children if c.dep_ in SUBJECTS
                              and c.i != token.i), None)
            if owner is not None and ctx.can_speak(owner) and ctx.outside(owner):
                return token, owner
    return None


def _split_pair(text: str, first: Found, second: Stretch, cue: Stretch | None) -> bool:
    """True when `second` continues `first` across a short attribution in one paragraph."""
    between = text[first.content[1]:second[0]]
    if "\n" in between or len(between) > 200 or first.cue is None:
        return False
    if not between.rstrip(" \"“”'").endswith((",", ".", ":", ";", "?", "!", "—")):
        return False  # “…,” he said on ABC's “This Week”: a title, not more of the quote
    return first.cue[0] >= first.content[1] and (cue is None or cue == first.cue)


def _goes_on(text: str, first: Found, second: Stretch) -> bool:
    """True when the quotation `second` opens the paragraph after `first`'s, or follows it
    in the same paragraph (the caller sees that no quotation came between)."""
    between = text[first.content[1]:second[0]]
    return between.count("\n\n") <= 1 and len(between) <= 300
