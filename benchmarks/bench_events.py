"""Event coding against human-coded sentences.

    python -m benchmarks.bench_events [--shared ../shared] [--verbose]

1. conflibert-cameo/cameo_class/train.tsv: pentacode (0 statement/appeal, 1 verbal
   cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict) of each
   sentence's main event, macro-F1. The main event is the coded event whose trigger is
   nearest the root of the parse (earliest on a tie); a sentence without one counts as 0,
   the catch-all "make a statement".
2. plover-gsr/PLOVER_GSR_CAMEO.txt: PLOVER category of the event coded at the gold trigger
   (the event whose trigger is a word of the gold `eventText`, else the main event).
   The GSR was coded with PLOVER 0.5b1; its labels map to the current 16 categories as
   GSR_TO_PLOVER says (FIGHT → ASSAULT, DEMAND → REQUEST, DISAPPROVE and INVESTIGATE →
   ACCUSE; the current manual folds investigations into ACCUSE's "investigate" mode).
3. petrarch2-unittest: PETRARCH-2's unit-test records. Their actors and verbs are fictional
   and defined in the PETR.Validate.* dictionaries beside them, which are loaded for this run
   (actors and agents into the actor dictionary, the verb patterns into the event lexicon).
   Share of expected codings matched (a) at root code with source and target, (b) at the full
   code with source and target; source and target compare by their first three letters
   (the actor, not the sector) and, separately, in full.
4. Speed: event coding time over spaCy parsing time on allsides-intl articles.
5. The learned pentacode model (benchmarks.train_events), 5-fold cross-validated on
   cameo_class train: the classifier's own macro-F1, and the main event's pentacode as
   `extract` outputs it (the coder's code, recoded where the model is sure).
6. cameo_ner train: the main event's source and target spans against the gold S/T spans.
PLOVER-GSR is coded as `extract` codes (the learned models included; their training data
shares no sentence with it); pentacode (1) and PETRARCH (3) run the coder alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from benchmarks import parsed_allsides

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GSR_TO_PLOVER = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE",
                 "INVESTIGATE": "ACCUSE"}


def _stages(scored: bool = False):  # type: ignore[no-untyped-def]
    """The stages up to the events: the coder alone, or (`scored`) with the learned event
    models after it, as `extract` runs them."""
    from sitroom import pipeline

    coder = (pipeline.sentences, pipeline.actors, pipeline.quotes, pipeline.events)
    return (*coder, pipeline.event_confidence) if scored else coder


def _depth(token) -> int:  # type: ignore[no-untyped-def]
    depth = 0
    while token.head is not token and depth < 50:
        token = token.head
        depth += 1
    return depth


def main_event(analysis, doc):  # type: ignore[no-untyped-def]
    """The coded event nearest the root of the parse; a statement ("said", "claimed" 010)
    only when the sentence has no other event (the coders label what is said, not the
    saying)."""
    best = None
    events = [e for e in analysis.events if e.root != "01"] or analysis.events
    for event in events:
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is None:
            continue
        key = (_depth(span.root), event.trigger.start)
        if best is None or key < best[0]:
            best = (key, event)
    return best[1] if best else None


def macro_f1(gold: list, predicted: list) -> tuple[float, dict]:  # type: ignore[type-arg]
    labels = sorted(set(gold))
    per = {}
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return sum(per.values()) / len(per), per


def _analyses(texts: list[str], nlp, scored: bool = False):  # type: ignore[no-untyped-def]
    from sitroom.pipeline import analyze_doc
    from sitroom.records import Article

    stages = _stages(scored)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        yield analyze_doc(Article(id=f"s{i}", text=doc.text), doc, stages), doc


def evaluate_pentacode(shared: Path, nlp, verbose: bool = False) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from sitroom.events import lookup

    rows = []
    for line in (shared / "corpus/conflibert-cameo/cameo_class/train.tsv").read_text(
            "utf-8").splitlines():
        parts = line.rsplit("\t", 1)
        if len(parts) == 2 and parts[1].strip().isdigit():
            rows.append((parts[0].strip(), int(parts[1])))
    gold, predicted, coded = [], [], 0
    for (text, label), (analysis, doc) in zip(rows, _analyses([t for t, _ in rows], nlp),
                                              strict=True):
        event = main_event(analysis, doc)
        guess = lookup(event.cameo).pentacode if event else 0
        coded += event is not None
        gold.append(label)
        predicted.append(guess)
        if verbose and guess != label:
            print("penta", label, guess, event and event.cameo, text[:100], sep=" | ")
    f1, per = macro_f1(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return {"sentences": len(rows), "with_event": coded, "macro_f1": f1, "accuracy": accuracy,
            "per_class": per}


def evaluate_pentacode_learned(shared: Path, nlp) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """5-fold CV figures of the learned pentacode model (benchmarks.train_events): the
    sentence classifier, and the main event's pentacode as `extract` outputs it."""
    from benchmarks.train_events import build_items, pentacode_designs

    figures, _ = pentacode_designs(build_items(shared, nlp))
    return {"classifier_cv_macro_f1": figures[
                "event features (coder + parse + sentence), LR"],
            "output_cv_macro_f1": figures[
                "coder's events recoded where the model is sure (what extract outputs)"],
            "bag_of_words_cv_macro_f1": figures["bag of words + bigrams (no parse), LR"]}


