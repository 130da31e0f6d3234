"""Figures the sources of a story give for the same count, and whether they disagree.

Like is compared with like: two figures are compared only when they count the same thing —
the same unit ("12,000 soldiers", "about 11,000 troops") and the same class of what happened
to it (`data/figure_contexts.tsv`: killed, injured, deployed …, read off the nearest word of
the sentence). Each figure reaches over an interval (`data/figure_bounds.tsv`: "about 11,000"
is 9,900–12,100, "thousands" 2,000–99,999, "at least 90" 90–135); figures of independent
sources whose intervals all meet agree at different precision, figures whose intervals are
apart disagree.

Inputs: the analyses of a story's articles (text, sentences) and each article's independent
source. Outputs: `Figure` records, then `Comparison`s (a disagreement or an agreement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from ..events.arguments import UNITS, parse_number
from ..records import ArticleAnalysis, Span
from ..tables import data_rows
from .cues import FUNCTION_WORDS, STEM, has_cue, opens_with_background

FIGURE_UNITS = (r"soldiers|troops|men|personnel|fighters|forces|people|civilians|refugees|"
                r"prisoners|hostages|missiles|drones|tankers|ships|vessels|warships")
# "12,000 soldiers", "about 11,000 troops", "thousands of North Korean soldiers"
FIGURE = re.compile(
    r"(?P<about>\b(?i:about|some|nearly|almost|around|roughly|approximately|an estimated|"
    r"more than|at least|up to|over)\s+)?(?P<number>\b\d{1,3}(?:,\d{3})+\b|"
    r"\b\d+(?:\.\d+)?\s+(?:million|thousand)\b|\b\d{2,}\b|"
    r"\b(?:[Tt]ens of thousands|[Tt]housands|[Hh]undreds|[Dd]ozens|[Ss]cores)\b)"
    r"(?:\s+of)?(?:\s+(?:the\s+)?[A-Z][a-z]+){0,2}\s+(?P<unit>" + FIGURE_UNITS + r")\b")
# "the death toll rose to 160": a count of the killed with no unit noun
TOLL = re.compile(r"\bdeath toll\b[^.;]{0,60}?\b(?:to|of|at|reached|hit)\s+(?P<about>"
                  r"(?i:about|some|nearly|around|more than|at least|over)\s+)?"
                  r"(?P<number>\d{1,3}(?:,\d{3})+|\d{2,})\b")
# "American officials put the number at about 10,000": the count of the figure before it
RESTATED = re.compile(
    r"\b(?:the|their|its|that|this) (?:number|figure|total|count|estimate|tally)\b[^.;]{0,30}?"
    r"\b(?:at|to|of|as|was|is)\s+(?P<about>(?i:about|some|nearly|around|roughly|more than|"
    r"at least|over|up to)\s+)?(?P<number>\d{1,3}(?:,\d{3})+|\d{2,})\b")
RESTATED_REACH = 600  # characters back to the figure whose count is restated
MIN_SHARED_WORDS = 3  # content words two sentences share to tell of one occasion
GENERIC_KINDS = frozenset({"country", "demonym", "capital", "region"})
_COMMON_CAPITALS = frozenset(
    "the this that these those there their they monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october "
    "november december and but mr mrs ms dr president minister officials united states "
    "kingdom nations north south east west new year years week month".split())
MAX_RATIO = 4.0  # figures further apart count different things
CONTEXT_CHARS = 80  # how far from the figure a word of its class may stand
EXCERPT_WORDS = 8  # words on each side of the figure in an excerpt


@dataclass(frozen=True)
class Figure:
    article: str
    outlet: str
    value: float
    low: float
    high: float
    unit: str
    counted: str  # the class of what happened to the counted (killed, deployed …)
    span: Span  # the figure with its unit
    excerpt: Span  # whole words around it, inside its sentence
    running: bool = False  # a running total ("the death toll rose to …", "so far")
    vague: bool = False  # a number word ("thousands", "dozens"): it can agree, not differ
    sentence: str = ""  # the sentence it stands in


@dataclass(frozen=True)
class Comparison:
    unit: str
    counted: str
    figures: tuple[Figure, ...]
    agree: bool  # True: the figures agree at different precision; False: they disagree


@lru_cache(maxsize=1)
def _contexts() -> tuple[list[tuple[str, frozenset[str], tuple[str, ...]]], dict[str, str]]:
    """(class, units, stems) rows, and unit → the class of its figures with no word."""
    rows, default = [], {}
    for counted, units, stems, *_ in data_rows("figure_contexts.tsv", 3):
        unit_set = frozenset(units.split())
        if stems.strip() == "*":
            default.update({unit: counted for unit in unit_set})
        else:
            rows.append((counted, unit_set, tuple(stems.split())))
    return rows, default


@lru_cache(maxsize=1)
def _bounds() -> dict[str, tuple[str, float, float]]:
    return {words: (kind, float(low), float(high))
            for words, kind, low, high, *_ in data_rows("figure_bounds.tsv", 4)}


def reach(value: float, about: str, number: str) -> tuple[float, float]:
    """The interval a figure covers: vague number words by their range, other figures by
    the factor of the words before them."""
    bounds = _bounds()
    vague = " ".join(number.lower().split())
    if vague in bounds and bounds[vague][0] == "range":
        _, low, high = bounds[vague]
        return low, high
    _, low_factor, high_factor = bounds.get(" ".join(about.lower().split()) or "exact",
                                            ("factor", 1.0, 1.0))
    return value * low_factor, value * high_factor


def counted_class(sentence: str, start: int, end: int, unit: str) -> str | None:
    """The class of what the figure at `start`–`end` of `sentence` counts: the class of the
    nearest word of the table within CONTEXT_CHARS, else the unit's default."""
    rows, default = _contexts()
    best: tuple[int, str] | None = None
    for match in re.finditer(r"[a-z]+", sentence.lower()):
        distance = start - match.end() if match.end() <= start else match.start() - end
        if distance < 0 or distance > CONTEXT_CHARS:
            continue
        for counted, units, stems in rows:
            if unit in units and match.group().startswith(stems) and (
                    best is None or distance < best[0]):
                best = (distance, counted)
    return best[1] if best else default.get(unit)


