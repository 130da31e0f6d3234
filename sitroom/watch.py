"""`sitroom watch`: keep a pile current by polling feeds and URLs, and raise alerts.

Each round: every source is fetched with a conditional GET (`ingest/fetch.py`, its address
guard, byte cap and deadline; If-None-Match / If-Modified-Since from the validators the last
200 gave; a 304 means nothing new); what came is read and stored exactly as `sitroom analyze`
stores it (`batch.run`: formats, feeds through `ingest/feeds.py`, dedup by content,
analysis, one transaction per batch); then stories are updated (`stories.stored`) and the
alerts are worked out for the articles stored since the alert cursor:

- `new_story`: a story all of whose articles are new;
- `new_source`: a story that gains an outlet it did not have;
- `disagreement`: a disagreement of a story's brief that cites a new article;
- `watched_actor` / `watched_place`: an event in a new article whose source or target is a
  watched actor, or whose place (`location`, `place.country`, `place.name`) is watched.

Every alert rests on an event at or above `min_confidence` (story alerts: one in the new
articles; a disagreement: the brief is built at that threshold); with `min_confidence` 0
story alerts need no event. Alerts and validators are remembered in the store
(`store/alerts.py`), so a restart neither stores nor alerts anything twice, and articles
stored by a round that was stopped before its alerts get them in the next round.

Inputs: a `Store` and a `WatchConfig`. Outputs: `RoundReport`s, alerts (dicts, stored and
appended as JSON lines to `WatchConfig.alerts_path`).
"""

from __future__ import annotations

import json
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .ingest import IngestOptions
from .ingest.fetch import Fetched, FetchPolicy
from .records import SHOWN_CONFIDENCE, Article, ArticleAnalysis, Event
from .store.alerts import (
    FEED,
    hashed_key,
    ingested_after,
    latest_ingested,
    put_setting,
    record_alerts,
    setting,
    stored_cursor,
    story_members,
)
from .stories.cluster import SPAN_DAYS

if TYPE_CHECKING:
    from .batch import Summary
    from .store import Store

EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
ProblemHook = Callable[[InputError], None]


def parse_every(text: str) -> float:
    """Seconds in an interval written "90", "90s", "15m", "2h" or "1d"."""
    found = EVERY.match(text)
    if not found:
        raise ValueError(f"{text!r} is not an interval such as 90s, 15m, 2h or 1d")
    return float(found.group(1)) * UNITS[found.group(2)]


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class WatchConfig:
    """What to watch and what to alert on."""

    sources: tuple[str, ...]
    options: IngestOptions = field(default_factory=IngestOptions)
    every_s: float = 900.0
    rounds: int | None = None  # None: until stopped
    min_confidence: float = SHOWN_CONFIDENCE
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    alerts_path: Path | None = None
    span_days: int | None = SPAN_DAYS
    follow_links: bool = False  # store a feed item's linked page instead of the item
    quiet_start: bool = False  # the first round stores what is there and alerts nothing


@dataclass
class RoundReport:
    """What one round did; `stage` says where it is (or where it was stopped)."""

    number: int
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    stored: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    stage: str = "starting"

    def line(self) -> str:
        return (f"round {self.number}: {self.fetched} fetched, {self.not_modified} not "
                f"modified, {self.failed} failed, {self.stored} new articles, "
                f"{len(self.alerts)} alerts")


@dataclass
class WatchResult:
    rounds: list[RoundReport] = field(default_factory=list)
    stopped: str | None = None  # where Ctrl-C stopped the watch, None when it ran out


# -- fetching and storing ------------------------------------------------------------------

