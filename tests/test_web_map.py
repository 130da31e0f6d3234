"""The map and the time series (`/map`, `/api/map`, `/api/series`) over a small store built
here: events with places written by hand, so that each point, count and link is known
before the code runs (browser tests on the demo corpus: test_browser.py)."""

from __future__ import annotations

import re
import warnings
from urllib.parse import quote

import pytest

from sitroom.records import Article, ArticleAnalysis

pytest.importorskip("fastapi")

KABUL_TEXT = ("Taliban fighters attacked a checkpoint in Kabul on Friday, killing 12. "
              "Officials met Taliban envoys in Kabul. "
              "Afghanistan's government met the envoys again on Saturday. "
              "The ministry criticised the envoys. "
              "Gunmen attacked a market in Kunduz.")
KYIV_TEXT = ("Russian drones attacked Kyiv overnight, killing three people. "
             "Russian missiles attacked Kyiv again the next day.")

KABUL = {"name": "Kabul", "country": "AFG", "admin1": "Kabul", "lat": 34.53, "lon": 69.17,
         "precision": "city"}
AFGHANISTAN = {"name": "Afghanistan", "country": "AFG", "admin1": None, "lat": 33.0,
               "lon": 65.0, "precision": "country"}
KUNDUZ = {"name": "Kunduz", "country": "AFG", "admin1": "Kunduz", "lat": 36.73,
          "lon": 68.86, "precision": "city"}
KYIV = {"name": "Kyiv", "country": "UKR", "admin1": "Kyiv City", "lat": 50.45, "lon": 30.52,
        "precision": "city"}

# (sentence number, trigger, cameo, plover, quad class, source, target, date, place,
#  fatalities, confidence) of each article's events, in stored order
ASSAULT = ("190", "ASSAULT", 4)
CONSULT = ("040", "CONSULT", 1)
ACCUSE = ("111", "ACCUSE", 3)
EVENTS = {
    "kabul/1": (KABUL_TEXT, "2024-10-18", [
        (0, "attacked", *ASSAULT, "TAL", "AFG", "2024-10-18", KABUL, 12, 0.9),
        (1, "met", *CONSULT, "AFG", "TAL", "2024-10-18", KABUL, None, 0.9),
        (2, "met", *CONSULT, "AFG", "TAL", "2024-10-19", AFGHANISTAN, None, 0.9),
        (4, "attacked", *ASSAULT, None, None, "2024-10-18", KUNDUZ, None, 0.3),
        (3, "criticised", *ACCUSE, "AFG", "TAL", "2024-10-19", None, None, 0.9),
    ]),
    "kyiv 2": (KYIV_TEXT, "2024-11-02", [
        (0, "attacked", *ASSAULT, "RUS", "UKR", "2024-11-02", KYIV, 3, 0.9),
        (1, "attacked", *ASSAULT, "RUS", "UKR", "2024-11-03", KYIV, None, 0.8),
    ]),
}
ACTORS = {"TAL": "Taliban", "AFG": "Afghanistan", "RUS": "Russia", "UKR": "Ukraine"}


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]


def _analysis(article: Article, rows: list[tuple]) -> ArticleAnalysis:
    text = article.text
    sentences = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e)
                 for s, e in _sentences(text)]
    events = []
    for number, trigger, cameo, plover, quad, source, target, date, place, dead, sure in rows:
        start, end = sentences[number]
        at = text.index(trigger, start)
        events.append({
            "source": source, "target": target, "cameo": cameo, "root": cameo[:2],
            "plover": plover, "goldstein": -5.0, "quad_class": quad, "modality": "asserted",
            "trigger": {"start": at, "end": at + len(trigger), "text": trigger},
            "sentence": {"start": start, "end": end}, "date": date, "confidence": sure,
            "place": {**place, "span": None} if place else None, "fatalities": dead})
    actors = [{"id": code, "name": name, "type": "state", "code": code, "country": code,
               "mentions": []} for code, name in ACTORS.items()
              if any(code in (r[5], r[6]) for r in rows)]
    return ArticleAnalysis.from_dict({
        "article": article.to_dict(), "actors": actors, "events": events, "quotes": [],
        "claims": [], "causal": [],
        "sentences": [{"start": s, "end": e} for s, e in sentences]})


