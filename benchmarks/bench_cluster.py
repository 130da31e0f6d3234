"""Time and memory of grouping N articles into stories, as `sitroom cluster` groups them.

    python -m benchmarks.bench_cluster [--sizes 10000 30000 100000] [--base 820]

The articles are distinct variants of the allsides-intl articles (benchmarks/scaled.py:
their people, places and dates rewritten, read from ../shared at run time). Each size runs
in a fresh process, which reads the articles, then groups them with `group_articles` (what
`sitroom cluster` does with input files); it prints the articles, stories, CPU and wall
seconds of the grouping, and the process's peak resident memory (the articles themselves
included) next to its memory before grouping. Targets: 100,000 articles in 3 minutes and
under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time


def run(size: int, bases: int | None) -> dict[str, float]:
    """Group `size` articles in this process: the figures."""
    from benchmarks.scaled import scaled_articles
    from sitroom.records import Article
    from sitroom.stories import group_articles

    articles = [Article.from_dict(a) for a in scaled_articles(size, bases)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, wall = time.process_time(), time.perf_counter()
    stories = group_articles(articles)
    return {"articles": len(articles), "stories": len(stories),
            "cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall,
            "rss_before_mb": before,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--base", type=int, default=None,
                        help="allsides-intl articles the variants are made from (default: all)")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run(args.one, args.base)))
        return
    print(f"{'articles':>9} {'stories':>8} {'cpu s':>8} {'wall s':>8} {'MB before':>10} "
          f"{'peak MB':>8}")
    for size in args.sizes:
        command = [sys.executable, "-m", "benchmarks.bench_cluster", "--one", str(size)]
        if args.base:
            command += ["--base", str(args.base)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        print(f"{row['articles']:>9,} {row['stories']:>8,} {row['cpu_s']:>8.1f} "
              f"{row['wall_s']:>8.1f} {row['rss_before_mb']:>10.0f} {row['peak_rss_mb']:>8.0f}",
              flush=True)


if __name__ == "__main__":
    main()
