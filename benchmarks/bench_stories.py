"""Grouping articles into stories.

    python -m benchmarks.bench_stories [--shared ../shared] [--span-days N] [--only SET]

Every grouping here is the one `analyze`, `cluster` and `brief` use (stories/cluster.py
`group_rows`: day by day, oldest first, stories open for `--span-days`).
1. neus-allsides: 1,479 article snippets from 145 outlets in 505 AllSides stories. B-cubed
   precision, recall and F1 of our stories against AllSides'. Articles carry no dates of
   their own, only their story's: measured with that date on each article and with no
   dates at all. With the DATABASE PATH: the articles are stored into a temporary SQLite
   database (`batch.run`, as `sitroom ingest` does: the spaCy analysis is skipped, since
   grouping reads only the stored title, text and date), grouped by
   `stories/stored.update_stories` as `analyze` groups them, and the stories read back from
   the database; once in one run and once day by day (one run per publication date, in
   date order), which must give the same stories.
2. semeval22-t8-sample, English–English pairs of training and testing files: "same story"
   accuracy of cosine ≥ threshold against the gold Overall score (1–4 scale, 1 = very
   similar): ≤ 2 counts as same, ≥ 3 as different, pairs in between are left out.
3. allsides-intl: our stories next to the silver (topic, date) groups, B-cubed against them
   (a story that follows a development over days costs "precision" against them).
4. Scale: grouping a synthetic scale-up of allsides-intl (N articles, dates spread over a
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
from sitroom.stories.cluster import SPAN_DAYS

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


def neus_records(shared: Path) -> tuple[list[dict[str, str | None]], dict[str, str]]:
    """The neus-allsides articles as input records (id, title, text, source, url, date)
    and their gold story."""
    path = shared / "corpus/neus-allsides/headline_11_2021-10-19_crawled_all.jsonl"
    records, gold = [], {}
    for line in path.read_text("utf-8").splitlines():
        story = json.loads(line)
        for side, news in (story.get("news") or {}).items():
            article = f"{story['id']}-{side}"
            records.append({"id": article, "title": news.get("newsTitle"),
                            "text": " ".join(news.get("newBody") or []),
                            "source": news.get("newsSource"), "url": news.get("newsLink"),
                            "published": (story.get("date") or "")[:10] or None})
            gold[article] = str(story["id"])
    return records, gold


def neus_rows(shared: Path) -> tuple[list, dict[str, str]]:  # type: ignore[type-arg]
    records, gold = neus_records(shared)
    return [(r["id"], r["title"], r["text"], r["published"]) for r in records], gold


_VECTORS: dict[tuple[str, bool], list] = {}  # type: ignore[type-arg]


def vectors_of(name: str, rows: list, embed: bool) -> list:  # type: ignore[type-arg]
    """Vectorised rows, embedded once per process however often they are clustered."""
    if (name, embed) not in _VECTORS:
        _VECTORS[(name, embed)] = vectorise(rows, embed=embed)
    return _VECTORS[(name, embed)]


def grouped(rows: list, span_days: int = SPAN_DAYS,  # type: ignore[type-arg]
            embed: bool = False, **cuts: float) -> dict[str, str]:
    """Article → story, grouped in memory as a database groups them (`cuts`: `later`,
    `lone` join similarities other than the defaults)."""
    from sitroom.stories import DocumentFrequencies
    from sitroom.stories.cluster import clusterer_for, group_rows

    stories, _ = group_rows(rows, clusterer_for(span_days, embed, **cuts),
                            DocumentFrequencies(), embed)
    return {m: s.id for s in stories for m in s.members}


def evaluate_neus(shared: Path, dated: bool = True, embed: bool = False,
                  span_days: int = SPAN_DAYS) -> dict[str, float]:
    rows, gold = neus_rows(shared)
    if not dated:
        rows = [(i, title, text, None) for i, title, text, _ in rows]
    predicted = grouped(rows, span_days, embed)
    scores = bcubed(gold, predicted)
    scores.update(articles=len(rows), gold_stories=len(set(gold.values())),
                  stories=len(set(predicted.values())))
    return scores


def stored_stories(records: list[dict[str, str | None]], span_days: int = SPAN_DAYS,
                   by_day: bool = False) -> dict[str, str]:
    """Article → story as a database holds them: `records` stored into a temporary SQLite
    database (in one run, or one run per day in date order), stories grouped by
    `update_stories` after each run, then read back."""
    import tempfile

    from sitroom.batch import run
    from sitroom.ingest import IngestOptions
    from sitroom.store import Store
    from sitroom.stories.stored import update_stories

    runs: dict[str | None, list[dict[str, str | None]]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r["published"] or "", r["id"] or "")):
        runs[record["published"] if by_day else None].append(record)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "stories.db"))
        try:
            for number, batch in enumerate(runs.values()):
                path = Path(folder) / f"run-{number}.jsonl"
                path.write_text("".join(json.dumps(r) + "\n" for r in batch), "utf-8")
                run(store, [str(path)], IngestOptions(), analyse=False)
                update_stories(store, span_days=span_days)
            return {article: row["id"] for row in store.stories(limit=None)
                    for article in row["articles"]}
        finally:
            store.close()


def evaluate_neus_stored(shared: Path, span_days: int = SPAN_DAYS,
                         by_day: bool = False) -> dict[str, float]:
    """neus-allsides with each story's date, through the database path."""
    records, gold = neus_records(shared)
    predicted = stored_stories(records, span_days, by_day)
    scores = bcubed({k: v for k, v in gold.items() if k in predicted}, predicted)
    scores.update(articles=len(records), stored=len(predicted),
                  gold_stories=len(set(gold.values())), stories=len(set(predicted.values())),
                  same_as_memory=float(_partition(predicted) == _partition(
                      grouped([(r["id"], r["title"], r["text"], r["published"])
                               for r in records if r["id"] in predicted], span_days))))
    return scores


