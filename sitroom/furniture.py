"""Page furniture: the lines of a scraped page that are not the article's prose.

    requires: Article.text
    assigns:  ArticleAnalysis.furniture (kind + span per line); `parse_text` blanks them

Captions, gallery counters, video boxes ("JUST WATCHED … Replay More Videos"), "Story
highlights", adverts, sign-up and share lines, credits and update stamps are matched line by
line against the rows of `data/furniture.tsv`. They stay in the stored text — every offset
of every finding still indexes it — but the text handed to the parser has them replaced by
spaces, so no stage ever reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .records import ArticleAnalysis, Furniture, Span
from .tables import data_rows

SCOPES = ("line", "start", "contains", "phrase")
LINE = re.compile(r"[^\n]+")
# A longer line is prose (or a page that lost its line breaks) unless a whole-line rule says not.
MAX_LINE = 2_000


@dataclass(frozen=True)
class Rule:
    kind: str
    scope: str
    pattern: re.Pattern[str]


@cache
def rules() -> tuple[Rule, ...]:
    out = []
    for kind, scope, pattern, *_ in data_rows("furniture.tsv", 3):
        if scope not in SCOPES:
            raise ValueError(f"data/furniture.tsv: scope {scope!r} of {pattern!r} is not one "
                             f"of {', '.join(SCOPES)}")
        if scope == "line":
            pattern = rf"(?:{pattern})\s*"
        elif scope == "start":
            pattern = rf"(?:{pattern})"
        out.append(Rule(kind, scope, re.compile(pattern, re.IGNORECASE)))
    return tuple(out)


def kind_of(line: str) -> str | None:
    """The furniture kind of one line of text, or None for prose."""
    line = line.strip()
    if not line:
        return None
    for rule in rules():
        if rule.scope == "phrase":
            continue  # a phrase is furniture by itself, not its line (`phrases`)
        if rule.scope == "line":
            hit = rule.pattern.fullmatch(line)
        elif len(line) > MAX_LINE:
            continue  # only a rule for the whole line may call a very long line furniture
        elif rule.scope == "start":
            hit = rule.pattern.match(line)
        else:
            hit = rule.pattern.search(line)
        if hit:
            return rule.kind
    return None


def phrases(line: str) -> list[tuple[str, int, int]]:
    """The furniture phrases inside a line of prose (kind, start, end), in order and not
    overlapping: a page that lost its line breaks keeps "Advertisement - story continues
    below" in mid-line, where it would read as a speaker ("… Advertisement - story
    continues below said …")."""
    found = sorted((m.start(), m.end(), rule.kind) for rule in rules() if rule.scope == "phrase"
                   for m in rule.pattern.finditer(line) if m.end() > m.start())
    out: list[tuple[str, int, int]] = []
    for start, end, kind in found:
        if not out or start >= out[-1][2]:
            out.append((kind, start, end))
    return out


def find_furniture(text: str) -> tuple[Furniture, ...]:
    """Every furniture line of `text`, its span trimmed of surrounding spaces, and every
    furniture phrase inside a line of prose."""
    out: list[Furniture] = []
    for match in LINE.finditer(text):
        kind = kind_of(match.group())
        if kind is None:
            out.extend(Furniture(k, Span.of(text, match.start() + a, match.start() + b))
                       for k, a, b in phrases(match.group()))
            continue
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append(Furniture(kind, Span.of(text, start, end)))
    return tuple(out)


def parse_text(text: str, furniture: tuple[Furniture, ...] | None = None) -> str:
    """`text` with its furniture replaced by spaces: same length, so offsets still hold."""
    if furniture is None:
        furniture = find_furniture(text)
    if not furniture:
        return text
    parts, last = [], 0
    for item in furniture:
        parts.append(text[last:item.span.start])
        parts.append(" " * (item.span.end - item.span.start))
        last = item.span.end
    parts.append(text[last:])
    return "".join(parts)


def mend_spans(analysis: ArticleAnalysis) -> ArticleAnalysis:
    """`analysis` with every span kept out of the furniture phrases of its text: the parser
    read blanks there, and a name or clause can run into them ("analysts ⎵⎵⎵ said"). A span
    that starts in one starts after it, one that runs into one ends before it, edges are
    trimmed of spaces and each span quotes the stored text. Furniture lines never need this;
    an analysis without furniture phrases is returned as it is."""
    text = analysis.article.text
    cuts = [(f.span.start, f.span.end) for f in analysis.furniture if _mid_line(text, f.span)]
    if not cuts:
        return analysis
    data = analysis.to_dict()
    kept = data.pop("furniture", None)
    data = _mended(data, text, cuts)
    if kept is not None:
        data["furniture"] = kept
    return ArticleAnalysis.from_dict(data)


def _mid_line(text: str, span: Span) -> bool:
    return ((span.start > 0 and text[span.start - 1] != "\n")
            or (span.end < len(text) and text[span.end] != "\n"))


def _mended(value: Any, text: str, cuts: list[tuple[int, int]]) -> Any:
    if isinstance(value, list):
        return [_mended(v, text, cuts) for v in value]
    if not isinstance(value, dict):
        return value
    out = {key: _mended(v, text, cuts) for key, v in value.items()}
    if isinstance(out.get("start"), int) and isinstance(out.get("end"), int) \
            and isinstance(out.get("text"), str):
        start, end = _outside(out["start"], out["end"], text, cuts)
        out.update(start=start, end=end, text=text[start:end])
    return out


def _outside(start: int, end: int, text: str, cuts: list[tuple[int, int]]) -> tuple[int, int]:
    for cut_start, cut_end in cuts:
        if cut_start <= start < cut_end:
            start = min(cut_end, end)
        elif start < cut_start < end:
            end = cut_start
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def inside(furniture: tuple[Furniture, ...], start: int) -> bool:
    return any(f.span.start <= start < f.span.end for f in furniture)


__all__ = ["find_furniture", "inside", "kind_of", "mend_spans", "parse_text", "phrases",
           "rules"]
