"""One article's failure is its own: the others of its batch are analysed, stored and printed;
long texts are analysed up to the cap, in pieces, with a note; every article has a time
budget (issue 27)."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

import sitroom.pipeline as pipeline
from sitroom.cli import app
from sitroom.errors import AnalysisFailed, PartlyAnalysed
from sitroom.records import Article

BODY = ("Officials in Seoul said on Friday that North Korea has sent soldiers to Russia. "
        "Analysts say Pyongyang may gain combat experience.")


def _fail_for(article_id: str):
    """A first stage that raises for one article id (and passes every other through)."""
    def broken(analysis, doc):
        if analysis.article.id == article_id:
            raise ValueError("stage broke on purpose")
        return pipeline.sentences(analysis, doc)
    return (broken, *pipeline.STAGES[1:])


def _articles(*ids: str) -> list[Article]:
    return [Article(id=i, text=f"{BODY} ({i})") for i in ids]


def test_pipeline_failing_article_is_reported_and_the_others_go_on(monkeypatch, nlp):
    monkeypatch.setattr(pipeline, "STAGES", _fail_for("bad"))
    problems = []
    out = list(pipeline.analyze(_articles("a", "bad", "b"), nlp, on_problem=problems.append))
    assert [a.article.id for a in out] == ["a", "b"]
    assert [(type(p), p.where) for p in problems] == [(AnalysisFailed, "bad")]
    assert "ValueError: stage broke on purpose" in problems[0].reason


def test_pipeline_failure_without_a_hook_is_raised(monkeypatch, nlp):
    monkeypatch.setattr(pipeline, "STAGES", _fail_for("bad"))
    with pytest.raises(AnalysisFailed, match="stage broke on purpose"):
        list(pipeline.analyze(_articles("bad"), nlp))


class _BatchBreaker:
    """nlp whose `pipe` fails a whole batch holding a text with "BOOM" (as spaCy's E088
    does), and whose single-text parse fails only on that text."""

    def __init__(self, nlp) -> None:
        self.nlp = nlp
        self.pipes = 0

    def __call__(self, text: str):
        if "BOOM" in text:
            raise ValueError("[E088] too long")
        return self.nlp(text)

    def pipe(self, pairs, as_tuples=True, batch_size=2, n_process=1):
        self.pipes += 1
        pairs = iter(pairs)
        while batch := [pair for _, pair in zip(range(batch_size), pairs, strict=False)]:
            if any("BOOM" in text for text, _ in batch):
                raise ValueError("[E088] too long")
            yield from ((self.nlp(text), context) for text, context in batch)


def test_pipeline_failed_parse_batch_is_parsed_again_one_by_one(nlp):
    articles = _articles("a", "b", "c", "d", "e")
    articles[1] = Article(id="b", text="BOOM " + BODY)
    breaker = _BatchBreaker(nlp)
    problems = []
    out = list(pipeline.analyze(articles, breaker, batch_size=2,  # type: ignore[arg-type]
                                on_problem=problems.append))
    assert [a.article.id for a in out] == ["a", "c", "d", "e"]
    assert [p.where for p in problems] == ["b"] and "E088" in problems[0].reason
    assert breaker.pipes == 2  # a fresh pipe for what followed the failed batch


def test_pipeline_stage_budget_stops_a_slow_article(monkeypatch, nlp):
    def slow(analysis, doc):
        time.sleep(0.05 if analysis.article.id == "slow" else 0)
        return analysis

    monkeypatch.setattr(pipeline, "STAGES", (pipeline.sentences, slow))
    monkeypatch.setattr(pipeline, "STAGE_SECONDS", 0.02)
    problems = []
    out = list(pipeline.analyze(_articles("slow", "quick"), nlp, on_problem=problems.append))
    assert [a.article.id for a in out] == ["quick"]
    assert problems[0].where == "slow" and "after the slow stage" in problems[0].reason


PARAGRAPH = ("The minister met the delegation in Geneva on Monday. Talks on the ceasefire "
             "went on late into the night, officials said.\n\n")


def test_pipeline_text_over_the_cap_is_analysed_up_to_it(monkeypatch, nlp):
    monkeypatch.setattr(pipeline, "MAX_ANALYSED_CHARS", 1000)
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 300)  # and parsed in pieces
    text = PARAGRAPH * 12
    problems = []
    [analysis] = pipeline.analyze([Article(id="long", text=text)], nlp,
                                  on_problem=problems.append)
    cut = pipeline.analysed_length(text)
    assert 500 <= cut <= 1000 and text[cut - 1] == "\n"
    assert analysis.article.text == text
    assert analysis.sentences and max(s.end for s in analysis.sentences) <= cut
    for span in analysis.sentences:
        assert text[span.start:span.end].strip() == text[span.start:span.end]
    assert analysis.events and all(e.trigger.text == text[e.trigger.start:e.trigger.end]
                                   for e in analysis.events)
    assert [type(p) for p in problems] == [PartlyAnalysed]
    assert f"analysed the first {cut:,} of {len(text):,} characters" in problems[0].reason


def test_pipeline_pieces_parse_like_the_whole_text(monkeypatch, nlp):
    text = PARAGRAPH * 6
    [whole] = pipeline.analyze([Article(id="t", text=text)], nlp)
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 250)
    [pieced] = pipeline.analyze([Article(id="t", text=text)], nlp)
    assert pieced.sentences == whole.sentences


@pytest.mark.parametrize(("text", "size"), [
    ("short", 10),
    ("one two three four five six seven", 10),
    ("line one\nline two\nline three\nline four", 12),
    ("x" * 25, 10),  # no break at all: cut hard
    ("word " * 40, 7),
])
def test_pipeline_pieces_join_back_within_size(text, size):
    pieces = list(pipeline._pieces(text, size))
    assert "".join(pieces) == text
    assert all(0 < len(p) <= size for p in pieces)


def test_nlp_overlong_run_is_cut_into_sentences(nlp):
    from sitroom.nlp import MAX_SENTENCE_TOKENS

    doc = nlp("the talks went on and " * 150)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS


runner = CliRunner()


def test_cli_extract_prints_every_article_that_worked(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "STAGES", _fail_for("bad"))
    for name in ("a", "bad", "b"):
        (tmp_path / f"{name}.txt").write_text(BODY)
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 0
    assert [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()] == \
        ["a", "b"]
    assert "bad: analysis failed (ValueError: stage broke on purpose)" in result.stderr


def test_cli_extract_exits_1_when_no_article_worked(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "STAGES", _fail_for("bad"))
    (tmp_path / "bad.txt").write_text(BODY)
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "bad: analysis failed" in result.stderr


def test_batch_failing_article_stores_the_others(monkeypatch, store, tmp_path):
    from sitroom.batch import run
    from sitroom.ingest import IngestOptions

    monkeypatch.setattr(pipeline, "STAGES", _fail_for("bad"))
    for name in ("a", "bad", "b"):
        (tmp_path / f"{name}.txt").write_text(f"{BODY} ({name})")
    summary = run(store, [str(tmp_path)], IngestOptions(), analyse=True)
    assert (summary.read, summary.analysed, summary.failed) == (3, 2, 1)
    counts = store.counts()
    assert (counts["articles"], counts["analysed"]) == (3, 2)  # its text is kept
    [problem] = store.problems()
    assert problem["origin"] == "bad" and "stage broke on purpose" in problem["reason"]
    monkeypatch.setattr(pipeline, "STAGES", _fail_for("nobody"))
    again = run(store, [str(tmp_path)], IngestOptions(), analyse=True)
    assert again.analysed == 1 and store.counts()["analysed"] == 3  # the next run makes up


@pytest.mark.parametrize("rows", [
    [],
    [(0, 5, "a"), (3, 9, "b"), (3, 4, "c"), (12, 20, "d")],
    [(10, 12, "x"), (0, 30, "y"), (10, 12, "z"), (29, 31, "w")],
])
def test_intervals_answer_as_a_scan_would(rows):
    from sitroom.intervals import Cover, Intervals

    index = Intervals(rows)
    cover = Cover((s, e) for s, e, _ in rows)
    for offset in range(-1, 33):
        assert list(index.covering(offset)) == [r for r in rows if r[0] <= offset < r[1]]
        for end in range(offset + 1, 34):
            assert list(index.starting_in(offset, end)) == \
                [r for r in rows if offset <= r[0] < end]
            assert cover.overlaps(offset, end) == any(s < end and offset < e
                                                      for s, e, _ in rows)


SENTENCES = (
    "The minister met the delegation in Geneva on Monday.",
    "\u201cWe will not accept these terms,\u201d the spokesman told reporters on Friday.",
    "Officials said the talks could resume next week, according to two diplomats.",
    "Russia and China vetoed the draft resolution at the United Nations in June.",
    "Analysts say the sanctions may hurt exports, but the government denied it.",
)


@pytest.mark.slow
def test_pipeline_cost_grows_linearly_with_length(monkeypatch, nlp):
    """4x the text in one article costs at most 5x the CPU time (issue 27: was ~15x). Both
    sizes are parsed in pieces, as every long text is."""
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 20_000)

    def cpu(count: int) -> float:
        text = " ".join(SENTENCES[i % len(SENTENCES)] for i in range(count))
        started = time.process_time()
        [analysis] = pipeline.analyze([Article(id="long", text=text)], nlp)
        assert len(analysis.sentences) >= count * 0.9
        return time.process_time() - started

    cpu(50)  # warm-up
    assert cpu(2400) <= 5 * cpu(600)
