"""Train, cross-validate and write the event models (see docs/models/event_models.md).

    python -m benchmarks.train_events [--shared ../shared] [--no-write]

Data: the train parts of the ConfliBERT CAMEO sets — cameo_class/train.tsv (1,349 sentences
with a CAMEO pentacode) and cameo_ner/train.txt (1,153 sentences with source and target
spans; 934 of them are also in cameo_class, which gives sentences with both a code and roles).

1. `event_pentacode`: for each sentence, the coder's main event (the one nearest the root of
   the parse, as bench_events picks it) and its features (`scoring.code_features`), or the
   sentence's own features when the coder found none, labelled with the sentence's pentacode.
   Compared by 5-fold cross-validation (round-robin folds) with the rules alone and with a
   bag of words alone.
2. `event_confidence`: on the sentences with roles, the main event is right when its
   pentacode, its source and its target agree with the human coders (a span of the role, or
   of a reciprocal R, overlaps the event's span; no role in the gold means none expected).
   Its features include the pentacode model's out-of-fold probability for the coder's own
   pentacode, so the confidence model never trains on a probability from a model that saw
   the sentence. 5-fold CV gives the calibration (ECE, reliability table) and precision at
   each threshold.

Everything printed is measured in this run; the models are then fitted on all the data and
written to sitroom/data/models/ (unless --no-write).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_events import macro_f1, main_event
from benchmarks.train_models import _fit_once, folds, out_of_fold, vectorized
from sitroom.attribution.linear import Features, LinearModel, SoftmaxModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
MODELS = ROOT / "sitroom" / "data" / "models"
PENTA_C = 1.0
# C of the confidence model, by 5-fold CV by article on the labelled news (docs/models)
CONFIDENCE_C = 0.3
BINS = 10


@dataclass
class Item:
    text: str
    label: str
    features: Features
    rule: str  # the coder's pentacode for the main event, "0" when it found none
    event: object | None = None
    roles: dict[str, list[tuple[int, int]]] | None = None  # S/T/R → char spans
    doc: object | None = None
    events: tuple = ()  # type: ignore[type-arg]  # every event the coder found


def _key(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def class_rows(shared: Path) -> list[tuple[str, str]]:
    rows = []
    for line in (shared / "corpus/conflibert-cameo/cameo_class/train.tsv").read_text(
            "utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if label.strip().isdigit() and text.strip():
            rows.append((text.strip(), label.strip()))
    return rows


def ner_sentences(shared: Path) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in (shared / "corpus/conflibert-cameo/cameo_ner/train.txt").read_text(
            "utf-8").splitlines():
        if not line.strip():
            if current:
                out.append(current)
            current = []
            continue
        word, _, tag = line.rpartition(" ")
        current.append((word, tag))
    if current:
        out.append(current)
    return out


Roles = dict[str, list[tuple[int, int]]]


def align_roles(text: str, tokens: list[tuple[str, str]]) -> Roles | None:
    """The S/T/R spans of a CoNLL sentence as character spans of `text`, or None when its
    tokens cannot be found in order."""
    spans: Roles = {"S": [], "T": [], "R": []}
    cursor = 0
    for word, tag in tokens:
        at = text.find(word, cursor)
        if at < 0 or at - cursor > 3:
            return None
        cursor = at + len(word)
        if tag.startswith("B-"):
            spans[tag[2:]].append((at, cursor))
        elif tag.startswith("I-") and spans[tag[2:]]:
            spans[tag[2:]][-1] = (spans[tag[2:]][-1][0], cursor)
    return spans


def build_items(shared: Path, nlp) -> list[Item]:  # type: ignore[no-untyped-def]
    from benchmarks.bench_events import _analyses
    from sitroom.events.scoring import code_features, pentacode, sentence_features

    rows = class_rows(shared)
    ner = {_key("".join(w for w, _ in s)): s for s in ner_sentences(shared)}
    items = []
    for (text, label), (analysis, doc) in zip(rows, _analyses([t for t, _ in rows], nlp),
                                              strict=True):
        event = main_event(analysis, doc)
        features = code_features(event, doc) if event else sentence_features(doc)
        tokens = ner.get(_key(text))
        items.append(Item(text, label, features, pentacode(event) if event else "0", event,
                          align_roles(text, tokens) if tokens else None, doc,
                          analysis.events))
    return items


def fit_softmax(features: Sequence[Features], labels: Sequence[str], c: float = PENTA_C,
                min_count: int = 2) -> SoftmaxModel:
    from sklearn.linear_model import LogisticRegression

    vectorizer, matrix = vectorized(features, min_count)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(matrix, list(labels))
    classes = tuple(str(c) for c in model.classes_)
    weights: dict[str, dict[str, float]] = {}
    for name, column in zip(vectorizer.get_feature_names_out(), model.coef_.T, strict=True):
        per = {label: float(w) for label, w in zip(classes, column, strict=True)
               if abs(w) >= 1e-4}
        if per:
            weights[name] = per
    return SoftmaxModel(classes=classes, weights=weights,
                        biases={label: float(b) for label, b in
                                zip(classes, model.intercept_, strict=True)})


def fit_binary(features: Sequence[Features], labels: Sequence[bool],
               c: float = CONFIDENCE_C) -> LinearModel:
    """A logistic regression over every feature (the confidence features are few)."""
    return _fit_once(features, labels, min_count=1, c=c)


def out_of_fold_penta(items: Sequence[Item], feature_of=lambda item: item.features,  # type: ignore[no-untyped-def]
                      c: float = PENTA_C) -> list[dict[str, float]]:
    order = folds(len(items))
    out: list[dict[str, float]] = [{} for _ in items]
    for k in range(5):
        train = [i for i, f in enumerate(order) if f != k]
        model = fit_softmax([feature_of(items[i]) for i in train],
                            [items[i].label for i in train], c)
        for i, f in enumerate(order):
            if f == k:
                out[i] = model.probabilities(feature_of(items[i]))
    return out


@dataclass
class Judged:
    """A labelled event of an allsides-intl article with its confidence features."""

    article: str
    features: Features
    right: bool
    reversed: bool
    not_event: bool


def allsides_items(shared: Path, nlp, penta: SoftmaxModel,  # type: ignore[no-untyped-def]
                   roles: LinearModel | None = None, role_min: float = 0.5) -> list[Judged]:
    """The events today's pipeline codes at the labelled triggers, judged against the
    labels, with the features the confidence model reads (p_code from `penta`; with `roles`,
    missing roles filled by that role filler at `role_min` — a design not adopted)."""
    from benchmarks.bench_allsides_events import judge, read_labels
    from benchmarks.role_filler import with_roles
    from sitroom import pipeline
    from sitroom.events.scoring import code_features, confidence_features, pentacode, recoded
    from sitroom.furniture import parse_text
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.records import Article

    labels = read_labels()
    by_key = {(x.article, x.start): x for x in labels}
    ids = {x.article for x in labels}
    articles = [a for a in read_inputs([str(shared / "corpus/allsides-intl/jsons")],
                                       IngestOptions()) if isinstance(a, Article) and a.id in ids]
    stages = (pipeline.sentences, pipeline.actors, pipeline.quotes, pipeline.events)
    out = []
    for article, doc in zip(articles, nlp.pipe(parse_text(a.text) for a in articles),
                            strict=True):
        analysis = pipeline.analyze_doc(article, doc, stages)
        for event in analysis.events:
            label = by_key.get((article.id, event.trigger.start))
            if label is None:
                continue
            probabilities = penta.probabilities(code_features(event, doc))
            event = recoded(event, probabilities, doc)
            if roles is not None:
                event = with_roles(event, analysis, doc, roles.probability, role_min)
            verdict = judge(event, label)
            out.append(Judged(article.id, confidence_features(
                event, doc, probabilities.get(pentacode(event), 0.0)), verdict["right"],
                verdict["reversed"], verdict["not_event"]))
    return out


def article_folds(items: Sequence[Judged], k: int = 5) -> list[int]:
    """A fold per item, all of an article's events in one fold (articles round robin)."""
    order = {a: i % k for i, a in enumerate(sorted({x.article for x in items}))}
    return [order[x.article] for x in items]


