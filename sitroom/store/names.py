"""Actors found by the words of their names (migration 0008): `actor_words` holds each
word of an actor's name and id (as `search.words_of` splits them), so that a search finds
the actors with a word starting with the query's in an index range instead of matching
every actor's name against a pattern."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select, union

from .schema import actor_words, actors
from .search import words_of

CHUNK = 500
LAST = "\U0010ffff"  # after every character: "troop" ≤ w < "troop\U0010ffff" starts with it


def word_rows(rows: Iterable[Any]) -> list[dict[str, str]]:
    """The actor_words rows of actors given as (id, name) pairs."""
    return [{"word": word[:255], "actor_id": actor_id} for actor_id, name in rows
            for word in sorted(set(words_of(name or "")) | set(words_of(actor_id)))]


def replace_words(connection: Connection, rows: Iterable[Any]) -> None:
    """Put in the words of these actors ((id, name) pairs), instead of any they had."""
    pairs = list(rows)
    ids = [actor_id for actor_id, _ in pairs]
    for start in range(0, len(ids), CHUNK):
        connection.execute(delete(actor_words).where(
            actor_words.c.actor_id.in_(ids[start:start + CHUNK])))
    words = word_rows(pairs)
    if words:
        connection.execute(actor_words.insert(), words)


def rebuild_words(connection: Connection, chunk: int = 5000) -> None:
    """Fill actor_words again from every actor (migration 0008)."""
    connection.execute(delete(actor_words))
    last = ""
    while True:
        rows = connection.execute(select(actors.c.id, actors.c.name).where(actors.c.id > last)
                                  .order_by(actors.c.id).limit(chunk)).all()
        if not rows:
            return
        words = word_rows(rows)
        if words:
            connection.execute(actor_words.insert(), words)
        last = rows[-1][0]


def named_or_starting_with(named: Iterable[str], firsts: Iterable[str]) -> Any:
    """The condition on actors: one of `named`, or a word of its name or id starts with one
    of `firsts`. One list of candidate ids (a union), so that the database reads the
    words' index ranges and then those actors, not every actor testing each."""
    ranges = [and_(actor_words.c.word >= word, actor_words.c.word < word + LAST)
              for word in sorted(set(firsts))]
    return actors.c.id.in_(union(
        select(actor_words.c.actor_id).where(or_(*ranges)),
        select(actors.c.id).where(actors.c.id.in_(sorted(set(named))))))
