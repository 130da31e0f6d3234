"""The engine: the whole analysis in worker processes gives what one process gives."""

from __future__ import annotations

import pickle
from functools import partial

import pytest

from sitroom import pipeline
from sitroom.engine import _cut, analyze_parallel
from sitroom.engine.order import Lost, chunk_sizes, ordered, slots
from sitroom.engine.work import Problem
from sitroom.errors import AnalysisFailed, PartlyAnalysed
from sitroom.records import Article, ArticleAnalysis

from . import engine_hooks

TEXTS = [
    "Russian forces shelled Kharkiv on Monday, killing three people, officials said.",
    "\"We will not give up an inch,\" President Volodymyr Zelensky said in Kyiv on Tuesday.",
    "China warned Taiwan against any move toward independence, the foreign ministry said.",
    "Protesters clashed with police in Nairobi after the finance bill passed parliament.",
    "The United Nations called for a ceasefire in Sudan as fighting spread to Darfur.",
    "Israel and Hamas resumed talks in Cairo, Egyptian mediators said on Wednesday.",
    "Iran denied sending drones to Russia, its foreign minister told reporters in Tehran.",
    "Floods displaced 20,000 people in Bangladesh, the disaster ministry said on Friday.",
    "NATO ministers met in Brussels to discuss air defence for Ukraine.",
    "The court in Ankara sentenced two journalists to prison for spreading propaganda.",
]


def _articles(texts: list[str] = TEXTS) -> list[Article]:
    return [Article(id=f"t{n}", text=text) for n, text in enumerate(texts)]


@pytest.fixture(scope="module")
def one_process() -> list[dict]:
    return [a.to_dict() for a in analyze_parallel(_articles(), processes=1)]


def test_engine_two_workers_give_the_records_of_one_process(one_process):
    two = [a.to_dict() for a in analyze_parallel(_articles(), processes=2, chunk_size=3)]
    assert [a["article"]["id"] for a in two] == [f"t{n}" for n in range(len(TEXTS))]
    assert two == one_process


def _run(processes: int, setup, texts: list[str], **options) -> tuple[list, list]:
    problems: list = []
    out = analyze_parallel(_articles(texts), processes=processes, chunk_size=2,
                           on_problem=problems.append, setup=setup, **options)
    return [a.to_dict() for a in out], [(type(p), p.where, p.reason) for p in problems]


def test_engine_failed_article_in_a_worker_is_reported_as_in_one_process(monkeypatch):
    monkeypatch.setattr(pipeline, "STAGES", pipeline.STAGES)  # the setup below changes them
    texts = [*TEXTS[:3], "BREAK " + TEXTS[3], *TEXTS[4:6]]
    one = _run(1, engine_hooks.break_marked, texts)
    two = _run(2, engine_hooks.break_marked, texts)
    assert two == one
    assert [a["article"]["id"] for a in two[0]] == ["t0", "t1", "t2", "t4", "t5"]
    assert [(kind, where) for kind, where, _ in two[1]] == [(AnalysisFailed, "t3")]
    assert "stage broke on purpose" in two[1][0][2]


def test_engine_killed_worker_chunk_is_retried(one_process, tmp_path):
    marker = tmp_path / "died"
    texts = [*TEXTS[:5], "KILL " + TEXTS[5]]
    analyses, problems = _run(2, partial(engine_hooks.die_once, str(marker)), texts)
    assert marker.exists()  # a worker did die
    assert problems == []
    assert [a["article"]["id"] for a in analyses] == [f"t{n}" for n in range(6)]
    assert analyses[:5] == one_process[:5]


def test_engine_article_killing_every_try_fails_alone():
    texts = [*TEXTS[:3], "POISON " + TEXTS[3], TEXTS[4]]
    analyses, problems = _run(2, engine_hooks.die_always, texts, retries=1)
    assert [a["article"]["id"] for a in analyses] == ["t0", "t1", "t2", "t4"]
    assert [(kind, where) for kind, where, _ in problems] == [(AnalysisFailed, "t3")]
    assert "died on every try" in problems[0][2]


@pytest.mark.parametrize("error", [AnalysisFailed("a1", "analysis failed (ValueError: x)"),
                                   PartlyAnalysed("a2", "analysed the first 10 characters")])
def test_engine_problem_comes_back_as_the_same_error(error):
    back = pickle.loads(pickle.dumps(Problem.of(error))).rebuild()
    assert (type(back), back.where, back.reason, str(back), back.line()) == \
        (type(error), error.where, error.reason, str(error), error.line())


class _Flaky:
    """A backend like a local pool: each chunk is answered with one analysis per article,
    except that a chunk holding an article whose id is in `deaths` breaks the pool (that
    many times), and every chunk in flight goes down with it."""

    def __init__(self, deaths: dict[str, int], slots: int = 4) -> None:
        self.deaths, self.slots = dict(deaths), slots
        self.sent: list[tuple[tuple[str, ...], int]] = []  # (chunk, chunks in flight then)
        self.flying: list[list] = []
        self.broken: list[list] = []

    def submit(self, articles):
        handle = [articles]
        self.flying.append(handle)
        self.sent.append((tuple(a.id for a in articles), len(self.flying)))
        return handle

    def result(self, handle):
        self.flying.remove(handle)
        if any(h is handle for h in self.broken):
            raise Lost("went down with the pool")
        for article in handle[0]:
            if self.deaths.get(article.id, 0) > 0:
                self.deaths[article.id] -= 1
                self.broken.extend(self.flying)
                self.flying.clear()
                raise Lost("killed")
        return [ArticleAnalysis(article=a) for a in handle[0]]

    def lost(self, handle) -> bool:
        return any(h is handle for h in self.broken)

    def recover(self) -> None:
        pass

    def close(self, finished: bool = True) -> None:
        pass


