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


MARGIN = 8 * SCALE  # around the points a fitted view shows
NARROWEST = 40 * SCALE  # the narrowest fitted view: a region, not a street


def fitted(xs: list[float], ys: list[float]) -> tuple[str, float]:
    """The view box that shows these drawing coordinates with a margin, of the whole map's
    shape (at least NARROWEST wide, inside the map), and its width as a share of the whole
    map's (what point sizes are multiplied by to look the same at any zoom)."""
    top = (90 - NORTH) * SCALE
    if not xs:
        return VIEWBOX, 1.0
    width = max(max(xs) - min(xs) + 2 * MARGIN, NARROWEST,
                (max(ys) - min(ys) + 2 * MARGIN) * WIDTH / HEIGHT)
    if width >= WIDTH:
        return VIEWBOX, 1.0
    height = width * HEIGHT / WIDTH
    left = min(max((min(xs) + max(xs) - width) / 2, 0), WIDTH - width)
    upper = min(max((min(ys) + max(ys) - height) / 2, top), top + HEIGHT - height)
    return f"{left:.0f} {upper:.0f} {width:.0f} {height:.0f}", width / WIDTH
