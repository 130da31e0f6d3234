"""CPU time of the whole per-article analysis against a bare spaCy parse, side by side.

    python -m benchmarks.bench_speed [--shared ../shared] [--articles 100] [--rounds 2]

On the first N allsides-intl articles, in one process and one run: (a) `nlp.pipe` over the
analysed texts (furniture blanked, as the pipeline parses them), nothing else; (b)
`pipeline.analyze` (furniture, parse, every stage, the learned event models) as `sitroom
extract` runs it, without the JSON writing. Each is timed in CPU seconds
(`time.process_time`), alternating a then b for `--rounds` rounds after one warm-up of each;
the ratio of the sums is printed with the per-round figures. `benchmarks/bench_scale.py`
reuses these pieces for its fuller report.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

    from sitroom.records import Article

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = "corpus/allsides-intl/jsons"


def load_articles(shared: Path, count: int) -> list[Article]:
    """The first `count` allsides-intl articles, read as `sitroom extract` reads them."""
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    return [a for a in read_inputs([str(shared / CORPUS)], IngestOptions())
            if isinstance(a, Article)][:count]


def analysed_texts(articles: list[Article]) -> list[str]:
    """What the parser reads of each article in `pipeline.analyze`: the analysed length,
    its page furniture blanked."""
    from sitroom.furniture import find_furniture, parse_text
    from sitroom.pipeline import analysed_length

    texts = []
    for article in articles:
        text = article.text[:analysed_length(article.text)]
        texts.append(parse_text(text, find_furniture(text)))
    return texts


def bare_parse(nlp: Language, texts: list[str]) -> tuple[float, float]:
    """CPU and wall seconds of `nlp.pipe` over `texts`, nothing else."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def whole_analysis(nlp: Language, articles: list[Article]) -> tuple[float, float]:
    """CPU and wall seconds of `pipeline.analyze` over `articles` in this process."""
    from sitroom.pipeline import analyze

    cpu, wall = time.process_time(), time.perf_counter()
    for _ in analyze(articles, nlp):
        pass
    return time.process_time() - cpu, time.perf_counter() - wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    articles = load_articles(args.shared, args.articles)
    texts = analysed_texts(articles)
    nlp = load_nlp()
    bare_parse(nlp, texts), whole_analysis(nlp, articles)  # warm-up: models, tables, caches
    parse, whole = [], []
    for _ in range(args.rounds):
        parse.append(bare_parse(nlp, texts)[0])
        whole.append(whole_analysis(nlp, articles)[0])
    print(f"{len(articles)} allsides-intl articles, {sum(map(len, texts)):,} characters")
    for i, (p, w) in enumerate(zip(parse, whole, strict=True), 1):
        print(f"  round {i}: bare parse {p:.1f} s CPU, whole analysis {w:.1f} s CPU "
              f"({w / p:.2f}×)")
    print(f"whole analysis / bare parse: {sum(whole) / sum(parse):.2f}× CPU time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
