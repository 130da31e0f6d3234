"""HTML → article text quality on the Scrapinghub article-extraction benchmark.

    python -m benchmarks.bench_html_extraction [--corpus ../shared/corpus/aeb-scrapinghub]

Scores sitroom's HTML extraction (`sitroom.ingest.html.extract_html`, the code `ingest` runs)
against the benchmark's ground-truth bodies, with the benchmark's own measure: precision and
recall over 4-token shingles of `\\w+` tokens, normalised per page so long pages do not
weigh more, averaged over pages; F1 from the averaged precision and recall.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/aeb-scrapinghub"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """Per-page (tp, fp, fn) over shingles, scaled to sum to 1."""
    gold, got = shingles(true), shingles(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall), "pages": len(counts)}


def evaluate(corpus: Path) -> dict[str, float]:
    from sitroom.ingest.html import extract_html

    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    counts = []
    for page_id, gold in sorted(truth.items()):
        html = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        page = extract_html(html, gold.get("url"))
        counts.append(page_counts(gold.get("articleBody", ""), (page or {}).get("text") or ""))
    return score(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not (args.corpus / "ground-truth.json").exists():
        print(f"{args.corpus}: benchmark data not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = evaluate(args.corpus)
    elapsed = time.perf_counter() - started
    print(f"aeb-scrapinghub  pages={result['pages']}  precision={result['precision']:.3f}  "
          f"recall={result['recall']:.3f}  F1={result['f1']:.3f}  ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
