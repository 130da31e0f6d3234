"""Which gazetteer feature a place name means: the one in a country the article is about, else
a country of that name, else a city large enough to be meant and far larger than any other of
its name; within one country the finest (Gaza the city, not Palestine). No feature rather than
a guess between namesakes."""

from __future__ import annotations

from collections.abc import Iterable

from ..actors.gazetteer import fold
from .gazetteer import Feature, Gazetteer, words

FOREIGN_POPULATION = 50_000  # a city outside the article's countries must be this large …
DOMINANCE = 3.0  # … and this many times larger than a namesake in another country
FINENESS = {"city": 2, "admin1": 1, "country": 0}


def _keys(name: str) -> list[str]:
    """The name as looked up: whole, then without a division word ("Kunduz province")."""
    key = fold(name).removeprefix("the ")
    out = [key]
    for word in words("division") + words("settlement") + words("facility"):
        for bare in (key.removesuffix(" " + word), key.removeprefix(word + " of ")):
            if bare != key and bare not in out:
                out.append(bare)
    return out


def _exact(feature: Feature, key: str) -> bool:
    """Named by its own name (not only by an alternate name) or a country."""
    return feature.precision != "city" or fold(feature.name) == key


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
    people and DOMINANCE times more than any namesake in another country."""
    ranked = sorted(features, key=lambda f: f.population, reverse=True)
    best = ranked[0]
    if best.precision != "city" or best.population < least:
        return None
    rivals = [f.population for f in ranked[1:] if f.country != best.country]
    if rivals and best.population < DOMINANCE * rivals[0]:
        return None
    return _finest((f for f in features if f.country == best.country), gaz)


def _pick(gaz: Gazetteer, key: str, features: list[Feature], least: int) -> Feature | None:
    """A country called by its own name ("Panama", not the city); else the finest feature of
    the one country the features lie in; else a dominant city."""
    for feature in features:
        if feature.precision == "country" and (feature.country, key) in gaz.own_names:
            return feature
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
    features = _by_hint([f for f in found if _exact(f, key)] or found, hint)
    home = [f for f in features if f.country in countries]
    if home:
        return _pick(gaz, key, home, 0)
    return _pick(gaz, key, features, FOREIGN_POPULATION)


__all__ = ["choose"]
