"""Causal sentences and cause/effect spans on the Causal News Corpus (CNC V2, train).

    python -m benchmarks.bench_causal [--shared ../shared]
    python -m benchmarks.bench_causal --allsides [--articles 250]   # hand-labelled precision
    python -m benchmarks.bench_causal --sheet --articles 150 > /tmp/sheet.tsv   # to label
    python -m benchmarks.bench_causal --speed --articles 100    # CPU cost against the parse
    python -m benchmarks.bench_causal --designs    # also the span tagger (not shipped)

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


def _best(sentence: str, links, cause: str, effect: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Token F1 of cause and effect for the link (of `links`) that matches best."""
    best = (0.0, 0.0)
    for link in links:
        c = _f1(sentence[link.cause[0]:link.cause[1]], cause)
        e = _f1(sentence[link.effect[0]:link.effect[1]], effect)
        if c + e > sum(best):
            best = (c, e)
    return best


def _spans(shared: Path, docs_of, models, taggers, fold_of) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Subtask 2: mean cause and effect token F1 over gold relations, for the pipeline's
    links and, where `taggers` are given (a design compared in docs/models/causal.md, not in
    the pipeline), for the span tagger's one link per sentence alone and for the pipeline's
    links with the tagger's link added where the sentence has no rule link. Each sentence's
    doc is read from `docs_of`, the subtask-1 parse (every subtask-2 sentence is one of
    subtask 1)."""
    from sitroom.attribution.causal import find_links, rule_links, sentence_features
    from sitroom.attribution.causal_spans import tagged_link

    relations = subtask2(shared / "corpus/causal-news-corpus/V2/train_subtask2.csv")
    totals = dict.fromkeys(("cause_f1", "effect_f1", "tagger_cause_f1", "tagger_effect_f1",
                            "with_tagger_cause_f1", "with_tagger_effect_f1"), 0.0)
    for sentence, cause, effect in relations:
        doc, k = docs_of[sentence], fold_of[sentence]
        links = find_links(doc, models[k])
        variants = [("", links)]
        if taggers:
            rules = [link for sent in doc.sents for link in rule_links(sent)]
            tagged = tagged_link(doc[:], rules, taggers[k])
            causal = models[k].decide(sentence_features(doc[:], rules))[0]
            variants += [("tagger_", [tagged] if tagged else []),
                         ("with_tagger_", rules + [tagged] if tagged and causal and not rules
                          else links)]
        for prefix, links in variants:
            c, e = _best(sentence, links, cause, effect)
            totals[prefix + "cause_f1"] += c
            totals[prefix + "effect_f1"] += e
    n = max(len(relations), 1)
    return {"relations": len(relations), **{k: v / n for k, v in totals.items()}}


def evaluate(shared: Path, nlp, designs: bool = False) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The CNC figures; with `designs`, also those of the span tagger (trained per fold)."""
    from benchmarks import memo
    from benchmarks.train_causal import cross_validated_taggers
    from benchmarks.train_models import causal_models, f1, folds
    from sitroom.attribution.causal import find_links, rule_links, sentence_features

    folder = shared / "corpus/causal-news-corpus/V2"
    sentences = subtask1(folder / "train_subtask1.csv")
    (_, labels), models = causal_models(shared, nlp)
    fold_of = {text: k for (text, _), k in zip(sentences, folds(len(sentences)), strict=True)}
    taggers = cross_validated_taggers(shared, nlp, fold_of) if designs else []
    docs = memo.parsed(nlp, [t for t, _ in sentences])
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
    return {
        "sentences": len(sentences), "precision": precision, "recall": recall, "f1": score,
        "rules_precision": rules_p, "rules_recall": rules_r, "rules_f1": rules_f1,
        "model_precision": model_p, "model_recall": model_r, "model_f1": model_f1,
        **_spans(shared, dict(zip((t for t, _ in sentences), docs, strict=True)), models,
                 taggers, fold_of),
    }


LABELS = Path(__file__).resolve().parent / "labels" / "allsides_causal.tsv"
LABEL_COLUMNS = ("article", "cause_start", "cause_end", "effect_start", "effect_end", "signal",
                 "found_by", "label", "note")


