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
from dataclasses import replace
from typing import TYPE_CHECKING

from ..actors.gazetteer import load as load_gazetteer
from ..actors.gazetteer import slug
from ..intervals import Intervals
from ..records import Actor, ArticleAnalysis, Mention, Quote, Span, Speaker
from .quoting import Found, find_quotes
from .quoting.grammar import UNNAMED_HEADS, agent_noun, noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_quotes", "resolve_quotes"]


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
                s_start, s_end = noun_phrase(antecedent)
                head = antecedent
            actor = _speaker_actor(head, s_start, s_end, by_mention) if head is not None \
                else None
            if actor is None:
                actor = _unnamed(doc, s_start, s_end, text, unnamed)
            name = actor.name if actor is not None and actor.type == "person" else None
            speaker = Speaker(actor.id if actor else None, name, span)
        quotes.extend(_records(text, item, speaker))
    if unnamed:
        actors.extend(unnamed.values())
    return replace(analysis, quotes=tuple(quotes), actors=tuple(actors))


def _records(text: str, item: Found, speaker: Speaker) -> list[Quote]:
    """One quote record per stretch: a quotation split around its attribution (“A,” he
    said. “B.”) gives a record for A and one for B, sharing speaker and cue, each listing
    both stretches in `parts` — no content holds the attribution between them."""
    cue = Span.of(text, *item.cue) if item.cue else None
    if len(item.parts) < 2:
        return [Quote(item.kind, speaker, cue, Span.of(text, *item.content))]
    parts = tuple(Span.of(text, *p) for p in item.parts)
    return [Quote(item.kind, speaker, cue, part, parts) for part in parts]


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
    if head.pos_ == "PROPN" or lemma not in UNNAMED_HEADS and not agent_noun(lemma):
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
