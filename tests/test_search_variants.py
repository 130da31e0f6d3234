"""Search: spelling variants, each hit once, snippets without markup, matching actors."""

from __future__ import annotations

import warnings

import pytest

from sitroom.records import Article, ArticleAnalysis
from sitroom.store.search import START, STOP, alternatives, marked, query_terms

HYPHEN = "Both sides agreed to a cease-fire in the north on Monday, officials said."
CLOSED = "The ceasefire held overnight in the north, residents said on Tuesday."
SPACED = "A cease fire was announced for the north by the mediators on Wednesday."
KIEV = "Shelling hit Kiev again overnight [sic], the <b>city</b> council said."
KYIV = "Air defences over Kyiv shot down drones, the mayor of Kyiv said."
OTHER = "Parliament debated the budget for schools and hospitals on Thursday."


def article(id_: str, text: str, title: str = "", source: str = "Wire") -> Article:
    return Article(id=id_, text=text, title=title or None, source=source,
                   url=f"https://x.example/{id_}")


def stored(store, *batch: Article) -> None:
    plans = store.plan(list(batch), analyse=False)
    store.write(plans, [])


@pytest.mark.parametrize(("query", "expected"), [
    ("ceasefire", [("ceasefire",), ("cease", "fire")]),
    ("cease-fire", [("cease", "fire"), ("ceasefire",)]),
    ("cease fire talks", [("cease", "fire"), ("ceasefire",)]),
    ("Kiev", [("kiev",), ("kyiv",)]),
    ('"road to Kyiv"', [("road", "to", "kyiv"), ("road", "to", "kiev")]),
    ("ceasefires", [("ceasefires",), ("cease", "fires")]),
    ("budget", [("budget",)]),
])
def test_search_variants_first_term_has_each_spelling(query, expected):
    assert alternatives(query_terms(query)[0]) == expected


@pytest.mark.parametrize(("query", "terms"), [
    ("cease fire talks", [("cease", "fire"), ("talks",)]),
    ("Gaza cease fire", [("gaza",), ("cease", "fire")]),
    ("fire cease", [("fire",), ("cease",)]),
    ('AND OR "unbalanced ( NEAR', [("and",), ("or",), ("unbalanced",), ("near",)]),
])
def test_search_variants_neighbouring_words_of_a_spelling_are_one_term(query, terms):
    assert query_terms(query) == terms


@pytest.mark.parametrize(("raw", "plain", "marks"), [
    (f"the {START}ceasefire{STOP} held", "the ceasefire held", [[4, 13]]),
    (f"{START}North{STOP} {START}Korean{STOP} troops", "North Korean troops", [[0, 12]]),
    (f"a [sic] {START}b{STOP}\n\nc", "a [sic] b c", [[8, 9]]),
    (f"unopened {STOP}x{START}", "unopened x", []),
    (None, "", []),
])
def test_search_variants_snippet_is_plain_text_with_marks(raw, plain, marks):
    assert marked(raw) == (plain, marks)


@pytest.mark.parametrize("query", ["ceasefire", "cease-fire", "cease fire", '"cease fire"',
                                   "ceasefires"])
def test_search_variants_every_spelling_finds_every_spelling(store, query):
    stored(store, article("h", HYPHEN), article("c", CLOSED), article("s", SPACED),
           article("o", OTHER))
    assert sorted(hit["id"] for hit in store.search(query)) == ["c", "h", "s"]


@pytest.mark.parametrize("query", ["Kiev", "Kyiv", "kyiv kiev"])
def test_search_variants_article_matched_twice_is_one_hit(store, query):
    stored(store, article("both", KYIV + " " + KIEV, title="Kyiv, or Kiev"),
           article("o", OTHER))
    assert [hit["id"] for hit in store.search(query)] == ["both"]


def test_search_variants_snippet_shows_no_markup(store):
    stored(store, article("k", KIEV))
    [hit] = store.search("Kyiv")
    assert START not in hit["snippet"] and STOP not in hit["snippet"]
    assert "Kiev again overnight [sic]" in hit["snippet"]
    assert [hit["snippet"][a:b] for a, b in hit["marks"]] == ["Kiev"]


