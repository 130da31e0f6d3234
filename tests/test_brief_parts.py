"""The parts of the brief, on small texts: figures compared like with like, claims against
denials, stated relations, the short form's budget and the renderings' references."""

from __future__ import annotations

import pytest

from sitroom.records import Article, ArticleAnalysis, Span


def _analysis(article_id: str, text: str, published: str | None = "2024-10-20",
              source: str = "Post") -> ArticleAnalysis:
    """An analysis with only its sentences (split at ". "): all that figures.py reads."""
    sentences, start = [], 0
    for piece in text.split(". "):
        end = min(len(text), start + len(piece) + 1)
        sentences.append(Span.of(text, start, end))
        start = end + 1
    return ArticleAnalysis(article=Article(id=article_id, text=text, source=source,
                                           published=published),
                           sentences=tuple(sentences))


@pytest.mark.parametrize(("about", "number", "value", "low", "high"), [
    ("", "12,000", 12000, 12000, 12000),
    ("about ", "11,000", 11000, 9900, 12100),
    ("more than ", "150", 150, 150, 225),
    ("at least ", "90", 90, 90, 135),
    ("", "thousands", 2000, 2000, 99999),
    ("", "dozens", 24, 24, 199),
])
def test_figures_reach_of_a_figure(about, number, value, low, high):
    from sitroom.stories.figures import reach

    found = reach(value, about, number)
    assert found == pytest.approx((low, high))


@pytest.mark.parametrize(("sentence", "unit", "counted"), [
    ("At least 90 people were killed around El Fasher.", "people", "killed"),
    ("The blast wounded 40 people in the market.", "people", "injured"),
    ("Seoul said 12,000 soldiers had been sent to Russia.", "troops", "deployed"),
    ("Seoul's estimate of about 11,000 soldiers was unchanged.", "troops", "deployed"),
    ("About 10 million people live in the region.", "people", None),
])
def test_figures_what_a_figure_counts(sentence, unit, counted):
    from sitroom.stories.figures import FIGURE, counted_class

    match = FIGURE.search(sentence)
    assert match is not None
    assert counted_class(sentence, match.start(), match.end(), unit) == counted


def _compare(one: str, other: str, published: str = "2024-10-20"):  # type: ignore[no-untyped-def]
    from sitroom.stories.figures import compare, figures_of

    found = figures_of(_analysis("a", one, published), "post") + figures_of(
        _analysis("b", other, published, "Ledger"), "ledger")
    return compare(found)


def test_figures_consistent_figures_agree_at_different_precision():
    [comparison] = _compare("Seoul said 12,000 soldiers from North Korea were sent to Russia.",
                            "NATO said about 11,000 soldiers from North Korea were in Russia.")
    assert comparison.agree and {f.value for f in comparison.figures} == {12000, 11000}


def test_figures_figures_of_one_occasion_that_exclude_each_other_differ():
    [comparison] = _compare(
        "More than 150 people were killed in fighting around El Fasher last week.",
        "At least 90 people were killed around El Fasher in the week before the truce.")
    assert not comparison.agree
    assert {f.value for f in comparison.figures} == {150, 90}


@pytest.mark.parametrize(("one", "other"), [
    # different occasions: nothing specific in common
    ("The strike killed 14 people in Syria.",
     "The chemical attack killed at least 49 people in Syria."),
    # a vague number word never makes a disagreement
    ("Dozens of people were killed in Douma.", "At least 80 people were killed in Douma."),
    # a running total against one day's count
    ("The war has killed 400 people in Douma so far.", "Police killed 80 people in Douma."),
    # history: another year than the article's
    ("In 2009, 700 people were killed in Maiduguri.", "On Wednesday 300 people were "
     "killed in Maiduguri."),
    # people who are not said to be killed, hurt, held or moved
    ("About 10 million people live in Douma.", "Some 25 people live in Douma."),
])
def test_figures_unlike_figures_are_never_a_disagreement(one, other):
    assert [c for c in _compare(one, other) if not c.agree] == []


