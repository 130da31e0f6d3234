"""The actor graph over every shown event, kept as rows (migration 0007), so that
`/api/graph` reads a page of edges instead of grouping every event of the collection.

`graph_pairs` holds one row per (source, target) with its events, the sum of their Goldstein
values, its cooperation events and its first and last dates; `graph_codes` the events per
code of each pair. Both count the events `graph_condition` selects (those the unfiltered
graph shows: the default modalities, at or above SHOWN_CONFIDENCE, two different ends).
Each write changes them by difference, as the actors' counts are: less what the batch's
articles contributed before, plus what they contribute now."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, case, delete, func, select, tuple_, union_all

from ..records import SHOWN_CONFIDENCE
from .schema import events, graph_codes, graph_pairs

# Events that did not (or not yet) happen stay out of the actor graph unless asked for.
GRAPH_MODALITIES = ("asserted", "reported", "future")
COOPERATION = (1, 2)  # quad classes: verbal and material cooperation
CONFLICT = (3, 4)
CHUNK = 400  # keys per IN list
EVIDENCE_PAIRS = 100  # pairs whose evidence one statement reads

Pair = tuple[str, str]
CodeKey = tuple[str, str, str]
# a pair's events, Goldstein sum, cooperation events, first and last date
Totals = tuple[int, float, int, str | None, str | None]
NONE: Totals = (0, 0.0, 0, None, None)


def graph_condition(modalities: Sequence[str] = GRAPH_MODALITIES,
                    min_confidence: float | None = SHOWN_CONFIDENCE,
                    ends: tuple[Any, Any] = (events.c.source, events.c.target)) -> list[Any]:
    """The conditions on the events table of the events an actor graph counts: both ends
    known and different (`ends`: the columns compared, the actors or their countries)."""
    shown = [events.c.confidence >= min_confidence] if min_confidence else []
    return [*shown, events.c.source.is_not(None), events.c.target.is_not(None),
            ends[0] != ends[1], events.c.modality.in_(list(modalities))]


def stored_graph_serves(modalities: Sequence[str], by_country: bool,
                        filters: dict[str, Any]) -> bool:
    """Whether the stored edges answer an actor graph asked with these arguments: the
    whole graph or one actor's, at the default modalities and confidence."""
    narrowed = any(value for key, value in filters.items()
                   if key not in ("min_confidence", "actor"))
    return (tuple(modalities) == GRAPH_MODALITIES and not by_country and not narrowed
            and filters.get("min_confidence", SHOWN_CONFIDENCE) == SHOWN_CONFIDENCE)


def finish_edge(edge: dict[str, Any]) -> dict[str, Any]:
    """An edge with its Goldstein sum turned into the mean and its relation named."""
    edge["goldstein"] = round(edge["goldstein"] / edge["count"], 2)
    edge["relation"] = ("cooperation" if edge["cooperation"] > edge["conflict"] else
                        "conflict" if edge["conflict"] > edge["cooperation"] else "mixed")
    return edge


# -- kept on write -----------------------------------------------------------------------

def graph_rows(connection: Connection, ids: Sequence[str]) -> list[Any]:
    """What these articles' stored events contribute to the graph: (source, target, code,
    Goldstein, quad class, date) per counted event."""
    if not ids:
        return []
    return list(connection.execute(
        select(events.c.source, events.c.target,
               func.coalesce(events.c.plover, events.c.cameo), events.c.goldstein,
               events.c.quad_class, events.c.date)
        .where(events.c.article_id.in_(list(ids)), *graph_condition())))


def _totals(rows: Iterable[Any]) -> tuple[dict[Pair, Totals], dict[CodeKey, int]]:
    pairs: dict[Pair, Totals] = {}
    codes: dict[CodeKey, int] = {}
    for source, target, code, goldstein, quad_class, date in rows:
        n, total, coop, first, last = pairs.get((source, target), NONE)
        pairs[(source, target)] = (n + 1, total + goldstein,
                                   coop + (quad_class in COOPERATION),
                                   _least(first, date), _greatest(last, date))
        codes[(source, target, code)] = codes.get((source, target, code), 0) + 1
    return pairs, codes


def _least(a: str | None, b: str | None) -> str | None:
    return min(filter(None, (a, b)), default=None)


def _greatest(a: str | None, b: str | None) -> str | None:
    return max(filter(None, (a, b)), default=None)


