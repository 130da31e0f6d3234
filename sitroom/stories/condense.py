"""The short brief: what an analyst reads first, within a word budget, every sentence once.

`condense` takes the full brief (`Brief.build`, kept by `--full`) and keeps, section by
section in order of what matters, the items that fit the budget and rest on sentences no
earlier item used. Its inputs are the full brief and the sentence boundaries of each
article; it assigns the short brief's sections (same keys, fewer items) and its `form`,
`budget` and `words`.

Rules (one row each in `SHORT_SECTIONS`): how many items a section may hold at most, and
whether its items are sentences (which may appear once in the brief) or names and counts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .render import TITLES, item_words

BUDGET = 300  # words of the Markdown body of a story of up to 10 articles
SOURCE_SHARE = 0.4  # … and never more than this share of the words of its sources
MIN_BUDGET = 120
LONGEST_ITEM = 60  # words; a longer item is left to the full brief
ACTORS_LISTED = 8  # the short brief names the most salient actors on one line


@dataclass(frozen=True)
class SectionRule:
    name: str
    most: int
    sentences: bool  # items are the articles' sentences (each sentence once in the brief)
    share: float = 1.0  # of the budget, at most
    in_time_order: bool = False  # chosen by rank, written by date


# In order of what an analyst needs first: the budget is spent in this order (a dispute
# before the development it is about, so the dispute is what shows) …
SHORT_SECTIONS = (
    SectionRule("summary", 1, False),  # its sentence gives way to any other item's
    SectionRule("disagreements", 3, True, share=0.35),
    SectionRule("developments", 4, True, share=0.4, in_time_order=True),
    SectionRule("agreements", 1, False, share=0.15),
    SectionRule("actors", 1, False, share=0.15),
    SectionRule("quotes", 3, True, share=0.3),
    SectionRule("motives", 2, True, share=0.2),
    SectionRule("implications", 2, True, share=0.2),
    SectionRule("claims", 2, True, share=0.2),
    SectionRule("relations", 3, False, share=0.15),
)
# … and the short brief's sections are written in this one.
WRITTEN = ("summary", "developments", "disagreements", "agreements", "quotes", "motives",
           "implications", "claims", "relations", "actors")
DROPPED = ("timeline", "single_source")  # in the full brief only: developments are dated
KEPT = ("sources",)  # listed whole (the renderings show them as the references)


class Sentences:
    """Which sentence of which article an offset falls in."""

    def __init__(self, bounds: dict[str, list[tuple[int, int]]]) -> None:
        self.starts = {a: [s for s, _ in sorted(spans)] for a, spans in bounds.items()}

    def of(self, citation: dict[str, Any]) -> tuple[str, int]:
        starts = self.starts.get(citation["article"], [])
        index = bisect_right(starts, citation["start"]) - 1
        return citation["article"], starts[index] if index >= 0 else citation["start"]


def budget_for(source_words: int, articles: int) -> int:
    """BUDGET words for up to 10 articles (15 more per further article, up to twice that),
    never more than SOURCE_SHARE of the sources' words, never under MIN_BUDGET."""
    ceiling = BUDGET + 15 * max(0, min(articles, 30) - 10)
    return max(MIN_BUDGET, min(ceiling, int(SOURCE_SHARE * source_words)))


def condense(full: dict[str, Any], sentences: Sentences, budget: int) -> dict[str, Any]:
    """The short form of a full brief (a new dict; `full` is left as it is). The budget
    counts every word of the Markdown body: the title, section headings and items."""
    numbers = {a["id"]: i for i, a in enumerate(full["articles"], 1)}
    used: set[tuple[str, int]] = set()
    spent = len(f"# {full['title']}".split())
    chosen: dict[str, list[dict[str, Any]]] = {}
    for rule in SHORT_SECTIONS:
        kept: list[dict[str, Any]] = []
        heading = len(f"## {TITLES.get(rule.name, rule.name)}".split())
        share = 0
        for item in _ordered(rule.name, full["sections"].get(rule.name, [])):
            if len(kept) >= rule.most:
                break
            if "short" in item:  # a gain topic: its name and its shortest telling
                if not item["short"]:
                    continue
                item = {**item, "text": item["short"]}
            words = 1 + item_words(item, numbers) + (0 if kept else heading)  # 1: the "-"
            if words > LONGEST_ITEM or spent + words > budget or \
                    share + words > rule.share * budget:
                continue
            # the sentences the item shows (a gain topic shows one of its tellings)
            keys = {sentences.of(c) for c in item.get("shown") or item["citations"]
                    } if rule.sentences else set()
            if keys & used:
                continue  # said already, in this section or an earlier one
            used |= keys
            spent += words
            share += words
            kept.append(item)
        if rule.in_time_order:
            kept.sort(key=lambda i: i.get("date") or "9999")
        chosen[rule.name] = kept
    chosen["summary"], spent = _dateline_only(chosen["summary"], sentences, used, spent)
    sections = {**{name: chosen[name] for name in WRITTEN}, **{name: [] for name in DROPPED},
                **{name: full["sections"].get(name, []) for name in KEPT}}
    return {**full, "sections": sections, "form": "short", "budget": budget, "words": spent}


def _dateline_only(summary: list[dict[str, Any]], sentences: Sentences,
                   used: set[tuple[str, int]], spent: int) -> tuple[list[dict[str, Any]], int]:
    """The summary keeps its lead sentence only if no other item shows it; else it is the
    dateline alone ("18–28 October 2024 · 6 articles, 5 sources")."""
    if not summary or not summary[0].get("dateline"):
        return summary, spent
    item = summary[0]
    if not {sentences.of(c) for c in item["citations"]} & used:
        return summary, spent
    shorter = {**item, "text": item["dateline"]}
    return [shorter], spent - len(item["text"].split()) + len(shorter["text"].split())


def _ordered(name: str, items: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Items in the order they are offered to the budget: quotes from named speakers first,
    the rest as the full brief ranks them."""
    if name == "quotes":
        return sorted(items, key=lambda i: i.get("unnamed", False))
    if name == "developments":  # history is not a development of the story
        return [i for i in items if not i.get("background")]
    if name == "actors" and items:  # one line: the most salient, in order
        top = items[:ACTORS_LISTED]
        return [{"text": ", ".join(i.get("actor") or i["text"] for i in top),
                 "citations": [i["citations"][0] for i in top if i["citations"]],
                 "actors": [i.get("actor") for i in top]}]
    return items


def date_range(days: Iterable[str | None]) -> str | None:
    """"18 October 2024", "18–28 October 2024", "28 September – 2 October 2024"."""
    known = sorted({d[:10] for d in days if d})
    parsed = []
    for day in known:
        try:
            parsed.append(date.fromisoformat(day))
        except ValueError:
            continue
    if not parsed:
        return None
    first, last = parsed[0], parsed[-1]
    end = f"{last.day} {last:%B %Y}"
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{end}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {end}"
    return f"{first.day} {first:%B %Y} – {end}"
