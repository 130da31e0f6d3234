"""Train the causal link model (sitroom/data/models/causal_links.json) or the span tagger.

    python -m benchmarks.train_causal links [--shared ../shared]   # the shipped link model
    python -m benchmarks.train_causal spans [--shared ../shared]   # the tagger (not shipped)

The link model: a logistic regression over `causal.link_features` of every link the pipeline
finds in CNC train subtask-1 sentences (with out-of-fold sentence models), labelled right when
it matches a marked subtask-2 relation; its probability is each link's `confidence`.

Data: the Causal News Corpus V2 train_subtask2.csv (CC0): for each causal sentence, the cause
(<ARG0>), the effect (<ARG1>) and the signal (<SIG0>) marked in the text. The first marked
relation of each sentence is its training example; every token gets the label of the part it
lies in (signal before cause before effect). The model is a multinomial logistic regression
(scikit-learn, a dev dependency) over `causal_spans.token_features` and the tok2vec rows,
exactly what runs in the pipeline. `cross_validated_taggers` trains one tagger per outer fold
of benchmarks.train_models.folds over the subtask-1 sentences, for the benchmark.

The sentence model (`causal.json`) is still trained by `python -m benchmarks.train_models
causal`; see docs/models/causal.md for the designs compared.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
MODEL = Path("/tmp/causal_spans.json")  # the tagger is a compared design: no weights ship
LINKS_MODEL = ROOT / "sitroom" / "data" / "models" / "causal_links.json"
C = 0.5  # inverse L2 strength (5-fold CV on CNC train: 0.1–1 within 0.01 of span F1)
MIN_COUNT = 2
_PART = re.compile(r"<(/?)(ARG0|ARG1|SIG\d*)>")


def marked_parts(marked: str) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The text without its tags and the character spans of ARG0, ARG1 and every SIGn."""
    text, parts, opened, at = [], {}, {}, 0  # type: ignore[var-annotated]
    for match in _PART.finditer(marked):
        text.append(marked[at:match.start()])
        at = match.end()
        offset = sum(len(piece) for piece in text)
        name = "SIG" if match.group(2).startswith("SIG") else match.group(2)
        if match.group(1):
            parts.setdefault(name, []).append((opened.pop(name, offset), offset))
        else:
            opened[name] = offset
    text.append(marked[at:])
    return "".join(text), parts


def relations(shared: Path) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    """(sentence, parts) per marked relation of train_subtask2.csv, in file order."""
    path = shared / "corpus/causal-news-corpus/V2/train_subtask2.csv"
    with path.open(encoding="utf-8-sig") as handle:
        rows = [marked_parts(row["text_w_pairs"]) for row in csv.DictReader(handle)]
    return [(text, parts) for text, parts in rows if "ARG0" in parts and "ARG1" in parts]


def token_labels(doc, parts: dict[str, list[tuple[int, int]]]) -> list[int]:  # type: ignore[no-untyped-def]
    """The index in LABELS of each token of `doc`."""
    def inside(token, name: str) -> bool:  # type: ignore[no-untyped-def]
        return any(a <= token.idx < b for a, b in parts.get(name, ()))
    out = []
    for token in doc:
        out.append(3 if inside(token, "SIG") else 1 if inside(token, "ARG0") else
                   2 if inside(token, "ARG1") else 0)
    return out


def examples(docs, parts_of):  # type: ignore[no-untyped-def]
    """Per token: sparse features, tensor row and label, over the parsed training sentences."""
    from sitroom.attribution.causal import rule_links
    from sitroom.attribution.causal_spans import tensor_rows, token_features

    features, dense, labels = [], [], []
    for doc, parts in zip(docs, parts_of, strict=True):
        whole = doc[:]
        links = [link for sent in doc.sents for link in rule_links(sent)]
        features.extend(token_features(whole, links))
        dense.append(tensor_rows(whole))
        labels.extend(token_labels(doc, parts))
    return features, np.vstack(dense), labels


