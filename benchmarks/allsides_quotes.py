"""Quotes on real news, against the project's own hand-checked labels.

    python -m benchmarks.bench_attribution --allsides          # precision by confidence
    python -m benchmarks.allsides_quotes --sheet --first 0 --last 150 --count 125 --seed 41

The labels (`benchmarks/labels/allsides_quotes.tsv`, see the README beside it) judge quote
records that the pipeline found in allsides-intl articles (sorted by id): whether the
speaker is right and whether the content's boundaries are right. A row holds the article id,
the content's offsets, a short key to check them, the speaker judged and the judgement; the
text stays in ../shared. A quote is right when both are right.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.label_rows import label_rows

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "labels" / "allsides_quotes.tsv"
COLUMNS = ("article", "start", "end", "key", "speaker", "speaker_ok", "content_ok", "note")
CUTS = (0.0, 0.5, 0.6, 0.7, 0.8)
HELD_OUT = "[sheet 2]"  # the note's start on rows labelled after the threshold was fixed


@dataclass(frozen=True)
class Label:
    article: str
    start: int
    end: int
    key: str
    speaker: str  # the speaker judged: actor id, else name, else "-"
    speaker_ok: bool
    content_ok: bool
    note: str

    @property
    def right(self) -> bool:
        return self.speaker_ok and self.content_ok


def read_labels(path: Path = LABELS) -> list[Label]:
    out = []
    for n, f in label_rows(path, len(COLUMNS)):
        if f[5] not in ("yes", "no") or f[6] not in ("yes", "no"):
            raise SystemExit(f"{path}:{n}: speaker_ok and content_ok must be yes or no")
        try:
            out.append(Label(f[0], int(f[1]), int(f[2]), f[3], f[4], f[5] == "yes",
                             f[6] == "yes", f[7]))
        except ValueError as exc:
            raise SystemExit(f"{path}:{n}: {exc}") from exc
    return out


def speaker_key(quote) -> str:  # type: ignore[no-untyped-def]
    """The speaker as a label names it: the actor id, else the name, else "-"."""
    return quote.speaker.actor or quote.speaker.name or "-"


def key_of(text: str) -> str:
    """At most six words of the content's start (to check the offsets)."""
    return " ".join(text.split()[:6])


def sorted_articles(shared: Path) -> list:  # type: ignore[type-arg]
    """Every allsides-intl article, sorted by id (the order the allsides benchmarks use)."""
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    folder = shared / "corpus/allsides-intl/jsons"
    return sorted((a for a in read_inputs([str(folder)], IngestOptions())
                   if isinstance(a, Article)), key=lambda a: a.id)


def analysed(shared: Path, first: int, last: int, ids: set[str] | None = None) -> list:  # type: ignore[type-arg]
    """The analyses of articles `first`..`last` (0-based, end exclusive) in id order, or of
    the articles named in `ids`."""
    from sitroom.pipeline import analyze

    articles = sorted_articles(shared)
    chosen = [a for a in articles if a.id in ids] if ids is not None else articles[first:last]
    return list(analyze(chosen))


def sheet(shared: Path, first: int, last: int, count: int, per_article: int, seed: int,
          min_confidence: float = 0.0) -> None:
    """A labelling sheet: `count` quote records drawn at random (seeded) from articles
    `first`..`last`, at most `per_article` of an article, with the paragraph for the
    labeller. The sheet is not kept in the repository; the labels go into LABELS."""
    pool = [(a, q) for a in analysed(shared, first, last) for q in a.quotes
            if (q.confidence or 0.0) >= min_confidence]
    rng = random.Random(seed)
    rng.shuffle(pool)
    taken: dict[str, int] = {}
    rows = []
    for analysis, quote in pool:
        if len(rows) == count or taken.get(analysis.article.id, 0) >= per_article:
            continue
        taken[analysis.article.id] = taken.get(analysis.article.id, 0) + 1
        rows.append((analysis, quote))
    print("\t".join(COLUMNS + ("confidence", "kind", "speaker_text", "cue", "content",
                               "paragraph")))
    for analysis, quote in sorted(rows, key=lambda r: (r[0].article.id, r[1].content.start)):
        text = analysis.article.text
        para_start = text.rfind("\n", 0, quote.content.start) + 1
        para_end = text.find("\n", quote.content.end)
        span = quote.speaker.span
        print("\t".join([
            analysis.article.id, str(quote.content.start), str(quote.content.end),
            key_of(quote.content.text or ""), speaker_key(quote), "", "", "",
            f"{quote.confidence:.3f}", quote.kind, span.text if span else "-",
            quote.cue.text if quote.cue else "-", " ".join((quote.content.text or "").split()),
            " ".join(text[para_start:para_end if para_end >= 0 else len(text)].split())]))


Judged = tuple[float, bool, bool, bool]


