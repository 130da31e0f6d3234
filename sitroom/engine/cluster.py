"""Chunks analysed on a Dask cluster: an existing scheduler and its `dask worker` processes.

Dask is imported only here, only when a run names a scheduler (the `scale` extra). Each
chunk is one task (`work.analyse_chunk`); a worker process loads the pipeline on its first
chunk and keeps it (`load_nlp` is cached per process) for every later one. A task whose
worker dies is moved to another worker by the scheduler itself (up to its
`distributed.scheduler.allowed-failures`, 3 by default); a task that raises is tried
`retries` more times; after that the chunk is `Lost` and `order` splits it.
"""

from __future__ import annotations

from typing import Any

from ..errors import EngineError
from ..records import Article
from .local import AHEAD
from .order import Lost
from .work import Event, Setup, analyse_chunk, worker_version

INSTALL = "pip install 'sitroom[scale]'"
CONNECT_SECONDS = 30
WORKERS_SECONDS = 60


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise EngineError(f"--scheduler needs Dask distributed, which is not installed: "
                          f"{INSTALL}") from exc
    return distributed


class DaskCluster:
    """The workers of the Dask scheduler at `address` (`tcp://host:8786`)."""

    def __init__(self, address: str, setup: Setup | None = None, retries: int = 2) -> None:
        distributed = _distributed()
        self.killed = distributed.KilledWorker
        try:
            self.client = distributed.Client(address, timeout=CONNECT_SECONDS,
                                             set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"could not reach the Dask scheduler at {address}: {exc} "
                              "(is `dask scheduler` running there, and the port open?)"
                              ) from exc
        self.address, self.setup, self.retries = address, setup, retries
        self.version = self._check_workers()
        self.slots = AHEAD * max(1, sum(self.client.nthreads().values()))

    def _check_workers(self) -> str:
        """The analyser version every worker runs (the same as here, or an error)."""
        from ..pipeline import ANALYZER_VERSION

        try:
            self.client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError as exc:
            self.client.close()
            raise EngineError(f"no Dask worker joined the scheduler at {self.address} in "
                              f"{WORKERS_SECONDS} s (start some: `dask worker "
                              f"{self.address}`)") from exc
        try:
            versions = self.client.run(worker_version)
        except Exception as exc:  # noqa: BLE001 - the worker could not even import sitroom
            self.client.close()
            raise EngineError(f"the Dask workers at {self.address} cannot run sitroom "
                              f"({type(exc).__name__}: {exc}); install it on every worker "
                              "machine, the same version as here") from exc
        other = {w: v for w, v in versions.items() if v != ANALYZER_VERSION}
        if other:
            self.client.close()
            raise EngineError(
                f"Dask workers run another analyser version than this one "
                f"({ANALYZER_VERSION}): " + ", ".join(f"{w} has {v}" for w, v in other.items())
                + "; install the same sitroom everywhere")
        return ANALYZER_VERSION

    def submit(self, articles: tuple[Article, ...]) -> Any:
        return self.client.submit(analyse_chunk, articles, self.setup, self.version,
                                  pure=False, retries=self.retries)

    def result(self, handle: Any) -> list[Event]:
        try:
            events: list[Event] = handle.result()
        except self.killed as exc:
            raise Lost(str(exc)) from exc
        handle.release()
        return events

    def lost(self, handle: Any) -> bool:
        return bool(handle.status == "error" and isinstance(handle.exception(), self.killed))

    def recover(self) -> None:
        pass  # the scheduler has moved the others' tasks already

    def close(self, finished: bool = True) -> None:
        self.client.close()