def test_figures_a_restated_number_takes_the_count_before_it():
    from sitroom.stories.figures import figures_of

    text = ("There was evidence of North Korean soldiers on Russian soil. American officials "
            "put the number at about 10,000, lower than the figure given by Seoul.")
    [figure] = figures_of(_analysis("a", text), "post")
    assert (figure.unit, figure.counted, figure.value) == ("troops", "deployed", 10000)
    assert figure.span.text == "the number at about 10,000"


def _statement(text: str, party: str, denial: bool = False, article: str = "a",
               sentence: int = 0):  # type: ignore[no-untyped-def]
    from sitroom.stories.disputes import Statement

    return Statement(article, article, sentence, party, party, text,
                     Span(0, len(text)), denial)


def test_disputes_a_denial_meets_the_claim_of_another_party():
    from sitroom.stories.disputes import disputes

    claim = _statement("the jet violated Turkish airspace and ignored 10 warnings", "TUR")
    denial = _statement("the plane had violated Turkish airspace", "RUS", True, "b")
    [found] = disputes([claim, denial])
    assert (found.claim, found.denial) == (claim, denial)
    assert {"violat", "airspa"} <= found.shared


@pytest.mark.parametrize(("claim", "claim_party", "same_sentence"), [
    ("the jet violated Turkish airspace", "RUS", False),  # the denier's own party
    ("the jet may have violated Turkish airspace", "TUR", False),  # not asserted
    ("the jet did not violate Turkish airspace", "TUR", False),  # itself a negation
    ("the jet violated Turkish airspace", "TUR", True),  # the denial's own sentence
    ("Turkey closed its airspace to Russian tourists", "TUR", False),  # another matter
])
def test_disputes_what_is_not_a_dispute(claim, claim_party, same_sentence):
    from sitroom.stories.disputes import disputes

    one = _statement(claim, claim_party)
    denial = _statement("the plane had violated Turkish airspace", "RUS", True,
                        "a" if same_sentence else "b")
    assert disputes([one, denial]) == []


class _Actor:
    def __init__(self, name: str, code: str) -> None:
        self.name, self.code = name, code


@pytest.mark.parametrize(("text", "relation"), [
    ("Russia's closest ally, North Korea, sent troops.", "alliance"),
    ("The unexpected alliance between Russia and North Korea grew.", "alliance"),
    ("Tensions between Russia and North Korea rose.", "hostility"),
    ("Russia invaded North Korea.", "hostility"),
    ("Posturing hostility against Russia and North Korea.", None),  # two objects
    ("An opposition that has the support of Russia met North Korea.", None),
])
def test_brief_relations_only_where_stated(text, relation):
    from sitroom.stories.brief import _stated_relations

    mentions = []
    for name, code in (("Russia", "RUS"), ("North Korea", "PRK")):
        start = text.index(name)
        mentions.append((start, start + len(name), _Actor(name, code)))
    found = _stated_relations(text, sorted(mentions, key=lambda m: m[0]))
    assert found == ({("North Korea", "Russia"): relation} if relation else {})


def _full_brief(items: dict[str, list[str]]) -> dict:  # type: ignore[type-arg]
    """A full brief of one article whose sentences are the given items' texts."""
    text = " ".join(t for texts in items.values() for t in texts)
    sections: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for name, texts in items.items():
        sections[name] = [{"text": t, "citations": [
            {"article": "a", "start": text.index(t), "end": text.index(t) + len(t)}]}
            for t in texts]
    return {"title": "Title", "sections": sections,
            "articles": [{"id": "a", "title": "T", "source": None, "published": None}]}, text


def _sentences(text: str):  # type: ignore[no-untyped-def]
    from sitroom.stories.condense import Sentences

    bounds, start = [], 0
    for piece in text.split(". "):
        bounds.append((start, start + len(piece) + 1))
        start += len(piece) + 2
    return Sentences({"a": bounds})


def test_condense_keeps_to_the_budget():
    from sitroom.stories.condense import condense

    long = [f"Development number {n} happened in the capital today." for n in range(40)]
    full, text = _full_brief({"developments": long})
    short = condense(full, _sentences(text), 60)
    assert 0 < len(short["sections"]["developments"]) < 40
    assert short["words"] <= 60 and short["form"] == "short"


