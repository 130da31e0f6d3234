"""Progress of a run: articles per second and the time left, as a bar or a plain line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sitroom import progress
from sitroom.batch import run
from sitroom.cli import app
from sitroom.ingest import IngestOptions
from sitroom.progress import Meter, PlainLines, Tally, describe, duration, reading
from sitroom.store import Store


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("tally", "elapsed", "rate", "eta"), [
    (Tally(5, 10, 50, 25), 10.0, 2.5, 30.0),  # 100 expected, 75 left at 2.5/s
    (Tally(10, 10, 40, 20), 4.0, 5.0, 4.0),  # every input read: 40 in all
    (Tally(0, 3, 32, 16), 8.0, 2.0, None),  # no input read whole: the total is unknown
    (Tally(2, 4, 10, 0), 8.0, None, None),  # nothing done yet
    (Tally(4, 4, 10, 10), 5.0, 2.0, 0.0),
])
def test_progress_rate_and_time_left(tally, elapsed, rate, eta):
    now = reading(tally, elapsed)
    assert (now.rate, now.eta) == (rate, eta)


@pytest.mark.parametrize(("seconds", "text"), [
    (0.2, "0s"), (42.4, "42s"), (245, "4m05s"), (3720, "1h02m"),
])
def test_progress_duration_words(seconds, text):
    assert duration(seconds) == text


def test_progress_line_carries_rate_and_eta():
    line = describe("analyze", reading(Tally(5, 10, 50, 25), 10.0))
    assert line == "analyze: 25/100 articles (5/10 inputs), 2.5 articles/s · ETA 30s"


def test_progress_line_says_when_eta_is_unknown():
    line = describe("analyze", reading(Tally(0, 1, 0, 0), 3.0))
    assert line == "analyze: 0 articles (0/1 inputs), – articles/s · ETA ?"


def test_progress_meter_rate_leaves_out_the_start_up():
    clock = Clock()
    meter = Meter(clock)
    clock.now += 20  # loading the model, the first batch
    meter(Tally(1, 10, 10, 10))
    clock.now += 5
    now = meter(Tally(3, 10, 30, 30))
    assert now.rate == 4.0 and now.eta == (100 - 30) / 4.0 and now.elapsed == 25.0


def test_progress_plain_lines_now_and_then():
    clock, lines = Clock(), []
    plain = PlainLines("ingest", lines.append, every=10, clock=clock)
    plain(Tally(1, 4, 8, 8))
    assert lines == []
    clock.now += 10
    plain(Tally(2, 4, 16, 16))
    clock.now += 1
    plain(Tally(3, 4, 24, 24))
    assert lines == ["ingest: 16/32 articles (2/4 inputs), 1.6 articles/s · ETA 10s"]


def test_progress_batch_reports_tallies(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Talks number {n} resumed in the capital on Monday.")
    tallies: list[Tally] = []
    with Store(str(tmp_path / "p.db")) as store:
        run(store, [str(folder)], IngestOptions(), analyse=False, on_progress=tallies.append)
    assert [(t.inputs_done, t.inputs_total) for t in tallies][:3] == [(1, 3), (2, 3), (3, 3)]
    assert tallies[-1] == Tally(3, 3, 3, 3)


@pytest.mark.parametrize(("options", "shows"), [((), True), (("--quiet",), False)])
def test_progress_cli_plain_lines_unless_quiet(tmp_path, monkeypatch, options, shows):
    monkeypatch.setattr(progress, "PLAIN_EVERY", 0.0)
    text = tmp_path / "a.txt"
    text.write_text("Talks resumed in the capital on Monday, officials said.")
    result = CliRunner().invoke(app, ["ingest", str(text), "--db", str(tmp_path / "c.db"),
                                      *options])
    assert result.exit_code == 0
    shown = [line for line in result.output.splitlines() if line.startswith("ingest: ")]
    assert bool(shown) == shows and all("articles/s" in s and "ETA" in s for s in shown)
