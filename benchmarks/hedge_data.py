"""The hedge training and evaluation data, read from ../shared/corpus and parsed once.

- Szeged uncertainty corpus, `wiki.xml`: every <Sentence> (titles too, as `bench_hedges`
  always counted them), the character spans of its <ccue> cues, and the Wikipedia article
  it belongs to (folds are drawn by article, so no article is in two folds).
- WikiWeasel (CoNLL-2010) train lists: sentence labels only.

`parsed` runs the sitroom spaCy pipeline over the sentences, one doc each (through
`benchmarks.memo`, so the sentences are parsed once a process); with `cache` (a folder
outside the repository) the docs are kept in a DocBin and the next run reads them back
instead of parsing again. Corpus text is never written inside the repository.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from benchmarks import memo

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
SZEGED = "corpus/szeged-uncertainty/wiki.xml"
WEASEL = "corpus/wikiweasel-conll2010-sentences"


@dataclass(frozen=True)
class Item:
    text: str
    uncertain: bool
    group: int  # the source article (Szeged) or the line (WikiWeasel), for folds
    cues: tuple[tuple[int, int, str], ...] = ()  # start, end, Szeged cue type


def _cue_type(raw: str) -> str:
    """"speculation_hypo_doxastic _" → "doxastic"."""
    return raw.replace("_", " ").split()[-1]


def _sentence(element: ET.Element) -> tuple[str, list[tuple[int, int, str]]]:
    parts: list[str] = [element.text or ""]
    cues: list[tuple[int, int, str]] = []
    for child in element:
        start = sum(len(p) for p in parts)
        inner = "".join(child.itertext())
        parts.append(inner)
        if child.tag == "ccue":
            cues.append((start, start + len(inner), _cue_type(child.get("type", ""))))
        parts.append(child.tail or "")
    raw = "".join(parts)
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    return text, [(a - lead, b - lead, kind) for a, b, kind in cues
                  if b - lead > 0 and a - lead < len(text)]


def szeged(shared: Path = DEFAULT_SHARED) -> list[Item]:
    root = ET.parse(shared / SZEGED).getroot()  # noqa: S314 - a file of the shared corpus
    out = []
    for number, document in enumerate(root.iter("Document")):
        for sentence in document.iter("Sentence"):
            text, cues = _sentence(sentence)
            if text:
                out.append(Item(text, bool(cues), number, tuple(cues)))
    return out


def weasel(shared: Path = DEFAULT_SHARED) -> list[Item]:
    out: list[Item] = []
    folder = shared / WEASEL
    for name, label in (("train_wikiweasel_certain_sentences.txt", False),
                        ("train_wikiweasel_uncertain_sentences.txt", True)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            line = line.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", "\"").replace(
                "''", "\"").strip()
            if line:
                out.append(Item(line, label, len(out)))
    return out


def folds(items: list[Item], k: int = 5) -> list[int]:
    """A fixed fold per item: its group's number, round robin over `k` (no randomness)."""
    return [item.group % k for item in items]


def parsed(items: list[Item], nlp, cache: Path | None = None) -> list:  # type: ignore[no-untyped-def]
    """One spaCy doc per item, with `doc.tensor` (read back from `cache` when there)."""
    from spacy.tokens import DocBin

    texts = [item.text for item in items]
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache / f"{key}.spacy" if cache else None
    if path is not None and path.exists():
        import numpy as np

        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        tensors = np.load(path.with_suffix(".npz"))
        for i, doc in enumerate(docs):
            doc.tensor = tensors[f"d{i}"].astype("float32")
        return docs
    docs = memo.parsed(nlp, texts)
    if path is not None:
        import numpy as np

        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
        arrays = {f"d{i}": doc.tensor.astype("float16") for i, doc in enumerate(docs)}
        np.savez(path.with_suffix(".npz"), **arrays)  # type: ignore[arg-type]
    return docs
