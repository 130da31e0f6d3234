"""Event dates on real news, against the project's own hand-made labels.

    python -m benchmarks.bench_dates [--shared ../shared]
    python -m benchmarks.bench_dates --sheet 40 --seed 31 > /tmp/sheet.tsv   # a new sheet

The labels (`benchmarks/labels/allsides_dates.tsv`, see the README beside it) say, for events
sitroom coded in allsides-intl articles, the date a careful reader gives the event from its
sentence and the article's publication date: a day, week, month or year, or `none` when the
sentence does not date the event (the publication date then stands in). An event is right
when `extract` writes that date at that precision (`date`, `date_precision`), or, for `none`,
the publication date with `date_basis` "published". Printed: accuracy over all labelled
events, and by what the label says (a date in the text, none) and by the basis written.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.label_rows import label_rows

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "labels" / "allsides_dates.tsv"
COLUMNS = ("article", "start", "trigger", "date", "precision", "note")
NONE = "none"
# Only to draw a sheet with enough dated sentences; the benchmark never uses it.
DATE_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"tomorrow|week|month|year|ago|january|february|march|april|june|july|august|september|"
    r"october|november|december|jan\.|feb\.|aug\.|sept?\.|oct\.|nov\.|dec\.|(19|20)\d\d)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    trigger: str
    date: str  # YYYY-MM-DD, the first day of the period; "none": the text gives no date
    precision: str  # day, week, month, year; "-" with none
    note: str


def read_labels(path: Path = LABELS) -> list[Label]:
    out = []
    for n, fields in label_rows(path, len(COLUMNS)):
        try:
            label = Label(fields[0], int(fields[1]), fields[2], fields[3], fields[4], fields[5])
            if label.date != NONE:
                date.fromisoformat(label.date)
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: {exc}") from exc
        out.append(label)
    return out


def analyses(shared: Path, ids: set[str] | None = None, sample: int | None = None,
             seed: int = 0):  # type: ignore[no-untyped-def]
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    folder = shared / "corpus/allsides-intl/jsons"
    articles = sorted((a for a in read_inputs([str(folder)], IngestOptions())
                       if isinstance(a, Article) and (ids is None or a.id in ids)),
                      key=lambda a: a.id)
    if sample:
        labelled = {x.article for x in read_labels()} if LABELS.exists() else set()
        articles = random.Random(seed).sample(
            [a for a in articles if a.id not in labelled], sample)
    return list(analyze(articles))


def judge(event, label: Label, published: str | None) -> bool:  # type: ignore[no-untyped-def]
    if label.date == NONE:
        return event.date_basis == "published" and event.date == published
    return (event.date, event.date_precision) == (label.date, label.precision)


def evaluate(shared: Path) -> dict:  # type: ignore[type-arg]
    labels = read_labels()
    by_key = {(x.article, x.start): x for x in labels}
    judged: list[tuple[Label, str | None, bool]] = []
    for analysis in analyses(shared, {x.article for x in labels}):
        seen = set()
        for event in analysis.events:
            key = (analysis.article.id, event.trigger.start)
            label = by_key.get(key)
            if label is None or key in seen:
                continue
            seen.add(key)
            judged.append((label, event.date_basis,
                           judge(event, label, analysis.article.published)))
    out: dict = {"labels": len(labels), "judged": len(judged),  # type: ignore[type-arg]
                 "accuracy": sum(r for _, _, r in judged) / max(len(judged), 1)}
    for name, group in (("label_dated", [j for j in judged if j[0].date != NONE]),
                        ("label_none", [j for j in judged if j[0].date == NONE]),
                        ("basis_text", [j for j in judged if j[1] == "text"]),
                        ("basis_published", [j for j in judged if j[1] == "published"])):
        out[name] = {"n": len(group), "right": sum(r for _, _, r in group)}
    out["wrong"] = [(lab.article, lab.start, lab.trigger, lab.date, lab.precision)
                    for lab, _, r in judged if not r]
    return out


def sheet(shared: Path, articles: int, seed: int, dated: int, undated: int) -> None:
    """A labelling sheet: a seeded sample of articles not labelled before, up to `dated`
    events each whose sentence has a date word and `undated` whose sentence has none, with
    the sentence and the publication date (never the date sitroom gives)."""
    rng = random.Random(seed)
    print("\t".join(COLUMNS[:3] + ("published", "sentence")))
    for analysis in analyses(shared, sample=articles, seed=seed):
        text = analysis.article.text
        pools: dict[bool, list] = {True: [], False: []}  # type: ignore[type-arg]
        for event in {e.trigger.start: e for e in analysis.events}.values():
            sentence = text[event.sentence.start:event.sentence.end]
            pools[bool(DATE_WORDS.search(sentence))].append(event)
        chosen = rng.sample(pools[True], min(dated, len(pools[True]))) + \
            rng.sample(pools[False], min(undated, len(pools[False])))
        published = analysis.article.published or ""
        weekday = date.fromisoformat(published).strftime("%a") if published else ""
        for event in sorted(chosen, key=lambda e: e.trigger.start):
            s, t = event.sentence, event.trigger
            marked = text[s.start:t.start] + "[[" + t.text + "]]" + text[t.end:s.end]
            print("\t".join([analysis.article.id, str(t.start), t.text,
                             f"{published} {weekday}", " ".join(marked.split())]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sheet", type=int, metavar="ARTICLES", help="write a new sheet")
    parser.add_argument("--seed", type=int, default=31)
    parser.add_argument("--dated", type=int, default=3)
    parser.add_argument("--undated", type=int, default=1)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.sheet:
        sheet(args.shared, args.sheet, args.seed, args.dated, args.undated)
        return 0
    figures = evaluate(args.shared)
    print(f"{figures['labels']} labelled events; {figures['judged']} found at their trigger "
          f"today; date right {figures['accuracy']:.3f}")
    for key in ("label_dated", "label_none", "basis_text", "basis_published"):
        row = figures[key]
        print(f"  {key:16s} {row['right']:4d} / {row['n']:4d} right")
    bases = Counter(w[3] == NONE for w in figures["wrong"])
    print(f"wrong: {bases[False]} with a date in the label, {bases[True]} labelled none")
    for row in figures["wrong"]:
        print("  ", *row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
