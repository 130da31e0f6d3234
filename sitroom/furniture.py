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

from .records import Furniture, Span
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


def inside(furniture: tuple[Furniture, ...], start: int) -> bool:
    return any(f.span.start <= start < f.span.end for f in furniture)


__all__ = ["find_furniture", "inside", "kind_of", "parse_text", "phrases", "rules"]