def _span_f1(predicted: list, gold: list) -> dict[str, float]:  # type: ignore[type-arg]
    """Overlap precision/recall/F1 over lists (one per sentence) of (start, end) spans."""
    def hit(span, spans) -> bool:  # type: ignore[no-untyped-def]
        return any(span[0] < e and s < span[1] for s, e in spans)

    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    right_pred = sum(hit(x, g) for p, g in zip(predicted, gold, strict=True) for x in p)
    right_gold = sum(hit(x, p) for p, g in zip(predicted, gold, strict=True) for x in g)
    precision, recall = right_pred / max(n_pred, 1), right_gold / max(n_gold, 1)
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / max(precision + recall, 1e-9)}


def evaluate_roles(shared: Path, nlp) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    """cameo_ner train: the main event's source and target spans (as `extract` codes the
    sentence) against the gold S and T spans (a reciprocal R counts as both), by overlap.
    The rules were not tuned on these spans, but many of the sentences are also in
    cameo_class, which they were tuned on."""
    from benchmarks.bench_actors import cameo_ner_texts

    texts, gold = cameo_ner_texts(shared)
    found: dict[str, list] = {"source": [], "target": []}  # type: ignore[type-arg]
    for analysis, doc in _analyses(texts, nlp, scored=True):
        event = main_event(analysis, doc)
        for role in ("source", "target"):
            span = getattr(event, f"{role}_span") if event else None
            found[role].append([(span.start, span.end)] if span else [])
    wanted = {"source": ("S", "R"), "target": ("T", "R")}
    return {role: _span_f1(found[role], [[(s, e) for s, e, tag in spans if tag in wanted[role]]
                                         for spans in gold])
            for role in ("source", "target")}