def excerpt(text: str, sentence: Span, start: int, end: int) -> Span:
    """Whole words of the sentence around `start`–`end`, at most EXCERPT_WORDS each side."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[sentence.start:sentence.end])]
    words = [(sentence.start + a, sentence.start + b) for a, b in words]
    inside = [i for i, (a, b) in enumerate(words) if b > start and a < end]
    if not inside:
        return Span.of(text, start, end)
    first = max(0, inside[0] - EXCERPT_WORDS)
    last = min(len(words) - 1, inside[-1] + EXCERPT_WORDS)
    return Span.of(text, words[first][0], words[last][1])


def figures_of(analysis: ArticleAnalysis, outlet: str, every: bool = False) -> list[Figure]:
    """Every comparable figure of one article (with `every`, also those whose class is not
    known, as class "?": the candidates a benchmark judges)."""
    text = analysis.article.text
    out = []
    for sentence in analysis.sentences:
        said = text[sentence.start:sentence.end]
        found = [(m, _unit(m.group("unit"))) for m in FIGURE.finditer(said)]
        found += [(m, "people") for m in TOLL.finditer(said)]
        for match, unit in found:
            figure = _figure(analysis, outlet, sentence, match, unit, every)
            if figure is not None:
                out.append(figure)
        out += _restated(analysis, outlet, sentence, out)
    return out


def _restated(analysis: ArticleAnalysis, outlet: str, sentence: Span,
              earlier: list[Figure]) -> list[Figure]:
    """Figures that give another number for the count just before them ("put the number at
    about 10,000"), with that count's unit and class."""
    text = analysis.article.text
    out = []
    for match in RESTATED.finditer(text[sentence.start:sentence.end]):
        start = sentence.start + match.start("number")
        before = [(f.unit, f.counted, f.span.start) for f in earlier
                  if 0 < start - f.span.end <= RESTATED_REACH] or _counted_before(text, start)
        value, _ = parse_number(match.group("number").split())
        if not before or value is None:
            continue
        unit, counted, referent = before[-1]
        low, high = reach(value, match.group("about") or "", match.group("number"))
        span = Span.of(text, sentence.start + match.start(), sentence.start + match.end())
        said = text[sentence.start:sentence.end]
        out.append(Figure(analysis.article.id, outlet, value, low, high, unit, counted,
                          span, excerpt(text, sentence, span.start, span.end),
                          has_cue(said, "cumulative"), False,
                          # what it tells of runs from the count it restates
                          text[min(referent, sentence.start):sentence.end]))
    return out


def _counted_before(text: str, start: int) -> list[tuple[str, str, int]]:
    """The unit and class of the last counted noun before `start` ("… North Korean soldiers
    on Russian soil. American officials put the number at …"), if it has a default class."""
    window = text[max(0, start - RESTATED_REACH):start]
    offset = max(0, start - RESTATED_REACH)
    nouns = list(re.finditer(rf"\b(?:{FIGURE_UNITS})\b", window))
    if not nouns:
        return []
    unit = _unit(nouns[-1].group())
    counted = _contexts()[1].get(unit or "")
    # the sentence of the noun: from the last full stop before it
    referent = offset + window.rfind(".", 0, nouns[-1].start()) + 1
    return [(unit, counted, referent)] if unit and counted else []


def background(sentence: str, published: str | None) -> bool:
    """A sentence about another time: it opens as history ("In 2008 …", "Historically")
    or names a year other than the article's ("when at least 1,400 people died in 2009")."""
    if opens_with_background(sentence):
        return True
    years = {int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", sentence)}
    if not years or not published:
        return False
    return any(year != int(published[:4]) for year in years)


def _unit(word: str) -> str | None:
    word = word.lower()
    return UNITS.get("man" if word == "men" else word.removesuffix("s")) or UNITS.get(word)


def _figure(analysis: ArticleAnalysis, outlet: str, sentence: Span, match: re.Match[str],
            unit: str | None, every: bool = False) -> Figure | None:
    if unit is None:
        return None
    number = match.group("number")
    value, vague = parse_number(number.split())
    if value is None or value < 10:
        return None
    said = analysis.article.text[sentence.start:sentence.end]
    counted = counted_class(said, match.start(), match.end(), unit) or ("?" if every else None)
    if counted is None or background(said, analysis.article.published):
        return None
    start, end = sentence.start + match.start(), sentence.start + match.end()
    low, high = reach(value, match.group("about") or "", number)
    text = analysis.article.text
    return Figure(analysis.article.id, outlet, value, low, high, unit, counted,
                  Span.of(text, start, end), excerpt(text, sentence, start, end),
                  has_cue(said, "cumulative"), bool(vague), said)


def compare(figures: list[Figure]) -> list[Comparison]:
    """For each count (unit and class) that independent sources give different figures
    for: whether the figures agree at different precision or disagree."""
    groups: dict[tuple[str, str], list[Figure]] = {}
    for figure in figures:
        groups.setdefault((figure.unit, figure.counted), []).append(figure)
    out = []
    for (unit, counted), group in groups.items():
        pairs = [(a, b) for a, b in combinations(group, 2)
                 if a.value != b.value and comparable(a, b, strict=False)]
        if not pairs:
            continue
        group = [f for f in group if any(f is a or f is b for a, b in pairs)]
        apart = [(a, b) for a, b in combinations(group, 2)
                 if comparable(a, b) and not (a.vague or b.vague) and
                 (a.high < b.low or b.high < a.low)]
        if apart:  # only the figures some other source's figure excludes
            involved = {id(f) for pair in apart for f in pair}
            group = [f for f in group if id(f) in involved]
        out.append(Comparison(unit, counted, tuple(_one_per_value(group)), not apart))
    return out


def comparable(one: Figure, other: Figure, strict: bool = True) -> bool:
    """Two sources' figures for the same count: a running total against a running total,
    one occasion's count against another's (`same_occasion`; not `strict`: sentences that
    share a name of any kind or two words, enough to say that figures agree), and no
    further apart than MAX_RATIO (a count of one attack and the toll of a war are not two
    tellings of one figure)."""
    if one.outlet == other.outlet or one.running != other.running:
        return False
    if not same_occasion(one, other, strict):
        return False
    # how far apart their intervals are: 1 where they meet
    nearest = max(1.0, min(one.high, other.high))
    return max(one.low, other.low) <= MAX_RATIO * nearest


def same_occasion(one: Figure, other: Figure, strict: bool = True) -> bool:
    """Whether two figures' sentences tell of one occasion: they name the same specific
    place, body or person (a capitalised word inside both that is not a country, a demonym,
    a capital or a region: "Douma", "Health Ministry", not "Syria" or "Paris"), or share
    MIN_SHARED_WORDS other content words; and they do not name different days of the week."""
    days_one, days_other = _weekdays(one.sentence), _weekdays(other.sentence)
    if days_one and days_other and not days_one & days_other:
        return False
    if not strict:
        shared = _names(one.sentence, True) & _names(other.sentence, True)
        return bool(shared) or len(_content(one.sentence) & _content(other.sentence)) >= 2
    names = _names(one.sentence) & _names(other.sentence)
    words = _content(one.sentence) & _content(other.sentence)
    return bool(names) or len(words) >= MIN_SHARED_WORDS


@lru_cache(maxsize=4096)
def generic(word: str) -> bool:
    """A word that names a country, a people, a capital or a region (actors/gazetteer.py):
    two sentences about Syria need not tell of one occasion."""
    from ..actors.gazetteer import load

    entries = load().phrases.get((word.lower(),), [])
    return bool(entries) and all(e.kind in GENERIC_KINDS for _, e in entries)


def _weekdays(sentence: str) -> set[str]:
    return set(re.findall(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", sentence))


def _names(sentence: str, any_kind: bool = False) -> set[str]:
    """Capitalised words after the first word, weekdays, months and the like left out, and
    (unless `any_kind`) the names of countries, peoples, capitals and regions."""
    words = re.findall(r"(?<=[\s(“\"'])[A-Z][a-z]{2,}", sentence)
    return {w for w in words if w.lower() not in _COMMON_CAPITALS and (
        any_kind or not generic(w))}


def _content(sentence: str) -> set[str]:
    rows, _ = _contexts()
    stems = tuple(stem for _, _, row in rows for stem in row)
    return {w[:STEM] for w in re.findall(r"[a-z]{4,}", sentence.lower())
            if w not in FUNCTION_WORDS and w not in _COMMON_CAPITALS and not w.startswith(stems)
            and not _unit(w) and not generic(w)}


def _one_per_value(group: list[Figure]) -> list[Figure]:
    """Each outlet's each figure once (the first telling)."""
    seen: set[tuple[str, float, float]] = set()
    out = []
    for figure in group:
        key = (figure.outlet, figure.low, figure.high)
        if key not in seen:
            seen.add(key)
            out.append(figure)
    return out
