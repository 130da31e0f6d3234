"""Train and measure the hedge-cue tagger and the vagueness model; write them to
sitroom/data/models/ (`hedge_cues.json`, `vague.json`).

    python -m benchmarks.train_hedges [--shared ../shared] [--cache DIR] [--no-write]
                                      [--designs]

Szeged wiki.xml (cue annotations) trains the cue tagger (`sitroom.attribution.certainty`):
one logistic regression over the words of a sentence, a word being a cue when it lies inside a
<ccue>. Its figures are 5-fold cross-validated by Wikipedia article (no article in two
folds): each fold is scored by a model trained on the other four, with the threshold and the
sentence calibration chosen on the other four folds' out-of-fold scores. The WikiWeasel train
lists train the vagueness model (`hedges.vagueness`), 5-fold by line as before. `--designs`
also measures the designs that were compared and not kept (docs/models/hedges.md).
`--cache DIR` keeps the parsed sentences outside the repository for the next run.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import hedge_data
from benchmarks.train_models import MODELS, ROOT, f1, vectorized
from sitroom.attribution.linear import Features, LinearModel

C_TOKENS = 1.0  # inverse L2 strength of the cue tagger (5-fold CV on wiki.xml: 0.2–4, the card)
# Weights smaller than this are dropped (211,000 → 23,000 weights, 5.6 MB → 0.6 MB); the
# cross-validated figures are measured with the pruned models.
PRUNE = 0.01
GRID = [round(0.05 * i, 2) for i in range(2, 19)]  # thresholds 0.10 … 0.90


@dataclass
class TokenRows:
    features: list[Features]
    labels: list[bool]
    sentence: list[int]  # the item each row belongs to
    level: list[str]  # gold Szeged cue type of the word ("" when none)


def token_rows(items: Sequence[hedge_data.Item], docs: Sequence,  # type: ignore[type-arg]
               tensor: bool = False) -> TokenRows:
    from sitroom.attribution.certainty import candidate, listed_cues, token_features

    rows = TokenRows([], [], [], [])
    for number, (item, doc) in enumerate(zip(items, docs, strict=True)):
        listed = listed_cues(doc[:])
        for token in doc:
            if not candidate(token):
                continue
            start, end = token.idx, token.idx + len(token.text)
            kind = next((k for a, b, k in item.cues if a < end and start < b), "")
            rows.features.append(token_features(token, listed, tensor))
            rows.labels.append(bool(kind))
            rows.sentence.append(number)
            rows.level.append(kind)
    return rows


def fit_tokens(features: Sequence[Features], labels: Sequence[bool],
               c: float = C_TOKENS) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    vectorizer, matrix = vectorized(features, 2)
    matrix = matrix.tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    classifier = LogisticRegression(C=c, solver="liblinear", max_iter=2000, random_state=0)
    classifier.fit(matrix, [int(label) for label in labels])
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(),
                                                   classifier.coef_[0], strict=True)
               if abs(w) >= PRUNE}
    return LinearModel(weights=weights, bias=float(classifier.intercept_[0]))


def sentence_top(rows: TokenRows, scores: Sequence[float], n: int) -> list[float]:
    top = [0.0] * n
    for s, p in zip(rows.sentence, scores, strict=True):
        top[s] = max(top[s], p)
    return top


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> float:
    return max(GRID, key=lambda t: (f1([s >= t for s in scores], gold)[2], -abs(t - 0.5)))


def platt(scores: Sequence[float], gold: Sequence[bool]) -> tuple[float, float]:
    """a, b of p = sigmoid(a * logit(score) + b), fitted on (score, gold) pairs."""
    from sklearn.linear_model import LogisticRegression

    logits = [[_logit(s)] for s in scores]
    fitted = LogisticRegression(C=100.0).fit(logits, [int(g) for g in gold])
    return float(fitted.coef_[0][0]), float(fitted.intercept_[0])


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def ece(probabilities: Sequence[float], right: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error over equal-width bins."""
    total, n = 0.0, len(probabilities)
    for b in range(bins):
        inside = [(p, r) for p, r in zip(probabilities, right, strict=True)
                  if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1.0)]
        if inside:
            mean_p = sum(p for p, _ in inside) / len(inside)
            share = sum(r for _, r in inside) / len(inside)
            total += len(inside) / n * abs(mean_p - share)
    return total


def token_cv(rows: TokenRows, order: Sequence[int],
             fitter: Callable[[list[Features], list[bool]], LinearModel]
             ) -> tuple[list[float], list[LinearModel]]:
    """Each word's probability from a model trained without its fold, and the fold models."""
    scores, models = [0.0] * len(rows.labels), []
    for k in sorted(set(order)):
        train = [i for i, s in enumerate(rows.sentence) if order[s] != k]
        model = fitter([rows.features[i] for i in train], [rows.labels[i] for i in train])
        models.append(model)
        for i, s in enumerate(rows.sentence):
            if order[s] == k:
                scores[i] = model.probability(rows.features[i])
    return scores, models


