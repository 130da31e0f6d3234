"""Where quotations are in a text: used by the actors stage (pronouns inside quotes) and the
quotes extractor."""

from __future__ import annotations

import re

# Opening and closing marks; straight quotes pair up in order within a paragraph.
_CURLY = re.compile(r"“([^“”]*)”", re.S)
_STRAIGHT = re.compile(r"\"([^\"\n]*(?:\n\n[^\"\n]*)*)\"")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotation contents, without the marks, in text order.

    Curly quotes pair “ with the next ”; straight quotes pair in order, and may run across
    one paragraph break (a quote that goes on in the next paragraph).
    """
    spans = [(m.start(1), m.end(1)) for m in _CURLY.finditer(text)]
    taken = [(s - 1, e + 1) for s, e in spans]
    for match in _STRAIGHT.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            spans.append((match.start(1), match.end(1)))
    return sorted(s for s in spans if s[1] > s[0])
