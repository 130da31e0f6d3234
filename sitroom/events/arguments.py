"""Event arguments that are not actors: quantities ("12,000 men", "thousands of soldiers")
and dates ("on Thursday", "yesterday", "March 3, 2024") resolved against the publication
date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from ..tables import data_rows
from .tree import Tree

if TYPE_CHECKING:
    from spacy.tokens import Token

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100, "thousand": 1000,
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
    for word in _number_words(words):
        if value is not None and word in WORD_NUMBERS and 0 < WORD_NUMBERS[word] < 10 \
                and 20 <= value < 100 and value % 10 == 0:
            value += WORD_NUMBERS[word]
        elif word in VAGUE:
            value = (value or 1) * VAGUE[word]
            vague = True
        elif word in MULTIPLIERS and value is not None:
            value *= MULTIPLIERS[word]
        elif re.fullmatch(r"\d+(\.\d+)?", word):
            value = float(word)
        elif word in WORD_NUMBERS and word not in ("a", "an"):
            value = (value or 1) * WORD_NUMBERS[word] if word in ("hundred", "thousand",
                                                                  "dozen") \
                else float(WORD_NUMBERS[word])
    return value, vague


def _number_words(words: list[str]) -> list[str]:
    """The words, lowered, commas dropped, "twenty-one" as "twenty" and "one" (a "2-3" range
    stays one word)."""
    out: list[str] = []
    for word in (w.lower().replace(",", "") for w in words):
        if word.replace("-", "").isalpha():
            out.extend(p for p in word.split("-") if p)
        else:
            out.append(word)
    return out


def quantity_of(noun: Token) -> tuple[int, int, float | None, str | None, bool] | None:
    """(start char, end char, value, unit, approximate) of the amount a noun phrase gives:
    "12,000 men" (a number on the noun), "thousands of soldiers" (a number noun with "of"),
    "some 50,000 tonnes of wheat"."""
    tree = Tree.of(noun.doc)
    dep = tree.strings.dep
    if tree.number[noun.i] or tree.strings.lower[noun.i] in VAGUE:
        # "thousands of soldiers", "12,000 of its troops"
        anchor = noun
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        unit_token = next((c for c in of.children if c.dep_ == "pobj"), noun) if of else noun
    else:
        found = next((c for c in tree.kids(noun.i) if dep[c] == "nummod" or (
            dep[c] == "quantmod" and tree.number[c])), None)
        if found is None:
            return None
        anchor, unit_token = noun.doc[found], noun
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
NUMBER_WORDS = {w: n for w, n in WORD_NUMBERS.items() if n < 100}
PRECISIONS = ("day", "week", "month", "year")  # finest first


@dataclass(frozen=True, slots=True)
class When:
    """A resolved date: `date` is the first day of the period (YYYY-MM-DD; a week starts on
    its Monday, a month on its 1st, a year on 1 January), `precision` its width."""

    date: str
    precision: str

    def contains(self, other: When) -> bool:
        """Whether `other` (as fine or finer) falls inside this period."""
        if PRECISIONS.index(other.precision) > PRECISIONS.index(self.precision):
            return False
        start = date.fromisoformat(self.date)
        return start <= date.fromisoformat(other.date) < _period_end(start, self.precision)


@lru_cache(maxsize=1)
def date_words() -> dict[str, dict[str, tuple[str, ...]]]:
    """`data/dates.tsv` by kind: word → the rest of its row."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind, word, *rest in data_rows("dates.tsv", 4):
        out.setdefault(kind, {})[word] = tuple(rest)
    return out


def resolve_when(text: str, published: str | None, future: bool = False) -> When | None:
    """A date expression as a `When`: absolute ("March 3, 2024", "3 March 2024",
    "2024-03-03", "June 2014", "2020"), or relative to the publication date ("yesterday",
    "on Thursday", "last week", "earlier this month", "in June", "two years ago"). A bare
    weekday, month or day of a month is the last one on or before publication, or for a
    future event the next one on or after it. None for what names no one period (a
    duration, a decade, a range, a word the table does not know)."""
    iso = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if iso:
        return _when(date.fromisoformat(iso.group(0)), "day") if _valid(iso.group(0)) else None
    lowered = text.lower()
    if re.search(r"\d{4}s\b|\d:\d|\d\s*[-–]\s*\d", lowered):
        return None  # a decade, a time of day, a range
    words = date_words()
    tokens = re.findall(r"[a-z]+|\d+", lowered)
    normal = " ".join(w for w in tokens if w not in words["filler"])
    pub = _parse(published)
    phrase = words["phrase"].get(" ".join(w for w in tokens if w not in ("the", "s")))
    if phrase is not None:
        return _shifted(pub, phrase[1], int(phrase[0])) if pub else None
    return _from_tokens(normal.split(), pub, future)


def _from_tokens(tokens: list[str], pub: date | None, future: bool) -> When | None:
    while tokens and _kind(tokens[0]) is None:
        tokens = tokens[1:]  # "Twitter Wednesday": a word before the date is not part of it
    kinds = [_kind(t) for t in tokens]
    if not tokens or None in kinds:
        return None
    words = date_words()
    if kinds == ["deictic"]:
        return _shifted(pub, "day", int(words["deictic"][tokens[0]][0])) if pub else None
    shift = next((int(words["shift"][t][0]) for t, k in zip(tokens, kinds, strict=True)
                  if k == "shift"), None)
    if kinds == ["shift", "unit"] and pub:
        return _shifted(pub, words["unit"][tokens[1]][1], shift or 0)
    if kinds == ["number", "unit", "ago"] and pub:
        return _shifted(pub, words["unit"][tokens[1]][1], -_number(tokens[0]))
    rest = [k for k in kinds if k != "shift"]
    if kinds.count("shift") > 1:
        return None
    if rest == ["weekday"]:
        return _weekday(WEEKDAYS.index(_weekday_word(tokens)), pub, shift, future)
    return _calendar(tokens, kinds, pub, shift, future)