def evaluate_plover(shared: Path, nlp, verbose: bool = False) -> dict:  # type: ignore[no-untyped-def,type-arg]
    data = json.loads((shared / "corpus/plover-gsr/PLOVER_GSR_CAMEO.txt").read_text("utf-8"))
    records = [r for r in data if isinstance(r, dict) and r.get("text") and r.get("event")]
    gold, predicted = [], []
    # as `extract` codes them: the learned models never saw these sentences
    for record, (analysis, doc) in zip(records, _analyses([r["text"] for r in records], nlp,
                                                          scored=True), strict=True):
        label = GSR_TO_PLOVER.get(record["event"], record["event"])
        words = set((record.get("eventText") or "").lower().split())
        at_trigger = [e for e in analysis.events if e.plover and set(
            e.trigger.text.lower().split()) & words]
        event = main_event(replace(analysis, events=tuple(at_trigger)), doc) if at_trigger \
            else main_event(analysis, doc)
        guess = (event.plover if event else None) or "NONE"
        gold.append(label)
        predicted.append(guess)
        if verbose and guess != label:
            print("plover", label, guess, event and event.cameo, record.get("eventText"),
                  record["text"][:100], sep=" | ")
    f1, per = macro_f1(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return {"records": len(records), "accuracy": accuracy, "macro_f1": f1, "per_class": per}


# -- PETRARCH-2 unit tests ------------------------------------------------------------------

def petr_records(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    text = (folder / "PETR.UnitTest.records.xml").read_text("utf-8", errors="replace")
    out = []
    for attributes, body in re.findall(r"<Sentence (.*?)>(.*?)</Sentence>", text, re.S):
        match = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not match:
            continue
        date = re.search(r'date="(\d{8})"', attributes)
        codings = []
        for coding in re.findall(r"<EventCoding ([^>]*)>", body):
            fields = dict(re.findall(r'(\w+)\s*=\s*["\']+([^"\']*)["\']+', coding))
            if fields.get("noevents") or fields.get("error"):
                continue  # no event expected; "error" marks a record PETRARCH discards
            codings.append((fields.get("sourcecode", ""), fields.get("targetcode", ""),
                            fields.get("eventcode", "")))
        published = date.group(1) if date else None
        out.append({"text": " ".join(match.group(1).split()), "codings": codings,
                    "published": f"{published[:4]}-{published[4:6]}-{published[6:]}"
                    if published else None})
    return out


def evaluate_petrarch(shared: Path, nlp, verbose: bool = False) -> dict:  # type: ignore[no-untyped-def,type-arg]
    from sitroom.actors import resolve_actors
    from sitroom.actors.gazetteer import load as load_gazetteer
    from sitroom.attribution import resolve_quotes
    from sitroom.events import Coder, load
    from sitroom.events.petrarch import read_actors, read_agents, read_verbs
    from sitroom.pipeline import sentences
    from sitroom.records import Article, ArticleAnalysis

    folder = shared / "corpus/petrarch2-unittest"
    gazetteer = load_gazetteer().extended(
        read_actors((folder / "PETR.Validate.actors.txt").read_text("utf-8", errors="replace")),
        read_agents((folder / "PETR.Validate.agents.txt").read_text("utf-8", errors="replace")))
    lexicon = load().extended(
        read_verbs((folder / "PETR.Validate.verbs.txt").read_text("utf-8", errors="replace")),
        replace=True)
    records = petr_records(folder)
    expected = root_dyad = full_dyad = root_exact = full_exact = valid = valid_root = 0
    for record, doc in zip(records, nlp.pipe([r["text"] for r in records]), strict=True):
        analysis = ArticleAnalysis(Article(id="petr", text=doc.text, published=record["published"]))
        analysis = sentences(analysis, doc)
        analysis = resolve_actors(analysis, doc, gazetteer)
        analysis = resolve_quotes(analysis, doc)
        events = Coder(analysis, doc, lexicon, gazetteer.roles).code()
        roles = {a.id: a.role for a in analysis.actors if a.country is None and a.role}
        # a group ("FRO/BIL/SAM") acts as each of its members, as PETRARCH codes it
        coded = [(s, t, e.cameo) for e in events
                 for s in _petrarch_code(e.source_code or e.source, roles).split("/")
                 for t in _petrarch_code(e.target_code or e.target, roles).split("/")]
        for source, target, code in record["codings"]:
            expected += 1
            hits = [(s, t, c) for s, t, c in coded if s[:3] == source[:3] and t[:3] == target[:3]]
            exact = [(s, t, c) for s, t, c in coded if s == source and t == target]
            root_hit = any(c[:2] == code[:2] for _, _, c in hits)
            root_dyad += root_hit
            if _is_cameo(code):  # the suite also uses codes of its own (901, 1717, 174K)
                valid += 1
                valid_root += root_hit
            full_dyad += any(c == code for _, _, c in hits)
            root_exact += any(c[:2] == code[:2] for _, _, c in exact)
            full_exact += any(c == code for _, _, c in exact)
            if verbose and not any(c[:2] == code[:2] for _, _, c in hits):
                print("petr", f"{source} {target} {code}", coded, record["text"][:110],
                      sep=" | ")
    return {"expected": expected, "cameo_expected": valid,
            "cameo_root_dyad": valid_root / max(valid, 1), "root_dyad": root_dyad / expected,
            "full_dyad": full_dyad / expected, "root_exact_codes": root_exact / expected,
            "full_exact_codes": full_exact / expected}


def _petrarch_code(code: str | None, roles: dict[str, str]) -> str:
    """An actor as PETRARCH writes it: "---" for none or an unknown state, followed by the
    sector when it is known ("a senior official" → "---GOV")."""
    if code is None:
        return "---"
    return "---" + roles[code] if code in roles else code


def _is_cameo(code: str) -> bool:
    from sitroom.events import codebook

    return code in codebook()


def evaluate_speed(shared: Path, nlp, limit: int = 200) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from sitroom import pipeline
    from sitroom.records import ArticleAnalysis

    articles, docs, parse = parsed_allsides(shared, nlp, limit)
    before = []
    for article, doc in zip(articles, docs, strict=True):
        analysis = ArticleAnalysis(article)
        for stage in (pipeline.sentences, pipeline.actors, pipeline.quotes):
            analysis = stage(analysis, doc)
        before.append(analysis)
    started = time.perf_counter()
    count = 0
    for analysis, doc in zip(before, docs, strict=True):
        count += len(pipeline.events(analysis, doc).events)
    coding = time.perf_counter() - started
    return {"articles": len(articles), "events": count, "parse_s": parse, "code_s": coding,
            "overhead": coding / parse}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    parser.add_argument("--only", choices=["pentacode", "plover", "petrarch", "speed",
                                           "roles"])
    parser.add_argument("--speed-articles", type=int, default=200)
    args = parser.parse_args()
    if not (args.shared / "corpus").exists():
        print(f"{args.shared}/corpus: not found", file=sys.stderr)
        return 2
    from sitroom.nlp import load_nlp

    nlp = load_nlp()
    if args.only in (None, "petrarch"):
        petr = evaluate_petrarch(args.shared, nlp, args.verbose)
        print(f"petrarch2 unit tests expected={petr['expected']}  "
              f"root+dyad={petr['root_dyad']:.3f}  full+dyad={petr['full_dyad']:.3f}  "
              f"(full actor codes: root {petr['root_exact_codes']:.3f}, "
              f"full {petr['full_exact_codes']:.3f}); of the {petr['cameo_expected']} codings "
              f"with a CAMEO code: root+dyad={petr['cameo_root_dyad']:.3f}")
    if args.only in (None, "plover"):
        plover = evaluate_plover(args.shared, nlp, args.verbose)
        print(f"plover-gsr records={plover['records']}  accuracy={plover['accuracy']:.3f}  "
              f"macro-F1={plover['macro_f1']:.3f}")
    if args.only in (None, "pentacode"):
        penta = evaluate_pentacode(args.shared, nlp, args.verbose)
        per = " ".join(f"{k}:{v:.2f}" for k, v in penta["per_class"].items())
        print(f"conflibert pentacode sentences={penta['sentences']}  "
              f"with event={penta['with_event']}  rules alone (in-sample: the rules were "
              f"written on these sentences) macro-F1={penta['macro_f1']:.3f}  "
              f"accuracy={penta['accuracy']:.3f}  ({per})")
        learned = evaluate_pentacode_learned(args.shared, nlp)
        print(f"conflibert pentacode, 5-fold CV: learned classifier macro-F1="
              f"{learned['classifier_cv_macro_f1']:.3f}; main event as extract outputs it "
              f"{learned['output_cv_macro_f1']:.3f}; bag of words alone "
              f"{learned['bag_of_words_cv_macro_f1']:.3f}")
    if args.only in (None, "roles"):
        roles = evaluate_roles(args.shared, nlp)
        print("cameo_ner train, main event's roles by overlap: " + "; ".join(
            f"{role} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}"
            for role, r in roles.items()))
    if args.only in (None, "speed"):
        speed = evaluate_speed(args.shared, nlp, args.speed_articles)
        print(f"allsides-intl speed articles={speed['articles']}  events={speed['events']}  "
              f"parse={speed['parse_s']:.1f}s  coding={speed['code_s']:.2f}s  "
              f"overhead={speed['overhead']:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
