from __future__ import annotations

import pytest
import sqlalchemy as sa

from sitroom.errors import MalformedInput, NotFound, SkippedInput, StoreError
from sitroom.ingest.dedup import Deduplicator, minhash_of, text_hash
from sitroom.records import Article, ArticleAnalysis, Span
from sitroom.store.schema import metadata

WIRE = ("SEOUL (Wire) - North Korea has started sending soldiers to Russia to support the war "
        "against Ukraine, South Korea's intelligence service said on Friday, in what would be "
        "the largest overseas deployment in decades. About 1,500 special forces were flown to "
        "Vladivostok on navy ships over the past week, and around 12,000 soldiers were "
        "expected to follow, the agency said. The Kremlin dismissed the report as fake news.")
OTHER = ("Hungary blocked the European Union's latest package of sanctions against Russia on "
         "Friday, demanding guarantees that its oil and gas supplies would not be affected, "
         "diplomats said after ambassadors failed to agree at a four-hour meeting in Brussels. "
         "Slovakia raised concerns but did not oppose the package, two diplomats said.")


def art(id_, text=WIRE, source="Wire", url=None, **meta):
    return Article(id=id_, text=text, source=source, url=url or f"https://x.example/{id_}",
                   **meta)


def store_batch(store, batch, analyse=False):
    plans = store.plan(batch, analyse=analyse)
    results = [ArticleAnalysis(article=p.article, sentences=(Span(0, 5),))
               for p in plans if p.needs_analysis]
    store.write(plans, results)
    return plans


def test_store_same_input_twice_changes_nothing(store):
    first = store_batch(store, [art("a"), art("b", OTHER)])
    assert [p.status for p in first] == ["new", "new"]
    before = store.counts()
    again = store_batch(store, [art("a"), art("b", OTHER)])
    assert [p.status for p in again] == ["stored", "stored"]
    assert store.counts() == before == {"articles": 2, "texts": 2, "duplicates": 0,
                                        "analysed": 0, "sources": 1, "problems": 0}


def test_store_syndicated_copy_is_one_text_with_two_sources(store):
    store_batch(store, [art("wire", url="https://wire.example/1"),
                        art("daily", source="Daily", url="https://daily.example/9")])
    counts = store.counts()
    assert (counts["articles"], counts["texts"], counts["duplicates"]) == (2, 1, 1)
    info = store.article_info("daily")
    assert (info["duplicate_of"], info["duplicate_kind"]) == ("wire", "exact")
    assert [c["id"] for c in store.article_info("wire")["copies"]] == ["daily"]


def test_store_near_copy_across_batches_is_linked(store):
    store_batch(store, [art("wire")])
    retopped = WIRE.replace("SEOUL (Wire) - ", "").replace("fake news.", "fake news, and "
                                                           "Pyongyang did not comment.")
    [plan] = store_batch(store, [art("daily", retopped, source="Daily")])
    assert (plan.status, plan.duplicate_of, plan.duplicate_kind) == ("duplicate", "wire", "near")


def test_store_reopened_database_still_knows_near_copies(tmp_path):
    from sitroom.store import Store

    with Store(str(tmp_path / "s.db")) as first:
        store_batch(first, [art("wire")])
    with Store(str(tmp_path / "s.db")) as second:
        [plan] = second.plan([art("daily", WIRE + " Extra line.", source="Daily")])
        assert plan.duplicate_of == "wire"


def test_store_id_collision_with_other_content_gets_a_new_id(store):
    store_batch(store, [art("story", WIRE)])
    [plan] = store_batch(store, [art("story", OTHER, source="Other")])
    assert plan.status == "new" and plan.article.id.startswith("story~")
    assert store.article("story").text == WIRE


def test_store_failed_batch_keeps_nothing_of_it(store):
    store_batch(store, [art("kept", OTHER)])
    plans = store.plan([art("a"), art("b", WIRE + " More.")])
    broken = [plans[0], plans[1], plans[0]]  # same article twice: the key is unique
    with pytest.raises(StoreError, match="nothing of it was kept"):
        store.write(broken)
    assert store.counts()["articles"] == 1
    assert [p.status for p in store_batch(store, [art("a")])] == ["new"]


def test_store_analysis_is_resumed_when_missing(store):
    store_batch(store, [art("a")])  # ingested, not analysed
    [plan] = store.plan([art("a")], analyse=True)
    assert plan.status == "stored" and plan.needs_analysis
    store_batch(store, [art("a")], analyse=True)
    [again] = store.plan([art("a")], analyse=True)
    assert not again.needs_analysis
    assert store.analysis("a").sentences == (Span(0, 5),)