def _calendar(tokens: list[str], kinds: list[str | None], pub: date | None,
              shift: int | None, future: bool) -> When | None:
    """Month names, days of the month and years: "June 30, 2019", "June 2014", "in June",
    "last March", "2020"."""
    months = [MONTHS[t] for t, k in zip(tokens, kinds, strict=True) if k == "month"]
    years = [int(t) for t, k in zip(tokens, kinds, strict=True) if k == "year"]
    days = [int(t) for t, k in zip(tokens, kinds, strict=True) if k == "number"
            and t.isdigit()]
    if len(months) > 1 or len(years) > 1 or len(days) > 1 or \
            len(days) + len(months) + len(years) != len(kinds) - (shift is not None):
        return None
    if not months:
        if years and not days and shift is None:
            return When(f"{years[0]:04d}-01-01", "year")
        return None
    month = months[0]
    if years:
        if shift is not None:
            return None
        return _day_or_month(years[0], month, days[0] if days else None)
    if pub is None:
        return None
    candidates = [y for y in range(pub.year - 1, pub.year + 2)
                  if _day_or_month(y, month, days[0] if days else None)]
    whens = [w for y in candidates if (w := _day_or_month(y, month, days[0] if days else None))]
    return _nearest(whens, pub, shift, future)


def _nearest(whens: list[When], pub: date, shift: int | None, future: bool) -> When | None:
    """Of the periods a month (or day of a month) names in the years around publication,
    the one the shift or the tense points to."""
    def key(w: When) -> tuple[int, int]:
        start = date.fromisoformat(w.date)
        return (start.year, start.month) if w.precision == "month" else \
            (start.toordinal(), 0)
    now = (pub.year, pub.month) if whens and whens[0].precision == "month" else \
        (pub.toordinal(), 0)
    if shift == 0:
        return next((w for w in whens if date.fromisoformat(w.date).year == pub.year), None)
    if shift == 1 or (shift is None and future):
        after = [w for w in whens if key(w) > now or (shift is None and key(w) == now)]
        return min(after, key=key, default=None)
    before = [w for w in whens if key(w) < now or (shift is None and key(w) == now)]
    return max(before, key=key, default=None)


def _day_or_month(year: int, month: int, day: int | None) -> When | None:
    try:
        return When(date(year, month, day or 1).isoformat(), "day" if day else "month")
    except ValueError:
        return None


def _weekday(weekday: int, pub: date | None, shift: int | None, future: bool) -> When | None:
    """"on Wednesday": the last Wednesday on or before publication (the next on or after
    it for a future event); "last Wednesday": the one before; "next Wednesday": after."""
    if pub is None:
        return None
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if shift == -1:
        delta = -(back or 7)
    elif shift == 1:
        delta = ahead or 7
    else:
        delta = ahead if future else -back
    return _when(pub + timedelta(days=delta), "day")


def _shifted(pub: date, unit: str, offset: int) -> When:
    """The day, week, month or year `offset` units from the one of publication."""
    if unit == "day":
        return _when(pub + timedelta(days=offset), "day")
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday())
        return _when(monday + timedelta(weeks=offset), "week")
    if unit == "month":
        months = pub.year * 12 + pub.month - 1 + offset
        return _when(date(months // 12, months % 12 + 1, 1), "month")
    return _when(date(pub.year + offset, 1, 1), "year")


def _when(day: date, precision: str) -> When:
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = date(day.year, 1, 1)
    elif precision == "week":
        day = day - timedelta(days=day.weekday())
    return When(day.isoformat(), precision)


def _period_end(start: date, precision: str) -> date:
    if precision == "day":
        return start + timedelta(days=1)
    if precision == "week":
        return start + timedelta(weeks=1)
    if precision == "month":
        return date.fromisoformat(_shifted(start, "month", 1).date)
    return date(start.year + 1, 1, 1)


def _kind(token: str) -> str | None:
    words = date_words()
    for kind in ("deictic", "shift", "unit", "ago"):
        if token in words.get(kind, {}):
            return kind
    if token in WEEKDAYS or token in WEEKDAY_SHORT:
        return "weekday"
    if token in MONTHS:
        return "month"
    if token.isdigit():
        return "year" if len(token) == 4 and 1900 <= int(token) <= 2100 else (
            "number" if 1 <= int(token) <= 31 else None)
    if token in NUMBER_WORDS:
        return "number"
    return None


WEEKDAY_SHORT = {w[:3]: w for w in WEEKDAYS}


def _weekday_word(tokens: list[str]) -> str:
    word = next(t for t in tokens if t in WEEKDAYS or t in WEEKDAY_SHORT)
    return WEEKDAY_SHORT.get(word, word)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def _valid(iso: str) -> bool:
    try:
        date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def resolve_date(text: str, published: str | None, future: bool = False) -> str | None:
    """A date expression as YYYY-MM-DD when it names one day (see `resolve_when`)."""
    when = resolve_when(text, published, future)
    return when.date if when is not None and when.precision == "day" else None


def parse_published(published: str | None) -> str | None:
    """The article's publication date as YYYY-MM-DD, None where it has none that parses."""
    day = _parse(published)
    return day.isoformat() if day else None


def _parse(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