def read_labels(path: Path = LABELS) -> dict[tuple[str, int, int, int, int], str]:
    """(article, cause start, cause end, effect start, effect end) → "yes" | "no"."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {(r["article"], int(r["cause_start"]), int(r["cause_end"]), int(r["effect_start"]),
             int(r["effect_end"])): r["label"] for r in rows}


def _allsides_links(shared: Path, limit: int):  # type: ignore[no-untyped-def]
    """(article id, article text, link) for every causal link of the first `limit`
    allsides-intl articles, as the pipeline finds them."""
    from benchmarks.bench_allsides_events import analyses

    return [(a.article.id, a.article.text, link)
            for a in analyses(shared, limit=limit) for link in a.causal]


def sheet(shared: Path, limit: int) -> None:
    """A labelling sheet of every link in the first `limit` articles (kept out of the
    repository; the labels go into LABELS without the text)."""
    print("\t".join(LABEL_COLUMNS + ("basis", "confidence", "cause", "signal_text", "effect",
                                     "sentence")))
    for article, text, link in _allsides_links(shared, limit):
        print("\t".join([article, str(link.cause.start), str(link.cause.end),
                         str(link.effect.start), str(link.effect.end),
                         link.signal.text if link.signal else "-", link.basis, "", "", link.basis,
                         str(link.confidence), " ".join(link.cause.text.split()),
                         link.signal.text if link.signal else "-",
                         " ".join(link.effect.text.split()),
                         " ".join(text[link.sentence.start:link.sentence.end].split())]))


def allsides(shared: Path, limit: int) -> dict:  # type: ignore[type-arg]
    """Precision of the labelled links at each confidence cut, and calibration by bins."""
    from sitroom.attribution.causal import SHOWN_CAUSAL

    labels = read_labels()
    judged = []
    links = _allsides_links(shared, limit)
    for article, _, link in links:
        key = (article, link.cause.start, link.cause.end, link.effect.start, link.effect.end)
        if key in labels:
            judged.append((link.confidence or 0.0, link.basis, labels[key] == "yes"))
    cuts = {}
    for cut in (0.0, 0.5, 0.6, 0.7, SHOWN_CAUSAL, 0.8, 0.9):
        kept = [ok for conf, _, ok in judged if conf >= cut]
        cuts[cut] = (len(kept), sum(kept) / max(len(kept), 1))
    bins = {}
    for low in (0.0, 0.5, 0.7, 0.9):
        inside = [(conf, ok) for conf, _, ok in judged if low <= conf < low + (0.2 if low else 0.5)
                  or low == 0.9 and conf >= 0.9]
        if inside:
            bins[low] = (len(inside), sum(c for c, _ in inside) / len(inside),
                         sum(ok for _, ok in inside) / len(inside))
    by_basis = {}
    for basis in sorted({b for _, b, _ in judged}):
        kept = [ok for conf, b, ok in judged if b == basis and conf >= SHOWN_CAUSAL]
        by_basis[basis] = (len(kept), sum(kept) / max(len(kept), 1))
    return {"links": len(links), "judged": len(judged), "cuts": cuts, "bins": bins,
            "shown": SHOWN_CAUSAL, "by_basis": by_basis,
            "articles": len({a for a, _, _ in links})}


def _print_allsides(r: dict) -> None:  # type: ignore[type-arg]
    print(f"allsides-intl: {r['links']} links in {r['articles']} articles with links, "
          f"{r['judged']} of them labelled")
    for cut, (n, precision) in r["cuts"].items():
        mark = "  <- shown" if cut == r["shown"] else ""
        print(f"  confidence >= {cut:.2f}: {n} links, precision {precision:.3f}{mark}")
    for low, (n, mean, right) in r["bins"].items():
        print(f"  bin from {low:.1f}: {n} links, mean confidence {mean:.3f}, right {right:.3f}")
    for basis, (n, precision) in r["by_basis"].items():
        print(f"  shown, basis {basis}: {n} links, precision {precision:.3f}")


def speed(shared: Path, nlp, articles: int) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """CPU seconds of parsing the first `articles` allsides-intl articles and of `find_links`
    over their parses (mean of three rounds), and the number of links."""
    from benchmarks import parsed_allsides
    from sitroom.attribution.causal import find_links

    started = time.process_time()
    _, docs, _ = parsed_allsides(shared, nlp, articles)
    parse = time.process_time() - started
    find_links(docs[0])  # the models load outside the timing
    started = time.process_time()
    for _ in range(3):
        count = sum(len(find_links(doc)) for doc in docs)
    return parse, (time.process_time() - started) / 3, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--allsides", action="store_true",
                        help="precision of the hand-labelled allsides-intl links")
    parser.add_argument("--sheet", action="store_true", help="print a labelling sheet")
    parser.add_argument("--speed", action="store_true",
                        help="CPU time of the causal stage against the parse (--articles N)")
    parser.add_argument("--designs", action="store_true",
                        help="also train and score the span tagger (a design not shipped)")
    parser.add_argument("--articles", type=int, default=250,
                        help="the first N allsides-intl articles (default 250)")
    args = parser.parse_args()
    if args.sheet:
        sheet(args.shared, args.articles)
        return 0
    if args.allsides:
        _print_allsides(allsides(args.shared, args.articles))
        return 0
    if args.speed:
        from sitroom.nlp import load_nlp

        parse, links, count = speed(args.shared, load_nlp(), args.articles)
        print(f"{args.articles} allsides-intl articles: parse {parse:.1f} s CPU, causal links "
              f"{links:.2f} s CPU ({100 * links / parse:.1f}% of the parse), {count} links")
        return 0
    if not (args.shared / "corpus/causal-news-corpus").exists():
        print(f"{args.shared}/corpus/causal-news-corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    started = time.perf_counter()
    r = evaluate(args.shared, load_nlp(), designs=args.designs)
    print(f"CNC train subtask 1 (5-fold CV): sentences={r['sentences']}  causal "
          f"P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}   signal rules alone: "
          f"P={r['rules_precision']:.3f} R={r['rules_recall']:.3f} F1={r['rules_f1']:.3f}")
    print(f"  the sentence model alone (its decision, with or without a reading): "
          f"P={r['model_precision']:.3f} R={r['model_recall']:.3f} F1={r['model_f1']:.3f}")
    print(f"CNC train subtask 2: relations={r['relations']}  cause span F1={r['cause_f1']:.3f}  "
          f"effect span F1={r['effect_f1']:.3f}  ({time.perf_counter() - started:.0f} s)")
    if args.designs:
        print(f"  the span tagger alone (one link per sentence): cause {r['tagger_cause_f1']:.3f}"
              f"  effect {r['tagger_effect_f1']:.3f};  the pipeline with the tagger's link "
              f"where no rule fired: cause {r['with_tagger_cause_f1']:.3f}  effect "
              f"{r['with_tagger_effect_f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