def fit_tagger(docs, parts_of, about: dict | None = None):  # type: ignore[no-untyped-def]
    """A span tagger trained on the parsed sentences `docs` with their marked parts."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    from benchmarks.train_models import vectorized
    from sitroom.attribution.causal_spans import TENSOR_WIDTH, SpanTagger

    features, dense, labels = examples(docs, parts_of)
    vectorizer, matrix = vectorized(features, MIN_COUNT)
    classifier = LogisticRegression(C=C, max_iter=3000)
    classifier.fit(hstack([matrix, csr_matrix(dense)]).tocsr(), labels)
    names = list(vectorizer.get_feature_names_out())
    coef = classifier.coef_  # labels × (sparse + dense)
    sparse = {name: [float(w) for w in coef[:, i]] for i, name in enumerate(names)
              if np.abs(coef[:, i]).max() >= 1e-4}
    return SpanTagger(sparse=sparse, dense=coef[:, len(names):len(names) + TENSOR_WIDTH].T.copy(),
                      bias=classifier.intercept_.copy(),
                      about=dict(about or {}, training_sentences=len(docs), C=C))


def first_relations(shared: Path) -> tuple[list[str], list[dict]]:  # type: ignore[type-arg]
    """One marked relation per sentence (its first), for training."""
    seen: dict[str, dict] = {}  # type: ignore[type-arg]
    for text, parts in relations(shared):
        seen.setdefault(text, parts)
    return list(seen), list(seen.values())


def cross_validated_taggers(shared: Path, nlp, fold_of: dict[str, int]):  # type: ignore[no-untyped-def]
    """One tagger per outer fold k, trained on the sentences of the other folds."""
    texts, parts_of = first_relations(shared)
    docs = list(nlp.pipe(texts, batch_size=128))
    taggers = []
    for k in range(5):
        keep = [i for i, text in enumerate(texts) if fold_of.get(text, -1) != k]
        taggers.append(fit_tagger([docs[i] for i in keep], [parts_of[i] for i in keep]))
    return taggers


def link_training(shared: Path, nlp) -> tuple[list, list[bool], list[int]]:  # type: ignore[no-untyped-def]
    """Every link the pipeline finds in CNC train subtask-1 sentences, with the sentence
    model of the other folds: its features, whether it is right (a non-causal sentence's
    links are wrong; a causal one's are right when cause and effect each overlap a marked
    relation's by token F1 ≥ 0.5) and its fold. Causal sentences without marked relations
    are left out."""
    from benchmarks import memo
    from benchmarks.bench_causal import _f1, subtask1, subtask2
    from benchmarks.train_models import causal_models, folds
    from sitroom.attribution.causal import link_features, sentence_links

    folder = shared / "corpus/causal-news-corpus/V2"
    sentences = subtask1(folder / "train_subtask1.csv")
    models = causal_models(shared, nlp)[1]
    gold: dict[str, list[tuple[str, str]]] = {}
    for text, cause, effect in subtask2(folder / "train_subtask2.csv"):
        gold.setdefault(text, []).append((cause, effect))
    features, labels, order = [], [], []
    docs = memo.parsed(nlp, [text for text, _ in sentences])
    for (text, causal), doc, k in zip(sentences, docs, folds(len(sentences)), strict=True):
        if causal and text not in gold:
            continue
        for sent in doc.sents:
            found, p = sentence_links(sent, models[k])
            for link in found:
                right = causal and any(
                    _f1(text[link.cause[0]:link.cause[1]], c) >= 0.5 and
                    _f1(text[link.effect[0]:link.effect[1]], e) >= 0.5 for c, e in gold[text])
                features.append(link_features(sent, link, p, len(found)))
                labels.append(bool(right))
                order.append(k)
    return features, labels, order


def calibration(scores: list[float], labels: list[bool]) -> tuple[float, list[tuple]]:  # type: ignore[type-arg]
    """Expected calibration error over five equal-width bins, and (bin, n, mean score,
    share right) per bin."""
    rows, error = [], 0.0
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = [(s, y) for s, y in zip(scores, labels, strict=True)
                  if low <= s < low + 0.2 or low == 0.8 and s >= 1.0]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            right = sum(y for _, y in inside) / len(inside)
            error += len(inside) / len(scores) * abs(mean - right)
            rows.append((low, len(inside), mean, right))
    return error, rows


def link_calibration(features: list, labels: list[bool],  # type: ignore[type-arg]
                     order: list[int]) -> tuple[float, list[tuple]]:  # type: ignore[type-arg]
    """The link model's calibration over 5 folds (each link scored by a model that did not
    see its fold)."""
    from benchmarks.train_models import _fit_once, out_of_fold

    return calibration(out_of_fold(features, labels, _fit_once, order), labels)


def train_links(shared: Path, nlp) -> int:  # type: ignore[no-untyped-def]
    """Fit the link model, print its 5-fold figures, write causal_links.json."""
    from benchmarks.train_models import _fit_once
    from sitroom.attribution.linear import LinearModel

    features, labels, order = link_training(shared, nlp)
    error, rows = link_calibration(features, labels, order)
    print(f"link model, 5-fold on CNC train: {len(labels)} links, {sum(labels)} right; "
          f"ECE {error:.3f}")
    for low, n, mean, right in rows:
        print(f"  confidence {low:.1f}-{low + 0.2:.1f}: {n} links, mean {mean:.3f}, "
              f"right {right:.3f}")
    final = _fit_once(features, labels)
    model = LinearModel(weights=final.weights, bias=final.bias, threshold=0.5, about={
        "data": "links found in Causal News Corpus V2 train_subtask1.csv sentences (CC0), "
                "judged against train_subtask2.csv", "training_items": len(labels),
        "command": "python -m benchmarks.train_causal links",
        "features": "sitroom.attribution.causal.link_features", "ece_5fold": round(error, 4)})
    LINKS_MODEL.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"{LINKS_MODEL.relative_to(ROOT)}: {len(model.weights)} weights")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("links", "spans"), nargs="?", default="links")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    if not (args.shared / "corpus/causal-news-corpus").exists():
        print(f"{args.shared}/corpus/causal-news-corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    started = time.perf_counter()
    if args.what == "links":
        return train_links(args.shared, load_nlp())
    texts, parts_of = first_relations(args.shared)
    docs = list(load_nlp().pipe(texts, batch_size=128))
    tagger = fit_tagger(docs, parts_of, about={
        "data": "Causal News Corpus V2 train_subtask2.csv (CC0), first relation of each of "
                f"{len(texts)} sentences",
        "command": "python -m benchmarks.train_causal",
        "features": "sitroom.attribution.causal_spans.token_features + doc.tensor rows"})
    MODEL.write_text(tagger.to_json() + "\n", encoding="utf-8")
    print(f"{MODEL}: {len(tagger.sparse)} sparse features × 4 labels, "
          f"{MODEL.stat().st_size / 1e6:.1f} MB ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
