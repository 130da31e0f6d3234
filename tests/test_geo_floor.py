"""Event places on hand-labelled allsides-intl events stay at least as good as measured
(`python -m benchmarks.bench_places`, docs/places.md)."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path

# a little under the figures of docs/places.md (all sheets)
FLOORS = {"country": 0.47, "near": 0.35, "kept_none": 0.92, "right_given": 0.80}


@pytest.mark.slow
def test_geo_floor_allsides_places() -> None:
    from benchmarks.bench_places import evaluate

    tally = evaluate(shared_path()).groups["all"]
    given = tally.given + tally.nones - tally.kept_none  # places given, right or not
    figures = {"country": tally.country / tally.placed, "near": tally.near / tally.cities,
               "kept_none": tally.kept_none / tally.nones,
               "right_given": tally.country / given}
    low = {k: round(v, 3) for k, v in figures.items() if v < FLOORS[k]}
    assert not low, f"below the floors {FLOORS}: {low}"
