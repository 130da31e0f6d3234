"""The situation room in a real browser: Playwright driving Debian's Chromium against a
live server on a database built from the demo corpus. Screenshots go to
test-artifacts/screenshots/. Without /usr/bin/chromium these tests skip, unless
SITROOM_REQUIRE_BROWSER is set (as .ci/run does), where a missing browser fails."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("SITROOM_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "test-artifacts" / "screenshots"

if not Path(CHROMIUM).exists():
    if os.environ.get("SITROOM_REQUIRE_BROWSER"):
        raise RuntimeError(f"{CHROMIUM} is missing and SITROOM_REQUIRE_BROWSER is set "
                           "(install Debian's chromium package)")
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(demo_db):
    import uvicorn

    from sitroom.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # every stored event shown (min_confidence 0): these tests are about what the pages draw
    # and light up; which events pass the default threshold is tested in test_web
    config = uvicorn.Config(create_app(demo_db, min_confidence=0.0), host="127.0.0.1",
                            port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_story_list_story_graph_and_claim_evidence(server, page):
    page.goto(server + "/")
    rows = page.locator("tr.story-row")
    assert rows.count() >= 5
    shot(page, "01-stories")
    story = page.request.get(server + "/api/articles/ed-2024-10-18-korea").json()["story"]
    page.locator(f"a[href='/stories/{story}']").click()
    page.wait_for_selector("#graph svg g.node")
    nodes = page.locator("#graph svg g.node")
    assert nodes.count() >= 3
    names = set(page.locator("#graph svg g.node text").all_text_contents())
    assert {"North Korea", "Russia"} <= names
    assert page.locator("#graph svg line.edge.cooperation").count() >= 1
    shot(page, "02-story")
    assert not page.errors
    # a claim's evidence: the article opens with the claimed words lit up
    claim = page.locator("li.claim").first
    claim_text = claim.inner_text()
    claim.locator("a.evidence").first.click()
    page.wait_for_selector("#text mark")
    lit = "".join(page.locator("#text mark").all_text_contents())
    assert lit and " ".join(lit.split())[:40] in " ".join(claim_text.split())
    shot(page, "03-evidence")


def test_clicking_a_finding_lights_up_its_spans(server, page):
    page.goto(server + "/articles/ed-2024-10-18-korea")
    assert page.locator("#text mark").count() == 0
    page.locator("button.finding.event").first.click()
    trigger = page.locator("#text mark.trigger")
    assert trigger.count() == 1 and trigger.inner_text() == "sending"
    assert "North Korea" in page.locator("#text mark.source").all_text_contents()
    claim = page.locator("button.finding.claim").first
    claim.click()
    assert page.locator("#text mark.trigger").count() == 0
    lit = "".join(page.locator("#text mark").all_text_contents())
    assert lit.startswith(claim.inner_text().rstrip(".…")[:30])
    shot(page, "04-article")
    assert not page.errors


def test_search_from_the_header(server, page):
    page.goto(server + "/")
    page.fill("header input[name=q]", "arms race")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector("#finding-results")
    findings = page.locator("#finding-results li.result")
    assert findings.count() >= 1 and "arms race" in findings.first.inner_text()
    assert page.locator("#article-results li.result").count() >= 1
    shot(page, "05-search")


def test_planted_script_never_runs(server, page):
    for path in ("/", "/?q=denies+troop+reports", "/articles/xss-test",
                 "/search?q=spokesman+lies", "/search?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
                 "/actors"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, path
    page.goto(server + "/articles/xss-test")
    assert "<img src=x" in page.locator("h1").inner_text()  # shown as text, not markup
    for button in page.locator("button.finding").all():
        button.click()
    assert page.evaluate("window.__xss") is None
    story = page.locator("a[href^='/stories/']").first
    if story.count():
        story.click()
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None
    shot(page, "06-xss")
    assert page.dialogs == []


def test_actor_page_draws_its_trend_and_graph(server, page):
    page.goto(server + "/actors/PRK")
    page.wait_for_selector("#graph svg g.node")
    assert page.locator("svg.trend circle").count() >= 2
    assert page.locator("#relations tbody tr").count() >= 2
    page.locator("#graph svg g.node", has_text="Russia").first.locator("circle").click()
    page.wait_for_url("**/actors/RUS")
    assert "Russia" in page.locator("h1").inner_text()
    shot(page, "07-actor")
    assert not page.errors


def test_html_brief_is_styled_under_the_apps_policy(server, page):
    story = page.request.get(server + "/api/articles/ed-2024-10-18-korea").json()["story"]
    page.goto(f"{server}/api/stories/{story}/brief?format=html")
    page.wait_for_load_state("load")
    # the stylesheet's 52rem: with inline style blocked by the policy it would be "none"
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "832px"
    assert page.locator("h1").count() == 1 and page.locator("sup a").count() >= 1
    shot(page, "08-brief-html")
    assert not page.errors


def _placed_events(demo_db) -> tuple[int, set[tuple[float, float, str]], int]:
    """Events the demo database holds with a place (every stored event: the server shows
    them all), the distinct places among them, and the events with a date, read from the
    stored analyses rather than from the map's own queries."""
    from sitroom.store import Store

    store = Store(demo_db)
    placed, places, dated = 0, set(), 0
    for article in store.find_articles(limit=None)["items"]:
        for event in store.analysis(article["id"]).events:
            dated += bool(event.date or article["published"])
            if event.place is not None:
                placed += 1
                places.add((event.place.lat, event.place.lon, event.place.precision))
    store.close()
    return placed, places, dated