def test_store_search_ranks_and_quotes_safely(store):
    store_batch(store, [art("a", title="Troops to Russia"), art("b", OTHER, title="EU")])
    hits = store.search("Kremlin soldiers")
    assert [h["id"] for h in hits] == ["a"] and hits[0]["marks"]
    assert [h["id"] for h in store.search('"package of sanctions"')] == ["b"]
    assert store.search('AND OR "unbalanced ( NEAR') == []
    assert store.search("   ") == []


def test_store_problems_are_recorded_once_with_counts(store):
    problems = [MalformedInput("bad.json", "invalid JSON"), SkippedInput("de.txt", "German")]
    store.record_problems(problems)
    store.record_problems(problems[:1])
    rows = {r["origin"]: r for r in store.problems()}
    assert rows["bad.json"]["count"] == 2 and rows["bad.json"]["kind"] == "failed"
    assert rows["de.txt"]["kind"] == "skipped" and rows["de.txt"]["code"] == "E110"


def test_store_lookup_by_prefix_and_not_found(store):
    store_batch(store, [art("mw-2024-10-18-korea"), art("other", OTHER)])
    assert store.article("mw-2024").id == "mw-2024-10-18-korea"
    with pytest.raises(NotFound):
        store.article("zz")
    with pytest.raises(NotFound, match="not analysed"):
        store.analysis("other")


def test_store_listing_filters(store):
    store_batch(store, [art("old", published="2020-01-01"),
                        art("new", OTHER, source="EU desk", published="2024-01-01")])
    assert [r["id"] for r in store.articles()] == ["new", "old"]
    assert [r["id"] for r in store.articles(source="EU desk")] == ["new"]
    assert [r["id"] for r in store.articles(since="2021-01-01")] == ["new"]


def test_store_migrated_schema_matches_table_definitions(store):
    inspector = sa.inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name


def test_store_unopenable_database_is_a_clear_error(tmp_path):
    from sitroom.store import Store

    with pytest.raises(StoreError, match="could not open"):
        Store(str(tmp_path / "missing-dir" / "x.db"))


def test_dedup_keeps_different_stories_apart():
    dedup = Deduplicator()
    dedup.add("wire", text_hash(WIRE), minhash_of(WIRE))
    assert dedup.match(text_hash(OTHER), minhash_of(OTHER)) is None
    assert dedup.match(text_hash(WIRE), None) == ("exact", "wire")
    assert minhash_of("Too short to compare.") is None


def test_store_stories_are_grouped_incrementally_and_saved_in_one_go(store):
    from sitroom.stories.stored import story_for_query, update_stories

    store_batch(store, [art("a", published="2024-10-18"),
                        art("b", text=OTHER, source="Post", published="2024-10-18")])
    first = update_stories(store, chunk=1)  # one article at a time: the same grouping
    assert sorted(len(s.members) for s in first) == [1, 1]
    assert store.unstoried() == []
    again = art("c", text=WIRE.replace("Friday", "Saturday").replace("decades", "years"),
                source="Tribune", published="2024-10-19")
    store_batch(store, [again])
    [grown] = update_stories(store)
    places = store.story_of(["a", "b", "c"])
    assert places["c"] == places["a"] != places["b"] and grown.id == places["a"]
    listed = {row["id"]: row for row in store.stories(limit=None)}
    assert listed[places["a"]]["size"] == 2 and sorted(listed[places["a"]]["articles"]) == [
        "a", "c"]
    assert listed[places["a"]]["first"] == "2024-10-18"
    assert listed[places["a"]]["last"] == "2024-10-19"
    loaded, df = store.story_state()
    assert df.n == 3 and {s.id for s in loaded} == set(listed)
    assert story_for_query(store, "Hungary sanctions") == places["b"]
    with pytest.raises(NotFound):
        store.story_members("story-none")
    # the paged listing the web app reads: latest first, with its outlets counted
    paged = store.find_stories()
    assert paged["total"] == len(listed)
    assert [row["id"] for row in paged["items"]][0] == places["a"]
    assert {row["id"]: row["sources"] for row in paged["items"]}[places["a"]] == 2  # Wire, Tribune
    assert [r["id"] for r in store.find_stories(query="Hungary")["items"]] == [places["b"]]
    assert store.find_stories(since="2024-10-19")["total"] == 1


