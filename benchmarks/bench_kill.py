"""kill -9 during an `analyze` run, then a rerun: nothing lost, nothing doubled, nothing half.

    python -m benchmarks.bench_kill [--shared ../shared] [--articles 300] [--processes 2]

On the first N allsides-intl JSON files (sorted by name), each run into a fresh temporary
SQLite database with `sitroom analyze --processes P`:
- a reference run, uninterrupted, timed;
- three runs killed with SIGKILL (the parent only) at 20 %, 50 % and 85 % of the reference
  time (early, middle, late), each followed by a rerun to the end.
After each rerun it compares the database with the reference: the set of article ids
(missing ones, extra ones = an input stored twice), and per article the stored text, the
analysis and its finding rows (a half-written article would differ or lack some); it also
counts parsing workers still alive 5 s after the kill. One line per case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POINTS = (("early", 0.20), ("middle", 0.50), ("late", 0.85))
SITROOM = [sys.executable, "-c", "from sitroom.cli import main; main()"]
# The finding tables, each counted per article (a half-written article lacks some rows).
FINDINGS = ("events", "quotes", "claims", "article_actors")


def start(files: list[str], db: Path, processes: int) -> subprocess.Popen[bytes]:
    """`sitroom analyze` into `db`, its stderr in `db`.log."""
    env = {**os.environ, "SITROOM_DB": str(db)}
    with open(f"{db}.log", "ab") as log:
        return subprocess.Popen(SITROOM + ["analyze", *files, "--processes", str(processes)],
                                env=env, stdout=subprocess.DEVNULL, stderr=log)


def children(pid: int) -> set[int]:
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.add(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def snapshot(db: Path) -> dict[str, str]:
    """Article id → a digest of everything stored about it (text, analysis, findings,
    search row, story membership)."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.id, a.key, a.duplicate_of, t.hash, length(t.text), an.version, an.data, "
            "(SELECT count(*) FROM article_search s WHERE s.article_id = a.id), "
            "(SELECT count(*) FROM story_articles sa WHERE sa.article_id = a.id) "
            "FROM articles a JOIN texts t ON t.hash = a.text_hash "
            "LEFT JOIN analyses an ON an.article_id = a.id").fetchall()
        counts = {table: dict(connection.execute(
            f"SELECT article_id, count(*) FROM {table} GROUP BY article_id").fetchall())
            for table in FINDINGS}
    out = {}
    for article_id, *values in rows:
        data = json.loads(values[5]) if values[5] else None
        if data:  # the analysis without the time it was made
            data.pop("created_at", None)
        parts = [*values[:5], json.dumps(data, sort_keys=True), *values[6:],
                 *(counts[t].get(article_id, 0) for t in FINDINGS)]
        out[article_id] = hashlib.sha256(repr(parts).encode()).hexdigest()
    return out


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def killed_run(files: list[str], db: Path, processes: int, after: float) -> dict[str, object]:
    run = start(files, db, processes)
    time.sleep(after)
    workers = children(run.pid)
    at_kill = stored(db)
    run.send_signal(signal.SIGKILL)
    run.wait()
    time.sleep(5)
    orphans = [w for w in workers if alive(w)]
    for pid in orphans:
        os.kill(pid, signal.SIGKILL)
    rerun = start(files, db, processes)
    return {"stored_at_kill": at_kill, "workers_at_kill": len(workers),
            "orphans_after_5s": len(orphans), "rerun_exit": rerun.wait()}


def compare(reference: dict[str, str], found: dict[str, str]) -> dict[str, int]:
    same = set(reference) & set(found)
    return {"articles": len(found), "missing": len(set(reference) - set(found)),
            "extra": len(set(found) - set(reference)),
            "differing": sum(reference[i] != found[i] for i in same)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    folder = args.shared / "corpus/allsides-intl/jsons"
    if not folder.exists():
        print(f"{folder}: not found", file=sys.stderr)
        return 2
    files = [str(p) for p in sorted(folder.glob("*.json"))[:args.articles]]
    with tempfile.TemporaryDirectory(prefix="sitroom-kill-") as tmp:
        started = time.monotonic()
        code = start(files, Path(tmp, "reference.db"), args.processes).wait()
        seconds = time.monotonic() - started
        if code != 0:
            print(f"the reference run failed (exit {code}):\n"
                  + Path(tmp, "reference.db.log").read_text()[-2000:], file=sys.stderr)
            return 1
        reference = snapshot(Path(tmp, "reference.db"))
        print(f"reference: {len(files)} inputs, {len(reference)} articles stored, "
              f"exit {code}, {seconds:.1f} s")
        for name, fraction in POINTS:
            db = Path(tmp, f"{name}.db")
            outcome = killed_run(files, db, args.processes, fraction * seconds)
            outcome.update(compare(reference, snapshot(db)))
            print(f"{name} (kill -9 at {fraction * seconds:.1f} s): "
                  + ", ".join(f"{k} {v}" for k, v in outcome.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
