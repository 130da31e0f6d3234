"""Train the attribution tagger and the quote confidence model on PolNeAR; measure on dev.

    python -m benchmarks.train_attribution [--shared ../shared] [--no-write] [--losses]

1. Parses PolNeAR train and dev (cached under /tmp/sitroom-attr-cache, keyed by split) and
   runs the rule stages (sentences, actors, quotes) on them.
2. `--losses`: where the rules lose on dev (gold with no overlapping quote, by cue word;
   quotes overlapping < 0.8, by which edge is off; quotes overlapping nothing).
3. Fits the token tagger (`sitroom/attribution/tagger.py`) on train (SGD logistic loss,
   one-vs-rest), twice more on each half of train for the cross-fitted confidence data.
4. Prints dev figures for each design (rules; tagger alone; rules + tagger, with and without
   boundary correction and additions), fits the confidence model, prints its reliability
   table on dev, and writes both models to sitroom/data/models/.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.bench_attribution import (
    articles,
    count_article,
    empty_counts,
    gold_attributions,
    quote_right,
    reliability,
    summary,
    tokens,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
MODELS = ROOT / "sitroom" / "data" / "models"
CACHE = Path("/tmp/sitroom-attr-cache")
C = 1.0  # inverse L2 strength of the tagger (dev: see the card)
MAX_ITER = 300
# Floors tried for added quotes; the one kept gives the best F1 on dev with a source match of
# at least SOURCE_TARGET (the figure; what is shown is filtered by confidence where
# it is shown)
SOURCE_TARGET = 0.95
FLOORS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


def _design():  # type: ignore[no-untyped-def]
    from sitroom.attribution.learned import DEFAULT

    return DEFAULT  # the pipeline's design: the best on dev (see the card)


DESIGN = _design()
MIN_COUNT = 3  # features seen in fewer training tokens are left out


@dataclass
class Item:
    stem: str
    text: str
    ann: Path
    doc: object  # spacy Doc
    analysis: object  # ArticleAnalysis after the rule stages


def _parse(shared: Path, split: str) -> list[tuple[str, str, str, bytes, object]]:
    from sitroom.attribution.quotes import resolve_quotes
    from sitroom.furniture import find_furniture, parse_text
    from sitroom.nlp import load_nlp
    from sitroom.pipeline import actors, analyze_doc, sentences
    from sitroom.records import Article

    nlp = load_nlp()
    pairs = articles(shared, split)
    texts = [path.read_text(encoding="utf-8") for path, _ in pairs]
    out = []
    docs = nlp.pipe((parse_text(t, find_furniture(t)) for t in texts), batch_size=16)
    for (path, ann), text, doc in zip(pairs, texts, docs, strict=True):
        analysis = analyze_doc(Article(id=path.stem, text=text), doc,
                               stages=(sentences, actors, resolve_quotes))
        out.append((path.stem, text, str(ann), doc.to_bytes(), analysis))
    return out


def load(shared: Path, split: str) -> list[Item]:
    """The split's articles parsed, with the rule quotes (parsed once, then cached)."""
    from sitroom.nlp import load_nlp

    path = CACHE / f"{split}.pickle"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(_parse(shared, split)))
    from spacy.tokens import Doc

    vocab = load_nlp().vocab
    return [Item(stem, text, Path(ann), Doc(vocab).from_bytes(raw), analysis)
            for stem, text, ann, raw, analysis in pickle.loads(path.read_bytes())]


def token_labels(item: Item) -> list[int]:
    """Each token's gold label index in `tagger.LABELS`."""
    doc = item.doc
    starts = [t.idx for t in doc]
    labels = [0] * len(doc)

    def mark(spans, first: int, rest: int) -> None:  # noqa: ANN001
        toks = [i for s, e in spans for i in range(len(doc)) if s <= starts[i] < e
                and not doc[i].is_space]
        for n, i in enumerate(sorted(toks)):
            labels[i] = first if n == 0 else rest

    for gold in gold_attributions(item.ann):
        mark(gold["content"], 3, 4)
        if gold["cue"]:
            mark(gold["cue"], 2, 2)
        if gold["source"]:
            mark(gold["source"], 1, 1)
    return labels


def _rows(items: list[Item]) -> tuple[list[list[list[str]]], np.ndarray, np.ndarray]:
    from sitroom.attribution.tagger import token_features

    feats = [token_features(it.doc) for it in items]
    dense = np.vstack([it.doc.tensor for it in items])
    labels = np.array([y for it in items for y in token_labels(it)])
    return feats, dense, labels


