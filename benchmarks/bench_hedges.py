"""Uncertain-sentence detection with sitroom's hedge cues.

    python -m benchmarks.bench_hedges [--shared ../shared]

A sentence is uncertain when `find_hedges` finds a cue in it. Gold: szeged-uncertainty/wiki.xml
(a sentence is uncertain when it holds a <ccue>), and the WikiWeasel training lists.

The WikiWeasel lists follow the CoNLL-2010 Wikipedia notion (weasel wording: "some
critics", "it is widely believed"), which sitroom reads as *vagueness*, apart from
certainty (of 6,717 sentences in both sets, 2,016 carry opposite labels). Its figure is
5-fold cross-validated: each fold's model is trained by `benchmarks.train_models.fit` on
the other four and `vagueness` runs with it, as the pipeline does (needs scikit-learn).
Also printed: the model's decision alone, without the condition that a weasel word of
sitroom's list be present (see docs/attribution.md, "Vagueness", for why the condition stays).
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def szeged_sentences(path: Path) -> list[tuple[str, bool]]:
    root = ET.parse(path).getroot()  # noqa: S314 - a file of the shared corpus
    out = []
    for sentence in root.iter("Sentence"):
        text = "".join(sentence.itertext()).strip()
        if text:
            out.append((text, sentence.find(".//ccue") is not None))
    return out


def weasel_sentences(folder: Path) -> list[tuple[str, bool]]:
    out = []
    for name, label in (("train_wikiweasel_certain_sentences.txt", False),
                        ("train_wikiweasel_uncertain_sentences.txt", True)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            line = line.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", "\"").replace(
                "''", "\"").strip()
            if line:
                out.append((line, label))
    return out


def score(sentences: list[tuple[str, bool]], nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from sitroom.attribution.hedges import find_hedges

    tp = fp = fn = 0
    for (_text, gold), doc in zip(sentences, nlp.pipe((s for s, _ in sentences), batch_size=256),
                                  strict=True):
        predicted = bool(find_hedges(doc[:]))
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    return {"sentences": len(sentences), "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / max(precision + recall, 1e-9)}


def vague_cv(folder: Path, nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from benchmarks.train_models import cross_validated, f1, folds, vague_training
    from sitroom.attribution.hedges import vagueness

    features, labels = vague_training(folder.parents[1], nlp)
    models = cross_validated(features, labels)
    sentences = weasel_sentences(folder)
    order = folds(len(sentences))
    predicted = [vagueness(doc[:], models[k]).vague for doc, k in zip(
        nlp.pipe((s for s, _ in sentences), batch_size=256), order, strict=True)]
    alone = [models[k].decide(f)[0] for f, k in zip(features, order, strict=True)]
    precision, recall, score = f1(predicted, labels)
    model_p, model_r, model_f1 = f1(alone, labels)
    return {"sentences": len(sentences), "precision": precision, "recall": recall, "f1": score,
            "model_precision": model_p, "model_recall": model_r, "model_f1": model_f1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    if not corpus.exists():
        print(f"{corpus}: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    nlp = load_nlp()
    for name, sentences in (
        ("szeged wiki.xml", szeged_sentences(corpus / "szeged-uncertainty/wiki.xml")),
        ("wikiweasel train", weasel_sentences(corpus / "wikiweasel-conll2010-sentences")),
    ):
        started = time.perf_counter()
        r = score(sentences, nlp)
        print(f"{name}: sentences={r['sentences']}  uncertain P={r['precision']:.3f} "
              f"R={r['recall']:.3f} F1={r['f1']:.3f}  ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    r = vague_cv(corpus / "wikiweasel-conll2010-sentences", nlp)
    print(f"wikiweasel train, vagueness model (5-fold CV): P={r['precision']:.3f} "
          f"R={r['recall']:.3f} F1={r['f1']:.3f}  ({time.perf_counter() - started:.0f} s)")
    print(f"  the model alone, without the weasel-word condition: P={r['model_precision']:.3f} "
          f"R={r['model_recall']:.3f} F1={r['model_f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