def confidence_designs(news: Sequence[Judged], wire: tuple[list[Features], list[bool]]
                       ) -> dict[str, list[float]]:
    """Out-of-fold confidences on the labelled news events, three ways: a model trained on
    the ConfliBERT sentences alone, on the labelled news alone, or on both (the news folds
    held out in turn)."""
    order = article_folds(news)
    designs: dict[str, list[float]] = {"ConfliBERT sentences only": [],
                                       "labelled news only": [], "both": [],
                                       "both, ConfliBERT marked as its own domain": []}
    marked = [dict(f, domain_wire=1.0) for f in wire[0]]
    alone = fit_binary(*wire)
    designs["ConfliBERT sentences only"] = [alone.probability(x.features) for x in news]
    extra = {"labelled news only": ([], []), "both": wire,
             "both, ConfliBERT marked as its own domain": (marked, wire[1])}
    for name, (more_features, more_labels) in extra.items():
        def fitter(features: list[Features], labels: list[bool],
                   more: tuple = (more_features, more_labels)) -> LinearModel:  # type: ignore[type-arg]
            return fit_binary(features + list(more[0]), labels + list(more[1]))

        designs[name] = out_of_fold([x.features for x in news], [x.right for x in news],
                                    fitter, order)
    return designs


def _overlaps(span, spans: list[tuple[int, int]]) -> bool:  # type: ignore[no-untyped-def]
    return span is not None and any(span.start < end and start < span.end
                                    for start, end in spans)


