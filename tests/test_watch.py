"""`sitroom watch` (sitroom/watch.py) against feeds a server on 127.0.0.1 serves: conditional
GETs, only new items stored, the expected alerts, nothing twice after a restart, Ctrl-C.

The server honours If-None-Match and If-Modified-Since and counts its 304s. Two outlets'
feeds gain items between rounds (the texts are written for these tests):

round 1: Northern Wire has A1 (Kharkiv shelled), Southern Post has B1 (Japan–Korea deal);
round 2: Southern Post gains B2 (Kharkiv again): the Kharkiv story gains an outlet;
round 3: Northern Wire gains A2 (China on the deal): that story gains an outlet, and China
         is watched.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

from sitroom.ingest import IngestOptions, fetch
from sitroom.records import Event, Place, Span
from sitroom.store import Store
from sitroom.store.alerts import stored_alerts
from sitroom.watch import WatchConfig, Watchlist, conditional_headers, parse_every, watch

ITEMS = {
    "A1": ("Russian shelling hits Kharkiv",
           "Russian forces shelled the Ukrainian city of Kharkiv on Monday, killing four "
           "civilians. Ukraine condemned the shelling of Kharkiv and asked its allies for "
           "more air defence."),
    "B1": ("Japan and South Korea sign trade deal",
           "Japan and South Korea signed a trade agreement in Tokyo on Monday. The two "
           "governments said the trade deal would cut tariffs on cars."),
    "B2": ("Ukraine accuses Russia over Kharkiv shelling",
           "Ukraine accused Russia of shelling Kharkiv on Monday, killing four civilians. "
           "The Ukrainian foreign ministry condemned Russia and asked for more air defence."),
    "A2": ("China criticises Japan over trade deal",
           "China criticised Japan over the trade agreement with South Korea on Monday. "
           "The Chinese foreign ministry said the trade deal on cars and tariffs was unfair."),
    "D1": ("Turkey shoots down Russian jet",
           "Turkey said on Monday that its fighter jets shot down a Russian warplane after it "
           "violated Turkish airspace near the Syrian border. Turkish officials said the plane "
           "was warned ten times."),
    "D2": ("Russia denies jet entered Turkish airspace",
           "Russian officials denied on Monday that the warplane had violated Turkish airspace "
           "near the Syrian border. Russia said the plane was shot down over Syria."),
}
OUTLETS = {"/a.xml": "Northern Wire", "/b.xml": "Southern Post"}
# the items each feed carries in each round
ROUNDS = [
    {"/a.xml": ["A1"], "/b.xml": ["B1"]},
    {"/a.xml": ["A1"], "/b.xml": ["B1", "B2"]},
    {"/a.xml": ["A1", "A2"], "/b.xml": ["B1", "B2"]},
]


def site(path: str) -> str:
    """Each outlet's own (unresolvable) domain: "northern-wire.invalid"."""
    return OUTLETS[path].lower().replace(" ", "-") + ".invalid"


def rss(path: str, keys: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(ITEMS[k][0])}</title><link>http://{site(path)}/{k}</link>"
        f"<guid>{k}</guid><pubDate>Mon, 07 Dec 2026 0{n}:00:00 GMT</pubDate>"
        f"<content:encoded>{escape('<p>' + ITEMS[k][1] + '</p>')}</content:encoded></item>"
        for n, k in enumerate(keys))
    return (f'<?xml version="1.0"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{OUTLETS[path]}</title><link>http://{site(path)}/</link>"
            f"{items}</channel></rss>").encode()


def linked_rss(base: str, keys: list[str]) -> bytes:
    """A feed whose items carry only their title and a link to their page on the server."""
    items = "".join(
        f"<item><title>{escape(ITEMS[k][0])}</title><link>{base}/pages/{k}.html</link>"
        f"<guid>{k}</guid><description>{escape(ITEMS[k][0])}</description>"
        f"<pubDate>Mon, 07 Dec 2026 0{n}:00:00 GMT</pubDate></item>"
        for n, k in enumerate(keys))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Eastern Herald</title>'
            f"<link>http://eastern-herald.invalid/</link>{items}</channel></rss>").encode()


