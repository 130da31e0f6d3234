"""Grouping articles into stories.

    python -m benchmarks.bench_stories [--shared ../shared] [--threshold T]

1. neus-allsides: 1,479 article snippets from 145 outlets in 505 AllSides stories. B-cubed
   precision, recall and F1 of our stories against AllSides'. Articles carry no dates of
   their own, only their story's: measured twice, with that date on each article (the time
   window then never splits a story, which flatters the figure) and with no dates at all.
2. semeval22-t8-sample, English–English pairs of training and testing files: "same story"
   accuracy of cosine ≥ threshold against the gold Overall score (1–4 scale, 1 = very
   similar): ≤ 2 counts as same, ≥ 3 as different, pairs in between are left out.
3. allsides-intl: our stories next to the silver (topic, date) groups, B-cubed against them.
4. Scale: clustering a synthetic scale-up of allsides-intl (N articles, dates spread over a
   year) — articles per second.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from sitroom.stories import vectorise

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 of a clustering (item → cluster) against gold."""
    gold_members: dict[str, set[str]] = defaultdict(set)
    pred_members: dict[str, set[str]] = defaultdict(set)
    for item, cluster in gold.items():
        gold_members[cluster].add(item)
    for item, cluster in predicted.items():
        pred_members[cluster].add(item)
    precision = recall = 0.0
    for item in gold:
        mine = pred_members[predicted[item]]
        theirs = gold_members[gold[item]]
        overlap = len(mine & theirs)
        precision += overlap / len(mine)
        recall += overlap / len(theirs)
    precision /= len(gold)
    recall /= len(gold)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall)}


def neus_rows(shared: Path) -> tuple[list, dict[str, str]]:  # type: ignore[type-arg]
    path = shared / "corpus/neus-allsides/headline_11_2021-10-19_crawled_all.jsonl"
    rows, gold = [], {}
    for line in path.read_text("utf-8").splitlines():
        story = json.loads(line)
        for side, news in (story.get("news") or {}).items():
            article = f"{story['id']}-{side}"
            rows.append((article, news.get("newsTitle"), " ".join(news.get("newBody") or []),
                         (story.get("date") or "")[:10] or None))
            gold[article] = str(story["id"])
    return rows, gold


_VECTORS: dict[tuple[str, bool], list] = {}  # type: ignore[type-arg]


def vectors_of(name: str, rows: list, embed: bool) -> list:  # type: ignore[type-arg]
    """Vectorised rows, embedded once per process however often they are clustered."""
    if (name, embed) not in _VECTORS:
        _VECTORS[(name, embed)] = vectorise(rows, embed=embed)
    return _VECTORS[(name, embed)]


def evaluate_neus(shared: Path, threshold: float | None = None,
                  dated: bool = True, embed: bool = False) -> dict[str, float]:
    from sitroom.stories import Item, cluster

    rows, gold = neus_rows(shared)
    items = vectors_of("neus", rows, embed)
    if not dated:
        items = [Item(i.id, i.title, None, i.vector) for i in items]
    stories = cluster(items, threshold, embedded=embed)
    predicted = {m: s.id for s in stories for m in s.members}
    scores = bcubed(gold, predicted)
    scores.update(articles=len(rows), gold_stories=len(set(gold.values())),
                  stories=len(stories))
    return scores


def evaluate_semeval(shared: Path, threshold: float | None = None,
                     embed: bool = False) -> dict[str, float]:
    from sitroom.stories.cluster import UNDATED_THRESHOLD
    from sitroom.stories.embed import EMBED_UNDATED_THRESHOLD
    from sitroom.stories.vectors import cosine

    # the pairs carry no dates
    threshold = threshold or (EMBED_UNDATED_THRESHOLD if embed else UNDATED_THRESHOLD)
    csv.field_size_limit(10_000_000)
    pairs = []
    for name in ("training_set.csv", "testing_set.csv"):
        with (shared / "corpus/semeval22-t8-sample" / name).open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["lang1"] == row["lang2"] == "en" and row["pair_id"].replace(
                        "_", "").isdigit():
                    overall = float(row["Overall"])
                    if overall <= 2 or overall >= 3:
                        pairs.append((row["text1"], row["text2"], overall <= 2))
    rows = [(f"{i}-{side}", None, text, None) for i, pair in enumerate(pairs)
            for side, text in (("a", pair[0]), ("b", pair[1]))]
    vectors = {item.id: item.vector for item in vectors_of("semeval", rows, embed)}
    right = sum((cosine(vectors[f"{i}-a"], vectors[f"{i}-b"]) >= threshold) == same
                for i, (_, _, same) in enumerate(pairs))
    same = sum(p[2] for p in pairs)
    return {"pairs": len(pairs), "same": same, "accuracy": right / len(pairs)}


