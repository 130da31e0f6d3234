"""Findings in SQL: the actors, events, quotes and claims of every stored analysis as rows,
so that pages, the REST API, exports and notebooks filter them in the database instead of
reading every analysis. Filled in the same transaction as the analysis they come from."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.sql import operators

from ..errors import NotFound
from ..records import SHOWN_CONFIDENCE
from .days import (
    day_rows,
    days_serve,
    kept_counts,
    kept_events,
    kept_trend,
    rebuild_days,
    update_days,
)
from .graph import (
    COOPERATION,
    GRAPH_MODALITIES,
    finish_edge,
    graph_condition,
    graph_rows,
    rebuild_graph,
    stored_evidence,
    stored_graph,
    stored_graph_serves,
    update_graph,
)
from .names import named_or_starting_with, rebuild_words, replace_words
from .schema import (
    actors,
    analyses,
    article_actors,
    articles,
    claims,
    events,
    outlets,
    quote_actors,
    quotes,
    stories,
    story_articles,
)

Query = Any  # a sqlalchemy Select being built up
MAX_PAGE = 500
# Characters of a word query read (the rest is left out): longer ones cost time, not answers.
MAX_QUERY = 400
# Set on the connection of an upgrade by migration 0005 when the analyses stored before it
# need their finding rows: 0012 (the newest revision adding finding columns) writes them.
BACKFILL_ASKED = "sitroom: backfill the finding rows"
# The deepest offset a listing takes (SQL integers are 64-bit; no listing is near this long).
MAX_OFFSET = 1_000_000_000


def finding_rows(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one stored analysis (its CONTRACT.md dict) puts in the finding tables."""
    article = data["article"]
    article_id, published = article["id"], article.get("published")
    rows: dict[str, list[dict[str, Any]]] = {
        "actors": [], "article_actors": [], "events": [], "quotes": [], "claims": [],
        "quote_actors": []}
    names = {}
    for actor in data.get("actors", []):
        names[actor["id"]] = actor["name"]
        rows["actors"].append({key: actor.get(key) for key in (
            "id", "name", "type", "code", "country", "title", "affiliation")})
        rows["article_actors"].append({"article_id": article_id, "actor_id": actor["id"],
                                       "mentions": len(actor.get("mentions", ())) or 1})
    for n, event in enumerate(data.get("events", [])):
        rows["events"].append({
            "article_id": article_id, "n": n, "date": event.get("date") or published,
            "source": event.get("source"), "target": event.get("target"),
            "cameo": event["cameo"], "root": event["root"], "plover": event.get("plover"),
            "goldstein": event["goldstein"], "quad_class": event["quad_class"],
            "modality": event["modality"], "data": event,
            "confidence": event.get("confidence"), **place_columns(event),
        })
    mentions = sorted((m["start"], m["end"], actor["id"]) for actor in data.get("actors", [])
                      for m in actor.get("mentions", ()))
    starts = [start for start, _, _ in mentions]
    for n, quote in enumerate(data.get("quotes", [])):
        named = sorted(_named_in(quote.get("parts") or [quote["content"]], mentions, starts))
        rows["quote_actors"].extend({"article_id": article_id, "n": n, "actor_id": actor,
                                     "published": published} for actor in named)
        speaker = quote.get("speaker") or {}
        span = speaker.get("span") or {}
        rows["quotes"].append({
            "article_id": article_id, "n": n, "kind": quote["kind"], "published": published,
            "speaker": speaker.get("actor"),
            "speaker_name": speaker.get("name") or span.get("text")
            or names.get(speaker.get("actor") or ""),
            "content": quote["content"].get("text") or "", "data": quote,
            "confidence": quote.get("confidence"),
        })
    for n, claim in enumerate(data.get("claims", [])):
        rows["claims"].append({
            "article_id": article_id, "n": n, "kind": claim["kind"], "published": published,
            "certainty": claim["certainty"], "subject": claim.get("subject"),
            "attributed_to": claim.get("attributed_to"),
            "text": claim["span"].get("text") or "", "data": claim,
        })
    return rows


def _named_in(parts: Iterable[dict[str, Any]], mentions: list[tuple[int, int, str]],
              starts: list[int]) -> set[str]:
    """The actors with a mention inside one of `parts` (spans); `mentions` sorted by start,
    `starts` their starts (each part looks only at the mentions starting inside it)."""
    named = set()
    for part in parts:
        for start, end, actor in mentions[bisect_left(starts, part["start"]):]:
            if start > part["end"]:
                break
            if end <= part["end"]:
                named.add(actor)
    return named


def place_columns(event: dict[str, Any]) -> dict[str, Any]:
    """The events table's columns for where an event happened and its dead: the place's
    country, coordinates and precision (None without a place) and `fatalities`."""
    place = event.get("place") or {}
    return {"country": place.get("country"), "lat": place.get("lat"),
            "lon": place.get("lon"), "precision": place.get("precision"),
            "fatalities": event.get("fatalities")}


