"""Search reads ranked in two steps (scores first, then the rows of the hits kept): ties
ordered by id however many they are, snippets of the right hit, rows lost on the way."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from sitroom.records import Article, ArticleAnalysis
from sitroom.store import search as search_terms

# Four texts of eleven words each, "ceasefire" once in each and in no title: equal scores.
TIED = {
    "m": "The ceasefire held overnight along the northern front, residents there said.",
    "c": "Villagers reported that the ceasefire was broken twice before dawn today.",
    "x": "Mediators hope the ceasefire will last until talks resume next month.",
    "a": "Both armies accused each other of violating the ceasefire near Pokrovsk.",
}
TITLED = ("z", "The ceasefire is the only thing diplomats in the capital discussed today.")
OTHER = "Parliament debated the budget for schools and hospitals on Thursday afternoon."


def article(id_: str, text: str, title: str | None = None) -> Article:
    return Article(id=id_, text=text, title=title, source=f"Outlet {id_}",
                   url=f"https://x.example/{id_}")


def stored(store, *batch: Article) -> None:
    store.write(store.plan(list(batch), analyse=False), [])


def with_claim(store, item: Article, claim: str) -> None:
    """`item` stored with one claim: `claim`, which its text starts with."""
    plans = store.plan([item], analyse=True)
    span = {"start": 0, "end": len(claim), "text": claim}
    store.write(plans, [ArticleAnalysis.from_dict({
        "article": item.to_dict(), "actors": [], "events": [], "causal": [], "sentences": [],
        "quotes": [], "claims": [{"kind": "report", "certainty": "certain",
                                  "attributed_to": "author", "span": span}]})])


@pytest.mark.parametrize("room", [0, 1, 1000])
@pytest.mark.parametrize(("limit", "expected"), [
    (1, ["z"]), (2, ["z", "a"]), (3, ["z", "a", "c"]), (5, ["z", "a", "c", "m", "x"]),
])
def test_store_search_ties_are_ordered_by_id(store, monkeypatch, room, limit, expected):
    monkeypatch.setattr(search_terms, "TIE_ROOM", room)  # 0 and 1: the ties read again
    stored(store, *(article(i, text) for i, text in TIED.items()),
           article(TITLED[0], TITLED[1], title="Ceasefire talks"), article("o", OTHER))
    assert [hit["id"] for hit in store.search("ceasefire", limit=limit)] == expected


def test_store_search_each_snippet_is_of_its_own_hit(store):
    stored(store, *(article(i, text) for i, text in TIED.items()))
    hits = store.search("ceasefire")
    assert sorted(hit["id"] for hit in hits) == sorted(TIED)
    for hit in hits:
        assert " ".join(hit["snippet"].strip("…").split()) in TIED[hit["id"]]
        assert [hit["snippet"][a:b] for a, b in hit["marks"]] == ["ceasefire"]


def test_store_search_snippets_mark_each_matched_word(store):
    stored(store, article("p", "Talks on the ceasefire resumed in Doha, and the ceasefire "
                               "monitors reported to the mediators."), article("o", OTHER))
    [hit] = store.search("ceasefire mediators")
    assert [hit["snippet"][a:b] for a, b in hit["marks"]] == ["ceasefire", "ceasefire",
                                                             "mediators"]


def test_store_search_row_without_its_article_takes_no_place(store):
    if store.dialect == "postgresql":
        pytest.skip("PostgreSQL's search rows are deleted with their article")
    stored(store, article("kept", TIED["m"]), article("o", OTHER))
    with store.engine.begin() as connection:
        for gone in ("gone-1", "gone-2"):  # titled: they would rank first
            connection.execute(sa.text(
                "INSERT INTO article_search (article_id, title, body) VALUES (:id, "
                "'Ceasefire ceasefire', :body)"), {"id": gone, "body": TIED["c"]})
    assert [hit["id"] for hit in store.search("ceasefire", limit=1)] == ["kept"]


@pytest.mark.parametrize("room", [0, 1000])
def test_store_search_findings_ties_are_ordered_by_id(store, monkeypatch, room):
    monkeypatch.setattr(search_terms, "TIE_ROOM", room)
    claim = "Both armies accused each other of violating the ceasefire."
    for name, text in zip(("q", "d", "k", "b"), TIED.values(), strict=True):
        with_claim(store, article(name, f"{claim} {text}"), claim)
    with store.engine.connect() as connection:
        ids = sorted(connection.execute(sa.text("SELECT id FROM claims")).scalars())
    hits = store.search_findings("ceasefire", limit=3)
    assert [hit["id"] for hit in hits] == ids[:3]


@pytest.mark.parametrize("at", ["early", "late"])
def test_store_search_snippet_marks_a_match_early_or_past_the_window(store, at):
    from sitroom.store.core import SNIPPET_WINDOW

    filler = " ".join(f"Parliament debated item {n} of the budget." for n in range(120))
    assert len(filler) > SNIPPET_WINDOW
    match = "Observers said the ceasefire held along the river."
    text = f"{match} {filler}" if at == "early" else f"{filler} {match}"
    stored(store, article("w", text), article("o", OTHER))
    [hit] = store.search("ceasefire")
    assert hit["id"] == "w"
    assert [hit["snippet"][s:e].lower() for s, e in hit["marks"]] == ["ceasefire"]