def _analysis_with_findings(article):
    """An analysis of `article` (WIRE) with one event, quote and claim, as CONTRACT.md dicts."""
    def span(phrase):
        start = article.text.index(phrase)
        return {"start": start, "end": start + len(phrase), "text": phrase}

    sentence = span(article.text.split(". ")[0])
    data = {
        "article": article.to_dict(),
        "actors": [{"id": "PRK", "name": "North Korea", "type": "state", "code": "PRK",
                    "country": "PRK", "mentions": [span("North Korea")]},
                   {"id": "RUS", "name": "Russia", "type": "state", "code": "RUS",
                    "country": "RUS", "mentions": [span("Russia")]}],
        "events": [{"source": "PRK", "target": "RUS", "cameo": "072", "root": "07",
                    "plover": "AID", "goldstein": 8.3, "quad_class": 2,
                    "modality": "reported", "trigger": span("sending"),
                    "sentence": {"start": sentence["start"], "end": sentence["end"]},
                    "confidence": 0.9},
                   {"source": "RUS", "target": "PRK", "cameo": "190", "root": "19",
                    "plover": "ASSAULT", "goldstein": -10.0, "quad_class": 4,
                    "modality": "asserted", "trigger": span("sending"),
                    "sentence": {"start": sentence["start"], "end": sentence["end"]},
                    "confidence": 0.2}],
        "quotes": [{"kind": "indirect", "speaker": {"actor": None, "name": "the agency",
                                                   "span": span("the agency")},
                    "cue": span("said"), "content": span("around 12,000 soldiers")}],
        "claims": [{"kind": "report", "certainty": "probable", "attributed_to": "author",
                    "span": span("the largest overseas deployment in decades")}],
        "causal": [], "sentences": [{"start": sentence["start"], "end": sentence["end"]}],
    }
    return ArticleAnalysis.from_dict(data)


