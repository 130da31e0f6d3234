"""The situation room against hostile requests: every parameter has a range or a length,
the write endpoint checks its token before reading a body and caps the body, the graph is
paged, ids with "/" round-trip in links, and the HTML brief's style obeys the app's policy."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import time
import warnings
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")

from fastapi.routing import APIRoute  # noqa: E402

from sitroom.store.findings import MAX_OFFSET, MAX_QUERY  # noqa: E402
from sitroom.web import alerts as web_alerts  # noqa: E402
from sitroom.web import api, create_app, pages, write  # noqa: E402
from sitroom.web import geo as web_geo  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

TOKEN = "s3cret"
HUGE = "9223372036854775808"  # one past SQL's largest integer
TOO_LONG = "x" * 5000


def _routes() -> list[tuple[str, APIRoute]]:
    """Every route of the app that reads parameters, as it is mounted."""
    return ([("/api" + r.path, r) for r in api.router.routes] +
            [("/api" + r.path, r) for r in write.router.routes] +
            [(r.path, r) for r in pages.router.routes] +  # type: ignore[attr-defined]
            [("/api" + r.path, r) for r in web_alerts.api_router.routes] +
            [(r.path, r) for r in web_alerts.page_router.routes] +  # type: ignore[attr-defined]
            [("/api" + r.path, r) for r in web_geo.api_router.routes] +
            [(r.path, r) for r in web_geo.page_router.routes])  # type: ignore[attr-defined]


def _bad_values() -> list[tuple[str, str, str, str]]:
    """(method, path with its ids filled in, parameter, value) for each parameter of each
    route: out-of-range numbers, non-finite floats and over-long text."""
    cases = []
    for path, route in _routes():
        method = sorted(route.methods)[0]
        filled = re.sub(r"\{[^}]+\}", "x", path)
        for field in route.dependant.query_params:
            kind = field.field_info.annotation
            if kind is bool:
                continue
            if kind in (int, int | None):
                values = [HUGE, "-1", str(MAX_OFFSET + 1) + "0"]
            elif kind in (float, float | None):
                values = [HUGE, "-1", "nan", "inf"]
            else:
                values = [TOO_LONG]
            cases += [(method, filled, field.alias, v) for v in values]
        for field in route.dependant.path_params:
            cases.append((method, re.sub(
                r"\{([^}:]+)(:path)?\}",
                lambda m, name=field.alias: TOO_LONG if m.group(1) == name else "x",
                path), field.alias, ""))
    return cases


@pytest.fixture(scope="module")
def client(demo_db):
    return TestClient(create_app(demo_db), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def writable(demo_db, tmp_path_factory):
    """A client on a copy of the demo database that takes posts with TOKEN."""
    copy = tmp_path_factory.mktemp("hardening") / "writable.db"
    shutil.copy(demo_db, copy)
    return TestClient(create_app(str(copy), token=TOKEN), raise_server_exceptions=False)


def _mounted(routes: list[Any], prefix: str = "") -> set[tuple[str, tuple[str, ...]]]:
    """(path, methods) of every APIRoute under `routes` (app.routes), included routers
    walked into (FastAPI ≥ 0.160 keeps them as one route each)."""
    found = set()
    for route in routes:
        if isinstance(route, APIRoute):
            found.add((prefix + route.path, tuple(sorted(route.methods))))
        elif hasattr(route, "original_router"):
            found |= _mounted(route.original_router.routes,
                              prefix + (route.include_context.prefix or ""))
    return found


def test_web_hardening_cases_cover_every_route_of_the_app(writable):
    walked = {(path, tuple(sorted(r.methods))) for path, r in _routes()}
    assert _mounted(writable.app.routes) == walked
    assert len({c[1] for c in _bad_values()}) >= 20


@pytest.mark.parametrize(("method", "path", "name", "value"), _bad_values())
def test_web_hardening_out_of_range_parameters_get_422_naming_them(
        writable, method, path, name, value):
    params = {name: value} if value else {}
    headers = {"Authorization": f"Bearer {TOKEN}"}
    response = writable.request(method, path, params=params, headers=headers)
    assert response.status_code == 422, (path, name, value, response.text[:300])
    if path.startswith("/api/"):
        assert name in {str(part) for e in response.json()["detail"] for part in e["loc"]}
    else:
        assert f"{name}:" in response.text and "Not understood" in response.text


@pytest.mark.parametrize("path", ["/api/articles", "/api/stories", "/api/events", "/api/quotes",
                                  "/api/claims", "/api/actors", "/", "/actors"])
def test_web_hardening_the_deepest_offset_gives_an_empty_page(client, path):
    response = client.get(path, params={"offset": MAX_OFFSET})
    assert response.status_code == 200
    if path.startswith("/api/"):
        assert response.json()["items"] == []


@pytest.mark.parametrize("path", ["/api/stories", "/", "/search", "/api/search",
                                  "/api/actors", "/actors"])
def test_web_hardening_word_queries_are_capped(client, path):
    assert client.get(path, params={"q": "troops " * 1200}).status_code == 422
    started = time.perf_counter()
    capped = ("troops " * 100)[:MAX_QUERY]
    assert client.get(path, params={"q": capped}).status_code == 200
    assert time.perf_counter() - started < 2.0


def test_web_hardening_store_reads_the_first_characters_of_a_long_query(demo_db):
    from sitroom.store import Store

    store = Store(demo_db)
    try:
        # 400 characters of a word found, then words found nowhere: a LIKE pattern SQLite
        # refuses and an FTS query of 8,000 terms, were they read
        query = ("troops " * 57).ljust(MAX_QUERY) + "zzyzx " * 8000
        started = time.perf_counter()
        long = store.find_stories(query=query)
        assert time.perf_counter() - started < 2.0
        assert long["total"] > 0
        assert long == store.find_stories(query="troops")
    finally:
        store.close()


def _post(app: Any, headers: list[tuple[bytes, bytes]], chunks: int,
          chunk: bytes) -> tuple[int, int]:
    """POST /api/articles to the ASGI `app` with a streamed body of `chunks` × `chunk`:
    the status answered and how many bytes the app took from the stream."""
    taken = 0
    sent = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal taken, sent
        if sent >= chunks:
            return {"type": "http.disconnect"}
        sent += 1
        taken += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": sent < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/api/articles",
             "raw_path": b"/api/articles", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                         *headers], "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    return status, taken


@pytest.mark.parametrize("authorization", [None, b"Bearer wrong", b"Basic czNjcmV0"])
def test_web_hardening_token_is_checked_before_the_body_is_read(writable, authorization):
    headers = [(b"authorization", authorization)] if authorization else []
    # 256 MB offered, without a declared length
    status, taken = _post(writable.app, headers, 256, b" " * 2**20)
    assert status == 401
    assert taken == 0


@pytest.mark.parametrize("declared", [True, False])
def test_web_hardening_body_over_the_cap_gets_413(writable, monkeypatch, declared):
    monkeypatch.setattr(write, "MAX_BODY", 10_000)
    headers = [(b"authorization", f"Bearer {TOKEN}".encode())]
    if declared:
        headers.append((b"content-length", b"40000"))
    status, taken = _post(writable.app, headers, 40, b" " * 1000)
    assert status == 413
    assert taken <= (0 if declared else 11_000)


@pytest.mark.parametrize(("body", "reason"), [
    (b"{not json", "not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"text": "one record, not a list"}', "must be a JSON list"),
    (json.dumps([{"text": "x"}] * 101).encode(), "at most 100 articles"),
])
def test_web_hardening_bad_bodies_get_a_clear_answer(writable, body, reason):
    response = writable.post("/api/articles", content=body,
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (413, 422)
    assert reason in response.json()["detail"]


def test_web_hardening_graph_is_paged_heaviest_first(client):
    every = {"min_confidence": 0}
    default = client.get("/api/graph", params=every).json()
    assert default["limit"] == api.GRAPH_PAGE and default["offset"] == 0
    assert default["total"] > 10 and len(default["edges"]) == min(default["total"],
                                                                  api.GRAPH_PAGE)
    ten = client.get("/api/graph", params={**every, "limit": 10}).json()
    pages_of_five = [client.get("/api/graph", params={**every, "limit": 5, "offset": o}).json()
                     for o in (0, 5)]
    pairs = [(e["source"], e["target"]) for e in ten["edges"]]
    assert pairs == [(e["source"], e["target"]) for p in pages_of_five for e in p["edges"]]
    counts = [e["count"] for e in default["edges"]]
    assert counts == sorted(counts, reverse=True)
    for page in [ten, *pages_of_five]:
        ends = {e[end] for e in page["edges"] for end in ("source", "target")}
        assert {n["id"] for n in page["nodes"]} == ends
        assert all(e["evidence"] for e in page["edges"])
    past = client.get("/api/graph", params={**every, "offset": default["total"]}).json()
    assert past["edges"] == [] and past["nodes"] == [] and past["total"] == default["total"]


# ("%" is left out: the test client decodes a path twice; uvicorn decodes it once)
SLASHED = ["wire/2024/10/27/seoul-protest", "odd id?q=1#frag/../x", "./lead"]
PLACES = ["Seoul", "Busan", "Incheon"]


@pytest.fixture(scope="module")
def slashed(writable):
    records = [{"id": i, "title": f"{place} protests", "source": "Posted Wire",
                "published": "2024-10-27",
                "text": f"Protesters in {place} marched to the Russian embassy on Sunday "
                        "against the deployment of North Korean troops."}
               for i, place in zip(SLASHED, PLACES, strict=True)]
    answer = writable.post("/api/articles", json=records,
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 201, answer.text
    assert [a["id"] for a in answer.json()["stored"]] == SLASHED
    return writable


@pytest.mark.parametrize("article_id", SLASHED)
def test_web_hardening_ids_with_slashes_round_trip(slashed, article_id):
    encoded = quote(article_id, safe="")
    article = slashed.get(f"/api/articles/{encoded}")
    assert article.status_code == 200 and article.json()["id"] == article_id
    page = slashed.get(f"/articles/{encoded}")
    assert page.status_code == 200 and f"<code>{article_id}</code>".replace(
        "&", "&amp;") in page.text
    story = article.json()["story"]
    story_page = slashed.get(f"/stories/{quote(story, safe='')}")
    assert story_page.status_code == 200
    assert f'href="/articles/{encoded}"' in story_page.text  # the link the page gives
    members = slashed.get(f"/api/stories/{quote(story, safe='')}").json()["articles"]
    assert article_id in {a["id"] for a in members}


@pytest.mark.parametrize("suffix", ["", "/brief", "/graph", "/timeline"])
def test_web_hardening_story_ids_with_slashes_reach_their_route(client, suffix):
    response = client.get(f"/api/stories/{quote('desk/story-1', safe='')}{suffix}")
    assert response.status_code == 404
    assert "'desk/story-1'" in response.json()["detail"]


def test_web_hardening_brief_html_links_the_served_stylesheet(client):
    story = client.get("/api/articles/ed-2024-10-18-korea").json()["story"]
    brief = client.get(f"/api/stories/{story}/brief", params={"format": "html"})
    assert brief.status_code == 200
    assert "<style" not in brief.text and " style=" not in brief.text
    assert "style-src 'self'" in brief.headers["content-security-policy"]
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)">', brief.text)
    sheet = client.get(href)
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")
    assert "max-width" in sheet.text


def test_web_hardening_standalone_brief_keeps_its_inline_style():
    from sitroom.stories.render import to_html

    brief = {"title": "T", "sections": {}, "articles": []}
    standalone = to_html(brief)
    assert "<style>" in standalone and "max-width" in standalone
    assert "Content-Security-Policy" in standalone and "<link" not in standalone
