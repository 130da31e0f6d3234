"""The one reader of the project's label files (`benchmarks/labels/*.tsv`): tab-separated,
a header row, blank lines and `#` comments skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path


def label_rows(path: Path, width: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields padded or cut to `width`) of each row below the header."""
    header = True
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:  # the first row names the columns
            header = False
            continue
        yield n, (line.split("\t") + [""] * width)[:width]
