"""Uncertain-sentence detection: the word-list floor, the cue rules, and the learned reading.

    python -m benchmarks.bench_hedges [--shared ../shared] [--cache DIR] [--speed]

Gold: szeged-uncertainty/wiki.xml (a sentence is uncertain when it holds a <ccue>) and the
WikiWeasel training lists. Printed for each:
- the plain word-list floor: any one-word entry of data/hedges.tsv, no rules;
- the rules alone (`find_hedges` finds a cue);
- on Szeged, the learned reading the pipeline gives (`certainty.read`), 5-fold cross-validated
  by Wikipedia article (`benchmarks.train_hedges.measure_tagger`: every fold read by a tagger
  trained on the other four, its threshold and calibration chosen on them), with its
  calibration error (ECE of `confidence`) and word-level cue figures.

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
from pathlib import Path

from benchmarks import hedge_data

DEFAULT_SHARED = hedge_data.DEFAULT_SHARED


def szeged_sentences(path: Path) -> list[tuple[str, bool]]:
    return [(i.text, i.uncertain) for i in hedge_data.szeged(path.parents[2])]


def weasel_sentences(folder: Path) -> list[tuple[str, bool]]:
    return [(i.text, i.uncertain) for i in hedge_data.weasel(folder.parents[1])]


def score(sentences: list[tuple[str, bool]], nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The cue rules alone: a sentence is uncertain when `find_hedges` finds a cue."""
    from benchmarks import memo
    from benchmarks.train_models import f1
    from sitroom.attribution.hedges import find_hedges

    predicted = [bool(find_hedges(doc[:])) for doc in memo.parsed(nlp, [s for s, _ in sentences])]
    precision, recall, f = f1(predicted, [gold for _, gold in sentences])
    return {"sentences": len(sentences), "precision": precision, "recall": recall, "f1": f}


def vague_cv(folder: Path, nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from benchmarks import memo
    from benchmarks.train_models import cross_validated, f1, folds, vague_training
    from sitroom.attribution.hedges import vagueness

    features, labels = vague_training(folder.parents[1], nlp)
    models = cross_validated(features, labels)
    sentences = weasel_sentences(folder)
    order = folds(len(sentences))
    predicted = [vagueness(doc[:], models[k]).vague for doc, k in zip(
        memo.parsed(nlp, [s for s, _ in sentences]), order, strict=True)]
    alone = [models[k].decide(f)[0] for f, k in zip(features, order, strict=True)]
    precision, recall, score = f1(predicted, labels)
    model_p, model_r, model_f1 = f1(alone, labels)
    return {"sentences": len(sentences), "precision": precision, "recall": recall, "f1": score,
            "model_precision": model_p, "model_recall": model_r, "model_f1": model_f1}


def szeged_cv(shared: Path, nlp, cache: Path | None = None) -> dict:  # type: ignore[no-untyped-def]
    """The learned reading on wiki.xml, 5-fold by article, and the two floors."""
    from benchmarks.train_hedges import measure_rules, measure_tagger, measure_word_list

    items = hedge_data.szeged(shared)
    docs = hedge_data.parsed(items, nlp, cache)
    return {"word list": measure_word_list(items, docs), "rules": measure_rules(items, docs),
            "learned": measure_tagger(items, docs), "sentences": len(items)}


def speed(shared: Path, nlp, articles: int = 100) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """CPU seconds of the parse, the cue list alone, and the cue list + the tagger's reading
    of every sentence, on the first `articles` allsides-intl articles."""
    import json

    from sitroom.attribution.certainty import model, read
    from sitroom.attribution.hedges import find_hedges

    files = sorted((shared / "corpus/allsides-intl/jsons").glob("*.json"))[:articles]
    texts = [json.loads(f.read_text(encoding="utf-8"))["content"] for f in files]
    started = time.process_time()
    model()
    loading = time.process_time() - started
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.process_time() - started
    started = time.process_time()
    sentences = [s for doc in docs for s in doc.sents]
    for sent in sentences:
        find_hedges(sent)
    rules = time.process_time() - started
    started = time.process_time()
    for sent in sentences:
        read(sent, hedges=find_hedges(sent, vetoes=True))
    learned = time.process_time() - started
    return {"articles": len(docs), "sentences": len(sentences), "parse": parse,
            "rules": rules, "learned": learned, "loading": loading}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--speed", action="store_true",
                        help="only the cost of the reading against the parse (allsides-intl)")
    args = parser.parse_args()
    corpus = args.shared / "corpus"
    if not corpus.exists():
        print(f"{corpus}: not found", file=sys.stderr)
        return 2
    from benchmarks.train_hedges import measure_word_list
    from sitroom.nlp import load_nlp

    nlp = load_nlp()
    if args.speed:
        t = speed(args.shared, nlp)
        print("{articles} allsides-intl articles, {sentences} sentences: parse {parse:.1f} s CPU; "
              "cue list {rules:.2f} s; cue list + tagger reading {learned:.2f} s; model load "
              "{loading:.2f} s".format(**t) + f" ({t['learned'] / t['parse']:.1%} of the parse)")
        return 0
    started = time.perf_counter()
    r = szeged_cv(args.shared, nlp, args.cache)
    print(f"szeged wiki.xml: {r['sentences']} sentences ({time.perf_counter() - started:.0f} s)")
    for name in ("word list", "rules", "learned"):
        _line(f"  {name}", r[name])
    learned = r["learned"]
    print("  learned: ECE of confidence {:.3f}; the tagger alone P={:.3f} R={:.3f} F1={:.3f}; "
          "cue words P={:.3f} R={:.3f} F1={:.3f}".format(learned["ece"], *learned["tagger_alone"],
                                                         *learned["cue"]))
    weasel = hedge_data.weasel(args.shared)
    docs = hedge_data.parsed(weasel, nlp, args.cache)
    _line("wikiweasel train: word list", measure_word_list(weasel, docs))
    started = time.perf_counter()
    v = vague_cv(corpus / "wikiweasel-conll2010-sentences", nlp)
    _line("wikiweasel train, vagueness as flagged (5-fold CV)", v)
    print(f"  the model alone, without the weasel-word condition: P={v['model_precision']:.3f} "
          f"R={v['model_recall']:.3f} F1={v['model_f1']:.3f}  "
          f"({time.perf_counter() - started:.0f} s)")
    return 0


def _line(name: str, r: dict) -> None:
    print(f"{name}: uncertain P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")


if __name__ == "__main__":
    raise SystemExit(main())
