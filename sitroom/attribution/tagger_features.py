"""The attribution tagger's sparse features of each token, as names and as model ids.

`token_features` names them (word, lemma, tag, dependency, the path of dependency arcs up to
the root with the lemmas on it, neighbours, quotation marks), each once per token; training
(`benchmarks/train_attribution.py`) reads these names. `feature_ids` gives the same features
as the model's vocabulary ids without making the strings: each name is formatted once per
distinct value in the article (a word, a pair of dependency and lemma), not once per token,
and the path up the tree is followed for all tokens at once. Its rows hold the ids in the
order of `token_features`, so that the scores summed from them are the same to the last bit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import numpy as np

from ..tokens import PerParse

if TYPE_CHECKING:
    from spacy.tokens import Doc

QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``"})
PATH_DEPTH = 12  # arcs followed up from a token (news sentences are rarely deeper)
KID_LEMMAS = frozenset({"ccomp", "xcomp", "nsubj", "mark", "prep", "dobj", "agent"})
V = TypeVar("V")


class Parts(Generic[V]):
    """A model's table of feature names grouped by prefix, a prefix being what comes up to
    and with the first `mark` ("w=", "up=" …): a value's entry in its prefix's part is the
    entry of the whole name, found without making the name (a name's string costs more
    than its look-up). Made once for each table while it lives."""

    _made: ClassVar[dict[tuple[int, str], Parts[Any]]] = {}

    def __init__(self, table: dict[str, V], mark: str) -> None:
        self.table, self.mark, self.size = table, mark, len(table)
        self._parts: dict[tuple[str, str], dict[str, V]] = {}
        self._groups: dict[str, dict[str, V]] = {}
        for name, value in table.items():
            cut = name.find(mark) + 1
            if cut:
                self._groups.setdefault(name[:cut], {})[name[cut:]] = value

    @classmethod
    def of(cls, table: dict[str, V], mark: str) -> Parts[V]:
        made = cls._made.get((id(table), mark))
        if made is None or made.table is not table or made.size != len(table):
            if len(cls._made) >= 16:
                cls._made.clear()
            made = cls._made[(id(table), mark)] = cls(table, mark)
        return made

    def part(self, prefix: str, suffix: str = "") -> dict[str, V]:
        """The entries of the names `prefix` + value + `suffix`, by value."""
        found = self._parts.get((prefix, suffix))
        if found is None:
            if prefix.find(self.mark) + 1 == len(prefix):
                group = self._groups.get(prefix, {})
                found = group if not suffix else {
                    rest[:-len(suffix)]: value for rest, value in group.items()
                    if rest.endswith(suffix)}
            else:  # not a prefix of the table's kind: the names are searched
                found = {name[len(prefix):len(name) - len(suffix)]: value
                         for name, value in self.table.items()
                         if name.startswith(prefix) and name.endswith(suffix)
                         and len(name) >= len(prefix) + len(suffix)}
            self._parts[(prefix, suffix)] = found
        return found


class Known:
    """A table's entries of names found by the names' keys (64-bit numbers, each standing
    for one name, as spaCy's string hashes do), kept from parse to parse: a name seen
    before costs a binary search among numbers rather than a string and its look-up.
    The keys seen lately wait in a dictionary until they are sorted in with the rest.
    Safe to share between threads: the sorted keys and their entries are replaced as one."""

    _made: ClassVar[dict[tuple[Any, ...], Known]] = {}
    LIMIT = 100_000  # keys kept for one part of a table (then it starts afresh): ~1.6 MB

    def __init__(self, table: dict[str, Any], dtype: type) -> None:
        self.table, self.size, self.dtype = table, len(table), dtype
        self.sorted: tuple[np.ndarray, np.ndarray] = (np.zeros(0, dtype=np.uint64),
                                                      np.zeros(0, dtype=dtype))
        self.fresh: dict[int, Any] = {}
        self._sorting = threading.Lock()

    @classmethod
    def of(cls, table: dict[str, Any], part: tuple[str, ...], dtype: type) -> Known:
        """The one for `table`'s names of `part` (prefix, suffix, the kind of the keys)."""
        made = cls._made.get((id(table), *part))
        if made is None or made.table is not table or made.size != len(table):
            if len(cls._made) >= 256:
                cls._made.clear()
            made = cls._made[(id(table), *part)] = cls(table, dtype)
        return made

    def find(self, keys: np.ndarray, name_of: Callable[[int], str],
             get: Callable[[str, Any], Any], default: Any) -> np.ndarray:
        """The entry of each key (`get(name_of(k), default)` for the k-th key not seen
        before)."""
        known, values = self.sorted
        if len(known):
            at = np.searchsorted(known, keys)
            np.minimum(at, len(known) - 1, out=at)
            out = values[at]
            missing = np.flatnonzero(known[at] != keys)
        else:
            out, missing = np.zeros(len(keys), dtype=self.dtype), np.arange(len(keys))
        if len(missing):
            fresh, found = self.fresh, []
            for k, key in zip(missing.tolist(), keys[missing].tolist(), strict=True):
                value = fresh.get(key)
                if value is None:
                    value = fresh[key] = get(name_of(k), default)
                found.append(value)
            out[missing] = found
            if len(fresh) > max(1024, len(known) // 4) and self._sorting.acquire(False):
                try:
                    self._sort_in()
                finally:
                    self._sorting.release()
        return out

    def _sort_in(self) -> None:
        fresh, self.fresh = self.fresh, {}
        pairs = list(fresh.items())  # one step: another thread may still add to `fresh`
        known, values = self.sorted
        keys = np.concatenate((known, np.fromiter((k for k, _ in pairs), dtype=np.uint64,
                                                  count=len(pairs))))
        entries = np.concatenate((values, np.fromiter((v for _, v in pairs),
                                                      dtype=self.dtype, count=len(pairs))))
        order = np.argsort(keys, kind="stable")
        self.sorted = (keys[order], entries[order]) if len(keys) <= self.LIMIT else \
            (keys[:0], entries[:0])


_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


@dataclass(frozen=True)
class Column:
    """One string attribute of every token: token i's is `names[codes[i]]`. With `keys`,
    each name's key (the same key is the same name in any parse, for columns of one `kind`),
    by which the look-ups are kept from parse to parse (`Known`)."""

    names: list[str]
    codes: np.ndarray
    keys: np.ndarray | None = None
    kind: str = ""

    @classmethod
    def of(cls, strings: Any, hashes: np.ndarray, lower: bool = False,
           kind: str = "") -> Column:
        """From a column of `Doc.to_array` (each distinct hash looked up once; the hashes
        are the keys when a `kind` is given)."""
        distinct, codes = np.unique(hashes, return_inverse=True)
        names = list(map(strings.__getitem__, distinct.tolist()))
        return cls(list(map(str.lower, names)) if lower else names, codes.reshape(-1),
                   distinct.astype(np.uint64) if kind else None, kind)

    def _found(self, table: dict[str, Any], prefix: str, suffix: str, dtype: type,
               get: Callable[[str, Any], Any], default: Any,
               which: np.ndarray | None = None) -> np.ndarray:
        """The entry of `prefix` + each name (or each name of `which`) + `suffix`."""
        if self.keys is None:
            names = self.names if which is None else list(map(self.names.__getitem__,
                                                              which.tolist()))
            return np.fromiter(map(get, names, repeat(default)), dtype=dtype,
                               count=len(names))
        known = Known.of(table, (prefix, suffix, self.kind), dtype)
        if which is None:
            return known.find(self.keys, self.names.__getitem__, get, default)
        at = which.tolist()
        return known.find(self.keys[which], lambda k: self.names[at[k]], get, default)

    @property
    def values(self) -> list[str]:
        return list(map(self.names.__getitem__, self.codes.tolist()))

    def ids(self, vocab: dict[str, int], prefix: str, suffix: str = "",
            where: np.ndarray | None = None) -> np.ndarray:
        """Each token's id of `prefix` + its value + `suffix` in `vocab`, -1 when unknown
        (or, with a `where` mask, for a token outside it: only the values of the tokens
        in it are looked up)."""
        get = Parts.of(vocab, "=").part(prefix, suffix).get
        if where is None:
            return self._found(vocab, prefix, suffix, np.intp, get, -1)[self.codes]
        present = np.zeros(len(self.names), dtype=bool)
        present[self.codes[where]] = True
        wanted = np.flatnonzero(present)
        table = np.full(len(self.names), -1, dtype=np.intp)
        table[wanted] = self._found(vocab, prefix, suffix, np.intp, get, -1, wanted)
        return np.where(where, table[self.codes], -1)

    def weights(self, table: dict[str, float], prefix: str) -> np.ndarray:
        """Each token's weight of `prefix` + its value in `table`, 0.0 when not there."""
        get = Parts.of(table, ":").part(prefix).get
        return self._found(table, prefix, "", np.float64, get, 0.0)[self.codes]

    def shifted(self, edge: str, back: bool) -> Column:
        """Each token's previous token's value (`back`) or its next token's, the first (or
        the last) token `edge`."""
        end = np.array([len(self.names)], dtype=self.codes.dtype)
        codes = np.concatenate((end, self.codes[:-1]) if back else (self.codes[1:], end))
        from spacy.strings import get_string_id

        keys = None if self.keys is None else np.append(
            self.keys, np.uint64(get_string_id(edge)))  # the key a token `edge` would have
        return Column([*self.names, edge], codes, keys, self.kind)

    def paired(self, other: Column, at: np.ndarray, joint: str) -> Column:
        """Each token's value and `other`'s value at token `at[i]`, joined by `joint`."""
        pair = self.codes.astype(np.int64) * len(other.names) + other.codes[at]
        distinct, codes = np.unique(pair, return_inverse=True)
        width = len(other.names)
        keys = None
        if self.keys is not None and other.keys is not None:  # a key for the pair of keys
            keys = (self.keys[distinct // width] * _MIX[0]) ^ (other.keys[distinct % width]
                                                               * _MIX[1] + _MIX[0])
        return Column([f"{self.names[p // width]}{joint}{other.names[p % width]}"
                       for p in distinct.tolist()], codes.reshape(-1), keys,
                      f"({self.kind}{joint}{other.kind})" if keys is not None else "")


@dataclass(frozen=True)
class Columns:
    """What the features read of each token, read once from the parse with
    `Doc.to_array` (walking the tree through `Token` objects costs more than the rest of the
    tagger)."""

    text: Column
    lower: Column
    lemma: Column  # lower-cased
    tag: Column
    dep: Column
    head: np.ndarray
    starts: np.ndarray  # bool: the token starts a sentence

    @classmethod
    def of(cls, doc: Doc) -> Columns:
        """The columns of `doc`, read once per parse (the attribution tagger and the cue
        tagger both read them; the stages do not change a parse)."""
        return _COLUMNS(doc)

    @classmethod
    def read(cls, doc: Doc) -> Columns:
        from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH, SENT_START, TAG

        array = doc.to_array([ORTH, LOWER, LEMMA, TAG, DEP, HEAD, SENT_START])
        signed = array.astype(np.int64)
        head = np.arange(len(doc), dtype=np.intp) + signed[:, 5]
        strings = doc.vocab.strings
        text, lower, lemma, tag, dep = (Column.of(strings, array[:, k], lower=k == 2, kind=kind)
                                        for k, kind in enumerate(_KINDS))
        return cls(text, lower, lemma, tag, dep, head, signed[:, 6] == 1)


_COLUMNS: PerParse[Columns] = PerParse(Columns.read)
_KINDS = ("ORTH", "LOWER", "LEMMA.lower", "TAG", "DEP")  # how each column's names come of
# their keys: the string of the hash (lower-cased for the lemma)


def quoted(words: list[str]) -> list[bool]:
    """Whether each token (its text in `words`) lies between quotation marks (the count
    restarts at a line break)."""
    inside, out = False, []
    for word in words:
        if "\n" in word:
            inside = False
        if word in QUOTE_MARKS:
            inside = word == "“" or (word != "”" and not inside)
            out.append(False)
            continue
        out.append(inside)
    return out


@dataclass(frozen=True)
class _Steps:
    """The path features of the arc up from each token, formatted once per article: `up`
    ("up=dep>lemma"), and on each side (`left`, `right`) the "ups=", "up0=" and "up1="
    forms."""

    up: list[str]
    left: list[tuple[str, str, str]]
    right: list[tuple[str, str, str]]

    @classmethod
    def of(cls, dep: list[str], lemma: list[str], head: list[int]) -> _Steps:
        steps = [f"{d}>{lemma[h]}" for d, h in zip(dep, head, strict=True)]
        return cls([f"up={step}" for step in steps],
                   [(f"ups={step}>L", f"up0={step}>L", f"up1={step}>L") for step in steps],
                   [(f"ups={step}>R", f"up0={step}>R", f"up1={step}>R") for step in steps])


def _path_features(head: list[int], i: int, steps: _Steps) -> list[str]:
    """The arcs from token `i` up to its sentence root: which relation each step leaves by,
    the lemma it reaches, and on which side of that word the token lies."""
    out = []
    child, node = i, head[i]
    up, left, right = steps.up, steps.left, steps.right
    for depth in range(PATH_DEPTH):
        # the walk stays on the root once there (its head is itself): the root's arc
        # ("ROOT>say") is a feature of every token, as in the model's training
        side = left if i < node else right
        out.append(up[child])
        out.append(side[child][0])
        if depth < 2:
            out.append(side[child][depth + 1])
        child, node = node, head[node]
    return out


def token_features(doc: Doc) -> list[list[str]]:
    """The named sparse features of every token of `doc` (the model's vocabulary)."""
    c = Columns.of(doc)
    lower, lemma, tag, dep = c.lower.values, c.lemma.values, c.tag.values, c.dep.values
    head, starts = c.head.tolist(), c.starts.tolist()
    kids: list[list[int]] = [[] for _ in head]
    for i, h in enumerate(head):
        if h != i:
            kids[h].append(i)
    inside = quoted(c.text.values)
    steps = _Steps.of(dep, lemma, head)
    rows = []
    n = len(doc)
    for i in range(n):
        last = i + 1 == n
        f = [f"w={lower[i]}", f"l={lemma[i]}", f"t={tag[i]}", f"d={dep[i]}",
             f"hd={dep[i]}|{lemma[head[i]]}", f"q={inside[i]}",
             f"pw={lower[i - 1] if i > 0 else '<s>'}",
             f"nw={lower[i + 1] if not last else '</s>'}",
             f"pt={tag[i - 1] if i > 0 else '<s>'}",
             f"nt={tag[i + 1] if not last else '</s>'}",
             f"pq={inside[i - 1] if i > 0 else None}|{inside[i]}"]
        if starts[i]:
            f.append("sent_start")
        if last or starts[i + 1]:
            f.append("sent_end")
        f.extend(f"kid={dep[k]}" for k in kids[i])
        f.extend(f"kidl={dep[k]}|{lemma[k]}" for k in kids[i] if dep[k] in KID_LEMMAS)
        f.extend(_path_features(head, i, steps))
        rows.append(list(dict.fromkeys(f)))  # each feature once, as in training
    return rows


def _shifted(ids: np.ndarray, edge: int, back: bool) -> np.ndarray:
    """`ids` moved one token on: each token gets its previous token's (`back`) or its next
    token's id, the first (or last) token `edge`."""
    return np.concatenate(([edge], ids[:-1])) if back else np.concatenate((ids[1:], [edge]))


def _own_ids(c: Columns, vocab: dict[str, int]) -> list[np.ndarray]:
    """The columns of the token's own features, in `token_features`' order: word, lemma,
    tag, dependency, head, quoted, the neighbours' words, tags and quotedness, sentence
    start and end."""
    inside = np.array(quoted(c.text.values), dtype=bool)
    before = np.concatenate(([0], inside[:-1] + 1))  # None, False, True as 0, 1, 2
    pq = np.array([[vocab.get(f"pq={a}|{b}", -1) for b in (False, True)]
                   for a in (None, False, True)], dtype=np.intp)
    q = np.array([vocab.get(f"q={b}", -1) for b in (False, True)], dtype=np.intp)
    ends = np.append(c.starts[1:], True)
    return [c.lower.ids(vocab, "w="), c.lemma.ids(vocab, "l="), c.tag.ids(vocab, "t="),
            c.dep.ids(vocab, "d="), c.dep.paired(c.lemma, c.head, "|").ids(vocab, "hd="),
            q[inside.astype(np.intp)],
            _shifted(c.lower.ids(vocab, "pw="), vocab.get("pw=<s>", -1), back=True),
            _shifted(c.lower.ids(vocab, "nw="), vocab.get("nw=</s>", -1), back=False),
            _shifted(c.tag.ids(vocab, "pt="), vocab.get("pt=<s>", -1), back=True),
            _shifted(c.tag.ids(vocab, "nt="), vocab.get("nt=</s>", -1), back=False),
            pq[before, inside.astype(np.intp)],
            np.where(c.starts, vocab.get("sent_start", -1), -1),
            np.where(ends, vocab.get("sent_end", -1), -1)]


def by_parent(head: np.ndarray, tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray,
                                                                np.ndarray]:
    """`tokens` (children, in order) grouped by their head: (children, heads, place of each
    child among its head's, from the left)."""
    order = np.argsort(head[tokens], kind="stable")
    kids, parents = tokens[order], head[tokens][order]
    return kids, parents, np.arange(len(kids)) - np.searchsorted(parents, parents)


def _kid_ids(c: Columns, vocab: dict[str, int]) -> list[np.ndarray]:
    """The "kid=" columns then the "kidl=" ones, as many as the most children a token has,
    each token's children from the left (-1 where it has fewer)."""
    at = np.arange(len(c.head))
    named = np.isin(c.dep.codes, [k for k, d in enumerate(c.dep.names) if d in KID_LEMMAS])
    kids, parents, place = by_parent(c.head, at[c.head != at])
    width = int(place.max()) + 1 if len(place) else 0
    kid = np.full((len(at), width), -1, dtype=np.intp)
    kid[parents, place] = c.dep.ids(vocab, "kid=")[kids]
    kidl = np.full((len(at), width), -1, dtype=np.intp)
    kids, parents, place = by_parent(c.head, at[(c.head != at) & named])
    as_named_kid = c.dep.paired(c.lemma, at, "|").ids(vocab, "kidl=", where=named)
    kidl[parents, place] = as_named_kid[kids]
    return [*kid.T, *kidl.T]


def _sided(steps: Column, vocab: dict[str, int], name: str,
           walk: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
    """The ids of `name` + step + ">L" or ">R" along each depth of `walk` (the step's
    token, and whether the walk's token lies left of the word the step reaches), each
    step and side that occurs looked up once."""
    keys = np.concatenate([steps.codes[child] * 2 + left for child, left in walk])
    present = np.zeros(2 * len(steps.names), dtype=bool)  # keys index it: no sort needed
    present[keys] = True
    distinct = np.flatnonzero(present)
    parts = Parts.of(vocab, "=")
    table = np.full(len(present), -1, dtype=np.intp)
    for side, suffix in enumerate((">R", ">L")):  # the ">R" keys are even, the ">L" ones odd
        keys_of = distinct[distinct % 2 == side]
        table[keys_of] = steps._found(vocab, name, suffix, np.intp,
                                      parts.part(name, suffix).get, -1, keys_of // 2)
    return np.split(table[keys], len(walk))


def _path_ids(c: Columns, vocab: dict[str, int]) -> list[np.ndarray]:
    """The columns of `_path_features`, depth by depth, for every token at once."""
    at = np.arange(len(c.head))
    child, node = at, c.head
    walk = []  # at each depth: the token whose arc is taken, and the side of its head
    for _ in range(PATH_DEPTH):
        walk.append((child, at < node))
        child, node = node, c.head[node]
    steps = c.dep.paired(c.lemma, c.head, ">")
    up = steps.ids(vocab, "up=")
    ups = _sided(steps, vocab, "ups=", walk)
    first = _sided(steps, vocab, "up0=", walk[:1]) + _sided(steps, vocab, "up1=", walk[1:2])
    out: list[np.ndarray] = []
    for depth, (child, _left) in enumerate(walk):
        out.extend((up[child], ups[depth]))
        if depth < 2:
            out.append(first[depth])
    return out


def _first_only(ids: np.ndarray) -> np.ndarray:
    """`ids` with each id's repeats in a row (after its first, from the left) set to -1."""
    order = np.argsort(ids, axis=1, kind="stable")
    ranked = np.take_along_axis(ids, order, axis=1)
    again = (ranked[:, 1:] == ranked[:, :-1]) & (ranked[:, 1:] >= 0)
    rows, cols = np.nonzero(again)
    ids[rows, order[rows, cols + 1]] = -1
    return ids


def feature_ids(doc: Doc, vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """`token_features` as ids in `vocab`, without the strings: (owners, ids), the ids the
    model knows with the token each belongs to, token by token and each token's in the
    order of `token_features`, each once."""
    if not len(doc):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    c = Columns.of(doc)
    table = _first_only(np.column_stack([*_own_ids(c, vocab), *_kid_ids(c, vocab),
                                         *_path_ids(c, vocab)]))
    owners, slots = np.nonzero(table >= 0)  # row by row, left to right
    return owners, table[owners, slots]