def build(store) -> None:
    from sitroom.stories.stored import update_stories

    batch = [Article(id=article_id, text=text, source="Wire", published=published)
             for article_id, (text, published, _) in EVENTS.items()]
    plans = store.plan(batch, analyse=True)
    store.write(plans, [_analysis(p.article, EVENTS[p.article.id][2]) for p in plans])
    update_stories(store)


@pytest.fixture
def client(store):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from sitroom.web import create_app

    build(store)
    return TestClient(create_app(store))


def points(client, **params) -> dict[str, tuple]:
    """name → (events, fatalities, precision) of the points /api/map answers."""
    found = client.get("/api/map", params=params)
    assert found.status_code == 200, found.text
    return {p["name"]: (p["events"], p["fatalities"], p["precision"])
            for p in found.json()["points"]}


def test_web_map_points_group_events_by_place(client):
    # Kunduz's event is below the shown confidence (0.7); the unplaced event is not drawn
    assert points(client) == {"Kabul": (2, 12, "city"), "Afghanistan": (1, None, "country"),
                              "Kyiv": (2, 3, "city")}
    found = client.get("/api/map").json()
    assert (found["placed"], found["unplaced"], found["total_points"]) == (5, 1, 3)


def test_web_map_points_have_coordinates_and_link_to_their_events(client):
    for point in client.get("/api/map", params={"evidence": 10}).json()["points"]:
        place = {"Kabul": KABUL, "Afghanistan": AFGHANISTAN, "Kyiv": KYIV}[point["name"]]
        assert (point["lat"], point["lon"], point["country"]) == \
            (place["lat"], place["lon"], place["country"])
        assert len(point["evidence"]) == point["events"]
        for event in point["evidence"]:
            assert event["href"] == f"/articles/{quote(event['article'], safe='')}" \
                                    f"?event={event['n']}"
            stored = EVENTS[event["article"]][2][event["n"]]
            assert (stored[8] or {}).get("name") == point["name"]


def test_web_map_points_list_one_event_unless_asked_for_more(client):
    one = {p["name"]: [e["n"] for e in p["evidence"]]
           for p in client.get("/api/map").json()["points"]}
    assert one == {"Kabul": [1], "Afghanistan": [2], "Kyiv": [1]}  # each the stored last
    latest = {p["name"]: [(e["date"], e["n"]) for e in p["evidence"]]
              for p in client.get("/api/map", params={"evidence": 2}).json()["points"]}
    assert latest["Kyiv"] == [("2024-11-03", 1), ("2024-11-02", 0)]
    assert client.get("/api/map", params={"evidence": 51}).status_code == 422


@pytest.mark.parametrize(("params", "expected"), [
    ({"since": "2024-10-19"}, {"Afghanistan", "Kyiv"}),
    ({"until": "2024-10-18"}, {"Kabul"}),
    ({"country": "ukr"}, {"Kyiv"}),
    ({"actor": "TAL"}, {"Kabul", "Afghanistan"}),
    ({"plover": "assault"}, {"Kabul", "Kyiv"}),
    ({"q": "drones"}, {"Kyiv"}),
    ({"min_confidence": 0}, {"Kabul", "Afghanistan", "Kyiv", "Kunduz"}),
    ({"min_confidence": 0.85}, {"Kabul", "Afghanistan", "Kyiv"}),
])
def test_web_map_filters_like_the_events_api(client, params, expected):
    assert set(points(client, **params)) == expected


def test_web_map_counts_only_the_events_a_filter_keeps(client):
    assert points(client, min_confidence=0.85)["Kyiv"] == (1, 3, "city")
    assert points(client, plover="CONSULT")["Kabul"] == (1, None, "city")


