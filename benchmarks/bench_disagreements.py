"""Disagreements on real news, against the project's own hand-checked labels.

    python -m benchmarks.bench_disagreements [--shared ../shared]
    python -m benchmarks.bench_disagreements --sheet > /tmp/sheet.tsv   # candidates to label

Stories are the allsides-intl silver groups (one topic, one day, several outlets) that hold
articles of at least two outlets. Candidates are drawn wide, so that what the brief leaves
out is judged too:
- numbers: every pair of figures of the same unit (events/arguments.py UNITS) that two
  outlets give with different values, whatever they count (figures.py with `every`);
- denials: every statement with a denial cue against every statement of another party that
  shares a content word with it;
- the other kinds the full brief shows (contradiction, blame, attribution, certainty).
The labels (`benchmarks/labels/allsides_disagreements.tsv`, see the README beside it) say of
each candidate whether the two sides really disagree about the same thing. Printed: how many
candidates are labelled, and the precision of the disagreements the brief shows (each shown
pair judged), by kind, and the recall of the labelled real ones; and the precision of the
relations the brief reads from claims ("the alliance between Moscow and Pyongyang"), against
`benchmarks/labels/allsides_relations.tsv`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from benchmarks.label_rows import label_rows

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
LABELS = ROOT / "benchmarks" / "labels" / "allsides_disagreements.tsv"
CACHE = Path("/tmp/sitroom-bench-disagreements.jsonl")

Key = tuple[str, str, int, str, int]  # kind, article, start, article, start (sides sorted)


def groups(shared: Path) -> dict[str, list[str]]:
    """Silver group → article ids, for groups with articles of two or more outlets."""
    folder = shared / "corpus/allsides-intl"
    members: dict[str, list[str]] = defaultdict(list)
    outlets: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "manifest.tsv").read_text("utf-8").splitlines()[1:]:
        parts = line.split("\t")
        members[parts[1]].append(parts[0])
        outlets[parts[1]].add(parts[4])
    return {g: sorted(m) for g, m in members.items() if len(outlets[g]) > 1}


def analyses(shared: Path, wanted: set[str]) -> dict[str, Any]:
    """The analyses of the wanted articles (cached in /tmp per analyzer version)."""
    from sitroom.ingest import IngestOptions, read_inputs
    from sitroom.pipeline import ANALYZER_VERSION, analyze
    from sitroom.records import Article, ArticleAnalysis

    cached: dict[str, Any] = {}
    if CACHE.exists():
        for line in CACHE.read_text("utf-8").splitlines():
            row = json.loads(line)
            if row["version"] == ANALYZER_VERSION:
                cached[row["id"]] = ArticleAnalysis.from_dict(row["analysis"])
    missing = sorted(wanted - set(cached))
    if missing:
        folder = shared / "corpus/allsides-intl/jsons"
        articles = [a for a in read_inputs([str(folder / f"{i}.json") for i in missing],
                                           IngestOptions()) if isinstance(a, Article)]
        with CACHE.open("a", encoding="utf-8") as out:
            for analysis in analyze(articles, n_process=2):
                cached[analysis.article.id] = analysis
                out.write(json.dumps({"version": ANALYZER_VERSION, "id": analysis.article.id,
                                      "analysis": analysis.to_dict()}) + "\n")
    return {i: cached[i] for i in wanted if i in cached}


def _key(kind: str, one: tuple[str, int], other: tuple[str, int]) -> Key:
    a, b = sorted([one, other])
    return (kind, a[0], a[1], b[0], b[1])


def candidates(brief: Any) -> dict[Key, tuple[str, str]]:
    """Every candidate of one story: key → the two sides' words."""
    from sitroom.stories.figures import figures_of

    out: dict[Key, tuple[str, str]] = {}
    found = [f for a in brief.analyses for f in figures_of(a, brief.outlet[a.article.id],
                                                           every=True)]
    for one, other in combinations(found, 2):
        if one.outlet != other.outlet and one.unit == other.unit and one.value != other.value:
            out[_key("numbers", (one.article, one.span.start),
                     (other.article, other.span.start))] = (one.excerpt.text or "",
                                                            other.excerpt.text or "")
    statements = brief._statements()
    from sitroom.stories.disputes import content_words

    for denial in (s for s in statements if s.denial):
        for claim in statements:
            if claim.denial or claim.party == denial.party or not (
                    content_words(claim.text) & content_words(denial.text)):
                continue
            out[_key("denial", (claim.article, claim.span.start),
                     (denial.article, denial.span.start))] = (claim.text, denial.text)
    return out