def _order(deaths: dict[str, int], tries: int = 3) -> tuple[list, _Flaky]:
    backend = _Flaky(deaths)
    batches = [[Article(id=f"{b}{n}", text="x") for n in range(4)] for b in "ab"]
    done = list(ordered(backend, slots(batches, 2, tries)))
    return done, backend


@pytest.mark.parametrize(("deaths", "failed"), [
    ({}, []),
    ({"a2": 2}, []),  # lost twice, through on the third try
    ({"b1": 9}, ["b1"]),  # lost on every try: its chunk is split, only it fails
])
def test_engine_order_keeps_input_order_and_fails_only_the_killer(deaths, failed):
    done, _ = _order(deaths)
    ids = [e.article.id if isinstance(e, ArticleAnalysis) else ("failed", e.where)
           for d in done for e in d.events]
    expected = [f"{b}{n}" for b in "ab" for n in range(4)]
    assert ids == [("failed", i) if i in failed else i for i in expected]
    assert [d.batch for d in done if d.last] == [0, 1]


def test_engine_order_sends_lost_chunks_one_at_a_time_until_they_are_through():
    _, backend = _order({"a0": 1})
    chunks = [chunk for chunk, _ in backend.sent]
    assert chunks[:4] == [("a0", "a1"), ("a2", "a3"), ("b0", "b1"), ("b2", "b3")]
    assert chunks[4:] == chunks[:4]  # every chunk in flight went down and is sent again
    assert [flying for _, flying in backend.sent[4:]] == [1, 1, 1, 1]


@pytest.mark.parametrize(("count", "workers", "last", "sizes"), [
    (100, 2, False, [32, 32, 32, 4]),  # not the run's last batch: full chunks
    (100, 1, True, [32, 32, 32, 4]),  # one worker: nothing to balance
    (40, 2, True, [10, 8, 6, 4, 3, 3, 2, 1, 1, 1, 1]),  # a quarter of what is left each
    (200, 2, True, [32, 32, 32, 26, 20, 15, 11, 8, 6, 5, 4, 3, 2, 1, 1, 1, 1]),
])
def test_engine_order_last_batch_chunks_shrink_toward_the_end(count, workers, last, sizes):
    assert list(chunk_sizes(count, 32, workers, last)) == sizes
    assert sum(sizes) == count


def test_engine_order_only_the_last_batch_of_a_run_is_tapered():
    batches = [[Article(id=f"{b}{n}", text="x") for n in range(8)] for b in "ab"]
    chunks = [len(s.articles) for s in slots(batches, 4, 1, workers=2)]
    assert chunks == [4, 4, 2, 2, 1, 1, 1, 1]  # "a" in full chunks, "b" shrinking


@pytest.mark.parametrize(("count", "tail", "batches"), [
    (100, 0, [32, 32, 32, 4]),
    (100, 128, [100]),  # the whole input is the tail
    (400, 128, [32] * 8 + [144]),
    (161, 128, [32, 129]),
])
def test_engine_cut_keeps_the_tail_of_the_input_as_one_batch(count, tail, batches):
    assert [len(b) for b in _cut(range(count), 32, tail)] == batches  # type: ignore[arg-type]


def test_engine_batch_run_on_workers_resumes_a_stopped_run(tmp_path, monkeypatch):
    import sitroom.engine
    from sitroom.batch import run
    from sitroom.ingest import IngestOptions
    from sitroom.store import Store

    monkeypatch.setattr(sitroom.engine, "CHUNK_SIZE", 2)  # several chunks: the pool runs
    for n, text in enumerate(TEXTS[:6]):
        (tmp_path / ("first" if n < 3 else "rest")).mkdir(exist_ok=True)
        (tmp_path / ("first" if n < 3 else "rest") / f"{n}.txt").write_text(text)
    with Store(str(tmp_path / "s.db")) as store:  # a run stopped after the first inputs
        run(store, [str(tmp_path / "first")], IngestOptions(), analyse=True, processes=2)
        again = run(store, [str(tmp_path / "first"), str(tmp_path / "rest")],
                    IngestOptions(), analyse=True, processes=2, batch_size=4)
        counts = store.counts()
    assert (again.read, again.stored_already, again.analysed) == (6, 3, 3)
    assert (counts["articles"], counts["analysed"]) == (6, 6)


def test_engine_batch_run_on_workers_stores_what_one_process_stores(tmp_path, monkeypatch):
    import sitroom.engine
    from sitroom.batch import run
    from sitroom.ingest import IngestOptions
    from sitroom.store import Store

    monkeypatch.setattr(sitroom.engine, "CHUNK_SIZE", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    for n, text in enumerate([*TEXTS[:5], TEXTS[1], TEXTS[5]]):  # a copy, in a later batch
        (folder / f"{n}.txt").write_text(text)
    stored = []
    for processes in (1, 2):
        with Store(str(tmp_path / f"{processes}.db")) as store:
            summary = run(store, [str(folder)], IngestOptions(), analyse=True,
                          processes=processes, batch_size=3)
            stored.append((summary.rows(), store.counts(),
                           [a.to_dict() for a in store.iter_analyses()]))
    assert stored[1] == stored[0]
    assert dict(stored[0][0])["already stored"] == 1 and stored[0][1]["articles"] == 6
