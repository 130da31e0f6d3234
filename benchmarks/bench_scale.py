"""Throughput, its cost against a bare parse, per-stage shares, workers and memory, in one run.

    python -m benchmarks.bench_scale [--shared ../shared] [--articles 100] [--rounds 1]
        [--workers 1,2] [--scale 1000,20000] [--dask]

On the first N allsides-intl articles (read as `sitroom extract` reads them), in one run:

- bare parse: `nlp.pipe` over the analysed texts (furniture blanked), nothing else;
- end to end: `pipeline.analyze` and the JSON line of each article, as `sitroom extract`
  makes it (the input already read); the ratio to the bare parse in CPU and wall time,
  alternated with the parse for `--rounds` rounds after one warm-up of each;
- per-stage share: furniture, the parse, each stage of `pipeline.STAGES`, the span checks and
  the JSON line, timed one by one in CPU seconds, as shares of their sum;
- with `sitroom.engine` (the whole analysis in worker processes), each `--workers` count in a
  fresh child process: articles per second, CPU of the main process and of the workers, peak
  memory (RSS) of the main process and of the largest worker;
- `--dask`: the worker counts above one again on a Dask LocalCluster (as many single-threaded
  worker processes, started in the run's child process before the run is timed, as a
  cluster a run is sent to is up before it; its start is printed), against the local pool;
  its workers preload the pipeline (`dask worker --preload sitroom.engine.warm`, as
  docs/scale.md starts them), as the local pool's forkserver does; `--dask-fresh` adds a
  cluster whose workers load it on their first chunk;
- `--scale`: the same per article count (the N texts repeated under new ids, streamed), to
  show that memory stays flat as a run grows.

CPU seconds are `time.process_time()` for this process and /proc/PID/stat for the processes
below it (the engine's forkserver and its workers), peak memory /proc/PID/status VmHWM;
wall seconds depend on what else the machine runs (the load average is printed).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.bench_speed import DEFAULT_SHARED, analysed_texts, bare_parse, load_articles

if TYPE_CHECKING:
    from spacy.language import Language

    from sitroom.records import Article


def end_to_end(nlp: Language, articles: list[Article]) -> tuple[float, float]:
    """CPU and wall seconds of `pipeline.analyze` and each article's JSON line."""
    from sitroom.pipeline import analyze

    cpu, wall = time.process_time(), time.perf_counter()
    for analysis in analyze(articles, nlp):
        json.dumps(analysis.to_dict(), ensure_ascii=False)
    return time.process_time() - cpu, time.perf_counter() - wall


def stage_seconds(nlp: Language, articles: list[Article]) -> dict[str, float]:
    """CPU seconds of each step of the analysis over `articles`, each timed on its own."""
    from sitroom.furniture import find_furniture, mend_spans, parse_text
    from sitroom.pipeline import STAGES, analysed_length
    from sitroom.records import ArticleAnalysis

    spent = dict.fromkeys(["furniture", "parse", *(s.__name__ for s in STAGES), "spans",
                           "json"], 0.0)
    clock = time.process_time
    started = clock()
    furnitures = [find_furniture(a.text[:analysed_length(a.text)]) for a in articles]
    texts = [parse_text(a.text[:analysed_length(a.text)], f)
             for a, f in zip(articles, furnitures, strict=True)]
    spent["furniture"] = clock() - started
    started = clock()
    docs = list(nlp.pipe(texts, batch_size=32))
    spent["parse"] = clock() - started
    for article, furniture, doc in zip(articles, furnitures, docs, strict=True):
        analysis = ArticleAnalysis(article=article, furniture=furniture)
        for stage in STAGES:
            started = clock()
            analysis = stage(analysis, doc)
            spent[stage.__name__] += clock() - started
        started = clock()
        analysis = mend_spans(analysis)
        analysis.check()
        spent["spans"] += clock() - started
        started = clock()
        json.dumps(analysis.to_dict(), ensure_ascii=False)
        spent["json"] += clock() - started
    return spent


def engine_function() -> Any:
    """`sitroom.engine.analyze_parallel`, or None where the engine is not there yet."""
    try:
        from sitroom import engine
    except ImportError:
        return None
    return getattr(engine, "analyze_parallel", None)


def synthetic(articles: list[Article], count: int) -> Iterator[Article]:
    """`count` articles: `articles` over and over, each copy under a new id and URL."""
    for i in range(count):
        article = articles[i % len(articles)]
        copy = i // len(articles)
        yield article if copy == 0 else replace(
            article, id=f"{article.id}-{copy}",
            url=f"{article.url}#{copy}" if article.url else None)