def test_store_findings_are_rows_and_survive_a_schema_rebuild(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    plans = store.plan([art("a", published="2024-10-18")], analyse=True)
    store.write(plans, [_analysis_with_findings(plans[0].article)])
    assert store.find_events(limit=0)["total"] == 1  # the shown one; the other is kept
    assert store.find_events(limit=0, min_confidence=0)["total"] == 2
    [event] = store.find_events(actor="RUS")["items"]
    assert (event["source_name"], event["target_name"], event["date"]) == \
        ("North Korea", "Russia", "2024-10-18")
    assert store.find_events(code="19")["total"] == 0
    assert [q["speaker_name"] for q in store.find_quotes()["items"]] == ["the agency"]
    assert [f["kind"] for f in store.search_findings("overseas deployment")] == ["claim"]
    # re-analysing replaces an article's findings, it does not add to them
    store.write([], [_analysis_with_findings(plans[0].article)])
    assert store.find_events(limit=0)["total"] == 1
    assert len(store.search_findings("overseas deployment")) == 1
    # a database from before the finding tables gets them filled from its analyses
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    store.migrate()
    assert store.find_events(limit=0)["total"] == 1
    assert store.find_quotes(limit=0)["total"] == store.find_claims(limit=0)["total"] == 1
    assert [f["kind"] for f in store.search_findings("12,000 soldiers")] == ["quote"]
    graph = store.actor_graph()
    assert [(e["source"], e["target"], e["count"]) for e in graph["edges"]] == \
        [("PRK", "RUS", 1)]
    assert graph["edges"][0]["evidence"][0]["trigger"]["text"] == "sending"
    folded = store.actor_graph(by_country=True)
    assert [(e["source"], e["target"]) for e in folded["edges"]] == [("PRK", "RUS")]
    assert [n["name"] for n in folded["nodes"]] == ["North Korea", "Russia"]
    # the queries the pages make, on this dialect too
    assert [a["id"] for a in store.find_actors()["items"]] == ["PRK", "RUS"]
    assert (store.actor("RUS")["done_to"], store.actor("RUS")["articles"]) == (1, 1)
    assert store.actor_trend("PRK") == [{"period": "2024-10-18", "events": 1,
                                         "goldstein": 8.3, "as_source": 1}]
    assert store.find_claims(actor="author", limit=5, counted=False)["items"][0]["kind"] == \
        "report"
    assert store.find_quotes(actor="nobody", limit=5, counted=False)["items"] == []
    assert store.find_articles(actor="PRK")["total"] == 1


def test_store_never_shows_a_password_from_its_url():
    from sitroom.store import Store

    with pytest.raises(StoreError) as error:
        Store("postgresql+psycopg://reader:s3cret@127.0.0.1:1/none?connect_timeout=1")
    assert "s3cret" not in str(error.value)


COUNTED_TEXT = ("North Korea sent troops to Russia on Friday, officials said, and North Korea "
                "denied it. Ukraine said the troops had reached the front near Kursk.")
NAMES = {"PRK": "North Korea", "RUS": "Russia", "UKR": "Ukraine"}


def _named(article, named):
    """An analysis of `article` (COUNTED_TEXT) naming each actor of `named` (id → number of
    mentions, each one an occurrence of its name in the text)."""
    def mentions(name, count):
        starts = [i for i in range(len(article.text)) if article.text.startswith(name, i)]
        return [{"start": s, "end": s + len(name), "text": name} for s in starts[:count]]

    return ArticleAnalysis.from_dict({
        "article": article.to_dict(),
        "actors": [{"id": key, "name": NAMES[key], "type": "state", "code": key,
                    "country": key, "mentions": mentions(NAMES[key], count)}
                   for key, count in named.items()],
        "events": [], "quotes": [], "claims": [], "causal": [], "sentences": []})


@pytest.mark.parametrize(("batches", "expected"), [
    # one batch: each actor's articles and mentions
    ([[("a", {"PRK": 2, "RUS": 1}), ("b", {"RUS": 1})]],
     {"PRK": (1, 2), "RUS": (2, 2)}),
    # a later batch adds to the counts
    ([[("a", {"PRK": 2})], [("b", {"PRK": 1, "UKR": 1})]],
     {"PRK": (2, 3), "UKR": (1, 1)}),
    # a re-analysis replaces what the article named: RUS is named by no article any more
    ([[("a", {"PRK": 2, "RUS": 1})], [("a", {"PRK": 1}), ("b", {"UKR": 1})]],
     {"PRK": (1, 1), "UKR": (1, 1)}),
    # re-analysing the same way twice changes nothing
    ([[("a", {"RUS": 1})], [("a", {"RUS": 1})], [("a", {"RUS": 1})]], {"RUS": (1, 1)}),
])
def test_store_actor_counts_follow_batches_and_reanalyses(store, batches, expected):
    for batch in batches:
        plans = store.plan([art(i, text=COUNTED_TEXT) for i, _ in batch])
        store.write(plans, [_named(plan.article, named)
                            for plan, (_, named) in zip(plans, batch, strict=True)])
    listed = {a["id"]: (a["articles"], a["mentions"]) for a in store.find_actors()["items"]}
    assert listed == expected
    store.reindex_findings()  # a rebuild from the analyses counts the same
    assert {a["id"]: (a["articles"], a["mentions"])
            for a in store.find_actors()["items"]} == expected


def test_store_migration_0006_adds_the_listing_indexes_and_goes_back(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    def indexes():
        inspector = sa.inspect(store.engine)
        return {i["name"] for table in ("events", "claims")
                for i in inspector.get_indexes(table)}

    wanted = {"ix_events_cameo_confidence", "ix_claims_certainty_published"}
    assert wanted <= indexes()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    assert not wanted & indexes()
    store.migrate()
    assert wanted <= indexes()


@pytest.mark.parametrize(("code", "cameo", "listed"), [
    ("19", "190", True), ("19", "19", True), ("19", "1951", True), ("19", "18", False),
    ("19", "2", False), ("19", "200", False), ("1", "190", True), ("1", "200", False),
    ("04", "043", True), ("04", "05", False), ("099", "0991", True), ("099", "100", False),
    ("99", "999", True), ("99", "98", False),
])
def test_store_events_by_code_prefix(store, code, cameo, listed):
    article = art("a", published="2024-10-18")
    analysis = _analysis_with_findings(article)
    # CONTRACT.md: `root` is the code's first two digits
    event = {**analysis.to_dict()["events"][0], "cameo": cameo, "root": cameo[:2]}
    plans = store.plan([article], analyse=True)
    store.write(plans, [ArticleAnalysis.from_dict({**analysis.to_dict(), "events": [event]})])
    assert store.find_events(code=code)["total"] == int(listed)
    assert len(store.find_events(code=code, counted=False)["items"]) == int(listed)


class _LockedThenFree:
    """A cursor whose first `locked` journal-mode questions are answered "database is locked"."""

    def __init__(self, locked: int, message: str = "database is locked") -> None:
        self.locked, self.message, self.statements = locked, message, []

    def execute(self, statement):  # type: ignore[no-untyped-def]
        import sqlite3

        self.statements.append(statement)
        if self.locked:
            self.locked -= 1
            raise sqlite3.OperationalError(self.message)
        return self

    def fetchone(self):  # type: ignore[no-untyped-def]
        return ("delete",)


def test_store_wal_switch_is_retried_while_another_process_holds_the_file():
    from sitroom.store.core import _wal_journal

    cursor = _LockedThenFree(locked=2)
    _wal_journal(cursor)
    assert cursor.statements[-1] == "PRAGMA journal_mode=WAL"
    assert cursor.statements.count("PRAGMA journal_mode") == 3


def test_store_wal_switch_other_errors_are_not_retried():
    import sqlite3

    from sitroom.store.core import _wal_journal

    cursor = _LockedThenFree(locked=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _wal_journal(cursor)
    assert cursor.statements == ["PRAGMA journal_mode"]


def test_store_file_already_in_wal_is_not_switched_again(tmp_path):
    import sqlite3

    from sitroom.store import Store
    from sitroom.store.core import _wal_journal

    path = tmp_path / "wal.db"
    Store(str(path)).close()
    connection = sqlite3.connect(path)
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    _wal_journal(connection.cursor())
    connection.close()
    assert statements == ["PRAGMA journal_mode"]


# published per article: newest first, the same day by id, the undated last by id
LISTED = {"a": "2024-01-03", "b": None, "c": "2024-01-05", "d": None, "e": "2024-01-05"}
NEWEST_FIRST = ["c", "e", "a", "b", "d"]


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_store_listing_pages_put_the_undated_last(store, limit):
    store_batch(store, [art(key, text=f"{key} {OTHER}", published=day)
                        for key, day in LISTED.items()])
    pages = [store.find_articles(limit=limit, offset=offset)["items"]
             for offset in range(0, 7)]
    assert [item["id"] for item in pages[0]] == NEWEST_FIRST[:limit]
    for offset, page in enumerate(pages):
        assert [item["id"] for item in page] == NEWEST_FIRST[offset:offset + limit], offset


def _quoted(store, confidences):
    """One article whose agency quotes have these confidences (None: none given)."""
    [plan] = store.plan([art("q", published="2024-10-18")], analyse=True)
    data = _analysis_with_findings(plan.article).to_dict()
    quote = data["quotes"][0]
    data["quotes"] = [{**quote, "speaker": {**quote["speaker"], "actor": "PRK"},
                       **({} if c is None else {"confidence": c})} for c in confidences]
    store.write([plan], [ArticleAnalysis.from_dict(data)])


def _quote_totals(store):
    return [store.find_quotes(speaker="PRK", min_confidence=m)["total"]
            for m in (0.8, 0.4, None)]


def test_store_quotes_shown_by_their_confidence_column_also_after_its_migration(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    _quoted(store, [0.9, 0.5, None, 0.8])
    assert _quote_totals(store) == [2, 3, 4]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
    assert "confidence" not in {c["name"] for c in sa.inspect(store.engine).get_columns("quotes")}
    store.migrate()
    assert _quote_totals(store) == [2, 3, 4]
    shown = store.find_quotes(speaker="PRK", min_confidence=0.8, counted=False)["items"]
    assert sorted(q["data"]["confidence"] for q in shown) == [0.8, 0.9]


def test_store_actor_listing_uncounted_lists_without_a_total(store):
    plans = store.plan([art("a", published="2024-10-18")], analyse=True)
    store.write(plans, [_analysis_with_findings(plans[0].article)])
    counted, listed = store.find_actors(), store.find_actors(counted=False)
    assert counted["total"] == 2 and listed["total"] is None
    assert [a["id"] for a in listed["items"]] == [a["id"] for a in counted["items"]]
    assert {a["id"] for a in listed["items"]} == {"PRK", "RUS"}


def test_store_outlets_counted_as_articles_are_stored_and_by_their_migration(store):
    from alembic import command
    from alembic.config import Config

    from sitroom.store.core import MIGRATIONS

    store_batch(store, [art("a", source="Wire"), art("b", text=OTHER, source="Post")])
    store_batch(store, [art("a", source="Wire"), art("c", text=f"{OTHER} Later.",
                                                      source="Wire"),
                        art("d", text=f"Third. {OTHER}", source=None)])
    expected = [{"source": "Wire", "articles": 2}, {"source": "Post", "articles": 1}]
    assert store.outlets() == expected
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0012")
    store.migrate()
    assert store.outlets() == expected
