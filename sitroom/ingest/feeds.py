"""RSS and Atom feeds to articles through feedparser: one article per entry."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from time import struct_time

from ..errors import EmptyInput, InputError, MalformedInput
from ..records import Article
from .normalize import outlet_name
from .readers import check_entities, make_article


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment from a feed, with block elements as paragraphs."""
    if "<" not in fragment:
        return fragment
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//blockquote|//tr"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()


def _date(entry: dict) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, struct_time):
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return entry.get("published") or entry.get("updated")


def feed_articles(name: str, stem: str, data: bytes) -> Iterator[Article | InputError]:
    import feedparser

    check_entities(name, data)
    # A stream, never bytes or str: given those, feedparser opens a URL or a local file
    # whose name the content spells.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True,
                              resolve_relative_uris=False)
    if not parsed.entries:
        reason = "no feed entries"
        if parsed.get("bozo"):
            reason = f"malformed feed ({parsed.get('bozo_exception')})"
        raise MalformedInput(name, reason)
    # the outlet: by the domain of the feed's site (or the item's), else named in the
    # feed's title ("BBC News - World"), never the title whole (a slogan, a section)
    site, feed_title = parsed.feed.get("link"), parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        key = entry.get("id") or entry.get("link") or f"{number}"
        where = f"{name}#{number}"
        body = ""
        for content in entry.get("content") or []:
            if content.get("value", "").strip():
                body = content["value"]
                break
        body = html_fragment_text(body or entry.get("summary") or "")
        title = entry.get("title")
        try:
            if not body.strip() and not (title or "").strip():
                if parsed.get("bozo"):
                    raise MalformedInput(where, f"malformed feed ({parsed.get('bozo_exception')})"
                                                f" and the entry has no text")
                raise EmptyInput(where, "feed entry has no title, content or summary")
            notes: list[InputError] = []
            yield make_article(
                where, f"{stem}:{hashlib.sha1(str(key).encode()).hexdigest()[:10]}",
                body if body.strip() else title, notes, title=title,
                source=outlet_name(site, feed_title, entry.get("link")),
                url=entry.get("link"), published=_date(entry), author=entry.get("author"),
            )
            yield from notes
        except InputError as exc:
            yield exc