def conditional_headers(known: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """If-None-Match / If-Modified-Since from a source's remembered validators."""
    known = known or {}
    headers = []
    if known.get("etag"):
        headers.append(("If-None-Match", str(known["etag"])))
    if known.get("last_modified"):
        headers.append(("If-Modified-Since", str(known["last_modified"])))
    return tuple(headers)


def fetch_source(store: Store, url: str, options: IngestOptions) -> Fetched:
    """GET `url` under the fetch guard, conditional on what its last 200 said."""
    known = setting(store, hashed_key(FEED, url))
    policy = FetchPolicy(allow_private=options.allow_private, headers=conditional_headers(known))
    return policy(url, options.max_bytes)


def store_items(store: Store, source: str, options: IngestOptions,
                on_problem: ProblemHook | None) -> Summary:
    """Read `source` (fetched already, when `options.fetcher` hands its response back) and
    store it as `sitroom analyze` does."""
    from .batch import run

    return run(store, [source], options, analyse=True, on_problem=on_problem)


def feed_links(source: str, fetched: Fetched) -> list[tuple[str, str | None]] | None:
    """The http(s) links of a feed's items with their dates, or None when the response is
    not a feed with items."""
    from .ingest.feeds import feed_articles

    try:
        items = [item for item in feed_articles(source, "watch", fetched.content)
                 if isinstance(item, Article)]
    except InputError:
        return None
    return list({item.url: (item.url, item.published) for item in items
                 if item.url and is_url(item.url)}.values())


def store_pages(store: Store, links: list[tuple[str, str | None]], followed: set[str],
                config: WatchConfig, report: RoundReport, on_problem: ProblemHook | None
                ) -> tuple[list[str], bool]:
    """Fetch and store the linked pages not `followed` before (each as `analyze URL` would,
    the item's date standing in for a page without one); the links now followed (those
    of the feed only) and whether every page was read."""
    done, complete = [], True
    for url, published in links:
        if url not in followed:
            options = replace(config.options, allow_network=True, fetcher=None,
                              published=published or config.options.published)
            summary = store_items(store, url, options, on_problem)
            report.stored += summary.new
            if summary.failed:
                complete = False
                continue
        done.append(url)
    return done, complete


def poll_source(store: Store, source: str, config: WatchConfig, report: RoundReport,
                on_problem: ProblemHook | None) -> None:
    """One source of one round: fetch (URLs conditionally), store what is new, remember the
    validators once what came is stored."""
    if not is_url(source):
        report.stored += store_items(store, source, config.options, on_problem).new
        return
    try:
        fetched = fetch_source(store, source, config.options)
    except InputError as exc:
        report.failed += 1
        store.record_problems([exc])  # listed by `sitroom problems`, as batch problems are
        if on_problem:
            on_problem(exc)
        return
    if fetched.status == 304:
        report.not_modified += 1
        return
    report.fetched += 1

    def hand_back(url: str, max_bytes: int) -> Fetched:  # the response fetched above
        return fetched

    key = hashed_key(FEED, source)
    remembered: dict[str, Any] = {"url": source, "etag": fetched.etag,
                                  "last_modified": fetched.last_modified}
    links = feed_links(source, fetched) if config.follow_links else None
    if links is None:
        options = replace(config.options, allow_network=True, fetcher=hand_back)
        report.stored += store_items(store, source, options, on_problem).new
    else:
        followed = set((setting(store, key) or {}).get("followed") or ())
        remembered["followed"], complete = store_pages(store, links, followed, config,
                                                       report, on_problem)
        if not complete:  # fetched in full next round, so that the failed pages are retried
            remembered["etag"] = remembered["last_modified"] = None
    put_setting(store, key, remembered)


# -- alerts --------------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def alert(kind: str, key: str, *, title: str | None, why: str, story: str | None = None,
          articles: Iterable[str] = (), events: Iterable[dict[str, Any]] = (),
          confidence: float | None = None) -> dict[str, Any]:
    """One alert as written to JSON lines and stored; `key` is what makes it the same."""
    return {"kind": kind, "time": _now(), "story": story, "articles": list(articles),
            "events": list(events), "title": title, "why": why,
            "confidence": None if confidence is None else round(confidence, 3),
            "key": f"{kind}\x1f{key}"}


def best_event(analyses: Iterable[ArticleAnalysis], threshold: float
               ) -> tuple[float | None, list[dict[str, Any]]] | None:
    """The most confident event at or above `threshold` in `analyses`, as (confidence,
    [its reference]); with threshold 0 and no event, (None, []); else None."""
    best: tuple[float, dict[str, Any]] | None = None
    for analysis in analyses:
        for n, event in enumerate(analysis.events):
            confidence = event.confidence or 0.0
            if confidence >= threshold and (best is None or confidence > best[0]):
                best = (confidence, {"article": analysis.article.id, "n": n})
    if best is not None:
        return best[0], [best[1]]
    return (None, []) if threshold <= 0 else None


