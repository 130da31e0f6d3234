"""Fatalities of killing events on real news, against the project's own hand-made labels.

    python -m benchmarks.bench_fatalities [--shared ../shared] [--show]
    python -m benchmarks.bench_fatalities --sheet 30 --seed 51 > /tmp/sheet.tsv   # a new sheet

The labels (`benchmarks/labels/allsides_fatalities.tsv`, see the README beside it) say, for
killing events sitroom coded in allsides-intl articles, how many people the text says were
killed in that event: a number, `none` when the text gives no number for it, or `-` when the
event is not a killing after all (left out of the figures). The benchmark runs today's
pipeline on the labelled articles and judges the first event at each labelled trigger: its
`fatalities` equal to the number, or None for `none`. Figures per sheet and for tuning and
held-out sheets apart.

A killing event, for drawing a sheet: an event of CAMEO root 18 (assault), 19 (fight) or 20
(mass violence) whose sentence has a word of killing (KILL_WORDS).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.bench_places import (
    DEFAULT_SHARED,
    ROOT,
    Figures,
    analyses,
    first_events,
    marked_sentence,
    ratio,
    report,
    sample_ids,
    sheet_marks,
    sheet_of,
)
from benchmarks.label_rows import label_rows

if TYPE_CHECKING:
    from sitroom.records import ArticleAnalysis, Event

LABELS = ROOT / "benchmarks" / "labels" / "allsides_fatalities.tsv"
COLUMNS = ("article", "start", "trigger", "killed", "note")
NONE = "none"
NOT_KILLING = "-"
KILLING_ROOTS = frozenset({"18", "19", "20"})
KILL_WORDS = re.compile(
    r"\b(kill\w*|dead|deaths?|died|dies?|dying|shot|shooting|bomb\w*|massacre\w*|slain|"
    r"slaughter\w*|execut\w*|behead\w*|toll|casualt\w*|lives|murder\w*|assassinat\w*|"
    r"suicide)\b", re.IGNORECASE)
# Only to draw a sheet richer in stated counts (`--numbered`); the benchmark never uses it.
NUMBER_WORDS = re.compile(
    r"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|hundred|dozen)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    trigger: str
    killed: int | None  # None: the text gives no number for this event
    excluded: bool  # "-": not a killing after all
    note: str
    sheet: int = 0
    held_out: bool = False


def read_labels(path: Path = LABELS) -> list[Label]:
    marks = sheet_marks(path)
    out = []
    for n, f in label_rows(path, len(COLUMNS)):
        try:
            killed = None if f[3] in (NONE, NOT_KILLING) else int(f[3])
            if killed is not None and killed < 0:
                raise ValueError(f"a negative count {killed}")
            out.append(Label(f[0], int(f[1]), f[2], killed, f[3] == NOT_KILLING, f[4],
                             *sheet_of(marks, n)))
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: {exc}") from exc
    return out


def is_killing(analysis: ArticleAnalysis, event: Event) -> bool:
    sentence = analysis.article.text[event.sentence.start:event.sentence.end]
    return event.root in KILLING_ROOTS and bool(KILL_WORDS.search(sentence))


def sheet(shared: Path, articles: int, seed: int, per_article: int,
          numbered: bool = False) -> None:
    """A labelling sheet: a seeded sample of articles not labelled before that have a word of
    killing, up to `per_article` killing events of each (with `numbered`, only those whose
    sentence has a number word), with the sentence marked — never the count sitroom gives."""
    rng = random.Random(seed)
    taken = {x.article for x in read_labels()} if LABELS.exists() else set()
    ids = sample_ids(shared, articles, seed, taken, lambda text: bool(KILL_WORDS.search(text)))
    print("\t".join(COLUMNS[:3] + ("sentence",)))
    for analysis in analyses(shared, ids):
        pool = [e for e in first_events(analysis).values() if is_killing(analysis, e)
                and (not numbered or NUMBER_WORDS.search(marked_sentence(analysis, e)))]
        for event in sorted(rng.sample(pool, min(per_article, len(pool))),
                            key=lambda e: e.trigger.start):
            print("\t".join([analysis.article.id, str(event.trigger.start),
                             event.trigger.text or "", marked_sentence(analysis, event)]))


@dataclass
class Tally:
    counted: int = 0  # labels with a number
    exact: int = 0  # ... whose event has that number
    given: int = 0  # ... whose event has a number at all
    nones: int = 0  # none labels
    kept_none: int = 0  # ... whose event has no number
    excluded: int = 0  # not killings

    def add(self, label: Label, event: Event) -> bool:
        """Count one judged event; whether it was right (an excluded one is)."""
        if label.excluded:
            self.excluded += 1
            return True
        if label.killed is None:
            self.nones += 1
            self.kept_none += event.fatalities is None
            return event.fatalities is None
        self.counted += 1
        self.given += event.fatalities is not None
        self.exact += event.fatalities == label.killed
        return event.fatalities == label.killed

    def line(self, name: str) -> str:
        return (f"{name:12s} exact {ratio(self.exact, self.counted)}  "
                f"none kept {ratio(self.kept_none, self.nones)}  "
                f"a number given {ratio(self.given, self.counted)}  "
                f"not killings {self.excluded}")


def evaluate(shared: Path) -> Figures:
    """Today's pipeline judged against every label."""
    labels = read_labels()
    by_key = {(x.article, x.start): x for x in labels}
    out = Figures(len(labels), 0, {}, [])
    for analysis in analyses(shared, {x.article for x in labels}):
        for start, event in first_events(analysis).items():
            label = by_key.get((analysis.article.id, start))
            if label is None:
                continue
            out.judged += 1
            right = True
            for group in (f"sheet {label.sheet}", "held-out" if label.held_out else "tuning",
                          "all"):
                right = out.groups.setdefault(group, Tally()).add(label, event)
            if not right:
                wanted = NONE if label.killed is None else label.killed
                out.misses.append(f"  {label.article} {label.start} {label.trigger!r} "
                                  f"label: {wanted} | given: {event.fatalities}  "
                                  f"{marked_sentence(analysis, event)[:160]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sheet", type=int, metavar="ARTICLES", help="write a new sheet")
    parser.add_argument("--seed", type=int, default=51)
    parser.add_argument("--per-article", type=int, default=4)
    parser.add_argument("--numbered", action="store_true",
                        help="only events whose sentence has a number word")
    parser.add_argument("--show", action="store_true", help="list the misses")
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.sheet:
        sheet(args.shared, args.sheet, args.seed, args.per_article, args.numbered)
        return 0
    report(evaluate(args.shared), args.show, targets="exact >= 0.80")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
