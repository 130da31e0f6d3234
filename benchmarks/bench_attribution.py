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
        cue = spans.get(parts.get("Cue", ""))
        out.append({"content": content[1], "source": source[1] if source else None,
                    "cue": cue[1] if cue else None})
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


def empty_counts() -> dict[str, int]:
    return {"gold": 0, "pred": 0, "match": 0, "exact": 0, "any": 0, "with_source": 0,
            "source_ok": 0}


def quote_tokens(text: str, quotes) -> list[tuple[set[int], object]]:  # noqa: ANN001
    """Each quote's content tokens (all its stretches). PolNeAR marks a split quotation as
    one discontinuous content: its records (one per stretch, each listing every stretch in
    `parts`) count once, by the first; so does a content two records give."""
    out, seen = [], set()
    for quote in quotes:
        if not quote.leads():
            continue
        toks = tokens(text, [(p.start, p.end) for p in quote.parts or (quote.content,)])
        key = frozenset(toks)
        if toks and key not in seen:
            seen.add(key)
            out.append((toks, quote))
    return out


def best_gold(p_tokens: set[int], gold: list, used: set[int]) -> tuple[float, int]:
    """The unused gold attribution whose content overlaps `p_tokens` most (share of the
    longer of the two), and its index."""
    best, best_i = 0.0, -1
    for i, (g_tokens, _source) in enumerate(gold):
        if i in used:
            continue
        overlap = len(p_tokens & g_tokens) / max(len(p_tokens), len(g_tokens))
        if overlap > best:
            best, best_i = overlap, i
    return best, best_i


def speaker_right(quote, source) -> bool:  # noqa: ANN001
    span = quote.speaker.span
    return bool(span and any(span.start < e and s < span.end for s, e in source))


def count_article(text: str, ann: Path, quotes, counts: dict[str, int]) -> None:  # noqa: ANN001
    """Add one article's predicted `quotes` against its gold to `counts`."""
    gold = [(tokens(text, g["content"]), g["source"]) for g in gold_attributions(ann)]
    gold = [g for g in gold if g[0]]
    preds = quote_tokens(text, quotes)
    counts["gold"] += len(gold)
    counts["pred"] += len(preds)
    used: set[int] = set()
    for p_tokens, quote in preds:
        best, best_i = best_gold(p_tokens, gold, used)
        if best > 0:
            counts["any"] += 1
        if best >= 0.8:
            used.add(best_i)
            counts["match"] += 1
            counts["exact"] += gold[best_i][0] == p_tokens
            source = gold[best_i][1]
            if source:
                counts["with_source"] += 1
                counts["source_ok"] += speaker_right(quote, source)


def quote_right(text: str, ann: Path, quote) -> bool:  # type: ignore[no-untyped-def]
    """The confidence label: the quote's content overlaps a gold content by ≥ 0.8 and its
    speaker overlaps that attribution's source (or the gold has none)."""
    mine = tokens(text, [(p.start, p.end) for p in quote.parts or (quote.content,)])
    if not mine:
        return False
    for gold in gold_attributions(ann):
        theirs = tokens(text, gold["content"])
        if theirs and len(mine & theirs) / max(len(mine), len(theirs)) >= 0.8:
            if not gold["source"] or speaker_right(quote, gold["source"]):
                return True
    return False


def reliability_rows(probs: list[float], labels: list[bool],
                     bins: int = 10) -> list[tuple[float, int, float, float]]:
    """(bin start, count, mean confidence, share right) of each non-empty bin."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, p in enumerate(probs) if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if idx:
            rows.append((lo, len(idx), sum(probs[i] for i in idx) / len(idx),
                         sum(labels[i] for i in idx) / len(idx)))
    return rows


def ece(probs: list[float], labels: list[bool]) -> float:
    """Expected calibration error over ten equal-width bins."""
    return sum(n / max(len(probs), 1) * abs(mean - share)
               for _lo, n, mean, share in reliability_rows(probs, labels))


def reliability(probs: list[float], labels: list[bool]) -> float:
    """Print the reliability table; return the expected calibration error."""
    print("  bin        n   mean p  share right")
    for lo, n, mean, share in reliability_rows(probs, labels):
        print(f"  {lo:.1f}-{lo + 0.1:.1f} {n:>6}   {mean:.3f}   {share:.3f}")
    error = ece(probs, labels)
    print(f"  ECE {error:.3f} over {len(probs)} quotes")
    return error


def summary(counts: dict[str, int]) -> dict[str, float]:
    def f1(hits: int) -> float:
        p = hits / max(counts["pred"], 1)
        r = hits / max(counts["gold"], 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    return {
        **counts,
        "precision": counts["match"] / max(counts["pred"], 1),
        "recall": counts["match"] / max(counts["gold"], 1),
        "f1": f1(counts["match"]), "f1_exact": f1(counts["exact"]), "f1_any": f1(counts["any"]),
        "source_match": counts["source_ok"] / max(counts["with_source"], 1),
    }


def evaluate(shared: Path, split: str = "dev", limit: int | None = None) -> dict[str, float]:
    from sitroom.pipeline import analyze
    from sitroom.records import Article

    pairs = articles(shared, split)[:limit]
    texts = [path.read_text(encoding="utf-8") for path, _ in pairs]
    # The raw file is the text every gold offset indexes: analyse it unnormalised.
    analyses = analyze(Article(id=path.stem, text=text) for (path, _), text in zip(pairs, texts,
                                                                                  strict=True))
    counts = empty_counts()
    scored: list[tuple[float, bool]] = []
    for (_path, ann), text, analysis in zip(pairs, texts, analyses, strict=True):
        count_article(text, ann, analysis.quotes, counts)
        scored.extend((q.confidence, quote_right(text, ann, q)) for q in analysis.quotes
                      if q.confidence is not None)
    return {"articles": len(pairs), **summary(counts), "scored": scored,
            "ece": ece([p for p, _ in scored], [y for _, y in scored])}


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


def allsides(shared: Path) -> int:
    """Precision of the hand-checked allsides-intl quotes (benchmarks/allsides_quotes.py,
    labels/allsides_quotes.tsv) at each confidence cut, and their reliability table."""
    from benchmarks.allsides_quotes import report

    report(shared)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--limit", type=int)
    parser.add_argument("--speed", action="store_true",
                        help="time the extractors against spaCy parsing instead")
    parser.add_argument("--speed-articles", type=int, default=150)
    parser.add_argument("--allsides", action="store_true",
                        help="precision of the hand-checked allsides-intl quotes by confidence")
    args = parser.parse_args()
    if args.allsides:
        return allsides(args.shared)
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
    if r["scored"]:
        print("quote confidence against 'content overlap >= 0.8 and the right speaker':")
        reliability([p for p, _ in r["scored"]], [y for _, y in r["scored"]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
