"""What joins or drops quotes after every shape has been found: a quotation with no cue of
its own that goes on after reported speech, and a belief nested in someone else's report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...nlp import doc_text
from ...quotation import cue_lexicon
from .found import Found, Stretch

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ...intervals import Intervals


def carry_on(found: list[Found], unclaimed: list[Stretch], doc: Doc) -> None:
    """A quotation with no cue of its own that opens the sentence right after a reported or
    mixed quote goes on with it: 'Trump is a “change agent,” Cole said. “That's exactly what
    people want.”', or the paragraph after 'Clinton said that …'. (Direct quotes carry on
    as they are found.)"""
    text = doc_text(doc)
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

def nested(item: Found, contents: Intervals[Found], doc: Doc) -> bool:
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

