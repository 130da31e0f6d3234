"""The bundled demo corpus and the summary `sitroom demo` prints.

The corpus (`demo/corpus/<story>/…`) was written for sitroom: five international stories, each
told by three or more fictional outlets on different days, as JSON records, one HTML page and
one RSS feed. Outlets, reporters, experts and their institutes are invented; the stories echo
real crises but their details and every quotation are ours. They carry on purpose: numbers
that disagree (12,000 / about 10,000 / about 11,000 / "thousands" troops; 150 / 90 / 160
dead), claims only one outlet makes, hedged and flat versions of one statement, named experts
with affiliations, unnamed officials, a denial, and a syndicated wire copy.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.table import Table

from ..records import SHOWN_CONFIDENCE, SHOWN_QUOTE_CONFIDENCE

if TYPE_CHECKING:
    from rich.console import Console

    from ..store import Store

SAMPLE_QUERY = "North Korean troops"


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    # cut at a word, and not right after the "…" that joins a quote's parts
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" …") + "…"


def _stories(store: Store, console: Console) -> None:
    """The stored stories, oldest first: title, dates, articles."""
    stories = sorted(store.stories(limit=None), key=lambda row: (row["first"] or "", row["id"]))
    table = Table(title=f"{len(stories)} stories (articles grouped as `sitroom analyze` "
                        f"groups them)")
    for column in ("story", "from", "to", "articles"):
        table.add_column(column)
    for row in stories:
        table.add_row(_short(row["title"] or row["id"], 70), row["first"] or "?",
                      row["last"] or "?", str(len(row["articles"])))
    console.print(table)


def describe(store: Store, console: Console) -> None:
    """Print what the demo database holds: outlets, dates, copies, parse figures, a search."""
    rows = store.articles(limit=None)
    by_source = Counter(row["source"] or "(unknown)" for row in rows)
    dates = sorted(row["published"] for row in rows if row["published"])
    table = Table(title=f"{len(rows)} articles from {len(by_source)} outlets, "
                        f"{dates[0] if dates else '?'} to {dates[-1] if dates else '?'}")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    for source, count in by_source.most_common():
        table.add_row(source, str(count))
    console.print(table)

    _stories(store, console)
    copies = [row for row in rows if row["duplicate_of"]]
    for row in copies:
        console.print(f"syndicated: {row['id']} ({row['source']}) carries the same story as "
                      f"{row['duplicate_of']} ({row['duplicate_kind']} copy)", markup=False)

    sentences = words = 0
    quotes: list[tuple[str, str, str]] = []
    hedged: list[tuple[str, str, str]] = []
    kinds: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    counted: list[str] = []
    actors: Counter[str] = Counter()
    names: dict[str, str] = {}
    people: dict[str, str] = {}
    stored = 0
    for analysis in store.iter_analyses():
        sentences += len(analysis.sentences)
        words += len(analysis.article.text.split())
        names_here = {a.id: a.name for a in analysis.actors}
        for quote in analysis.quotes:
            if quote.kind == "direct" and quote.speaker.actor and quote.leads() and \
                    (quote.confidence or 0.0) >= SHOWN_QUOTE_CONFIDENCE:
                quotes.append((names_here.get(quote.speaker.actor, quote.speaker.actor),
                               analysis.article.source or analysis.article.id,
                               quote.said()))
        stored += len(analysis.events)
        for event in (e for e in analysis.events if (e.confidence or 0) >= SHOWN_CONFIDENCE):
            categories[event.plover or "statement"] += 1
            if event.quantity and event.source and event.target:
                counted.append(
                    f"{names_here.get(event.source, event.source)} → "
                    f"{names_here.get(event.target, event.target)}: {event.name} "
                    f"({event.quantity.text}, {event.modality}; "
                    f"{analysis.article.source or analysis.article.id})")
        for claim in analysis.claims:
            kinds[claim.kind] += 1
            if claim.certainty != "certain" and claim.kind in ("implication", "prediction",
                                                               "motive", "benefit"):
                hedged.append((claim.kind, claim.certainty, claim.span.text or ""))
        for actor in analysis.actors:
            key = actor.code if actor.type == "state" and actor.code else actor.id
            actors[key] += 1
            names.setdefault(key, f"{actor.name} ({actor.code})" if actor.code and
                             actor.code != key else actor.name)
            if actor.type == "person" and actor.affiliation:
                people[actor.name] = ", ".join(p for p in (actor.title, actor.affiliation) if p)
    console.print(f"parsed: {sentences} sentences, {words} words")
    table = Table(title="actors named in most articles")
    for column in ("id", "actor", "articles"):
        table.add_column(column)
    for key, count in actors.most_common(10):
        table.add_row(key, names[key], str(count))
    console.print(table)
    for name, role in sorted(people.items()):
        console.print(f"  {name}: {role}", markup=False)
    console.print(f"\nevents shown (confidence ≥ {SHOWN_CONFIDENCE}): "
                  f"{sum(categories.values())} of {stored} stored; by PLOVER category: "
                  + ", ".join(f"{k} {n}" for k, n in categories.most_common()))
    console.print("shown events with an amount (first 4):")
    for line in counted[:4]:
        console.print(f"  {line}", markup=False)
    if not counted:
        console.print("  (none at this threshold: the figures are in the briefs' "
                      "disagreements and agreements)", markup=False)
    console.print(f"\nwho said what ({len(quotes)} direct quotes with a speaker; first 4):")
    for speaker, source, text in quotes[:4]:
        console.print(f"  {speaker} ({source}): “{_short(text)}”", markup=False)
    console.print("\nclaims by kind: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    console.print("hedged claims (first 4):")
    for kind, certainty, text in hedged[:4]:
        console.print(f"  [{kind}, {certainty}] {_short(text)}", markup=False)

    hits = store.search(SAMPLE_QUERY, limit=3)
    console.print(f"search {SAMPLE_QUERY!r}:", markup=False)
    for hit in hits:
        console.print(f"  {hit['id']}  {hit['source']}  {hit['title']}", markup=False)