def allsides_rows(shared: Path) -> tuple[list, dict[str, str]]:  # type: ignore[type-arg]
    folder = shared / "corpus/allsides-intl"
    silver = {}
    for line in (folder / "manifest.tsv").read_text("utf-8").splitlines()[1:]:
        parts = line.split("\t")
        silver[parts[0]] = parts[1]
    rows = []
    for path in sorted((folder / "jsons").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        rows.append((data["ID"], data.get("title"), data.get("content_original") or "",
                     data.get("date") or None))
    return rows, silver


def evaluate_allsides(shared: Path, threshold: float | None = None,
                      show: int = 0, embed: bool = False) -> dict[str, float]:
    from sitroom.stories import cluster

    rows, silver = allsides_rows(shared)
    stories = cluster(vectors_of("allsides", rows, embed), threshold, embedded=embed)
    predicted = {m: s.id for s in stories for m in s.members}
    scores = bcubed({k: v for k, v in silver.items() if k in predicted}, predicted)
    scores.update(articles=len(rows), silver_groups=len(set(silver.values())),
                  stories=len(stories))
    if show:
        titles = {r[0]: r[1] for r in rows}
        for story in sorted(stories, key=lambda s: -len(s.members))[:show]:
            groups = Counter(silver.get(m) for m in story.members)
            print(f"story {story.id} ({len(story.members)} articles; silver groups "
                  f"{dict(groups)})")
            for member in story.members[:6]:
                print(f"    {member}  {titles.get(member)}")
    return scores


def evaluate_scale(shared: Path, n: int) -> dict[str, float]:
    """Cluster n synthetic articles: allsides-intl texts with dates spread over a year and
    words shuffled between copies so that copies are near, not identical."""
    import random
    import resource

    from sitroom.stories import DocumentFrequencies, Item, cluster, terms
    from sitroom.stories.cluster import Clusterer

    rows, _ = allsides_rows(shared)
    rng = random.Random(7)
    base = [terms(title, text) for _, title, text, _ in rows]
    started = time.perf_counter()
    df = DocumentFrequencies()
    clusterer = Clusterer()
    batch: list[Item] = []
    for i in range(n):
        counts = base[i % len(base)].copy()
        for feature in rng.sample(list(counts), k=max(1, len(counts) // 5)):
            del counts[feature]  # each copy loses a fifth of its words
        day = f"2024-{1 + (i * 12 // n):02d}-{1 + (i * 336 // n) % 28:02d}"
        df.add([counts])
        batch.append(Item(f"a{i}", None, day, df.weigh(counts)))
        if len(batch) == 5000:  # as `analyze` stores them: batch after batch
            cluster(batch, clusterer=clusterer)
            batch = []
    if batch:
        cluster(batch, clusterer=clusterer)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "seconds": seconds, "per_second": n / seconds,
            "stories": len(clusterer.stories), "peak_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--threshold", type=float)
    parser.add_argument("--show", type=int, default=0, help="print the N largest stories")
    parser.add_argument("--scale", type=int, default=20000, help="synthetic articles")
    parser.add_argument("--only", choices=["neus", "semeval", "allsides", "scale"])
    parser.add_argument("--embed", action="store_true",
                        help="blend in sentence embeddings (needs the [embed] extra)")
    args = parser.parse_args()
    label = " +embed" if args.embed else ""
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.only in (None, "neus"):
        for dated in (True, False):
            s = evaluate_neus(args.shared, args.threshold, dated, args.embed)
            print(f"neus-allsides{label} ({'story dates' if dated else 'no dates'}) "
                  f"articles={s['articles']} gold stories={s['gold_stories']} "
                  f"ours={s['stories']}  B-cubed P={s['precision']:.3f} "
                  f"R={s['recall']:.3f} F1={s['f1']:.3f}")
    if args.only in (None, "semeval"):
        s = evaluate_semeval(args.shared, args.threshold, args.embed)
        print(f"semeval22{label} en-en pairs={s['pairs']} (same={s['same']})  "
              f"accuracy={s['accuracy']:.3f}")
    if args.only in (None, "allsides"):
        s = evaluate_allsides(args.shared, args.threshold, args.show, args.embed)
        print(f"allsides-intl{label} articles={s['articles']} silver groups={s['silver_groups']} "
              f"ours={s['stories']}  B-cubed vs silver P={s['precision']:.3f} "
              f"R={s['recall']:.3f} F1={s['f1']:.3f}")
    if args.only in (None, "scale") and not args.embed:
        s = evaluate_scale(args.shared, args.scale)
        print(f"scale articles={s['articles']} stories={s['stories']} "
              f"time={s['seconds']:.1f}s  ({s['per_second']:.0f} articles/s, "
              f"peak memory {s['peak_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