def test_map_draws_every_placed_event_and_opens_its_evidence(server, page, demo_db):
    placed, places, _ = _placed_events(demo_db)
    page.goto(server + "/map")
    assert page.locator("svg.map path.country").count() >= 170  # the basemap
    assert page.locator("svg.map path.country[data-iso='UKR']").count() == 1
    points = page.locator("svg.map a.point")
    assert placed > 0 and points.count() == len(places)
    drawn = sum(int(n) for n in points.evaluate_all(
        "els => els.map(e => e.getAttribute('data-events'))"))
    assert drawn == placed  # every event in a named place is on the map
    assert page.locator("svg.map a.point circle.hollow").count() == len(
        [p for p in places if p[2] == "country"])
    shot(page, "09-map")
    # a place with one event opens the article at that event, its trigger lit up
    page.locator("svg.map a.point[data-events='1'] circle").last.click()
    page.wait_for_url("**/articles/**?event=*")
    page.wait_for_selector("#text mark.trigger")
    # a place with several lists them; each opens its evidence (test_web_map checks the
    # list on a handmade store, whatever places the demo corpus yields)
    page.goto(server + "/map")
    several = page.locator("svg.map a.point:not([data-events='1']) circle")
    if several.count():
        several.last.click()
        page.wait_for_selector("#point a.evidence")
        shot(page, "10-map-point")
        page.locator("#point a.evidence").first.click()
        page.wait_for_selector("#text mark.trigger")
    # the filter form, other fields left blank: one country's places only
    page.goto(server + "/map")
    country = page.locator("svg.map a.point").first.get_attribute("data-country")
    page.fill("form.filters input[name=country]", country)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/map?*country=*")
    kept = page.locator("svg.map a.point").evaluate_all(
        "els => els.map(e => e.getAttribute('data-country'))")
    assert kept and set(kept) == {country}
    assert not page.errors


def test_series_chart_draws_a_bar_per_period(server, page, demo_db):
    _, _, dated = _placed_events(demo_db)
    page.goto(server + "/map")
    bars = page.locator("#series svg.trend g.bar")
    assert bars.count() >= 2 and page.locator("#series svg.trend g.bar rect").count() >= \
        bars.count()
    totals = bars.evaluate_all("els => els.map(e => Number(e.getAttribute('data-total')))")
    assert sum(totals) == dated
    box = page.locator("#series svg.trend").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 80
    story = page.request.get(server + "/api/articles/ed-2024-10-18-korea").json()["story"]
    page.goto(f"{server}/stories/{story}")
    assert page.locator("#series svg.trend g.bar").count() >= 1
    shot(page, "11-story-series")
    assert not page.errors


# A graph of twelve actors, long names among them, and a hub: what a busy story draws.
BUSY_NAMES = ["Russia", "Ukraine", "United States", "North Korea", "South Korean government",
              "European Union", "Chinese government", "International Atomic Energy Agency",
              "a senior official at the presidential office in Seoul", "NATO", "Iran",
              "Hungary"]