def test_condense_shows_every_sentence_once():
    from sitroom.stories.condense import condense

    said = "Iran denied blocking the inspectors at the site."
    full, text = _full_brief({"disagreements": [said], "developments": ["Other news came."]})
    full["sections"]["claims"] = [dict(full["sections"]["disagreements"][0])]
    short = condense(full, _sentences(text), 300)
    shown = [i["text"] for items in short["sections"].values() for i in items]
    assert shown.count(said) == 1 and "Other news came." in shown


def test_condense_writes_developments_in_time_order():
    from sitroom.stories.condense import condense

    full, text = _full_brief({"developments": ["Late news came.", "Early news came."]})
    full["sections"]["developments"][0]["date"] = "2024-10-22"
    full["sections"]["developments"][1]["date"] = "2024-10-18"
    short = condense(full, _sentences(text), 300)
    assert [i["text"] for i in short["sections"]["developments"]] == [
        "Early news came.", "Late news came."]


@pytest.mark.parametrize(("words", "articles", "budget"), [
    (5000, 6, 300), (500, 2, 200), (100, 1, 120), (20000, 20, 450)])
def test_condense_budget_for_a_story(words, articles, budget):
    from sitroom.stories.condense import budget_for

    assert budget_for(words, articles) == budget


@pytest.mark.parametrize(("days", "shown"), [
    (["2024-10-18"], "18 October 2024"),
    (["2024-10-18", "2024-10-28", None], "18–28 October 2024"),
    (["2024-09-28", "2024-10-02"], "28 September – 2 October 2024"),
    ([None], None),
])
def test_condense_date_range(days, shown):
    from sitroom.stories.condense import date_range

    assert date_range(days) == shown


@pytest.mark.parametrize(("url", "followed"), [
    ("https://example.org/a", "https://example.org/a"),
    ("http://example.org/a?b=1", "http://example.org/a?b=1"),
    ("javascript:alert(1)", None),
    ("ftp://example.org/a", None),
    ("", None),
])
def test_render_links_only_web_addresses(url, followed):
    from sitroom.stories.render import link

    assert link(url) == followed


def test_render_references_name_outlet_date_and_link():
    from sitroom.stories.render import to_html, to_markdown

    brief = {"title": "T", "sections": {"developments": [{"text": "It happened.", "citations": [
        {"article": "a", "start": 0, "end": 12}]}]},
             "articles": [{"id": "a", "title": "Troops sent", "source": "Meridian Wire",
                           "published": "2024-10-18", "url": "https://example.org/a"}]}
    markdown = to_markdown(brief)
    assert "1. [Meridian Wire, 2024-10-18: Troops sent](<https://example.org/a>)" in markdown
    html = to_html(brief)
    assert 'href="https://example.org/a"' in html and "Meridian Wire, 2024-10-18" in html


@pytest.mark.parametrize(("day", "basis", "precision", "shown"), [
    ("2024-10-18", "text", "day", "2024-10-18"),
    ("2024-06-01", "text", "month", "June 2024"),
    ("2024-10-14", "text", "week", "week of 2024-10-14"),
    ("2020-01-01", "text", "year", "2020"),
    ("2024-10-18", "published", "day", "reported 2024-10-18"),
])
def test_render_when_a_development_happened(day, basis, precision, shown):
    from sitroom.stories.render import when

    assert when(day, basis, precision) == shown


@pytest.mark.parametrize(("text", "is_fragment"), [
    ("to say precisely what equipment the United States has agreed to provide", True),
    ("exactly when or where in Syria the mission took place", True),
    ("whether the talks would resume", True),
    ("the bombings had killed women and children", False),
    ("Iran blocked UN inspectors from a centrifuge workshop", False),
])
def test_cues_fragment_of_a_cue_is_no_statement(text, is_fragment):
    from sitroom.stories.cues import fragment

    assert fragment(text) is is_fragment