def label_transitions(items: list[Item]) -> np.ndarray:
    """log P(next label | label) over the gold labels of the tokens that are not space
    (add-one smoothed)."""
    from sitroom.attribution.tagger import LABELS

    counts = np.ones((len(LABELS), len(LABELS)))
    for it in items:
        labels = [y for t, y in zip(it.doc, token_labels(it), strict=True) if not t.is_space]
        for a, b in zip(labels, labels[1:], strict=False):
            counts[a, b] += 1
    return np.log(counts / counts.sum(axis=1, keepdims=True))


def fit_tagger(items: list[Item], c: float = C,  # type: ignore[no-untyped-def]
               dense_too: bool = True):
    """The tagger trained on `items` (multinomial logistic regression; `dense_too`: with the
    parser's token vectors as well as the named features)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    from sitroom.attribution.tagger import LABELS, TaggerModel

    feats, dense, labels = _rows(items)
    seen = Counter(name for doc in feats for names in doc for name in names)
    vocab = {n: i for i, n in enumerate(sorted(n for n, c in seen.items() if c >= MIN_COUNT))}
    indices, indptr = [], [0]
    for doc in feats:
        for names in doc:
            indices.extend(vocab[n] for n in set(names) if n in vocab)
            indptr.append(len(indices))
    sparse = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(indptr) - 1,
                                                                          len(vocab)))
    scale = dense.std(axis=0) + 1e-6
    matrix = hstack([sparse, csr_matrix(dense / scale)]).tocsr() if dense_too else None
    clf = LogisticRegression(C=c, max_iter=MAX_ITER)
    clf.fit(matrix if dense_too else sparse, labels)
    coef = clf.coef_.T  # (features, labels)
    transitions = label_transitions(items)
    keep = np.abs(coef[:len(vocab)]).max(axis=1) >= 1e-3
    names = [n for n, i in sorted(vocab.items(), key=lambda kv: kv[1]) if keep[i]]
    return TaggerModel(
        labels=LABELS, vocab={n: i for i, n in enumerate(names)},
        sparse=coef[:len(vocab)][keep],
        dense=coef[len(vocab):] / scale[:, None] if dense_too else np.zeros((dense.shape[1],
                                                                            len(LABELS))),
        bias=clf.intercept_.copy(), transitions=transitions,
        about={"data": "PolNeAR train (840 texts, first annotator)", "C": c,
               "dense": dense_too, "min_count": MIN_COUNT,
               "command": "python -m benchmarks.train_attribution"})


def candidates(items: list[Item], tagger, design):  # type: ignore[no-untyped-def]
    """Every article's combined quotes before scoring (with origin and tagger score)."""
    from sitroom.attribution.learned import combine, with_scores
    from sitroom.attribution.tagger import content_log_odds, syntactic_spans, tag_spans

    out = []
    for it in items:
        probs = tagger.probabilities(it.doc)
        if design.decode == "syntax":
            tagged = syntactic_spans(it.doc, probs, tagger.transitions)
            odds = content_log_odds(probs)
        else:
            tagged, odds = tag_spans(it.doc, probs, tagger.transitions), None
        out.append(with_scores(combine(it.analysis.quotes, tagged, it.doc, it.text,
                                       it.analysis.actors, design, odds), it.doc, probs))
    return out


def tagger_only(items: list[Item], tagger) -> list[list[object]]:  # type: ignore[no-untyped-def]
    from sitroom.attribution.learned import tagged_quotes
    from sitroom.attribution.tagger import tag_spans
    from sitroom.intervals import Intervals

    out = []
    for it in items:
        mentions = Intervals((m.start, m.end, a) for a in it.analysis.actors
                             for m in a.mentions)
        out.append([q for t in tag_spans(it.doc, tagger.probabilities(it.doc),
                                          tagger.transitions)
                     for q in tagged_quotes(it.doc, it.text, t, mentions)])
    return out


def score(items: list[Item], quotes_per_item) -> dict[str, float]:  # type: ignore[no-untyped-def]
    counts = empty_counts()
    for it, quotes in zip(items, quotes_per_item, strict=True):
        count_article(it.text, it.ann, quotes, counts)
    return summary(counts)


def line(name: str, r: dict[str, float]) -> str:
    return (f"{name:<34} pred={r['pred']:>5} P={r['precision']:.3f} R={r['recall']:.3f} "
            f"F1(0.8)={r['f1']:.3f} F1(exact)={r['f1_exact']:.3f} F1(any)={r['f1_any']:.3f} "
            f"source={r['source_match']:.3f}")


