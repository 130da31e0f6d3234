"""Article vectors for grouping articles into stories.

Words of the title (counted twice) and of the body's first `BODY_CHARS` characters, lower
case, stop words out; names (capitalised words inside a sentence) count extra, since the
people, places and organisations a story is about are what outlets share most. Features are
hashed (CRC-32, stable across processes and runs) so that vectors need no vocabulary and a
database can grow without re-vectorising what it holds; weights are sublinear term
frequency times inverse document frequency, with document frequencies kept as counts that
grow with the collection.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

DIM = 1 << 22
BODY_CHARS = 3000
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
# Words that are frequent in news yet say nothing about which story it is.
NEWS_WORDS = frozenset(
    "said says say told according reported report reports news reuters ap afp associated "
    "press monday tuesday wednesday thursday friday saturday sunday week year years month "
    "months day days time people new just like also percent mr mrs ms".split())

Vector = dict[int, float]


def _hash(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % DIM


@cache
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (imported when first needed: the CLI starts faster)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def terms(title: str | None, text: str) -> Counter[int]:
    """Hashed term counts of one article."""
    counts: Counter[int] = Counter()
    stop = stop_words()
    for weight, chunk in ((2, title or ""), (1, text[:BODY_CHARS])):
        for match in _WORD.finditer(chunk):
            word = match.group(0)
            lower = word.lower().strip("'-")
            if len(lower) < 3 or lower in stop or lower in NEWS_WORDS:
                continue
            counts[_hash(lower)] += weight
            starts_sentence = match.start() == 0 or chunk[:match.start()].rstrip()[-1:] in (
                ".", "!", "?", "\n", '"', "“", ":")
            if word[0].isupper() and not starts_sentence:
                counts[_hash("@" + lower)] += weight  # a name
    return counts


@dataclass
class DocumentFrequencies:
    """How many documents hold each feature; grows as documents are added."""

    df: Counter[int] = field(default_factory=Counter)
    n: int = 0

    def add(self, documents: Iterable[Counter[int]]) -> None:
        for counts in documents:
            self.df.update(counts.keys())
            self.n += 1

    def idf(self, feature: int) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(feature, 0))) + 1.0

    def weigh(self, counts: Counter[int]) -> Vector:
        """Sublinear tf × idf, L2-normalised."""
        vector = {f: (1 + math.log(c)) * self.idf(f) for f, c in counts.items()}
        return normalise(vector)


def normalise(vector: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {f: v / norm for f, v in vector.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two normalised vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(f, 0.0) for f, v in a.items())


def heaviest(vector: Vector, k: int) -> Vector:
    """The `k` heaviest word features as they are; embedding dimensions (features from DIM
    on, see embed.py) are all kept."""
    words = [item for item in vector.items() if item[0] < DIM]
    if len(words) <= k:
        return vector
    kept = dict(sorted(words, key=lambda item: (-item[1], item[0]))[:k])
    kept.update((f, v) for f, v in vector.items() if f >= DIM)
    return kept


def top(vector: Vector, k: int) -> Vector:
    """The `k` heaviest word features (and every embedding dimension), renormalised: story
    centroids stay small."""
    return normalise(heaviest(vector, k))


class PackedVectors(Mapping[str, Vector]):
    """Article id → vector, each kept as two flat arrays (features, weights) instead of a
    dict: a tenth of the memory, so grouping 100,000 articles keeps every vector (for the
    headlines) in a few hundred MB. A vector read back is the dict it was, in its order."""

    def __init__(self) -> None:
        self._packed: dict[str, tuple[array[int], array[float]]] = {}

    def put(self, key: str, vector: Vector) -> None:
        self._packed[key] = (array("i", vector.keys()), array("d", vector.values()))

    def __getitem__(self, key: str) -> Vector:
        features, weights = self._packed[key]
        return dict(zip(features, weights, strict=True))

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)