def roles_right(event, roles: dict[str, list[tuple[int, int]]]) -> tuple[bool, bool]:  # type: ignore[no-untyped-def]
    """(source right, target right) against the gold S/T/R spans."""
    sources, targets = roles["S"] + roles["R"], roles["T"] + roles["R"]
    source_ok = _overlaps(event.source_span, sources) if sources else event.source is None
    target_ok = _overlaps(event.target_span, targets) if targets else event.target is None
    return source_ok, target_ok


def bag_of_words(item: Item) -> Features:
    words = [t.lower_ for t in item.doc if not t.is_punct and not t.is_space]  # type: ignore[attr-defined]
    features: Features = {f"u:{w}": 1.0 for w in words}
    features.update({f"b:{a}_{b}": 1.0 for a, b in zip(words, words[1:], strict=False)})
    return features


def reliability(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, list[dict]]:  # type: ignore[type-arg]
    """Expected calibration error over 10 equal-width bins, and the table."""
    table, ece = [], 0.0
    for b in range(BINS):
        low, high = b / BINS, (b + 1) / BINS
        members = [i for i, s in enumerate(scores) if low <= s < high or (b == BINS - 1
                                                                           and s == 1.0)]
        if not members:
            continue
        mean = sum(scores[i] for i in members) / len(members)
        right = sum(labels[i] for i in members) / len(members)
        ece += len(members) / len(scores) * abs(mean - right)
        table.append({"bin": f"{low:.1f}-{high:.1f}", "n": len(members),
                      "mean_confidence": round(mean, 3), "share_right": round(right, 3)})
    return ece, table


def at_thresholds(scores: Sequence[float], labels: Sequence[bool]) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for t in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        shown = [label for s, label in zip(scores, labels, strict=True) if s >= t]
        out.append({"threshold": t, "shown": len(shown),
                    "precision": round(sum(shown) / max(len(shown), 1), 3)})
    return out


def pentacode_designs(items: Sequence[Item]) -> tuple[dict, list[dict[str, float]]]:  # type: ignore[type-arg]
    gold = [i.label for i in items]
    figures = {"rules alone": macro_f1(gold, [i.rule for i in items])[0]}
    started = time.perf_counter()
    bow = out_of_fold_penta(items, bag_of_words)
    figures["bag of words + bigrams (no parse), LR"] = macro_f1(
        gold, [max(p, key=p.__getitem__) for p in bow])[0]
    learned = out_of_fold_penta(items)
    figures["event features (coder + parse + sentence), LR"] = macro_f1(
        gold, [max(p, key=p.__getitem__) for p in learned])[0]
    local = out_of_fold_penta(items, lambda i: {k: v for k, v in i.features.items()
                                                if not k.startswith("s:")})
    figures["event features without sentence words, LR"] = macro_f1(
        gold, [max(p, key=p.__getitem__) for p in local])[0]
    figures["_cv_seconds"] = time.perf_counter() - started
    figures["coder's events recoded where the model is sure (what extract outputs)"] = \
        macro_f1(gold, [final_pentacode(i, p) for i, p in zip(items, learned, strict=True)])[0]
    return figures, learned


