"""Server-rendered pages. Jinja2 autoescapes every value; the JSON a page's script needs is
put in a `<script type="application/json">` block through `tojson`, which escapes `<`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import quote as url_quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..errors import NotFound
from ..records import CERTAINTIES, SHOWN_CAUSAL, SHOWN_QUOTE_CONFIDENCE, quote_shown
from ..store.findings import MAX_QUERY
from ..stories.render import TITLES
from .api import (
    ActorId,
    ArticleId,
    Day,
    Name,
    Offset,
    StoryId,
    Words,
    search_all,
    shown,
    store_of,
    story_brief,
)
from .app import HERE
from .geo import page_series

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
PAGE = 25
GRAPH_EDGES = 40  # a graph drawn with more is a hairball: the strongest relations show
RELATIONS = 30
TREND_POINTS = 90  # more days than this and the trend is drawn by month


def render(request: Request, name: str, context: dict[str, Any],
           status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def _pages(listing: dict[str, Any]) -> dict[str, Any]:
    """Previous/next offsets of a listing."""
    offset, limit, total = listing["offset"], listing["limit"], listing["total"]
    return {"previous": max(0, offset - limit) if offset else None,
            "next": offset + limit if offset + limit < total else None,
            "first": offset + 1 if total else 0, "last": min(total, offset + limit),
            "total": total}


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: Words = None, since: Day = None,
                 until: Day = None, actor: Name = None, outlet: Name = None,
                 offset: Offset = 0) -> HTMLResponse:
    store = store_of(request)
    listing = store.find_stories(query=q or None, since=since, until=until,
                                 actor=actor or None, outlet=outlet or None, limit=PAGE,
                                 offset=offset)
    filters = {"q": q or "", "since": since or "", "until": until or "", "actor": actor or "",
               "outlet": outlet or ""}
    return render(request, "stories.html", {
        "listing": listing, "pages": _pages(listing), "filters": filters,
        "outlets": store.outlets(),
        "actors": store.find_actors(limit=200, counted=False)["items"]})


def around(text: str, start: int, end: int, chars: int = 120) -> str:
    """The cited span with about `chars` characters each side, cut at whole words ("…" where
    the text goes on)."""
    left = max(0, start - chars)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else start
    right = min(len(text), end + chars)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else end
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId) -> HTMLResponse:
    store = store_of(request)
    found = store.find_stories(story=story_id)
    if not found["items"]:
        raise NotFound(f"no story {story_id!r} in this database")
    # the page is where a reader checks the evidence: every section whole (the short
    # brief is one click away, as Markdown or HTML)
    brief = story_brief(request, story_id, full=True)
    sections = brief["sections"]
    # the texts the disagreements quote side by side (not every member's)
    texts = {c["article"]: store.article(c["article"]).text
             for item in sections.get("disagreements", []) for c in item["citations"][:4]}
    numbers = {a["id"]: n for n, a in enumerate(brief["articles"], 1)}
    speakers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for quote in sections.get("quotes", []):
        speakers[quote.get("speaker") or "unnamed"].append(quote)
    several = len({a.get("source") for a in brief["articles"]}) > 1
    claims = [dict(item, section=name, single=several and item.get("sources") == 1)
              for name in ("motives", "implications", "claims")
              for item in sections.get(name, [])]
    return render(request, "story.html", {
        "story": found["items"][0], "brief": brief, "sections": sections, "titles": TITLES,
        "texts": texts, "numbers": numbers, "speakers": dict(speakers), "claims": claims,
        "around": around, "series": page_series(request, story=story_id),
        # by country: the story's "North Korea → Russia", not one node per ministry
        "graph": _drawn(store.actor_graph(story=story_id, evidence=0, by_country=True,
                                          min_confidence=shown(request), limit=GRAPH_EDGES))})


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, q: Words = None, offset: Offset = 0) -> HTMLResponse:
    listing = store_of(request).find_actors(query=q or None, limit=PAGE * 2, offset=offset)
    return render(request, "actors.html", {"listing": listing, "pages": _pages(listing),
                                           "q": q or ""})


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: ActorId) -> HTMLResponse:
    store = store_of(request)
    threshold = shown(request)
    actor = store.actor(actor_id, threshold)
    # its heaviest edges (every edge of an actor's graph has it at one end) and their count
    graph = store.actor_graph(actor=actor_id, evidence=0, min_confidence=threshold,
                              limit=max(GRAPH_EDGES, RELATIONS))
    names = {n["id"]: n["name"] for n in graph["nodes"]}
    relations = graph["edges"]
    trend = store.actor_trend(actor_id, min_confidence=threshold)
    if len(trend) > TREND_POINTS:
        trend = _by_month(trend)
    return render(request, "actor.html", {
        "actor": actor, "relations": relations[:RELATIONS], "more": graph["total"] - RELATIONS,
        "names": names, "graph": _strongest(graph, GRAPH_EDGES), "trend": trend,
        "series": page_series(request, actor=actor_id),
        # the latest few of each; the counts shown come from `actor`
        "did": store.find_events(source=actor_id, limit=20, counted=False,
                                 min_confidence=threshold),
        "done_to": store.find_events(target=actor_id, limit=20, counted=False,
                                     min_confidence=threshold),
        "quotes_by": store.find_quotes(speaker=actor_id, limit=20, counted=False,
                                       min_confidence=SHOWN_QUOTE_CONFIDENCE),
        "quotes_about": store.find_quotes(actor=actor_id, limit=20, counted=False,
                                          min_confidence=SHOWN_QUOTE_CONFIDENCE),
        "claims": store.find_claims(actor=actor_id, limit=20, counted=False)})


def _sure(findings: list[dict[str, Any]], threshold: float) -> list[tuple[int, dict[str, Any]]]:
    """(stored index, finding) of the findings at or above `threshold`: the index keeps
    links such as ?quote=N pointing at the stored finding."""
    return [(n, f) for n, f in enumerate(findings) if (f.get("confidence") or 0.0) >= threshold]


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId) -> HTMLResponse:
    store = store_of(request)
    info = store.article_info(article_id)
    try:
        analysis = store.analysis(info["id"]).to_dict()
    except NotFound:
        analysis = {"events": [], "quotes": [], "claims": [], "actors": [], "causal": []}
    names = {a["id"]: a["name"] for a in analysis.get("actors", [])}
    story = store.story_of([info["id"]]).get(info["id"])
    threshold = shown(request)
    # (stored index, event): ?event=N links name the stored index
    events = _sure(analysis["events"], threshold)
    quotes = [(n, q) for n, q in enumerate(analysis.get("quotes", []))
              if quote_shown(q.get("confidence"), q["speaker"].get("actor"))]
    links = _sure(analysis.get("causal", []), SHOWN_CAUSAL)
    return render(request, "article.html", {
        "article": info, "analysis": analysis, "names": names, "story": story,
        "events": events, "hidden_events": len(analysis["events"]) - len(events),
        "quotes": quotes, "hidden_quotes": len(analysis.get("quotes", [])) - len(quotes),
        "quote_threshold": SHOWN_QUOTE_CONFIDENCE,
        "links": links, "hidden_links": len(analysis.get("causal", [])) - len(links),
        "link_threshold": SHOWN_CAUSAL,
        "threshold": threshold,
        "story_title": store.story_title(story) if story else None})


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Words = None) -> HTMLResponse:
    store = store_of(request)
    query = (q or "").strip()
    results = search_all(store, query, 30, 40, 10) if query else \
        {"articles": [], "findings": [], "actors": []}
    return render(request, "search.html", {"q": query, "results": results})


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI description as a page (served from here: no CDN-hosted viewer)."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "tags": op.get("tags", []),
                "parameters": [{"name": p["name"], "in": p["in"],
                                "required": p.get("required", False),
                                "description": p.get("description") or p["schema"].get(
                                    "description", ""),
                                "type": p["schema"].get("type") or " | ".join(
                                    s.get("type", "?") for s in p["schema"].get("anyOf", []))}
                               for p in op.get("parameters", [])]})
    return render(request, "api.html", {"spec": spec, "operations": operations})


def _by_month(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A daily trend (`Store.actor_trend`) summed up by month."""
    months: dict[str, dict[str, Any]] = {}
    for day in days:
        month = months.setdefault(day["period"][:7], {"period": day["period"][:7],
                                                      "events": 0, "total": 0.0,
                                                      "as_source": 0})
        month["events"] += day["events"]
        month["total"] += day["goldstein"] * day["events"]
        month["as_source"] += day["as_source"]
    return [{"period": m["period"], "events": m["events"], "as_source": m["as_source"],
             "goldstein": round(m.pop("total") / m["events"], 2)} for m in months.values()]