def update_graph(connection: Connection, before: list[Any], after: list[Any]) -> None:
    """Change the stored edges by a batch's contributions `before` (read before its old
    events were deleted) and `after` (its events now), both from `graph_rows`. A pair that
    lost an event dated on its first or last day has those read again from its events."""
    old_pairs, old_codes = _totals(before)
    new_pairs, new_codes = _totals(after)
    keys = sorted(set(old_pairs) | set(new_pairs))
    stored = {(r[0], r[1]): tuple(r[2:]) for r in read_keyed(connection, graph_pairs, keys)}
    rows, redate = [], []
    for key in keys:
        was, old, new = stored.get(key, NONE), old_pairs.get(key, NONE), new_pairs.get(key, NONE)
        count = was[0] - old[0] + new[0]
        if count <= 0:
            continue
        rows.append({"source": key[0], "target": key[1], "events": count,
                     "goldstein": was[1] - old[1] + new[1], "cooperation": was[2] - old[2] + new[2],
                     "first": _least(was[3], new[3]), "last": _greatest(was[4], new[4])})
        if old[3] is not None and (old[3] == was[3] or old[4] == was[4]):
            redate.append(rows[-1])
    replace_keyed(connection, graph_pairs, keys, rows)
    for row in redate:
        row_key = (row["source"], row["target"])
        first, last = connection.execute(
            select(func.min(events.c.date), func.max(events.c.date))
            .where(events.c.source == row_key[0], events.c.target == row_key[1],
                   *graph_condition())).one()
        connection.execute(graph_pairs.update().where(
            graph_pairs.c.source == row_key[0], graph_pairs.c.target == row_key[1])
            .values(first=first, last=last))
    code_keys = sorted(set(old_codes) | set(new_codes))
    stored_codes = {(r[0], r[1], r[2]): r[3]
                    for r in read_keyed(connection, graph_codes, code_keys)}
    counted = {key: stored_codes.get(key, 0) - old_codes.get(key, 0) + new_codes.get(key, 0)
               for key in code_keys}
    replace_keyed(connection, graph_codes, code_keys, [
        {"source": key[0], "target": key[1], "code": key[2], "events": n}
        for key, n in counted.items() if n > 0])


def _key_columns(table: Any) -> list[Any]:
    return [column for column in table.primary_key.columns]


def read_keyed(connection: Connection, table: Any, keys: list[Any]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(keys), CHUNK):
        rows.extend(connection.execute(select(table).where(
            tuple_(*_key_columns(table)).in_(keys[start:start + CHUNK]))))
    return rows


def replace_keyed(connection: Connection, table: Any, keys: list[Any],
             rows: list[dict[str, Any]]) -> None:
    """Delete the rows of these keys and insert `rows` (the ones still counted)."""
    for start in range(0, len(keys), CHUNK):
        connection.execute(delete(table).where(
            tuple_(*_key_columns(table)).in_(keys[start:start + CHUNK])))
    if rows:
        connection.execute(table.insert(), rows)


def rebuild_graph(connection: Connection) -> None:
    """Fill the stored edges again from every event (migration 0007, `reindex_findings`)."""
    connection.execute(delete(graph_codes))
    connection.execute(delete(graph_pairs))
    code = func.coalesce(events.c.plover, events.c.cameo)
    pair = (events.c.source, events.c.target)
    connection.execute(graph_codes.insert().from_select(
        ["source", "target", "code", "events"],
        select(*pair, code, func.count()).where(*graph_condition()).group_by(*pair, code)))
    connection.execute(graph_pairs.insert().from_select(
        ["source", "target", "events", "goldstein", "cooperation", "first", "last"],
        select(*pair, func.count(), func.sum(events.c.goldstein),
               func.sum(case((events.c.quad_class.in_(COOPERATION), 1), else_=0)),
               func.min(events.c.date), func.max(events.c.date))
        .where(*graph_condition()).group_by(*pair)))


# -- read ----------------------------------------------------------------------------------

Page = tuple[list[dict[str, Any]], int, dict[str, int]]  # edges, edges in all, node weights


def stored_graph(connection: Connection, limit: int | None, offset: int,
                 actor: str | None = None) -> Page:
    """A page of the stored edges (of `actor`'s, if given), heaviest first (then by source
    and target) as `actor_graph` gives them (without evidence), the number of edges in
    the graph and the events on its edges of each actor of the page."""
    if actor:
        return _actor_page(connection, limit, offset, actor)
    query = select(graph_pairs).order_by(graph_pairs.c.events.desc(), graph_pairs.c.source,
                                         graph_pairs.c.target)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    edges = {(r.source, r.target): _edge(r) for r in connection.execute(query)}
    keys = list(edges)
    _page_codes(connection, edges)
    total = connection.execute(select(func.count()).select_from(graph_pairs)).scalar_one()
    ids = sorted({end for key in keys for end in key})
    return [finish_edge(e) for e in edges.values()], total, _stored_weights(connection, ids)