def final_pentacode(item: Item, probabilities: dict[str, float]) -> str:
    from sitroom.events.scoring import pentacode, recoded

    if item.event is None:
        return "0"
    return pentacode(recoded(item.event, probabilities, item.doc))  # type: ignore[arg-type]


def confidence_data(items: Sequence[Item], learned: Sequence[dict[str, float]]
                    ) -> tuple[list[Features], list[bool], dict[str, float]]:
    from sitroom.events.scoring import confidence_features, pentacode, recoded

    features, labels = [], []
    parts = Counter()  # type: ignore[var-annotated]
    for item, probabilities in zip(items, learned, strict=True):
        if item.event is None or item.roles is None:
            continue
        event = recoded(item.event, probabilities, item.doc)  # type: ignore[arg-type]
        p_code = probabilities.get(pentacode(event), 0.0)
        source_ok, target_ok = roles_right(event, item.roles)
        code_ok = pentacode(event) == item.label
        parts["code"] += code_ok
        parts["source"] += source_ok
        parts["target"] += target_ok
        features.append(confidence_features(event, item.doc, p_code))  # type: ignore[arg-type]
        labels.append(code_ok and source_ok and target_ok)
    shares = {k: v / max(len(labels), 1) for k, v in parts.items()}
    return features, labels, shares


def cross_validated_confidence(features: Sequence[Features], labels: Sequence[bool]
                               ) -> list[float]:
    return out_of_fold(features, labels, fit_binary)


def report(figures: dict, conf: dict) -> None:  # type: ignore[type-arg]
    print("pentacode, cameo_class train, 5-fold CV, macro-F1:")
    for name, value in figures.items():
        if not name.startswith("_"):
            print(f"  {name:50s} {value:.3f}")
    print(f"  (the three learned designs: {figures['_cv_seconds']:.0f} s)")
    print(f"event right (pentacode + source + target), {conf['events']} main events with "
          f"roles: base rate {conf['base_rate']:.3f} (code {conf['shares']['code']:.3f}, "
          f"source {conf['shares']['source']:.3f}, target {conf['shares']['target']:.3f})")
    print(f"confidence, 5-fold CV: ECE {conf['ece']:.3f}")
    for row in conf["reliability"]:
        print(f"  {row['bin']}  n={row['n']:4d}  mean {row['mean_confidence']:.3f}  "
              f"right {row['share_right']:.3f}")
    for row in conf["thresholds"]:
        print(f"  confidence ≥ {row['threshold']:.1f}: {row['shown']:4d} shown, precision "
              f"{row['precision']:.3f}")


