"""What is shown of quotes: only those at or above `SHOWN_QUOTE_CONFIDENCE` reach a brief,
the web app's quote lists and its article page; every quote stays in the store."""

from __future__ import annotations

import pytest

from sitroom.records import (
    SHOWN_QUOTE_CONFIDENCE,
    Actor,
    Article,
    ArticleAnalysis,
    Mention,
    Quote,
    Span,
    Speaker,
)
from sitroom.stories.brief import Brief

SURE = "The ceasefire will hold through the winter, the minister said."
UNSURE = "Talks will resume in Geneva next month, the minister said."
TEXT = f"{SURE} {UNSURE}"
LOW, HIGH = SHOWN_QUOTE_CONFIDENCE - 0.3, SHOWN_QUOTE_CONFIDENCE + 0.1


def _quote(text: str, said: str, confidence: float) -> Quote:
    start = text.index(said)
    cue = text.index("said", start)
    name = text.index("the minister", start)
    return Quote(kind="indirect",
                 speaker=Speaker("jane-doe", "Jane Doe", Span.of(text, name, name + 12)),
                 cue=Span.of(text, cue, cue + 4), content=Span.of(text, start, start + len(said)),
                 confidence=confidence)


def _analysis(article_id: str = "a1") -> ArticleAnalysis:
    sure = SURE.split(", the minister")[0]
    unsure = UNSURE.split(", the minister")[0]
    mentions = tuple(Mention(n, n + 12, "the minister") for n in (
        TEXT.index("the minister"), TEXT.rindex("the minister")))
    minister = Actor("jane-doe", "Jane Doe", "person", title="minister", mentions=mentions)
    return ArticleAnalysis(
        article=Article(article_id, TEXT, title="Ceasefire", source="Wire",
                        published="2026-01-05"),
        actors=(minister,),
        quotes=(_quote(TEXT, sure, HIGH), _quote(TEXT, unsure, LOW)),
        sentences=(Span.of(TEXT, 0, len(SURE)), Span.of(TEXT, len(SURE) + 1, len(TEXT))))


def _listed(brief: dict) -> str:
    return " ".join(item["text"] for item in brief["sections"]["quotes"])


def test_shown_quotes_brief_lists_the_sure_quote_and_not_the_unsure_one():
    listed = _listed(Brief("s1", "Ceasefire", [_analysis()]).build())
    assert "The ceasefire will hold through the winter" in listed
    assert "Talks will resume in Geneva" not in listed


def test_shown_quotes_brief_lists_both_when_asked_for_every_quote():
    listed = _listed(Brief("s1", "Ceasefire", [_analysis()], min_quote_confidence=0).build())
    assert "The ceasefire will hold" in listed and "Talks will resume in Geneva" in listed


def test_shown_quotes_brief_counts_only_shown_quotes_for_its_actors():
    actors = Brief("s1", "Ceasefire", [_analysis()]).build()["sections"]["actors"]
    assert [a["quotes"] for a in actors if a["actor"] == "Jane Doe"] == [1]


@pytest.fixture()
def stored(tmp_path):
    from sitroom.store import Store

    store = Store(str(tmp_path / "q.db"))
    analysis = _analysis()
    plans = store.plan([analysis.article], analyse=True)
    store.write(plans, [analysis])
    yield store
    store.close()


BOTH = {"The ceasefire will hold through the winter", "Talks will resume in Geneva next month"}


@pytest.mark.parametrize(("min_confidence", "expected"), [
    (None, BOTH),
    (0, BOTH),
    (SHOWN_QUOTE_CONFIDENCE, {"The ceasefire will hold through the winter"}),
])
def test_shown_quotes_store_lists_quotes_at_or_above_min_confidence(stored, min_confidence,
                                                                     expected):
    found = stored.find_quotes(speaker="jane-doe", min_confidence=min_confidence)
    assert {row["content"] for row in found["items"]} == expected


def test_shown_quotes_web_article_page_hides_the_unsure_quote_and_keeps_its_index(stored,
                                                                                   tmp_path):
    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    page = TestClient(create_app(str(tmp_path / "q.db"))).get("/articles/a1").text
    assert "The ceasefire will hold" in page and 'id="quote-0"' in page
    assert "Talks will resume in Geneva" not in page.split('class="findings"')[1]
    assert "1 quote less sure" in page


def test_shown_quotes_api_lists_shown_quotes_unless_asked_for_all(stored, tmp_path):
    from fastapi.testclient import TestClient

    from sitroom.web.app import create_app

    client = TestClient(create_app(str(tmp_path / "q.db")))
    shown = client.get("/api/quotes").json()["items"]
    every = client.get("/api/quotes", params={"min_confidence": 0}).json()["items"]
    assert [q["content"] for q in shown] == ["The ceasefire will hold through the winter"]
    assert len(every) == 2


@pytest.mark.parametrize(("confidence", "actor", "shown"), [
    (0.9, "jane-doe", True),
    (SHOWN_QUOTE_CONFIDENCE, "unnamed:officials", True),
    (0.9, None, False),  # a bare "he" nobody resolved
    (0.5, "jane-doe", False),
    (None, "jane-doe", False),
])
def test_shown_quotes_need_confidence_and_a_known_speaker(confidence, actor, shown):
    from sitroom.records import quote_shown

    assert quote_shown(confidence, actor) is shown