def fold_settings(top: Sequence[float], gold: Sequence[bool], order: Sequence[int]
                  ) -> dict[int, tuple[float, tuple[float, float]]]:
    """Each fold's threshold and calibration, chosen on the other folds' out-of-fold
    scores."""
    out = {}
    for k in sorted(set(order)):
        rest = [i for i, f in enumerate(order) if f != k]
        out[k] = (best_threshold([top[i] for i in rest], [gold[i] for i in rest]),
                  platt([top[i] for i in rest], [gold[i] for i in rest]))
    return out


def measure_tagger(items, docs, tensor: bool = False, c: float = C_TOKENS) -> dict:  # type: ignore[no-untyped-def]
    """5-fold CV by article of the reading the pipeline gives (`certainty.read`: the tagger
    with the cue list's `always` and floor rows), each fold read by a tagger trained on the
    other four with their threshold and calibration; and word-level cue figures of the
    tagger alone."""
    from sitroom.attribution.certainty import read

    rows = token_rows(items, docs, tensor)
    order = hedge_data.folds(items)
    scores, models = token_cv(rows, order, lambda f, g: fit_tokens(f, g, c))
    gold = [i.uncertain for i in items]
    top = sentence_top(rows, scores, len(items))
    settings = fold_settings(top, gold, order)
    taggers = {k: LinearModel(m.weights, m.bias, settings[k][0], about={
        "calibration": settings[k][1], "tensor": tensor}) for k, m in enumerate(models)}
    readings = [read(doc[:], taggers[order[i]]) for i, doc in enumerate(docs)]
    predicted = [bool(r.hedges) for r in readings]
    precision, recall, score = f1(predicted, gold)
    right = [p == g for p, g in zip(predicted, gold, strict=True)]
    cue_words = f1([p >= settings[order[s]][0] for p, s in zip(scores, rows.sentence,
                                                               strict=True)], rows.labels)
    return {"precision": precision, "recall": recall, "f1": score,
            "thresholds": {k: v[0] for k, v in settings.items()},
            "ece": ece([r.confidence for r in readings], right), "cue": cue_words,
            "ece_hedged": ece([r.confidence for r, p in zip(readings, predicted, strict=True)
                               if p], [g for g, p in zip(right, predicted, strict=True) if p]),
            "tagger_alone": f1([t >= settings[order[i]][0] for i, t in enumerate(top)], gold)}


def measure_rules(items, docs) -> dict:  # type: ignore[no-untyped-def]
    from sitroom.attribution.hedges import find_hedges

    predicted = [bool(find_hedges(doc[:])) for doc in docs]
    precision, recall, score = f1(predicted, [i.uncertain for i in items])
    return {"precision": precision, "recall": recall, "f1": score}


def measure_word_list(items, docs) -> dict:  # type: ignore[no-untyped-def]
    """The plain word-list floor: a sentence is uncertain when any word of hedges.tsv (one
    word entries, lower case, no rules) occurs in it."""
    from sitroom.attribution.hedges import lexicon

    words = {k[0] for k in lexicon() if len(k) == 1}
    predicted = [any(t.lower_ in words for t in doc) for doc in docs]
    precision, recall, score = f1(predicted, [i.uncertain for i in items])
    return {"precision": precision, "recall": recall, "f1": score}


def train_tagger(items, docs, tensor: bool = False) -> LinearModel:  # type: ignore[no-untyped-def]
    rows = token_rows(items, docs, tensor)
    order = hedge_data.folds(items)
    scores = token_cv(rows, order, fit_tokens)[0]
    top = sentence_top(rows, scores, len(items))
    gold = [i.uncertain for i in items]
    threshold = best_threshold(top, gold)
    a, b = platt(top, gold)
    final = fit_tokens(rows.features, rows.labels)
    return LinearModel(final.weights, final.bias, threshold, about={
        "data": "Szeged uncertainty corpus wiki.xml (cue annotations), "
                f"{len(items)} sentences; no licence stated, third-party text, none ships",
        "command": "python -m benchmarks.train_hedges",
        "features": "sitroom.attribution.certainty.token_features",
        "threshold_from": "5-fold CV (by article) sentence F1 on the training data",
        "calibration": [round(a, 4), round(b, 4)], "tensor": tensor, "C": C_TOKENS,
        "training_words": len(rows.labels)})


def _key(text: str) -> str:
    """A sentence as letters and digits only: WikiWeasel's lines are tokenised text."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def tagged(docs, tagger: LinearModel) -> list:  # type: ignore[no-untyped-def]
    """The cue tagger's reading of each doc (`hedges.Tagged`), as `certainty.read` gives it."""
    from sitroom.attribution.certainty import tagged_of, token_scores

    return [tagged_of(token_scores(doc[:], tagger), tagger.threshold) for doc in docs]


