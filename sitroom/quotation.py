"""Where quotations are in a text, and the words that attribute them: used by the actors
stage (pronouns inside quotes, speakers' pronouns) and the quotes extractor."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .tables import data_rows


@lru_cache(maxsize=1)
def _cue_rows() -> tuple[tuple[str, str, frozenset[str], tuple[str, ...]], ...]:
    """The rows of `data/cues.tsv`: lemma, class, roles, forms (the one list of speech,
    belief and report verbs)."""
    return tuple((lemma.strip(), cls.strip(), frozenset(roles.split()) - {"-"},
                  tuple(f.strip() for f in forms.split("/") if f.strip() not in ("", "-")))
                 for lemma, cls, roles, forms in data_rows("cues.tsv", 4))


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, str]:
    """Attribution cues (lemma → class: speech, belief, report, topic) from `data/cues.tsv`;
    rows of class "-" are there only for their roles."""
    return {lemma: cls for lemma, cls, _roles, _forms in _cue_rows() if cls != "-"}


@cache
def cue_role(role: str) -> frozenset[str]:
    """The lemmas of `data/cues.tsv` with `role` among their roles ("voices", "demand", …)."""
    return frozenset(lemma for lemma, _cls, roles, _forms in _cue_rows() if role in roles)


@lru_cache(maxsize=1)
def cue_prepositions() -> dict[str, tuple[str, ...]]:
    """Verbs of speaking whose topic follows a preposition ("about=of/about" in the roles):
    lemma → the prepositions."""
    return {lemma: tuple(role.split("=", 1)[1].split("/"))
            for lemma, _cls, roles, _forms in _cue_rows()
            for role in roles if role.startswith("about=")}


@lru_cache(maxsize=1)
def cue_forms() -> frozenset[str]:
    """The inflected forms (lower case) by which a brief lists an indirect quote."""
    return frozenset(form for _l, _c, _r, forms in _cue_rows() for form in forms)


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
