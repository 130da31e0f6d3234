"""Several processes on one database: overlapping writers, a database created twice at once,
parsing workers that die with their parent."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from sitroom.records import Article, ArticleAnalysis, Span
from sitroom.store import Store

SITROOM = [sys.executable, "-c", "from sitroom.cli import main; main()"]
PG_URL = os.environ.get("SITROOM_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

SENTENCES = (
    "The foreign minister of {a} met her counterpart from {b} in Geneva on Tuesday.",
    "Officials from {a} said the talks on grain exports to {b} had made progress.",
    "{b} accused {a} of moving troops towards the border, a charge {a} denied.",
)
PLACES = ("France", "Germany", "Kenya", "Brazil", "Japan", "Chile", "India", "Egypt",
          "Canada", "Norway", "Peru", "Ghana", "Spain", "Italy", "Chad", "Mali")


def small_article(n: int) -> dict[str, str]:
    a, b = PLACES[n % len(PLACES)], PLACES[(n * 7 + 3) % len(PLACES)]
    body = " ".join(s.format(a=a, b=b) for s in SENTENCES)
    return {"id": f"art{n:03d}", "title": f"Talks {n}", "source": "Test Wire",
            "url": f"https://wire.example/{n}", "published": "2024-05-0" + str(1 + n % 9),
            "text": f"Report {n}. {body}"}


def write_folder(folder: Path, numbers: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"art{n:03d}.json").write_text(json.dumps(small_article(n)))
    return folder


def database(backend: str, tmp_path: Path) -> str:
    """A fresh, empty database of this backend (nothing created in it yet)."""
    if backend == "sqlite":
        return str(tmp_path / "shared.db")
    engine = sa.create_engine(PG_URL)  # type: ignore[arg-type]
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL  # type: ignore[return-value]


def stored_ids(db: str) -> list[str]:
    with Store(db) as store:
        return [row["id"] for row in store.articles(limit=None)]


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrency_two_planned_batches_overlap_and_both_are_stored_once(backend, tmp_path):
    """The race itself, made certain: both writers plan the same articles before either
    writes (as two analyze runs do while they analyse)."""
    db = database(backend, tmp_path)
    first, second = Store(db), Store(db)
    batch = [Article(id=a["id"], text=a["text"], source=a["source"], url=a["url"])
             for a in map(small_article, range(6))]
    plans_a = first.plan(batch[:4], analyse=True)
    plans_b = second.plan(batch[2:], analyse=True)
    for store, plans in ((first, plans_a), (second, plans_b)):
        store.write(plans, [ArticleAnalysis(article=p.article, sentences=(Span(0, 6),))
                            for p in plans])
    assert sorted(stored_ids(db)) == [f"art{n:03d}" for n in range(6)]
    assert first.counts()["analysed"] == 6 and first.counts()["duplicates"] == 0
    first.close()
    second.close()


def test_concurrency_id_taken_meanwhile_gets_a_new_id(tmp_path):
    """Another writer stored other content under the id a plan chose: the planned article
    is stored under a new id, and its analysis follows it."""
    db = str(tmp_path / "taken.db")
    first, second = Store(db), Store(db)
    mine = Article(id="same", text="One text about Kenya and talks.", source="A", url="u1")
    theirs = Article(id="same", text="Another text about Chile.", source="B", url="u2")
    plans = first.plan([mine], analyse=True)
    second.write(second.plan([theirs]))
    first.write(plans, [ArticleAnalysis(article=plans[0].article, sentences=(Span(0, 3),))])
    ids = stored_ids(db)
    assert len(ids) == 2 and "same" in ids
    renamed = next(i for i in ids if i != "same")
    assert first.analysis(renamed).article.text == mine.text
    first.close()
    second.close()


def _run(args: list[str], db: str) -> subprocess.Popen[str]:
    env = {**os.environ, "SITROOM_DB": db}
    return subprocess.Popen(SITROOM + args, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=240)
    return process.returncode, err


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrency_two_analyze_runs_on_overlapping_folders_both_succeed(backend, tmp_path):
    db = database(backend, tmp_path)
    Store(db).close()  # created first: this test is about the writes
    left = write_folder(tmp_path / "left", range(0, 14))
    right = write_folder(tmp_path / "right", range(6, 20))
    runs = [_run(["analyze", str(folder), "--processes", "1"], db) for folder in (left, right)]
    outcomes = [_finish(run) for run in runs]
    assert [code for code, _ in outcomes] == [0, 0], [err[-600:] for _, err in outcomes]
    ids = stored_ids(db)
    assert sorted(ids) == [f"art{n:03d}" for n in range(20)]
    with Store(db) as store:
        assert store.counts()["analysed"] == 20
        assert sum(len(s["articles"]) for s in store.stories(limit=None)) == 20


def _open(db: str) -> None:
    Store(db).close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_concurrency_two_processes_create_one_database_at_once(backend, tmp_path):
    db = database(backend, tmp_path)
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_open, args=(db,)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    with Store(db) as store:
        assert store.counts()["articles"] == 0


def _group(db: str, barrier) -> None:  # type: ignore[no-untyped-def]
    from sitroom.stories.stored import update_stories

    with Store(db) as store:
        barrier.wait()
        update_stories(store)


def test_concurrency_two_processes_group_stories_at_once(tmp_path):
    db = str(tmp_path / "stories.db")
    with Store(db) as store:
        store.write(store.plan([Article(id=a["id"], text=a["text"], source=a["source"],
                                        url=a["url"], published=a["published"])
                                for a in map(small_article, range(40))]))
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    processes = [context.Process(target=_group, args=(db, barrier)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0]
    with Store(db) as store:
        members = [m for story in store.stories(limit=None) for m in story["articles"]]
    assert sorted(members) == [f"art{n:03d}" for n in range(40)]


def _children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def _descendants(pid: int) -> set[int]:
    """Children, and theirs (the analysis workers are forked from a forkserver child)."""
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()) - found:
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_concurrency_parsing_workers_die_with_a_killed_parent(tmp_path):
    folder = write_folder(tmp_path / "many", range(0, 200))
    parent = _run(["analyze", str(folder), "--processes", "2"], str(tmp_path / "k.db"))
    deadline = time.monotonic() + 90
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 3 and parent.poll() is None:
        workers = _descendants(parent.pid)  # a forkserver and two workers
        time.sleep(0.2)
    assert len(workers) >= 3, "the analysis workers never started"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    for pid in survivors:  # leave nothing behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
