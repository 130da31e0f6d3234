"""The one reader of the project's data tables (`sitroom/data/*.tsv`).

A table is UTF-8 text, one row per line, fields separated by tabs; blank lines and lines
starting with `#` are comments.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


def data_rows(name: str, width: int = 8) -> Iterator[list[str]]:
    """The rows of `sitroom/data/NAME`, each padded (or cut) to `width` fields."""
    text = resources.files("sitroom.data").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield (line.split("\t") + [""] * width)[:width]
