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
