"""Whether a change leaves `sitroom extract` output byte for byte the same.

    python -m benchmarks.same_output --base REV FILE... [--articles 100] [--shared ../shared]
    python -m benchmarks.same_output --save OUT [--articles 100]

With `--base`, in one run: `sitroom extract` over the first N allsides-intl articles with a
snapshot of the working tree's `sitroom/`, and again with a copy of that snapshot in which each
FILE is as it was at commit REV (so that other changes are in both runs); then the two outputs are
compared byte for byte and the first article that differs is named. Exit status 1 when they
differ. With `--save`, the working tree's output is written to OUT.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_speed import CORPUS, DEFAULT_SHARED

ROOT = Path(__file__).resolve().parents[1]


def first_files(shared: Path, count: int, into: Path) -> Path:
    """A folder of links to the first `count` corpus files (by name), as extract reads."""
    folder = into / "articles"
    folder.mkdir()
    for path in sorted((shared / CORPUS).iterdir())[:count]:
        (folder / path.name).symlink_to(path)
    return folder


def extract(tree: Path, folder: Path) -> bytes:
    """`sitroom extract FOLDER` with the `sitroom` package found in `tree`."""
    environment = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", "from sitroom.cli import main; main()",
                           "extract", str(folder)], capture_output=True, env=environment,
                          cwd=tree, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
    return done.stdout


def snapshot(into: Path, name: str) -> Path:
    """A copy of the working tree's `sitroom/` (others may change it while we run)."""
    tree = into / name
    shutil.copytree(ROOT / "sitroom", tree / "sitroom",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return tree


def tree_at(base: str, files: list[str], new: Path, into: Path) -> Path:
    """A copy of the snapshot `new`, each of `files` as it was at `base`."""
    tree = into / "base"
    shutil.copytree(new, tree)
    for name in files:
        old = subprocess.run(["git", "show", f"{base}:{name}"], cwd=ROOT, check=True,
                             capture_output=True).stdout
        (tree / name).write_bytes(old)
    return tree


def first_difference(old: bytes, new: bytes) -> str:
    """Where two outputs part: the line number and the article id of the first difference."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for number, (a, b) in enumerate(zip(old_lines, new_lines, strict=False), 1):
        if a != b:
            return f"line {number} ({a[:60]!r}…)"
    return f"{len(old_lines)} lines against {len(new_lines)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--base", help="the commit the files are compared against")
    parser.add_argument("--save", type=Path, help="write the working tree's output here")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = first_files(args.shared, args.articles, Path(scratch))
        now = snapshot(Path(scratch), "new")
        base = tree_at(args.base, args.files, now, Path(scratch)) if args.base else None
        new = extract(now, folder)
        if args.save:
            args.save.write_bytes(new)
        if base is None:
            return 0
        old = extract(base, folder)
    if not old or old != new:
        print(f"different: {first_difference(old, new)}")
        return 1
    print(f"same: {len(new.splitlines())} articles, {len(new):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
