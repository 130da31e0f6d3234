"""benchmarks.memo: the benchmarks' parses and results, computed once while held."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

import pytest

from benchmarks import memo


class CountingNlp:
    """Stands in for a spaCy pipeline: a "doc" is a new object per text, and every text
    it is asked to parse is counted."""

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def pipe(self, texts: Iterable[str], batch_size: int = 1) -> Iterator[object]:
        for text in texts:
            self.parsed.append(text)
            yield object()


@pytest.fixture(autouse=True)
def _empty_memo() -> Iterator[None]:
    memo.clear()
    yield
    memo.clear()


def test_bench_memo_parses_the_same_list_once() -> None:
    nlp = CountingNlp()
    first = memo.parsed(nlp, ["a b.", "c d."])
    again = memo.parsed(nlp, ("a b.", "c d."))
    assert nlp.parsed == ["a b.", "c d."]
    assert [id(d) for d in again] == [id(d) for d in first]


@pytest.mark.parametrize(("asked", "parsed_again"), [
    (["one.", "two."], []),  # the start of the held list
    (["one."], []),
    (["two.", "three."], ["two.", "three."]),  # inside it but not its start
    (["one.", "two.", "three.", "four."], ["one.", "two.", "three.", "four."]),  # longer
    (["one.", "2."], ["one.", "2."]),
])
def test_bench_memo_answers_only_the_start_of_a_held_list(asked: list[str],
                                                          parsed_again: list[str]) -> None:
    nlp = CountingNlp()
    held = memo.parsed(nlp, ["one.", "two.", "three."])
    nlp.parsed.clear()
    docs = memo.parsed(nlp, asked)
    assert nlp.parsed == parsed_again
    assert len(docs) == len(asked)
    if not parsed_again:
        assert [id(d) for d in docs] == [id(d) for d in held[:len(asked)]]


def test_bench_memo_parses_again_for_another_pipeline() -> None:
    first, second = CountingNlp(), CountingNlp()
    memo.parsed(first, ["a."])
    memo.parsed(second, ["a."])
    assert (first.parsed, second.parsed) == (["a."], ["a."])


def test_bench_memo_lets_go_of_the_least_recently_used_list() -> None:
    nlp = CountingNlp()
    lists = [[f"text {n}."] for n in range(memo.KEEP + 1)]
    memo.parsed(nlp, lists[0])
    for texts in lists[1:]:
        memo.parsed(nlp, lists[0])  # used again: kept
        memo.parsed(nlp, texts)
    nlp.parsed.clear()
    memo.parsed(nlp, lists[0])
    memo.parsed(nlp, lists[1])
    assert nlp.parsed == lists[1]


def test_bench_memo_returns_a_list_the_caller_may_change() -> None:
    nlp = CountingNlp()
    memo.parsed(nlp, ["a.", "b."]).clear()
    assert len(memo.parsed(nlp, ["a.", "b."])) == 2
    assert nlp.parsed == ["a.", "b."]


def test_bench_memo_kept_computes_once_per_key() -> None:
    made: list[str] = []

    def make(name: str) -> str:
        made.append(name)
        return name.upper()

    values = [memo.kept(("k", name), partial(make, name)) for name in ("x", "y", "x", "y")]
    assert values == ["X", "Y", "X", "Y"]
    assert made == ["x", "y"]


def test_bench_memo_clear_lets_go_of_everything() -> None:
    nlp = CountingNlp()
    memo.parsed(nlp, ["a."])
    memo.kept(("k",), lambda: 1)
    memo.clear()
    memo.parsed(nlp, ["a."])
    assert nlp.parsed == ["a.", "a."]
    assert memo.kept(("k",), lambda: 2) == 2