def _partition(assigned: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item, group in assigned.items():
        groups[group].add(item)
    return {frozenset(g) for g in groups.values()}


def demo_rows() -> tuple[list, dict[str, str]]:  # type: ignore[type-arg]
    """The bundled demo corpus as rows, and the folder (planted story) of each article."""
    from sitroom.cli import demo_corpus
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    rows, planted = [], {}
    for folder in sorted(p for p in demo_corpus().iterdir() if p.is_dir()):
        for article in read_inputs([str(folder)], IngestOptions()):
            if isinstance(article, Article):
                rows.append((article.id, article.title, article.text, article.published))
                planted[article.id] = folder.name
    return rows, planted


def evaluate_grid(shared: Path) -> list[dict[str, float]]:
    """neus-allsides F1 (story dates) and demo stories over windows and later-day cuts:
    NeuS counts every later-day join as a mistake, the demo needs its follow-ups joined."""
    neus, gold = neus_rows(shared)
    demo, planted = demo_rows()
    results = []
    for span in (1, 4, 5, 7, 10):
        for later in (0.4, 0.5, 0.6, 0.7):
            for lone in (0.10, 0.12, 0.15, 0.20):
                scores = bcubed(gold, grouped(neus, span, later=later, lone=lone))
                stories = set(grouped(demo, span, later=later, lone=lone).values())
                results.append({"span": span, "later": later, "lone": lone,
                                "neus_f1": scores["f1"], "demo_stories": len(stories),
                                "planted": len(set(planted.values()))})
    return results


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


def evaluate_allsides(shared: Path, show: int = 0, embed: bool = False,
                      span_days: int = SPAN_DAYS) -> dict[str, float]:
    rows, silver = allsides_rows(shared)
    predicted = grouped(rows, span_days, embed)
    scores = bcubed({k: v for k, v in silver.items() if k in predicted}, predicted)
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in predicted.items():
        members[story].append(article)
    days = {r[0]: r[3] for r in rows}
    scores.update(articles=len(rows), silver_groups=len(set(silver.values())),
                  stories=len(members),
                  several_days=sum(len({days[m] for m in group}) > 1
                                   for group in members.values()))
    if show:
        titles = {r[0]: r[1] for r in rows}
        for story, group in sorted(members.items(), key=lambda kv: -len(kv[1]))[:show]:
            groups = Counter(silver.get(m) for m in group)
            print(f"story {story} ({len(group)} articles; silver groups {dict(groups)})")
            for member in sorted(group, key=lambda m: (days[m] or "", m))[:6]:
                print(f"    {days[member]}  {member}  {titles.get(member)}")
    return scores


def evaluate_scale(shared: Path, n: int) -> dict[str, float]:
    """Group n synthetic articles: allsides-intl texts with dates spread over a year and
    words shuffled between copies so that copies are near, not identical (document
    frequencies grow article by article here; `group_rows` adds a day's at once)."""
    import random
    import resource

    from sitroom.stories import DocumentFrequencies, Item, cluster, terms
    from sitroom.stories.cluster import clusterer_for

    rows, _ = allsides_rows(shared)
    rng = random.Random(7)
    base = [terms(title, text) for _, title, text, _ in rows]
    started = time.perf_counter()
    df = DocumentFrequencies()
    clusterer = clusterer_for()
    day: list[Item] = []
    for i in range(n):
        counts = base[i % len(base)].copy()
        for feature in rng.sample(list(counts), k=max(1, len(counts) // 5)):
            del counts[feature]  # each copy loses a fifth of its words
        published = f"2024-{1 + (i * 12 // n):02d}-{1 + (i * 336 // n) % 28:02d}"
        if day and day[-1].published != published:  # as `group_rows`: day by day
            cluster(day, clusterer=clusterer)
            day = []
        df.add([counts])
        day.append(Item(f"a{i}", None, published, df.weigh(counts)))
    if day:
        cluster(day, clusterer=clusterer)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": n, "seconds": seconds, "per_second": n / seconds,
            "stories": len(clusterer.stories), "peak_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--threshold", type=float, help="semeval22 cut (default: the "
                        "undated linkage cut)")
    parser.add_argument("--span-days", type=int, default=SPAN_DAYS,
                        help="days a story stays open after its last article")
    parser.add_argument("--show", type=int, default=0, help="print the N largest stories")
    parser.add_argument("--scale", type=int, default=20000, help="synthetic articles")
    parser.add_argument("--only", choices=["neus", "stored", "semeval", "allsides", "scale",
                                           "grid"])
    parser.add_argument("--embed", action="store_true",
                        help="blend in sentence embeddings (needs the [embed] extra)")
    args = parser.parse_args()
    label = " +embed" if args.embed else ""
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    print(f"stories open {args.span_days} days after their last article")
    if args.only in (None, "neus"):
        for dated in (True, False):
            s = evaluate_neus(args.shared, dated, args.embed, args.span_days)
            print(f"neus-allsides{label} ({'story dates' if dated else 'no dates'}) "
                  f"articles={s['articles']} gold stories={s['gold_stories']} "
                  f"ours={s['stories']}  B-cubed P={s['precision']:.3f} "
                  f"R={s['recall']:.3f} F1={s['f1']:.3f}")
    if args.only in (None, "stored") and not args.embed:
        for by_day in (False, True):
            s = evaluate_neus_stored(args.shared, args.span_days, by_day)
            print(f"neus-allsides (story dates) through the database, "
                  f"{'one run per day' if by_day else 'one run'}: stored={s['stored']} of "
                  f"{s['articles']} ours={s['stories']}  B-cubed P={s['precision']:.3f} "
                  f"R={s['recall']:.3f} F1={s['f1']:.3f}  same stories as in memory: "
                  f"{'yes' if s['same_as_memory'] else 'NO'}")
    if args.only in (None, "semeval"):
        s = evaluate_semeval(args.shared, args.threshold, args.embed)
        print(f"semeval22{label} en-en pairs={s['pairs']} (same={s['same']})  "
              f"accuracy={s['accuracy']:.3f}")
    if args.only in (None, "allsides"):
        s = evaluate_allsides(args.shared, args.show, args.embed, args.span_days)
        print(f"allsides-intl{label} articles={s['articles']} silver groups={s['silver_groups']} "
              f"ours={s['stories']} (over several days: {s['several_days']})  "
              f"B-cubed vs silver P={s['precision']:.3f} R={s['recall']:.3f} "
              f"F1={s['f1']:.3f}")
    if args.only == "grid":
        for g in evaluate_grid(args.shared):
            print(f"span={g['span']:>2} later={g['later']:.2f} lone={g['lone']:.2f}  "
                  f"neus F1={g['neus_f1']:.3f}  demo stories={g['demo_stories']} "
                  f"(planted {g['planted']})")
    if args.only in (None, "scale") and not args.embed:
        s = evaluate_scale(args.shared, args.scale)
        print(f"scale articles={s['articles']} stories={s['stories']} "
              f"time={s['seconds']:.1f}s  ({s['per_second']:.0f} articles/s, "
              f"peak memory {s['peak_mb']:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