def write_findings(connection: Connection, dicts: Sequence[dict[str, Any]],
                   derived: bool = True) -> None:
    """Replace the finding rows of these analyses (dicts as stored) in one connection;
    with `derived`, also the rows kept from them: the stored actor graph and each actor's
    events per day, changed by what their events add and take away, and their actors' name
    words (migrations 0007, 0011, 0008)."""
    if not dicts:
        return
    ids = [d["article"]["id"] for d in dicts]
    postgres = connection.dialect.name == "postgresql"
    if _searchable(connection, ids):
        _unindex_findings(connection, ids, postgres)
    graph_before = graph_rows(connection, ids) if derived else []
    days_before = day_rows(connection, ids) if derived else []
    before = _actor_counts(connection.execute(
        select(article_actors.c.actor_id, article_actors.c.mentions)
        .where(article_actors.c.article_id.in_(ids))))
    for table in (article_actors, events, quotes, claims):
        connection.execute(delete(table).where(table.c.article_id.in_(ids)))
    merged: dict[str, list[dict[str, Any]]] = {}
    for data in dicts:
        for name, rows in finding_rows(data).items():
            merged.setdefault(name, []).extend(rows)
    latest = {row["id"]: row for row in merged.get("actors", [])}  # the newest wins
    counts = _counted(connection, before, _actor_counts(
        (row["actor_id"], row["mentions"]) for row in merged.get("article_actors", [])),
        set(latest))
    if latest:
        connection.execute(delete(actors).where(actors.c.id.in_(list(latest))))
        connection.execute(actors.insert(), [
            {**row, "articles": counts[key][0], "mentions": counts[key][1]}
            for key, row in latest.items()])
        if derived:
            replace_words(connection, ((key, row["name"]) for key, row in latest.items()))
    for name, table in (("article_actors", article_actors), ("events", events),
                        ("quotes", quotes), ("claims", claims)):
        if merged.get(name):
            connection.execute(table.insert(), merged[name])
    if merged.get("quote_actors"):
        ids_of = {(a, n): i for i, a, n in connection.execute(
            select(quotes.c.id, quotes.c.article_id, quotes.c.n)
            .where(quotes.c.article_id.in_(ids)))}
        connection.execute(quote_actors.insert(), [
            {"quote_id": ids_of[(row["article_id"], row["n"])], "actor_id": row["actor_id"],
             "published": row["published"]} for row in merged["quote_actors"]])
    gone = sorted(set(before) - set(latest))  # actors these articles no longer name
    if gone:
        connection.execute(
            actors.update().where(actors.c.id == bindparam("key"))
            .values(articles=bindparam("n"), mentions=bindparam("m")),
            [{"key": key, "n": counts[key][0], "m": counts[key][1]} for key in gone])
    _index_findings(connection, ids, postgres)
    if derived:
        update_graph(connection, graph_before, graph_rows(connection, ids))
        update_days(connection, days_before, day_rows(connection, ids))


Counts = dict[str, tuple[int, int]]  # actor id → (articles, mentions)


def _actor_counts(rows: Iterable[Any]) -> Counts:
    """(actor id, mentions) rows of article_actors → each actor's (articles, mentions)."""
    counts: Counts = {}
    for actor_id, mentions in rows:
        n, m = counts.get(actor_id, (0, 0))
        counts[actor_id] = (n + 1, m + mentions)
    return counts


def _counted(connection: Connection, before: Counts, after: Counts, latest: set[str]) -> Counts:
    """The article and mention counts kept on the actors table (so that listing actors by
    prominence needs no grouping over every article), for the actors a batch named before
    or names now: the stored counts, less what the batch's articles named before, plus
    what they name now. Only the batch's own rows are read, so a write costs the same
    however many articles name an actor (a recount read every article naming it)."""
    keys = sorted(set(before) | latest)
    stored: Counts = {}
    for start in range(0, len(keys), 500):
        stored.update((row[0], (row[1], row[2])) for row in connection.execute(
            select(actors.c.id, actors.c.articles, actors.c.mentions)
            .where(actors.c.id.in_(keys[start:start + 500]))))
    counts = {}
    for key in keys:
        was, old, new = stored.get(key, (0, 0)), before.get(key, (0, 0)), after.get(key, (0, 0))
        counts[key] = (was[0] - old[0] + new[0], was[1] - old[1] + new[1])
    return counts


def recount_actors(connection: Connection) -> None:
    """Count every actor's articles and mentions again from article_actors (after a
    rebuild of the finding rows)."""
    linked = article_actors.c.actor_id == actors.c.id
    connection.execute(actors.update().values(
        articles=select(func.count()).where(linked).scalar_subquery(),
        mentions=select(func.coalesce(func.sum(article_actors.c.mentions), 0))
        .where(linked).scalar_subquery()))


def _searchable(connection: Connection, ids: list[str]) -> bool:
    """Whether any of these articles has quotes or claims stored (so rows in the search
    index of findings): newly stored articles have none."""
    return any(connection.execute(select(table.c.id).where(table.c.article_id.in_(ids))
                                  .limit(1)).first() is not None for table in (quotes, claims))


def _unindex_findings(connection: Connection, ids: list[str], postgres: bool) -> None:
    """Take these articles' quotes and claims out of the search index of findings. On
    SQLite it is a scan of the index (its article ids are not indexed), which is why
    `write_findings` does it only for articles that had findings."""
    if postgres:
        connection.execute(text("DELETE FROM finding_search WHERE article_id = ANY(:ids)"),
                           {"ids": ids})
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join(f":i{i}" for i in range(len(chunk)))
        connection.execute(text(f"DELETE FROM finding_search WHERE article_id IN ({marks})"),
                           {f"i{i}": v for i, v in enumerate(chunk)})


def _index_findings(connection: Connection, ids: list[str], postgres: bool) -> None:
    rows = []
    for kind, table, column in (("quote", quotes, quotes.c.content),
                                ("claim", claims, claims.c.text)):
        for finding_id, article_id, body in connection.execute(
                select(table.c.id, table.c.article_id, column)
                .where(table.c.article_id.in_(ids))):
            rows.append({"kind": kind, "id": finding_id, "article": article_id, "body": body})
    if not rows:
        return
    if postgres:
        connection.execute(text(
            "INSERT INTO finding_search (kind, finding_id, article_id, document) "
            "VALUES (:kind, :id, :article, to_tsvector('english', :body))"), rows)
    else:
        connection.execute(text(
            "INSERT INTO finding_search (kind, finding_id, article_id, body) "
            "VALUES (:kind, :id, :article, :body)"), rows)


