"""Latency of the map and the time series on a synthetic store of placed events.

    python -m benchmarks.bench_map [--articles 3000] [--events 10] [--places 500]
                                   [--requests 10]

Stores `--articles` two-sentence articles, each with `--events` events spread over the
year, placed at random among `--places` made-up places (city, province or country
precision; one event in eleven without a place), with random confidence and some
fatalities; then requests each map and series call `--requests` times in process (the
FastAPI test client) and prints median and maximum in milliseconds and the answer's size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from sitroom.records import Article, ArticleAnalysis
from sitroom.store import Store

TEXT = "Troops attacked the town on Monday. Officials met envoys there."
CALLS = ("/map", "/map?at=0", "/api/map", "/api/map?evidence=10", "/api/series",
         "/api/series?by=quad", "/map?country=UKR")


def build(store: Store, articles: int, per_article: int, places: int) -> None:
    rng = random.Random(1)
    spots = [{"name": f"P{i}", "span": None,
              "country": rng.choice(["AFG", "UKR", "SDN", "RUS", "IRN"]), "admin1": None,
              "lat": round(rng.uniform(-50, 70), 2), "lon": round(rng.uniform(-170, 170), 2),
              "precision": rng.choice(["city", "city", "admin1", "country"])}
             for i in range(places)]
    for start in range(0, articles, 300):
        batch = [Article(id=f"a{n}", text=f"{TEXT} ({n})", source="Wire",
                         published=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}")
                 for n in range(start, min(start + 300, articles))]
        plans = store.plan(batch, analyse=True)
        store.write(plans, [_analysis(p.article, rng, spots, per_article) for p in plans])


def _analysis(article: Article, rng: random.Random, spots: list[dict[str, Any]],
              per_article: int) -> ArticleAnalysis:
    events = [{"source": "AFG", "target": "TAL", "cameo": "190", "root": "19",
               "plover": "ASSAULT", "goldstein": -10.0, "quad_class": 4,
               "modality": "asserted", "trigger": {"start": 7, "end": 15, "text": "attacked"},
               "sentence": {"start": 0, "end": 35}, "confidence": rng.random(),
               "place": rng.choice([*spots[:10], None]) if rng.random() < 0.1
               else rng.choice(spots), "fatalities": rng.choice([None, None, 1, 5])}
              for _ in range(per_article)]
    return ArticleAnalysis.from_dict({
        "article": article.to_dict(), "actors": [], "events": events, "quotes": [],
        "claims": [], "causal": [], "sentences": [{"start": 0, "end": 35}]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from sitroom.web import create_app

    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "map.db"))
        started = time.perf_counter()
        build(store, args.articles, args.events, args.places)
        print(f"{args.articles * args.events:,} events stored in "
              f"{time.perf_counter() - started:.1f} s")
        client = TestClient(create_app(store))
        for call in CALLS:
            client.get(call)
            times = []
            for _ in range(args.requests):
                began = time.perf_counter()
                answer = client.get(call)
                times.append((time.perf_counter() - began) * 1000)
            print(f"{call}: {answer.status_code}, median {statistics.median(times):.0f} ms, "
                  f"max {max(times):.0f} ms, {len(answer.content):,} bytes")
        store.close()


if __name__ == "__main__":
    main()