def page(key: str) -> bytes:
    title, text = ITEMS[key]
    return (f"<!doctype html><html><head><title>{escape(title)}</title></head><body><article>"
            f"<h1>{escape(title)}</h1><p>{escape(text)}</p></article></body></html>").encode()


class Feeds:
    """What the server serves: each feed's body, ETag and Last-Modified; what it answered."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[bytes, str, str]] = {}
        self.answers: list[tuple[str, int]] = []
        self.version = 0
        self.pages: set[str] = set()  # the items whose page is served at /pages/<key>.html

    def publish(self, round_items: dict[str, list[str]], base: str | None = None) -> None:
        """Serve these items in these feeds (with `base`: as `linked_rss` with pages)."""
        self.version += 1
        for path, keys in round_items.items():
            body = rss(path, keys) if base is None else linked_rss(base, keys)
            if path in self.bodies and self.bodies[path][0] == body:
                continue  # unchanged: the same validators
            self.bodies[path] = (body, f'"{path[1]}-{self.version}"',
                                 formatdate(1_796_000_000 + self.version * 60, usegmt=True))

    def count(self, status: int, path: str | None = None) -> int:
        return sum(1 for p, s in self.answers if s == status and path in (None, p))


def handler(feeds: Feeds) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            if self.path.startswith("/pages/") and self.path[7:-5] in feeds.pages:
                feeds.bodies[self.path] = (page(self.path[7:-5]), '"page"', "")
            if self.path not in feeds.bodies:
                feeds.answers.append((self.path, 404))
                self.send_error(404)
                return
            body, etag, modified = feeds.bodies[self.path]
            if self.headers.get("If-None-Match") == etag or \
                    self.headers.get("If-Modified-Since") == modified:
                feeds.answers.append((self.path, 304))
                self.send_response(304)
                self.end_headers()
                return
            feeds.answers.append((self.path, 200))
            self.send_response(200)
            kind = "text/html" if self.path.endswith(".html") else "application/rss+xml"
            for name, value in (("Content-Type", kind), ("ETag", etag),
                                ("Last-Modified", modified),
                                ("Content-Length", str(len(body)))):
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.create_connection

    def guarded(address, *args, **kwargs):  # type: ignore[no-untyped-def]
        assert address[0] == "127.0.0.1", f"a test tried to connect to {address}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(fetch.socket, "create_connection", guarded)


@pytest.fixture
def feeds() -> Iterator[tuple[Feeds, str]]:
    served = Feeds()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(served))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def config(base: str, tmp_path: Path, rounds: int = 1) -> WatchConfig:
    # the test server is on loopback: allowed only with allow_private (--allow-private)
    return WatchConfig(sources=(f"{base}/a.xml", f"{base}/b.xml"),
                       options=IngestOptions(allow_network=True, allow_private=True),
                       every_s=0, rounds=rounds, min_confidence=0.7, actors=("CHN",),
                       alerts_path=tmp_path / "alerts.jsonl")


def polled(store: Store, served: Feeds, base: str, tmp_path: Path,
           rounds: list[dict[str, list[str]]]) -> list[dict]:  # type: ignore[type-arg]
    """Publish each of `rounds` (the items of each feed) and run one watch round after it."""
    reports = []
    for items in rounds:
        served.publish(items)
        result = watch(store, config(base, tmp_path))
        assert result.stopped is None
        reports.append(result.rounds[0])
    return [{"stored": r.stored, "fetched": r.fetched, "not_modified": r.not_modified,
             "alerts": sorted(a["kind"] for a in r.alerts)} for r in reports]


def item_of(store: Store, article_id: str) -> str:
    return store.article(article_id).url.rsplit("/", 1)[1]  # type: ignore[union-attr]


def test_watch_three_rounds_store_only_new_items_and_raise_the_alerts(feeds, tmp_path):
    served, base = feeds
    with Store(str(tmp_path / "w.db")) as store:
        reports = polled(store, served, base, tmp_path, ROUNDS)
        assert [r["stored"] for r in reports] == [2, 1, 1]
        assert [(r["fetched"], r["not_modified"]) for r in reports] == [(2, 0), (1, 1), (1, 1)]
        assert served.count(304) == 2
        assert [r["alerts"] for r in reports][:2] == [["new_story", "new_story"],
                                                      ["new_source"]]
        assert set(reports[2]["alerts"]) == {"new_source", "watched_actor"}
        assert sorted(item_of(store, a["id"]) for a in store.articles(limit=None)) == \
            ["A1", "A2", "B1", "B2"]


def test_watch_alerts_name_the_story_outlet_and_article(feeds, tmp_path):
    served, base = feeds
    with Store(str(tmp_path / "w.db")) as store:
        polled(store, served, base, tmp_path, ROUNDS)
        alerts = [json.loads(line) for line in
                  (tmp_path / "alerts.jsonl").read_text().splitlines()]
        gained = [a for a in alerts if a["kind"] == "new_source"]
        assert [(item_of(store, a["articles"][0]), a["why"].split(" now")[0])
                for a in gained] == [("B2", "Southern Post"), ("A2", "Northern Wire")]
        first = {a["story"] for a in alerts if a["kind"] == "new_story"}
        assert {a["story"] for a in gained} == first
        watched = [a for a in alerts if a["kind"] == "watched_actor"]
        assert {item_of(store, a["articles"][0]) for a in watched} == {"A2"}
        assert all(a["why"].split("): ", 1)[1] in ITEMS["A2"][1] for a in watched)
        assert {a["story"] for a in watched} == {gained[1]["story"]}
        assert all(a["confidence"] >= 0.7 for a in alerts)
        assert len(stored_alerts(store)) == len(alerts)


def test_watch_claim_and_denial_from_two_outlets_is_a_disagreement_alert(feeds, tmp_path):
    served, base = feeds
    with Store(str(tmp_path / "w.db")) as store:
        reports = polled(store, served, base, tmp_path, [
            {"/a.xml": ["D1"], "/b.xml": ["B1"]}, {"/a.xml": ["D1"], "/b.xml": ["B1", "D2"]}])
        assert reports[1]["alerts"] == ["disagreement", "new_source"]
        found = [a for a in stored_alerts(store) if a["kind"] == "disagreement"]
        assert sorted(item_of(store, a) for a in found[0]["articles"]) == ["D1", "D2"]
        assert found[0]["why"].startswith("denial: ")


def test_watch_restart_stores_and_alerts_nothing_twice(feeds, tmp_path):
    served, base = feeds
    with Store(str(tmp_path / "w.db")) as store:
        polled(store, served, base, tmp_path, ROUNDS)
        before = len(stored_alerts(store))
    with Store(str(tmp_path / "w.db")) as store:  # a new run on the same database
        again = watch(store, config(base, tmp_path, rounds=2))
        assert [(r.fetched, r.not_modified, r.stored, len(r.alerts)) for r in again.rounds] \
            == [(0, 2, 0, 0), (0, 2, 0, 0)]
        served.bodies = {path: (body, etag + "x", modified + "x")  # validators forgotten
                         for path, (body, etag, modified) in served.bodies.items()}
        fetched = watch(store, config(base, tmp_path)).rounds[0]
        assert (fetched.fetched, fetched.stored, fetched.alerts) == (2, 0, [])
        assert store.counts()["articles"] == 4
        assert len(stored_alerts(store)) == before
    assert len((tmp_path / "alerts.jsonl").read_text().splitlines()) == before


def test_watch_ctrl_c_stops_and_the_next_run_catches_up(feeds, tmp_path, monkeypatch):
    served, base = feeds
    import sitroom.stories.stored as stored

    with Store(str(tmp_path / "w.db")) as store:
        polled(store, served, base, tmp_path, ROUNDS[:1])
        served.publish(ROUNDS[1])
        real = stored.update_stories

        def interrupted(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(stored, "update_stories", interrupted)
        result = watch(store, config(base, tmp_path))
        assert result.stopped == "round 1, grouping stories"
        assert store.counts()["articles"] == 3  # B2's batch was stored before the stop
        monkeypatch.setattr(stored, "update_stories", real)
        resumed = watch(store, config(base, tmp_path)).rounds[0]
        assert (resumed.not_modified, resumed.stored) == (2, 0)
        assert [a["kind"] for a in resumed.alerts] == ["new_source"]


def test_watch_ctrl_c_while_writing_a_batch_keeps_none_of_it(feeds, tmp_path, monkeypatch):
    served, base = feeds
    served.publish(ROUNDS[0])

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    with Store(str(tmp_path / "w.db")) as store:
        saving = Store._save_analyses
        monkeypatch.setattr(Store, "_save_analyses", interrupted)
        result = watch(store, config(base, tmp_path))
        assert result.stopped == f"round 1, reading {base}/a.xml"
        assert store.counts()["articles"] == 0
    monkeypatch.setattr(Store, "_save_analyses", saving)
    with Store(str(tmp_path / "w.db")) as store:
        again = watch(store, config(base, tmp_path)).rounds[0]
        assert (again.fetched, again.stored) == (2, 2)  # no validators were kept for a.xml
        assert [a["kind"] for a in again.alerts] == ["new_story", "new_story"]


def test_watch_waits_between_rounds_and_stops_on_ctrl_c_while_waiting(feeds, tmp_path):
    served, base = feeds
    served.publish(ROUNDS[0])
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise KeyboardInterrupt

    with Store(str(tmp_path / "w.db")) as store:
        endless = WatchConfig(**{**config(base, tmp_path).__dict__, "rounds": None,
                                 "every_s": 600.0})
        result = watch(store, endless, sleep=sleep)
    assert len(result.rounds) == 2
    assert result.stopped == "round 2, waiting for the next round"
    assert all(0 < w <= 600 for w in waits)


@pytest.mark.parametrize(("text", "seconds"), [
    ("90", 90.0), ("90s", 90.0), ("15m", 900.0), ("2h", 7200.0), ("1d", 86400.0),
    ("0.5m", 30.0)])
def test_watch_parse_every_reads_units(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "15 minutes", "-5m"])
def test_watch_parse_every_refuses_other_text(text):
    with pytest.raises(ValueError):
        parse_every(text)


@pytest.mark.parametrize(("known", "sent"), [
    (None, ()),
    ({"etag": '"a1"', "last_modified": None}, (("If-None-Match", '"a1"'),)),
    ({"etag": None, "last_modified": "Mon, 07 Dec 2026 08:00:00 GMT"},
     (("If-Modified-Since", "Mon, 07 Dec 2026 08:00:00 GMT"),)),
])
def test_watch_conditional_headers_from_validators(known, sent):
    assert conditional_headers(known) == sent


def _event(location: str | None, place: Place | None) -> Event:
    span = Span(0, 4, "Shot")
    return Event(source=None, target=None, cameo="190", root="19", plover=None,
                 goldstein=-10.0, quad_class=4, modality="asserted", trigger=span,
                 sentence=span, location=location, place=place)


@pytest.mark.parametrize(("watched", "location", "place", "hit"), [
    ("UKR", "UKR", None, True),
    ("Ukraine", "UKR", None, True),
    ("ukr", "UKR", None, True),
    ("RUS", "UKR", None, False),
    ("Kharkiv", "UKR", Place("Kharkiv", None, "UKR", None, 50.0, 36.2, "city"), True),
    ("UKR", None, Place("Kharkiv", None, "UKR", None, 50.0, 36.2, "city"), True),
    ("Odesa", "UKR", Place("Kharkiv", None, "UKR", None, 50.0, 36.2, "city"), False),
    ("UKR", None, None, False),
])
def test_watch_place_matches_location_country_or_name(watched, location, place, hit):
    assert bool(Watchlist(places=(watched,)).place_hits(_event(location, place))) == hit


def test_watch_cli_refuses_urls_without_allow_network(tmp_path):
    from sitroom.cli import app

    result = CliRunner().invoke(app, ["watch", "http://127.0.0.1:9/a.xml", "--rounds", "1",
                                      "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2
    assert "--allow-network" in result.output


def test_watch_alerts_page_and_api_list_stored_alerts_newest_first(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from sitroom.store.alerts import record_alerts
    from sitroom.watch import alert
    from sitroom.web import create_app

    store = Store(str(tmp_path / "w.db"))
    story = alert("new_story", "s1", title="Shelling of Kharkiv", story="story-1",
                  articles=["a-1"], why="a new story of 1 article(s) from 1 outlet(s)")
    actor = alert("watched_actor", "CHN\x1fa-2\x1f3", title="China on the deal",
                  articles=["a-2"], events=[{"article": "a-2", "n": 3}], confidence=0.84,
                  why="CHN: criticise")
    story["time"], actor["time"] = "2026-12-07T08:00:00+00:00", "2026-12-07T09:00:00+00:00"
    record_alerts(store, [story, actor], None)
    client = TestClient(create_app(store))
    page = client.get("/alerts").text
    assert page.index("China on the deal") < page.index("Shelling of Kharkiv")
    assert 'href="/articles/a-2?event=3"' in page and 'href="/stories/story-1"' in page
    assert [a["title"] for a in client.get("/api/alerts?kind=watched_actor").json()["items"]] \
        == ["China on the deal"]
    assert "Shelling of Kharkiv" not in client.get("/alerts?kind=watched_actor").text


def test_watch_cli_prints_rounds_and_alert_lines(feeds, tmp_path):
    from sitroom.cli import app

    served, base = feeds
    served.publish(ROUNDS[0])
    result = CliRunner().invoke(app, [
        "watch", f"{base}/a.xml", f"{base}/b.xml", "--allow-network", "--allow-private",
        "--every", "0s", "--rounds", "2", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if line.startswith("round ")] == [
        "round 1: 2 fetched, 0 not modified, 0 failed, 2 new articles, 2 alerts",
        "round 2: 0 fetched, 2 not modified, 0 failed, 0 new articles, 0 alerts"]
    assert [json.loads(line)["kind"] for line in lines if line.startswith("{")] == \
        ["new_story", "new_story"]


def test_watch_follow_links_stores_each_linked_page_once_and_retries_a_missing_one(
        feeds, tmp_path):
    served, base = feeds
    served.pages = {"A1", "B2"}  # "A2" links to a page the server does not have
    linked = replace(config(base, tmp_path), sources=(f"{base}/c.xml",), follow_links=True)
    reports = []
    with Store(str(tmp_path / "w.db")) as store:
        for keys in (["A1"], ["A1", "B2"], ["A1", "B2"], ["A1", "B2", "A2"], ["A1", "B2", "A2"]):
            served.publish({"/c.xml": keys}, base)
            reports.append(watch(store, linked).rounds[0])
        pages = {a["url"]: store.article(a["id"]).text for a in store.articles(limit=None)}
    assert [(r.fetched, r.not_modified, r.stored) for r in reports] == [
        (1, 0, 1), (1, 0, 1), (0, 1, 0), (1, 0, 0), (1, 0, 0)]
    assert [served.count(200, f"/pages/{k}.html") for k in ("A1", "B2")] == [1, 1]
    assert served.count(404, "/pages/A2.html") == 2
    assert sorted(pages) == [f"{base}/pages/A1.html", f"{base}/pages/B2.html"]
    assert ITEMS["A1"][1] in pages[f"{base}/pages/A1.html"]


def test_watch_sigterm_stops_like_ctrl_c(feeds, tmp_path):
    import signal

    from sitroom.watch import stopping_on_sigterm

    served, base = feeds
    served.publish(ROUNDS[0])
    endless = replace(config(base, tmp_path), rounds=None, every_s=600.0)
    with Store(str(tmp_path / "w.db")) as store, stopping_on_sigterm():
        result = watch(store, endless, sleep=lambda _: signal.raise_signal(signal.SIGTERM))
    assert result.stopped == "round 1, waiting for the next round"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_watch_quiet_start_alerts_only_what_arrives_after_the_first_round(feeds, tmp_path):
    served, base = feeds
    with Store(str(tmp_path / "w.db")) as store:
        served.publish(ROUNDS[0])
        first = watch(store, replace(config(base, tmp_path), quiet_start=True)).rounds[0]
        served.publish(ROUNDS[1])
        second = watch(store, config(base, tmp_path)).rounds[0]
    assert (first.stored, first.alerts) == (2, [])
    assert [(a["kind"], item_of(store, a["articles"][0])) for a in second.alerts] == [
        ("new_source", "B2")]


def test_watch_stored_alerts_newest_round_first_in_the_order_raised(tmp_path):
    from sitroom.store.alerts import record_alerts
    from sitroom.watch import alert

    def made(name: str, time: str) -> dict:  # type: ignore[type-arg]
        return {**alert("new_story", name, title=name, why=""), "time": time}

    store = Store(str(tmp_path / "w.db"))
    record_alerts(store, [made("b", "2026-12-07T08:00"), made("a", "2026-12-07T08:00")], None)
    record_alerts(store, [made("c", "2026-12-07T09:00"), made("a", "2026-12-07T09:00")], None)
    assert [(a["title"], a["seq"]) for a in stored_alerts(store)] == [
        ("c", 3), ("b", 1), ("a", 2)]


def test_watch_place_alert_for_each_event_located_in_a_watched_country(feeds, tmp_path):
    """Every event placed in Ukraine (its `location` or `place.country`, as the coder and the
    event-places stage set them; at threshold 0 so that whichever events they place count)
    raises one alert, and no other event does: A1 tells of Kharkiv, B1 of Tokyo."""
    served, base = feeds
    served.publish(ROUNDS[0])
    placed = replace(config(base, tmp_path), actors=(), places=("Ukraine",), min_confidence=0)
    with Store(str(tmp_path / "w.db")) as store:
        found = {(a["articles"][0], a["events"][0]["n"])
                 for a in watch(store, placed).rounds[0].alerts if a["kind"] == "watched_place"}
        located = {(analysis.article.id, n) for analysis in store.iter_analyses()
                   for n, e in enumerate(analysis.events)
                   if "UKR" in (e.location, e.place.country if e.place else None)}
        assert {item_of(store, article) for article, _ in located} == {"A1"}
        assert found == located


def test_watch_a_failing_source_is_reported_and_stored_and_the_others_go_on(feeds, tmp_path):
    served, base = feeds
    served.publish(ROUNDS[0])
    heard: list[str] = []
    broken = replace(config(base, tmp_path), sources=(f"{base}/gone.xml", f"{base}/a.xml"))
    with Store(str(tmp_path / "w.db")) as store:
        report = watch(store, broken, on_problem=lambda p: heard.append(p.where)).rounds[0]
        stored_problems = [row["origin"] for row in store.problems()]
    assert (report.failed, report.fetched, report.stored) == (1, 1, 1)
    assert heard == stored_problems == [f"{base}/gone.xml"]
