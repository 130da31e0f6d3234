from __future__ import annotations

from sitroom.batch import run
from sitroom.cli import demo_corpus
from sitroom.ingest import IngestOptions


def test_batch_demo_corpus_twice_on_every_backend(store):
    first = run(store, [str(demo_corpus())], IngestOptions(), analyse=True, batch_size=8)
    assert first.failed == first.skipped == 0
    assert first.read == first.new == first.analysed >= 20
    assert first.duplicates == 1  # the Meridian Wire story Eastbridge Daily syndicated
    counts = store.counts()
    assert counts["analysed"] == counts["articles"] == first.read
    assert counts["texts"] == counts["articles"]  # the copy differs in its last paragraph
    second = run(store, [str(demo_corpus())], IngestOptions(), analyse=True)
    assert (second.new, second.analysed, second.stored_already) == (0, 0, first.read)
    assert store.counts() == counts
    hits = store.search("shadow fleet tankers")
    assert hits and all("eu" in h["id"] or "northgate-post-world" in h["id"] for h in hits)


def test_batch_problems_are_counted_and_stored(store, tmp_path):
    (tmp_path / "bad.json").write_text("[1, 2")
    (tmp_path / "ok.txt").write_text("Russia and China vetoed the draft resolution on Friday, "
                                     "diplomats at the United Nations said.")
    heard = []
    summary = run(store, [str(tmp_path), str(tmp_path / "missing.txt")], IngestOptions(),
                  analyse=False, on_problem=heard.append)
    assert (summary.read, summary.new, summary.failed) == (1, 1, 2)
    assert len(heard) == 2
    assert {p["origin"] for p in store.problems()} == {str(tmp_path / "bad.json"),
                                                      str(tmp_path / "missing.txt")}


def test_batch_parallel_analysis_matches_serial(tmp_path, monkeypatch):
    import sitroom.engine
    from sitroom.engine.local import LocalPool
    from sitroom.store import Store

    pools = []
    real = LocalPool.submit

    def spy(self, articles):
        pools.append(self.processes)
        return real(self, articles)

    monkeypatch.setattr(sitroom.engine, "CHUNK_SIZE", 4)  # the demo corpus is small
    monkeypatch.setattr(LocalPool, "submit", spy)
    with Store(str(tmp_path / "one.db")) as one, Store(str(tmp_path / "two.db")) as two:
        run(one, [str(demo_corpus())], IngestOptions(), analyse=True, processes=1)
        run(two, [str(demo_corpus())], IngestOptions(), analyse=True, processes=2,
            batch_size=6)
        assert [a.to_dict() for a in one.iter_analyses()] == \
            [a.to_dict() for a in two.iter_analyses()]
    assert pools and set(pools) == {2}