def _proc_status(pid: int | str, field: str) -> float:
    """A `kB` figure of /proc/PID/status (VmHWM: peak RSS since the process began or
    exec'd, unlike `ru_maxrss`, which keeps the forking parent's peak), in MB; 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def descendants() -> dict[int, tuple[float, float]]:
    """Each live process below this one (the forkserver, the workers): its CPU seconds so
    far and its peak RSS in MB (Linux /proc)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    found, frontier = {}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent:
                found[pid] = (cpu[pid], _proc_status(pid, "VmHWM"))
                frontier.append(pid)
    return found


def engine_run(shared: Path, articles: int, processes: int, count: int,
               dask: bool = False, warm: bool = False) -> dict[str, float]:
    """One run of the engine over `count` articles in this (fresh) process: its figures.
    With `dask`, on a Dask LocalCluster of `processes` single-threaded worker processes
    started here first, as a cluster that `--scheduler` names is running before a run: the
    run is timed from when it is up (its workers fresh: each loads the pipeline on its first
    chunk, as the local pool's forkserver does within the run), and how long it took to
    start is `cluster_start`. Processes below this one are looked at every 1/100 of the run
    and at its last article (while the workers live)."""
    analyze_parallel = engine_function()
    if analyze_parallel is None:
        return {}
    source = load_articles(shared, articles)
    with ExitStack() as stack:
        started = time.perf_counter()
        scheduler = stack.enter_context(local_cluster(processes, warm)) if dask else None
        cluster_start = time.perf_counter() - started
        cpu, wall = time.process_time(), time.perf_counter()
        figures = _watched(analyze_parallel(synthetic(source, count), processes=processes,
                                            scheduler=scheduler), count)
        figures["wall"] = time.perf_counter() - wall
        figures["main_cpu"] = time.process_time() - cpu
    if dask:
        figures["cluster_start"] = cluster_start
    return figures


@contextmanager
def local_cluster(workers: int, warm: bool = False) -> Iterator[str]:
    """The address of a Dask LocalCluster of `workers` worker processes, one thread each;
    `warm`: each imports `sitroom.engine.warm` as it starts (`dask worker --preload
    sitroom.engine.warm`), so that it holds the pipeline before the run."""
    import distributed

    preload = ["sitroom.engine.warm"] if warm else []
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, preload=preload) as cluster:
        yield cluster.scheduler_address