def news_report(news: Sequence[Judged], designs: dict[str, list[float]]) -> dict:  # type: ignore[type-arg]
    print(f"labelled allsides-intl events: {len(news)} in "
          f"{len({x.article for x in news})} articles, {sum(x.right for x in news)} right; "
          "5-fold CV by article (each event scored by a model that never saw its article)")
    out = {}
    for name, scores in designs.items():
        labels = [x.right for x in news]
        ece, table = reliability(scores, labels)
        rows = []
        for t in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            shown = [x for x, c in zip(news, scores, strict=True) if c >= t]
            n = max(len(shown), 1)
            rows.append({"threshold": t, "shown": len(shown),
                         "precision": round(sum(x.right for x in shown) / n, 3),
                         "reversed": round(sum(x.reversed for x in shown) / n, 3),
                         "not_event": round(sum(x.not_event for x in shown) / n, 3)})
        out[name] = {"ece": ece, "reliability": table, "thresholds": rows}
        print(f"  {name}: ECE {ece:.3f}")
        for row in rows:
            print(f"    confidence ≥ {row['threshold']:.1f}: {row['shown']:4d} shown, precision "
                  f"{row['precision']:.3f}, reversed {row['reversed']:.3f}, not an event "
                  f"{row['not_event']:.3f}")
    for row in out["labelled news only"]["reliability"]:
        print(f"    news only, {row['bin']}  n={row['n']:4d}  mean {row['mean_confidence']:.3f}  "
              f"right {row['share_right']:.3f}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--no-write", action="store_true", help="measure only")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    started = time.perf_counter()
    nlp = load_nlp()
    items = build_items(args.shared, nlp)
    figures, learned = pentacode_designs(items)
    features, labels, shares = confidence_data(items, learned)
    scores = cross_validated_confidence(features, labels)
    ece, table = reliability(scores, labels)
    conf = {"events": len(labels), "base_rate": sum(labels) / max(len(labels), 1),
            "shares": shares, "ece": ece, "reliability": table,
            "thresholds": at_thresholds(scores, labels)}
    report(figures, conf)
    penta = fit_softmax([i.features for i in items], [i.label for i in items])
    news = allsides_items(args.shared, nlp, penta)
    role_figures = role_report(role_sentences(args.shared, nlp), args.shared, nlp, penta,
                               sum(x.right for x in news))
    news_figures = news_report(news, confidence_designs(news, (features, labels)))
    if args.json:
        args.json.write_text(json.dumps({"pentacode": figures, "confidence": conf,
                                         "roles": role_figures, "news": news_figures},
                                        indent=1))
    if not args.no_write:  # the design that measured best on news: its labels alone
        write_models(penta, [x.features for x in news], [x.right for x in news], len(news))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


def role_report(sentences: Sequence[RoleSentence], shared: Path, nlp,  # type: ignore[no-untyped-def]
                penta: SoftmaxModel, right_without: int) -> dict:  # type: ignore[type-arg]
    """The role filler, a design measured and not adopted: on cameo_ner (5-fold CV), then
    what it does to the labelled news events (fitted on all of cameo_ner)."""
    figures: dict = role_cv(sentences)  # type: ignore[type-arg]
    print(f"role filler (not adopted): cameo_ner train ({len(sentences)} sentences), main "
          "event's roles by overlap, 5-fold CV:")
    for name, row in figures.items():
        print(f"  {name:28s} P {row['precision']:.3f} R {row['recall']:.3f} "
              f"F1 {row['f1']:.3f}")
    model = fit_roles(sentences)
    effect = {}
    for t in (0.5, 0.7, 0.9):
        news = allsides_items(shared, nlp, penta, model, t)
        effect[t] = sum(x.right for x in news)
    figures["news_right"] = {"without": right_without, **{str(t): n for t, n in effect.items()}}
    print(f"  labelled news events right: {right_without} without the filler; "
          + ", ".join(f"{n} with it at {t}" for t, n in effect.items()))
    return figures


def write_models(penta: SoftmaxModel, features: Sequence[Features], labels: Sequence[bool],
                 news: int) -> None:
    about = {"data": "event_pentacode: ConfliBERT cameo_class train (1,349 sentences; "
                     "third-party news sentences, no licence stated; no text ships, only "
                     "weights). event_confidence: the project's own labels of events in "
                     "allsides-intl articles (benchmarks/labels/allsides_events.tsv)",
             "command": "python -m benchmarks.train_events",
             "card": "docs/models/event_models.md"}
    penta = SoftmaxModel(penta.classes, penta.weights, penta.biases,
                         dict(about, features="sitroom.events.scoring.code_features", C=PENTA_C))
    confidence = fit_binary(features, labels)
    confidence = LinearModel(confidence.weights, confidence.bias, 0.5,
                             dict(about, features="sitroom.events.scoring.confidence_features",
                                  C=CONFIDENCE_C, training_items=len(labels),
                                  labelled_news_events=news))
    for name, model in (("event_pentacode", penta), ("event_confidence", confidence)):
        path = MODELS / f"{name}.json"
        path.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.0f} KB")




