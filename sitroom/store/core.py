"""The store: the only module that speaks SQL.

A SQLite file by default, PostgreSQL by URL (`postgresql+psycopg://…`), through the same
code. Keys come from content hashes, so storing the same input twice changes nothing; each
batch is written in one transaction, so an interrupted run leaves no half-stored article.

Several processes may write one database at once: every write transaction takes the
database's write lock first (SQLite `BEGIN IMMEDIATE`, waiting up to `BUSY_TIMEOUT_MS`;
PostgreSQL a transaction advisory lock), so what it reads stays true until it commits, and
a batch planned before another writer stored the same articles is planned again under the
lock. Creating or migrating the schema takes the same kind of lock.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    make_url,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError

from ..errors import InputError, NotFound, StoreError
from ..ingest.dedup import (
    Deduplicator,
    minhash_from_bytes,
    minhash_of,
    signature_bytes,
    text_hash,
)
from ..pipeline import ANALYZER_VERSION
from ..records import Article, ArticleAnalysis
from . import search as search_terms
from .findings import MAX_QUERY, FindingStore, dated, write_findings
from .schema import (
    analyses,
    articles,
    ingest_errors,
    outlets,
    settings,
    stories,
    story_articles,
    texts,
)

MIGRATIONS = Path(__file__).with_name("migrations")
# How long a SQLite connection waits for another process's lock before failing.
BUSY_TIMEOUT_MS = 60_000
# PostgreSQL's search snippets are made from this many leading characters of a hit's text
# when a matched word is among them (`_headlines`)
SNIPPET_WINDOW = 3000
SQLITE_CACHE_KB = 65_536  # page cache per SQLite connection
# PostgreSQL advisory lock keys (one per kind of work that takes turns across processes).
LOCK_KEYS = {"write": 0x517E_0001, "migrate": 0x517E_0002, "stories": 0x517E_0003}


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db`: URLs pass through, anything else is a SQLite file path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}" if db != ":memory:" else "sqlite://"


def article_key(digest: str, source: str | None, url: str | None) -> str:
    """The content key of an article: its text, its outlet and its address."""
    return hashlib.sha256(f"{digest}\x1f{source or ''}\x1f{url or ''}".encode()).hexdigest()


@dataclass(frozen=True)
class Planned:
    """What storing one article will do, worked out before the transaction."""

    article: Article
    key: str
    digest: str
    status: str  # "new" | "duplicate" (new, but a copy of a stored text) | "stored"
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    minhash: bytes | None = None
    needs_analysis: bool = True
    given_id: str | None = None  # the id the input asked for (`article.id` may differ)


class Locks:
    """Taking turns with other processes on one database (mixed into Store)."""

    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def _writing(self, lock: str = "write") -> Iterator[Connection]:
        """A transaction that holds the database's `lock` from its first statement, so that
        what it reads stays true until it commits (SQLite: BEGIN IMMEDIATE, the one write
        lock, waited for up to `BUSY_TIMEOUT_MS`; PostgreSQL: an advisory transaction lock,
        waited for as long as it takes)."""
        with self.engine.begin() as connection:
            if self.dialect == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif self.dialect == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": LOCK_KEYS[lock]})
            yield connection

    @contextmanager
    def taking_turns(self, lock: str) -> Iterator[None]:
        """Hold `lock` across several transactions (read, work, write), so that two
        processes doing the same work on one database do it one after the other: a
        lock file beside a SQLite database, a session advisory lock on PostgreSQL."""
        if self.dialect == "postgresql":
            with self.engine.connect() as connection:
                key = {"key": LOCK_KEYS[lock]}
                connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
                    connection.commit()
            return
        path = self.engine.url.database if self.dialect == "sqlite" else None
        if not path or path == ":memory:":
            yield  # one process only
            return
        with _file_lock(Path(f"{path}-{lock}.lock")):
            yield


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (created when missing), released when the block ends or
    the process dies; where the platform has no flock, no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class StoryStore(Locks):
    """Stored stories (mixed into Store): the grouping state, its assignments, listings."""

    def unstoried(self, limit: int | None = None) -> list[Article]:
        """Stored articles not yet in a story, oldest first (at most `limit`)."""
        query = (
            select(articles, texts.c.text)
            .join(texts, texts.c.hash == articles.c.text_hash)
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .where(story_articles.c.article_id.is_(None))
            .order_by(articles.c.published, articles.c.id)
        )
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [Article(id=r["id"], text=r["text"], title=r["title"], source=r["source"],
                        url=r["url"], published=r["published"], author=r["author"],
                        language=r["language"], origin=r["origin"]) for r in rows]

    def story_state(self, since: str | None = None):  # type: ignore[no-untyped-def]
        """(stories last seen on or after `since`, document frequencies) to group new
        articles against."""
        from ..stories import DocumentFrequencies, Story

        query = select(stories)
        if since:
            query = query.where((stories.c.last >= since) | stories.c.last.is_(None))
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            df_row = connection.execute(
                select(settings.c.value).where(settings.c.key == "story_df")).scalar()
        loaded = []
        for row in rows:
            story = Story(row["id"], members=[],
                          total={int(k): v for k, v in row["total"].items()},
                          centroid={int(k): v for k, v in row["centroid"].items()},
                          first=row["first"], last=row["last"], size=row["size"])
            loaded.append(story)
        df = DocumentFrequencies()
        if df_row:
            df.n = int(df_row["n"])
            df.df.update({int(k): v for k, v in df_row["df"].items()})
        return loaded, df

    def save_stories(self, grouped, assignments: dict[str, str], titles: dict[str, str],  # type: ignore[no-untyped-def]
                     df) -> None:
        """Store grown and new stories and the new articles' places, in one transaction."""
        now = datetime.now(UTC)
        try:
            with self._writing() as connection:
                for story in grouped:
                    added = sum(1 for sid in assignments.values() if sid == story.id)
                    size = story.size + added
                    values = {
                        "first": story.first,
                        "last": story.last, "size": size,
                        "centroid": {str(k): v for k, v in story.centroid.items()},
                        "total": {str(k): v for k, v in story.total.items()},
                        "updated_at": now,
                    }
                    if titles.get(story.id):
                        values["title"] = titles[story.id]
                    updated = connection.execute(
                        stories.update().where(stories.c.id == story.id).values(**values))
                    if updated.rowcount == 0:
                        connection.execute(stories.insert().values(id=story.id, **values))
                    story.size = size
                if assignments:
                    connection.execute(story_articles.insert(), [
                        {"article_id": a, "story_id": s} for a, s in assignments.items()])
                value = {"n": df.n, "df": {str(k): v for k, v in df.df.items()}}
                if connection.execute(settings.update().where(settings.c.key == "story_df")
                                      .values(value=value)).rowcount == 0:
                    connection.execute(settings.insert().values(key="story_df", value=value))
        except SQLAlchemyError as exc:
            raise StoreError(f"stories not stored, nothing of them was kept "
                             f"({str(exc).splitlines()[0]})") from exc

    def stories(self, limit: int | None = 50) -> list[dict[str, Any]]:
        """Stored stories, latest first, with their article ids."""
        query = select(stories.c.id, stories.c.title, stories.c.first, stories.c.last,
                       stories.c.size).order_by(stories.c.last.desc(), stories.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            rows = [dict(r) for r in connection.execute(query).mappings()]
            for row in rows:
                row["articles"] = list(connection.execute(
                    select(story_articles.c.article_id)
                    .join(articles, articles.c.id == story_articles.c.article_id)
                    .where(story_articles.c.story_id == row["id"])
                    .order_by(articles.c.published, articles.c.id)).scalars())
        return rows

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """Article id → its story id, for those of `article_ids` in a story."""
        ids = list(article_ids)
        if not ids:
            return {}
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(story_articles.c.article_id, story_articles.c.story_id)
                .where(story_articles.c.article_id.in_(ids))).all()
        return {row[0]: row[1] for row in rows}

    def story_title(self, story_id: str) -> str | None:
        with self.engine.connect() as connection:
            return connection.execute(
                select(stories.c.title).where(stories.c.id == story_id)).scalar()

    def story_members(self, story_id: str) -> list[str]:
        with self.engine.connect() as connection:
            members = list(connection.execute(
                select(story_articles.c.article_id)
                .where(story_articles.c.story_id == story_id)).scalars())
        if not members:
            raise NotFound(f"no story {story_id!r} in this database")
        return members

    def copies(self, among: Iterable[str] | None = None) -> dict[str, str]:
        """Article id → the article it copies, for every stored copy (or those `among`)."""
        query = select(articles.c.id, articles.c.duplicate_of).where(
            articles.c.duplicate_of.is_not(None))
        if among is not None:
            query = query.where(articles.c.id.in_(list(among)))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return {row[0]: row[1] for row in rows}


