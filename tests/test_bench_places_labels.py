"""The hand-made place and fatality labels (benchmarks/labels/allsides_places.tsv,
allsides_fatalities.tsv): they parse, are as many as the issue asks, keep a held-out sheet,
and their offsets point at the trigger word in the article text sitroom reads."""

from __future__ import annotations

import pytest

from benchmarks import bench_fatalities, bench_places

from .conftest import shared_path


def test_bench_places_labels_parse_and_count():
    labels = bench_places.read_labels()
    assert len(labels) >= 200
    assert {x.held_out for x in labels} == {True, False}
    placed = [x for x in labels if x.name != bench_places.NONE]
    assert all(x.country.isalpha() and len(x.country) == 3 and x.country.isupper()
               for x in placed)
    assert all(x.lat is not None and -90 <= x.lat <= 90 and x.lon is not None
               and -180 <= x.lon <= 180 for x in placed if x.precision == "city")


def test_bench_fatalities_labels_parse_and_count():
    labels = bench_fatalities.read_labels()
    assert len([x for x in labels if not x.excluded]) >= 100
    assert {x.held_out for x in labels} == {True, False}


def test_bench_places_labels_one_row_per_trigger():
    for labels in (bench_places.read_labels(), bench_fatalities.read_labels()):
        keys = [(x.article, x.start) for x in labels]
        assert len(keys) == len(set(keys))


@pytest.mark.slow
def test_bench_places_labels_offsets_point_at_trigger():
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    folder = shared_path("corpus", "allsides-intl", "jsons")
    labels = [(x.article, x.start, x.trigger) for x in bench_places.read_labels()] + \
        [(x.article, x.start, x.trigger) for x in bench_fatalities.read_labels()]
    files = sorted({str(folder / f"{a}.json") for a, _, _ in labels})
    texts = {a.id: a.text for a in read_inputs(files, IngestOptions()) if isinstance(a, Article)}
    wrong = [(a, s, t) for a, s, t in labels if texts.get(a, "")[s:s + len(t)] != t]
    assert not wrong
