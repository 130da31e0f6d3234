"""Event arguments that are not actors: quantities ("12,000 men", "thousands of soldiers")
and dates ("on Thursday", "yesterday", "March 3, 2024") resolved against the publication
date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
    "a": 1, "an": 1,
}
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000, "k": 1000, "m": 1_000_000, "bn": 1_000_000_000}
# Plural number words name a vague amount; the value is the least the word allows.
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000,
         "millions": 2_000_000, "billions": 2_000_000_000}
APPROXIMATE = frozenset(
    "about around some nearly almost roughly approximately up over more than least estimated "
    "~ several".split())
UNITS = {
    "man": "troops", "soldier": "troops", "troop": "troops", "personnel": "troops",
    "fighter": "troops", "force": "troops", "serviceman": "troops", "marine": "troops",
    "mercenary": "troops", "people": "people", "person": "people", "civilian": "people",
    "ton": "tonnes", "tonne": "tonnes", "dollar": "USD", "$": "USD", "euro": "EUR",
    "€": "EUR", "pound": "GBP", "£": "GBP", "refugee": "refugees", "prisoner": "prisoners",
    "hostage": "hostages", "missile": "missiles", "drone": "drones", "shell": "shells",
    "tanker": "ships", "ship": "ships", "vessel": "ships", "warship": "ships",
}


def parse_number(words: list[str]) -> tuple[float | None, bool]:
    """The value of number words ("12,000", "3.5 million", "two", "thousands") and whether it
    is vague."""
    value: float | None = None
    vague = False
    for word in (w.lower().replace(",", "") for w in words):
        if word in VAGUE:
            value = (value or 1) * VAGUE[word]
            vague = True
        elif word in MULTIPLIERS and value is not None:
            value *= MULTIPLIERS[word]
        elif re.fullmatch(r"\d+(\.\d+)?", word):
            value = float(word)
        elif word in WORD_NUMBERS and word not in ("a", "an"):
            value = (value or 1) * WORD_NUMBERS[word] if word in ("hundred", "thousand") \
                else float(WORD_NUMBERS[word])
    return value, vague


def quantity_of(noun: Token) -> tuple[int, int, float | None, str | None, bool] | None:
    """(start char, end char, value, unit, approximate) of the amount a noun phrase gives:
    "12,000 men" (a number on the noun), "thousands of soldiers" (a number noun with "of"),
    "some 50,000 tonnes of wheat"."""
    anchor: Token | None
    if noun.like_num or noun.lower_ in VAGUE:  # "thousands of soldiers", "12,000 of its troops"
        anchor = noun
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        unit_token = next((c for c in of.children if c.dep_ == "pobj"), noun) if of else noun
    else:
        anchor = next((c for c in noun.children if c.dep_ == "nummod" or (
            c.dep_ == "quantmod" and c.like_num)), None)
        if anchor is None:
            return None
        unit_token = noun
    words = sorted([anchor, *(c for c in anchor.children if c.like_num or
                              c.lower_ in MULTIPLIERS)], key=lambda t: t.i)
    value, vague = parse_number([t.text for t in words])
    if value is None:
        return None
    modifiers = {t.lower_ for t in anchor.subtree} | {
        t.lower_ for t in noun.children if t.dep_ in ("advmod", "quantmod", "amod")}
    lemma = unit_token.lemma_.lower()
    unit = UNITS.get(lemma) or (None if unit_token is anchor else lemma)
    doc = noun.doc
    first = min(anchor.left_edge.i, anchor.i, noun.i)
    last = max(anchor.i, unit_token.i, noun.i)
    number = int(value) if float(value).is_integer() else value
    return (doc[first].idx, doc[last].idx + len(doc[last].text), number, unit,
            vague or bool(modifiers & APPROXIMATE))


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9


def resolve_date(text: str, published: str | None, future: bool = False) -> str | None:
    """A date expression as YYYY-MM-DD: absolute ("March 3, 2024", "3 March 2024",
    "2024-03-03"), or relative to the publication date ("yesterday", "on Thursday": the last
    such day on or before publication, the next one for future events). None otherwise."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        return iso.group(0)
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if 1900 <= n <= 2100), None)
    day = next((n for n in numbers if 1 <= n <= 31), None)
    pub = _parse(published)
    if month and day:
        if year is None and pub is None:
            return None
        year = year or pub.year  # type: ignore[union-attr]
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if pub is None:
        return None
    if "yesterday" in words:
        return (pub - timedelta(days=1)).isoformat()
    if "today" in words or "tonight" in words:
        return pub.isoformat()
    if "tomorrow" in words:
        return (pub + timedelta(days=1)).isoformat()
    weekday = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    if weekday is not None and not ({"last", "next", "every"} & set(words)):
        delta = (weekday - pub.weekday()) % 7 if future else -((pub.weekday() - weekday) % 7)
        return (pub + timedelta(days=delta)).isoformat()
    return None


def _parse(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
