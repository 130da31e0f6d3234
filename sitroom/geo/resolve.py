"""Which gazetteer feature a place name means: the one in a country the article is about, else
a country of that name, else a city large enough to be meant and far larger than any other of
its name; within one country the finest (Gaza the city, not Palestine). No feature rather than
a guess between namesakes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..actors.gazetteer import fold
from .gazetteer import Feature, Gazetteer, words

FOREIGN_POPULATION = 50_000  # a city outside the article's countries must be this large …
DOMINANCE = 3.0  # … and this many times larger than a namesake in another country
FINENESS = {"city": 2, "admin1": 1, "country": 0}


@lru_cache(maxsize=4096)
def _keys(name: str) -> tuple[str, ...]:
    """The name as looked up: whole, then without a division word ("Kunduz province");
    found once per name (each event's places look the same names up again)."""
    key = fold(name).removeprefix("the ")
    out = [key]
    for word in words("division") + words("settlement") + words("facility"):
        for bare in (key.removesuffix(" " + word), key.removeprefix(word + " of ")):
            if bare != key and bare not in out:
                out.append(bare)
    return tuple(out)


def _named(found: list[Feature], key: str) -> list[Feature]:
    """Without the cities that only an alternate name calls so, where a city has it as its
    own name ("Washington": not Reisterstown); a division or country of the name does not
    remove them ("Kiev": Kyiv the city and the old Kiev oblast)."""
    own = [f for f in found if f.precision == "city" and fold(f.name) == key]
    if not own:
        return found
    return [f for f in found if f.precision != "city" or f in own]


def _by_hint(features: list[Feature], hint: str | None) -> list[Feature]:
    if hint:
        fitting = [f for f in features if f.precision == hint]
        if fitting:
            return fitting
    return features


def _chief(feature: Feature, gaz: Gazetteer) -> bool:
    """A city that is the largest of its own division (its division's point)."""
    division = gaz.features.get(feature.admin1_key or "")
    return division is not None and (division.lat, division.lon) == (feature.lat, feature.lon)


def _finest(features: Iterable[Feature], gaz: Gazetteer) -> Feature:
    """The finest of one country's namesakes; a division beats a city of its name that is not
    the chief city of its own division ("California" the state, not California, Maryland)."""
    features = list(features)
    divisions = any(f.precision == "admin1" for f in features)
    return max(features, key=lambda f: (
        FINENESS[f.precision] if not (divisions and f.precision == "city") or _chief(f, gaz)
        else 0, f.population))


def _dominant(features: list[Feature], least: int, gaz: Gazetteer) -> Feature | None:
    """The finest feature in the country of the largest city, when that city has `least`
    people (namesakes too close in size were removed before)."""
    ranked = sorted(features, key=lambda f: f.population, reverse=True)
    best = ranked[0]
    if best.precision != "city" or best.population < least:
        return None
    return _finest((f for f in features if f.country == best.country), gaz)


def _unambiguous(features: list[Feature]) -> list[Feature]:
    """Without the cities when no city of the name is DOMINANCE times larger than the next
    ("Springfield": Missouri, Massachusetts, Illinois)."""
    cities = sorted((f.population for f in features if f.precision == "city"), reverse=True)
    if len(cities) > 1 and cities[0] < DOMINANCE * cities[1]:
        return [f for f in features if f.precision != "city"]
    return features


def _pick(gaz: Gazetteer, key: str, features: list[Feature], least: int) -> Feature | None:
    """A country called by its own name ("Panama", not the city); else, namesake cities of a
    size dropped, the finest feature of the one country the features lie in; else a country
    of the name; else the largest city."""
    for feature in features:
        if feature.precision == "country" and (feature.country, key) in gaz.own_names:
            return feature
    features = _unambiguous(features)
    if not features:
        return None
    if len({f.country for f in features}) == 1:
        best = _finest(features, gaz)
        small = best.precision == "city" and best.population < least
        return None if small else best
    countries = [f for f in features if f.precision == "country"]
    if len(countries) == 1:
        return countries[0]
    return _dominant(features, least, gaz)


def choose(gaz: Gazetteer, name: str, countries: set[str], hint: str | None = None
           ) -> Feature | None:
    """The feature `name` means in an article about `countries` (ISO alpha-3 codes)."""
    for key in _keys(name):
        found = gaz.names.get(key)
        if found:
            break
    else:
        return None
    features = _by_hint(_named(found, key), hint)
    home = [f for f in features if f.country in countries]
    if home:
        return _pick(gaz, key, home, 0)
    return _pick(gaz, key, features, FOREIGN_POPULATION)


__all__ = ["choose"]