def _words_at(brief: Any, article: str, start: int, end: int) -> str:
    analysis = next(a for a in brief.analyses if a.article.id == article)
    return analysis.article.text[start:end]


def shown(brief: Any, full: dict[str, Any], sides: dict[Key, tuple[str, str]] | None = None
          ) -> dict[Key, str]:
    """The pairs the full brief shows as disagreements: key → kind (and, into `sides`,
    the words of each side)."""
    out: dict[Key, str] = {}
    sides = {} if sides is None else sides
    for item in full["sections"]["disagreements"]:
        if item["kind"] == "numbers":
            for one, other in combinations(item["values"], 2):
                if one["article"] != other["article"] and (
                        one["high"] < other["low"] or other["high"] < one["low"]):
                    starts = {(c["article"], c["start"]) for c in item["citations"]}
                    a = _figure_start(brief, one, starts)
                    b = _figure_start(brief, other, starts)
                    out[_key("numbers", a, b)] = "numbers"
            continue
        cited = [(c["article"], c["start"]) for c in item["citations"][:2]]
        if len(cited) == 2:
            key = _key(item["kind"], cited[0], cited[1])
            out[key] = item["kind"]
            words = [_words_at(brief, c["article"], c["start"], c["end"])
                     for c in item["citations"][:2]]
            sides[key] = (words[0], words[1]) if cited[0] <= cited[1] else (words[1], words[0])
    return out


def _figure_start(brief: Any, value: dict[str, Any], excerpts: set[tuple[str, int]]
                  ) -> tuple[str, int]:
    """Where the figure of a shown value starts in its article (values carry the text)."""
    analysis = next(a for a in brief.analyses if a.article.id == value["article"])
    text = analysis.article.text
    for article, start in sorted(excerpts):
        if article == value["article"]:
            found = text.find(value["text"], start)
            if found != -1:
                return article, found
    return value["article"], text.find(value["text"])


def read_labels(path: Path = LABELS) -> dict[Key, str]:
    out = {}
    for _, (kind, a, a_start, b, b_start, label) in label_rows(path, 6):
        out[(kind, a, int(a_start), b, int(b_start))] = label
    return out


def our_groups(shared: Path, found: dict[str, Any]) -> dict[str, list[str]]:
    """Our own stories of all the articles (as `sitroom analyze` groups them, over days),
    for those with two outlets or more: other pairs than the silver groups give."""
    from sitroom.stories.cluster import group_articles

    out = {}
    for story, _ in group_articles([a.article for a in found.values()]):
        if len({found[m].article.source for m in story.members}) > 1:
            out[story.id] = sorted(story.members)
    return out


def stories(shared: Path, grouping: str = "silver",
            labelled_only: bool = False) -> list[tuple[Any, dict[str, Any]]]:
    """(Brief, full brief) of each story; with `labelled_only`, only the silver groups that
    hold a labelled candidate (what the floor test reads: the precision of shown pairs is
    the same, as every shown pair is labelled)."""
    from sitroom.stories.brief import Brief, copies_of

    wanted = groups(shared)
    if labelled_only:
        labelled = {k[1] for k in read_labels()} | {k[3] for k in read_labels()}
        wanted = {g: m for g, m in wanted.items() if set(m) & labelled}
    if grouping == "ours":
        found = analyses(shared, set(_all_ids(shared)))
        wanted = our_groups(shared, found)
    else:
        found = analyses(shared, {i for members in wanted.values() for i in members})
    out = []
    for group, members in sorted(wanted.items()):
        story = [found[m] for m in members if m in found]
        brief = Brief(group, group, story, copies_of(story), min_confidence=0.7)
        out.append((brief, brief.build()))
    return out


