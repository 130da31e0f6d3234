"""Stories that develop: one day-by-day grouping for `cluster`, `brief` and the database,
its window, and the same stories however the articles arrive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.batch import run
from sitroom.cli import app, demo_corpus
from sitroom.ingest import IngestOptions
from sitroom.records import Article
from sitroom.store import Store
from sitroom.stories import group_articles
from sitroom.stories.cluster import SPAN_DAYS
from sitroom.stories.stored import update_stories

from .conftest import shared_path

runner = CliRunner()
FLOORS = json.loads((Path(__file__).resolve().parents[1] / "benchmarks" / "floors.json")
                    .read_text("utf-8"))

TRUCE = ("Sudan's army and the Rapid Support Forces agreed to a seven-day truce in Jeddah on "
         "Monday, Saudi and American mediators said. The truce allows aid convoys into El "
         "Fasher.")
REEF = ("A Chinese coast guard ship collided with a Philippine supply boat near Second Thomas "
        "Shoal, Manila said, and Beijing blamed the Philippine crew.")
# a later development of the truce, as one outlet and as two outlets tell it
DONORS = ("Donors meeting in London pledged aid for Sudan's displaced as the Jeddah truce held; "
          "the World Food Programme said convoys reached El Fasher for the first time in "
          "months.")
DONORS_2 = ("At a London donors' conference, governments pledged money for Sudan's displaced; "
            "the World Food Programme said its first convoys in months reached El Fasher.")
# the same development again, told almost the same way by two outlets
SHELLING = ("Shelling resumed near El Fasher as Sudan's army and the Rapid Support Forces "
            "traded blame for breaking the Jeddah truce; aid convoys were turned back.")
SHELLING_2 = ("Aid convoys turned back from El Fasher after shelling; the army and the Rapid "
              "Support Forces each accused the other of breaking the truce agreed in Jeddah.")
SHOAL = ("Manila summoned China's ambassador over the collision at Second Thomas Shoal, where a "
         "coast guard ship rammed a Philippine supply boat; Beijing again blamed the crew.")

Row = tuple[str, str, str, str]
DAY_ONE: list[Row] = [("truce", "Sudan truce agreed", TRUCE, "2026-03-09"),
                      ("reef", "Ships collide at reef", REEF, "2026-03-09")]


def _articles(rows: list[Row]) -> list[Article]:
    return [Article(id=i, title=title, text=text, published=day, source=f"outlet-{i}")
            for i, title, text, day in rows]


def _groups(rows: list[Row], span_days: int = SPAN_DAYS) -> list[list[str]]:
    return sorted(sorted(s.members) for s, _ in group_articles(_articles(rows), span_days))


def _store_runs(folder: Path, runs: list[list[Row]], chunk: int = 5000,
                span_days: int = SPAN_DAYS) -> dict[str, list[str]]:
    """Each run stored (as `sitroom ingest` stores it) and grouped as `analyze` groups it;
    the stories read back: story id → sorted article ids."""
    store = Store(str(folder / "stories.db"))
    try:
        for number, rows in enumerate(runs):
            path = folder / f"run-{number}.jsonl"
            path.write_text("".join(json.dumps(
                {"id": i, "title": title, "text": text, "published": day,
                 "source": f"outlet-{i}"}) + "\n" for i, title, text, day in rows), "utf-8")
            run(store, [str(path)], IngestOptions(), analyse=False)
            update_stories(store, chunk=chunk, span_days=span_days)
        return {row["id"]: sorted(row["articles"]) for row in store.stories(limit=None)}
    finally:
        store.close()


@pytest.mark.parametrize(("rows", "expected"), [
    # one outlet's follow-up three days on joins the story …
    ([("donors", "Donors pledge aid for Sudan", DONORS, "2026-03-12")],
     [["donors", "truce"], ["reef"]]),
    # … the same development told by two outlets that day is a story of its own …
    ([("donors", "Donors pledge aid for Sudan", DONORS, "2026-03-12"),
      ("london", "London conference pledges money", DONORS_2, "2026-03-12")],
     [["donors", "london"], ["reef"], ["truce"]]),
    # … unless the two tell nearly what the story holds
    ([("shelling", "Sudan truce shaken", SHELLING, "2026-03-12"),
      ("convoys", "Convoys turned back", SHELLING_2, "2026-03-12")],
     [["convoys", "shelling", "truce"], ["reef"]]),
    # after the window the story is closed
    ([("donors", "Donors pledge aid for Sudan", DONORS, "2026-03-20")],
     [["donors"], ["reef"], ["truce"]]),
])
def test_story_grouping_later_days_join_open_stories(rows, expected):
    assert _groups(DAY_ONE + rows) == expected


def test_story_grouping_span_days_one_keeps_a_story_to_a_day():
    rows = DAY_ONE + [("donors", "Donors pledge aid for Sudan", DONORS, "2026-03-12")]
    assert _groups(rows, span_days=1) == [["donors"], ["reef"], ["truce"]]


DAYS: list[list[Row]] = [
    DAY_ONE,
    [("shelling", "Sudan truce shaken", SHELLING, "2026-03-11"),
     ("shoal", "Manila summons envoy", SHOAL, "2026-03-11")],
    [("donors", "Donors pledge aid for Sudan", DONORS, "2026-03-13"),
     ("london", "London conference pledges money", DONORS_2, "2026-03-13"),
     ("convoys", "Convoys turned back", SHELLING_2, "2026-03-13")],
    [("late", "Sudan truce agreed", TRUCE, "2026-04-30")],
]


def test_story_grouping_database_day_by_day_equals_one_run_and_cluster(tmp_path):
    (tmp_path / "one").mkdir()
    (tmp_path / "days").mkdir()
    one = _store_runs(tmp_path / "one", [[row for day in DAYS for row in day]])
    by_day = _store_runs(tmp_path / "days", DAYS)
    assert one == by_day  # the same story ids, with the same articles
    assert sorted(one.values()) == _groups([row for day in DAYS for row in day])
    assert len(one) >= 3  # the days hold several stories, not one


def test_story_grouping_chunks_keep_whole_days(tmp_path):
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    rows = [row for day in DAYS for row in day]
    assert _store_runs(tmp_path / "small", [rows], chunk=2) == _store_runs(
        tmp_path / "large", [rows])


def test_story_grouping_twice_changes_nothing(tmp_path):
    store = Store(str(tmp_path / "twice.db"))
    try:
        path = tmp_path / "all.jsonl"
        path.write_text("".join(json.dumps({"id": i, "title": t, "text": x, "published": d})
                                + "\n" for day in DAYS for i, t, x, d in day), "utf-8")
        run(store, [str(path)], IngestOptions(), analyse=False)
        assert update_stories(store)
        before = store.stories(limit=None)
        run(store, [str(path)], IngestOptions(), analyse=False)
        assert update_stories(store) == []
        assert store.stories(limit=None) == before
    finally:
        store.close()


def _folders() -> dict[str, str]:
    """Demo article id → the folder (planted story) of the corpus it comes from."""
    from sitroom.ingest import read_inputs

    planted = {}
    for folder in sorted(p for p in demo_corpus().iterdir() if p.is_dir()):
        for article in read_inputs([str(folder)], IngestOptions()):
            assert isinstance(article, Article), article
            planted[article.id] = folder.name
    return planted


def _partition(assigned: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, group in assigned.items():
        groups.setdefault(group, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_story_grouping_demo_database_holds_the_five_planted_stories(tmp_path):
    planted = _folders()
    assert len(set(planted.values())) == 5 and len(planted) == 21
    store = Store(str(tmp_path / "demo.db"))
    try:
        run(store, [str(demo_corpus())], IngestOptions(), analyse=False)
        update_stories(store)
        stored = {a: row["id"] for row in store.stories(limit=None) for a in row["articles"]}
    finally:
        store.close()
    assert _partition(stored) == _partition(planted)


@pytest.mark.slow
def test_story_grouping_demo_command_shows_the_five_planted_stories(tmp_path):
    db = str(tmp_path / "demo.db")
    result = runner.invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    assert "5 stories" in result.output
    lines = [json.loads(x) for x in runner.invoke(app, ["cluster", "--db", db]).stdout.split(
        "\n") if x]
    stored = {a: line["story"] for line in lines for a in line["articles"]}
    assert _partition(stored) == _partition(_folders())


def test_story_grouping_cli_span_days_option(tmp_path):
    for i, title, text, day in DAY_ONE + [("donors", "Donors pledge aid", DONORS,
                                           "2026-03-12")]:
        (tmp_path / f"{i}.json").write_text(json.dumps(
            {"id": i, "title": title, "text": text, "published": day}), "utf-8")

    def sizes(*options: str) -> list[int]:
        result = runner.invoke(app, ["cluster", str(tmp_path), *options])
        assert result.exit_code == 0, result.output
        return sorted(len(json.loads(x)["articles"]) for x in result.stdout.splitlines())

    assert sizes() == [1, 2]
    assert sizes("--span-days", "1") == [1, 1, 1]


@pytest.mark.slow
def test_story_grouping_neus_through_the_database_reaches_the_floor():
    from benchmarks.bench_stories import evaluate_neus_stored

    scores = evaluate_neus_stored(shared_path(), by_day=True)
    assert scores["stored"] == scores["articles"] == 1479
    assert scores["same_as_memory"] == 1.0
    assert scores["f1"] >= FLOORS["stories_neus_bcubed_f1_database"], scores
