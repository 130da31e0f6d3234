"""Claims: the propositions an article asserts or reports, with kind, certainty and source.

A claim is made of
- every quote's content (who said it: the speaker; kind from its cues, else "report"), and
- every other sentence that hedges, states a motive, benefit, cost, implication, prediction
  or recommendation, or leans on vague support ("many observers believe"; the author says
  it).
Certainty comes from the learned cue tagger (`certainty.read`) over the claim and its
attribution cue ("officials suspect that …" is possible, "analysts say that … may …" is
possible too), with a calibrated `confidence` that the reading is right. Causal and purpose
links are attached to the same pass, since they share the parse and the sentence frame.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..events.tree import Tree
from ..intervals import Cover, Intervals
from ..records import ArticleAnalysis, CausalLink, Claim, Quote, Span
from ..tokens import TokenStrings
from .causal import find_links
from .certainty import Memo, Reading, read
from .hedges import Vagueness, counting, vagueness

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token as SpacyToken

# What of the attribution cue's own clause bears on the certainty of what it reports.
CUE_MODIFIERS = frozenset({"aux", "advmod", "neg"})
# When several cues fire, the more specific kind wins.
PRIORITY = ("motive", "benefit", "cost", "implication", "recommendation", "prediction")


@lru_cache(maxsize=1)
def kind_cues() -> dict[tuple[str, ...], str]:
    text = resources.files("sitroom.data").joinpath("claim_cues.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, kind = line.split("\t")[:2]
            out[tuple(phrase.split())] = kind
    return out


@lru_cache(maxsize=1)
def _cue_starts() -> tuple[int, frozenset[str]]:
    """The longest cue's length and the words a cue can start with (no cue starts at any
    other word)."""
    cues = kind_cues()
    return max(len(k) for k in cues), frozenset(k[0] for k in cues if k)


def claim_kind(words: list[str]) -> str | None:
    cues = kind_cues()
    found = set()
    longest, firsts = _cue_starts()
    for i in [k for k, word in enumerate(words) if word in firsts]:
        for length in range(min(longest, len(words) - i), 0, -1):
            kind = cues.get(tuple(words[i:i + length]))
            if kind:
                found.add(kind)
                break
    for kind in PRIORITY:
        if kind in found:
            return kind
    return None


def resolve_claims(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill `claims` and `causal` (after actors and quotes)."""
    text = analysis.article.text
    reader = _Reader(text, doc, Intervals(sorted(
        (m.start, m.end, a.id) for a in analysis.actors for m in a.mentions)))
    # A quote in parts (“A,” she said. “B.”) is a record per part, and each makes a claim of
    # its own: the attribution between them is nobody's claim, and each part may be hedged
    # its own way.
    claims = [c for c in (reader.quote_claim(q) for q in analysis.quotes) if c is not None]
    covered = [((q.parts or (q.content,))[0].start, (q.parts or (q.content,))[-1].end)
               for q in analysis.quotes]  # with what lies between the parts
    quoted = Cover(covered)
    sents = list(doc.sents)
    claims += [c for c in (reader.sentence_claim(sent) for sent in sents
                           if not quoted.overlaps(sent.start_char, sent.end_char))
               if c is not None]  # a quote's claim already holds what its sentence reports
    claims.sort(key=lambda c: (c.span.start, c.span.end))
    links = tuple(
        CausalLink(
            relation=link.relation, cause=Span.of(text, *link.cause),
            effect=Span.of(text, *link.effect), sentence=Span(*link.sentence),
            signal=Span.of(text, *link.signal), confidence=link.confidence, basis=link.basis,
        )
        for link in find_links(doc, sents=sents)
    )
    return replace(analysis, claims=tuple(claims), causal=links)