# -- the role filler (benchmarks/role_filler.py), a design measured and not adopted ----------

ROLE_C = 1.0
ROLE_THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass
class RoleSentence:
    """One cameo_ner sentence: its main event as the coder leaves it, the candidates for
    each role with their features and gold labels, and the gold spans."""

    event: object | None
    gold: dict[str, list[tuple[int, int]]]
    options: dict[str, list[tuple[tuple[int, int], Features, bool]]]


def role_sentences(shared: Path, nlp) -> list[RoleSentence]:  # type: ignore[no-untyped-def]
    from benchmarks.bench_actors import cameo_ner_texts
    from benchmarks.bench_events import _analyses
    from benchmarks.role_filler import _head, candidates, mention_features

    texts, spans = cameo_ner_texts(shared)
    out = []
    for (analysis, doc), gold_spans in zip(_analyses(texts, nlp), spans, strict=True):
        gold = {"source": [(s, e) for s, e, t in gold_spans if t in ("S", "R")],
                "target": [(s, e) for s, e, t in gold_spans if t in ("T", "R")]}
        event = main_event(analysis, doc)
        options: dict[str, list[tuple[tuple[int, int], Features, bool]]] = {
            "source": [], "target": []}
        trigger = _head(doc, event.trigger.start, event.trigger.end) if event else None
        if event is not None and trigger is not None:
            for role in ("source", "target"):
                other = event.target if role == "source" else event.source
                for c in candidates(analysis, event.sentence):
                    word = _head(doc, c.start, c.end)
                    if word is None or c.actor.id == other or word.i == trigger.i:
                        continue
                    right = any(c.start < e and s < c.end for s, e in gold[role])
                    options[role].append(((c.start, c.end), mention_features(
                        role, event, word, trigger, c.actor), right))
        out.append(RoleSentence(event, gold, options))
    return out


def _filled_span(sentence: RoleSentence, role: str, model: LinearModel | None,
                 threshold: float) -> list[tuple[int, int]]:
    """The role's span after the filler (or the coder's alone when `model` is None)."""
    event = sentence.event
    if event is None:
        return []
    span = getattr(event, f"{role}_span")
    if span is not None:
        return [(span.start, span.end)]
    if model is None or (role == "target" and event.root == "01"):  # type: ignore[attr-defined]
        return []
    scored = [(model.probability(f), where) for where, f, _ in sentence.options[role]]
    best = max(scored, default=None)
    return [best[1]] if best and best[0] >= threshold else []


def role_cv(sentences: Sequence[RoleSentence]) -> dict[str, dict[str, float]]:
    """Span F1 (overlap) of the main event's source and target on cameo_ner: the coder alone,
    and with the filler at each threshold (5-fold CV by sentence)."""
    from benchmarks.bench_events import _span_f1

    order = folds(len(sentences))
    models: list[LinearModel] = []
    for k in range(5):
        train = [s for s, f in zip(sentences, order, strict=True) if f != k]
        rows = [(f, y) for s in train for role in ("source", "target")
                for _, f, y in s.options[role]]
        models.append(fit_binary([f for f, _ in rows], [y for _, y in rows], ROLE_C))
    out: dict[str, dict[str, float]] = {}
    for role in ("source", "target"):
        gold = [s.gold[role] for s in sentences]
        out[f"{role}, coder alone"] = _span_f1(
            [_filled_span(s, role, None, 1.0) for s in sentences], gold)
        for t in ROLE_THRESHOLDS:
            out[f"{role}, filler ≥ {t}"] = _span_f1(
                [_filled_span(s, role, models[f], t) for s, f in zip(sentences, order,
                                                                      strict=True)], gold)
    return out


def fit_roles(sentences: Sequence[RoleSentence]) -> LinearModel:
    rows = [(f, y) for s in sentences for role in ("source", "target")
            for _, f, y in s.options[role]]
    return fit_binary([f for f, _ in rows], [y for _, y in rows], ROLE_C)


if __name__ == "__main__":
    raise SystemExit(main())
