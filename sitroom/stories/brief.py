"""The cited brief of one story: what its articles report, who says what, how sure, where they
agree and where they differ — every item resting on spans of the articles.

Nothing is written that the articles do not say: an item's text is the article's own sentence
or quote (or a list of names and counts that the analyses hold), and its citations point at
the spans it rests on. Facts are aligned across articles — the same event (source, target and
CAMEO root), the same claim (kind, subject and shared content words) — and counted by
independent source: syndicated copies and one outlet's several articles count once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from ..quotation import cue_forms
from ..records import (
    CERTAINTY_RANK,
    SHOWN_CONFIDENCE,
    SHOWN_QUOTE_CONFIDENCE,
    Actor,
    ArticleAnalysis,
    Claim,
    Event,
    Quote,
    Span,
)
from .cues import fragment, has_cue, opens_with_background
from .disputes import MIN_SHARED, Statement, content_words, disputes

SCHEMA = "sitroom.brief/1"
SECTIONS = ("summary", "developments", "timeline", "actors", "relations", "motives",
            "implications", "claims", "quotes", "disagreements", "agreements", "single_source",
            "sources")
REPORTING_CUES = cue_forms()  # the `forms` of data/cues.tsv
GAIN_KINDS = frozenset({"motive", "benefit", "cost"})
_WORD = re.compile(r"[a-z][a-z'\-]{3,}")
_FUNCTION = frozenset(
    "that this with from have been will would could their there they them than into also "
    "more most such which what when where while about after before over under said says "
    "being only just very much many some other these those its it's".split())


@lru_cache(maxsize=1)
def gain_topics() -> list[tuple[str, list[str], set[str]]]:
    """(topic, word stems, strong stems) from `data/gain_topics.tsv`."""
    from importlib import resources

    text = resources.files("sitroom.data").joinpath("gain_topics.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            topic, stems = line.split("\t")[:2]
            words = stems.split()
            out.append((topic, [w.rstrip("!") for w in words],
                        {w.rstrip("!") for w in words if w.endswith("!")}))
    return out


def topic_of(text: str) -> str | None:
    """The gain topic a motive or benefit is about, if any."""
    lowered = " " + " ".join(re.findall(r"[a-z][a-z\-]+", text.lower())) + " "
    best: tuple[int, str] | None = None
    for topic, stems, strong in gain_topics():
        hits = [s for s in stems if " " + s in lowered]
        score = len(hits) + sum(1 for s in hits if s in strong)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, topic)
    return best[1] if best else None


def _heading(text: str) -> bool:
    """A title or section heading ("Economic Incentives through War Profiteering:"), not a
    sentence: short and without a sentence's closing mark."""
    stripped = text.strip()
    if re.search(r"[.!?][\"”’']?$", stripped) or stripped[:1].islower():
        return False
    words = [w for w in stripped.split() if len(w) > 3]
    capitalised = sum(w[:1].isupper() for w in words)
    return len(stripped.split()) < 15 or capitalised >= 0.6 * max(len(words), 1)


def _cite(article: str, span: Span) -> dict[str, Any]:
    return {"article": article, "start": span.start, "end": span.end}


def _whole(text: str, quote: Quote) -> Span:
    """The span of a whole quotation: a split one's records (one per stretch) each list
    every stretch in `parts`; the span runs from the first to the last."""
    if len(quote.parts) < 2:
        return quote.content
    return Span.of(text, quote.parts[0].start, quote.parts[-1].end)


def listed_quote(text: str, names: dict[str, Actor],
                 quote: Quote) -> tuple[Actor, Span, str] | None:
    """The speaker, cited span and wording under which a brief lists `quote` (of an article
    with `text` and actors `names`), or None where it leaves it out: no known speaker, a later
    stretch of a split quotation, an object rather than a statement, a fragment."""
    actor = names.get(quote.speaker.actor or "")
    if actor is None or not quote.content.text or not quote.leads():
        return None  # a split quotation is listed once, by its first stretch
    whole = _whole(text, quote)
    content = _trim(text, whole)
    cue = (quote.cue.text or "").lower() if quote.cue else ""
    if quote.kind == "indirect" and content == whole and cue not in REPORTING_CUES:
        return None  # "accused Seoul of …": an object, not a statement to list
    quoted = quote.said().strip("“”\"' ,;:") if len(quote.parts) > 1 else \
        (content.text or "").strip("“”\"' ,;:")
    if len(quoted.split()) < MIN_QUOTE_WORDS or fragment(quoted):
        return None  # "announced his resignation": a thing, not what was said
    return actor, content, quoted


def _trim(text: str, span: Span) -> Span:
    """A reported clause without its "that" ("that North Korea may …" → "North Korea may
    …"), so the item reads as a statement; still the article's own words."""
    match = re.match(r"\s*that\s+", span.text or "", re.IGNORECASE)
    return Span.of(text, span.start + match.end(), span.end) if match else span


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _FUNCTION}


@dataclass
class Support:
    """One article's evidence for an aligned fact."""

    article: str
    outlet: str  # independent-source key
    text: str
    span: Span
    record: Event | Claim | None = None


@dataclass
class Fact:
    key: tuple[Any, ...]
    supports: list[Support] = field(default_factory=list)

    @property
    def outlets(self) -> set[str]:
        return {s.outlet for s in self.supports}

    def citations(self) -> list[dict[str, Any]]:
        seen = set()
        out = []
        for support in self.supports:
            if (support.article, support.span.start) not in seen:
                seen.add((support.article, support.span.start))
                out.append(_cite(support.article, support.span))
        return out


