"""What a search query asks for and how its hits are shown, on SQLite and PostgreSQL alike.

A query is user words and "quoted phrases"; each becomes a term (a tuple of lower-case words).
A term in which a known spelling occurs (`data/spelling_variants.tsv`: "ceasefire",
"cease-fire", "cease fire"; "Kyiv", "Kiev") also matches the term with the other spellings.
Snippets come back from the database with START/STOP around each matched word; `marked`
turns that into plain text and the offsets of the matched stretches, so nothing shows
markup literally. Hits are folded so that each is listed once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice, product
from typing import Any

from sqlalchemy import Connection, bindparam, text

from ..tables import data_rows

Words = tuple[str, ...]

START, STOP = "\x02", "\x03"  # snippet markers: control characters no article text keeps
MAX_ALTERNATIVES = 8  # spellings tried per term
TIE_ROOM = 1000  # FTS5 rows read past the n-th best in the first pass (exact copies tie)
ROWIDS_AT_ONCE = 500  # rowids asked for in one statement (SQLite allows 32,766 parameters)


def words_of(text: str) -> Words:
    return tuple(re.findall(r"\w+", text.lower()))


@lru_cache(maxsize=1)
def variant_groups() -> dict[Words, tuple[Words, ...]]:
    """Each known spelling (as words) → every spelling of its group, in the file's order."""
    groups: dict[Words, tuple[Words, ...]] = {}
    for spellings, _kind in data_rows("spelling_variants.tsv", 2):
        forms = tuple(dict.fromkeys(w for w in map(words_of, spellings.split("|")) if w))
        for form in forms:
            groups[form] = forms
    return groups


def query_terms(query: str) -> list[Words]:
    """The user's words and "phrases", each as its words (punctuation dropped)."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        words = words_of(phrase or word)
        if words:
            terms.append(words)
    return _joined(terms)


def _joined(terms: list[Words]) -> list[Words]:
    """Neighbouring terms that together are a known spelling ("cease fire") as one term."""
    longest = max(map(len, variant_groups()), default=1)
    joined: list[Words] = []
    i = 0
    while i < len(terms):
        for size in range(min(longest, len(terms) - i), 1, -1):
            words = tuple(w for term in terms[i:i + size] for w in term)
            if _respellings(words):
                joined.append(words)
                i += size
                break
        else:
            joined.append(terms[i])
            i += 1
    return joined


def _respellings(stretch: Words) -> tuple[Words, ...] | None:
    """The spellings of `stretch` (itself first), a plural's as plurals; None if unknown."""
    groups = variant_groups()
    if stretch in groups:
        return (stretch, *(f for f in groups[stretch] if f != stretch))
    last = stretch[-1]
    if len(last) > 3 and last.endswith("s") and stretch[:-1] + (last[:-1],) in groups:
        found = _respellings(stretch[:-1] + (last[:-1],)) or ()
        return tuple(f[:-1] + (f[-1] + "s",) for f in found)
    return None


def alternatives(term: Words) -> list[Words]:
    """The term and its respellings (the term itself first), at most MAX_ALTERNATIVES."""
    longest = max(map(len, variant_groups()), default=1)
    pieces: list[tuple[Words, ...]] = []
    i = 0
    while i < len(term):
        for size in range(min(longest, len(term) - i), 0, -1):
            found = _respellings(term[i:i + size])
            if found:
                pieces.append(found)
                i += size
                break
        else:
            pieces.append((term[i:i + 1],))
            i += 1
    combos = islice(product(*pieces), MAX_ALTERNATIVES)
    return list(dict.fromkeys(tuple(w for part in combo for w in part) for combo in combos))


def expanded(query: str) -> list[list[Words]]:
    """Each term of the query with its alternatives."""
    return [alternatives(term) for term in query_terms(query)]


def fts5_query(terms: list[list[Words]]) -> str:
    """An FTS5 MATCH expression: every term, each as any of its spellings (quoted phrases,
    so no word of the user's is read as an operator)."""
    return " AND ".join(
        "(" + " OR ".join(f'"{" ".join(words)}"' for words in alts) + ")" for alts in terms)


def fts5_best(connection: Connection, table: str, score: str, match: str,
              n: int) -> dict[int, float]:
    """The rows of FTS5 `table` matching `match` with the `n` best (lowest) `score`s, and
    every further row tied with the n-th, however ties are broken: rowid → score. Only the
    score of each match is computed (sorting every match by score and a stored column, such
    as the id that breaks ties, reads that column for every match: most of a common word's
    search at 100,000 articles); `TIE_ROOM` rows past the n-th are read in the same pass, a
    second pass reads the ties when they are more."""
    if n <= 0:
        return {}
    scored = f"SELECT rowid, {score} AS score FROM {table} WHERE {table} MATCH :q"
    rows = connection.execute(text(f"{scored} ORDER BY score LIMIT :room"),
                              {"q": match, "room": n + TIE_ROOM}).all()
    if len(rows) < n:
        return dict(rows)  # type: ignore[arg-type]
    last = rows[n - 1][1]
    if len(rows) == n + TIE_ROOM and rows[-1][1] <= last:
        rows = connection.execute(text(f"SELECT rowid, score FROM ({scored}) "
                                       "WHERE score <= :last"), {"q": match, "last": last}).all()
    return {rowid: value for rowid, value in rows if value <= last}


