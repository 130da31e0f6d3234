"""The bad-input catalogue (benchmarks/bad_inputs.py): every case through `extract` in a
process of its own with a deadline, then all of them through one `analyze` beside good
articles already stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import ROOT

CASE_SECONDS = 60.0


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from benchmarks.bad_inputs import cases

    return [c for c in cases() if not c.heavy]


@pytest.mark.slow
def test_bad_inputs_each_case_is_a_clear_error_or_handled(catalogue, tmp_path):
    from benchmarks.bad_inputs import run_extract

    assert len(catalogue) >= 60
    wrong = []
    # two cases at a time: each is a process of its own, and the test waits on them
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(
            lambda item: run_extract(item[1], tmp_path / f"{item[0]:02d}",
                                     deadline=CASE_SECONDS * 2), enumerate(catalogue)))
    for case, outcome in zip(catalogue, outcomes, strict=True):
        expected_ok = case.expect == "either" or outcome.outcome == case.expect
        if outcome.outcome in ("crash", "hang") or not expected_ok or \
                outcome.seconds > CASE_SECONDS:
            wrong.append((case.name, case.expect, outcome))
        if outcome.outcome == "error":
            # the problem line names the input, escaped: one line, no raw control characters
            assert outcome.problem and not any(ord(ch) < 32 for ch in outcome.problem), case
    assert wrong == []


@pytest.mark.slow
def test_bad_inputs_analyze_keeps_the_good_articles(catalogue, tmp_path):
    from sitroom.store import Store

    good = tmp_path / "good"
    good.mkdir()
    texts = {}
    for n in range(3):
        text = (f"Report {n}. Officials in Kyiv said a strike hit a power station on Tuesday, "
                f"killing {n + 2} people. \"We will rebuild,\" the mayor said.")
        (good / f"good{n}.json").write_text(json.dumps({"id": f"good{n}", "text": text,
                                                        "source": "Wire"}), "utf-8")
        texts[f"good{n}"] = text
    db = str(tmp_path / "s.db")
    command = [sys.executable, "-m", "sitroom.cli", "analyze", "--db", db, "--processes", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run([*command, str(good)], capture_output=True, timeout=300, env=env)
    assert first.returncode == 0, first.stderr.decode()
    with Store(db) as store:
        before = {row["id"] for row in store.articles(limit=None)}
    targets = [str(case.build(_folder(tmp_path / "cases" / f"{n:02d}")))
               for n, case in enumerate(catalogue)]
    second = subprocess.run([*command, str(good), *targets], capture_output=True, timeout=900,
                            env=env)
    assert second.returncode in (0, 1) and b"Traceback" not in second.stderr, second.stderr
    with Store(db) as store:
        rows = store.articles(limit=None)
        assert before <= {row["id"] for row in rows}
        for article_id, text in texts.items():
            assert store.article(article_id).text == text  # stored once, unchanged
        assert [row["id"] for row in rows].count("good0") == 1
        assert store.problems(limit=1000)  # the bad inputs are recorded


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path
