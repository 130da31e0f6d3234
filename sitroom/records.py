"""The record types of CONTRACT.md, as frozen dataclasses.

Every record that points into an article holds `Span`s: character offsets into the one
immutable `Article.text` (Python indices, end exclusive). Records never carry text that
cannot be traced back: a span's `text` is always `article.text[start:end]`, checked by
`ArticleAnalysis.check()`.

`to_dict()` gives exactly the JSON shape of CONTRACT.md (every key present, `None` for
unknown values, `[]` for empty lists); `from_dict()` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import RecordError

SCHEMA = "sitroom.extract/1"

ACTOR_TYPES = ("state", "igo", "ngo", "organization", "person", "group", "unknown")
MODALITIES = ("asserted", "reported", "hypothetical", "future", "negated")
QUOTE_KINDS = ("direct", "indirect", "mixed")
CLAIM_KINDS = (
    "motive", "benefit", "cost", "implication", "prediction", "recommendation", "report",
    "assessment",
)
# The certainty scale, firmest first: the one definition every reader of certainty uses
# (claims, briefs, the web app, the API). `CERTAINTY_RANK`: 0 for certain … 3 for doubtful.
CERTAINTIES = ("certain", "probable", "possible", "doubtful")
CERTAINTY_RANK = {level: rank for rank, level in enumerate(CERTAINTIES)}
CAUSAL_RELATIONS = ("cause", "enable", "motivate", "prevent")
PLACE_PRECISIONS = ("city", "admin1", "country")


def _opt(data: Mapping[str, Any], key: str, cls: Any) -> Any:
    value = data.get(key)
    return None if value is None else cls.from_dict(value)


def _number(value: Any, kind: Any) -> Any:
    return None if value is None else kind(value)


def _dict_or_none(value: Any) -> Any:
    return None if value is None else value.to_dict()


@dataclass(frozen=True, slots=True)
class Span:
    """A character range of the article text; `text` is the slice, or None for bare offsets."""

    start: int
    end: int
    text: str | None = None

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span [start, end) of `text`, carrying its slice."""
        if not 0 <= start <= end <= len(text):
            raise RecordError(f"span {start}:{end} outside a text of {len(text)} characters")
        return cls(start, end, text[start:end])

    def bare(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.text is not None:
            out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), data.get("text"))


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text where an actor is named or referred to."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mention:
        return cls(int(data["start"]), int(data["end"]), data["text"])


# The confidence at or above which an event is shown (brief, web app, graph, exports); the
# rest stay in the store. Chosen on the labelled allsides-intl events (docs/models/event_models.md).
SHOWN_CONFIDENCE = 0.7
# The confidence at or above which a quote is shown (brief, web app); every quote stays in
# the store and in `extract` output. Chosen on hand-checked allsides-intl quotes
# (benchmarks/labels/allsides_quotes.tsv, `python -m benchmarks.bench_attribution --allsides`).
SHOWN_QUOTE_CONFIDENCE = 0.8


def quote_shown(confidence: float | None, speaker_actor: str | None) -> bool:
    """Whether a view that lists quotes shows this one: sure enough, and said by a known
    speaker (an actor of the article, unnamed sources included; a bare "he" no one resolved
    is kept in the store, not shown)."""
    return bool(speaker_actor) and (confidence or 0.0) >= SHOWN_QUOTE_CONFIDENCE
# Causal links below this confidence are kept in the analysis but not shown (web app). On
# hand-labelled allsides-intl links (benchmarks/labels/allsides_causal.tsv) those at or above
# it were right 70% of the time (61% on a held-out sheet), short of the 80% aimed at; no
# higher cut did better (python -m benchmarks.bench_causal --allsides, docs/models/causal.md).
SHOWN_CAUSAL = 0.7


