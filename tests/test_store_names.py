"""Actors found by the words of their names (store/names.py)."""

from __future__ import annotations

import pytest

from sitroom.records import Article, ArticleAnalysis
from sitroom.store.names import word_rows


def _article(article_id: str) -> Article:
    words = " ".join(f"{article_id}w{n}" for n in range(30))
    return Article(id=article_id, text=f"{words}. Zorbia spoke.", source="Wire",
                   url=f"https://x.example/{article_id}", published="2024-10-01")


def _analysis(article: Article, name: str) -> ArticleAnalysis:
    start = article.text.index("Zorbia")
    return ArticleAnalysis.from_dict({
        "article": article.to_dict(), "events": [], "quotes": [], "claims": [],
        "causal": [], "sentences": [{"start": 0, "end": len(article.text)}],
        "actors": [{"id": "zorbian-navy", "name": name, "type": "organization",
                    "mentions": [{"start": start, "end": start + 6, "text": "Zorbia"}]}]})


@pytest.mark.parametrize(("actor_id", "name", "words"), [
    ("RUSGOV", "Russian government", ["government", "rusgov", "russian"]),
    ("al-shabaab", "Al-Shabaab", ["al", "shabaab"]),
    ("KOR", "South Korea's Navy", ["kor", "korea", "navy", "s", "south"]),
])
def test_store_names_words_of_name_and_id(actor_id, name, words):
    assert [row["word"] for row in word_rows([(actor_id, name)])] == words


def test_store_names_follow_a_renamed_actor(store):
    plans = store.plan([_article("a1")], analyse=True)
    store.write(plans, [_analysis(plans[0].article, "Zorbian Coast Guard")])
    assert [a["id"] for a in store.search_actors("coast")] == ["zorbian-navy"]
    store.write([], [_analysis(plans[0].article, "Zorbian Fleet")])
    assert store.search_actors("coast") == []
    assert [a["id"] for a in store.search_actors("flee")] == ["zorbian-navy"]


def test_store_names_filled_by_their_migration(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    plans = store.plan([_article("a1")], analyse=True)
    store.write(plans, [_analysis(plans[0].article, "Zorbian Coast Guard")])
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    store.migrate()
    assert [a["id"] for a in store.search_actors("guard")] == ["zorbian-navy"]


def _many(article: Article, names: dict[str, str]) -> ArticleAnalysis:
    start = article.text.index("Zorbia")
    mention = {"start": start, "end": start + 6, "text": "Zorbia"}
    return ArticleAnalysis.from_dict({
        "article": article.to_dict(), "events": [], "quotes": [], "claims": [],
        "causal": [], "sentences": [{"start": 0, "end": len(article.text)}],
        "actors": [{"id": key, "name": name, "type": "organization", "mentions": [mention]}
                   for key, name in names.items()]})


def test_store_names_phrase_found_past_the_most_written_about_of_its_short_word(store):
    # 501 actors whose names start "El", each in two articles; "El Fasher" in one
    crowd = {f"el-{n}": f"El Zorbian {n}" for n in range(501)}
    articles = [_article(key) for key in ("a1", "a2", "a3")]
    plans = store.plan(articles, analyse=True)
    store.write(plans, [_many(articles[0], crowd), _many(articles[1], crowd),
                        _many(articles[2], {"el-fasher": "El Fasher"})])
    assert [a["id"] for a in store.search_actors("El Fasher")] == ["el-fasher"]
    assert store.search_actors("El Zorbian 250")[0]["id"] == "el-250"
