"""The quote finder in small parts, one per shape of quotation (docs/attribution.md):

    lines.py      transcript turns ("PENCE: …", "Q: …") and "Name: …" lines
    direct.py     quotations with a cue, a dash credit, a speech noun or the speaker before;
                  split quotes and quotations that go on join as further parts
    indirect.py   a cue verb and what it reports (clause, infinitive, object, question,
                  "that" on a noun, demand, topic); stance adjectives
    reported.py   "…, officials said" and an attribution between commas
    according.py  "according to X"
    carry.py      a quotation that goes on after reported speech; beliefs nested in reports
    grammar.py    the cue, subject, speaker and content-edge rules they share
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...intervals import Intervals
from .according import according_to
from .carry import carry_on, nested
from .direct import direct_quotes
from .found import Context, Found
from .indirect import indirect_quotes, stances
from .lines import named_lines, transcript_turns
from .reported import between_commas, reported_first

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Found", "find_quotes"]


def find_quotes(doc: Doc, named: frozenset[int] = frozenset()) -> list[Found]:
    """The quotes of a parsed text; `named` are the indices of tokens the actors stage found
    a person or body in (a speaker the parser took for a common noun: "Fields said …")."""
    ctx = Context.of(doc, named)
    people = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    ctx.found.extend(transcript_turns(ctx.text, people))
    # a quoted transcript's paragraphs are its turns (from the label on), not quotations of
    # their own
    turns = [(f.speaker[0], f.content[1]) for f in ctx.found if f.speaker]
    ctx.quoted = [q for q in ctx.marked if not any(s <= q[0] <= e for s, e in turns)]
    direct_quotes(ctx)
    indirect_quotes(ctx)
    stances(ctx)
    ctx.taken = [f.content for f in ctx.found]
    reported_first(ctx)
    between_commas(ctx)
    named_lines(ctx, people)
    according_to(ctx)
    found = sorted(ctx.found, key=lambda f: f.content)
    carry_on(found, ctx.unclaimed, doc)
    contents = Intervals((f.content[0], f.content[1], f) for f in found)
    return [f for f in found if not nested(f, contents, doc)]
