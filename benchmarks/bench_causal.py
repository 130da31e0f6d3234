"""Causal sentences and cause/effect spans on the Causal News Corpus (CNC V2, train).

    python -m benchmarks.bench_causal [--shared ../shared]

Figures come from 5-fold cross-validation: for each fold, the causal model is trained by
`benchmarks.train_models.fit` on the other four (its threshold chosen inside them) and
`find_links` runs with it on the held-out sentences, exactly as the pipeline runs.

1. Subtask 1: a sentence is causal when `find_links` finds a link in it; F1 of the causal
   class against the gold label. Also printed: the signal rules alone (no model), and the
   sentence model alone (its decision, whether or not a cause/effect reading is found; links
   are kept only where a reading is found, see docs/attribution.md).
2. Subtask 2: for gold relations (ARG0 = cause, ARG1 = effect), token-overlap F1 of the best
   predicted link's cause and effect spans in the same sentence (mean over gold relations).
   Needs scikit-learn (the dev extra).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_TAG = re.compile(r"</?(ARG0|ARG1|SIG\d*)>")


def subtask1(path: Path) -> list[tuple[str, bool]]:
    with path.open(encoding="utf-8-sig") as handle:
        return [(row["text"], row["label"] == "1") for row in csv.DictReader(handle)]


def subtask2(path: Path) -> list[tuple[str, str, str]]:
    """(sentence, cause text, effect text) per gold relation."""
    out = []
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            marked = row["text_w_pairs"]
            cause = re.search(r"<ARG0>(.*?)</ARG0>", marked, re.S)
            effect = re.search(r"<ARG1>(.*?)</ARG1>", marked, re.S)
            if cause and effect:
                out.append((_TAG.sub("", marked), _TAG.sub("", cause.group(1)),
                            _TAG.sub("", effect.group(1))))
    return out


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _f1(pred: str, gold: str) -> float:
    p, g = _tokens(pred), _tokens(gold)
    common = sum(min(p.count(w), g.count(w)) for w in set(p))
    if not p or not g or not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def evaluate(shared: Path, nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from benchmarks.train_models import causal_training, cross_validated, f1, folds
    from sitroom.attribution.causal import find_links, rule_links, sentence_features

    folder = shared / "corpus/causal-news-corpus/V2"
    sentences = subtask1(folder / "train_subtask1.csv")
    features, labels = causal_training(shared, nlp)
    models = cross_validated(features, labels)
    fold_of = {text: k for (text, _), k in zip(sentences, folds(len(sentences)), strict=True)}
    docs = list(nlp.pipe((t for t, _ in sentences), batch_size=256))
    predicted = [bool(find_links(doc, models[fold_of[text]]))
                 for (text, _), doc in zip(sentences, docs, strict=True)]
    found = [[(s, rule_links(s)) for s in doc.sents] for doc in docs]
    rules = [any(links for _, links in per_doc) for per_doc in found]
    alone = [any(models[fold_of[text]].decide(sentence_features(s, links))[0]
                 for s, links in per_doc)
             for (text, _), per_doc in zip(sentences, found, strict=True)]
    precision, recall, score = f1(predicted, labels)
    rules_p, rules_r, rules_f1 = f1(rules, labels)
    model_p, model_r, model_f1 = f1(alone, labels)
    relations = subtask2(folder / "train_subtask2.csv")
    cause_f1 = effect_f1 = 0.0
    for (sentence, cause, effect), doc in zip(relations, nlp.pipe(
            (r[0] for r in relations), batch_size=256), strict=True):
        best = (0.0, 0.0)
        for link in find_links(doc, models[fold_of[sentence]]):
            c = _f1(sentence[link.cause[0]:link.cause[1]], cause)
            e = _f1(sentence[link.effect[0]:link.effect[1]], effect)
            if c + e > sum(best):
                best = (c, e)
        cause_f1 += best[0]
        effect_f1 += best[1]
    return {
        "sentences": len(sentences), "precision": precision, "recall": recall, "f1": score,
        "rules_precision": rules_p, "rules_recall": rules_r, "rules_f1": rules_f1,
        "model_precision": model_p, "model_recall": model_r, "model_f1": model_f1,
        "relations": len(relations), "cause_f1": cause_f1 / max(len(relations), 1),
        "effect_f1": effect_f1 / max(len(relations), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    if not (args.shared / "corpus/causal-news-corpus").exists():
        print(f"{args.shared}/corpus/causal-news-corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    started = time.perf_counter()
    r = evaluate(args.shared, load_nlp())
    print(f"CNC train subtask 1 (5-fold CV): sentences={r['sentences']}  causal "
          f"P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}   signal rules alone: "
          f"P={r['rules_precision']:.3f} R={r['rules_recall']:.3f} F1={r['rules_f1']:.3f}")
    print(f"  the sentence model alone (its decision, with or without a reading): "
          f"P={r['model_precision']:.3f} R={r['model_recall']:.3f} F1={r['model_f1']:.3f}")
    print(f"CNC train subtask 2: relations={r['relations']}  cause span F1={r['cause_f1']:.3f}  "
          f"effect span F1={r['effect_f1']:.3f}  ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
