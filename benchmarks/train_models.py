"""Train the small learned components and write them to sitroom/data/models/.

    python -m benchmarks.train_models causal [--shared ../shared]
    python -m benchmarks.train_models vague [--shared ../shared]

Each model is a logistic regression (scikit-learn, a dev dependency) over the sparse features
the extractor itself computes at run time (`sentence_features` in the extractor's module), so
what is trained is exactly what runs. The decision threshold is chosen by 5-fold
cross-validation inside the training data; features seen in fewer than two training sentences
are dropped. The benchmarks call `fit` the same way inside their own cross-validation, so the
figures they print come from models that never saw the sentences they score.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks import memo
from sitroom.attribution.linear import Features, LinearModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
MODELS = ROOT / "sitroom" / "data" / "models"
C = 0.3  # inverse L2 strength, one value for both models (5-fold CV on CNC: 0.1–1 within 0.01)
THRESHOLDS = [round(0.1 + 0.05 * i, 2) for i in range(13)]  # 0.10 … 0.70


def folds(n: int, k: int = 5) -> list[int]:
    """A fixed fold number per item (round robin, so no randomness and no class sorting)."""
    return [i % k for i in range(n)]


def vectorized(features: Sequence[Features], min_count: int = 2):  # type: ignore[no-untyped-def]
    """A fitted DictVectorizer and the sparse matrix of `features`, leaving out the features
    seen in fewer than `min_count` items."""
    from sklearn.feature_extraction import DictVectorizer

    seen = Counter(name for f in features for name in f)
    kept = [{k: v for k, v in f.items() if seen[k] >= min_count} for f in features]
    vectorizer = DictVectorizer()
    return vectorizer, vectorizer.fit_transform(kept)


def _fit_once(features: Sequence[Features], labels: Sequence[bool],
              min_count: int = 2, c: float = C) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    vectorizer, matrix = vectorized(features, min_count)
    classifier = LogisticRegression(C=c, max_iter=5000)
    classifier.fit(matrix, [int(label) for label in labels])
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(),
                                                   classifier.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return LinearModel(weights=weights, bias=float(classifier.intercept_[0]))


def f1(predicted: Sequence[bool], gold: Sequence[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def out_of_fold(features: Sequence[Features], labels: Sequence[bool],
                fitter: Callable[[list[Features], list[bool]], LinearModel],
                order: Sequence[int] | None = None) -> list[float]:
    """Each item's probability from a model `fitter` trained without its fold (`order`: a
    fold number per item; round robin over five by default)."""
    order = order if order is not None else folds(len(features))
    scores = [0.0] * len(features)
    for k in sorted(set(order)):
        train = [i for i, f in enumerate(order) if f != k]
        model = fitter([features[i] for i in train], [labels[i] for i in train])
        for i, f in enumerate(order):
            if f == k:
                scores[i] = model.probability(features[i])
    return scores


def fit(features: Sequence[Features], labels: Sequence[bool],
        about: dict | None = None) -> LinearModel:
    """A model on all of `features`, its threshold picked by 5-fold CV inside them."""
    scores = out_of_fold(features, labels, _fit_once)
    threshold = max(THRESHOLDS, key=lambda t: (f1([s >= t for s in scores], labels)[2], -t))
    final = _fit_once(features, labels)
    return LinearModel(weights=final.weights, bias=final.bias, threshold=threshold,
                       about=dict(about or {}, threshold_from="5-fold CV F1 on the training data",
                                  training_items=len(features), C=C))


def cross_validated(features: Sequence[Features], labels: Sequence[bool]) -> list[LinearModel]:
    """One model per outer fold (threshold chosen inside its own training part); item i is
    to be scored by models[folds(n)[i]]."""
    order = folds(len(features))
    return [fit([features[i] for i, f in enumerate(order) if f != k],
                [labels[i] for i, f in enumerate(order) if f != k]) for k in range(5)]


Training = tuple[list[Features], list[bool]]


def causal_training(shared: Path, nlp) -> Training:  # type: ignore[no-untyped-def]
    from benchmarks.bench_causal import subtask1
    from sitroom.attribution.causal import rule_links, sentence_features

    items = subtask1(shared / "corpus/causal-news-corpus/V2/train_subtask1.csv")
    features = []
    for doc in memo.parsed(nlp, [text for text, _ in items]):
        whole = doc[:]
        features.append(sentence_features(whole, [link for s in doc.sents
                                                  for link in rule_links(s)]))
    return features, [label for _, label in items]


def causal_models(shared: Path, nlp) -> tuple[Training, list[LinearModel]]:  # type: ignore[no-untyped-def]
    """CNC train's features and labels (`causal_training`) and the five outer-fold sentence
    models of `cross_validated` over them, computed once while held (`memo.kept`): the CNC
    benchmark and the link model's training both score with them."""
    def make() -> tuple[Training, list[LinearModel]]:
        training = causal_training(shared, nlp)
        return training, cross_validated(*training)

    return memo.kept(("causal models", Path(shared).resolve(), nlp), make)


def vague_training(shared: Path, nlp) -> Training:  # type: ignore[no-untyped-def]
    from benchmarks.bench_hedges import weasel_sentences
    from sitroom.attribution.hedges import sentence_features

    items = weasel_sentences(shared / "corpus/wikiweasel-conll2010-sentences")
    features = [sentence_features(doc[:]) for doc in memo.parsed(nlp, [text for text, _ in items])]
    return features, [label for _, label in items]


TRAINERS: dict[str, tuple[Callable, str]] = {
    "causal": (causal_training, "Causal News Corpus V2 train_subtask1.csv (CC0), 3,075 sentences"),
    "vague": (vague_training, "WikiWeasel (CoNLL-2010 Wikipedia) train lists, 7,343 sentences; "
                              "no licence stated for the lists, their text is Wikipedia's "
                              "(CC BY-SA)"),
}


FEATURES = {"causal": "sitroom.attribution.causal.sentence_features",
            "vague": "sitroom.attribution.hedges.sentence_features"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", choices=sorted(TRAINERS))
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    started = time.perf_counter()
    trainer, data = TRAINERS[args.name]
    features, labels = trainer(args.shared, load_nlp())
    model = fit(features, labels, about={
        "data": data, "command": f"python -m benchmarks.train_models {args.name}",
        "features": FEATURES[args.name]})
    MODELS.mkdir(parents=True, exist_ok=True)
    path = MODELS / f"{args.name}.json"
    path.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(model.weights)} weights, threshold "
          f"{model.threshold} ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