class Store(StoryStore, FindingStore):
    """An open sitroom database."""

    def __init__(self, db: str = "sitroom.db", *, engine: Engine | None = None) -> None:
        url = database_url(db)
        # what messages and listings show: never a password given in the URL
        self.url = re.sub(r"(//[^:/@]*:)[^@/]*@", r"\1***@", url)
        try:
            self.url = make_url(url).render_as_string(hide_password=True)
            self.engine = engine or create_engine(url)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self.migrate()
        except SQLAlchemyError as exc:
            reason = str(exc).splitlines()[0].replace(url, self.url)
            raise StoreError(f"{self.url}: could not open the database "
                             f"({exc.__class__.__name__}: {reason})") from exc
        self._dedup: Deduplicator | None = None

    def migrate(self) -> None:
        """Bring the schema to the newest migration. A database at the newest one is only
        read; otherwise the migrations run in one transaction under the "migrate" lock, so
        that two processes creating one database at once create it once."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        heads = set(ScriptDirectory.from_config(config).get_heads())
        with self.engine.connect() as connection:
            if set(MigrationContext.configure(connection).get_current_heads()) == heads:
                return
        with self._writing("migrate") as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    def deduplicator(self, connection: Connection | None = None) -> Deduplicator:
        """The near-duplicate index over every stored original text, loaded once (through
        `connection` when given)."""
        if self._dedup is None and connection is not None:
            self._dedup = _load_deduplicator(connection)
        elif self._dedup is None:
            with self.engine.connect() as own:
                self._dedup = _load_deduplicator(own)
        return self._dedup

    def plan(self, batch: Iterable[Article], analyse: bool = False) -> list[Planned]:
        """Decide, for each article of a batch, whether it is new, a copy, or stored already."""
        with self.engine.connect() as connection:
            return self._plan(connection, list(batch), analyse)

    def _plan(self, connection: Connection, batch: list[Article],
              analyse: bool) -> list[Planned]:
        digests = [text_hash(a.text) for a in batch]
        keys = [article_key(d, a.source, a.url) for d, a in zip(digests, batch, strict=True)]
        stored = dict(connection.execute(
            select(articles.c.key, articles.c.id).where(articles.c.key.in_(set(keys)))
        ).all())
        analysed = set(connection.execute(
            select(analyses.c.article_id).where(
                analyses.c.article_id.in_(set(stored.values())),
                analyses.c.version == ANALYZER_VERSION,
            )
        ).scalars()) if stored else set()
        taken = set(connection.execute(
            select(articles.c.id).where(articles.c.id.in_({a.id for a in batch}))
        ).scalars())
        dedup = self.deduplicator(connection)
        plans: list[Planned] = []
        planned_keys: dict[str, str] = {}
        for article, digest, key in zip(batch, digests, keys, strict=True):
            if key in stored or key in planned_keys:
                article_id = stored.get(key) or planned_keys[key]
                plans.append(Planned(
                    replace(article, id=article_id), key, digest, "stored",
                    needs_analysis=analyse and key in stored and article_id not in analysed,
                    given_id=article.id,
                ))
                continue
            article_id = article.id
            if article_id in taken or article_id in planned_keys.values():
                article_id = f"{article.id}~{key[:8]}"
            minhash = minhash_of(article.text)
            match = dedup.match(digest, minhash)
            plans.append(Planned(
                replace(article, id=article_id), key, digest,
                "duplicate" if match else "new",
                duplicate_of=match[1] if match else None,
                duplicate_kind=match[0] if match else None,
                minhash=signature_bytes(minhash) if minhash is not None else None,
                needs_analysis=analyse,
                given_id=article.id,
            ))
            planned_keys[key] = article_id
            if match is None:
                dedup.add(article_id, digest, minhash)
        return plans

    def write(self, plans: Iterable[Planned], results: Iterable[ArticleAnalysis] = (),
              problems: Iterable[InputError] = ()) -> None:
        """Store a planned batch, its analyses and its problems in one transaction."""
        now = datetime.now(UTC)
        plans, results = list(plans), list(results)
        try:
            with self._writing() as connection:
                if self._overtaken(connection, plans):
                    plans, results = self._replan(connection, plans, results)
                new = [p for p in plans if p.status != "stored"]
                self._insert_texts(connection, new)
                if new:
                    connection.execute(articles.insert(), [
                        {
                            "id": p.article.id, "key": p.key, "text_hash": p.digest,
                            "title": p.article.title, "source": p.article.source,
                            "url": p.article.url, "published": p.article.published,
                            "author": p.article.author, "origin": p.article.origin,
                            "language": p.article.language, "duplicate_of": p.duplicate_of,
                            "duplicate_kind": p.duplicate_kind, "ingested_at": now,
                        }
                        for p in new
                    ])
                    self._index(connection, [p.article for p in new])
                    _count_outlets(connection, [p.article.source for p in new])
                self._save_analyses(connection, results, now)
                self._record_problems(connection, list(problems), now)
        except SQLAlchemyError as exc:
            self._dedup = None  # the index may now hold articles that were rolled back
            raise StoreError(f"{self.url}: batch not stored, nothing of it was kept "
                             f"({str(exc).splitlines()[0]})") from exc

    @staticmethod
    def _overtaken(connection: Connection, plans: list[Planned]) -> bool:
        """Whether another writer has stored, since `plans` were made, an article with the
        key or the id one of them means to insert, or the text of one planned as an
        original (it is a copy now)."""
        new = [p for p in plans if p.status != "stored"]
        if not new:
            return False
        keys = {p.key for p in new}
        ids = {p.article.id for p in new}
        originals = {p.digest for p in new if p.status == "new"}
        return connection.execute(
            select(articles.c.id).where(articles.c.key.in_(keys) | articles.c.id.in_(ids)
                                        | articles.c.text_hash.in_(originals))
            .limit(1)
        ).first() is not None

    def _replan(self, connection: Connection, plans: list[Planned],
                results: list[ArticleAnalysis]) -> tuple[list[Planned], list[ArticleAnalysis]]:
        """Plan the batch again under the write lock; each analysis follows its article to
        the id it has now (the one another writer stored it under)."""
        self._dedup = None  # it holds this batch as planned before, and misses the other's
        fresh = self._plan(connection, [replace(p.article, id=p.given_id or p.article.id)
                                        for p in plans], analyse=False)
        moved = {old.article.id: new.article for old, new in zip(plans, fresh, strict=True)}
        kept = {}
        for result in results:
            article = moved.get(result.article.id, result.article)
            kept[article.id] = replace(result, article=article)
        return fresh, list(kept.values())

    def _insert_texts(self, connection: Connection, plans: list[Planned]) -> None:
        wanted = {p.digest: p for p in plans}
        if not wanted:
            return
        present = set(connection.execute(
            select(texts.c.hash).where(texts.c.hash.in_(set(wanted)))
        ).scalars())
        rows = [
            {"hash": d, "text": p.article.text, "chars": len(p.article.text),
             "minhash": p.minhash}
            for d, p in wanted.items() if d not in present
        ]
        if rows:
            connection.execute(texts.insert(), rows)

    def _index(self, connection: Connection, batch: list[Article]) -> None:
        rows = [{"id": a.id, "title": a.title or "", "body": a.text} for a in batch]
        if self.dialect == "postgresql":
            connection.execute(text(
                "INSERT INTO article_search (article_id, document) VALUES (:id, "
                "setweight(to_tsvector('english', :title), 'A') || "
                "setweight(to_tsvector('english', :body), 'B'))"
            ), rows)
        else:
            connection.execute(text(
                "INSERT INTO article_search (article_id, title, body) VALUES (:id, :title, :body)"
            ), rows)

    def _save_analyses(self, connection: Connection, results: list[ArticleAnalysis],
                       now: datetime) -> None:
        if not results:
            return
        ids = [r.article.id for r in results]
        dicts = [r.to_dict() for r in results]
        connection.execute(analyses.delete().where(analyses.c.article_id.in_(ids)))
        connection.execute(analyses.insert(), [
            {"article_id": r.article.id, "version": ANALYZER_VERSION, "created_at": now,
             "data": data}
            for r, data in zip(results, dicts, strict=True)
        ])
        write_findings(connection, dicts)

    def _record_problems(self, connection: Connection, problems: list[InputError],
                         now: datetime) -> None:
        for problem in problems:
            where = {"origin": problem.where, "reason": problem.reason}
            updated = connection.execute(
                ingest_errors.update()
                .where(ingest_errors.c.origin == problem.where,
                       ingest_errors.c.reason == problem.reason)
                .values(last_seen=now, count=ingest_errors.c.count + 1)
            )
            if updated.rowcount == 0:
                connection.execute(ingest_errors.insert().values(
                    **where, code=problem.code, first_seen=now, last_seen=now, count=1,
                    kind=problem.kind,
                ))

    def record_problems(self, problems: Iterable[InputError]) -> None:
        """Store problems met outside a batch (e.g. a path that does not exist)."""
        self.write([], [], problems)

    # -- reading -----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as connection:
            def count(table: Any, *where: Any) -> int:
                return connection.execute(
                    select(func.count()).select_from(table).where(*where)
                ).scalar_one()

            return {
                "articles": count(articles),
                "texts": count(texts),
                "duplicates": count(articles, articles.c.duplicate_of.is_not(None)),
                "analysed": count(analyses, analyses.c.version == ANALYZER_VERSION),
                "sources": connection.execute(
                    select(func.count(func.distinct(articles.c.source)))
                ).scalar_one(),
                "problems": count(ingest_errors),
            }

    def articles(self, *, limit: int | None = 50, offset: int = 0, source: str | None = None,
                 since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """Article metadata (no text), newest first."""
        query = (
            select(articles, texts.c.chars,
                   (analyses.c.version == ANALYZER_VERSION).label("analysed"))
            .join(texts, texts.c.hash == articles.c.text_hash)
            .outerjoin(analyses, analyses.c.article_id == articles.c.id)
            .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
            .offset(offset)
        )
        if limit is not None:
            query = query.limit(limit)
        if source:
            query = query.where(articles.c.source == source)
        query = dated(query, articles, since, until)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def article(self, article_id: str) -> Article:
        """The stored article with this id (or a unique id prefix)."""
        row = self._article_row(article_id)
        return Article(
            id=row["id"], text=row["text"], title=row["title"], source=row["source"],
            url=row["url"], published=row["published"], language=row["language"],
            author=row["author"], origin=row["origin"],
        )

    def article_info(self, article_id: str) -> dict[str, Any]:
        """Everything stored about one article: metadata, text, copies, analysis version."""
        row = self._article_row(article_id)
        with self.engine.connect() as connection:
            row["copies"] = [dict(r) for r in connection.execute(
                select(articles.c.id, articles.c.source, articles.c.duplicate_kind)
                .where(articles.c.duplicate_of == row["id"])
            ).mappings()]
            row["analysis_version"] = connection.execute(
                select(analyses.c.version).where(analyses.c.article_id == row["id"])
            ).scalar_one_or_none()
        return row

    def _article_row(self, article_id: str) -> dict[str, Any]:
        base = select(articles, texts.c.text).join(texts, texts.c.hash == articles.c.text_hash)
        with self.engine.connect() as connection:
            row = connection.execute(base.where(articles.c.id == article_id)).mappings().first()
            if row is None:
                escaped = re.sub(r"([\\%_])", r"\\\1", article_id)
                rows = connection.execute(
                    base.where(articles.c.id.like(escaped + "%", escape="\\")).limit(2)
                ).mappings().all()
                if len(rows) == 1:
                    row = rows[0]
                elif rows:
                    raise NotFound(f"{article_id!r} matches several articles; give more of it")
        if row is None:
            raise NotFound(f"no article {article_id!r} in {self.url}")
        return dict(row)

    def analysis(self, article_id: str) -> ArticleAnalysis:
        """The stored analysis of one article."""
        article = self.article(article_id)
        with self.engine.connect() as connection:
            data = connection.execute(
                select(analyses.c.data).where(analyses.c.article_id == article.id)
            ).scalar_one_or_none()
        if data is None:
            raise NotFound(f"article {article.id!r} is stored but not analysed yet "
                           f"(run `sitroom analyze` on it)")
        return ArticleAnalysis.from_dict(data)

    def analyses_of(self, article_ids: Iterable[str]) -> list[ArticleAnalysis]:
        """The stored analyses of these articles, in the order given (unanalysed ones
        left out)."""
        ids = list(article_ids)
        with self.engine.connect() as connection:
            found = dict(connection.execute(
                select(analyses.c.article_id, analyses.c.data)
                .where(analyses.c.article_id.in_(ids))).all())
        return [ArticleAnalysis.from_dict(found[i]) for i in ids if i in found]

    def iter_analyses(self) -> Iterator[ArticleAnalysis]:
        with self.engine.connect() as connection:
            for data in connection.execute(
                select(analyses.c.data).order_by(analyses.c.article_id)
            ).scalars():
                yield ArticleAnalysis.from_dict(data)

    def problems(self, limit: int = 100) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(
                select(ingest_errors).order_by(ingest_errors.c.last_seen.desc(),
                                               ingest_errors.c.id).limit(limit)
            ).mappings()]

    def search(self, query: str, limit: int = 20,
               snippets: bool = True) -> list[dict[str, Any]]:
        """Articles matching `query` (words, "quoted phrases", each in any of its known
        spellings), best first, each once (exact copies folded in as `copies`), with a
        snippet in plain text and the offsets of its matched words (`marks`); without
        `snippets`, the hits alone (no text is read: what a filter by the hits needs)."""
        terms = search_terms.expanded(query[:MAX_QUERY])
        if not terms:
            return []
        with self.engine.connect() as connection:
            if self.dialect == "postgresql":
                tsquery, params = search_terms.pg_tsquery(terms)
                hits = search_terms.article_hits(
                    _pg_ranked(connection, tsquery, params, 2 * limit), limit)
                if snippets:
                    _headlines(connection, hits, tsquery, params)
                return hits
            match = search_terms.fts5_query(terms)
            rows = _fts5_ranked(connection, match, 2 * limit)
            rowids: dict[str, int] = {}
            for row in rows:
                rowids.setdefault(row["id"], row.pop("rowid"))
                del row["score"]
            hits = search_terms.article_hits(rows, limit)
            if snippets:
                _snippets(connection, hits, match, rowids)
            return hits


ARTICLE_COLUMNS = "a.id, a.title, a.source, a.published, a.duplicate_of"
ARTICLE_RANK = "bm25(article_search, 0, 4.0, 1.0)"  # a title word weighs four of the body


def _pg_ranked(connection: Connection, tsquery: str, params: dict[str, Any],
               n: int) -> list[dict[str, Any]]:
    """The best `n` articles matching `tsquery` (`search.pg_tsquery`'s), by `ts_rank` then
    id: ranked in article_search alone, the `n` kept then joined to their articles (no
    search row lacks its article: its key cascades)."""
    search_terms.pg_by_index(connection)
    return [dict(row) for row in connection.execute(text(
        f"SELECT {ARTICLE_COLUMNS} FROM (SELECT article_id, ts_rank(document, q) AS score "
        f"FROM article_search, (SELECT {tsquery} AS q) query WHERE document @@ q "
        "ORDER BY score DESC, article_id LIMIT :limit) s "
        "JOIN articles a ON a.id = s.article_id ORDER BY s.score DESC, a.id"),
        {**params, "limit": n}).mappings()]


def _fts5_ranked(connection: Connection, match: str, n: int) -> list[dict[str, Any]]:
    """The best `n` rows of article_search matching `match` (FTS5) with their articles, by
    `ARTICLE_RANK` then id, each with its `rowid` and `score`: the best scores found first
    (`search.fts5_best`), then the articles of those rows read and sorted here. Should a
    search row have lost its article, the articles are joined to every match (the best `n`
    with an article may score worse)."""
    best = search_terms.fts5_best(connection, "article_search", ARTICLE_RANK, match, n)
    rows = search_terms.by_rowid(connection, (
        f"SELECT article_search.rowid, {ARTICLE_COLUMNS} FROM article_search LEFT JOIN "
        "articles a ON a.id = article_search.article_id WHERE article_search.rowid IN :rowids"),
        best)
    if any(row["id"] is None for row in rows):
        return [dict(row) for row in connection.execute(text(
            f"SELECT article_search.rowid, {ARTICLE_RANK} AS score, {ARTICLE_COLUMNS} "
            "FROM article_search JOIN articles a ON a.id = article_search.article_id "
            "WHERE article_search MATCH :q ORDER BY score, a.id LIMIT :n"),
            {"q": match, "n": n}).mappings()]
    for row in rows:
        row["score"] = best[row["rowid"]]
    return sorted(rows, key=lambda row: (row["score"], row["id"]))[:n]


def _snippets(connection: Connection, hits: list[dict[str, Any]], match: str,
              rowids: dict[str, int]) -> None:
    """SQLite's snippets of the hits kept (`rowids`: each hit's search row), once they are
    ranked and folded: FTS5 makes each from the row's text and the matched phrases."""
    raw = {row["rowid"]: row["snippet"] for row in search_terms.by_rowid(connection, (
        "SELECT rowid, snippet(article_search, 2, :start, :stop, '…', 14) AS snippet "
        "FROM article_search WHERE article_search MATCH :q AND rowid IN :rowids"),
        (rowids[hit["id"]] for hit in hits),
        {"q": match, "start": search_terms.START, "stop": search_terms.STOP})}
    for hit in hits:
        hit["snippet"], hit["marks"] = search_terms.marked(raw.get(rowids[hit["id"]]))


