"""Page furniture: how much is found, and how many events came from it before and after.

    python -m benchmarks.bench_furniture [--shared ../shared] [--limit N] [--show K]

1. Furniture lines found per kind in allsides-intl (the text sitroom reads from the JSON) and
   in the English pages of newspaper4k-pages (read as sitroom reads HTML), with `--show`
   examples of each kind to read.
2. Events on the first `--limit` allsides-intl articles parsed twice — the raw text (as
   before this filter) and the text with furniture blanked (as `analyze` does now): events
   whose trigger lies in a furniture line, and, as a check that does not rely on the
   detector, events whose sentence holds one of the marker strings a reader would call page
   furniture (MARKERS: the shapes the issue names).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MARKERS = ("Hide Caption", "JUST WATCHED", "Replay More Videos", "Story highlights",
           "Advertisement", "contributed to this report", "Sign up for", "Click here",
           "Photos:", "Enlarge this image", "Story Continued Below", "MUST WATCH")


def read(shared: Path, which: str) -> list:  # type: ignore[type-arg]
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    path = shared / "corpus" / ("allsides-intl/jsons" if which == "allsides"
                                else "newspaper4k-pages/html")
    return [a for a in read_inputs([str(path)], IngestOptions()) if isinstance(a, Article)]


def found(articles: list, show: int) -> Counter:  # type: ignore[type-arg]
    from sitroom.furniture import find_furniture

    kinds: Counter = Counter()  # type: ignore[type-arg]
    examples = defaultdict(list)
    for article in articles:
        for item in find_furniture(article.text):
            kinds[item.kind] += 1
            examples[item.kind].append(" ".join(item.span.text.split())[:90])
    rng = random.Random(1)
    for kind, lines in sorted(examples.items()):
        for line in rng.sample(lines, min(show, len(lines))):
            print(f"    {kind:10s} {line}")
    return kinds


def events_from_furniture(articles: list) -> dict[str, tuple[int, int, int]]:  # type: ignore[type-arg]
    from sitroom.furniture import find_furniture, inside, parse_text
    from sitroom.nlp import load_nlp
    from sitroom.pipeline import analyze_doc

    nlp = load_nlp()
    out = {}
    for name, prepare in (("raw text (before)", lambda t: t), ("furniture blanked (now)",
                                                                parse_text)):
        total = in_furniture = with_marker = 0
        for article, doc in zip(articles, nlp.pipe(prepare(a.text) for a in articles),
                                strict=True):
            analysis = analyze_doc(article, doc)
            furniture = find_furniture(article.text)
            for event in analysis.events:
                total += 1
                in_furniture += inside(furniture, event.trigger.start)
                sentence = article.text[event.sentence.start:event.sentence.end]
                with_marker += any(m in sentence for m in MARKERS)
        out[name] = (total, in_furniture, with_marker)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--show", type=int, default=3)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    allsides = read(args.shared, "allsides")
    pages = read(args.shared, "newspaper4k")
    for name, articles in (("allsides-intl", allsides), ("newspaper4k-pages (English)", pages)):
        print(f"{name}: {len(articles)} articles")
        kinds = found(articles, args.show)
        listed = ", ".join(f"{k} {v}" for k, v in kinds.most_common())
        print(f"  furniture lines: {sum(kinds.values())} ({listed}); "
              f"articles with some: {sum(1 for a in articles if _has(a))}")
    print(f"events in the first {args.limit} allsides-intl articles:")
    for name, (total, in_furniture, with_marker) in events_from_furniture(
            allsides[:args.limit]).items():
        print(f"  {name}: {total} events, {in_furniture} ({in_furniture / max(total, 1):.1%}) "
              f"in furniture lines, {with_marker} ({with_marker / max(total, 1):.1%}) in a "
              "sentence with a furniture marker")
    return 0


def _has(article) -> bool:  # type: ignore[no-untyped-def]
    from sitroom.furniture import find_furniture

    return bool(find_furniture(article.text))


if __name__ == "__main__":
    raise SystemExit(main())