def story_alerts(store: Store, stories: dict[str, list[dict[str, Any]]], new: set[str],
                 analyses: dict[str, ArticleAnalysis], threshold: float
                 ) -> list[dict[str, Any]]:
    """A new story, or a story gaining outlets, each resting on a sure event."""
    out = []
    for story, rows in stories.items():
        fresh = [row for row in rows if row["id"] in new]
        known = {row["source"] for row in rows if row["id"] not in new}
        title = store.story_title(story)
        groups = _by_outlet(fresh, known) if known else {"": fresh}
        for outlet, members in groups.items():
            ids = [row["id"] for row in members]
            found = best_event((analyses[i] for i in ids if i in analyses), threshold)
            if found is None:
                continue
            if not known:
                out.append(alert("new_story", story, title=title, story=story, articles=ids,
                                 events=found[1], confidence=found[0],
                                 why=f"a new story of {len(ids)} article(s) from "
                                     f"{len({r['source'] for r in members})} outlet(s)"))
                continue
            out.append(alert("new_source", f"{story}\x1f{outlet}", title=title, story=story,
                             articles=ids, events=found[1], confidence=found[0],
                             why=f"{outlet} now reports this story "
                                 f"({len(known)} outlet(s) before)"))
    return out


def _by_outlet(rows: list[dict[str, Any]], known: set[str]) -> dict[str, list[dict[str, Any]]]:
    """New articles of outlets a story did not have, by outlet."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["source"] and row["source"] not in known:
            groups.setdefault(row["source"], []).append(row)
    return groups


def dispute_alerts(store: Store, stories: Iterable[str], new: set[str], threshold: float
                   ) -> list[dict[str, Any]]:
    """Disagreements of the stories' briefs (built at `threshold`) citing a new article."""
    from .errors import NotFound
    from .stories.stored import stored_brief_forms

    out = []
    for story in stories:
        try:
            brief = stored_brief_forms(store, story, threshold)[True]
        except NotFound:
            continue
        for item in (brief.get("sections") or {}).get("disagreements") or []:
            cited = [c["article"] for c in item.get("citations", [])]
            if not new.intersection(cited):
                continue
            where = ",".join(sorted(f"{c['article']}:{c['start']}" for c in item["citations"]))
            out.append(alert("disagreement", f"{story}\x1f{item.get('kind')}\x1f{where}",
                             title=brief.get("title"), story=story,
                             articles=dict.fromkeys(cited),
                             why=f"{item.get('kind')}: {item.get('text', '')}"[:600]))
    return out


def _country_code(name: str) -> str | None:
    import pycountry

    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_3)
    except LookupError:
        return None


@dataclass(frozen=True)
class Watchlist:
    """Watched actors (ids, names or 3-letter country codes, which also match the actors
    coded under them: RUS matches RUSMIL) and places (ISO alpha-3 codes or names)."""

    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def actor_hits(self, event: Event, analysis: ArticleAnalysis) -> list[str]:
        names = {a.id: a for a in analysis.actors}
        hits = []
        for watched in self.actors:
            for party in (event.source, event.target):
                actor = names.get(party or "")
                code = (actor.code if actor else None) or ""
                if party and (watched == party or watched.casefold() == _name(actor) or
                              (len(watched) == 3 and watched.isupper() and
                               code[:3] == watched)):
                    hits.append(watched)
                    break
        return hits

    def place_hits(self, event: Event) -> list[str]:
        said = {(event.location or "").upper()}
        if event.place is not None:
            said |= {(event.place.country or "").upper(), event.place.name.casefold()}
        said.discard("")
        return [watched for watched in self.places
                if watched.casefold() in said or watched.upper() in said or
                (_country_code(watched) or "\x00") in said]


def _name(actor: Any) -> str:
    return actor.name.casefold() if actor is not None else ""


