from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITROOM_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"


def shared_path(*parts: str) -> Path:  # noqa: D401
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus sits beside the project root)")
    return path


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The derived-data cache (`sitroom.cache`) of this run, shared by the processes the tests
    start: built once, never one left in the user's folder by an earlier version."""
    from sitroom.cache import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield Path(os.environ[CACHE_ENV])
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session")
def nlp():
    from sitroom.nlp import load_nlp

    return load_nlp()


def _store_urls() -> list[str]:
    urls = ["sqlite"]
    if os.environ.get("SITROOM_TEST_PG_URL"):
        urls.append("postgresql")
    return urls


@pytest.fixture(params=_store_urls())
def store(request, tmp_path):
    """An empty store: a SQLite file, and PostgreSQL too when SITROOM_TEST_PG_URL is set."""
    from sitroom.store import Store

    if request.param == "sqlite":
        db = Store(str(tmp_path / "test.db"))
    else:
        import sqlalchemy as sa

        url = os.environ["SITROOM_TEST_PG_URL"]
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        db = Store(url)
    yield db
    db.close()


# An article whose title, source and text try to run script in the pages that show them.
XSS = '<img src=x onerror="window.__xss=1">'
XSS_ARTICLE = {
    "id": "xss-test", "title": f"Pyongyang {XSS} denies troop reports",
    "source": "Evil <script>window.__xss=1</script> Wire", "published": "2024-10-26",
    "url": "javascript:window.__xss=1",
    "text": (f"North Korea denied sending troops to Russia on Saturday. {XSS} "
             "\"These reports are <script>window.__xss=1</script> lies,\" a spokesman said. "
             "Analysts say the denial could prompt further questions."),
}


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A database built from the bundled demo corpus plus XSS_ARTICLE, stories grouped."""
    import json

    from sitroom.batch import run
    from sitroom.cli import demo_corpus
    from sitroom.ingest import IngestOptions
    from sitroom.store import Store
    from sitroom.stories.stored import update_stories

    folder = tmp_path_factory.mktemp("demo")
    extra = folder / "xss.json"
    extra.write_text(json.dumps(XSS_ARTICLE), "utf-8")
    path = str(folder / "demo.db")
    store = Store(path)
    run(store, [str(demo_corpus()), str(extra)], IngestOptions(), analyse=True)
    update_stories(store)
    store.close()
    return path