@pytest.mark.parametrize(("params", "expected"), [
    ({}, {"2024-10-18": {"ASSAULT": 1, "CONSULT": 1},
          "2024-10-19": {"CONSULT": 1, "ACCUSE": 1},
          "2024-11-02": {"ASSAULT": 1}, "2024-11-03": {"ASSAULT": 1}}),
    ({"by": "quad"}, {"2024-10-18": {"material conflict": 1, "verbal cooperation": 1},
                      "2024-10-19": {"verbal cooperation": 1, "verbal conflict": 1},
                      "2024-11-02": {"material conflict": 1},
                      "2024-11-03": {"material conflict": 1}}),
    ({"per": "month"}, {"2024-10": {"ASSAULT": 1, "CONSULT": 2, "ACCUSE": 1},
                        "2024-11": {"ASSAULT": 2}}),
    ({"actor": "RUS"}, {"2024-11-02": {"ASSAULT": 1}, "2024-11-03": {"ASSAULT": 1}}),
    ({"country": "AFG", "by": "quad"}, {"2024-10-18": {"material conflict": 1,
                                                       "verbal cooperation": 1},
                                        "2024-10-19": {"verbal cooperation": 1}}),
    ({"min_confidence": 0, "until": "2024-10-18"},
     {"2024-10-18": {"ASSAULT": 2, "CONSULT": 1}}),
])
def test_web_series_counts_events_per_day(client, params, expected):
    found = client.get("/api/series", params=params).json()
    assert {p["period"]: p["counts"] for p in found["periods"]} == expected
    assert all(p["total"] == sum(p["counts"].values()) for p in found["periods"])
    assert found["total"] == sum(sum(c.values()) for c in expected.values())


def test_web_series_of_a_story_counts_its_articles_events(client):
    story = client.get("/api/articles/kyiv%202").json()["story"]
    found = client.get("/api/series", params={"story": story}).json()
    assert [(p["period"], p["total"]) for p in found["periods"]] == \
        [("2024-11-02", 1), ("2024-11-03", 1)]


@pytest.mark.parametrize("params", [{"by": "cameo"}, {"per": "week"}, {"country": "Kabul"}])
def test_web_series_and_map_refuse_what_they_do_not_take(client, params):
    assert client.get("/api/series", params=params).status_code == 422
    if "country" in params:
        assert client.get("/api/map", params=params).status_code == 422


def test_web_map_page_draws_the_basemap_and_a_point_per_place(client):
    page = client.get("/map").text
    assert len(re.findall(r'<path class="country" data-iso="[A-Z]{3}"', page)) >= 170
    assert 'data-iso="AFG"' in page and 'data-iso="UKR"' in page
    drawn = re.findall(r'<a class="point" href="([^"]+)" data-events="(\d+)"', page)
    assert sorted(int(n) for _, n in drawn) == [1, 2, 2]
    # Afghanistan, the country only, is drawn hollow
    assert len(re.findall(r'<a class="point"[^>]*><circle class="hollow', page)) == 1
    assert "only the country is known" in page


def test_web_map_page_point_opens_its_evidence(client):
    page = client.get("/map").text
    drawn = dict((int(n), href) for href, n in re.findall(
        r'<a class="point" href="([^"]+)" data-events="(\d+)"', page))
    # one event: the article at that event; several: the place's events listed
    assert drawn[1] == "/articles/kabul%2F1?event=2"
    several = [href for href, n in re.findall(
        r'<a class="point" href="([^"]+)" data-events="(\d+)"', page) if n == "2"]
    listed = client.get(several[0].replace("&amp;", "&").split("#")[0]).text
    links = re.findall(r'<a class="evidence" href="([^"]+)"', listed)
    assert len(links) == 2 and all("?event=" in link for link in links)
    article = client.get(links[0]).text
    n = links[0].rsplit("=", 1)[1]
    assert f'id="event-{n}"' in article


def test_web_article_event_links_name_the_stored_event(client):
    # kabul/1's stored event 3 is below the shown confidence: event 4 keeps its number
    page = client.get("/articles/kabul%2F1").text
    assert re.findall(r'id="event-(\d+)"', page) == ["0", "1", "2", "4"]