def _page(limit: int | None, offset: int) -> tuple[int, int]:
    limit = MAX_PAGE if limit is None else max(0, min(int(limit), MAX_PAGE))
    return limit, max(0, min(int(offset), MAX_OFFSET))


class FindingStore:
    """Queries over the finding tables (mixed into Store). Every listing returns
    ``{"total", "limit", "offset", "items"}`` so callers can page through it."""

    engine: Engine

    # -- shared filters ------------------------------------------------------------------

    @staticmethod
    def _scope(query: Query, table: Any, *, outlet: str | None = None,
               story: str | None = None, article: str | None = None) -> Query:
        if outlet:
            query = query.where(articles.c.source == outlet)
        if article:
            query = query.where(table.c.article_id == article)
        if story:
            query = query.where(table.c.article_id.in_(
                select(story_articles.c.article_id).where(story_articles.c.story_id == story)))
        return query

    def _listing(self, query: Query, order: Iterable[Any], limit: int | None,
                 offset: int, counted: bool = True,
                 count_query: Query | None = None) -> dict[str, Any]:
        """A page of `query`; `total` is None when not `counted` (saves a scan), else the
        rows of `count_query` (the same rows without the joins that only add columns)."""
        limit, offset = _page(limit, offset)
        counting = query if count_query is None else count_query
        with self.engine.connect() as connection:
            total = connection.execute(
                select(func.count()).select_from(counting.order_by(None).subquery())
            ).scalar_one() if counted else None
            items = _page_rows(connection, query, tuple(order), limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def _either(self, query: Query, condition: Any,
                other: tuple[Query, tuple[Any, ...]], order: tuple[Any, ...],
                limit: int | None, offset: int, counted: bool,
                newest: str = "published") -> dict[str, Any]:
        """The listing of rows of `query` meeting `condition` or in `other` (a query and its
        order), newest first by the column `newest`, then by id. Uncounted, each side is
        read in its own index order only as far as the page needs and the two are merged,
        instead of sorting every match."""
        other_query, other_order = other
        if counted:
            either = query.where(or_(condition, query.selected_columns.id.in_(
                other_query.with_only_columns(query.selected_columns.id))))
            return self._listing(either, order, limit, offset, counted)
        limit, offset = _page(limit, offset)
        with self.engine.connect() as connection:
            rows = {row["id"]: row for side, side_order in (
                (query.where(condition), order), (other_query, other_order))
                for row in _page_rows(connection, side, side_order, offset + limit, 0)}
        merged = sorted(rows.values(), key=lambda r: r["id"])
        merged.sort(key=lambda r: (r[newest] is not None, r[newest] or ""), reverse=True)
        return {"total": None, "limit": limit, "offset": offset,
                "items": merged[offset:offset + limit]}

    # -- articles ------------------------------------------------------------------------

    def find_articles(self, *, outlet: str | None = None, since: str | None = None,
                      until: str | None = None, actor: str | None = None,
                      story: str | None = None, limit: int | None = 50,
                      offset: int = 0) -> dict[str, Any]:
        """Article metadata (no text), newest first."""
        query = select(articles.c.id, articles.c.title, articles.c.source, articles.c.url,
                       articles.c.published, articles.c.author, articles.c.language,
                       articles.c.duplicate_of, articles.c.duplicate_kind)
        query = dated(query, articles, since, until)
        if actor:
            query = query.where(articles.c.id.in_(select(article_actors.c.article_id).where(
                article_actors.c.actor_id == actor)))
        if outlet:
            query = query.where(articles.c.source == outlet)
        if story:
            query = query.where(articles.c.id.in_(select(story_articles.c.article_id).where(
                story_articles.c.story_id == story)))
        return self._listing(query, (articles.c.published.desc().nulls_last(), articles.c.id),
                             limit, offset)

    # -- events --------------------------------------------------------------------------

    def _event_query(self, **filters: Any) -> Query:
        """Events with their actors' names and their article, filtered."""
        source_actor, target_actor = actors.alias("source_actor"), actors.alias("target_actor")
        query = (
            select(events.c.id, events.c.article_id, events.c.n, events.c.date,
                   events.c.source, source_actor.c.name.label("source_name"),
                   source_actor.c.country.label("source_country"),
                   events.c.target, target_actor.c.name.label("target_name"),
                   target_actor.c.country.label("target_country"),
                   events.c.cameo, events.c.root, events.c.plover, events.c.goldstein,
                   events.c.quad_class, events.c.modality, events.c.data,
                   articles.c.title, articles.c.source.label("outlet"), articles.c.url,
                   articles.c.published, articles.c.ingested_at)
            .join(articles, articles.c.id == events.c.article_id)
            .outerjoin(source_actor, source_actor.c.id == events.c.source)
            .outerjoin(target_actor, target_actor.c.id == events.c.target)
        )
        return _filter_events(query, **filters)

    def find_events(self, *, limit: int | None = 50, offset: int = 0, counted: bool = True,
                    **filters: Any) -> dict[str, Any]:
        """Stored events, newest first; filters: actor (as source or target), source,
        target, code (a CAMEO code or its prefix), plover, modality, since, until, outlet,
        story, article, country (ISO alpha-3 of the place where it happened)."""
        order = (events.c.date.desc().nulls_last(), events.c.id)
        actor = filters.get("actor")
        rest = {k: v for k, v in filters.items() if k not in ("actor", "source", "target")}
        if not actor or filters.get("source") or filters.get("target"):
            return self._listing(self._event_query(**filters), order, limit, offset,
                                 counted, _filter_events(select(events.c.id), **filters))
        # as source, or as target of another's: each side read newest first from its index
        # as far as the page needs, then merged (no sort of every event of the actor)
        as_target = self._event_query(**rest, target=actor).where(
            or_(events.c.source.is_(None), events.c.source != actor))
        listing = self._either(self._event_query(**rest), events.c.source == actor,
                               (as_target, order), order, limit, offset, False, "date")
        if counted:
            listing["total"] = self._actor_event_count(actor, rest)
        return listing

    def _actor_event_count(self, actor: str, filters: dict[str, Any]) -> int:
        """The events `actor` is an end of, as `find_events` filters them: from its kept
        rows per day where they answer (its shown events), else counted."""
        shown = filters.pop("min_confidence", SHOWN_CONFIDENCE)
        with self.engine.connect() as connection:
            if days_serve(shown, filters):
                return kept_events(connection, actor)
            return connection.execute(select(func.count()).select_from(_filter_events(
                select(events.c.id), actor=actor, min_confidence=shown, **filters)
                .subquery())).scalar_one()

    def iter_events(self, **filters: Any) -> Iterable[dict[str, Any]]:
        """Every stored event matching `filters` (as for `find_events`), oldest first."""
        query = self._event_query(**filters).order_by(events.c.date.nulls_first(), events.c.id)
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=2000).execute(query).mappings():
                yield dict(row)

    # -- quotes and claims ---------------------------------------------------------------

    def find_quotes(self, *, speaker: str | None = None, actor: str | None = None,
                    kind: str | None = None, since: str | None = None,
                    until: str | None = None, outlet: str | None = None,
                    story: str | None = None, article: str | None = None,
                    limit: int | None = 50, offset: int = 0,
                    counted: bool = True,
                    min_confidence: float | None = None) -> dict[str, Any]:
        """Stored quotes, newest first; `actor` matches quotes by it or about it;
        `min_confidence` keeps those at or above it (None or 0: every stored quote)."""
        query = (select(quotes.c.id, quotes.c.article_id, quotes.c.n, quotes.c.kind,
                        quotes.c.speaker, quotes.c.speaker_name, quotes.c.content,
                        quotes.c.data, articles.c.title, articles.c.source.label("outlet"),
                        quotes.c.published)
                 .join(articles, articles.c.id == quotes.c.article_id))

        def narrowed(query: Query) -> Query:
            if min_confidence:
                query = query.where(quotes.c.confidence >= min_confidence)
            query = _equal(query, (quotes.c.speaker, speaker), (quotes.c.kind, kind))
            query = dated(query, quotes, since, until)
            return self._scope(query, quotes, outlet=outlet, story=story, article=article)

        query = narrowed(query)
        order = (quotes.c.published.desc().nulls_last(), quotes.c.id)
        if actor:  # by it, or naming it (by any of its names: "Moscow", "the Kremlin")
            naming = query.join(quote_actors, and_(quote_actors.c.quote_id == quotes.c.id,
                                                   quote_actors.c.actor_id == actor))
            return self._either(query, quotes.c.speaker == actor, (naming, (
                quote_actors.c.published.desc().nulls_last(), quotes.c.id)), order,
                limit, offset, counted)
        # counted without the articles join (every quote has its article) unless the
        # outlet filter reads it
        return self._listing(query, order, limit, offset, counted,
                             None if outlet else narrowed(select(quotes.c.id)))

    def find_claims(self, *, kind: str | None = None, certainty: str | None = None,
                    actor: str | None = None, since: str | None = None,
                    until: str | None = None, outlet: str | None = None,
                    story: str | None = None, article: str | None = None,
                    limit: int | None = 50, offset: int = 0,
                    counted: bool = True) -> dict[str, Any]:
        """Stored claims, newest first; `actor` matches the claim's subject or asserter."""
        query = (select(claims.c.id, claims.c.article_id, claims.c.n, claims.c.kind,
                        claims.c.certainty, claims.c.subject, claims.c.attributed_to,
                        claims.c.text, claims.c.data, articles.c.title,
                        articles.c.source.label("outlet"), claims.c.published)
                 .join(articles, articles.c.id == claims.c.article_id))

        def narrowed(query: Query) -> Query:
            query = _equal(query, (claims.c.kind, kind), (claims.c.certainty, certainty))
            query = dated(query, claims, since, until)
            return self._scope(query, claims, outlet=outlet, story=story, article=article)

        query = narrowed(query)
        order = (claims.c.published.desc().nulls_last(), claims.c.id)
        if actor:
            return self._either(query, claims.c.subject == actor,
                                (query.where(claims.c.attributed_to == actor), order),
                                order, limit, offset, counted)
        # counted without the articles join (every claim has its article) unless the
        # outlet filter reads it
        return self._listing(query, order, limit, offset, counted,
                             None if outlet else narrowed(select(claims.c.id)))

    def search_findings(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Quotes and claims whose words match `query` (each word in any of its known
        spellings), best first; the same words in one article are one hit (`kinds`)."""
        from . import search as search_terms

        terms = search_terms.expanded(query[:MAX_QUERY])
        if not terms:
            return []
        ranked = _pg_findings if self.engine.dialect.name == "postgresql" else _fts5_findings
        with self.engine.connect() as connection:
            hits = ranked(connection, terms, 2 * limit)
            found: dict[tuple[str, int], dict[str, Any]] = {}
            for kind, table, body in (("quote", quotes, quotes.c.content),
                                      ("claim", claims, claims.c.text)):
                wanted = [h[1] for h in hits if h[0] == kind]
                if not wanted:
                    continue
                for row in connection.execute(
                        select(table.c.id, table.c.article_id, body.label("text"),
                               articles.c.title, articles.c.source.label("outlet"),
                               articles.c.published)
                        .join(articles, articles.c.id == table.c.article_id)
                        .where(table.c.id.in_(wanted))).mappings():
                    found[(kind, row["id"])] = {"kind": kind, **row}
        return search_terms.finding_hits(
            (found[(kind, i)] for kind, i in hits if (kind, i) in found), limit)

    # -- actors --------------------------------------------------------------------------

    def _actor_name(self, actor_id: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(actors.c.name).where(actors.c.id == actor_id)).scalar()

    def find_actors(self, *, query: str | None = None, type: str | None = None,  # noqa: A002
                    country: str | None = None, limit: int | None = 50,
                    offset: int = 0, counted: bool = True) -> dict[str, Any]:
        """Actors, most written about first, with the number of articles naming them;
        `total` is None when not `counted` (a page's list of filters needs no count of
        every actor)."""
        select_query = select(actors).where(actors.c.articles > 0)
        if query:
            like = f"%{query[:MAX_QUERY].strip()}%"
            select_query = select_query.where(or_(actors.c.name.ilike(like),
                                                  actors.c.id.ilike(like)))
        if type:
            select_query = select_query.where(actors.c.type == type)
        if country:
            select_query = select_query.where(actors.c.country == country.upper())
        return self._listing(select_query, (actors.c.articles.desc(), actors.c.id),
                             limit, offset, counted)

    def search_actors(self, query: str, limit: int = 10) -> list[dict[str, Any]]:
        """Actors whose name (or id) holds the query or its words of four letters or more,
        each in any known spelling, at the start of a word, and those the actor dictionary
        names by a phrase of it ("Kyiv" → Ukraine, "Kremlin" → Russian government): those
        named or holding more of the query first, then the most written about."""
        from . import search as search_terms

        query = query[:MAX_QUERY]
        terms = search_terms.name_terms(query)
        # every word of a term starts a word of the names it matches (`name_score`): the
        # candidates are read by each spelling's longest word, the fewest ("el" of
        # "El Fasher" starts thousands of actors' words)
        firsts = {max(words, key=len) for alts in terms for words in alts if words}
        if not firsts:
            return []
        named = search_terms.named_ids(query)
        with self.engine.connect() as connection:
            rows = [dict(r) for r in connection.execute(
                select(actors).where(actors.c.articles > 0,
                                     named_or_starting_with(named, firsts))
                .order_by(actors.c.articles.desc(), actors.c.id).limit(500)).mappings()]
        scored = [(len(terms) if r["id"] in named else
                   search_terms.name_score((r["name"], r["id"]), terms), r) for r in rows]
        ranked = sorted((pair for pair in scored if pair[0]), key=lambda pair: -pair[0])
        return [row for _, row in ranked[:limit]]

    def actor(self, actor_id: str,
              min_confidence: float | None = SHOWN_CONFIDENCE) -> dict[str, Any]:
        """One actor with counts of what it did and what was done to it (events at or above
        `min_confidence`) and of what it said."""
        with self.engine.connect() as connection:
            row = connection.execute(select(actors).where(actors.c.id == actor_id)).mappings()\
                .first()
            if row is None:
                raise NotFound(f"no actor {actor_id!r} in this database")
            info = dict(row)

            def count(table: Any, *where: Any) -> int:
                return connection.execute(
                    select(func.count()).select_from(table).where(*where)).scalar_one()

            info["articles"] = count(article_actors, article_actors.c.actor_id == actor_id)
            if days_serve(min_confidence):
                info["did"], info["done_to"] = kept_counts(connection, actor_id)
            else:
                shown = _confident(min_confidence)
                info["did"] = count(events, events.c.source == actor_id, *shown)
                info["done_to"] = count(events, events.c.target == actor_id, *shown)
            info["quotes_by"] = count(quotes, quotes.c.speaker == actor_id)
            info["first_seen"], info["last_seen"] = _first_last(connection, actor_id)
        return info

    def actor_trend(self, actor_id: str, *, by: str = "day",
                    min_confidence: float | None = SHOWN_CONFIDENCE) -> list[dict[str, Any]]:
        """Per day (or month) the events it took part in and their mean Goldstein value,
        as source and as target (negated and hypothetical events left out; only events at
        or above `min_confidence`)."""
        width = 7 if by == "month" else 10
        if days_serve(min_confidence):
            with self.engine.connect() as connection:
                kept = kept_trend(connection, actor_id, width)
            return [{"period": day, "events": int(count), "goldstein": round(total / count, 2),
                     "as_source": int(as_source)} for day, count, total, as_source in kept]
        period = func.substr(events.c.date, 1, width).label("period")
        totals: dict[str, list[float]] = {}
        with self.engine.connect() as connection:
            for side, where in (("source", events.c.source == actor_id),
                                ("target", and_(events.c.target == actor_id, or_(
                                    events.c.source.is_(None),
                                    events.c.source != actor_id)))):
                for row in connection.execute(
                        select(period, func.count(), func.sum(events.c.goldstein))
                        .where(where, events.c.date.is_not(None),
                               events.c.modality.in_(GRAPH_MODALITIES),
                               *_confident(min_confidence))
                        .group_by(period)):
                    entry = totals.setdefault(row[0], [0, 0.0, 0])
                    entry[0] += row[1]
                    entry[1] += row[2]
                    if side == "source":
                        entry[2] += row[1]
        return [{"period": day, "events": int(count), "goldstein": round(total / count, 2),
                 "as_source": int(as_source)}
                for day, (count, total, as_source) in sorted(totals.items())]

    def actor_graph(self, *, modalities: Sequence[str] = GRAPH_MODALITIES, evidence: int = 3,
                    by_country: bool = False, limit: int | None = None, offset: int = 0,
                    **filters: Any) -> dict[str, Any]:
        """Actor–actor edges aggregated from stored events (as `find_events` filters them),
        heaviest first: count, mean Goldstein, cooperation and conflict counts, first and
        last seen, codes, and the first `evidence` supporting events each. Nodes are the
        actors on the edges returned; `by_country` folds each actor into its country (North
        Korea's military, government and leader are North Korea), organisations without one
        staying themselves. With `limit`, one page of edges (at most MAX_PAGE, after
        `offset` heavier ones) and its nodes and evidence only, and `total` (edges in the
        whole graph), `limit` and `offset` beside them."""
        base = _graph_events(modalities, by_country, filters)
        # the unfiltered graph is kept as rows (store/graph.py); any other is grouped here
        stored = stored_graph_serves(modalities, by_country, filters)
        if limit is not None:
            limit, offset = _page(limit, offset)
        with self.engine.connect() as connection:
            if stored:
                page, total, weight = stored_graph(connection, limit, offset,
                                                   filters.get("actor"))
                edges = {(e["source"], e["target"]): e for e in page}
            else:
                edges = _graph_edges(connection, base)
                ordered = sorted(edges.values(),
                                 key=lambda e: (-e["count"], e["source"], e["target"]))
                total = len(ordered)
                page = ordered if limit is None else ordered[offset:offset + limit]
                weight = _weights(ordered)
            if evidence and page and stored:
                stored_evidence(connection, edges, evidence)
            elif evidence and page:
                _add_evidence(connection, base, edges, evidence,
                              page if limit is not None else None)
            ids = sorted({e[end] for e in page for end in ("source", "target")})
            known = {r["id"]: dict(r) for r in connection.execute(
                select(actors.c.id, actors.c.name, actors.c.type, actors.c.code,
                       actors.c.country).where(actors.c.id.in_(ids))).mappings()}
        nodes = [{**known.get(i, {"id": i, "name": _country_name(i), "type": "unknown"}),
                  "events": weight[i]} for i in ids]
        if limit is None:
            return {"nodes": nodes, "edges": page}
        return {"nodes": nodes, "edges": page, "total": total, "limit": limit,
                "offset": offset}

    # -- stories -------------------------------------------------------------------------

    def find_stories(self, *, query: str | None = None, since: str | None = None,
                     until: str | None = None, actor: str | None = None,
                     outlet: str | None = None, story: str | None = None,
                     limit: int | None = 50, offset: int = 0) -> dict[str, Any]:
        """Stories, latest first, with the number of articles and of distinct outlets.
        `query` (words; its first MAX_QUERY characters) matches titles and article text."""
        select_query = select(stories.c.id, stories.c.title, stories.c.first, stories.c.last,
                              stories.c.size, stories.c.updated_at)
        members = select(story_articles.c.story_id).join(
            articles, articles.c.id == story_articles.c.article_id)
        query = (query or "")[:MAX_QUERY].strip()
        if query:
            matched = self.search(query, limit=200, snippets=False)  # type: ignore[attr-defined]
            hits = [found for row in matched
                    for found in (row["id"], *(copy["id"] for copy in row["copies"]))]
            select_query = select_query.where(or_(
                stories.c.title.ilike(f"%{query}%"),
                stories.c.id.in_(select(story_articles.c.story_id).where(
                    story_articles.c.article_id.in_(hits)))))
        if story:
            select_query = select_query.where(stories.c.id == story)
        if since:
            select_query = select_query.where(stories.c.last >= since)
        if until:
            select_query = select_query.where(stories.c.first <= until)
        if outlet:
            select_query = select_query.where(
                stories.c.id.in_(members.where(articles.c.source == outlet)))
        if actor:
            select_query = select_query.where(stories.c.id.in_(
                select(story_articles.c.story_id).join(
                    article_actors, and_(article_actors.c.article_id ==
                                         story_articles.c.article_id,
                                         article_actors.c.actor_id == actor))))
        listing = self._listing(select_query,
                                (stories.c.last.desc().nulls_last(), stories.c.id),
                                limit, offset)
        ids = [row["id"] for row in listing["items"]]
        if ids:
            with self.engine.connect() as connection:
                sources: dict[str, int] = dict(connection.execute(  # type: ignore[arg-type]
                    select(story_articles.c.story_id,
                           func.count(func.distinct(
                               func.coalesce(articles.c.source, articles.c.id))))
                    .join(articles, articles.c.id == story_articles.c.article_id)
                    .where(story_articles.c.story_id.in_(ids))
                    .group_by(story_articles.c.story_id)).all())
            for row in listing["items"]:
                row["sources"] = sources.get(row["id"], 0)
        return listing

    def outlets(self) -> list[dict[str, Any]]:
        """Every outlet with its number of stored articles (kept as rows, migration 0013),
        most articles first."""
        with self.engine.connect() as connection:
            return [{"source": r[0], "articles": r[1]} for r in connection.execute(
                select(outlets.c.source, outlets.c.articles)
                .order_by(outlets.c.articles.desc(), outlets.c.source))]

    def reindex_findings(self, chunk: int = 200) -> int:
        """Rebuild the finding rows of every stored analysis (e.g. after a restore)."""
        return backfill(self.engine, chunk)


def _pg_findings(connection: Connection, terms: list[list[tuple[str, ...]]],
                 n: int) -> list[tuple[str, int]]:
    """The best `n` rows of finding_search matching `terms` (`search.expanded`'s) as (kind,
    finding id), by `ts_rank`, then id."""
    from .search import pg_by_index, pg_tsquery

    tsquery, params = pg_tsquery(terms)
    pg_by_index(connection)
    return [(kind, finding) for kind, finding in connection.execute(text(
        f"SELECT kind, finding_id FROM finding_search, (SELECT {tsquery} AS q) query "
        "WHERE document @@ q ORDER BY ts_rank(document, q) DESC, finding_id LIMIT :limit"),
        {**params, "limit": n})]


def _fts5_findings(connection: Connection, terms: list[list[tuple[str, ...]]],
                   n: int) -> list[tuple[str, int]]:
    """The best `n` rows of finding_search matching `terms` (`search.expanded`'s) as (kind,
    finding id), by FTS5 rank (bm25), then id, then kind: the best scores found first
    (`search.fts5_best`), then the ids of those rows read and sorted here."""
    from .search import by_rowid, fts5_best, fts5_query

    best = fts5_best(connection, "finding_search", "bm25(finding_search)", fts5_query(terms), n)
    rows = by_rowid(connection, "SELECT rowid, kind, finding_id FROM finding_search "
                    "WHERE rowid IN :rowids", best)
    rows.sort(key=lambda row: (best[row["rowid"]], row["finding_id"], row["kind"]))
    return [(row["kind"], row["finding_id"]) for row in rows[:n]]


def backfill(bind: Engine | Connection, chunk: int = 200, derived: bool = True) -> int:
    """Fill the finding tables from the stored analyses, `chunk` at a time, and with
    `derived` the rows kept from them (migrations before 0008 have not all of them)."""
    done, last = 0, ""
    context = bind.begin() if isinstance(bind, Engine) else nullcontext(bind)
    with context as connection:
        while True:
            rows = connection.execute(
                select(analyses.c.article_id, analyses.c.data)
                .where(analyses.c.article_id > last)
                .order_by(analyses.c.article_id).limit(chunk)).all()
            if not rows:
                recount_actors(connection)
                if derived:
                    rebuild_graph(connection)
                    rebuild_days(connection)
                    rebuild_words(connection)
                return done
            write_findings(connection, [r[1] for r in rows], derived=False)
            done += len(rows)
            last = rows[-1][0]


def _filter_events(query: Query, *, actor: str | None = None,
                   source: str | None = None, target: str | None = None,
                   code: str | None = None, plover: str | None = None,
                   modality: str | None = None, since: str | None = None,
                   until: str | None = None, outlet: str | None = None,
                   story: str | None = None, article: str | None = None,
                   country: str | None = None,
                   min_confidence: float | None = SHOWN_CONFIDENCE) -> Query:
    """`query` (over the events table) narrowed by the event filters the API offers.
    `min_confidence` keeps the events the learned models give at least that confidence —
    by default the shown ones (SHOWN_CONFIDENCE); None or 0: every stored event, those of
    analyses older than the models included."""
    query = query.where(*_confident(min_confidence))
    if actor:
        query = query.where(or_(events.c.source == actor, events.c.target == actor))
    if source:
        query = query.where(events.c.source == source)
    if target:
        query = query.where(events.c.target == target)
    if code and len(code.strip()) == 2 and code.strip().isdigit():
        # a root code: the events of its index by root (migration 0011), newest first
        query = query.where(events.c.root == code.strip())
    elif code:
        query = query.where(events.c.cameo.like(f"{code.strip()}%"),
                            *_prefix_range(events.c.cameo, code.strip()))
    if plover:
        query = query.where(events.c.plover == plover.upper())
    if modality:
        query = query.where(events.c.modality == modality)
    if since:
        query = query.where(events.c.date >= since)
    if until:
        query = query.where(events.c.date <= until)
    if article:
        query = query.where(events.c.article_id == article)
    if country:
        query = query.where(events.c.country == country.upper())
    if outlet:
        query = query.where(events.c.article_id.in_(
            select(articles.c.id).where(articles.c.source == outlet)))
    if story:
        query = query.where(events.c.article_id.in_(
            select(story_articles.c.article_id).where(story_articles.c.story_id == story)))
    return query


def _prefix_range(column: Any, prefix: str) -> list[Any]:
    """For a prefix of digits, the range of `column` values that start with it, which an
    index can seek (a LIKE cannot on SQLite, nor on PostgreSQL outside the C locale): "19"
    → "19" ≤ v < "2", "099" → "099" ≤ v < "1". Given beside the LIKE, it changes nothing
    of what matches."""
    if not prefix.isdigit():
        return []
    kept = prefix.rstrip("9")
    bounds = [column >= prefix]
    if kept:
        bounds.append(column < kept[:-1] + str(int(kept[-1]) + 1))
    return bounds


def _graph_events(modalities: Sequence[str], by_country: bool,
                  filters: dict[str, Any]) -> Any:
    """The events of the actor graph as a subquery: id, article, date, codes, Goldstein and
    the two ends (`source`, `target`; countries with `by_country`)."""
    source: Any = events.c.source
    target: Any = events.c.target
    lean = select(events.c.id, events.c.article_id, events.c.date, events.c.cameo,
                  events.c.plover, events.c.goldstein, events.c.quad_class)
    if by_country:
        source_actor, target_actor = actors.alias("by_source"), actors.alias("by_target")
        source = func.coalesce(source_actor.c.country, events.c.source)
        target = func.coalesce(target_actor.c.country, events.c.target)
        lean = lean.outerjoin(source_actor, source_actor.c.id == events.c.source)\
            .outerjoin(target_actor, target_actor.c.id == events.c.target)
    lean = lean.add_columns(source.label("source"), target.label("target"))
    return _filter_events(lean, **filters).where(
        *graph_condition(modalities, None, (source, target))).subquery()


def _graph_edges(connection: Connection, base: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """The edges of the graph over `base` (`_graph_events`), keyed by (source, target)."""
    pair = (base.c.source, base.c.target)
    code = func.coalesce(base.c.plover, base.c.cameo)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for row in connection.execute(
            select(*pair, code.label("code"), func.count().label("events"),
                   func.sum(base.c.goldstein).label("goldstein"),
                   func.sum(_as_int(base.c.quad_class.in_(COOPERATION))).label("coop"),
                   func.min(base.c.date).label("first"), func.max(base.c.date).label("last"))
            .group_by(*pair, code)):
        edge = edges.setdefault((row.source, row.target), {
            "source": row.source, "target": row.target, "count": 0, "goldstein": 0.0,
            "cooperation": 0, "conflict": 0, "first_seen": None, "last_seen": None,
            "codes": {}, "evidence": []})
        edge["count"] += row.events
        edge["goldstein"] += row.goldstein
        edge["cooperation"] += int(row.coop)
        edge["conflict"] += row.events - int(row.coop)
        edge["codes"][row.code] = row.events
        if row.first:
            edge["first_seen"] = min(filter(None, (edge["first_seen"], row.first)))
            edge["last_seen"] = max(filter(None, (edge["last_seen"], row.last)))
    for edge in edges.values():
        finish_edge(edge)
    return edges


def _weights(edges: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The events on the edges of each of their actors."""
    weight: dict[str, int] = {}
    for edge in edges:
        for end in (edge["source"], edge["target"]):
            weight[end] = weight.get(end, 0) + edge["count"]
    return weight


def _add_evidence(connection: Connection, base: Any,
                  edges: dict[tuple[str, str], dict[str, Any]], evidence: int,
                  page: list[dict[str, Any]] | None) -> None:
    """The first `evidence` events of each edge (of `page` only, when given) as its
    evidence: event, article, date, code, name, trigger and sentence spans."""
    rows = select(base)
    if page is not None:
        rows = rows.where(tuple_(base.c.source, base.c.target).in_(
            [(e["source"], e["target"]) for e in page]))
    picked = rows.subquery()
    ranked = select(picked, func.row_number().over(
        partition_by=(picked.c.source, picked.c.target),
        order_by=(picked.c.date, picked.c.id)).label("rank")).subquery()
    for event in connection.execute(
            select(ranked, events.c.data).join(events, events.c.id == ranked.c.id)
            .where(ranked.c.rank <= evidence)
            .order_by(ranked.c.source, ranked.c.target, ranked.c.rank)).mappings():
        data = event["data"]
        edges[(event["source"], event["target"])]["evidence"].append({
            "event": event["id"], "article": event["article_id"], "date": event["date"],
            "code": event["cameo"], "name": data.get("name"), "trigger": data["trigger"],
            "sentence": data["sentence"]})


def _page_rows(connection: Connection, query: Query, order: tuple[Any, ...], limit: int,
               offset: int) -> list[dict[str, Any]]:
    """A page of `query` in `order`. On PostgreSQL an order newest first with NULLs last
    (`column DESC NULLS LAST, …`, which no ascending index gives there) is read as the rows
    with a value (`column DESC`: an index read backwards, the same order once the NULLs are
    out), then the rows without one if the page reaches past them; SQLite's index order is
    NULLs last already."""
    column = _newest_first(order)
    if connection.dialect.name != "postgresql" or column is None:
        return [dict(r) for r in connection.execute(
            query.order_by(*order).limit(limit).offset(offset)).mappings()]
    dated = [dict(r) for r in connection.execute(
        query.where(column.is_not(None)).order_by(column.desc(), *order[1:])
        .limit(limit).offset(offset)).mappings()]
    if len(dated) == limit:
        return dated
    start = 0  # of the rows without a value: the first, unless the page starts past the others
    if offset and not dated:
        start = offset - connection.execute(select(func.count()).select_from(
            query.where(column.is_not(None)).order_by(None).subquery())).scalar_one()
    return dated + [dict(r) for r in connection.execute(
        query.where(column.is_(None)).order_by(*order[1:])
        .limit(limit - len(dated)).offset(start)).mappings()]


def _newest_first(order: tuple[Any, ...]) -> Any:
    """The column of an order that starts `column.desc().nulls_last()`, else None."""
    first: Any = order[0] if order else None
    inner: Any = getattr(first, "element", None)
    if (getattr(first, "modifier", None) is operators.nulls_last_op
            and getattr(inner, "modifier", None) is operators.desc_op):
        return inner.element
    return None


def _first_last(connection: Connection, actor: str) -> tuple[str | None, str | None]:
    """The first and last date of any event `actor` is an end of, each read by a seek in
    the index of its events by date (one per end and direction), not by a scan of them."""
    dates = [connection.execute(select(bound(events.c.date)).where(end == actor)).scalar()
             for end in (events.c.source, events.c.target) for bound in (func.min, func.max)]
    firsts, lasts = [d for d in dates[0::2] if d], [d for d in dates[1::2] if d]
    return min(firsts, default=None), max(lasts, default=None)


def _confident(min_confidence: float | None) -> list[Any]:
    return [events.c.confidence >= min_confidence] if min_confidence else []


def _equal(query: Query, *pairs: tuple[Any, Any]) -> Query:
    """`query` narrowed to rows whose column equals the value, for each (column, value)
    pair with a value."""
    for column, value in pairs:
        if value:
            query = query.where(column == value)
    return query


def dated(query: Query, table: Any, since: str | None,
          until: str | None) -> Query:
    """`query` narrowed to rows of `table` published from `since` to `until`."""
    if since:
        query = query.where(table.c.published >= since)
    if until:
        query = query.where(table.c.published <= until)
    return query


def _country_name(code: str) -> str:
    """A country's name for a node no stored actor names ("PRK" → "North Korea")."""
    import pycountry

    found = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.isupper() \
        else None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code


def _as_int(condition: Any) -> Any:
    return case((condition, 1), else_=0)
