"""Make the map page's world basemap, `sitroom/web/static/world-110m.svg`, from Natural
Earth's 1:110m countries as the npm package world-atlas (version 2) ships them in TopoJSON.

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/make_basemap.py /tmp/package/countries-110m.json

Sources and licences: Natural Earth (https://www.naturalearthdata.com/) is in the public
domain; world-atlas (https://github.com/topojson/world-atlas, Copyright 2013-2019 Michael
Bostock) is under the ISC licence, whose notice the written file carries. The TopoJSON
arcs are decoded here (quantised, delta-encoded; a negative index ~i is arc i reversed),
projected as `sitroom.web.basemap.project` does, rounded to a tenth of a degree and
written as one path per country with relative moves; rings crossing longitude 180 are
drawn on both edges. Antarctica is left out."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pycountry

from sitroom.web.basemap import BASEMAP, VIEWBOX, WIDTH, project

# countries world-atlas gives no ISO numeric code; Kosovo's user-assigned XKX is the code
# the EU and the IMF use, the other two are not states ISO codes
NO_NUMERIC = {"Kosovo": "XKX", "N. Cyprus": "", "Somaliland": ""}
LEFT_OUT = {"010"}  # Antarctica
ISC_NOTICE = """world-atlas: Copyright 2013-2019 Michael Bostock. Permission to use, copy,
modify, and/or distribute this software for any purpose with or without fee is hereby
granted, provided that the above copyright notice and this permission notice appear in all
copies. THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN
NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL
DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN
AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN
CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE."""

Point = tuple[int, int]


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Each arc as (longitude, latitude) pairs: positions are quantised and each one after
    the first is a delta from the one before."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[Point]:
    """A closed ring from its arcs, projected and rounded; repeated points dropped."""
    out: list[Point] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        for lon, lat in points:
            x, y = project(lon, lat)
            point = (round(x), round(y))
            if not out or out[-1] != point:
                out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def across_the_antimeridian(points: list[Point]) -> list[list[Point]]:
    """A ring that crosses longitude 180 (Russia's Chukotka, Fiji: world-atlas keeps such
    rings whole) made continuous past the map's edge, and drawn again one map-width over
    so that each side shows its part; other rings as they are."""
    if not points:
        return []
    out, shift = [points[0]], 0
    for (ax, _), (bx, by) in zip(points, points[1:], strict=False):
        if abs(bx - ax) > WIDTH / 2:
            shift -= WIDTH if bx > ax else -WIDTH
        out.append((bx + shift, by))
    low, high = min(x for x, _ in out), max(x for x, _ in out)
    copies = [out]
    if high > WIDTH:
        copies.append([(x - WIDTH, y) for x, y in out])
    if low < 0:
        copies.append([(x + WIDTH, y) for x, y in out])
    return copies


def path_data(rings: list[list[Point]]) -> str:
    """SVG path data: an absolute move to each ring's start, relative lines after it."""
    parts = []
    for points in rings:
        if len(points) < 3:
            continue
        (x0, y0), moves = points[0], []
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            moves.append(f"{bx - ax} {by - ay}")
        parts.append(f"M{x0} {y0}l" + " ".join(moves) + "z")
    return "".join(parts).replace(" -", "-")


def polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def iso3(geometry: dict[str, Any]) -> str:
    numeric, name = geometry.get("id"), geometry["properties"]["name"]
    if numeric is None:
        return NO_NUMERIC[name]
    found = pycountry.countries.get(numeric=numeric)
    return found.alpha_3 if found else ""


def basemap(topology: dict[str, Any]) -> str:
    arcs = decode_arcs(topology)
    rows = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in LEFT_OUT:
            continue
        rings = [copy for polygon in polygons(geometry) for r in polygon
                 for copy in across_the_antimeridian(ring(r, arcs)) if len(copy) >= 3]
        data = path_data(rings)
        if not data:
            continue
        code, name = iso3(geometry), geometry["properties"]["name"]
        rows.append(f'<path class="country" data-iso={quoteattr(code)} d="{data}">'
                    f"<title>{escape(name)}</title></path>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}">\n'
            "<!-- Natural Earth 1:110m admin-0 countries (public domain), from the npm "
            "package world-atlas 2 (ISC); made by scripts/make_basemap.py.\n"
            f"{ISC_NOTICE} -->\n" + "\n".join(rows) + "\n</svg>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="world-atlas's countries-110m.json")
    parser.add_argument("--out", type=Path, default=BASEMAP)
    args = parser.parse_args()
    svg = basemap(json.loads(args.topojson.read_text("utf-8")))
    args.out.write_text(svg, "utf-8")
    print(f"{args.out}: {len(svg.encode()):,} bytes, {svg.count('<path')} countries")


if __name__ == "__main__":
    main()
