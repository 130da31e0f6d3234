"""The engine on Dask: a LocalCluster, and one real `dask scheduler` with two `dask worker`s."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.engine import analyze_parallel
from sitroom.errors import AnalysisFailed, EngineError

from . import engine_hooks
from .test_engine import TEXTS, _articles

distributed = pytest.importorskip("distributed")
runner = CliRunner()


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def one_process() -> list[dict]:
    return [a.to_dict() for a in analyze_parallel(_articles(), processes=1)]


def _run(scheduler: str, texts: list[str], setup=None) -> tuple[list, list]:
    problems: list = []
    out = analyze_parallel(_articles(texts), scheduler=scheduler, chunk_size=2, setup=setup,
                           on_problem=problems.append)
    return [a.to_dict() for a in out], [(type(p), p.where, p.reason) for p in problems]


def test_dask_cluster_gives_the_records_of_one_process(cluster, one_process):
    assert _run(cluster, TEXTS) == (one_process, [])


def test_dask_failed_article_is_reported_as_in_one_process(cluster, monkeypatch):
    monkeypatch.setattr(engine_hooks.pipeline, "STAGES", engine_hooks.pipeline.STAGES)
    texts = [*TEXTS[:2], "BREAK " + TEXTS[2], TEXTS[3]]
    problems: list = []
    one = [a.to_dict() for a in analyze_parallel(
        _articles(texts), setup=engine_hooks.break_marked, on_problem=problems.append)]
    expected = (one, [(type(p), p.where, p.reason) for p in problems])
    assert _run(cluster, texts, engine_hooks.break_marked) == expected
    assert [(kind, where) for kind, where, _ in expected[1]] == [(AnalysisFailed, "t2")]


def test_dask_killed_worker_chunk_is_retried(cluster, one_process, tmp_path):
    marker = tmp_path / "died"
    texts = [*TEXTS[:3], "KILL " + TEXTS[3]]
    analyses, problems = _run(cluster, texts, partial(engine_hooks.die_once, str(marker)))
    assert marker.exists() and problems == []
    assert [a["article"]["id"] for a in analyses] == ["t0", "t1", "t2", "t3"]
    assert analyses[:3] == one_process[:3]


def test_dask_without_distributed_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(EngineError, match=r"pip install 'sitroom\[scale\]'"):
        list(analyze_parallel(_articles(), scheduler="tcp://127.0.0.1:1"))


def test_dask_unreachable_scheduler_is_named(monkeypatch):
    import sitroom.engine.cluster

    monkeypatch.setattr(sitroom.engine.cluster, "CONNECT_SECONDS", 1)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(EngineError, match=f"could not reach the Dask scheduler at {address}"):
        list(analyze_parallel(_articles(), scheduler=address))


def test_dask_analyze_with_sqlite_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "a.txt"), "--db",
                                 str(tmp_path / "s.db"), "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "needs a PostgreSQL database" in result.output
    assert "postgresql+psycopg://" in result.output and "docker run" in result.output
    assert not (tmp_path / "s.db").exists()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _dask(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(Path(sys.executable).with_name("dask")), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.slow
def test_dask_extract_on_scheduler_and_workers_is_byte_identical(tmp_path, monkeypatch):
    import sitroom.engine

    for n, text in enumerate(TEXTS):
        (tmp_path / f"{n:02d}.txt").write_text(text, encoding="utf-8")
    files = [str(p) for p in sorted(tmp_path.glob("*.txt"))]
    address = f"tcp://127.0.0.1:{_free_port()}"
    processes = [_dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":")[-1],
                       "--no-dashboard")]
    try:
        time.sleep(1)
        processes += [_dask("worker", address, "--nthreads", "1", "--nworkers", "1",
                            "--no-dashboard", "--host", "127.0.0.1") for _ in range(2)]
        monkeypatch.setattr(sitroom.engine, "CHUNK_SIZE", 3)  # several tasks, both workers
        on_cluster = runner.invoke(app, ["extract", "--scheduler", address, *files])
        local = runner.invoke(app, ["extract", *files])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    assert local.exit_code == on_cluster.exit_code == 0, on_cluster.output
    assert on_cluster.stdout_bytes == local.stdout_bytes
    assert local.stdout.count("\n") == len(TEXTS)