def event_alerts(analyses: Iterable[ArticleAnalysis], watchlist: Watchlist, threshold: float,
                 stories: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """An event at or above `threshold` for a watched actor or in a watched place (with
    the story of its article, from `stories`)."""
    out = []
    for analysis in analyses:
        article = analysis.article
        for n, event in enumerate(analysis.events):
            if (event.confidence or 0.0) < threshold:
                continue
            # stored analyses keep the sentence's offsets only: its words are the article's
            text = " ".join(article.text[event.sentence.start:event.sentence.end].split())
            hits = [("watched_actor", w) for w in watchlist.actor_hits(event, analysis)]
            hits += [("watched_place", w) for w in watchlist.place_hits(event)]
            for kind, watched in hits:
                out.append(alert(kind, f"{watched}\x1f{article.id}\x1f{n}", title=article.title,
                                 story=(stories or {}).get(article.id),
                                 articles=[article.id], confidence=event.confidence,
                                 events=[{"article": article.id, "n": n}],
                                 why=f"{watched}: {event.name or event.cameo} "
                                     f"({event.source or '?'} → {event.target or '?'}): "
                                     f"{text}"[:600]))
    return out


def round_alerts(store: Store, config: WatchConfig) -> tuple[list[dict[str, Any]],
                                                             datetime | None]:
    """The alerts for the articles stored since the cursor, and where the cursor goes."""
    new_rows = ingested_after(store, stored_cursor(store))
    if not new_rows:
        return [], None
    new = {row["id"] for row in new_rows}
    analyses = {a.article.id: a for a in store.analyses_of(sorted(new))}
    places = store.story_of(new)
    stories = story_members(store, set(places.values()))
    threshold = config.min_confidence
    watchlist = Watchlist(config.actors, config.places)
    alerts = story_alerts(store, stories, new, analyses, threshold)
    alerts += dispute_alerts(store, sorted(stories), new, threshold)
    alerts += event_alerts(analyses.values(), watchlist, threshold, places)
    return alerts, max(row["ingested_at"] for row in new_rows)


def write_alerts(alerts: list[dict[str, Any]], path: Path | None) -> None:
    """Append the alerts to `path` as JSON lines (nothing when None)."""
    if path is None or not alerts:
        return
    with path.open("a", encoding="utf-8") as handle:
        for item in alerts:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


# -- rounds --------------------------------------------------------------------------------

def run_round(store: Store, config: WatchConfig, report: RoundReport,
              on_problem: ProblemHook | None = None) -> None:
    """Poll every source, update stories, raise and remember the alerts."""
    from .stories.stored import update_stories

    for source in config.sources:
        report.stage = f"reading {source}"
        poll_source(store, source, config, report, on_problem)
    report.stage = "grouping stories"
    update_stories(store, span_days=config.span_days)
    report.stage = "working out alerts"
    alerts: list[dict[str, Any]] = []
    if config.quiet_start and report.number == 1:  # what is there now is the starting point
        cursor = latest_ingested(store)
    else:
        alerts, cursor = round_alerts(store, config)
    report.alerts = record_alerts(store, alerts, cursor)
    write_alerts(report.alerts, config.alerts_path)
    report.stage = "done"


def start_cursor(store: Store) -> None:
    """On a database watched for the first time, alerts start from what is stored now."""
    from .store.alerts import CURSOR

    if setting(store, CURSOR) is None:
        latest = latest_ingested(store)
        if latest is not None:
            record_alerts(store, [], latest)


@contextmanager
def stopping_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM (a service manager stopping the watch) stops it as Ctrl-C
    does; outside the main thread, where no handler can be set, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def watch(store: Store, config: WatchConfig, *, on_round: Callable[[RoundReport], None]
          | None = None, on_problem: ProblemHook | None = None,
          sleep: Callable[[float], None] = time.sleep) -> WatchResult:
    """Run rounds every `config.every_s` seconds (from the start of one to the next) until
    `config.rounds` are done or Ctrl-C; a batch being written when Ctrl-C comes is
    finished or rolled back by its transaction, and `stopped` says where it was."""
    start_cursor(store)
    result = WatchResult()
    report = RoundReport(0)
    try:
        while config.rounds is None or report.number < config.rounds:
            began = time.monotonic()
            report = RoundReport(report.number + 1)
            result.rounds.append(report)
            run_round(store, config, report, on_problem)
            if on_round:
                on_round(report)
            if config.rounds is None or report.number < config.rounds:
                report.stage = "waiting for the next round"
                sleep(max(0.0, config.every_s - (time.monotonic() - began)))
    except KeyboardInterrupt:
        result.stopped = f"round {report.number}, {report.stage}"
    return result