class _Reader:
    """Claims of one article: each sentence's certainty is read once and kept."""

    def __init__(self, text: str, doc: Doc, mentions: Intervals[str]) -> None:
        self.text, self.doc, self.mentions = text, doc, mentions
        self._sentences: dict[int, tuple[Reading, Vagueness]] = {}
        self._scores = Memo()  # each word's cue probability, worked out once

    def _sentence(self, sent: SpacySpan) -> tuple[Reading, Vagueness]:
        if sent.start not in self._sentences:
            hedges = self._scores.hedges(sent)
            reading = read(sent, hedges=hedges, memo=self._scores)
            self._sentences[sent.start] = (reading, vagueness(
                sent, hedges=counting(hedges), tagged=reading.tagged))
        return self._sentences[sent.start]

    def quote_claim(self, quote: Quote) -> Claim | None:
        part = quote.content
        tree = Tree.of(self.doc)
        words = tree.char_span(part.start, part.end)  # as doc.char_span(…, "expand")
        if words is None or not len(words):
            return None
        strings = tree.strings
        if quote.kind != "direct" and not any(
                pos in ("VERB", "AUX") for pos in strings.pos[words.start:words.stop]):
            return None  # "called him “thin-skinned”", "discussed the violence": no proposition
        span = self.doc[words.start:words.stop]
        reading = read(span, also=self._cue_words(quote, words), memo=self._scores)
        first = words.start
        vague = self._sentence(self.doc[tree.sent_start[first]:tree.sent_end[first]])[1]
        return Claim(
            kind=claim_kind(strings.lower[span.start:span.end]) or "report",
            certainty=reading.certainty, attributed_to=quote.speaker.actor or "author",
            span=part, subject=_subject(span, self.mentions),
            hedges=tuple(Span.of(self.text, h.start, h.end) for h in reading.hedges),
            vague=vague.vague, vague_cues=tuple(Span.of(self.text, *c) for c in vague.cues),
            confidence=reading.confidence,
        )

    def _cue_words(self, quote: Quote, content: range) -> list[SpacyToken]:
        """The attribution cue's words and the modals and adverbs it governs ("may
        consider", "have long suspected"), outside the content (its token indices)."""
        tree = Tree.of(self.doc)
        cue = None if quote.cue is None else tree.char_span(quote.cue.start, quote.cue.end)
        if cue is None:
            return []
        dep, words = tree.strings.dep, set(cue)
        for i in cue:
            words.update(child for child in tree.kids(i)
                         if dep[child] in CUE_MODIFIERS and child not in content)
        return [self.doc[i] for i in sorted(words)]

    def sentence_claim(self, sent: SpacySpan) -> Claim | None:
        """A sentence of the author's that hedges, says what kind of claim it is, or leans
        on vague support."""
        strings = TokenStrings.of(self.doc)
        body = [i for i in range(sent.start, sent.end) if not strings.space[i]]
        if len(body) < 4:
            return None
        kind = claim_kind(strings.lower[sent.start:sent.end])
        reading, vague = self._sentence(sent)
        if not reading.hedges and kind is None and not vague.vague:
            return None
        start, end = strings.idx[body[0]], strings.end[body[-1]]
        return Claim(
            kind=kind or "assessment", certainty=reading.certainty, attributed_to="author",
            span=Span.of(self.text, start, end), subject=_subject(sent, self.mentions),
            hedges=tuple(Span.of(self.text, h.start, h.end) for h in reading.hedges),
            vague=vague.vague, vague_cues=tuple(Span.of(self.text, *c) for c in vague.cues),
            confidence=reading.confidence,
        )


def _subject(span, mentions: Intervals[str]) -> str | None:  # type: ignore[no-untyped-def]
    """The actor at the claim's grammatical subject, else the first actor it names."""
    s = TokenStrings.of(span.doc)
    subjects = [i for i in range(span.start, span.end) if s.dep[i] in ("nsubj", "nsubjpass")
                and s.dep[s.head[i]] in ("ROOT", "ccomp", "conj")]
    for i in subjects:
        for _start, _end, actor in mentions.covering(s.idx[i]):
            return actor
    for _start, _end, actor in mentions.starting_in(span.start_char, span.end_char):
        return actor
    return None
