"""Distinct articles at scale for the store and story benchmarks (bench_app, bench_cluster).

The allsides-intl articles (read at run time from ../shared, never copied into the
repository) are analysed once, the analyses kept in a cache file under /tmp; variant `k` of
an article is then made from its analysis alone: every capitalised word of the text, the
title and the actors' names is rewritten by a letter substitution of its own (one per
variant, case kept, so every offset stays valid), the actors named by a slug get the
rewritten slug as id (country and group codes such as USA or EGYMIL stay: they are shared
across articles as they are in real news), and the article and its events move
`SHIFT_DAYS * k` days later. So each variant has its own text, people, places and dates,
its own stories, and its own rows in every finding table, as a growing collection would.
"""

from __future__ import annotations

import json
import random
import re
import string
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CACHE = Path("/tmp/sitroom-scaled-analyses.jsonl")
SHIFT_DAYS = 11
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]+")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REFERENCES = ("source", "target", "attributed_to", "actor", "subject")


def base_analyses(limit: int | None = None, cache: Path = CACHE) -> list[dict[str, Any]]:
    """The analyses (CONTRACT.md dicts) of the first `limit` allsides-intl articles in id
    order, analysed once and cached in `cache` (grown when more are asked for)."""
    from benchmarks.allsides_quotes import sorted_articles
    from sitroom.pipeline import analyze

    kept = [json.loads(line) for line in cache.open()] if cache.exists() else []
    articles = sorted_articles(SHARED)[:limit]
    if len(kept) < len(articles):
        started = time.process_time()
        with cache.open("a") as out:
            for analysis in analyze(articles[len(kept):]):
                data = analysis.to_dict()
                out.write(json.dumps(data) + "\n")
                kept.append(data)
        print(f"analysed {len(articles)} allsides-intl articles once "
              f"({time.process_time() - started:.0f} s CPU); cached in {cache}")
    return kept[:len(articles)]


def letters(k: int) -> dict[int, int]:
    """Variant `k`'s letter substitution (a str.translate table; 0: none)."""
    if k == 0:
        return {}
    lower = list(string.ascii_lowercase)
    random.Random(k).shuffle(lower)
    table = {ord(a): ord(b) for a, b in zip(string.ascii_lowercase, lower, strict=True)}
    table.update({ord(a.upper()): ord(b.upper()) for a, b in zip(string.ascii_lowercase,
                                                                   lower, strict=True)})
    return table


def renamed(text: str, table: dict[int, int]) -> str:
    """`text` with its capitalised words rewritten by `table` (same length)."""
    return _CAPITALISED.sub(lambda m: m.group(0).translate(table), text) if table else text


def shifted(day: Any, days: int) -> Any:
    if isinstance(day, str) and _ISO_DAY.match(day) and days:
        try:
            return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
        except ValueError:
            return day
    return day


def variant(data: dict[str, Any], k: int) -> dict[str, Any]:
    """Variant `k` of one analysis dict (0: the article itself under a new id)."""
    table, days = letters(k), SHIFT_DAYS * k
    article = variant_article(data["article"], k)
    text = article["text"]
    ids = {a["id"]: _actor_id(a["id"], table) for a in data.get("actors", [])}
    out: dict[str, Any] = {key: _rewrite(value, text, table, days, ids)
                           for key, value in data.items() if key != "article"}
    for actor in out.get("actors", []):
        if actor["id"].upper() != actor["id"]:  # a code's name (United States) stays
            actor["name"] = renamed(actor["name"], table)
    for quote in out.get("quotes", []):
        speaker = quote.get("speaker") or {}
        if speaker.get("name"):
            speaker["name"] = renamed(speaker["name"], table)
    out["article"] = article
    return out


def _actor_id(actor_id: str, table: dict[int, int]) -> str:
    """Slug ids (people, unknown actors) are rewritten; codes (USA, EGYMIL) stay."""
    if actor_id.upper() == actor_id:
        return actor_id
    prefix, _, slug = actor_id.rpartition(":")
    return f"{prefix}{':' if prefix else ''}{slug.translate(table)}"


def _rewrite(value: Any, text: str, table: dict[int, int], days: int,
             ids: dict[str, str]) -> Any:
    """A copy of `value` with span texts read again from `text`, dates shifted and actor
    references renamed."""
    if isinstance(value, list):
        return [_rewrite(v, text, table, days, ids) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key == "date":
            item = shifted(item, days)
        elif key in _REFERENCES or key == "id":
            item = ids.get(item, item) if isinstance(item, str) else item
        out[key] = _rewrite(item, text, table, days, ids)
    if "start" in out and "end" in out and "text" in out:
        out["text"] = text[out["start"]:out["end"]]
    return out


def variant_article(article: dict[str, Any], k: int) -> dict[str, Any]:
    """Variant `k` of an article dict alone (what `variant` makes of its "article")."""
    table = letters(k)
    return {**article, "id": f"{article['id']}-v{k}",
            "text": renamed(article["text"], table),
            "title": renamed(article.get("title") or "", table) or None,
            "url": f"{article.get('url') or ''}?v={k}",
            "published": shifted(article.get("published"), SHIFT_DAYS * k)}


def scaled(target: int, bases: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """`target` analysis dicts: every base article, then every base article's variant 1,
    and so on (so dates keep moving forward as the collection grows)."""
    k = 0
    made = 0
    while made < target:
        for data in bases:
            if made >= target:
                return
            yield variant(data, k)
            made += 1
        k += 1


def scaled_articles(target: int, bases: int | None = None,
                    cache: Path = CACHE) -> Iterator[dict[str, Any]]:
    """`target` article dicts, as `scaled` makes them, without their analyses (read one
    at a time, so that the analyses never fill memory)."""
    if not cache.exists():
        base_analyses(bases, cache)
    with cache.open() as lines:
        originals = [json.loads(line)["article"] for line in islice(lines, bases)]
    made, k = 0, 0
    while made < target:
        for article in originals:
            if made >= target:
                return
            yield variant_article(article, k)
            made += 1
        k += 1