def _watched(analyses: Iterator[Any], count: int) -> dict[str, float]:
    """Consume the engine's analyses (each made into its JSON line), looking at the
    processes below this one every 1/100 of the run and at its last article."""
    seen: dict[int, tuple[float, float]] = {}
    every = max(1, count // 100)
    done = 0
    for analysis in analyses:
        json.dumps(analysis.to_dict(), ensure_ascii=False)
        done += 1
        if done % every == 0 or done == count:
            seen.update(descendants())
    return {"articles": done, "workers_cpu": sum(c for c, _ in seen.values()),
            "main_rss_mb": _proc_status("self", "VmHWM"),
            "worker_rss_mb": max((m for _, m in seen.values()), default=0.0),
            "children": len(seen)}


def engine_in_child(shared: Path, articles: int, processes: int,
                    count: int, dask: bool = False, warm: bool = True) -> dict[str, float]:
    """`engine_run` in a child process, so that its memory and CPU are its own; on Dask
    with workers that preload the pipeline unless not `warm`."""
    command = [sys.executable, "-m", "benchmarks.bench_scale", "--shared", str(shared),
               "--articles", str(articles), "--engine-child", f"{processes},{count}",
               *(["--dask"] if dask else []), *(["--dask-warm"] if dask and warm else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=False,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_ratio(count: int, chars: int, parse: list[tuple[float, float]],
                whole: list[tuple[float, float]]) -> None:
    """The bare parse against end to end, per round and summed."""
    print(f"{count} allsides-intl articles, {chars:,} characters analysed")
    for i, (p, w) in enumerate(zip(parse, whole, strict=True), 1):
        print(f"  round {i}: bare parse {p[0]:.1f} s CPU / {p[1]:.1f} s wall, "
              f"end to end {w[0]:.1f} s CPU / {w[1]:.1f} s wall")
    p_cpu, p_wall = (sum(x[k] for x in parse) for k in (0, 1))
    w_cpu, w_wall = (sum(x[k] for x in whole) for k in (0, 1))
    n = count * len(parse)
    print(f"bare parse:  {n / p_cpu:.2f} articles/s CPU, {n / p_wall:.2f} articles/s wall")
    print(f"end to end:  {n / w_cpu:.2f} articles/s CPU, {n / w_wall:.2f} articles/s wall")
    print(f"end to end / bare parse: {w_cpu / p_cpu:.2f}x CPU time, "
          f"{w_wall / p_wall:.2f}x wall time")


def print_stages(spent: dict[str, float]) -> None:
    """Each step's CPU seconds and share of the whole."""
    total = sum(spent.values())
    print(f"per-stage share of {total:.1f} s CPU (each step timed on its own):")
    for name, seconds in spent.items():
        print(f"  {name:<17} {seconds:7.2f} s  {100 * seconds / total:5.1f}%  "
              f"({100 * seconds / spent['parse']:5.1f}% of the parse)")


def print_engine(shared: Path, articles: int, workers: list[int], counts: list[int],
                 dask: bool = False, fresh: bool = False) -> None:
    """One line per run of the engine (workers × article count), each in a fresh process;
    for each count, each worker count's speed-up over the first; with `dask`, for the
    first count, the same worker counts (above one) on a Dask LocalCluster whose workers
    preload the pipeline as the local pool's forkserver does (with `fresh`, also workers
    that load it on their first chunk)."""
    if not workers:
        return
    if engine_function() is None:
        print("workers: engine not available (sitroom.engine.analyze_parallel)")
        return
    print("engine (sitroom.engine.analyze_parallel), each run in a fresh process:")
    for count in counts:
        rates = {}
        for processes in workers:
            rates[processes] = _engine_line(shared, articles, processes, count, "local")
        first = workers[0]
        for processes, rate in rates.items():
            if processes != first and rate and rates[first]:
                print(f"  {count} articles: {processes} workers / {first}: "
                      f"{rate / rates[first]:.2f}x the articles per second")
        if dask and count == counts[0]:
            for processes in (p for p in workers if p > 1):
                for warm in (True, False) if fresh else (True,):
                    kind = "preloaded" if warm else "fresh"
                    rate = _engine_line(shared, articles, processes, count,
                                        f"Dask ({kind} workers)", dask=True, warm=warm)
                    if rate and rates[processes]:
                        print(f"  {count} articles: Dask LocalCluster ({kind} workers) / "
                              f"local pool, {processes} workers: "
                              f"{rate / rates[processes]:.2f}x the articles per second")


def _engine_line(shared: Path, articles: int, processes: int, count: int, where: str,
                 dask: bool = False, warm: bool = True) -> float:
    """Run the engine in a child, print its line; its articles per second (0 if it failed)."""
    got = engine_in_child(shared, articles, processes, count, dask, warm)
    if not got:
        print(f"  {where}, {processes} worker(s), {count} articles: failed")
        return 0.0
    rate = got["articles"] / got["wall"]
    started = f" (the cluster up in {got['cluster_start']:.1f} s before)" \
        if "cluster_start" in got else ""
    print(f"  {where}, {processes} worker(s), {int(got['articles'])} articles: "
          f"{rate:.2f} articles/s wall{started}, main {got['main_cpu']:.1f} s CPU, "
          f"{int(got['children'])} processes below it {got['workers_cpu']:.1f} s CPU; peak "
          f"RSS main {got['main_rss_mb']:.0f} MB, largest process below it "
          f"{got['worker_rss_mb']:.0f} MB")
    return rate


def numbers(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--workers", type=numbers, default=[1, 2],
                        help="worker counts for the engine runs (comma-separated)")
    parser.add_argument("--scale", type=numbers, default=[],
                        help="also run the engine over these article counts (synthetic "
                             "copies of the N texts), e.g. 1000,20000")
    parser.add_argument("--dask", action="store_true",
                        help="also run the worker counts above one on a Dask LocalCluster "
                             "(the `scale` extra), on the N articles")
    parser.add_argument("--dask-warm", action="store_true",
                        help="with --engine-child and --dask: the workers preload the "
                             "pipeline as they start (dask worker --preload "
                             "sitroom.engine.warm)")
    parser.add_argument("--dask-fresh", action="store_true",
                        help="with --dask: also a cluster whose workers load the pipeline "
                             "on their first chunk (the --dask run preloads it)")
    parser.add_argument("--engine-child", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = arguments()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    if args.engine_child:
        processes, count = numbers(args.engine_child)
        print(json.dumps(engine_run(args.shared, args.articles, processes, count, args.dask,
                                    args.dask_warm)))
        return 0
    from sitroom.nlp import load_nlp

    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} on "
          f"{os.cpu_count()} CPUs")
    articles = load_articles(args.shared, args.articles)
    texts = analysed_texts(articles)
    nlp = load_nlp()
    bare_parse(nlp, texts), end_to_end(nlp, articles[:10])  # warm-up: models, tables
    gc.collect()  # the tables read from the cache folder are young objects: one full pass
    parse, whole = [], []
    for _ in range(args.rounds):
        parse.append(bare_parse(nlp, texts))
        whole.append(end_to_end(nlp, articles))
    print_ratio(len(articles), sum(map(len, texts)), parse, whole)
    print_stages(stage_seconds(nlp, articles))
    print(f"this process: peak RSS {_proc_status('self', 'VmHWM'):.0f} MB")
    print_engine(args.shared, args.articles, args.workers, [len(articles), *args.scale],
                 args.dask, args.dask_fresh)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