def _actor_page(connection: Connection, limit: int | None, offset: int, actor: str) -> Page:
    """`actor`'s edges: every pair's events read (for the order, the count and the
    weights), the rest of the page's edges only (the most named actor is on thousands)."""
    counts = {(source, target): n for column in (graph_pairs.c.source, graph_pairs.c.target)
              for source, target, n in connection.execute(
                  select(graph_pairs.c.source, graph_pairs.c.target, graph_pairs.c.events)
                  .where(column == actor))}
    ordered = sorted(counts, key=lambda key: (-counts[key], key))
    weight: dict[str, int] = {}
    for key, n in counts.items():
        for end in key:
            weight[end] = weight.get(end, 0) + n
    keys = ordered if limit is None else ordered[offset:offset + limit]
    edges = {(r.source, r.target): _edge(r) for r in read_keyed(connection, graph_pairs, keys)}
    _page_codes(connection, edges)
    return [finish_edge(edges[key]) for key in keys], len(ordered), weight


def _page_codes(connection: Connection, edges: dict[Pair, dict[str, Any]]) -> None:
    """The codes of these edges, read by their pairs."""
    keys = list(edges)
    for start in range(0, len(keys), CHUNK):
        _add_codes(edges, connection.execute(select(graph_codes).where(
            tuple_(graph_codes.c.source, graph_codes.c.target).in_(keys[start:start + CHUNK]))))


def _edge(row: Any) -> dict[str, Any]:
    return {"source": row.source, "target": row.target, "count": row.events,
            "goldstein": row.goldstein, "cooperation": row.cooperation,
            "conflict": row.events - row.cooperation, "first_seen": row.first,
            "last_seen": row.last, "codes": {}, "evidence": []}


def _add_codes(edges: dict[Pair, dict[str, Any]], rows: Iterable[Any]) -> None:
    for row in sorted(rows, key=lambda r: r.code):
        edge = edges.get((row.source, row.target))
        if edge is not None:
            edge["codes"][row.code] = row.events


def _stored_weights(connection: Connection, ids: list[str]) -> dict[str, int]:
    """The events on every stored edge of each of these actors."""
    weight = dict.fromkeys(ids, 0)
    for column in (graph_pairs.c.source, graph_pairs.c.target):
        for start in range(0, len(ids), CHUNK):
            for actor, n in connection.execute(
                    select(column, func.sum(graph_pairs.c.events))
                    .where(column.in_(ids[start:start + CHUNK])).group_by(column)):
                weight[actor] += int(n)
    return weight


def stored_evidence(connection: Connection, edges: dict[Pair, dict[str, Any]],
                    evidence: int) -> None:
    """The first `evidence` counted events of each edge (by date, then id) as its
    evidence, each pair's read from the events index by pair and date."""
    keys = list(edges)
    for start in range(0, len(keys), EVIDENCE_PAIRS):
        chunk = keys[start:start + EVIDENCE_PAIRS]
        # padded with a pair no event has (its ends are equal), so that one statement of
        # each `evidence` is ever built: a new size is a new statement to build and compile
        chunk += [("", "")] * (EVIDENCE_PAIRS - len(chunk))
        params = {f"{end}{n}": key[i] for n, key in enumerate(chunk)
                  for i, end in enumerate("st")}
        for event in connection.execute(_evidence_query(EVIDENCE_PAIRS, evidence),
                                        params).mappings():
            data = event["data"]
            edges[(event["source"], event["target"])]["evidence"].append({
                "event": event["id"], "article": event["article_id"], "date": event["date"],
                "code": event["cameo"], "name": data.get("name"), "trigger": data["trigger"],
                "sentence": data["sentence"]})


@lru_cache(maxsize=16)
def _evidence_query(pairs: int, evidence: int) -> Any:
    """The first `evidence` events of each of `pairs` pairs (bound as s0, t0, s1, …), one
    statement built once (building 100 subqueries costs more than running them)."""
    columns = (events.c.id, events.c.article_id, events.c.date, events.c.cameo,
               events.c.source, events.c.target, events.c.data)
    return union_all(*[
        select(*columns).where(events.c.source == bindparam(f"s{n}"),
                               events.c.target == bindparam(f"t{n}"), *graph_condition())
        .order_by(events.c.date, events.c.id).limit(evidence).subquery().select()
        for n in range(pairs)])
