"""Which gazetteer feature a place name means (sitroom.geo.resolve)."""

from __future__ import annotations

import pytest

from sitroom.geo.gazetteer import load
from sitroom.geo.resolve import choose


@pytest.mark.parametrize(("name", "countries", "hint", "want"), [
    ("Kiev", {"UKR"}, None, ("Kyiv", "UKR", "city")),  # old spelling: the city, not the oblast
    ("California", {"USA"}, None, ("California", "USA", "admin1")),  # not California, MD
    ("Washington", {"USA"}, None, ("Washington", "USA", "city")),
    ("Panama", {"PAN"}, None, ("Panama", "PAN", "country")),  # the country, not Panama City
    ("Gaza", {"ISR", "PSE"}, None, ("Gaza", "PSE", "city")),
    ("Kunduz", {"AFG"}, "admin1", ("Kunduz", "AFG", "admin1")),
    ("Basra", {"IRQ"}, "admin1", ("Basra Governorate", "IRQ", "admin1")),
    ("the White House", set(), None, ("Washington", "USA", "city")),
    ("Mosul Dam", {"IRQ"}, None, ("Mosul", "IRQ", "city")),
    ("Aleppo", set(), None, ("Aleppo", "SYR", "city")),  # large and without a rival
])
def test_geo_resolve_chooses(name: str, countries: set[str], hint: str | None,
                             want: tuple[str, str, str]) -> None:
    feature = choose(load(), name, countries, hint)
    assert feature is not None
    assert (feature.name, feature.country, feature.precision) == want


@pytest.mark.parametrize(("name", "countries"), [
    ("Springfield", set()),  # many American towns, none dominant
    ("Gondolin", {"USA"}),  # not in the gazetteer
    ("Center", {"USA"}),  # a plain word, not an alternate name of a town
])
def test_geo_resolve_no_feature_rather_than_a_guess(name: str, countries: set[str]) -> None:
    assert choose(load(), name, countries) is None