def judged(shared: Path, labels: list[Label]) -> tuple[list[Judged], int]:
    """(confidence, right, listed by a brief, speaker known) of each quote found today at a labelled
    content span with the labelled speaker, and the number of labels not met (the span or
    the speaker changed)."""
    from sitroom.stories.brief import listed_quote

    by_key = {(x.article, x.start, x.end): x for x in labels}
    out, met = [], set()
    for analysis in analysed(shared, 0, 0, {x.article for x in labels}):
        names = {a.id: a for a in analysis.actors}
        for quote in analysis.quotes:
            key = (analysis.article.id, quote.content.start, quote.content.end)
            label = by_key.get(key)
            if label is None or label.speaker != speaker_key(quote) or key in met:
                continue
            met.add(key)
            listed = listed_quote(analysis.article.text, names, quote) is not None
            out.append((quote.confidence or 0.0, label.right, listed,
                        quote.speaker.actor in names))
    return out, len(labels) - len(met)


def precision_by_cut(scored: list[Judged], cuts: tuple[float, ...] = CUTS,
                     only: int | None = None) -> list[tuple[float, int, float]]:
    """(cut, quotes at or above it, share right) for each cut; with `only` (2: listed by a
    brief, 3: speaker known), of the quotes with that flag."""
    rows = []
    for cut in cuts:
        kept = [row[1] for row in scored if row[0] >= cut and (only is None or row[only])]
        rows.append((cut, len(kept), sum(kept) / max(len(kept), 1)))
    return rows


def report(shared: Path, path: Path = LABELS) -> dict[str, float]:
    """Print precision at each cut, the shown one marked, and the reliability table;
    return the figures (shown precision, counts) for floors and notes."""
    from benchmarks.bench_attribution import reliability
    from sitroom.records import SHOWN_QUOTE_CONFIDENCE

    labels = read_labels(path)
    scored, unmet = judged(shared, labels)
    print(f"allsides-intl: {len(labels)} labelled quotes in {len({x.article for x in labels})} "
          f"articles; {len(scored)} found today at their offsets with their speaker "
          f"({unmet} labels not met)")
    cuts = tuple(sorted(set(CUTS) | {SHOWN_QUOTE_CONFIDENCE}))
    for title, only in (("every quote", None),
                        ("quotes with a known speaker (the web app article page)", 3),
                        ("quotes a brief lists (known speaker, a statement)", 2)):
        print(f" {title}:")
        for cut, n, precision in precision_by_cut(scored, cuts, only):
            mark = "  <- shown" if cut == SHOWN_QUOTE_CONFIDENCE else ""
            print(f"  confidence >= {cut:.2f}: {n} quotes, precision {precision:.3f}{mark}")
    print(" reliability of confidence over every judged quote:")
    reliability([row[0] for row in scored], [row[1] for row in scored])
    held = [x for x in labels if x.note.startswith(HELD_OUT)]
    held_scored, _ = judged(shared, held) if held else ([], 0)
    for title, rows in (("every sheet", scored), ("held out (sheet 2)", held_scored)):
        shown = [r[1] for r in rows if r[0] >= SHOWN_QUOTE_CONFIDENCE and r[3]]
        listed = [r[1] for r in rows if r[0] >= SHOWN_QUOTE_CONFIDENCE and r[2]]
        print(f" shown (>= {SHOWN_QUOTE_CONFIDENCE}, known speaker), {title}: {len(shown)} "
              f"quotes, precision {sum(shown) / max(len(shown), 1):.3f}; those a brief lists: "
              f"{len(listed)}, precision {sum(listed) / max(len(listed), 1):.3f}")
    shown = [r[1] for r in scored if r[0] >= SHOWN_QUOTE_CONFIDENCE and r[3]]
    listed = [r[1] for r in scored if r[0] >= SHOWN_QUOTE_CONFIDENCE and r[2]]
    return {"labels": len(labels), "judged": len(scored), "shown": len(shown),
            "precision_shown": sum(shown) / max(len(shown), 1), "listed": len(listed),
            "precision_listed": sum(listed) / max(len(listed), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sheet", action="store_true", help="print a labelling sheet")
    parser.add_argument("--first", type=int, default=0, help="first article (0-based, by id)")
    parser.add_argument("--last", type=int, default=150, help="end of the articles (exclusive)")
    parser.add_argument("--count", type=int, default=125)
    parser.add_argument("--per-article", type=int, default=3)
    parser.add_argument("--seed", type=int, default=41)
    parser.add_argument("--min-confidence", type=float, default=0.0,
                        help="draw only quotes at or above this confidence (the shown ones)")
    args = parser.parse_args()
    if args.sheet:
        sheet(args.shared, args.first, args.last, args.count, args.per_article, args.seed,
              args.min_confidence)
        return 0
    report(args.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