def _drawn(page: dict[str, Any]) -> dict[str, Any]:
    """A page of a graph's heaviest edges (`Store.actor_graph` with `limit`) as a page
    draws it: nodes, edges and how many relations were left out."""
    return {"nodes": page["nodes"], "edges": page["edges"],
            "left_out": page["total"] - len(page["edges"])}


def _strongest(graph: dict[str, Any], edges: int) -> dict[str, Any]:
    """The graph cut to its `edges` heaviest edges and the actors on them."""
    kept = graph["edges"][:edges]
    ends = {e["source"] for e in kept} | {e["target"] for e in kept}
    return {"nodes": [n for n in graph["nodes"] if n["id"] in ends], "edges": kept,
            "left_out": len(graph["edges"]) - len(kept)}


def certainty_rank(values: list[str]) -> str:
    """The firmest certainty among `values` (for a badge)."""
    return next((c for c in CERTAINTIES if c in values), values[0] if values else "")


def idpath(value: Any) -> str:
    """An id as one path segment of a link: every reserved character escaped, "/" too (the
    routes take %2F as "/"), so that no id reads as another path."""
    return url_quote(str(value), safe="")


templates.env.globals["certainty_rank"] = certainty_rank
templates.env.filters["idpath"] = idpath
templates.env.globals["max_query"] = MAX_QUERY
