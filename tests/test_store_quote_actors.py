"""The actors a quote names: those with a mention inside one of its parts."""

from __future__ import annotations

import pytest

from sitroom.store.findings import _named_in

# mentions (start, end, actor) of one article
MENTIONS = sorted([(0, 5, "RUS"), (10, 20, "PRK"), (18, 25, "UKR"), (40, 45, "USA"),
                   (40, 41, "EU"), (60, 60, "UN")])


@pytest.mark.parametrize(("parts", "named"), [
    ([(0, 100)], {"RUS", "PRK", "UKR", "USA", "EU", "UN"}),
    ([(10, 20)], {"PRK"}),  # UKR starts inside but ends outside
    ([(11, 30)], {"UKR"}),  # PRK starts before it
    ([(0, 5), (40, 41)], {"RUS", "EU"}),
    ([(60, 60)], {"UN"}),
    ([(26, 39)], set()),
    ([], set()),
])
def test_store_quote_actors_inside_parts(parts, named):
    starts = [start for start, _, _ in MENTIONS]
    spans = [{"start": start, "end": end} for start, end in parts]
    assert _named_in(spans, MENTIONS, starts) == named
