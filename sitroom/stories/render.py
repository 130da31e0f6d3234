"""Briefs as Markdown and HTML. Article text is untrusted: HTML output escapes every string."""

from __future__ import annotations

from html import escape
from typing import Any

TITLES = {
    "summary": "The story in brief", "developments": "Key developments",
    "timeline": "Timeline",
    "actors": "Actors", "relations": "How they relate", "motives": "Motives and gains",
    "implications": "Implications", "claims": "What the sources report",
    "quotes": "Who said what",
    "disagreements": "Where sources disagree", "single_source": "Claimed by one source only",
    "sources": "Sources covered",
}


def _refs(item: dict[str, Any], numbers: dict[str, int]) -> str:
    marks = sorted({numbers[c["article"]] for c in item["citations"] if c["article"] in numbers})
    return "".join(f"[{n}]" for n in marks)


def _detail(item: dict[str, Any]) -> str:
    bits = []
    if item.get("date"):
        bits.append(item["date"])
    if "sources" in item and isinstance(item["sources"], int):
        bits.append(f"{item['sources']} source{'s' if item['sources'] != 1 else ''}")
    if item.get("certainty"):
        bits.append("/".join(item["certainty"]))
    if item.get("vague"):
        bits.append("unnamed or vague support")
    modalities = [m for m in item.get("modalities", []) if m != "asserted"]
    if modalities:
        bits.append("/".join(modalities))
    return f" ({'; '.join(bits)})" if bits else ""


def to_markdown(brief: dict[str, Any]) -> str:
    numbers = {a["id"]: i for i, a in enumerate(brief["articles"], 1)}
    lines = [f"# {brief['title']}", ""]
    for name, items in brief["sections"].items():
        if not items:
            continue
        lines += [f"## {TITLES.get(name, name)}", ""]
        for item in items:
            text = " ".join(item["text"].split())
            lines.append(f"- {text}{_detail(item)} {_refs(item, numbers)}".rstrip())
        lines.append("")
    lines += ["## References", ""]
    for article in brief["articles"]:
        label = " · ".join(x for x in (article.get("source"), article.get("published"),
                                       article.get("title")) if x)
        lines.append(f"{numbers[article['id']]}. {label or article['id']} (`{article['id']}`)")
    return "\n".join(lines) + "\n"


def to_html(brief: dict[str, Any]) -> str:
    numbers = {a["id"]: i for i, a in enumerate(brief["articles"], 1)}
    parts = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'\">",
             f"<title>{escape(brief['title'])}</title>",
             "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;"
             "padding:0 1rem}sup{color:#555}.d{color:#555}</style></head><body>",
             f"<h1>{escape(brief['title'])}</h1>"]
    for name, items in brief["sections"].items():
        if not items:
            continue
        parts.append(f"<h2>{escape(TITLES.get(name, name))}</h2><ul>")
        for item in items:
            refs = "".join(
                f"<sup title=\"{escape(c['article'])} {c['start']}–{c['end']}\">"
                f"[{numbers.get(c['article'], '?')}]</sup>" for c in item["citations"][:6])
            parts.append(f"<li>{escape(' '.join(item['text'].split()))}"
                         f"<span class=\"d\">{escape(_detail(item))}</span> {refs}</li>")
        parts.append("</ul>")
    parts.append("<h2>References</h2><ol>")
    for article in brief["articles"]:
        label = " · ".join(x for x in (article.get("source"), article.get("published"),
                                       article.get("title")) if x) or article["id"]
        parts.append(f"<li>{escape(label)} <code>{escape(article['id'])}</code></li>")
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"