BUSY_EDGES = [(0, 1, "conflict"), (3, 0, "cooperation"), (2, 1, "cooperation"),
              (4, 3, "conflict"), (5, 0, "conflict"), (0, 5, "conflict"),
              (6, 0, "cooperation"), (7, 10, "mixed"), (8, 3, "conflict"),
              (9, 0, "conflict"), (10, 0, "cooperation"), (11, 5, "conflict"),
              (2, 6, "mixed"), (1, 9, "cooperation"), (2, 4, "cooperation"),
              (0, 11, "cooperation")]

# Label boxes (screen coordinates) against the drawing, each other and the lines; a line's
# arrow head (where it has one) reaches ARROW (11) user units beyond its end.
GRAPH_CHECK = """() => {
  const svg = document.querySelector('#graph svg'), frame = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('g.node')].map((g) => ({ id: g.dataset.id,
    box: g.querySelector('text').getBoundingClientRect() }));
  const inside = (r, s) => !(s[0] <= r.left || s[0] >= r.right || s[1] <= r.top ||
    s[1] >= r.bottom);
  const crosses = (a, b, r) => {  // segment a-b through rectangle r shrunk by 1px
    const box = { left: r.left + 1, right: r.right - 1, top: r.top + 1, bottom: r.bottom - 1 };
    for (let k = 0; k <= 200; k++) {
      const t = k / 200;
      if (inside(box, [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])) return true;
    }
    return false;
  };
  const screen = (el, x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y;
    const q = p.matrixTransform(el.getScreenCTM()); return [q.x, q.y]; };
  const problems = [];
  for (const l of labels) {
    const b = l.box;
    if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5 || b.top < frame.top - 0.5 ||
        b.bottom > frame.bottom + 0.5) problems.push(`${l.id}: name outside the drawing`);
  }
  labels.forEach((l, i) => labels.slice(i + 1).forEach((m) => {
    const w = Math.min(l.box.right, m.box.right) - Math.max(l.box.left, m.box.left);
    const h = Math.min(l.box.bottom, m.box.bottom) - Math.max(l.box.top, m.box.top);
    if (w > 1 && h > 1) problems.push(`${l.id} / ${m.id}: names overlap`);
  }));
  for (const line of svg.querySelectorAll('line.edge')) {
    const g = (n) => Number(line.getAttribute(n));
    const a = screen(line, g('x1'), g('y1')), b = screen(line, g('x2'), g('y2'));
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const head = line.hasAttribute('marker-end') ? 11 : 0;
    const tip = [b[0] + (b[0] - a[0]) / len * head, b[1] + (b[1] - a[1]) / len * head];
    for (const l of labels) {
      if (crosses(a, tip, l.box)) problems.push(
        `${line.dataset.source}→${line.dataset.target} over the name of ${l.id}`);
    }
  }
  return { problems, labels: labels.length, lines: svg.querySelectorAll('line.edge').length };
}"""


@pytest.mark.parametrize("where", ["story", "actor"])
def test_graph_of_many_actors_keeps_names_legible(server, page, where):
    """Past 8 nodes: every name inside the drawing, no name over another, no line or
    arrow over a name (the story graph, and the smaller one of an actor page)."""
    story = page.request.get(server + "/api/articles/ed-2024-10-18-korea").json()["story"]
    page.goto(f"{server}/stories/{story}" if where == "story" else f"{server}/actors/CHN")
    page.wait_for_selector("#graph svg g.node")
    data = {"nodes": [{"id": f"n{i}", "name": name, "events": 1 + (7 if i == 0 else i % 4)}
                      for i, name in enumerate(BUSY_NAMES)],
            "edges": [{"source": f"n{a}", "target": f"n{b}", "relation": kind,
                       "count": 1 + (a + b) % 5, "goldstein": 1.0, "codes": {}}
                      for a, b, kind in BUSY_EDGES]}
    page.evaluate("(data) => drawGraph(document.getElementById('graph'), data)", data)
    found = page.evaluate(GRAPH_CHECK)
    shot(page, f"12-graph-{where}")
    assert (found["labels"], found["lines"]) == (len(BUSY_NAMES), len(BUSY_EDGES))
    assert found["problems"] == []
    assert not page.errors