def test_web_pages_draw_the_series_chart(client):
    story = client.get("/api/articles/kabul%2F1").json()["story"]
    for path in ("/map", f"/stories/{story}", "/actors/AFG"):
        page = client.get(path).text
        assert 'id="series"' in page and "<rect class=\"s" in page, path
    page = client.get("/map").text
    assert len(re.findall(r'<g class="bar" data-period="', page)) == 4


def test_web_map_and_series_are_in_the_api_page(client):
    page = client.get("/api/docs").text
    assert "/api/map" in page and "/api/series" in page


def test_web_map_basemap_is_small_and_names_countries():
    from sitroom.web.basemap import BASEMAP

    svg = BASEMAP.read_text("utf-8")
    assert len(svg.encode()) < 300_000
    assert {"AFG", "UKR", "RUS", "USA", "BRA", "AUS"} <= set(
        re.findall(r'data-iso="([A-Z]{3})"', svg))
    assert "Natural Earth" in svg and "ISC" in svg


def test_web_map_older_database_gets_place_columns(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS
    from sitroom.store.places import map_points

    build(store)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    store.migrate()
    found = map_points(store.engine, min_confidence=0)
    assert {p["name"]: p["events"] for p in found["points"]} == \
        {"Kabul": 2, "Afghanistan": 1, "Kyiv": 2, "Kunduz": 1}


def test_web_events_api_filters_by_place_country(client):
    found = client.get("/api/events", params={"country": "UKR"}).json()
    assert [(e["article_id"], e["n"]) for e in found["items"]] == [("kyiv 2", 1),
                                                                    ("kyiv 2", 0)]


def test_web_map_page_fits_the_view_to_the_points(client):
    from sitroom.web.basemap import VIEWBOX, project

    fitted = re.search(r'<svg id="map" class="map" viewBox="([^"]+)"', client.get(
        "/map").text).group(1)
    left, top, width, height = (float(v) for v in fitted.split())
    assert width < float(VIEWBOX.split()[2]) / 2
    for place in (KABUL, AFGHANISTAN, KYIV):
        x, y = project(place["lon"], place["lat"])
        assert left < x < left + width and top < y < top + height, place["name"]
    whole = client.get("/map", params={"view": "world"}).text
    assert f'viewBox="{VIEWBOX}"' in whole


def test_web_map_page_lists_a_places_events_with_their_sentences(client):
    page = client.get("/map").text
    several = [href for href, n in re.findall(
        r'<a class="point" href="([^"]+)" data-events="(\d+)"', page) if n == "2"]
    listed = [client.get(href.replace("&amp;", "&").split("#")[0]).text for href in several]
    sentences = [re.findall(r'<td class="sentence">([^<]+)</td>', page) for page in listed]
    assert sorted(map(sorted, sentences)) == sorted([
        sorted(["Officials met Taliban envoys in Kabul.",
                "Taliban fighters attacked a checkpoint in Kabul on Friday, killing 12."]),
        sorted(["Russian drones attacked Kyiv overnight, killing three people.",
                "Russian missiles attacked Kyiv again the next day."])])


def test_web_map_page_charts_by_quad_class_when_asked(client):
    page = client.get("/map", params={"by": "quad"}).text
    assert "Events per day by quad class" in page
    legend = re.findall(r'<span class="swatch s\d"></span> ([^(]+) \((\d+)\)', page)
    assert {name.strip(): int(n) for name, n in legend} == {
        "material conflict": 3, "verbal cooperation": 2, "verbal conflict": 1}


@pytest.mark.parametrize("path", ["/?q=&since=&until=&actor=&outlet=",
                                  "/map?q=&since=&until=&actor=&country=&plover=&by=plover"])
def test_web_forms_left_blank_filter_nothing(client, path):
    page = client.get(path)
    assert page.status_code == 200
    if path.startswith("/map"):
        assert len(re.findall(r'<a class="point"', page.text)) == 3
