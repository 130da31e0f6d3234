"""Reported speech whose cue comes after what is said, or in the middle of it:
- put first: "North Korea has started sending soldiers …, South Korea's spy agency said on
  Friday." (the parser often hangs the clause and the cue apart, so this goes by the
  sentence: a clause, a comma, then a speaker and a speech verb with nothing after them but
  when and where);
- between commas: "By eliminating the line, Ms. Tchen said, the White House can invite …",
  "Hawaii, as one adviser noted, rarely gets …", "The plan failed, as analysts had warned."
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...quotation import cue_lexicon
from .found import Context, Found, Stretch, strip
from .grammar import CLOSING_MARKS, SUBORDINATORS, is_cue, noun_phrase, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


def _free_speech_cue(ctx: Context, token: Token) -> bool:
    return token.i not in ctx.used_cues and ctx.outside(token) and is_cue(token) and \
        cue_lexicon().get(token.lemma_.lower()) == "speech"


def reported_first(ctx: Context) -> None:
    """"…, officials said": the clause before the comma is what the speaker said."""
    doc = ctx.doc
    for token in ctx.cues_in(0, len(ctx.tokens)):
        if not _free_speech_cue(ctx, token):
            continue
        sent = token.sent
        comma = next((t for t in reversed(doc[sent.start:token.i]) if t.text == ","), None)
        if comma is None:
            continue
        placed = _speaker_after(ctx, token, comma)
        if placed is None or _goes_on_after(token):
            continue
        comma, speaker = placed
        if doc[sent.start].lower_ in SUBORDINATORS:
            continue  # "When the war ended, Russia said …": a time, not what was said
        content = strip(ctx.text, sent.start_char, comma.idx)
        clause = doc.char_span(content[0], content[1], alignment_mode="expand")
        if clause is None or len(clause) < 5 or not any(
                t.pos_ in ("VERB", "AUX") for t in clause) or any(
                c[0] <= content[0] < c[1] or content[0] <= c[0] < content[1] for c in ctx.taken):
            continue
        overlapping = ctx.overlapping(*content)
        if overlapping and not re.search(r"\w", ctx.text[content[0]:overlapping[0][0]]):
            continue  # a direct quote's own attribution
        ctx.found.append(Found("mixed" if overlapping else "indirect", content,
                               ctx.cue_span(token), speaker))
        ctx.used_cues.add(token.i)
        ctx.taken.append(content)


def _speaker_after(ctx: Context, token: Token, comma: Token) -> tuple[Token, Stretch] | None:
    """The comma that ends what is said and the speaker between it and the cue ("…, South
    Korea's spy agency said"; "…, his top aide, Tad Devine, told …"; "…,” said Jon
    Alterman, an analyst"), or None when the words there are no speaker."""
    doc, sent = ctx.doc, token.sent
    first_word = comma.i + 1
    while first_word < token.i and doc[first_word].text in CLOSING_MARKS:
        first_word += 1  # a closing mark whose opening one was lost: "…,'' Trump tweeted"
    words = doc[first_word:token.i]  # the speaker: "South Korea's spy agency"
    inverted = subject_of(token)
    if all(t.is_punct for t in words) and inverted is not None and \
            inverted.i < token.i and inverted.left_edge.i > sent.start and \
            doc[inverted.left_edge.i - 1].text == ",":
        # "…, his top aide, Tad Devine, told The Huffington Post": the speaker runs from the
        # comma before the subject, over its apposition
        comma = doc[inverted.left_edge.i - 1]
        words = doc[inverted.left_edge.i:token.i]
        while len(words) and words[-1].is_punct:
            words = doc[words.start:words.end - 1]
    if all(t.is_punct for t in words) and inverted is not None and \
            inverted.i > token.i and ctx.can_speak(inverted):
        return comma, noun_phrase(inverted)  # "…,” said Jon Alterman, an analyst
    if _speaker_words(ctx, words, lambda t: t.pos_ in ("VERB", "AUX")):
        return comma, (words[0].idx, words[-1].idx + len(words[-1].text))
    return None


def _speaker_words(ctx: Context, words: SpacySpan, is_verb: Callable[[Token], bool]) -> bool:
    """One to ten words, no verb among them (by `is_verb`), one of them a noun that can
    speak."""
    return 1 <= len(words) <= 10 and not any(is_verb(t) for t in words) and \
        any(ctx.can_speak(t) for t in words if t.pos_ in ("NOUN", "PROPN", "PRON"))


def _goes_on_after(token: Token) -> bool:
    """The cue has an object or clause after it ("…, Russia said nothing"; "…, he said that
    …" is found by the indirect pass; whom one told is no object: "…, an aide told The
    Huffington Post"), or a verb of its own follows in the sentence."""
    if any(c.dep_ in ("dobj", "ccomp") and c.i > token.i and not (
            c.dep_ == "dobj" and token.lemma_ == "tell") for c in token.children):
        return True
    trailing = [t for t in token.sent if t.i > token.i and not t.is_punct and not t.is_space]
    return any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("advcl", "xcomp", "acl", "relcl")
               for t in trailing)


