"""Stories: vectors, grouping, incremental joining, the cluster command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.records import Article
from sitroom.stories import Clusterer, cluster, group_articles, terms, vectorise
from sitroom.stories.embed import available as embeddings_available
from sitroom.stories.vectors import cosine

from .conftest import SEEDS, shared_path

runner = CliRunner()

TRUCE = ("Sudan's army and the Rapid Support Forces agreed to a seven-day truce in Jeddah on "
         "Monday, Saudi and American mediators said. The truce allows aid convoys into "
         "El Fasher.")
TRUCE_2 = ("Mediators in Jeddah announced that Sudan's army and the Rapid Support Forces "
           "accepted a week-long ceasefire, opening El Fasher to aid convoys.")
REEF = ("A Chinese coast guard ship collided with a Philippine supply boat near Second Thomas "
        "Shoal, Manila said, and Beijing blamed the Philippine crew.")


def items(*rows):  # type: ignore[no-untyped-def]
    return vectorise(rows)


def test_stories_vectors_are_stable_and_weigh_shared_names():
    a, b = terms("Truce in Sudan", TRUCE), terms("Truce in Sudan", TRUCE)
    assert a == b and a  # hashing is stable (CRC-32), not Python's salted hash
    vectors = items(("a", None, TRUCE, None), ("b", None, TRUCE_2, None), ("c", None, REEF, None))
    assert cosine(vectors[0].vector, vectors[1].vector) > cosine(vectors[0].vector,
                                                                  vectors[2].vector)
    assert abs(cosine(vectors[0].vector, vectors[0].vector) - 1.0) < 1e-9


def test_stories_group_same_development_and_keep_others_apart():
    rows = [("a", "Sudan truce agreed", TRUCE, "2026-03-09"),
            ("b", "Ceasefire for Sudan", TRUCE_2, "2026-03-09"),
            ("c", "Ships collide at reef", REEF, "2026-03-09"),
            ("d", "Sudan truce agreed", TRUCE, "2026-05-01")]  # too late to be the same
    stories = cluster(items(*rows))
    groups = sorted(sorted(s.members) for s in stories)
    assert groups == [["a", "b"], ["c"], ["d"]]
    assert sorted(m for s in stories for m in s.members) == ["a", "b", "c", "d"]


def test_stories_new_articles_join_stored_stories():
    first = items(("a", "Sudan truce agreed", TRUCE, "2026-03-09"),
                  ("c", "Ships collide at reef", REEF, "2026-03-09"))
    clusterer = Clusterer()
    cluster(first, clusterer=clusterer)
    before = {sid: list(s.members) for sid, s in clusterer.stories.items()}
    later = items(("b", "Ceasefire for Sudan", TRUCE_2, "2026-03-10"))
    [story] = cluster(later, clusterer=clusterer)
    assert story.id in before and sorted(story.members) == ["a", "b"]
    assert len(clusterer.stories) == 2


def test_stories_seed_articles_are_one_story():
    shared_path("seeds")
    articles = [Article(id=p.stem, text=p.read_text("utf-8")) for p in sorted(SEEDS.glob("*"))]
    [(story, title)] = group_articles(articles)
    assert sorted(story.members) == sorted(a.id for a in articles) and title


def test_cli_cluster_writes_the_contract(tmp_path):
    for name, text in (("a", TRUCE), ("b", TRUCE_2), ("c", REEF)):
        (tmp_path / f"{name}.txt").write_text(f"Headline {name}\n\n{text}\n", encoding="utf-8")
    result = runner.invoke(app, ["cluster", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(line["schema"] == "sitroom.stories/1" and line["story"] and line["title"]
               for line in lines)
    members = sorted(m for line in lines for m in line["articles"])
    assert members == ["a", "b", "c"]
    assert sorted(len(line["articles"]) for line in lines) == [1, 2]


def _check_citations(brief, texts):  # type: ignore[no-untyped-def]
    for name, items in brief["sections"].items():
        for item in items:
            assert item["text"].strip(), name
            assert item["citations"], (name, item["text"])
            for citation in item["citations"]:
                text = texts[citation["article"]]
                assert 0 <= citation["start"] < citation["end"] <= len(text), (name, citation)


def test_brief_of_the_seed_articles(nlp):
    """Issue 6's seed story, as far as the brief goes today."""
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import briefs_for
    from sitroom.stories.render import to_html, to_markdown

    shared_path("seeds")
    articles = [Article(id=p.stem, text=p.read_text("utf-8")) for p in sorted(SEEDS.glob("*"))]
    [brief] = briefs_for(list(analyze(articles, nlp)), full=True)
    assert brief["schema"] == "sitroom.brief/1"
    assert set(brief["sections"]) >= {"summary", "developments", "actors", "relations",
                                       "motives", "implications", "quotes", "disagreements",
                                       "single_source", "sources"}
    _check_citations(brief, {a.id: a.text for a in articles})
    sections = brief["sections"]
    # how the parties stand, as the claims put it: Pyongyang and Moscow allied, in both
    claimed = {(frozenset((r["source"], r["target"])), r["relation"]): r
               for r in sections["relations"] if r.get("basis") == "claims"}
    assert claimed[(frozenset({"North Korea", "Russia"}), "alliance")]["sources"] == 2
    assert (frozenset({"North Korea", "Ukraine"}), "alliance") not in claimed
    assert 1 <= len(sections["summary"]) <= 3
    # the deployment's two figures agree at different precision: "thousands" holds 12,000
    assert not [d for d in sections["disagreements"] if d["kind"] == "numbers"]
    [numbers] = sections["agreements"]
    assert {v["value"] for v in numbers["values"]} == {12000, 2000}
    assert [v["approximate"] for v in numbers["values"]].count(True) == 1
    # experts quoted with their affiliations
    quoted = {q["speaker"]: q["affiliation"] for q in sections["quotes"]}
    assert quoted["Edward Howell"] == "Chatham House"
    assert quoted["Alexander Gabuev"] == "Carnegie Russia Eurasia Center"
    # gains both articles state, in different words; gains only one states
    topics = {m["topic"]: m["sources"] for m in sections["motives"] if m.get("topic")}
    for shared in ("Military experience and capability", "Diplomatic backing and protection",
                   "Economic gain and hard currency"):
        assert topics.get(shared) == 2, (shared, topics)
    single = {m.get("topic") for m in sections["single_source"]}
    assert "Status and recognition" in single
    # Howell's second sentence (“This new alliance has granted Pyongyang full, unwavering
    # support of Russia at the UN Security Council …”) is a claim of its own: backing
    [backing] = [m for m in sections["motives"]
                 if m.get("topic") == "Diplomatic backing and protection"]
    assert "Edward Howell" in backing["said_by"]
    assert any(a.text[c["start"]:c["end"]].startswith("This new alliance has granted Pyongyang")
               for c in backing["citations"] for a in articles if a.id == c["article"])
    # the arms race is a possibility, not a fact
    [race] = [i for i in sections["implications"] if "arms race" in i["text"]]
    assert race["certainty"] == ["possible"] and race["sources"] == 1
    assert not [d for d in sections["developments"] if "arms race" in d["text"]]
    assert len(sections["sources"]) == 2
    assert to_markdown(brief).startswith("# ") and "12,000 men" in to_markdown(brief)
    assert "<script" not in to_html(brief)


