"""Stories: vectors, grouping, incremental joining, the cluster command."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.records import Article
from sitroom.stories import Clusterer, DocumentFrequencies, Item, cluster, group_articles, terms
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
    counts = [terms(title, text) for _, title, text, _ in rows]
    df = DocumentFrequencies()
    df.add(counts)
    return [Item(i, title, day, df.weigh(c)) for (i, title, _, day), c in zip(rows, counts,
                                                                           strict=True)]


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
