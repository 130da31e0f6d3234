"""Events on real news, against the project's own hand-checked labels.

    python -m benchmarks.bench_allsides_events [--shared ../shared] [--threshold T]
    python -m benchmarks.bench_allsides_events --sheet N > /tmp/sheet.tsv   # a new sheet

The labels (`benchmarks/labels/allsides_events.tsv`, see the README beside it) name, for a
sample of events the pipeline coded in allsides-intl articles, what a careful reader says
the event is: the acceptable CAMEO roots, source and target. The text stays in
../shared; a row holds the article id, the trigger's offsets and the judgement. An event is
right when its root, source and target are all acceptable. Printed: precision of all
labelled events and of those shown at each confidence threshold, reversed dyads (source and
target swapped), self-loops and events from page furniture among everything coded in the
labelled articles, and the calibration of `confidence` on the labelled events.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.label_rows import label_rows
from benchmarks.train_events import reliability

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "labels" / "allsides_events.tsv"
COLUMNS = ("article", "start", "end", "trigger", "roots", "source", "target", "note")
NONE = "-"  # no actor expected (a null is right)


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    end: int
    trigger: str
    roots: frozenset[str]  # acceptable roots; "x" alone: not an event at all
    source: frozenset[str]
    target: frozenset[str]
    note: str


def read_labels(path: Path = LABELS) -> list[Label]:
    out = []
    for n, fields in label_rows(path, len(COLUMNS)):
        try:
            out.append(Label(fields[0], int(fields[1]), int(fields[2]), fields[3],
                             frozenset(fields[4].split("|")), frozenset(fields[5].split("|")),
                             frozenset(fields[6].split("|")), fields[7]))
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: {exc}") from exc
    return out


def actor_ok(value: str | None, code: str | None, accepted: frozenset[str]) -> bool:
    if value is None:
        return NONE in accepted
    names = {value, code or "", (code or "")[:3], (code or "")[:6]}
    return bool(names & accepted)


def judge(event, label: Label) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    root_ok = event.root in label.roots
    source_ok = actor_ok(event.source, event.source_code, label.source)
    target_ok = actor_ok(event.target, event.target_code, label.target)
    reversed_ = (event.source is not None and event.target is not None
                 and actor_ok(event.source, event.source_code, label.target)
                 and actor_ok(event.target, event.target_code, label.source)
                 and not (source_ok and target_ok))
    return {"right": root_ok and source_ok and target_ok, "root": root_ok,
            "source": source_ok, "target": target_ok, "reversed": reversed_,
            "not_event": label.roots == {"x"}}


def analyses(shared: Path, ids: set[str] | None = None, limit: int | None = None):  # type: ignore[no-untyped-def]
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    folder = shared / "corpus/allsides-intl/jsons"
    articles = [a for a in read_inputs([str(folder)], IngestOptions())
                if isinstance(a, Article) and (ids is None or a.id in ids)]
    return list(analyze(articles[:limit] if limit else articles))


def sheet(shared: Path, articles: int, per_article: int, seed: int,
          no_speech: bool = False) -> None:
    """A labelling sheet: a seeded sample of articles, up to `per_article` events each, with
    the sentence for the labeller (the sheet is not kept in the repository; the labels are
    written into the labels file without the text)."""
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    folder = shared / "corpus/allsides-intl/jsons"
    labelled = {x.article for x in read_labels()} if LABELS.exists() else set()
    pool = sorted((a for a in read_inputs([str(folder)], IngestOptions())
                   if isinstance(a, Article) and a.id not in labelled), key=lambda a: a.id)
    rng = random.Random(seed)
    chosen = rng.sample(pool, articles)
    print("\t".join(COLUMNS + ("coded", "sentence")))
    for analysis in analyze(chosen):
        events = [e for e in analysis.events if not (no_speech and e.root == "01")]
        for event in sorted(rng.sample(events, min(per_article, len(events))),
                            key=lambda e: e.trigger.start):
            coded = (f"{event.source}>{event.cameo} {event.name}>{event.target} "
                     f"[{event.modality}] conf={event.confidence}")
            sentence = analysis.article.text[event.sentence.start:event.sentence.end]
            print("\t".join([analysis.article.id, str(event.trigger.start),
                             str(event.trigger.end), event.trigger.text, event.root,
                             event.source or NONE, event.target or NONE, "", coded,
                             " ".join(sentence.split())]))


def evaluate(shared: Path, thresholds: list[float]) -> dict:  # type: ignore[type-arg]
    from sitroom.furniture import inside

    labels = read_labels()
    by_key = {(x.article, x.start): x for x in labels}
    results = analyses(shared, {x.article for x in labels})
    judged, coded, loops, furniture, reversed_all = [], 0, 0, 0, 0
    for analysis in results:
        for event in analysis.events:
            coded += 1
            loops += event.source is not None and event.source == event.target
            furniture += inside(analysis.furniture, event.trigger.start)
            label = by_key.get((analysis.article.id, event.trigger.start))
            if label is not None:
                verdict = judge(event, label)
                reversed_all += verdict["reversed"]
                judged.append((event.confidence or 0.0, verdict))
    out: dict = {"articles": len(results), "labels": len(labels), "coded": coded,  # type: ignore[type-arg]
                 "judged": len(judged), "self_loops": loops, "furniture": furniture}
    for t in thresholds:
        shown = [v for c, v in judged if c >= t]
        n = max(len(shown), 1)
        out[f"t{t}"] = {"shown": len(shown),
                        "precision": sum(v["right"] for v in shown) / n,
                        "root": sum(v["root"] for v in shown) / n,
                        "source": sum(v["source"] for v in shown) / n,
                        "target": sum(v["target"] for v in shown) / n,
                        "reversed": sum(v["reversed"] for v in shown) / n,
                        "not_event": sum(v["not_event"] for v in shown) / n}
    ece, table = reliability([c for c, _ in judged], [v["right"] for _, v in judged])
    out["ece"], out["reliability"] = ece, table
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sheet", type=int, metavar="ARTICLES", help="write a new sheet")
    parser.add_argument("--per-article", type=int, default=5)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--no-speech", action="store_true",
                        help="leave statements (root 01) out of the sheet")
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.sheet:
        sheet(args.shared, args.sheet, args.per_article, args.seed, args.no_speech)
        return 0
    from sitroom.records import SHOWN_CONFIDENCE

    figures = evaluate(args.shared, sorted({0.0, 0.3, 0.4, 0.5, 0.6, 0.7, SHOWN_CONFIDENCE}))
    print(f"{figures['labels']} labels in {figures['articles']} allsides-intl articles; "
          f"{figures['judged']} of today's {figures['coded']} events there are labelled")
    print(f"self-loops {figures['self_loops']}, events from page furniture "
          f"{figures['furniture']} (of all {figures['coded']} coded)")
    for key, row in figures.items():
        if key.startswith("t"):
            mark = "  ← default" if float(key[1:]) == SHOWN_CONFIDENCE else ""
            print(f"confidence ≥ {key[1:]}: {row['shown']:4d} shown, precision "
                  f"{row['precision']:.3f} (root {row['root']:.3f}, source {row['source']:.3f},"
                  f" target {row['target']:.3f}); reversed {row['reversed']:.3f}, not an event "
                  f"{row['not_event']:.3f}{mark}")
    print(f"calibration on the labelled events: ECE {figures['ece']:.3f}")
    print("(the shipped confidence model learned from these labels, so the figures above are "
          "in-sample; the cross-validated ones are printed by `python -m "
          "benchmarks.train_events`)")
    for row in figures["reliability"]:
        print(f"  {row['bin']}  n={row['n']:4d}  mean {row['mean_confidence']:.3f}  "
              f"right {row['share_right']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
