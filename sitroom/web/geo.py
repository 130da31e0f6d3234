"""Where and when: the map of events (`/map`, `/api/map`) and their time series
(`/api/series`, drawn on the map, story and actor pages). The map is drawn on the server as
SVG over the shipped basemap (`basemap.py`): no tiles, no script, nothing from another
origin."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import quote as url_quote
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from ..store.findings import MAX_PAGE
from ..store.places import MAX_POINTS, NO_CATEGORY, event_series, map_points, series_span
from .api import Code, Country, Day, MinConfidence, Name, Words, shown, store_of
from .basemap import VIEWBOX, country_paths, fitted, project

api_router = APIRouter(tags=["read"])
page_router = APIRouter(include_in_schema=False)

By = Annotated[str, Query(pattern="^(plover|quad)$",
                          description="count by PLOVER category or by quad class")]
Per = Annotated[str, Query(pattern="^(day|month)$", description="one count per day or month")]
DAYS_DRAWN = 180  # a series spanning more days than this is drawn by month on a page
POINT_EVIDENCE = 10  # events a page lists under a picked point
MAX_EVIDENCE = 50
COLOURS = 9  # keys a chart tells apart (.s0 to .s8, .snone); the rest are OTHER (.sother)
OTHER = "other"
MIN_SPAN = 13  # periods the time axis spans at least


def _hits(request: Request, q: str | None) -> list[str] | None:
    """The articles a word query finds (as the story list's filter does), or None."""
    words = (q or "").strip()
    if not words:
        return None
    return [row["id"] for row in store_of(request).search(words, limit=MAX_PAGE,
                                                          snippets=False)]


def event_href(article: str, n: int) -> str:
    """The article page with event `n` (its stored index) lit up."""
    return f"/articles/{url_quote(str(article), safe='')}?event={n}"


def _points(request: Request, filters: dict[str, Any], articles: list[str] | None,
            min_confidence: float | None, limit: int = MAX_POINTS, evidence: int = 1,
            place: tuple[float, float, str | None] | None = None) -> dict[str, Any]:
    found = map_points(store_of(request).engine, articles=articles, limit=limit,
                       evidence=evidence, place=place,
                       min_confidence=shown(request, min_confidence), **filters)
    for point in found["points"]:
        for event in point["evidence"]:
            event["href"] = event_href(event["article"], event["n"])
    return found


@api_router.get("/map", summary="Events with a place, grouped into points by coordinates")
def api_map(request: Request, since: Day = None, until: Day = None, q: Words = None,
            actor: Name = None, country: Country = None, plover: Name = None,
            code: Code = None, outlet: Name = None, story: Name = None,
            min_confidence: MinConfidence = None,
            limit: Annotated[int, Query(ge=0, le=MAX_POINTS, description=(
                f"points, most events first (at most {MAX_POINTS})"))] = MAX_POINTS,
            evidence: Annotated[int, Query(ge=0, le=MAX_EVIDENCE, description=(
                "events listed under each point: 1 (default) the one stored last, more "
                f"the latest by date (at most {MAX_EVIDENCE}; slower: every event "
                "is ranked)"))] = 1,
            ) -> dict[str, Any]:
    """Each point: `lat`, `lon`, `precision` (city, admin1 or country), `country`, `name`,
    `events`, `fatalities` (summed; null when no event gives a count), `first`, `last` and
    `evidence` (events, each with `href`, the article page lighting it up). Beside them:
    `placed` and `unplaced` (matching events with and without coordinates)."""
    return _points(request, {"since": since, "until": until, "actor": actor,
                             "country": country, "plover": plover, "code": code,
                             "outlet": outlet, "story": story}, _hits(request, q),
                   min_confidence, limit, evidence)


@api_router.get("/series", summary="Events per day by PLOVER category or quad class")
def api_series(request: Request, by: By = "plover", per: Per = "day", story: Name = None,
               actor: Name = None, country: Country = None, since: Day = None,
               until: Day = None, q: Words = None, plover: Name = None,
               min_confidence: MinConfidence = None) -> dict[str, Any]:
    """Dated events counted per `per` for the corpus, a `story`, an `actor` (as source or
    target) or a `country` (where they happened): `periods` oldest first, each with
    `total` and `counts` by key; `keys` most events first, with `totals`."""
    return event_series(store_of(request).engine, by=by, per=per,
                        articles=_hits(request, q), story=story, actor=actor,
                        country=country, since=since, until=until, plover=plover,
                        min_confidence=shown(request, min_confidence))


# -- drawing -----------------------------------------------------------------------------

def drawn_points(points: list[dict[str, Any]], world: bool = False
                 ) -> tuple[list[dict[str, Any]], str]:
    """Points as the page draws them, and the view box: the whole map with `world`, else
    the part around the points. Each point projected, with a radius growing with the square
    root of its events (area ∝ events; fatalities, where counted, take the place of events
    when more) that looks the same at any zoom, largest first so that small ones stay
    clickable on top."""
    where = [project(p["lon"], p["lat"]) for p in points]
    view, zoom = (VIEWBOX, 1.0) if world else fitted([x for x, _ in where],
                                                     [y for _, y in where])
    out = []
    for point, (x, y) in zip(points, where, strict=True):
        weight = max(point["events"], point["fatalities"] or 0)
        out.append({**point, "x": round(x, 1), "y": round(y, 1),
                    "r": round(min(10 + 8 * math.sqrt(weight), 70) * zoom, 1),
                    "hollow": point["precision"] == "country",
                    "href": (point["evidence"][0]["href"] if point["events"] == 1
                             and point["evidence"] else None)})
    return sorted(out, key=lambda p: -p["r"]), view


def series_chart(series: dict[str, Any], width: int = 560, height: int = 180
                 ) -> dict[str, Any]:
    """A series (`event_series`) as stacked bars placed by date: each bar's x, width and
    its segments (key, count, y, height), the keys in legend order, and the axis labels."""
    periods = series["periods"]
    if not periods:
        return {"bars": [], "legend": [], "width": width, "height": height}
    pad, top = 30, 12
    days = [_ordinal(p["period"]) for p in periods]
    span = max(days[-1] - days[0], MIN_SPAN)  # one day is a bar, not half the chart
    step = (width - pad - 10) / (span + 1)
    peak = max(p["total"] for p in periods)
    scale = (height - pad - top) / peak
    keys, totals = _colours(series["keys"], series["totals"])
    swatch = _swatches(keys)
    bars = []
    for period, day in zip(periods, days, strict=True):
        x, y, segments = pad + (day - days[0]) * step, height - pad, []
        for key, count in _folded(period["counts"], keys).items():
            y -= count * scale
            segments.append({"key": key, "count": count, "y": round(y, 1),
                             "h": round(count * scale, 1), "n": swatch[key]})
        bars.append({"period": period["period"], "total": period["total"], "x": round(x, 1),
                     "w": round(max(step * 0.8, 1.5), 1), "segments": segments})
    return {"bars": bars, "legend": [(k, swatch[k], totals[k]) for k in keys],
            "width": width, "height": height, "base": height - pad, "peak": peak,
            "top": top, "pad": pad, "per": "month" if len(periods[0]["period"]) == 7
            else "day", "by": series["by"]}


def _colours(keys: list[str], totals: dict[str, int]) -> tuple[list[str], dict[str, int]]:
    """The keys a chart colours (the COLOURS - 1 commonest, then OTHER for the rest) and
    their totals."""
    if len(keys) <= COLOURS:
        return keys, totals
    kept = keys[:COLOURS - 1]
    return kept + [OTHER], {**{k: totals[k] for k in kept},
                            OTHER: sum(totals[k] for k in keys[COLOURS - 1:])}


def _swatches(keys: list[str]) -> dict[str, str]:
    """The style suffix of each key (`.s0` …): events without a category and the folded
    rest are grey in every chart, the categories coloured in order."""
    fixed = {NO_CATEGORY: "none", OTHER: "other"}
    coloured = [k for k in keys if k not in fixed]
    return {k: fixed.get(k) or str(coloured.index(k)) for k in keys}


def _folded(counts: dict[str, int], keys: list[str]) -> dict[str, int]:
    """A period's counts by the chart's keys, in their order (the rest as OTHER)."""
    out = {key: counts[key] for key in keys if counts.get(key)}
    rest = sum(n for key, n in counts.items() if key not in out)
    if rest:
        out[OTHER] = out.get(OTHER, 0) + rest
    return out


def _ordinal(period: str) -> int:
    """The place of a period on its axis: days since year 1 of a YYYY-MM-DD day, months
    since year 1 of a YYYY-MM month."""
    from datetime import date

    parts = [int(p) for p in period.split("-")]
    if len(parts) == 2:
        return parts[0] * 12 + parts[1] - 1
    return date(*(parts + [1, 1])[:3]).toordinal()


def page_series(request: Request, **filters: Any) -> dict[str, Any]:
    """A page's chart of events per day by PLOVER category, or as `by` says (per month when
    the days span more than DAYS_DRAWN)."""
    engine = store_of(request).engine
    threshold = shown(request, filters.pop("min_confidence", None))
    span = series_span(engine, min_confidence=threshold, **filters)
    if span and span[0] and span[1] and _ordinal(span[1]) - _ordinal(span[0]) > DAYS_DRAWN:
        return series_chart(event_series(engine, per="month", min_confidence=threshold,
                                          **filters))
    series = event_series(engine, min_confidence=threshold, **filters)
    periods = series["periods"]
    if periods and _ordinal(periods[-1]["period"]) - _ordinal(periods[0]["period"]) > \
            DAYS_DRAWN:
        series = event_series(engine, per="month", min_confidence=threshold, **filters)
    return series_chart(series)


def _add_sentences(store: Any, evidence: list[dict[str, Any]]) -> None:
    """Each listed event's sentence as text (`text`), read from its article."""
    texts: dict[str, str] = {}
    for event in evidence:
        if event["article"] not in texts:
            texts[event["article"]] = store.article(event["article"]).text
        sentence = event.get("sentence") or {}
        event["text"] = texts[event["article"]][sentence.get("start", 0):sentence.get("end", 0)]


@page_router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, since: Day = None, until: Day = None, q: Words = None,
             actor: Name = None, country: Country = None, plover: Name = None,
             story: Name = None, at: Annotated[int | None, Query(ge=0, le=MAX_POINTS)] = None,
             view: Annotated[str, Query(pattern="^(fit|world)$")] = "fit", by: By = "plover"
             ) -> HTMLResponse:
    from .pages import render

    store = store_of(request)
    filters = {"since": since or None, "until": until or None, "actor": actor or None,
               "country": (country or "").upper() or None, "plover": plover or None,
               "story": story or None}
    hits = _hits(request, q)
    found = _points(request, filters, hits, None)
    points, viewbox = drawn_points(found["points"], world=view == "world")
    kept = {k: v for k, v in {**filters, "q": q, "by": by}.items() if v}
    for n, point in enumerate(points):
        point["at"] = n
        point["href"] = point["href"] or "/map?" + urlencode(
            {**kept, "view": view, "at": n}) + "#point"
    picked = points[at] if at is not None and at < len(points) else None
    if picked:
        place = (picked["lat"], picked["lon"], picked["precision"])
        picked["evidence"] = _points(request, dict(filters), hits, None,
                                     evidence=POINT_EVIDENCE, place=place
                                     )["points"][0]["evidence"]
        _add_sentences(store, picked["evidence"])
    return render(request, "map.html", {
        "found": found, "points": points, "picked": picked, "viewbox": viewbox,
        "view": view, "other_view": "/map?" + urlencode(
            {**kept, "view": "fit" if view == "world" else "world"}),
        "basemap": Markup(country_paths()),  # noqa: S704 (our own shipped file)
        "filters": {**filters, "q": q or "", "by": by}, "threshold": shown(request),
        "series": page_series(request, by=by, articles=hits, **filters),
        "actors": store.find_actors(limit=200, counted=False)["items"]})
