"""Character intervals looked up by offset in logarithmic time.

The stages ask, for each sentence, quote or claim, which actor mentions or quotes lie at an
offset; scanning every mention for each of them made the cost grow with the square of the
article's length. `Intervals` answers the same questions in the order a scan would have.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Intervals(Generic[T]):
    """(start, end, value) rows; lookups yield rows in their original order."""

    def __init__(self, rows: Iterable[tuple[int, int, T]]) -> None:
        indexed = sorted((start, i, end, value) for i, (start, end, value) in enumerate(rows))
        self.starts = [row[0] for row in indexed]
        self.rows = [(row[1], row[0], row[2], row[3]) for row in indexed]
        self.longest = max((end - start for start, _i, end, _v in indexed), default=0)

    def covering(self, offset: int) -> Iterator[tuple[int, int, T]]:
        """The rows with start <= offset < end, in their original order."""
        low = bisect_left(self.starts, offset - self.longest)
        high = bisect_right(self.starts, offset)
        hits = sorted(row for row in self.rows[low:high] if row[2] > offset)
        return ((start, end, value) for _i, start, end, value in hits)

    def starting_in(self, start: int, end: int) -> Iterator[tuple[int, int, T]]:
        """The rows that start in [start, end), in their original order."""
        hits = sorted(self.rows[bisect_left(self.starts, start):bisect_left(self.starts, end)])
        return ((s, e, value) for _i, s, e, value in hits)


class Cover:
    """The union of some intervals: does a stretch overlap any of them?"""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with one of the intervals."""
        last = bisect_left(self.starts, end) - 1
        return last >= 0 and self.ends[last] > start


__all__ = ["Cover", "Intervals"]