def by_rowid(connection: Connection, sql: str, rowids: Iterable[int],
             params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The rows `sql` reads for `rowids` (its `IN :rowids`), a few hundred at a time."""
    wanted, rows = list(rowids), []
    query = text(sql).bindparams(bindparam("rowids", expanding=True))
    for start in range(0, len(wanted), ROWIDS_AT_ONCE):
        rows += [dict(row) for row in connection.execute(query, {
            **(params or {}), "rowids": wanted[start:start + ROWIDS_AT_ONCE]}).mappings()]
    return rows


def pg_tsquery(terms: list[list[Words]]) -> tuple[str, dict[str, str]]:
    """A PostgreSQL tsquery expression (every term, each any of its spellings as a phrase)
    and its parameters."""
    parts, params = [], {}
    for i, alts in enumerate(terms):
        ors = []
        for j, words in enumerate(alts):
            params[f"q{i}_{j}"] = " ".join(words)
            ors.append(f"phraseto_tsquery('english', :q{i}_{j})")
        parts.append("(" + " || ".join(ors) + ")")
    return " && ".join(parts), params


def pg_by_index(connection: Connection) -> None:
    """Have the rest of this transaction find matches through the GIN indexes. The planner
    prices a scan of a search table by its main pages, where each document is a pointer
    to the TOAST table that holds it, so it picks a scan that reads every document for a
    word of few matches (37 ms for none, at 10,000 articles, against 1 ms by the index)."""
    connection.execute(text("SET LOCAL enable_seqscan = off"))


def marked(raw: str | None) -> tuple[str, list[list[int]]]:
    """A snippet with START/STOP markers → its plain text (white space runs made one space)
    and the [start, end) offsets of the matched stretches in it."""
    plain, opened = "", None
    marks: list[list[int]] = []
    for piece in re.split(f"([{START}{STOP}])", raw or ""):
        if piece == START:
            opened = len(plain)
        elif piece == STOP:
            if opened is not None and len(plain) > opened:
                if marks and not plain[marks[-1][1]:opened].strip():
                    marks[-1][1] = len(plain)  # "North Korean troops" as one stretch
                else:
                    marks.append([opened, len(plain)])
            opened = None
        else:
            plain += re.sub(r"\s+", " ", piece)
    return plain, marks


def article_hits(rows: Iterable[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Article hits once each, best first: an exact copy of another hit is folded into it
    (`copies`); the snippet as plain text and `marks`."""
    ranked = list({row["id"]: row for row in rows}.values())  # each id where it first came
    ids = {row["id"] for row in ranked}
    hits: dict[str, dict[str, Any]] = {}
    for row in ranked:
        if row.get("duplicate_of") not in ids:
            snippet, marks = marked(row.get("snippet"))
            hits[row["id"]] = {**row, "snippet": snippet, "marks": marks, "copies": []}
            hits[row["id"]].pop("duplicate_of", None)
    for row in ranked:
        if row.get("duplicate_of") in hits:
            hits[row["duplicate_of"]]["copies"].append({"id": row["id"], "source": row["source"]})
    return list(hits.values())[:limit]


def finding_hits(rows: Iterable[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Claims and quotes once each: the same words in the same article (a quote that is
    also a claim) are one hit with both `kinds`."""
    hits: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (row["article_id"], " ".join((row["text"] or "").split()).casefold())
        if key in hits:
            if row["kind"] not in hits[key]["kinds"]:
                hits[key]["kinds"].append(row["kind"])
            continue
        hits[key] = {**row, "kinds": [row["kind"]]}
    return list(hits.values())[:limit]


def name_terms(query: str) -> list[list[Words]]:
    """What actors' names are matched against: the whole query, then each of its terms of
    four letters or more, each with its respellings."""
    terms = query_terms(query)
    whole = tuple(w for term in terms for w in term)
    if not whole:
        return []
    parts = [t for t in terms if len(terms) > 1 and len("".join(t)) >= 4]
    return [alternatives(whole)] + [alternatives(t) for t in parts]


def name_score(names: Iterable[str], terms: list[list[Words]]) -> int:
    """How many of `terms` start a word of any of `names` (0: no match)."""
    folded = " " + " | ".join(" ".join(words_of(n)) for n in names) + " "
    return sum(any(f" {' '.join(words)}" in folded for words in alts) for alts in terms)


def named_ids(query: str) -> set[str]:
    """Ids of the actors the actor dictionary names by a phrase of the query, in any known
    spelling ("Kyiv" → UKR, "Kremlin" → RUSGOV, "Pyongyang" → PRK); phrases of four letters
    or more, so that "us" or "un" in a query name nobody."""
    from ..actors.gazetteer import load

    gazetteer = load()
    runs = [tuple(w for term in query_terms(query) for w in term)]
    runs += [words for alts in expanded(query) for words in alts]
    found: set[str] = set()
    for words in runs:
        for size in range(1, min(gazetteer.max_len, len(words)) + 1):
            for i in range(len(words) - size + 1):
                phrase = words[i:i + size]
                if len("".join(phrase)) >= 4:
                    found.update(entry.id for _, entry in gazetteer.phrases.get(phrase, []))
    return found