def between_commas(ctx: Context) -> None:
    """"By eliminating the line, Ms. Tchen said, the White House can invite …": what is said
    is the words on both sides (two stretches); with "as" ("Hawaii, as one adviser noted,
    …", "The plan failed, as analysts had warned.") what the aside hangs on."""
    for token in ctx.cues_in(0, len(ctx.tokens)):
        if not _free_speech_cue(ctx, token) or \
                any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children):
            continue
        aside = _aside(ctx, token)
        if aside is None:
            continue
        opening, closing, words = aside
        halves = _halves(ctx, token, opening, closing)
        if halves is None:
            continue
        content = (halves[0][0], halves[-1][1])
        if any(c[0] < content[1] and content[0] < c[1] for c in ctx.taken):
            continue
        inner = ctx.overlapping(*content)
        if inner and not re.search(r"\w", ctx.text[content[0]:inner[0][0]]):
            continue  # “…,” he said, “…”: a split direct quote, found by the direct pass
        ctx.found.append(Found("mixed" if inner else "indirect", content, ctx.cue_span(token),
                               words, halves if len(halves) > 1 else ()))
        ctx.used_cues.add(token.i)
        ctx.taken.append(content)


def _aside(ctx: Context, token: Token) -> tuple[Token, Token | None, Stretch] | None:
    """The comma (or "As") that opens the attribution, the comma that closes it (None for an
    aside at the sentence's end) and the speaker's words."""
    doc, sent = ctx.doc, token.sent
    opening: Token | None = next((doc[i] for i in range(token.i - 1, sent.start - 1, -1)
                                  if doc[i].text == ","), None)
    initial = doc[sent.start]
    if opening is None and initial.lower_ == "as" and initial.i < token.i:
        opening = initial  # "As one adviser noted, Hawaii rarely gets …"
    if opening is None:
        return None
    after = token.i + 1
    while after < sent.end and doc[after].dep_ == "prt" and doc[after].head.i == token.i:
        after += 1  # "as one adviser pointed out, …"
    closing: Token | None = doc[after] if after < sent.end else None
    aside = _is_aside(opening, token)
    if aside and (closing is None or closing.is_sent_end or closing.text in ".!?"):
        closing = None  # "The plan failed, as analysts had warned."
    elif closing is None or closing.text != "," or opening.i == sent.start and not aside:
        return None
    words = doc[opening.i + 1:token.i]
    if words and words[0].lower_ == "as" and words[0].i > sent.start:
        words = doc[words.start + 1:words.end]  # "Hawaii, as one adviser noted, …"
    if not _speaker_words(ctx, words, lambda t: t.pos_ in ("VERB", "AUX") and not (
            t.dep_ == "aux" and t.head.i == token.i)):
        return None
    words = doc[words.start:next((t.i for t in words if t.dep_ == "aux"), words.end)]
    return opening, closing, (words[0].idx, words[-1].idx + len(words[-1].text))


def _is_aside(opening: Token, token: Token) -> bool:
    """The attribution opens with "as": "As one adviser noted", ", as analysts warned"."""
    return opening.lower_ == "as" or (opening.i + 1 < token.i and
                                      opening.doc[opening.i + 1].lower_ == "as")


def _halves(ctx: Context, token: Token, opening: Token,
            closing: Token | None) -> tuple[Stretch, ...] | None:
    """The stretches of what is said on either side of the attribution, when there is a
    verb in them; None otherwise."""
    doc, text, sent = ctx.doc, ctx.text, token.sent
    aside = _is_aside(opening, token)
    lead = [t for t in doc[sent.start:opening.i] if not t.is_space]
    tail = [t for t in doc[closing.i + 1:sent.end] if not t.is_space] if closing else []
    while tail and tail[-1].is_punct and tail[-1].text not in CLOSING_MARKS:
        tail.pop()
    while lead and lead[0].is_punct and lead[0].text not in ("“", "\"", "''"):
        lead.pop(0)
    if not (lead or aside) or not (tail or aside) or not (lead or tail) or \
            not any(t.pos_ in ("VERB", "AUX") for t in lead + tail):
        return None
    return tuple(strip(text, run[0].idx, run[-1].idx + len(run[-1].text))
                 for run in (lead, tail) if run)
