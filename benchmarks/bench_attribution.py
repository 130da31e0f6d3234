"""Quote and attribution extraction against PolNeAR's gold attribution relations.

    python -m benchmarks.bench_attribution [--split dev] [--limit N]
    python -m benchmarks.bench_attribution --speed [--speed-articles 150]

For each article of the split (the first annotator's file where there are several), gold
attributions are its Content spans with their Source spans. A predicted quote matches a gold
one when their content tokens overlap by at least 0.8 of the longer (also reported: exact
token match and any overlap). Source match: for matched pairs, the predicted speaker span
overlaps the gold Source span (pairs whose gold has no Source are left out of that share).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_TOKEN = re.compile(r"\w+")


def _spans(offsets: str) -> list[tuple[int, int]]:
    return [tuple(int(x) for x in part.split()) for part in offsets.split(";")]  # type: ignore[misc]


def gold_attributions(ann: Path) -> list[dict]:
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, rest, _surface = (line.split("\t") + ["", ""])[:3]
            if " " not in rest:
                continue  # a malformed line in the annotations: no offsets to read
            label, offsets = rest.split(" ", 1)
            spans[tid] = (label, _spans(offsets))
        elif line.startswith("E"):
            parts = dict(p.split(":") for p in line.split("\t")[1].split())
            relations.append(parts)
    out = []
    for parts in relations:
        content = spans.get(parts.get("Content", ""))
        if content is None:
            continue
        source = spans.get(parts.get("Source", ""))
        out.append({"content": content[1], "source": source[1] if source else None})
    return out


def tokens(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Token start offsets covered by the spans."""
    out = set()
    for start, end in spans:
        for match in _TOKEN.finditer(text, start, end):
            out.add(match.start())
    return out


def articles(shared: Path, split: str) -> list[tuple[Path, Path]]:
    folder = shared / "corpus/polnear" / split
    pairs = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        pairs.setdefault(stem, ann)  # first annotator only
    return [(folder / "text" / f"{stem}.txt", ann) for stem, ann in sorted(pairs.items())]


def evaluate(shared: Path, split: str = "dev", limit: int | None = None) -> dict[str, float]:
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    pairs = articles(shared, split)[:limit]
    texts = [path.read_text(encoding="utf-8") for path, _ in pairs]
    # The raw file is the text every gold offset indexes: analyse it unnormalised.
    analyses = analyze(Article(id=path.stem, text=text) for (path, _), text in zip(pairs, texts,
                                                                                  strict=True))
    counts = {"gold": 0, "pred": 0, "match": 0, "exact": 0, "any": 0, "with_source": 0,
              "source_ok": 0}
    for (_path, ann), text, analysis in zip(pairs, texts, analyses, strict=True):
        gold = [(tokens(text, g["content"]), g["source"]) for g in gold_attributions(ann)]
        gold = [g for g in gold if g[0]]
        # PolNeAR marks a split quotation as one discontinuous content: its records (one per
        # stretch, each listing every stretch in `parts`) count once, by the first
        preds = [(tokens(text, [(p.start, p.end) for p in q.parts or (q.content,)]), q)
                 for q in analysis.quotes if q.leads()]
        preds = [p for p in preds if p[0]]
        counts["gold"] += len(gold)
        counts["pred"] += len(preds)
        used: set[int] = set()
        for p_tokens, quote in preds:
            best, best_i = 0.0, -1
            for i, (g_tokens, _source) in enumerate(gold):
                if i in used:
                    continue
                overlap = len(p_tokens & g_tokens) / max(len(p_tokens), len(g_tokens))
                if overlap > best:
                    best, best_i = overlap, i
            if best > 0:
                counts["any"] += 1
            if best >= 0.8:
                used.add(best_i)
                counts["match"] += 1
                counts["exact"] += gold[best_i][0] == p_tokens
                source = gold[best_i][1]
                if source:
                    counts["with_source"] += 1
                    span = quote.speaker.span
                    if span and any(span.start < e and s < span.end for s, e in source):
                        counts["source_ok"] += 1

    def f1(hits: int) -> float:
        p = hits / max(counts["pred"], 1)
        r = hits / max(counts["gold"], 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        "articles": len(pairs), **counts,
        "precision": counts["match"] / max(counts["pred"], 1),
        "recall": counts["match"] / max(counts["gold"], 1),
        "f1": f1(counts["match"]), "f1_exact": f1(counts["exact"]), "f1_any": f1(counts["any"]),
        "source_match": counts["source_ok"] / max(counts["with_source"], 1),
    }


def evaluate_speed(shared: Path, limit: int = 150) -> dict[str, float]:
    """Time of the three extractors (quotes; claims with hedges and vagueness; causal links)
    over the spaCy parse time of the first `limit` allsides-intl articles."""
    from benchmarks import parsed_allsides
    from sitroom import pipeline
    from sitroom.nlp import load_nlp
    from sitroom.records import ArticleAnalysis

    nlp = load_nlp()
    nlp("warm up the pipeline")
    articles, docs, parse = parsed_allsides(shared, nlp, limit)
    ready = []
    for article, doc in zip(articles, docs, strict=True):
        analysis = ArticleAnalysis(article)
        for stage in (pipeline.sentences, pipeline.actors):
            analysis = stage(analysis, doc)
        ready.append(analysis)
    pipeline.claims(pipeline.quotes(ready[0], docs[0]), docs[0])  # load the models
    started = time.perf_counter()
    for analysis, doc in zip(ready, docs, strict=True):
        pipeline.claims(pipeline.quotes(analysis, doc), doc)
    extract = time.perf_counter() - started
    return {"articles": len(articles), "parse_s": parse, "extract_s": extract,
            "overhead": extract / parse}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--speed", action="store_true",
                        help="time the extractors against spaCy parsing instead")
    parser.add_argument("--speed-articles", type=int, default=150)
    args = parser.parse_args()
    if not (args.shared / "corpus/polnear").exists():
        print(f"{args.shared}/corpus/polnear: not found", file=sys.stderr)
        return 2
    if args.speed:
        r = evaluate_speed(args.shared, args.speed_articles)
        print(f"allsides-intl articles={r['articles']}  parse {r['parse_s']:.1f} s  quotes + "
              f"claims + causal {r['extract_s']:.2f} s  = {100 * r['overhead']:.1f}% of parse time")
        return 0
    started = time.perf_counter()
    r = evaluate(args.shared, args.split, args.limit)
    print(f"polnear {args.split} articles={r['articles']} gold={r['gold']} predicted={r['pred']}  "
          f"content P={r['precision']:.3f} R={r['recall']:.3f} F1(0.8)={r['f1']:.3f}  "
          f"F1(exact)={r['f1_exact']:.3f} F1(any)={r['f1_any']:.3f}  "
          f"source match={r['source_match']:.3f}  ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