def test_brief_html_escapes_article_text():
    from sitroom.stories.render import to_html

    evil = '<script>alert(1)</script>'
    brief = {"schema": "sitroom.brief/1", "story": "s", "title": evil,
             "sections": {"summary": [{"text": evil, "citations": [
                 {"article": "a", "start": 0, "end": 5}]}]},
             "articles": [{"id": "a", "title": evil, "source": evil, "published": None}]}
    html = to_html(brief)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Content-Security-Policy" in html


def test_cli_brief_json_and_markdown(tmp_path):
    for name, text in (("a", TRUCE), ("b", TRUCE_2)):
        (tmp_path / f"{name}.txt").write_text(f"Truce in Sudan\n\n{text}\n", encoding="utf-8")
    result = runner.invoke(app, ["brief", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [brief] = json.loads(result.stdout)
    assert sorted(a["id"] for a in brief["articles"]) == ["a", "b"]
    result = runner.invoke(app, ["brief", str(tmp_path), "--format", "md", "--story",
                                 brief["story"]])
    assert result.exit_code == 0 and result.stdout.startswith("# ")
    result = runner.invoke(app, ["brief", str(tmp_path), "--story", "no-such-story"])
    assert result.exit_code == 1


def test_stories_in_a_database_grow_incrementally(tmp_path):
    db = str(tmp_path / "s.db")
    (tmp_path / "day1").mkdir()
    (tmp_path / "day2").mkdir()
    (tmp_path / "day1" / "a.txt").write_text(f"Sudan truce agreed\n\n{TRUCE}\n", "utf-8")
    (tmp_path / "day1" / "c.txt").write_text(f"Ships collide at reef\n\n{REEF}\n", "utf-8")
    (tmp_path / "day2" / "b.txt").write_text(f"Ceasefire for Sudan\n\n{TRUCE_2}\n", "utf-8")
    day = ["--published", "2026-03-09"]
    assert runner.invoke(app, ["analyze", str(tmp_path / "day1"), "--db", db, *day,
                               "--processes", "1"]).exit_code == 0
    first = [json.loads(x) for x in runner.invoke(app, ["cluster", "--db", db]).stdout.split(
        "\n") if x]
    assert sorted(len(s["articles"]) for s in first) == [1, 1]
    assert runner.invoke(app, ["analyze", str(tmp_path / "day2"), "--db", db, "--published",
                               "2026-03-10", "--processes", "1"]).exit_code == 0
    second = [json.loads(x) for x in runner.invoke(app, ["cluster", "--db", db]).stdout.split(
        "\n") if x]
    truce = [s for s in second if "a" in s["articles"]]
    assert len(second) == 2 and sorted(truce[0]["articles"]) == ["a", "b"]
    assert truce[0]["story"] in {s["story"] for s in first}  # the stored story grew
    result = runner.invoke(app, ["brief", "--db", db, "--story", truce[0]["story"]])
    assert result.exit_code == 0, result.output
    [brief] = json.loads(result.stdout)
    assert sorted(a["id"] for a in brief["articles"]) == ["a", "b"]
    assert runner.invoke(app, ["brief", "--db", db, "--story", "story-none"]).exit_code == 1
    result = runner.invoke(app, ["brief", "--db", db, "--query", "ceasefire Jeddah"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["story"] == truce[0]["story"]
    assert runner.invoke(app, ["brief", "--db", db, "--query", "zzzz"]).exit_code == 1


def test_brief_of_the_demo_corpus_shows_differing_figures(nlp):
    from sitroom.cli import demo_corpus
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import briefs_for

    articles = [a for a in read_inputs([str(demo_corpus())], IngestOptions())
                if isinstance(a, Article)]
    # every event, however unsure: this test is about how facts are aligned and compared
    analyses = list(analyze(articles, nlp))
    briefs = briefs_for(analyses, span_days=7, min_confidence=0, full=True)
    assert sorted(a["id"] for b in briefs for a in b["articles"]) == sorted(
        a.id for a in articles)

    def figures(section: str) -> set[frozenset[float]]:
        return {frozenset(v["value"] for v in d["values"]) for b in briefs
                for d in b["sections"][section] if d["kind"] == "numbers"}

    differ, agree = figures("disagreements"), figures("agreements")
    # Seoul's 12,000 against Washington's "about 10,000" (the number of the soldiers named
    # before it); Seoul's "about 11,000" at NATO agrees with 12,000 at its precision
    assert any({12000, 10000} <= values for values in differ), differ
    assert not any({12000, 11000} <= values for values in differ)
    assert frozenset({150, 90}) <= set().union(*differ)  # the Sudan casualty figures
    # the tankers: "more than 100", "about 120" and 118 all hold
    assert frozenset({100, 120, 118}) in agree, agree
    for brief in briefs:
        _check_citations(brief, {a.id: a.text for a in articles})

    def brief_of(article: str) -> dict:
        return next(b for b in briefs if article in {a["id"] for a in b["articles"]})

    def disagreements(article: str, kind: str) -> list[dict]:
        return [d for d in brief_of(article)["sections"]["disagreements"] if d["kind"] == kind]

    # the IAEA's finding against Tehran's denial, each source cited
    [denial] = disagreements("ed-2026-06-02-iran", "contradiction")
    assert {c["article"] for c in denial["citations"]} == {"cl-2026-05-30-iran",
                                                           "ed-2026-06-02-iran"}
    assert "denied" in denial["text"] and "blocked UN inspectors" in denial["text"]
    # who rammed whom at the shoal: the Philippine account against Beijing's accusation
    [blame] = disagreements("mw-2026-06-17-shoal", "blame")
    assert {c["article"] for c in blame["citations"]} == {"mw-2026-06-17-shoal",
                                                          "ed-2026-06-18-shoal"}
    # and what independent outlets agree on, counted once per outlet
    for article, words in (("cl-2026-05-30-iran", "Iran blocked UN inspectors"),
                           ("ht-2026-03-10-sudan", "committed to the truce"),
                           ("mw-2026-09-19-eu", "Hungary has blocked or delayed")):
        items = [i for name in ("developments", "claims", "motives")
                 for i in brief_of(article)["sections"][name] if words in i["text"]]
        assert items and max(i["sources"] for i in items) >= 2, (article, words)


def test_brief_shows_only_events_at_or_above_the_threshold(nlp):
    from sitroom.cli import demo_corpus
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import briefs_for

    articles = [a for a in read_inputs([str(demo_corpus())], IngestOptions())
                if isinstance(a, Article)]
    analyses = list(analyze(articles, nlp))

    def developments(threshold: float) -> list[dict]:
        return [item for b in briefs_for(analyses, span_days=7, min_confidence=threshold,
                                         full=True)
                for item in b["sections"]["developments"]]

    every, shown = developments(0.0), developments(0.7)
    assert shown and len(shown) < len(every)
    assert all(item["confidence"] >= 0.7 for item in shown)
    assert any(item["confidence"] < 0.7 for item in every)


def _two_outlet_brief(nlp, first: str, second: str,  # type: ignore[no-untyped-def]
                      full: bool = False) -> dict:  # type: ignore[type-arg]
    """The brief of a story two outlets tell on one day, each in its own words."""
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import build_brief

    one = Article(id="one", source="Post", published="2026-03-10",
                  text="Sudan truce talks. " + first)
    two = Article(id="two", source="Ledger", published="2026-03-10",
                  text="Sudan truce talks. " + second)
    return build_brief("s", "Sudan", list(analyze([one, two], nlp)), full=full)


def test_brief_one_statement_under_two_speakers_is_no_dispute(nlp):
    """On real news the same words under two speakers were our own speaker resolution
    naming one person two ways (0 of 26 were disputes): the brief shows the statement
    with both sources and lists no disagreement for it."""
    brief = _two_outlet_brief(
        nlp, "Army spokesman Nabil Abdallah said the Rapid Support Forces shelled the market in "
             "El Fasher on Monday, killing civilians.",
        "A UN official said the Rapid Support Forces shelled the market in El Fasher on "
        "Monday, killing civilians.", full=True)
    assert [d["kind"] for d in brief["sections"]["disagreements"]] == []
    told = [i for items in brief["sections"].values() for i in items
            if "shelled the market" in i["text"]]
    assert any({c["article"] for c in i["citations"]} == {"one", "two"} for i in told), told


def test_brief_says_when_a_claim_rests_only_on_vague_support(nlp):
    from sitroom.stories.render import to_markdown

    brief = _two_outlet_brief(
        nlp, "Some analysts believe the ceasefire in El Fasher will collapse within weeks.",
        "Many observers believe the ceasefire in El Fasher will collapse within weeks.")
    items = [i for name in ("claims", "implications", "motives")
             for i in brief["sections"].get(name, []) if "ceasefire" in i["text"]]
    assert items and all(i["vague"] for i in items), brief["sections"]
    assert "unnamed or vague support" in to_markdown(brief)


def test_embeddings_blend_into_the_story_vectors():
    import math

    from sitroom.stories.cluster import Clusterer, Item
    from sitroom.stories.embed import blend
    from sitroom.stories.vectors import DIM, cosine, normalise, top

    a, b = normalise({1: 3.0, 2: 4.0}), normalise({2: 1.0, 3: 1.0})
    e1, e2 = [0.6, 0.8, 0.0], [0.0, 0.6, 0.8]
    x, y = blend(a, e1, 0.5), blend(b, e2, 0.5)
    assert math.isclose(cosine(x, x), 1.0)
    assert math.isclose(cosine(x, y), 0.5 * cosine(a, b) + 0.5 * 0.48)
    # centroids keep every embedding dimension, however light, and the heaviest words
    kept = top({**{f: 1.0 / f for f in range(1, 400)}, DIM: 0.0001, DIM + 1: -0.2}, 10)
    assert {DIM, DIM + 1} <= set(kept) and len(kept) == 12
    # stories are found through shared words, never through embedding dimensions alone
    clusterer = Clusterer()
    clusterer.add(Item("one", None, "2024-01-01", blend(a, e1)))
    stranger = Item("two", None, "2024-01-01", blend(normalise({9: 1.0}), e1))
    assert list(clusterer.candidates(stranger)) == []


def test_embed_without_the_extra_is_a_clear_error(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    import sitroom.stories.embed as embed
    from sitroom.cli import app
    from sitroom.errors import SitroomError

    def missing():
        raise SitroomError(embed.INSTALL)

    monkeypatch.setattr(embed, "_model", missing)
    (tmp_path / "a.txt").write_text("Hungary blocked the EU sanctions package on Friday.")
    result = CliRunner().invoke(app, ["cluster", "--embed", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "[embed] extra" in result.output


@pytest.mark.skipif(not embeddings_available(), reason="the [embed] extra is not installed")
def test_embeddings_group_a_paraphrase_that_shares_few_words():
    from sitroom.stories import group_articles

    one = Article(id="one", published="2024-10-18", title="Pyongyang sends soldiers to Russia",
                  text="North Korea has dispatched thousands of troops to fight for Moscow.")
    two = Article(id="two", published="2024-10-18", title="Kim's army heads west",
                  text="Thousands of DPRK servicemen are deploying to back the Kremlin's war.")
    three = Article(id="three", published="2024-10-18", title="Wheat prices fall",
                    text="Grain futures dropped on forecasts of a large harvest in Brazil.")
    plain = {frozenset(s.members) for s, _ in group_articles([one, two, three])}
    embedded = {frozenset(s.members) for s, _ in group_articles([one, two, three],
                                                                embed=True)}
    assert frozenset({"one", "two"}) not in plain
    assert frozenset({"one", "two"}) in embedded and frozenset({"three"}) in embedded


def _shown_sentences(brief: dict, texts: dict[str, str]) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    """(article, citation start) of each sentence item of a brief, section by section."""
    out = []
    for name, items in brief["sections"].items():
        if name in ("actors", "relations", "sources", "agreements"):
            continue  # names and counts, not sentences
        for item in items:
            if item.get("dateline") == item["text"]:
                continue  # the dateline alone: it shows no sentence
            for citation in item.get("shown") or item["citations"]:
                out.append((citation["article"], citation["start"]))
    return out


def test_brief_short_form_of_the_seed_articles(nlp):
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import briefs_for
    from sitroom.stories.render import body_words, to_markdown

    shared_path("seeds")
    articles = [Article(id=p.stem, text=p.read_text("utf-8")) for p in sorted(SEEDS.glob("*"))]
    [brief] = briefs_for(list(analyze(articles, nlp)))
    markdown = to_markdown(brief)
    assert brief["form"] == "short" and body_words(markdown) <= 350
    _check_citations(brief, {a.id: a.text for a in articles})
    texts = [" ".join(i["text"].split()) for items in brief["sections"].values()
             for i in items]
    titles = {" ".join(a.text.splitlines()[0].split()) for a in articles}
    assert not titles & set(texts)  # a headline is never a finding
    assert brief["sections"]["summary"][0]["text"].startswith("Undated · 2 articles")
    assert brief["sections"]["developments"] and brief["sections"]["quotes"]


def test_brief_short_form_of_each_demo_story(nlp):
    from sitroom.cli import demo_corpus
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import briefs_for
    from sitroom.stories.render import body_words, to_markdown

    articles = [a for a in read_inputs([str(demo_corpus())], IngestOptions())
                if isinstance(a, Article)]
    texts = {a.id: a.text for a in articles}
    briefs = briefs_for(list(analyze(articles, nlp)))
    assert len(briefs) == 5
    for brief in briefs:
        assert body_words(to_markdown(brief)) <= 300, brief["title"]
        shown = _shown_sentences(brief, texts)
        assert shown and len(shown) == len(set(shown)), brief["title"]  # each sentence once
        dated = [i["date"] for i in brief["sections"]["developments"] if i.get("date")]
        assert dated == sorted(dated)
        assert brief["sections"]["summary"][0]["text"][:1].isdigit()  # a dated line


def test_brief_dated_line_without_a_lead_sentence(nlp):
    from sitroom.pipeline import analyze
    from sitroom.stories.brief import build_brief

    only_a_heading = Article(id="h", text="Truce in Sudan", published="2026-03-10")
    brief = build_brief("s", "Sudan", list(analyze([only_a_heading], nlp)))
    [line] = brief["sections"]["summary"]
    assert line["text"] == "10 March 2026 · 1 article, 1 source"
    assert line["citations"] == [{"article": "h", "start": 0, "end": 14}]
