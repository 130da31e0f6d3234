"""CPU time of the whole per-article analysis against a bare spaCy parse, side by side.

    python -m benchmarks.bench_speed [--shared ../shared] [--articles 100] [--rounds 2]

On the first N allsides-intl articles, in one process and one run: (a) `nlp.pipe` over the
texts, nothing else; (b) `pipeline.analyze` (furniture, parse, every stage, the learned event
models) as `sitroom extract` runs it, without the JSON writing. Each is timed in CPU seconds
(`time.process_time`), alternating a then b for `--rounds` rounds after one warm-up of each;
the ratio of the sums is printed with the per-round figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.nlp import load_nlp
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    folder = args.shared / "corpus/allsides-intl/jsons"
    articles = [a for a in read_inputs([str(folder)], IngestOptions())
                if isinstance(a, Article)][:args.articles]
    texts = [a.text for a in articles]
    nlp = load_nlp()

    def bare() -> float:
        started = time.process_time()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        return time.process_time() - started

    def full() -> float:
        started = time.process_time()
        for _ in analyze(articles, nlp):
            pass
        return time.process_time() - started

    bare(), full()  # warm-up: models and tables loaded, caches filled
    parse, whole = [], []
    for _ in range(args.rounds):
        parse.append(bare())
        whole.append(full())
    print(f"{len(articles)} allsides-intl articles, {sum(map(len, texts)):,} characters")
    for i, (p, w) in enumerate(zip(parse, whole, strict=True), 1):
        print(f"  round {i}: bare parse {p:.1f} s CPU, whole analysis {w:.1f} s CPU "
              f"({w / p:.2f}×)")
    print(f"whole analysis / bare parse: {sum(whole) / sum(parse):.2f}× CPU time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
