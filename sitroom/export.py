"""Exports of a stored database: events (CSV, JSON lines, Parquet, GDELT 2.0 event table),
the actor graph (GraphML, GEXF, JSON) and briefs (Markdown, HTML files)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from .errors import SitroomError
from .records import SHOWN_CONFIDENCE
from .store import Store

EVENT_FORMATS = ("csv", "jsonl", "parquet", "gdelt")
GRAPH_FORMATS = ("graphml", "gexf", "json")
EVENT_COLUMNS = (
    "id", "article_id", "date", "source", "source_name", "source_code", "source_country",
    "target", "target_name", "target_code", "target_country", "cameo", "name", "root",
    "plover", "goldstein", "quad_class", "modality", "trigger", "trigger_start",
    "trigger_end", "sentence_start", "sentence_end", "quantity_value", "quantity_unit",
    "quantity_text", "quantity_approximate", "location", "attributed_to", "confidence",
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
        }


def write_events(store: Store, fmt: str, out: IO[str] | Path, **filters: Any) -> int:
    """Write the events matching `filters` in `fmt` to a text stream (or, for Parquet,
    a path); the number written."""
    if fmt not in EVENT_FORMATS:
        raise ValueError(f"unknown event format {fmt!r} (choose from {', '.join(EVENT_FORMATS)})")
    if fmt == "gdelt":
        assert not isinstance(out, Path)
        return _write_gdelt(store.iter_events(**filters), out)
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
    day = event["date"]
    if day and len(day) == 10:
        parsed = date.fromisoformat(day)
        row.update(Day=parsed.strftime("%Y%m%d"), MonthYear=parsed.strftime("%Y%m"),
                   Year=str(parsed.year),
                   FractionDate=f"{parsed.year + (parsed.timetuple().tm_yday - 1) / 365:.4f}")
    for n, side in ((1, "source"), (2, "target")):
        if not event[side]:
            continue
        code = data.get(f"{side}_code") or ""
        country = event.get(f"{side}_country") or ""
        row[f"Actor{n}Code"] = code
        row[f"Actor{n}Name"] = (event.get(f"{side}_name") or "").upper()
        row[f"Actor{n}CountryCode"] = country
        role = code[len(country):] if country and code.startswith(country) else ""
        for i, start in enumerate(range(0, min(len(role), 9), 3), 1):
            row[f"Actor{n}Type{i}Code"] = role[start:start + 3]
    cameo = event["cameo"]
    row.update(
        GlobalEventID=str(event["id"]), IsRootEvent="", EventCode=cameo,
        EventBaseCode=cameo[:3], EventRootCode=event["root"],
        QuadClass=str(event["quad_class"]), GoldsteinScale=f"{event['goldstein']:.1f}",
        NumMentions="1", NumSources="1", NumArticles="1",
        SOURCEURL=event.get("url") or event["article_id"],
    )
    if data.get("location"):
        import pycountry

        place = pycountry.countries.get(alpha_3=data["location"])
        row.update(ActionGeo_Type="1",
                   ActionGeo_FullName=place.name if place else data["location"])
    added = event.get("ingested_at")
    if added is not None:
        row["DATEADDED"] = added.strftime("%Y%m%d%H%M%S")
    return [row[c].replace("\t", " ").replace("\n", " ") for c in GDELT_COLUMNS]


def _write_gdelt(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for event in events:
        out.write("\t".join(_gdelt_row(event)) + "\n")
        count += 1
    return count


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
