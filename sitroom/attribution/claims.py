"""Claims: the propositions an article asserts or reports, with kind, certainty and source.

A claim is made of
- every quote's content (who said it: the speaker; kind from its cues, else "report"), and
- every other sentence that hedges, states a motive, benefit, cost, implication, prediction
  or recommendation, or leans on vague support ("many observers believe"; the author says
  it).
Certainty comes from the hedge cues inside the claim and in the attribution cue ("officials
suspect that …" is possible, "analysts say that … may …" is possible too). Causal and purpose
links are attached to the same pass, since they share the parse and the sentence frame.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..intervals import Cover, Intervals
from ..records import ArticleAnalysis, CausalLink, Claim, Span
from .causal import find_links
from .hedges import Hedge, certainty_of, find_hedges, lexicon, vagueness, weakest

if TYPE_CHECKING:
    from spacy.tokens import Doc

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


def claim_kind(words: list[str]) -> str | None:
    cues = kind_cues()
    found = set()
    longest = max(len(k) for k in cues)
    for i in range(len(words)):
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
    mentions = Intervals(sorted((m.start, m.end, a.id) for a in analysis.actors
                                for m in a.mentions))
    claims: list[Claim] = []
    covered: list[tuple[int, int]] = []
    # A quote in parts (“A,” she said. “B.”) is a record per part, and each makes a claim of
    # its own: the attribution between them is nobody's claim, and each part may be hedged
    # its own way.
    for quote in analysis.quotes:
        part = quote.content
        span = doc.char_span(part.start, part.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if quote.kind != "direct" and not any(t.pos_ in ("VERB", "AUX") for t in span):
            continue  # "called him “thin-skinned”", "discussed the violence": no proposition
        hedges = find_hedges(span)
        certainty = certainty_of(hedges)
        if quote.cue is not None:
            certainty = weakest((certainty, _cue_certainty(quote.cue.text or "")))
        kind = claim_kind([t.lower_ for t in span]) or "report"
        vague = vagueness(span[0].sent)
        claims.append(Claim(
            kind=kind, certainty=certainty,
            attributed_to=quote.speaker.actor or "author",
            span=part, subject=_subject(span, mentions),
            hedges=tuple(Span.of(text, h.start, h.end) for h in hedges),
            vague=vague.vague, vague_cues=tuple(Span.of(text, *c) for c in vague.cues),
        ))
        whole = quote.parts or (quote.content,)
        covered.append((whole[0].start, whole[-1].end))  # with what lies between the parts
    quoted = Cover(covered)
    for sent in doc.sents:
        if quoted.overlaps(sent.start_char, sent.end_char):
            continue  # the quote's claim already holds what this sentence reports
        body = [t for t in sent if not t.is_space]
        if len(body) < 4:
            continue
        found = find_hedges(sent)
        hedges = [h for h in found
                  if not (quoted.overlaps(h.start, h.end) and _inside(h, covered))]
        sentence_kind = claim_kind([t.lower_ for t in sent])
        vague = vagueness(sent, hedges=found)
        if not hedges and sentence_kind is None and not vague.vague:
            continue
        start, end = body[0].idx, body[-1].idx + len(body[-1].text)
        claims.append(Claim(
            kind=sentence_kind or "assessment", certainty=certainty_of(hedges),
            attributed_to="author",
            span=Span.of(text, start, end), subject=_subject(sent, mentions),
            hedges=tuple(Span.of(text, h.start, h.end) for h in hedges),
            vague=vague.vague, vague_cues=tuple(Span.of(text, *c) for c in vague.cues),
        ))
    claims.sort(key=lambda c: (c.span.start, c.span.end))
    links = tuple(
        CausalLink(
            relation=link.relation, cause=Span.of(text, *link.cause),
            effect=Span.of(text, *link.effect), sentence=Span(*link.sentence),
            signal=Span.of(text, *link.signal), confidence=link.confidence, basis=link.basis,
        )
        for link in find_links(doc)
    )
    return replace(analysis, claims=tuple(claims), causal=links)


def _inside(hedge: Hedge, spans: list[tuple[int, int]]) -> bool:
    return any(a <= hedge.start and hedge.end <= b for a, b in spans)


def _cue_certainty(cue: str) -> str:
    hit = lexicon().get(tuple(cue.lower().split()))
    return hit[0] if hit else "certain"


def _subject(span, mentions: Intervals[str]) -> str | None:  # type: ignore[no-untyped-def]
    """The actor at the claim's grammatical subject, else the first actor it names."""
    subjects = [t for t in span if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in (
        "ROOT", "ccomp", "conj")]
    for token in subjects:
        for _start, _end, actor in mentions.covering(token.idx):
            return actor
    for _start, _end, actor in mentions.starting_in(span.start_char, span.end_char):
        return actor
    return None
