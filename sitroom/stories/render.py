"""Briefs as Markdown and HTML. Article text is untrusted: HTML output escapes every string.

Citations are numbered references; each reference names the outlet and the date and links
to the article's address when it has an http(s) one, so a reader can follow it outside the
web app. The brief's `sources` section is what the references list, so it is not written
twice.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TITLES = {
    "summary": "The story in brief", "developments": "Key developments",
    "timeline": "Timeline",
    "actors": "Actors", "relations": "How they relate", "motives": "Motives and gains",
    "implications": "Implications", "claims": "What the sources report",
    "quotes": "Who said what",
    "disagreements": "Where sources disagree", "agreements": "Figures that agree",
    "single_source": "Claimed by one source only",
    "sources": "Sources covered",
}
NOT_WRITTEN = frozenset({"sources"})  # the references list them


def _numbers(brief: dict[str, Any]) -> dict[str, int]:
    return {a["id"]: i for i, a in enumerate(brief["articles"], 1)}


def _marks(item: dict[str, Any], numbers: dict[str, int]) -> list[int]:
    return sorted({numbers[c["article"]] for c in item["citations"] if c["article"] in numbers})


def _refs(item: dict[str, Any], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in _marks(item, numbers))


def link(url: str | None) -> str | None:
    """The article's address if a browser may follow it (http or https), else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _detail(item: dict[str, Any]) -> str:
    bits = []
    if item.get("date"):
        bits.append(when(item["date"], item.get("date_basis"), item.get("date_precision")))
    if "sources" in item and isinstance(item["sources"], int):
        bits.append(f"{item['sources']} source{'s' if item['sources'] != 1 else ''}")
    if item.get("certainty"):
        bits.append("/".join(item["certainty"]))
    if item.get("vague"):
        bits.append("unnamed or vague support")
    modalities = [m for m in item.get("modalities", []) if m != "asserted"]
    if modalities:
        bits.append("/".join(modalities))
    if item.get("figures"):
        bits.append(item["figures"])
    return f" ({'; '.join(bits)})" if bits else ""


def when(day: str, basis: str | None = None, precision: str | None = None) -> str:
    """"2024-10-18"; "June 2024", "week of 2024-10-14", "2020" for a coarser date; "reported
    2024-10-18" when only the article's date is known."""
    if basis == "published":
        return f"reported {day}"
    try:
        parsed = date.fromisoformat(day[:10])
    except ValueError:
        return day
    if precision == "month":
        return f"{parsed:%B %Y}"
    if precision == "year":
        return str(parsed.year)
    if precision == "week":
        return f"week of {day}"
    return day


def item_line(item: dict[str, Any], numbers: dict[str, int]) -> str:
    """One item as a Markdown list line (without the leading "- ")."""
    return f"{' '.join(item['text'].split())}{_detail(item)} {_refs(item, numbers)}".rstrip()


def item_words(item: dict[str, Any], numbers: dict[str, int]) -> int:
    """Words the item takes in the Markdown body (what the short brief's budget counts)."""
    return len(item_line(item, numbers).split())


def reference(article: dict[str, Any]) -> str:
    """"Outlet, 2024-10-18: Title" — what a citation points at."""
    where = ", ".join(x for x in (article.get("source"), article.get("published")) if x)
    title = article.get("title") or article["id"]
    return f"{where}: {title}" if where else title


def body_words(markdown: str) -> int:
    """Words of a Markdown brief before its references (the figure the budget bounds)."""
    return len(markdown.split("\n## References\n")[0].split())


def to_markdown(brief: dict[str, Any]) -> str:
    numbers = _numbers(brief)
    lines = [f"# {brief['title']}", ""]
    for name, items in brief["sections"].items():
        if not items or name in NOT_WRITTEN:
            continue
        lines += [f"## {TITLES.get(name, name)}", ""]
        lines += [f"- {item_line(item, numbers)}" for item in items]
        lines.append("")
    lines += ["## References", ""]
    for article in brief["articles"]:
        label = reference(article).replace("[", "(").replace("]", ")")
        url = link(article.get("url"))
        shown = f"[{label}](<{url}>)" if url else label
        lines.append(f"{numbers[article['id']]}. {shown} (`{article['id']}`)")
    return "\n".join(lines) + "\n"


def to_html(brief: dict[str, Any], stylesheet: str | None = None) -> str:
    """The brief as one HTML page. Stand-alone by default: its style inline, under its own
    policy (nothing else may load). With `stylesheet` (an address), the page links it
    instead and carries no inline style, for a server whose policy forbids inline style."""
    numbers = _numbers(brief)
    by_id = {a["id"]: a for a in brief["articles"]}
    parts = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"]
    if stylesheet is None:
        parts += ["<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                  "'none'; style-src 'unsafe-inline'\">",
                  f"<title>{escape(brief['title'])}</title>",
                  f"<style>{_brief_css()}</style></head><body>"]
    else:
        parts += [f"<title>{escape(brief['title'])}</title>",
                  f"<link rel=\"stylesheet\" href=\"{escape(stylesheet)}\"></head><body>"]
    parts.append(f"<h1>{escape(brief['title'])}</h1>")
    for name, items in brief["sections"].items():
        if not items or name in NOT_WRITTEN:
            continue
        parts.append(f"<h2>{escape(TITLES.get(name, name))}</h2><ul>")
        for item in items:
            refs = "".join(_html_mark(by_id, numbers, c) for c in _first_citations(item))
            parts.append(f"<li>{escape(' '.join(item['text'].split()))}"
                         f"<span class=\"d\">{escape(_detail(item))}</span> {refs}</li>")
        parts.append("</ul>")
    parts.append("<h2>References</h2><ol>")
    for article in brief["articles"]:
        label = escape(reference(article))
        url = link(article.get("url"))
        shown = f"<a href=\"{escape(url)}\" rel=\"noreferrer\">{label}</a>" if url else label
        parts.append(f"<li id=\"ref-{numbers[article['id']]}\">{shown} "
                     f"<code>{escape(article['id'])}</code></li>")
    parts.append("</ol></body></html>")
    return "\n".join(parts) + "\n"


def _brief_css() -> str:
    """The brief's style: the one stylesheet the web app serves as /static/brief.css."""
    css = (Path(__file__).parents[1] / "web" / "static" / "brief.css").read_text("utf-8")
    return " ".join(re.sub(r"/\*.*?\*/", "", css, flags=re.S).split()).replace("</", "")


def _first_citations(item: dict[str, Any]) -> list[dict[str, Any]]:
    """One mark per cited article, at most six."""
    seen: dict[str, dict[str, Any]] = {}
    for citation in item["citations"]:
        seen.setdefault(citation["article"], citation)
    return list(seen.values())[:6]


def _html_mark(by_id: dict[str, dict[str, Any]], numbers: dict[str, int],
               citation: dict[str, Any]) -> str:
    article = by_id.get(citation["article"], {"id": citation["article"]})
    number = numbers.get(citation["article"], "?")
    title = escape(f"{reference(article)} — characters {citation['start']}–{citation['end']}")
    url = link(article.get("url"))
    target = escape(url) if url else f"#ref-{number}"
    return f"<sup><a href=\"{target}\" title=\"{title}\">[{number}]</a></sup>"