def tagged_out_of_fold(weasel_items, weasel_docs, items, docs) -> list:  # type: ignore[no-untyped-def]
    """Each WikiWeasel sentence read by a cue tagger trained on the Szeged sentences other
    than those of its own WikiWeasel fold (the two sets share most sentences)."""
    rows = token_rows(items, docs)
    order = hedge_data.folds(weasel_items)
    out: list = [None] * len(weasel_items)
    for k in sorted(set(order)):
        held = {_key(w.text) for w, f in zip(weasel_items, order, strict=True) if f == k}
        keep = [i for i, s in enumerate(rows.sentence) if _key(items[s].text) not in held]
        model = fit_tokens([rows.features[i] for i in keep], [rows.labels[i] for i in keep])
        top = sentence_top(rows, [model.probability(rows.features[i]) if _key(
            items[rows.sentence[i]].text) not in held else 0.0
            for i in range(len(rows.labels))], len(items))
        gold = [it.uncertain for it, t in zip(items, top, strict=True)]
        model = LinearModel(model.weights, model.bias, best_threshold(top, gold))
        mine = [i for i, f in enumerate(order) if f == k]
        for i, reading in zip(mine, tagged([weasel_docs[i] for i in mine], model), strict=True):
            out[i] = reading
    return out


def weasel_features(weasel_docs, readings) -> list[Features]:  # type: ignore[no-untyped-def]
    from sitroom.attribution.hedges import sentence_features

    return [sentence_features(doc[:], tagged=r) for doc, r in zip(
        weasel_docs, readings or [None] * len(weasel_docs), strict=True)]


def measure_vague(weasel_items, weasel_docs, readings) -> dict:  # type: ignore[no-untyped-def]
    """5-fold CV (by line) of the vagueness model: the model alone and as `vagueness`
    decides (a flag needs a weasel word or a tagged cue the model weighs towards it)."""
    from benchmarks.train_models import fit
    from sitroom.attribution.hedges import vagueness

    features = weasel_features(weasel_docs, readings)
    labels = [w.uncertain for w in weasel_items]
    order = hedge_data.folds(weasel_items)
    alone, flagged = [False] * len(labels), [False] * len(labels)
    for k in range(5):
        model = fit([f for f, o in zip(features, order, strict=True) if o != k],
                    [g for g, o in zip(labels, order, strict=True) if o != k])
        for i in (i for i, o in enumerate(order) if o == k):
            alone[i] = model.decide(features[i])[0]
            reading = readings[i] if readings else None
            model.about["tagged"] = reading is not None
            flagged[i] = vagueness(weasel_docs[i][:], model, tagged=reading).vague
    return {"alone": f1(alone, labels), "flagged": f1(flagged, labels)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=hedge_data.DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--designs", action="store_true")
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    nlp = load_nlp()
    started = time.perf_counter()
    items = hedge_data.szeged(args.shared)
    docs = hedge_data.parsed(items, nlp, args.cache)
    print(f"szeged wiki.xml: {len(items)} sentences parsed "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    _report("word list floor", measure_word_list(items, docs))
    _report("rules (find_hedges)", measure_rules(items, docs))
    if args.designs:
        _report("tagger + doc.tensor, 5-fold", measure_tagger(items, docs, tensor=True))
        for c in (0.2, 0.5, 2.0, 4.0):
            _report(f"reading, tagger C={c}, 5-fold", measure_tagger(items, docs, c=c))
        _designs_weasel(args, nlp, items, docs)
    _report("reading (tagger + cue list rows), 5-fold by article", measure_tagger(items, docs))
    model = train_tagger(items, docs)
    print(f"tagger: {len(model.weights)} weights, threshold {model.threshold} "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    if not args.no_write:
        path = MODELS / "hedge_cues.json"
        path.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)} written")
    return 0


def _designs_weasel(args, nlp, items, docs) -> None:  # type: ignore[no-untyped-def]
    """The vagueness model with and without the cue tagger's reading among its features."""
    weasel_items = hedge_data.weasel(args.shared)
    weasel_docs = hedge_data.parsed(weasel_items, nlp, args.cache)
    for name, readings in (("plain", None), ("with the tagger's reading", tagged_out_of_fold(
            weasel_items, weasel_docs, items, docs))):
        r = measure_vague(weasel_items, weasel_docs, readings)
        print("wikiweasel 5-fold, vagueness {}: model alone P={:.3f} R={:.3f} F1={:.3f}; "
              "flagged P={:.3f} R={:.3f} F1={:.3f}".format(name, *r["alone"], *r["flagged"]),
              flush=True)


def _report(name: str, r: dict) -> None:
    line = f"{name}: uncertain sentences P={r['precision']:.3f} R={r['recall']:.3f} " \
           f"F1={r['f1']:.3f}"
    if "ece" in r:
        line += f"  ECE={r['ece']:.3f} (of those read as hedged {r['ece_hedged']:.3f})  " \
                f"thresholds={sorted(set(r['thresholds'].values()))}"
    if "cue" in r:
        line += "\n  tagger alone: sentences P={:.3f} R={:.3f} F1={:.3f}".format(
            *r["tagger_alone"])
        line += "; cue words P={:.3f} R={:.3f} F1={:.3f}".format(*r["cue"])
    print(line, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
