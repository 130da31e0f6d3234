"""The derived-data cache: built once, read after, rebuilt when what it came from changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitroom import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "kept"))
    return tmp_path / "kept"


class Counted:
    def __init__(self, value: object) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


def test_cache_builds_once_then_reads(folder):
    build = Counted({"kyiv": [1, 2], "gaza": (3,)})
    first = cache.cached("places", build, "1")
    second = cache.cached("places", build, "1")
    assert build.calls == 1
    assert first == second == {"kyiv": [1, 2], "gaza": (3,)}
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["places"]


def test_cache_new_version_rebuilds_and_keeps_one_file(folder):
    build = Counted([1])
    cache.cached("places", build, "1")
    cache.cached("places", build, "2")
    cache.cached("others", Counted([2]), "1")
    assert build.calls == 2
    assert sorted(p.name.split("-")[0] for p in folder.iterdir()) == ["others", "places"]


def test_cache_off_builds_every_time(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    build = Counted("value")
    assert cache.cached("places", build) == cache.cached("places", build) == "value"
    assert build.calls == 2
    assert cache.folder() is None


def test_cache_damaged_file_is_rebuilt(folder):
    build = Counted(["right"])
    path = cache.path_for("places", "1")
    assert path is not None
    folder.mkdir()
    path.write_bytes(b"not a pickle")
    assert cache.cached("places", build, "1") == ["right"]
    assert build.calls == 1
    assert cache.cached("places", Counted(["other"]), "1") == ["right"]  # rewritten whole


def test_cache_unwritable_folder_still_gives_the_value(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "kept"))  # under a file: mkdir fails
    build = Counted(42)
    assert cache.cached("places", build) == 42
    assert cache.cached("places", build) == 42
    assert build.calls == 2


def test_cache_package_edit_changes_the_name(monkeypatch, tmp_path, folder):
    package = tmp_path / "package"
    package.mkdir()
    (package / "rows.tsv").write_text("a\tb\n")
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.package_stamp.cache_clear()
    try:
        before = cache.path_for("places")
        os.utime(package / "rows.tsv", ns=(1, 1))
        cache.package_stamp.cache_clear()
        assert cache.path_for("places") != before
        assert before is not None and before.parent == folder
    finally:
        cache.package_stamp.cache_clear()


def test_cache_default_folder_is_under_the_user_cache(monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert cache.folder() == Path("/somewhere/cache/sitroom")


def test_cache_gazetteers_and_tagger_read_back_equal_to_a_build(folder):
    import numpy as np

    from sitroom.actors import gazetteer as actors
    from sitroom.actors import places as index
    from sitroom.attribution import tagger
    from sitroom.geo import gazetteer as places

    for load, build in ((actors.load, actors._build_with_spacy), (places.load, places._build),
                        (index.place_index, index._build_index)):
        load.cache_clear()
        try:
            load()  # built and kept
            load.cache_clear()
            assert load() == build()  # read back
        finally:
            load.cache_clear()
    tagger.load_tagger.cache_clear()
    kept = tagger.load_tagger()
    tagger.load_tagger.cache_clear()
    again = tagger.load_tagger()
    assert again is not kept and again.vocab == kept.vocab and again.labels == kept.labels
    assert np.array_equal(again.sparse, kept.sparse) and np.array_equal(again.dense, kept.dense)
    assert sorted(p.name.split("-")[0] for p in folder.iterdir()) == \
        ["actor_gazetteer", "attribution_tagger", "place_gazetteer", "place_index"]


def test_cache_reads_only_the_users_own_files(folder, monkeypatch):
    build = Counted(["built"])
    cache.cached("places", build, "1")
    with monkeypatch.context() as patched:
        patched.setattr(cache.os, "getuid", lambda: os.getuid() + 1)  # as if another's file
        assert cache.cached("places", build, "1") == ["built"]
        assert build.calls == 2  # rebuilt, not read
    assert cache.cached("places", Counted(["other"]), "1") == ["built"]  # one's own: read
