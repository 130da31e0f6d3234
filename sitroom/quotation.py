"""Where quotations are in a text, and the words that attribute them: used by the actors
stage (pronouns inside quotes, speakers' pronouns) and the quotes extractor."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, str]:
    """Attribution cues (lemma → class: speech, belief, report …) from `data/cues.tsv`."""
    text = resources.files("sitroom.data").joinpath("cues.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, cls = line.split("\t")[:2]
            out[word.strip()] = cls.strip()
    return out

# Quotation marks: “ opens, ” closes; a straight " and the doubled apostrophe '' of older
# newspaper archives can do either, told apart by the characters around them.
_MARK = re.compile(r"“|”|\"|''")
_PARAGRAPH = re.compile(r"\n\s*\n")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotation contents, without the marks, in text order.

    Marks pair up within a paragraph, whatever their style ("…” and “…" happen). A quote
    still open at the end of its paragraph ends there when the next paragraph opens with a
    mark (a quote that goes on in the next paragraph); otherwise its opening mark was a
    stray one and is dropped. An opening mark inside an open quote restarts it (the closing
    mark before it was missing). A ” at the start of a line with no quotation open opens one
    (a typing slip: ”Fear. I am truly afraid …”).
    """
    spans: list[tuple[int, int]] = []
    starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    ends = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for i, (p_start, p_end) in enumerate(zip(starts, ends, strict=True)):
        opened: int | None = None
        for match in _MARK.finditer(text, p_start, p_end):
            mark, at, after = match.group(), match.start(), match.end()
            before_space = at == p_start or text[at - 1].isspace() or text[at - 1] in "([—–-"
            after_space = after >= p_end or text[after].isspace()
            line_start = at == p_start or text[at - 1] == "\n"
            # a line that opens with ” opens a quotation all the same (”Fear. I am …”)
            opener = mark == "“" or (before_space and not after_space and (
                mark != "”" or (line_start and opened is None)))
            if opener or (mark != "”" and opened is None and not after_space):
                opened = after  # opens (or restarts after a missing close)
            elif opened is not None:  # ”, or a straight mark that does not open
                if after - len(mark) > opened:
                    spans.append((opened, at))
                opened = None
        if opened is not None and i + 1 < len(starts):
            following = text[starts[i + 1]:starts[i + 1] + 2]
            if following[:1] in ("“", "\"") or following == "''":
                spans.append((opened, len(text[:p_end].rstrip())))
    return [s for s in spans if s[1] > s[0]]