@dataclass(frozen=True, slots=True)
class Furniture:
    """A line of page furniture (caption, video box, advert, sign-up line, credit …): kept in
    the text, never analysed. An addition to the contract."""

    kind: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": self.span.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Furniture:
        return cls(data["kind"], Span.from_dict(data["span"]))


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: metadata and the immutable text every offset indexes.

    `author` and `origin` (where the article was read from) are additions to the contract.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str = "en"
    author: str | None = None
    origin: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "source": self.source, "url": self.url,
            "published": self.published, "language": self.language, "text": self.text,
            "author": self.author, "origin": self.origin,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        return cls(
            id=str(data["id"]), text=data["text"], title=data.get("title"),
            source=data.get("source"), url=data.get("url"), published=data.get("published"),
            language=data.get("language") or "en", author=data.get("author"),
            origin=data.get("origin"),
        )


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    type: str = "unknown"
    code: str | None = None
    country: str | None = None
    role: str | None = None
    title: str | None = None
    affiliation: str | None = None
    mentions: tuple[Mention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "type": self.type, "code": self.code,
            "country": self.country, "role": self.role, "title": self.title,
            "affiliation": self.affiliation, "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Actor:
        return cls(
            id=data["id"], name=data["name"], type=data.get("type") or "unknown",
            code=data.get("code"), country=data.get("country"), role=data.get("role"),
            title=data.get("title"), affiliation=data.get("affiliation"),
            mentions=tuple(Mention.from_dict(m) for m in data.get("mentions", [])),
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount; `approximate` (an addition to the contract) marks vague or hedged amounts:
    "thousands of soldiers" has the value 2000, the least the word allows."""

    value: float | int | None
    unit: str | None
    text: str
    approximate: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "text": self.text,
                "approximate": self.approximate}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quantity:
        return cls(data.get("value"), data.get("unit"), data["text"],
                   bool(data.get("approximate", False)))


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, resolved in the gazetteer: `country` an ISO alpha-3 code,
    `admin1` the first-level division's name, `precision` how fine `lat`/`lon` are (city,
    admin1, country). Additions to the contract: `feature_id` (the GeoNames id of a city,
    GeoNames' country and division codes for a division, e.g. "AF.24", the alpha-3 code of a
    country) and `basis`, where in
    the article the place was found ("clause", "sentence", "dateline", "article")."""

    name: str
    span: Span | None
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision: str
    feature_id: str | None = None
    basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "span": _dict_or_none(self.span), "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
                "precision": self.precision, "feature_id": self.feature_id,
                "basis": self.basis}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Place:
        return cls(data["name"], _opt(data, "span", Span), data["country"], data.get("admin1"),
                   float(data["lat"]), float(data["lon"]), data["precision"],
                   data.get("feature_id"), data.get("basis"))


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event. Additions to the contract: `source_code`/`target_code` (the CAMEO
    actor codes of source and target, e.g. "PRKGOV" for a person), `name` (the CAMEO
    code's name), `date_basis` ("text": the sentence dates it; "published": the article's
    date stands in; None only when the article has no date) and `date_precision` ("day",
    "week", "month", "year": `date` is then the first day of that period)."""

    source: str | None
    target: str | None
    cameo: str
    root: str
    plover: str | None
    goldstein: float | None  # None only for an extra dictionary's own code (not CAMEO)
    quad_class: int | None
    modality: str
    trigger: Span
    sentence: Span
    quantity: Quantity | None = None
    location: str | None = None
    date: str | None = None
    attributed_to: str | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    source_code: str | None = None
    target_code: str | None = None
    name: str | None = None
    confidence: float | None = None
    coded_by: str = "rules"  # "model" when the learned pentacode model changed the code
    date_basis: str | None = None
    date_precision: str | None = None
    place: Place | None = None
    fatalities: int | None = None  # people killed, on events of killing
    injured: int | None = None
    arrested: int | None = None
    displaced: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target, "cameo": self.cameo, "root": self.root,
            "plover": self.plover, "goldstein": self.goldstein, "quad_class": self.quad_class,
            "modality": self.modality, "quantity": _dict_or_none(self.quantity),
            "location": self.location, "date": self.date, "attributed_to": self.attributed_to,
            "trigger": self.trigger.to_dict(), "source_span": _dict_or_none(self.source_span),
            "target_span": _dict_or_none(self.target_span),
            "sentence": self.sentence.bare().to_dict(),
            "source_code": self.source_code, "target_code": self.target_code, "name": self.name,
            "confidence": self.confidence, "coded_by": self.coded_by,
            "date_basis": self.date_basis, "date_precision": self.date_precision,
            "place": _dict_or_none(self.place), "fatalities": self.fatalities,
            "injured": self.injured, "arrested": self.arrested, "displaced": self.displaced,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        return cls(
            source=data.get("source"), target=data.get("target"), cameo=data["cameo"],
            root=data["root"], plover=data.get("plover"),
            goldstein=_number(data["goldstein"], float),
            quad_class=_number(data["quad_class"], int), modality=data["modality"],
            trigger=Span.from_dict(data["trigger"]), sentence=Span.from_dict(data["sentence"]),
            quantity=_opt(data, "quantity", Quantity), location=data.get("location"),
            date=data.get("date"), attributed_to=data.get("attributed_to"),
            source_span=_opt(data, "source_span", Span),
            target_span=_opt(data, "target_span", Span),
            source_code=data.get("source_code"), target_code=data.get("target_code"),
            name=data.get("name"), confidence=_number(data.get("confidence"), float),
            coded_by=data.get("coded_by") or "rules",
            date_basis=data.get("date_basis"), date_precision=data.get("date_precision"),
            place=_opt(data, "place", Place), fatalities=_number(data.get("fatalities"), int),
            injured=_number(data.get("injured"), int),
            arrested=_number(data.get("arrested"), int),
            displaced=_number(data.get("displaced"), int),
        )


@dataclass(frozen=True, slots=True)
class Speaker:
    actor: str | None
    name: str | None
    span: Span | None

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "name": self.name, "span": _dict_or_none(self.span)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Speaker:
        return cls(data.get("actor"), data.get("name"), _opt(data, "span", Span))


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution, one stretch of what is said. A quotation split around its
    attribution (“…,” she said, “…”) is one record per stretch, sharing `speaker` and `cue`,
    each with its own `content`; `parts` (an addition to the contract) lists every stretch
    of the quotation in each of them (empty when there is one)."""

    kind: str
    speaker: Speaker
    cue: Span | None
    content: Span
    parts: tuple[Span, ...] = ()
    # calibrated: of the quotes given 0.8, about 80% have the right content and speaker
    confidence: float | None = None

    def leads(self) -> bool:
        """Whether this record stands for its whole quotation: the only one, or the first
        stretch of a split one (consumers that show a quotation once skip the others)."""
        return len(self.parts) < 2 or self.content == self.parts[0]

    def said(self) -> str:
        """What is said, without the attribution a split quote runs across: the parts'
        texts joined by " … " (the content's text when there is one stretch)."""
        if len(self.parts) > 1:
            return " … ".join((p.text or "").strip(" ,“”\"'") for p in self.parts)
        return self.content.text or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "speaker": self.speaker.to_dict(),
            "cue": _dict_or_none(self.cue), "content": self.content.to_dict(),
            "parts": [p.to_dict() for p in self.parts or (self.content,)],
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quote:
        parts = tuple(Span.from_dict(p) for p in data.get("parts", []))
        content = Span.from_dict(data["content"])
        return cls(
            kind=data["kind"], speaker=Speaker.from_dict(data["speaker"]),
            cue=_opt(data, "cue", Span), content=content,
            parts=() if parts == (content,) else parts,
            confidence=_number(data.get("confidence"), float),
        )


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    certainty: str
    attributed_to: str
    span: Span
    subject: str | None = None
    hedges: tuple[Span, ...] = ()
    # Additions to the contract: weasel wording in the claim's sentence ("some critics say",
    # "it is widely believed"), decided by the vagueness model, with the words that carry it.
    vague: bool = False
    vague_cues: tuple[Span, ...] = ()
    # The calibrated probability that `certainty` is right (hedged or not), from the learned
    # cue tagger; null on analyses stored before it existed.
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "subject": self.subject, "certainty": self.certainty,
            "hedges": [h.to_dict() for h in self.hedges], "attributed_to": self.attributed_to,
            "span": self.span.to_dict(), "vague": self.vague,
            "vague_cues": [c.to_dict() for c in self.vague_cues],
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        return cls(
            kind=data["kind"], certainty=data["certainty"], attributed_to=data["attributed_to"],
            span=Span.from_dict(data["span"]), subject=data.get("subject"),
            hedges=tuple(Span.from_dict(h) for h in data.get("hedges", [])),
            vague=bool(data.get("vague", False)),
            vague_cues=tuple(Span.from_dict(c) for c in data.get("vague_cues", [])),
            confidence=_number(data.get("confidence"), float),
        )


@dataclass(frozen=True, slots=True)
class CausalLink:
    relation: str
    cause: Span
    effect: Span
    sentence: Span
    signal: Span | None = None
    # An addition to the contract: the learned probability that the sentence states a cause
    # (null on analyses stored before it existed); `basis` says whether a signal rule found
    # the link ("rule") or the sentence's best candidate signal was taken ("candidate").
    confidence: float | None = None
    basis: str = "rule"

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation": self.relation, "cause": self.cause.to_dict(),
            "effect": self.effect.to_dict(), "signal": _dict_or_none(self.signal),
            "sentence": self.sentence.bare().to_dict(),
            "confidence": self.confidence, "basis": self.basis,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CausalLink:
        return cls(
            relation=data["relation"], cause=Span.from_dict(data["cause"]),
            effect=Span.from_dict(data["effect"]), sentence=Span.from_dict(data["sentence"]),
            signal=_opt(data, "signal", Span), confidence=data.get("confidence"),
            basis=data.get("basis", "rule"),
        )


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """Everything the per-article stage found in one article.

    `sentences` (an addition to the contract) are the sentence spans of the parse, the
    frame every later extractor and the corpus stage work in.
    """

    article: Article
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    causal: tuple[CausalLink, ...] = ()
    sentences: tuple[Span, ...] = field(default=())
    furniture: tuple[Furniture, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": self.article.to_dict(),
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "claims": [c.to_dict() for c in self.claims],
            "causal": [c.to_dict() for c in self.causal],
            "sentences": [s.bare().to_dict() for s in self.sentences],
            "furniture": [f.to_dict() for f in self.furniture],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleAnalysis:
        if data.get("schema", SCHEMA) != SCHEMA:
            raise RecordError(f"unsupported schema {data.get('schema')!r}, expected {SCHEMA}")
        return cls(
            article=Article.from_dict(data["article"]),
            actors=tuple(Actor.from_dict(a) for a in data.get("actors", [])),
            events=tuple(Event.from_dict(e) for e in data.get("events", [])),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", [])),
            claims=tuple(Claim.from_dict(c) for c in data.get("claims", [])),
            causal=tuple(CausalLink.from_dict(c) for c in data.get("causal", [])),
            sentences=tuple(Span.from_dict(s) for s in data.get("sentences", [])),
            furniture=tuple(Furniture.from_dict(f) for f in data.get("furniture", [])),
        )

    def _enumerated(self) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        for i, actor in enumerate(self.actors):
            yield f"actors[{i}].type", actor.type, ACTOR_TYPES
        for i, event in enumerate(self.events):
            yield f"events[{i}].modality", event.modality, MODALITIES
            if event.place is not None:
                yield f"events[{i}].place.precision", event.place.precision, PLACE_PRECISIONS
        for i, quote in enumerate(self.quotes):
            yield f"quotes[{i}].kind", quote.kind, QUOTE_KINDS
        for i, claim in enumerate(self.claims):
            yield f"claims[{i}].kind", claim.kind, CLAIM_KINDS
            yield f"claims[{i}].certainty", claim.certainty, CERTAINTIES
        for i, link in enumerate(self.causal):
            yield f"causal[{i}].relation", link.relation, CAUSAL_RELATIONS

    def spans(self) -> Iterator[tuple[str, Span | Mention]]:
        """Every span held by this analysis, with a path naming where it sits."""
        for i, actor in enumerate(self.actors):
            for j, mention in enumerate(actor.mentions):
                yield f"actors[{i}].mentions[{j}]", mention
        for i, event in enumerate(self.events):
            for name in ("trigger", "source_span", "target_span", "sentence"):
                span = getattr(event, name)
                if span is not None:
                    yield f"events[{i}].{name}", span
            if event.place is not None and event.place.span is not None:
                yield f"events[{i}].place.span", event.place.span
        for i, quote in enumerate(self.quotes):
            for name, span in (("speaker.span", quote.speaker.span), ("cue", quote.cue),
                               ("content", quote.content)):
                if span is not None:
                    yield f"quotes[{i}].{name}", span
            for j, part in enumerate(quote.parts):
                yield f"quotes[{i}].parts[{j}]", part
        for i, claim in enumerate(self.claims):
            yield f"claims[{i}].span", claim.span
            for j, hedge in enumerate(claim.hedges):
                yield f"claims[{i}].hedges[{j}]", hedge
            for j, cue in enumerate(claim.vague_cues):
                yield f"claims[{i}].vague_cues[{j}]", cue
        for i, link in enumerate(self.causal):
            for name in ("cause", "effect", "signal", "sentence"):
                span = getattr(link, name)
                if span is not None:
                    yield f"causal[{i}].{name}", span
        for i, sentence in enumerate(self.sentences):
            yield f"sentences[{i}]", sentence
        for i, item in enumerate(self.furniture):
            yield f"furniture[{i}].span", item.span

    def check(self) -> None:
        """Raise RecordError unless every span lies inside the text and quotes it exactly,
        and every enumerated field holds one of the values CONTRACT.md allows."""
        for where, value, allowed in self._enumerated():
            if value not in allowed:
                raise RecordError(f"{self.article.id}: {where} is {value!r}, not one of "
                                  f"{', '.join(allowed)}")
        text = self.article.text
        for where, span in self.spans():
            if not 0 <= span.start <= span.end <= len(text):
                raise RecordError(
                    f"{self.article.id}: {where} {span.start}:{span.end} outside the text "
                    f"({len(text)} characters)"
                )
            if span.text is not None and text[span.start:span.end] != span.text:
                raise RecordError(f"{self.article.id}: {where} text does not match its offsets")
