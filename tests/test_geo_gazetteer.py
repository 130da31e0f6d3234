"""The offline gazetteer of event places and its public API (sitroom.geo)."""

from __future__ import annotations

import math

import pytest

from sitroom.geo import admin1_code, country_place
from sitroom.geo.gazetteer import load


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


# capitals' coordinates from an atlas, rounded
@pytest.mark.parametrize(("code", "name", "lat", "lon"), [
    ("AFG", "Afghanistan", 34.53, 69.17),
    ("FRA", "France", 48.86, 2.35),
    ("KEN", "Kenya", -1.29, 36.82),
    ("SYR", "Syria", 33.51, 36.29),
])
def test_geo_country_place_is_the_capital(code: str, name: str, lat: float, lon: float) -> None:
    place = country_place(code)
    assert place is not None
    assert (place.country, place.precision, place.name) == (code, "country", name)
    assert _km(place.lat, place.lon, lat, lon) < 30


@pytest.mark.parametrize("code", ["XYZ", "", "afg"])
def test_geo_country_place_unknown_code_is_none(code: str) -> None:
    assert country_place(code) is None


# GDELT ADM1 codes (FIPS 10-4 country + GeoNames admin1)
@pytest.mark.parametrize(("name", "code"), [
    ("Kunduz", "AF24"), ("Aleppo", "SY09"), ("Sacramento", "USCA"), ("Mosul", "IZ15"),
])
def test_geo_admin1_code_of_a_city(name: str, code: str) -> None:
    city = max((f for f in load().lookup(name) if f.precision == "city"),
               key=lambda f: f.population)
    assert admin1_code(city.place()) == code


def test_geo_admin1_code_of_a_country_is_none() -> None:
    place = country_place("IRQ")
    assert place is not None and admin1_code(place) is None


@pytest.mark.parametrize(("name", "country", "admin1"), [
    ("Kabul", "AFG", "Kabul"), ("Basra", "IRQ", "Basra Governorate"),
    ("Kyiv", "UKR", "Kyiv City"), ("Kiev", "UKR", "Kyiv City"),
])
def test_geo_gazetteer_city_has_country_and_division(name: str, country: str,
                                                     admin1: str) -> None:
    city = max((f for f in load().lookup(name) if f.precision == "city"),
               key=lambda f: f.population)
    assert (city.country, city.admin1) == (country, admin1)


@pytest.mark.parametrize(("name", "country"), [
    ("Helmand", "AFG"), ("Kirkuk", "IRQ"), ("Crimea", "UKR"), ("West Bank", "PSE"),
])
def test_geo_gazetteer_division_by_bare_name(name: str, country: str) -> None:
    assert any(f.precision == "admin1" and f.country == country for f in load().lookup(name))