def test_search_variants_exact_copy_is_folded_into_its_original(store):
    stored(store, article("first", CLOSED, source="Wire"))
    stored(store, article("copy", CLOSED, source="Other Wire"))
    [hit] = store.search("ceasefire")
    assert (hit["id"], hit["copies"]) == ("first", [{"id": "copy", "source": "Other Wire"}])


def _analysis(item: Article, phrase: str) -> ArticleAnalysis:
    start = item.text.index(phrase)
    span = {"start": start, "end": start + len(phrase), "text": phrase}
    mention = item.text.index("Kiev")
    return ArticleAnalysis.from_dict({
        "article": item.to_dict(),
        "actors": [{"id": "kyiv-city-council", "name": "Kyiv City Council",
                    "type": "organization", "code": None, "country": "UKR",
                    "mentions": [{"start": mention, "end": mention + 4, "text": "Kiev"}]}],
        "events": [], "causal": [], "sentences": [],
        "quotes": [{"kind": "indirect", "speaker": {"actor": None, "name": "the council",
                                                   "span": span},
                    "cue": span, "content": span}],
        "claims": [{"kind": "report", "certainty": "certain", "attributed_to": "author",
                    "span": span}],
    })


def test_search_variants_quote_that_is_a_claim_is_one_finding(store):
    item = article("k", KIEV)
    plans = store.plan([item], analyse=True)
    store.write(plans, [_analysis(item, "Shelling hit Kiev again overnight")])
    [hit] = store.search_findings("Kyiv")
    assert sorted(hit["kinds"]) == ["claim", "quote"]


@pytest.mark.parametrize(("query", "found"), [
    ("Kyiv City Council", ["kyiv-city-council"]),
    ("Kiev council shelling", ["kyiv-city-council"]),
    ("city", ["kyiv-city-council"]),
    ("ity", []),
    ("budget", []),
])
def test_search_variants_actors_by_name_words_and_spellings(store, query, found):
    item = article("k", KIEV)
    plans = store.plan([item], analyse=True)
    store.write(plans, [_analysis(item, "Shelling hit Kiev again overnight")])
    assert [a["id"] for a in store.search_actors(query)] == found


@pytest.fixture(scope="module")
def client(demo_db):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from sitroom.web import create_app

    return TestClient(create_app(demo_db))


def test_search_variants_web_page_and_api_agree(client):
    api = client.get("/api/search", params={"q": "cease-fire"}).json()
    page = client.get("/search", params={"q": "cease-fire"}).text
    assert api["articles"] and all(f'/articles/{hit["id"]}"' in page for hit in api["articles"])
    assert '<mark class="hit">ceasefire</mark>' in page
    assert "[ceasefire]" not in page and START not in page


@pytest.mark.parametrize(("query", "actor"), [
    ("Kiev", "UKR"), ("Kyiv shelling", "UKR"), ("Kremlin", "RUSGOV"), ("Pyongyang", "PRK"),
])
def test_search_variants_actors_named_by_a_place_or_seat(client, query, actor):
    found = client.get("/api/search", params={"q": query}).json()["actors"]
    assert actor in [a["id"] for a in found]


def test_search_variants_web_lists_matching_actors(client):
    api = client.get("/api/search", params={"q": "North Korean troops"}).json()
    assert "PRK" in [a["id"] for a in api["actors"]]
    page = client.get("/search", params={"q": "North Korean troops"}).text
    assert 'id="actor-results"' in page and "/actors/PRK" in page


def test_search_variants_story_filter_reads_spellings_alike(client):
    by_hyphen = client.get("/api/stories", params={"q": "cease-fire"}).json()["items"]
    by_word = client.get("/api/stories", params={"q": "ceasefire"}).json()["items"]
    assert by_hyphen and [s["id"] for s in by_hyphen] == [s["id"] for s in by_word]