PRECISE = ("day", "week", "month", "year")  # a day before a month that starts on it
MIN_QUOTE_WORDS = 4  # a shorter "quote" is the object of its cue
CLOSE = 0.6  # share of their content words two tellings of one statement have in common
PLAIN_STATEMENT = "010"  # CAMEO "make statement, not specified below"


class Brief:
    def __init__(self, story: str, title: str, analyses: list[ArticleAnalysis],
                 copies: dict[str, str] | None = None,
                 min_confidence: float = SHOWN_CONFIDENCE,
                 min_quote_confidence: float = SHOWN_QUOTE_CONFIDENCE) -> None:
        self.story = story
        # events below this confidence (or never scored) stay out of the brief
        self.min_confidence = min_confidence
        # and quotes below this one (or never scored)
        self.min_quote_confidence = min_quote_confidence
        self.title = title
        self.analyses = sorted(analyses, key=lambda a: (a.article.published or "",
                                                        a.article.id))
        # independent source of each article: a copy counts as the article it copies, and
        # one outlet's articles count once
        copies = copies or {}
        self.outlet = {}
        for analysis in self.analyses:
            original = copies.get(analysis.article.id, analysis.article.id)
            source = next((a.article.source for a in self.analyses
                           if a.article.id == original), None) or analysis.article.source
            self.outlet[analysis.article.id] = (source or original).lower()
        self.published = {a.article.id: a.article.published for a in self.analyses}
        self.sources = {a.article.id: a.article.source for a in self.analyses}
        self.names: dict[str, str] = {}
        self.people: dict[str, str] = {}
        for analysis in self.analyses:
            for actor in analysis.actors:
                self.names.setdefault(actor.id, actor.name)
                if actor.code:
                    self.names.setdefault(actor.code, actor.name)
                if actor.type == "person" and (actor.title or actor.affiliation):
                    self.people[actor.id] = ", ".join(
                        x for x in (actor.title, actor.affiliation) if x)

    # -- helpers ----------------------------------------------------------------------------
    def _sentence(self, analysis: ArticleAnalysis, span: Span) -> tuple[str, Span]:
        text = analysis.article.text
        sentence = Span.of(text, span.start, span.end)
        for s in analysis.sentences:
            if s.start <= span.start < s.end:
                sentence = Span.of(text, s.start, s.end)
                break
        return sentence.text or "", sentence

    def _headline(self, analysis: ArticleAnalysis, text: str) -> bool:
        """The article's title or a section heading: never a development or a claim."""
        said = " ".join(text.split())
        title = " ".join((analysis.article.title or "").split())
        return bool(said) and (said == title or _heading(said))

    def _name(self, actor: str | None) -> str:
        if not actor:
            return "—"
        return self.names.get(actor) or self.names.get(actor[:3]) or actor

    # -- aligned facts ------------------------------------------------------------------------
    def events(self) -> list[Fact]:
        """Events at or above the brief's threshold, aligned across articles."""
        threshold = self.min_confidence
        facts: dict[tuple[Any, ...], Fact] = {}
        for analysis in self.analyses:
            for event in analysis.events:
                if not event.source:
                    continue  # who did it is what a development needs
                if threshold and (event.confidence or 0.0) < threshold:
                    continue
                if event.cameo == PLAIN_STATEMENT:
                    continue  # "X said …" is in the quotes; a development is what was done
                key = (_actor_key(event.source_code or event.source),
                       _actor_key(event.target_code or event.target or ""), event.root)
                text, span = self._sentence(analysis, event.trigger)
                if self._headline(analysis, text):
                    continue
                fact = facts.setdefault(key, Fact(key))
                fact.supports.append(Support(analysis.article.id,
                                             self.outlet[analysis.article.id], text, span,
                                             event))
        return sorted(facts.values(), key=lambda f: (-len(f.outlets), -max(
            abs(s.record.goldstein or 0.0) for s in f.supports if isinstance(s.record, Event))))

    def claims(self, kinds: Iterable[str]) -> list[Fact]:
        wanted = set(kinds)
        facts: list[Fact] = []
        for analysis in self.analyses:
            for claim in analysis.claims:
                if claim.kind not in wanted or not claim.span.text or fragment(
                        claim.span.text) or self._headline(
                        analysis, claim.span.text) or self._headline(
                        analysis, self._sentence(analysis, claim.span)[0]):
                    continue
                words = _words(claim.span.text)
                span = _trim(analysis.article.text, claim.span)
                support = Support(analysis.article.id, self.outlet[analysis.article.id],
                                  span.text or "", span, claim)
                home = None
                topic = topic_of(claim.span.text) if claim.kind in GAIN_KINDS else None
                if topic is not None:
                    home = next((f for f in facts if f.key[0] == "topic" and f.key[1] == topic),
                                None)
                    if home is None:
                        facts.append(Fact(("topic", topic), [support]))
                        continue
                    home.supports.append(support)
                    continue
                for fact in facts:
                    if fact.key[0] == "topic":
                        continue
                    shared = words & fact.key[1]
                    if fact.key[0] == claim.kind and len(shared) >= 3 and len(shared) >= 0.3 * min(
                            len(words), len(fact.key[1])):
                        home = fact
                        break
                if home is None:
                    facts.append(Fact((claim.kind, words), [support]))
                else:
                    home.supports.append(support)
        return sorted(facts, key=lambda f: (-len(f.outlets), f.supports[0].span.start))

    # -- sections -----------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        events = self.events()
        motives = self.claims(("motive", "benefit", "cost"))
        implications = self.claims(("implication", "prediction"))
        sections: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
        sections["developments"] = _unique([self._development(f) for f in events
                                            if self._asserted(f)])[:12]
        sections["timeline"] = self._timeline(events)
        sections["actors"] = self._actors()
        sections["relations"] = self._relations(events)
        sections["motives"] = _unique([self._claim_item(f) for f in motives])[:10]
        sections["implications"] = _unique([self._claim_item(f) for f in implications])[:10]
        sections["quotes"] = self._quotes()
        reports = self.claims(("report", "assessment"))
        # what else the sources report or judge, most widely reported first
        sections["claims"] = _unique([self._claim_item(f) for f in reports + self.claims(
            ("recommendation",))])[:12]
        disagree, agree = self._figures()
        sections["disagreements"] = self._disagreements(disagree, events,
                                                        motives + implications + reports)
        sections["agreements"] = agree
        sections["single_source"] = _unique([
            self._claim_item(f) for f in motives + implications
            if len(f.outlets) == 1])[:10] if len(set(self.outlet.values())) > 1 else []
        sections["sources"] = self._sources()
        sections["summary"] = self._summary(sections)
        return {
            "schema": SCHEMA, "story": self.story, "title": self.title,
            "sections": sections,
            "articles": [{"id": a.article.id, "title": a.article.title,
                          "source": a.article.source, "published": a.article.published,
                          "url": a.article.url}
                         for a in self.analyses],
        }

    def _asserted(self, fact: Fact) -> bool:
        return any(isinstance(s.record, Event) and s.record.modality in ("asserted", "reported")
                   for s in fact.supports)

    def _development(self, fact: Fact) -> dict[str, Any]:
        # the plainest telling: asserted before reported, with an amount, from the lead story
        first = min(fact.supports, key=lambda s: (
            isinstance(s.record, Event) and s.record.modality != "asserted",
            not (isinstance(s.record, Event) and s.record.quantity), len(s.text)))
        event = first.record
        assert isinstance(event, Event)
        day, basis = self._day(fact)
        precision = basis.split("/")[1] if basis and "/" in basis else "day"
        basis = basis.split("/")[0] if basis else None
        quantities = [{"article": s.article, "value": s.record.quantity.value,
                       "unit": s.record.quantity.unit, "text": s.record.quantity.text,
                       "approximate": s.record.quantity.approximate}
                      for s in fact.supports if isinstance(s.record, Event)
                      and s.record.quantity]
        return {"text": first.text, "citations": fact.citations(),
                "background": opens_with_background(first.text),
                "source": self._name(event.source), "target": self._name(event.target),
                "cameo": event.cameo, "plover": event.plover, "event": event.name,
                "date": day, "date_basis": basis, "date_precision": precision,
                "sources": len(fact.outlets),
                "modalities": sorted({s.record.modality for s in fact.supports
                                      if isinstance(s.record, Event)}),
                # the surest of its codings (each calibrated: see docs/models)
                "confidence": max((s.record.confidence or 0.0 for s in fact.supports
                                   if isinstance(s.record, Event)), default=None),
                "quantities": quantities}

    def _day(self, fact: Fact) -> tuple[str | None, str | None]:
        """When it happened: the earliest date a telling's own words give ("text"), else the
        date of the earliest article that tells it ("published")."""
        told = sorted({(s.record.date, s.record.date_precision or "day")
                       for s in fact.supports if isinstance(s.record, Event)
                       and s.record.date and s.record.date_basis != "published"},
                      key=lambda d: (d[0], PRECISE.index(d[1]) if d[1] in PRECISE else 0))
        if told:
            return told[0][0], f"text/{told[0][1]}"
        published = sorted(filter(None, (self.published.get(s.article)
                                         for s in fact.supports)))
        return (published[0], "published") if published else (None, None)

    def _timeline(self, events: list[Fact]) -> list[dict[str, Any]]:
        """Dated developments in date order (see `_day`)."""
        items = [self._development(f) for f in events if self._asserted(f)]
        dated = [i for i in items if i["date"]]
        return _unique(sorted(dated, key=lambda i: (i["date"], -i["sources"])))[:15]

    def _claim_item(self, fact: Fact) -> dict[str, Any]:
        levels = sorted({s.record.certainty for s in fact.supports
                         if isinstance(s.record, Claim)}, key=lambda c: -CERTAINTY_RANK[c])
        hedges = sorted({h.text or "" for s in fact.supports if isinstance(s.record, Claim)
                         for h in s.record.hedges} - {""})
        by = sorted({self._name(s.record.attributed_to) if s.record.attributed_to != "author"
                     else "author" for s in fact.supports if isinstance(s.record, Claim)})
        kinds = sorted({s.record.kind for s in fact.supports if isinstance(s.record, Claim)})
        # every telling leans on unnamed or uncountable support ("some analysts say")
        claims_here = [s.record for s in fact.supports if isinstance(s.record, Claim)]
        vague = bool(claims_here) and all(c.vague for c in claims_here)
        if fact.key[0] == "topic":
            # the topic's name, then each article's own words for it
            per_outlet: dict[str, str] = {}
            for support in fact.supports:  # one telling per source, the shortest
                text_here = " ".join(support.text.split())
                if support.outlet not in per_outlet or len(text_here) < len(
                        per_outlet[support.outlet]):
                    per_outlet[support.outlet] = text_here
            evidence = " / ".join(list(per_outlet.values())[:3])
            text = f"{fact.key[1]}: {evidence}"
            shortest = min(per_outlet.values(), key=len)
            # the short brief shows a gain with one telling, or not at all
            short = f"{fact.key[1]}: {shortest}" if len(shortest.split()) <= 35 else None
            shown = [_cite(s.article, s.span) for s in fact.supports
                     if " ".join(s.text.split()) == shortest][:1]
        else:
            text = fact.supports[0].text
        return {"text": text, "citations": fact.citations(),
                **({"short": short, "shown": shown} if fact.key[0] == "topic" else {}),
                "kind": "/".join(kinds), "topic": fact.key[1] if fact.key[0] == "topic"
                else None, "sources": len(fact.outlets), "certainty": levels,
                "hedges": hedges, "said_by": by, "vague": vague}

    def _actors(self) -> list[dict[str, Any]]:
        """The actors by salience — what they do (events as doer or target), what they say
        (quotes) and how often they are named — not by name."""
        seen: dict[str, dict[str, Any]] = {}
        for analysis in self.analyses:
            keys: dict[str, str] = {}
            for actor in analysis.actors:
                if actor.type == "unknown" or not actor.mentions or actor.id.startswith(
                        "unnamed:"):
                    continue  # an unnamed source ("analysts") is in the quotes, not a party
                key = actor.code if actor.type == "state" and actor.code else actor.id
                keys[actor.id] = key
                item = seen.setdefault(key, {"name": actor.name, "code": actor.code,
                                             "type": actor.type, "articles": set(),
                                             "citations": [], "id": actor.id, "events": 0,
                                             "quotes": 0, "mentions": 0})
                item["articles"].add(analysis.article.id)
                item["mentions"] += len(actor.mentions)
                mention = actor.mentions[0]
                item["citations"].append({"article": analysis.article.id,
                                          "start": mention.start, "end": mention.end})
            self._count_roles(analysis, keys, seen)
        ranked = sorted(seen.values(), key=lambda i: (-_salience(i), i["name"]))[:12]
        total = len(self.analyses)
        out = []
        for item in ranked:
            about = self.people.get(item["id"], "")
            label = f"{item['name']}" + (f" ({about})" if about else "") + (
                f" [{item['code']}]" if item["code"] else "")
            out.append({"text": f"{label}: {_roles(item)}; named in {len(item['articles'])} of "
                                f"{total} articles", "citations": item["citations"][:3],
                        "actor": item["name"], "code": item["code"], "type": item["type"],
                        "articles": len(item["articles"]), "events": item["events"],
                        "quotes": item["quotes"], "mentions": item["mentions"],
                        "salience": _salience(item)})
        return out

    def _count_roles(self, analysis: ArticleAnalysis, keys: dict[str, str],
                     seen: dict[str, dict[str, Any]]) -> None:
        """Add an article's shown events (as doer or target) and quotes to its actors."""
        for event in analysis.events:
            if self.min_confidence and (event.confidence or 0.0) < self.min_confidence:
                continue
            for party in {event.source, event.target} - {None}:
                if party in keys:
                    seen[keys[party]]["events"] += 1
        for quote in self._shown_quotes(analysis):
            if quote.speaker.actor in keys:
                seen[keys[quote.speaker.actor]]["quotes"] += 1

    def _relations(self, events: list[Fact]) -> list[dict[str, Any]]:
        pairs: dict[tuple[str, str], list[Support]] = defaultdict(list)
        for fact in events:
            pairs[(fact.key[0], fact.key[1])].extend(fact.supports)
        published = {a.article.id: a.article.published for a in self.analyses}
        out: list[dict[str, Any]] = []
        for (source, target), supports in pairs.items():
            if not target:
                continue
            scores = [s.record.goldstein or 0.0 for s in supports
                      if isinstance(s.record, Event)]
            mean = sum(scores) / len(scores)
            kind = "cooperation" if mean > 0 else "conflict" if mean < 0 else "neutral"
            events_named = sorted({s.record.name or "" for s in supports
                                   if isinstance(s.record, Event)})
            days = sorted(filter(None, (
                (s.record.date if isinstance(s.record, Event) else None) or published[s.article]
                for s in supports)))
            out.append({
                "text": f"{self._name(source)} → {self._name(target)}: {kind} "
                        f"({len(scores)} events, mean Goldstein {mean:+.1f}; "
                        f"{'; '.join(events_named[:3])})",
                "citations": [_cite(s.article, s.record.trigger) for s in supports
                              if isinstance(s.record, Event)][:5],
                "source": self._name(source), "target": self._name(target),
                "events": len(scores), "goldstein": round(mean, 2), "relation": kind,
                "first_seen": days[0] if days else None,
                "last_seen": days[-1] if days else None})
        ordered = sorted(out, key=lambda r: -int(r["events"]))[:10]
        return ordered + self._claimed_relations()[:6]

    def _claimed_relations(self) -> list[dict[str, Any]]:
        """Alliance or hostility between two states or organisations that a claim states in
        so many words (`data/claimed_relations.tsv`: "Russia's closest ally North Korea",
        "the alliance between Moscow and Pyongyang"), counted by independent source."""
        found: dict[tuple[str, str, str], list[tuple[Support, str]]] = defaultdict(list)
        for analysis in self.analyses:
            spans = sorted((m.start, m.end, actor) for actor in analysis.actors
                           if actor.code and actor.type in PARTY_TYPES for m in actor.mentions)
            text = analysis.article.text
            for claim in analysis.claims:
                mentions = [m for m in spans
                            if claim.span.start <= m[0] and m[1] <= claim.span.end]
                support = Support(analysis.article.id, self.outlet[analysis.article.id],
                                  claim.span.text or "", claim.span, claim)
                for (one, other), relation in _stated_relations(text, mentions).items():
                    found[(one, other, relation)].append((support, claim.certainty))
        out = []
        for (one, other, relation), items in found.items():
            outlets = {s.outlet for s, _ in items}
            levels = sorted({c for _, c in items}, key=CERTAINTY_RANK.__getitem__)
            out.append({
                "text": f"{one} – {other}: {relation}, as {len(items)} claim"
                        f"{'s' if len(items) != 1 else ''} from {len(outlets)} source"
                        f"{'s' if len(outlets) != 1 else ''} state"
                        f"{'s' if len(items) == 1 else ''}",
                "citations": [_cite(s.article, s.span) for s, _ in items][:5],
                "source": one, "target": other, "relation": relation, "basis": "claims",
                "claims": len(items), "sources": len(outlets), "certainty": levels,
                "evidence": " ".join(items[0][0].text.split())})
        return sorted(out, key=lambda r: (-r["sources"], -r["claims"]))

    def _shown_quotes(self, analysis: ArticleAnalysis) -> list[Quote]:
        """The article's quotes sure enough to show (`min_quote_confidence`)."""
        return [q for q in analysis.quotes
                if (q.confidence or 0.0) >= self.min_quote_confidence]

    def _quotes(self) -> list[dict[str, Any]]:
        """Who said what: one item per speaker and wording, citing every article that
        carries it (a syndicated copy adds a citation, not a line)."""
        out: list[dict[str, Any]] = []
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for analysis in self.analyses:
            names = {a.id: a for a in analysis.actors}
            for quote in self._shown_quotes(analysis):
                listed = listed_quote(analysis.article.text, names, quote)
                if listed is None:
                    continue
                actor, content, quoted = listed
                about = ", ".join(x for x in (actor.title, actor.affiliation) if x)
                speaker = actor.name + (f" ({about})" if about else "")
                text = f"{speaker}: “{quoted}”" if quote.kind == "direct" else \
                    f"{speaker}: {quoted}"
                key = (actor.id, " ".join(_WORD.findall(quoted.lower())))
                if key in seen:
                    seen[key]["citations"].append(_cite(analysis.article.id, content))
                    continue
                seen[key] = {"text": text,
                             "citations": [_cite(analysis.article.id, content)],
                             "speaker": actor.name, "affiliation": actor.affiliation,
                             "title": actor.title, "kind": quote.kind,
                             "unnamed": actor.id.startswith("unnamed:"),
                             "article": analysis.article.id}
                out.append(seen[key])
        return out[:20]

    def _figures(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Figures independent sources give for the same count (figures.py): those that
        disagree, and those that agree at different precision."""
        from .figures import compare, figures_of

        found = [f for a in self.analyses for f in figures_of(a, self.outlet[a.article.id])]
        disagree: list[dict[str, Any]] = []
        agree: list[dict[str, Any]] = []
        for comparison in compare(found):
            what = f"{comparison.unit} {comparison.counted}" if comparison.unit != \
                comparison.counted else comparison.unit
            values = [{"article": f.article, "value": f.value, "low": f.low, "high": f.high,
                       "approximate": (f.low, f.high) != (f.value, f.value),
                       "text": f.span.text} for f in comparison.figures]
            if comparison.agree:
                sides = ", ".join(f"“{f.span.text}” ({self._outlet_name(f.article)})"
                                  for f in comparison.figures)
                text = f"Figures for {what} agree at different precision: {sides}"
                cited = [_cite(f.article, f.span) for f in comparison.figures]
            else:
                sides = "; ".join(f"“{f.excerpt.text}” ({self._dated_outlet(f.article)})"
                                  for f in comparison.figures)
                text = f"Figures for {what} differ: {sides}"
                cited = [_cite(f.article, f.excerpt) for f in comparison.figures]
            item = {"text": text, "citations": cited, "kind": "numbers",
                    "unit": comparison.unit, "counted": comparison.counted,
                    "values": values, "sources": len({f.outlet for f in comparison.figures})}
            (agree if comparison.agree else disagree).append(item)
        return disagree, agree

    def _disagreements(self, figures: list[dict[str, Any]], events: list[Fact],
                       claims: list[Fact]) -> list[dict[str, Any]]:
        """Figures that differ, accounts that differ on whether or by whom something was
        done, claims against denials, and one statement hedged by one source and flat in
        another. (The same words under different speakers are not shown: on real news
        that was our own speaker resolution naming one person two ways, 0 of 26.)"""
        # only shown events take part: letting events from 0.5 up in added five pairs on
        # labelled news, none of them right (benchmarks/bench_disagreements)
        out = list(figures) + self._contradictions(events)
        for fact in claims:
            pair = _hedged_differently(fact)
            if pair is not None:
                hedged, flat = pair
                out.append({"text": f"{self._dated_outlet(hedged.article)} hedges it "
                                    f"(“{_excerpt(hedged.text)}”), "
                                    f"{self._dated_outlet(flat.article)} states it flatly "
                                    f"(“{_excerpt(flat.text)}”)",
                            "citations": [_cite(hedged.article, hedged.span),
                                          _cite(flat.article, flat.span)],
                            "kind": "certainty"})
        return out[:12]

    def _contradictions(self, events: list[Fact]) -> list[dict[str, Any]]:
        """An event one source reports and another source carries a denial of (or a
        negation): the same doer and kind of act, the same or a compatible target (either
        unnamed, or both organisations: "UN inspectors", "inspectors of the IAEA")."""
        told = [(f, s) for f in events for s in f.supports
                if isinstance(s.record, Event) and s.record.modality in ("asserted", "reported")]
        out = []
        seen: set[tuple[Any, ...]] = set()
        for fact in events:
            for denial in fact.supports:
                if not isinstance(denial.record, Event) or denial.record.modality != "negated" \
                        or not has_cue(denial.text, "denial"):
                    continue  # "NATO has never …" is history, not a denial
                for other, claim in told:
                    event = claim.record
                    if not isinstance(event, Event) or claim.outlet == denial.outlet or \
                            other.key[0] != fact.key[0] or \
                            event.cameo[:3] != denial.record.cameo[:3] or \
                            not _compatible(other.key[1], fact.key[1]) or \
                            (other.key, fact.key) in seen:
                        continue
                    seen.add((other.key, fact.key))
                    out.append({
                        "text": f"Accounts differ on whether {self._name(fact.key[0])} did it "
                                f"({event.name}): {self._outlet_name(claim.article)} reports "
                                f"it — “{' '.join(claim.text.split())}” — while "
                                f"{self._outlet_name(denial.article)} carries a denial — "
                                f"“{' '.join(denial.text.split())}”",
                        "citations": [_cite(claim.article, claim.span),
                                      _cite(denial.article, denial.span)],
                        "kind": "contradiction"})
        return out + self._blame(events) + self._denials()

    def _statements(self) -> list[Statement]:
        """Who said what, with each speaker's party, for pairing claims with denials."""
        out = []
        for analysis in self.analyses:
            names = {a.id: a for a in analysis.actors}
            # every quote, not only the shown ones: disagreements have their own measured
            # precision (benchmarks/bench_disagreements.py)
            for quote in analysis.quotes:
                actor = names.get(quote.speaker.actor or "")
                if actor is None or not quote.content.text or not quote.leads():
                    continue  # a split quotation is one statement, by its first stretch
                cue = (quote.cue.text or "") if quote.cue else ""
                content = _trim(analysis.article.text, _whole(analysis.article.text, quote))
                said, sentence = self._sentence(analysis, quote.cue or quote.content)
                if self._headline(analysis, said):
                    continue  # a heading is never a claim
                out.append(Statement(
                    analysis.article.id, self.outlet[analysis.article.id], sentence.start,
                    _actor_key(actor.code) if actor.code else actor.id, actor.name,
                    quote.said() if len(quote.parts) > 1 else content.text or "", content,
                    has_cue(cue, "denial") or has_cue(content.text or "", "refutation"),
                    cue.lower()))
        return out

    def _denials(self) -> list[dict[str, Any]]:
        """One party's claim against another party's denial of it (disputes.py)."""
        out = []
        for found in disputes(self._statements(), self._name_words):
            claim, denial = found.claim, found.denial
            out.append({
                "text": f"{claim.speaker} says: “{_excerpt(claim.text)}” "
                        f"({self._dated_outlet(claim.article)}); {denial.speaker} denies it: "
                        f"“{_excerpt(denial.text)}” ({self._dated_outlet(denial.article)})",
                "citations": [_cite(claim.article, claim.span),
                              _cite(denial.article, denial.span)],
                "kind": "denial", "parties": [claim.speaker, denial.speaker],
                "shared": sorted(found.shared)})
        return out

    def _blame(self, events: list[Fact]) -> list[dict[str, Any]]:
        """One source has X use force against Y; another has X accuse Y: the sources differ
        on who is to blame ("a Chinese ship collided with a Philippine boat" / "China
        accused the Philippines of ramming a Chinese ship")."""
        out = []
        for fact in events:
            if fact.key[2] not in ("17", "18", "19", "20") or not fact.key[1]:
                continue
            force = [s for s in fact.supports if isinstance(s.record, Event)
                     and s.record.modality in ("asserted", "reported")]
            accusations = [s for f in events if f.key[:2] == fact.key[:2] and f.key[2] == "11"
                           for s in f.supports if isinstance(s.record, Event)
                           and s.record.cameo.startswith("112")
                           and s.record.modality in ("asserted", "reported")]
            # and both tell of the same act: words in common besides the parties' names
            pairs = [(a, b) for a in force for b in accusations if a.outlet != b.outlet and
                     len(content_words(a.text, self._name_words) &
                         content_words(b.text, self._name_words)) >= MIN_SHARED]
            if not pairs:
                continue
            act, accusation = pairs[0]
            doer, other = self._name(fact.key[0]), self._name(fact.key[1])
            out.append({
                "text": f"Sources differ on who is to blame between {doer} and {other}: "
                        f"{self._outlet_name(act.article)} — “{' '.join(act.text.split())}”; "
                        f"{self._outlet_name(accusation.article)} — "
                        f"“{' '.join(accusation.text.split())}”",
                "citations": [_cite(act.article, act.span),
                              _cite(accusation.article, accusation.span)],
                "kind": "blame"})
        return out

    @cached_property
    def _name_words(self) -> frozenset[str]:
        """The words of the story's actors' names (left out when statements are compared)."""
        return frozenset(w for name in self.names.values()
                         for w in re.findall(r"[a-z]+", name.lower()))

    def _dated_outlet(self, article: str) -> str:
        """"Outlet, 2024-10-18" for an article."""
        return ", ".join(x for x in (self._outlet_name(article), self.published.get(article))
                         if x)

    def _outlet_name(self, article: str) -> str:
        return self.sources.get(article) or article

    def _sources(self) -> list[dict[str, Any]]:
        out = []
        for analysis in self.analyses:
            article = analysis.article
            first = analysis.sentences[0] if analysis.sentences else Span(
                0, min(len(article.text), 200))
            label = " · ".join(x for x in (article.source, article.published, article.title)
                               if x) or article.id
            out.append({"text": label, "citations": [_cite(article.id, first)],
                        "article": article.id, "source": article.source,
                        "published": article.published, "url": article.url})
        return out

    def _summary(self, sections: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """A dated line (the days the story covers, its articles and independent sources,
        and the lead sentence of its first article), then the top development and the top
        implication or disagreement."""
        from .condense import date_range

        lines = []
        when = date_range(a.article.published for a in self.analyses) or "Undated"
        articles, outlets = len(self.analyses), len(set(self.outlet.values()))
        dateline = (f"{when} · {articles} article{'s' if articles != 1 else ''}, "
                    f"{outlets} source{'s' if outlets != 1 else ''}")
        lead = self._lead()
        if lead is not None:
            analysis, sentence = lead
            lines.append({"text": f"{dateline}: {' '.join((sentence.text or '').split())}",
                          "citations": [_cite(analysis.article.id, sentence)],
                          "dateline": dateline})
        elif self.analyses and self.analyses[0].article.text:  # no sentence reads as a lead
            first = self.analyses[0].article
            lines.append({"text": dateline, "citations": [_cite(first.id, Span.of(
                first.text, 0, min(len(first.text), 200)))], "dateline": dateline})
        for name in ("developments", "implications", "disagreements"):
            if sections[name] and len(lines) < 3:
                item = sections[name][0]
                if all(item["text"] not in line["text"] for line in lines):
                    lines.append({"text": item["text"], "citations": item["citations"]})
        return lines[:3]

    def _lead(self) -> tuple[ArticleAnalysis, Span] | None:
        """The first sentence of the earliest article that reads as a lead: not its title, a
        heading or page furniture; a whole sentence of 7 to 50 words."""
        for analysis in self.analyses:
            furniture = [f.span for f in analysis.furniture]
            for first in analysis.sentences[:6]:
                sentence = Span.of(analysis.article.text, first.start, first.end)
                said = sentence.text or ""
                if self._headline(analysis, said) or not 6 < len(said.split()) <= 50 or any(
                        f.start < first.end and first.start < f.end for f in furniture):
                    continue
                return analysis, sentence
        return None


PARTY_TYPES = frozenset({"state", "organisation", "organization", "group", "igo",
                         "armed group"})


@lru_cache(maxsize=1)
def relation_patterns() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    """(relation, words between the parties, words before the first) from
    `data/claimed_relations.tsv`."""
    from ..tables import data_rows

    word = r"(?!(?:not|never|no)\b)[a-z’\-]+"
    out = []
    for relation, between, before, *_ in data_rows("claimed_relations.tsv", 4):
        out.append((relation, re.compile(between.rstrip().replace("W", word) + " "),
                    re.compile(before.replace("W", word)) if before else None))
    return out


def _plain(text: str) -> str:
    """Lower case, one space between words, one kind of apostrophe, commas as " ,"."""
    return " ".join(text.lower().replace("'", "’").replace(",", " ,").split())


def _stated_relations(text: str, mentions: list[tuple[int, int, Any]]
                      ) -> dict[tuple[str, str], str]:
    """(party, party) → relation for each pair of consecutive named parties in `mentions`
    (start, end, actor; in text order) whose joining words a row of the table matches."""
    out: dict[tuple[str, str], str] = {}
    for i, (start, end, first) in enumerate(mentions):
        one = _actor_key(first.code)
        following = next(((s, a) for s, _, a in mentions[i + 1:]
                          if _actor_key(a.code) != one), None)
        if following is None:
            continue
        second_start, second = following
        between = _plain(text[end:second_start])
        if len(between) > 80:
            continue
        before = _plain(text[max(0, start - 60):start]) + " "
        if re.search(r"\b(?:not|never|no)\b|n’t\b", before[-40:]):
            continue  # "that's not to say that war between …"
        for relation, joining, preceding in relation_patterns():
            if joining.fullmatch(between + " " if between else "") and (
                    preceding is None or preceding.search(before)):
                named = sorted([first.name, second.name])
                out[(named[0], named[1])] = relation
                break
    return out


def _salience(item: dict[str, Any]) -> int:
    """What an actor does counts most, then what it says, then how often it is named."""
    return 3 * item["events"] + 2 * item["quotes"] + item["mentions"] + len(item["articles"])


def _roles(item: dict[str, Any]) -> str:
    bits = [f"{item[k]} {k if item[k] != 1 else k[:-1]}" for k in ("events", "quotes")
            if item[k]]
    return ", ".join(bits) or "no event or quote"


def _hedged_differently(fact: Fact) -> tuple[Support, Support] | None:
    """One source's telling with a hedge ("may have", "reportedly") and another source's
    telling of nearly the same words without it and stated as certain."""
    tellings = [s for s in fact.supports if isinstance(s.record, Claim)]
    for hedged in tellings:
        claim = hedged.record
        assert isinstance(claim, Claim)
        if claim.certainty == "certain" or not claim.hedges:
            continue
        cues = {(h.text or "").lower() for h in claim.hedges
                if has_cue(h.text or "", "epistemic")} - {""}
        if not cues:
            continue  # "would", "I think": tense or opinion, not a doubt about the fact
        for flat in tellings:
            other = flat.record
            assert isinstance(other, Claim)
            if flat.outlet == hedged.outlet or other.certainty != "certain" or other.hedges:
                continue
            one, two = _words(hedged.text), _words(flat.text)
            if len(one & two) >= CLOSE * len(one | two) and not any(
                    cue in flat.text.lower() for cue in cues) and _hedges_shared(
                        hedged.text, cues, two):
                return hedged, flat
    return None


def _hedges_shared(text: str, cues: set[str], other: set[str]) -> bool:
    """Whether a hedge of `text` bears on words the other telling has too ("may have
    blocked" and "blocked"), not on a clause of its own ("what we might become")."""
    lowered = text.lower()
    for cue in cues:
        after = lowered.split(cue, 1)[1] if cue in lowered else ""
        following = next((w for w in _WORD.findall(after) if w not in _FUNCTION), None)
        if following is not None and following in other:
            return True
    return False


def _excerpt(text: str, words: int = 22) -> str:
    """The first `words` whole words of a statement, "…" where it goes on."""
    said = text.split()
    return " ".join(said[:words]) + (" …" if len(said) > words else "")


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items in order, each text once (several aligned facts can rest on one sentence)."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item["text"].split())
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _compatible(one: str, other: str) -> bool:
    """Targets that may be the same party: equal, either unnamed, or both organisations
    without a state code."""
    if one == other or not one or not other:
        return True
    state = re.compile(r"[A-Z]{3}$")
    return not state.match(one) and not state.match(other)


def _actor_key(code: str) -> str:
    """Align actors at the state or organisation: PRKMIL and PRK are North Korea."""
    if code[:3] in ("IGO", "NGO", "IMG", "MNC", "NGM"):
        return code[:6]  # IGOUNO is the UN, not any international body
    return code[:3] if code[:3].isupper() and len(code) >= 3 else code


def build_brief(story: str, title: str, analyses: list[ArticleAnalysis],
                copies: dict[str, str] | None = None,
                min_confidence: float = SHOWN_CONFIDENCE, full: bool = False) -> dict[str, Any]:
    """The brief of one story as a dict in the `sitroom.brief/1` shape; events below
    `min_confidence` are left out. Short (condense.py: a word budget, every sentence once)
    unless `full`."""
    return brief_forms(story, title, analyses, copies, min_confidence)[full]


def brief_forms(story: str, title: str, analyses: list[ArticleAnalysis],
                copies: dict[str, str] | None = None,
                min_confidence: float = SHOWN_CONFIDENCE) -> dict[bool, dict[str, Any]]:
    """Both forms of a story's brief from one build: {True: the full, False: the short}."""
    from .condense import Sentences, budget_for, condense

    whole = Brief(story, title, analyses, copies, min_confidence).build()
    sentences = Sentences({a.article.id: [(s.start, s.end) for s in a.sentences]
                           for a in analyses})
    words = sum(len(a.article.text.split()) for a in analyses)
    return {True: {**whole, "form": "full"},
            False: condense(whole, sentences, budget_for(words, len(analyses)))}


def copies_of(analyses: Iterable[ArticleAnalysis]) -> dict[str, str]:
    """Article id → id of the earlier article it copies (exact or near-duplicate text)."""
    from ..ingest.dedup import Deduplicator, minhash_of, text_hash

    seen = Deduplicator()
    out = {}
    for analysis in analyses:
        article = analysis.article
        digest, minhash = text_hash(article.text), minhash_of(article.text)
        match = seen.match(digest, minhash)
        if match:
            out[article.id] = match[1]
        seen.add(article.id, digest, minhash)
    return out


def briefs_for(analyses: list[ArticleAnalysis], story: str | None = None,
               span_days: int | None = None, embed: bool = False,
               min_confidence: float = SHOWN_CONFIDENCE,
               full: bool = False) -> list[dict[str, Any]]:
    """Group analysed articles into stories and brief each (or only `story`)."""
    from .cluster import SPAN_DAYS, group_articles

    by_id = {a.article.id: a for a in analyses}
    copies = copies_of(analyses)
    out = []
    for grouped, title in group_articles([a.article for a in analyses],
                                         SPAN_DAYS if span_days is None else span_days,
                                         embed=embed):
        if story is not None and grouped.id != story:
            continue
        members = [by_id[m] for m in grouped.members]
        out.append(build_brief(grouped.id, title, members, copies, min_confidence, full))
    return out