def _count_outlets(connection: Connection, sources: list[str | None]) -> None:
    """Count newly stored articles into their outlets' rows (migration 0013)."""
    added = Counter(source for source in sources if source)
    if not added:
        return
    keys = sorted(added)
    was = dict(connection.execute(  # type: ignore[arg-type]
        select(outlets.c.source, outlets.c.articles).where(outlets.c.source.in_(keys))).all())
    connection.execute(delete(outlets).where(outlets.c.source.in_(keys)))
    connection.execute(outlets.insert(), [{"source": key, "articles": was.get(key, 0) + n}
                                          for key, n in added.items()])


def _headlines(connection: Connection, hits: list[dict[str, Any]], tsquery: str,
               params: dict[str, Any]) -> None:
    """PostgreSQL's snippets (`ts_headline`, which reads the whole text) of the hits kept,
    once they are ranked and folded (not of every row read to rank them); `tsquery` and
    `params` as `search.pg_tsquery` gives them."""
    options = (f"MaxWords=18, MinWords=6, StartSel={search_terms.START}, "
               f"StopSel={search_terms.STOP}")
    raw: dict[str, str] = {}
    # ts_headline parses all it is given, and the best-ranked hits are the longest texts:
    # the snippet comes from the text's first SNIPPET_WINDOW characters where a matched
    # word is among them, from the whole text where none is
    for window in (SNIPPET_WINDOW, None):
        ids = [hit["id"] for hit in hits if search_terms.START not in raw.get(hit["id"], "")]
        if not ids:
            break
        body = "t.text" if window is None else f"left(t.text, {window})"
        raw |= dict(connection.execute(text(  # type: ignore[arg-type]
            f"SELECT a.id, ts_headline('english', {body}, {tsquery}, :options) "
            "FROM articles a JOIN texts t ON t.hash = a.text_hash WHERE a.id = ANY(:ids)"),
            {**params, "options": options, "ids": ids}).all())
    for hit in hits:
        hit["snippet"], hit["marks"] = search_terms.marked(raw.get(hit["id"]))


def _load_deduplicator(connection: Connection) -> Deduplicator:
    dedup = Deduplicator()
    query = (
        select(articles.c.id, articles.c.text_hash, texts.c.minhash)
        .join(texts, texts.c.hash == articles.c.text_hash)
        .where(articles.c.duplicate_of.is_(None))
        .order_by(articles.c.ingested_at, articles.c.id)
    )
    for article_id, digest, blob in connection.execute(query):
        dedup.add(article_id, digest, minhash_from_bytes(blob) if blob else None)
    return dedup


def _wal_journal(cursor: Any) -> None:
    """Put the file in WAL mode, once: the mode is kept in the file, so a connection to a file
    already in WAL only reads it. Changing the mode needs the file to itself, and SQLite may
    answer "database is locked" at once, without its busy handler, while other processes open
    the same new file; that answer is retried until `BUSY_TIMEOUT_MS`."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _wal_journal(cursor)
    # Under WAL, NORMAL syncs at checkpoints, not at every commit (still never corrupts);
    # a 64 MB page cache keeps a large file's index pages from being read again each batch.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
    cursor.close()
