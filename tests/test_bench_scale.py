"""benchmarks/bench_scale.py and benchmarks/same_output.py: the pieces that need no corpus."""

from __future__ import annotations

import pytest

from benchmarks.bench_scale import numbers, synthetic
from benchmarks.same_output import first_difference
from sitroom.records import Article

SOURCE = [Article(id="a", text="One.", url="https://example.org/a"),
          Article(id="b", text="Two.")]


def test_bench_scale_synthetic_ids_distinct() -> None:
    made = list(synthetic(SOURCE, 5))
    assert [a.id for a in made] == ["a", "b", "a-1", "b-1", "a-2"]


def test_bench_scale_synthetic_texts_repeat() -> None:
    assert [a.text for a in synthetic(SOURCE, 3)] == ["One.", "Two.", "One."]


def test_bench_scale_synthetic_urls_distinct() -> None:
    assert [a.url for a in synthetic(SOURCE, 4)] == [
        "https://example.org/a", None, "https://example.org/a#1", None]


@pytest.mark.parametrize(("text", "expected"), [("1,2", [1, 2]), ("", []), ("400", [400])])
def test_bench_scale_numbers(text: str, expected: list[int]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(("old", "new", "expected"), [
    (b"x\ny\n", b"x\nz\n", "line 2 (b'y'…)"),
    (b"x\n", b"x\ny\n", "1 lines against 2"),
])
def test_same_output_first_difference(old: bytes, new: bytes, expected: str) -> None:
    assert first_difference(old, new) == expected
