"""The world basemap the map page draws on, and its projection: Natural Earth 1:110m
country outlines (public domain), shipped as `static/world-110m.svg` (made by
`scripts/make_basemap.py`), one path per country with its ISO alpha-3 code. The projection
is equirectangular: `SCALE` units per degree, north up, cut to the latitudes people live
between (`NORTH` to `SOUTH`, Antarctica left out)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

SCALE = 10  # drawing units per degree: integer coordinates are a tenth of a degree
NORTH, SOUTH = 84.0, -60.0
WIDTH, HEIGHT = 360 * SCALE, round((NORTH - SOUTH) * SCALE)
VIEWBOX = f"0 {round((90 - NORTH) * SCALE)} {WIDTH} {HEIGHT}"
BASEMAP = Path(__file__).parent / "static" / "world-110m.svg"


def project(lon: float, lat: float) -> tuple[float, float]:
    """Drawing coordinates (x east, y south) of a longitude and latitude."""
    return (lon + 180.0) * SCALE, (90.0 - lat) * SCALE


@lru_cache(maxsize=1)
def country_paths() -> str:
    """The basemap's country paths (the shipped SVG without its outer `<svg>` element), to
    be put inside the map page's own SVG."""
    text = BASEMAP.read_text("utf-8")
    inner = re.search(r"<svg[^>]*>(.*)</svg>", text, re.S)
    if inner is None:
        raise ValueError(f"{BASEMAP} is not an SVG document")
    return inner.group(1).strip()