def _all_ids(shared: Path) -> list[str]:
    folder = shared / "corpus/allsides-intl"
    return [line.split("\t")[0] for line in
            (folder / "manifest.tsv").read_text("utf-8").splitlines()[1:]]


RELATIONS = ROOT / "benchmarks" / "labels" / "allsides_relations.tsv"
RelationKey = tuple[str, int, str, str, str]  # article, claim start, one, other, relation


def claimed_relations(full: dict[str, Any]) -> list[RelationKey]:
    """Each claim a shown relation "from claims" rests on."""
    return [(c["article"], c["start"], r["source"], r["target"], r["relation"])
            for r in full["sections"]["relations"] if r.get("basis") == "claims"
            for c in r["citations"]]


def read_relation_labels(path: Path = RELATIONS) -> dict[RelationKey, str]:
    out = {}
    for _, (article, start, one, other, relation, label) in label_rows(path, 6):
        out[(article, int(start), one, other, relation)] = label
    return out


def report_relations(shown_keys: list[RelationKey]) -> None:
    labels = read_relation_labels()
    judged = [labels[k] == "yes" for k in dict.fromkeys(shown_keys) if k in labels]
    unjudged = [k for k in dict.fromkeys(shown_keys) if k not in labels]
    print(f"relations from claims: {len(set(shown_keys))} shown, {len(judged)} judged, "
          f"{len(unjudged)} not judged")
    if judged:
        print(f"precision of shown relations from claims: {sum(judged) / len(judged):.3f} "
              f"({sum(judged)}/{len(judged)})")
    for key in unjudged:
        print("  not judged:", "\t".join(map(str, key)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--sheet", action="store_true",
                        help="print unlabelled candidates and shown pairs as a TSV to label")
    parser.add_argument("--grouping", choices=("silver", "ours"), default="silver",
                        help="stories: AllSides' (topic, day) groups, or our own over days")
    args = parser.parse_args(argv)
    labels = read_labels()
    every: dict[Key, tuple[str, str]] = {}
    showing: dict[Key, str] = {}
    relations: list[RelationKey] = []
    for brief, full in stories(args.shared, args.grouping):
        relations += claimed_relations(full)
        every.update(candidates(brief))
        sides: dict[Key, tuple[str, str]] = {}
        for key, kind in shown(brief, full, sides).items():
            showing[key] = kind
            every.setdefault(key, sides.get(key, ("(shown)", "(shown)")))
    if args.sheet:
        for key in sorted(set(every) - set(labels), key=lambda k: (k[0] not in (
                showing.get(k, ""),), k)):
            one, other = (" ".join(x.split()) for x in every[key])
            print("\t".join(map(str, key)), "", "shown" if key in showing else "",
                  one[:300], other[:300], sep="\t")
        return 0
    report_relations(relations)
    return report(every, showing, labels)


def precision(showing: dict[Key, str], labels: dict[Key, str]) -> tuple[int, int]:
    """(right, judged) among the shown pairs."""
    judged = [labels[k] == "yes" for k in showing if labels.get(k) in ("yes", "no")]
    return sum(judged), len(judged)


def report(every: dict[Key, tuple[str, str]], showing: dict[Key, str],
           labels: dict[Key, str]) -> int:
    judged = {k: v for k, v in labels.items() if v in ("yes", "no")}
    print(f"candidates: {len(every)}; labelled: {len(judged)} "
          f"({sum(v == 'yes' for v in judged.values())} real)")
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for key, kind in showing.items():
        if key in judged:
            by_kind[kind].append(judged[key] == "yes")
    right = sum(sum(v) for v in by_kind.values())
    total = sum(len(v) for v in by_kind.values())
    unjudged = sum(k not in judged for k in showing)
    print(f"shown pairs: {len(showing)}; judged {total}, not judged {unjudged}")
    if total:
        print(f"precision of shown disagreements: {right / total:.3f} ({right}/{total})")
    for kind, values in sorted(by_kind.items()):
        print(f"  {kind:<14} {sum(values)}/{len(values)}")
    real = [k for k, v in judged.items() if v == "yes"]
    if real:
        found = sum(k in showing for k in real)
        print(f"recall of labelled real disagreements: {found / len(real):.3f} "
              f"({found}/{len(real)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