def confidence_data(items: list[Item], cands) -> tuple[list[dict], list[bool]]:  # type: ignore[no-untyped-def]
    from sitroom.attribution.quote_scoring import quote_features

    feats, labels = [], []
    for it, per in zip(items, cands, strict=True):
        types = {a.id: a.type for a in it.analysis.actors}
        for c in per:
            feats.append(quote_features(c, it.doc, types))
            labels.append(quote_right(it.text, it.ann, c.quote))
    return feats, labels


def losses(items: list[Item], quotes_per_item) -> None:  # type: ignore[no-untyped-def]
    """Where predictions lose against the gold (see the module)."""
    missed: Counter[str] = Counter()
    edges: Counter[str] = Counter()
    nothing = 0
    for it, quotes in zip(items, quotes_per_item, strict=True):
        golds = gold_attributions(it.ann)
        spans = [(p.start, p.end) for q in quotes for p in q.parts or (q.content,)]
        for g in golds:
            if not any(s < e2 and s2 < e for s, e in g["content"] for s2, e2 in spans):
                cue = " ".join(it.text[s:e].lower() for s, e in g["cue"] or [])
                missed[cue or "(none)"] += 1
        for q in quotes:
            own = tokens(it.text, [(p.start, p.end) for p in q.parts or (q.content,)])
            best = max(((len(own & (g := tokens(it.text, x["content"]))) /
                         max(len(own), len(g), 1), x) for x in golds),
                       key=lambda t: t[0], default=(0.0, None))
            if best[0] == 0:
                nothing += 1
            elif best[0] < 0.8 and best[1] is not None:
                g_start = min(s for s, _ in best[1]["content"])
                g_end = max(e for _, e in best[1]["content"])
                start = "start early" if q.content.start < g_start - 1 else \
                    "start late" if q.content.start > g_start + 1 else "start ok"
                end = "end early" if q.content.end < g_end - 2 else \
                    "end late" if q.content.end > g_end + 2 else "end ok"
                edges[f"{start}, {end}"] += 1
    print(f"gold with no overlapping quote: {sum(missed.values())}; by cue:")
    print("  " + ", ".join(f"{k!r} {v}" for k, v in missed.most_common(40)))
    print(f"quotes overlapping a gold < 0.8: {sum(edges.values())}; by edge:")
    print("  " + ", ".join(f"{k}: {v}" for k, v in edges.most_common()))
    print(f"quotes overlapping no gold: {nothing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--losses", action="store_true", help="only the loss analysis")
    parser.add_argument("--limit", type=int, help="train articles (for a quick try)")
    parser.add_argument("--designs", action="store_true", help="only the designs on dev")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse the tagger of the last run (cached) to try decodings")
    args = parser.parse_args()
    if not (args.shared / "corpus/polnear").exists():
        print(f"{args.shared}/corpus/polnear: not found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    dev = load(args.shared, "dev")
    if args.losses:
        losses(dev, [it.analysis.quotes for it in dev])
        return 0
    train = load(args.shared, "train")[:args.limit]
    print(f"parsed: train {len(train)}, dev {len(dev)} ({time.perf_counter() - started:.0f} s)")
    run(train, dev, write=not args.no_write, reuse=args.reuse, only_designs=args.designs)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


def cached_tagger(train: list[Item], reuse: bool,  # type: ignore[no-untyped-def]
                  name: str = "all"):
    path = CACHE / f"tagger-{name}-{len(train)}-{C}.pickle"
    if reuse and path.exists():
        return pickle.loads(path.read_bytes())
    tagger = fit_tagger(train)
    path.write_bytes(pickle.dumps(tagger))
    return tagger


def designs(dev: list[Item], tagger) -> None:  # type: ignore[no-untyped-def]
    """Dev figures of each way of using the tagger."""
    from sitroom.attribution.learned import Design

    print(line("rules alone", score(dev, [it.analysis.quotes for it in dev])))
    print(line("tagger alone", score(dev, tagger_only(dev, tagger))))
    for name, design in (
            ("rules + label boundaries", Design(reshape=True, add=False, decode="labels")),
            ("rules + label additions", Design(reshape=False, add=True, decode="labels")),
            ("rules + labels (both)", Design(reshape=True, add=True, decode="labels")),
            ("rules + syntax boundaries", Design(reshape=True, add=False)),
            ("rules + syntax additions", Design(reshape=False, add=True)),
            ("rules + syntax (both)", Design(reshape=True, add=True))):
        cands = candidates(dev, tagger, design)
        print(line(name, score(dev, [[c.quote for c in per] for per in cands])))


def cross_fitted(train: list[Item], reuse: bool):  # type: ignore[no-untyped-def]
    """The confidence model's training data: each half of train combined by a tagger trained
    on the other half."""
    feats: list[dict] = []
    labels: list[bool] = []
    halves = [train[0::2], train[1::2]]
    for k, (fit_on, tag) in enumerate(((halves[0], halves[1]), (halves[1], halves[0]))):
        tagger = cached_tagger(fit_on, reuse, f"half{k}")
        f, y = confidence_data(tag, candidates(tag, tagger, DESIGN))
        feats.extend(f)
        labels.extend(y)
    return feats, labels


def with_floor(cands, confidences, floor: float,  # type: ignore[no-untyped-def]
               every: bool = False):
    """The quotes kept when added ones (`every`: all) under `floor` are dropped."""
    return [[c.quote for c, p in zip(per, ps, strict=True)
             if (c.origin != "tagger" and not every) or p >= floor]
            for per, ps in zip(cands, confidences, strict=True)]


def _without_tagger(f: dict) -> dict:
    return {k: v for k, v in f.items() if not k.startswith(("score|", "cue_score",
                                                            "source_score"))}


def compare_confidence(feats, labels, dev_feats, dev_labels) -> None:  # type: ignore[no-untyped-def]
    """Brier score and ECE on dev of the confidence model with and without the tagger's
    probabilities among its features."""
    from benchmarks.bench_attribution import ece
    from benchmarks.train_models import _fit_once

    for name, strip in (("with the tagger's probabilities", False), ("rule features only", True)):
        pick = _without_tagger if strip else (lambda f: f)
        model = _fit_once([pick(f) for f in feats], labels, min_count=3, c=0.3)
        probs = [model.probability(pick(f)) for f in dev_feats]
        brier = sum((p - y) ** 2 for p, y in zip(probs, dev_labels, strict=True)) / len(probs)
        print(f"confidence {name}: dev Brier {brier:.4f}, ECE {ece(probs, dev_labels):.3f}")


def fit_confidence(train: list[Item], dev: list[Item], tagger, reuse: bool):  # type: ignore[no-untyped-def]
    """The quote confidence model (cross-fitted on train), its reliability on dev and the
    floor under which added quotes are dropped (chosen on dev)."""
    from benchmarks.train_models import _fit_once

    feats, labels = cross_fitted(train, reuse)
    model = _fit_once(feats, labels, min_count=3, c=0.3)
    print(f"confidence model: {len(labels)} train quotes, {sum(labels) / len(labels):.3f} right")
    cands = candidates(dev, tagger, DESIGN)
    dev_feats, dev_labels = confidence_data(dev, cands)
    probs = [model.probability(f) for f in dev_feats]
    print("dev reliability (the combined quotes before any floor):")
    reliability(probs, dev_labels)
    compare_confidence(feats, labels, dev_feats, dev_labels)
    per, at = [], 0
    for c in cands:
        per.append(probs[at:at + len(c)])
        at += len(c)
    best = (-1.0, 0.0)
    for floor in FLOORS:
        r = score(dev, with_floor(cands, per, floor))
        print(line(f"added quotes from confidence {floor}", r))
        print(line(f"  all quotes from confidence {floor}", score(dev, with_floor(
            cands, per, floor, every=True))))
        if r["source_match"] >= SOURCE_TARGET:
            best = max(best, (round(r["f1"], 3), floor))  # ties: the higher floor
    return model, best[1]


def run(train: list[Item], dev: list[Item], write: bool, reuse: bool = False,
        only_designs: bool = False) -> None:
    from dataclasses import replace

    started = time.perf_counter()
    tagger = cached_tagger(train, reuse)
    print(f"tagger fitted ({time.perf_counter() - started:.0f} s, {len(tagger.vocab)} features)")
    designs(dev, tagger)
    if only_designs:
        return
    model, floor = fit_confidence(train, dev, tagger, reuse)
    model = replace(model, threshold=floor, about={
        "data": "PolNeAR train, tagger outputs cross-fitted over two halves",
        "threshold": "added (tagger-only) quotes below it are dropped; chosen on PolNeAR dev",
        "command": "python -m benchmarks.train_attribution"})
    if write:
        MODELS.joinpath("attribution_tagger.json").write_text(tagger.to_json(), encoding="utf-8")
        MODELS.joinpath("quote_confidence.json").write_text(model.to_json(), encoding="utf-8")
        print(f"wrote attribution_tagger.json, quote_confidence.json (floor {floor})")


if __name__ == "__main__":
    raise SystemExit(main())
