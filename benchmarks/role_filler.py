"""A learned role filler, measured and NOT adopted: the actor the coder left out of an
event's source or target.

The coder reads roles off the parse with rules; where no rule finds a source or a target it
leaves `None`. This design looks at every resolved actor mention in the event's sentence and
asks a small logistic regression (trained by `benchmarks.train_events` on the ConfliBERT
cameo_ner source/target spans) how likely it is to be the missing role, from how the
mention hangs on the trigger in the parse; the surest mention above a threshold fills the
role. On cameo_ner it raises the main event's source and target F1; on the project's
labelled news events it makes more events wrong at every threshold (the sentences picked for
ConfliBERT always name both roles; news often leaves one unknown, and "unknown" is then the
right answer). So it stays here, in the benchmarks, as the measured comparison
(docs/models/event_models.md); the pipeline does not use it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sitroom.attribution.linear import Features
from sitroom.records import Actor, ArticleAnalysis, Event, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ROLE_MIN = 0.5  # the probability a mention needs to fill a missing role
PATH_STEPS = 4


@dataclass(frozen=True)
class Candidate:
    actor: Actor
    start: int
    end: int


def _head(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _path(word: Token, trigger: Token) -> str:
    """The dependency labels from the mention's head up to the trigger (or to the root, then
    marked as not reaching it)."""
    labels = []
    for _ in range(PATH_STEPS):
        if word.i == trigger.i:
            return "/".join(labels) or "self"
        labels.append(word.dep_)
        if word.head is word:
            break
        word = word.head
    return "/".join(labels) + ("" if word.i == trigger.i else "/~")


def mention_features(role: str, event: Event, word: Token, trigger: Token,
                     actor: Actor) -> Features:
    """What the role model reads of one mention as a candidate `role` of `event`."""
    side = "before" if word.i < trigger.i else "after"
    distance = abs(word.i - trigger.i)
    bucket = "1" if distance <= 1 else "3" if distance <= 3 else "8" if distance <= 8 else "far"
    prep = word.head.lemma_.lower() if word.dep_ == "pobj" else "-"
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in trigger.children)
    names = [f"path:{_path(word, trigger)}", f"side:{side}", f"distance:{bucket}",
             f"dep:{word.dep_}", f"prep:{prep}", f"type:{actor.type}",
             f"root:{event.root}", f"side_dep:{side}:{word.dep_}",
             f"passive_side:{passive}:{side}", f"trigger_pos:{trigger.pos_}",
             f"prep_root:{prep}:{event.root}"]
    other = event.target if role == "source" else event.source
    names.append(f"other_role:{other is not None}")
    return {f"{role}|{name}": 1.0 for name in names}


def candidates(analysis: ArticleAnalysis, sentence: Span) -> list[Candidate]:
    """The resolved actor mentions inside a sentence."""
    return [Candidate(actor, m.start, m.end) for actor in analysis.actors
            if actor.type != "unknown" for m in actor.mentions
            if sentence.start <= m.start and m.end <= sentence.end]


def best_filler(role: str, event: Event, analysis: ArticleAnalysis, doc: Doc,
                model_probability) -> tuple[Candidate, float] | None:  # type: ignore[no-untyped-def]
    """The surest mention for the missing `role` of `event`, with its probability."""
    trigger = _head(doc, event.trigger.start, event.trigger.end)
    if trigger is None:
        return None
    taken = {event.source, event.target}
    best = None
    for candidate in candidates(analysis, event.sentence):
        if candidate.actor.id in taken or (
                candidate.start < event.trigger.end and event.trigger.start < candidate.end):
            continue
        word = _head(doc, candidate.start, candidate.end)
        if word is None:
            continue
        p = model_probability(mention_features(role, event, word, trigger, candidate.actor))
        if best is None or p > best[1]:
            best = (candidate, p)
    return best


def filled(event: Event, role: str, candidate: Candidate, text: str) -> Event:
    actor = candidate.actor
    span = Span.of(text, candidate.start, candidate.end)
    code = actor.code or actor.id
    if role == "source":
        return replace(event, source=actor.id, source_code=code, source_span=span)
    return replace(event, target=actor.id, target_code=code, target_span=span)


def with_roles(event: Event, analysis: ArticleAnalysis, doc: Doc, model_probability,  # type: ignore[no-untyped-def]
               threshold: float = ROLE_MIN) -> Event:
    """`event` with its missing source and target filled where a mention is sure enough."""
    for role in ("source", "target"):
        if getattr(event, role) is not None or (role == "target" and event.root == "01"):
            continue  # a statement's audience is the quotes' business, not a guess
        found = best_filler(role, event, analysis, doc, model_probability)
        if found is not None and found[1] >= threshold:
            event = filled(event, role, found[0], analysis.article.text)
    return event


__all__ = ["ROLE_MIN", "best_filler", "candidates", "mention_features", "with_roles"]
