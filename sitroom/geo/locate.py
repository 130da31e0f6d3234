"""The event-places stage (requires: actors, events; assigns: `Event.place`, and
`Event.location` where the place gives a country and the event had none).

Each event takes the first place found, in this order (`Place.basis`):
- "clause": a place a place preposition attaches to the event's clause ("attacked … in the
  province of Kunduz"), or the direct object of an event of fighting ("shelled Aleppo");
- "sentence": a place a place preposition introduces anywhere in the event's sentence, the
  nearest to the trigger;
- "dateline": the article's dateline ("KABUL, Afghanistan —");
- "article": for events that happen on the ground (`located_root` rows of
  `data/place_words.tsv`), the country (or city) most places the article names lie in.
Names are resolved by `resolve.choose` against the countries the article is about (its
actors' countries, then the countries of the places it names).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..actors.gazetteer import fold
from ..events.tree import Tree, root_at
from ..intervals import Cover, Intervals
from ..nlp import doc_text
from ..records import ArticleAnalysis, Event, Place, Span
from ..tokens import TokenStrings
from .gazetteer import Feature, Gazetteer, load, words
from .mentions import PlaceMention, find_dateline, find_mentions, rules
from .resolve import choose

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CLAUSE_CLIMB = 12  # at most this many steps from a word up to its clause's verb
ARTICLE_SHARE = 4 / 5  # the article's place: this share of the places it names, …
ARTICLE_LEAST = 3  # … of at least this many
CITY_SHARE = 3 / 4  # within that country, the article's city: this share of its places …
CITY_LEAST = 3  # … of at least this many


def _not_party(feature: Feature, event: Event) -> bool:
    """A town, or a country that is neither side of the event ("the Libya attack", not "the
    U.S. consulate attack")."""
    parties = {(code or "")[:3] for code in (event.source_code, event.target_code)}
    return feature.precision != "country" or feature.country not in parties


@dataclass(frozen=True, slots=True)
class Located:
    mention: PlaceMention
    feature: Feature

    def place(self, text: str, basis: str) -> Place:
        span = Span.of(text, self.mention.start, self.mention.end)
        return self.feature.place(span, basis)


@lru_cache(maxsize=1)
def _located_roots() -> frozenset[str]:
    return frozenset(words("located_root"))


@cache
def _kind(kind: str) -> frozenset[str]:
    return frozenset(words(kind))


@lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    """Role nouns of the actor dictionary (professor, spokesman, ambassador, …)."""
    from ..actors.gazetteer import load as actor_dictionary

    return frozenset(actor_dictionary().roles)


def _destinations() -> frozenset[str]:
    return _kind("destination")


def _proposed(token: Token) -> bool:
    """A gerund that is the subject of what may or will happen ("attacking Syria will
    weaken Assad"; not "rescuing Americans in Grenada was …"), or an event noun that a verb
    of proposing or opposing governs ("warned against unilateral strikes in Syria",
    "urged strikes on Syria"): a proposal, not a deed."""
    if token.tag_ == "VBG" and token.dep_ in ("csubj", "nsubj"):
        return any(c.dep_ == "aux" and c.lower_ in _kind("modal") for c in token.head.children)
    if token.pos_ != "NOUN":
        return False
    up = token.head
    if token.dep_ == "pobj" and up.lower_ in ("against", "for"):
        up = up.head
    elif token.dep_ != "dobj":
        return False
    return up.pos_ == "VERB" and up.lemma_.lower() in _kind("proposal")


REAL = ("asserted", "reported")  # modalities of events that took place
UNREAL = ("hypothetical", "negated")  # … and of events that did not: they have no place
VERBAL = (1, 3)  # quad classes of words (statements, appeals, threats): a venue, not a scene


def _said(event: Event) -> bool:
    """Words rather than deeds: they take a place only where the text attaches one to the
    trigger itself ("said in Cairo", "a trip to Paris")."""
    return event.quad_class in VERBAL or event.modality not in REAL or \
        event.root in _kind("unlocated_root")


def _article_countries(analysis: ArticleAnalysis, gaz: Gazetteer) -> set[str]:
    """The countries of the article's actors (states and the agents of states)."""
    out = set()
    for actor in analysis.actors:
        if actor.country in gaz.countries:
            out.add(actor.country)
        elif actor.code and actor.code[:3] in gaz.countries and actor.type == "state":
            out.add(actor.code[:3])
    return out


def _resolve(gaz: Gazetteer, mentions: list[PlaceMention], countries: set[str]
             ) -> list[Located]:
    """Resolve each name; the countries of the names resolved join the article's countries
    for a second look at the names left over."""
    first = {m: choose(gaz, m.text, countries, m.hint) for m in mentions}
    more = countries | {f.country for f in first.values() if f is not None}
    out = []
    for mention, feature in first.items():
        feature = feature or choose(gaz, mention.text, more, mention.hint)
        if feature is not None:
            out.append(Located(mention, feature))
    return out


def _clause(doc: Doc, token: int) -> int:
    """The index of the verb heading the clause token `token` is in."""
    s = TokenStrings.of(doc)
    for _ in range(CLAUSE_CLIMB):
        if s.pos[token] in ("VERB", "AUX") or s.head[token] == token:
            break
        token = s.head[token]
    return token


def _finest(found: list[Located]) -> list[Located]:
    """The cities among places, else the divisions, else the countries ("In South Africa,
    thousands marched in Cape Town")."""
    for precision in ("city", "admin1"):
        fine = [x for x in found if x.feature.precision == precision]
        if fine:
            return fine
    return found


def _nearest(found: list[Located], at: int) -> Located | None:
    return min(found, key=lambda x: abs(x.mention.start - at), default=None)


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    """The keys of the capitals (the cities at their country's point; venues such as "the
    Kremlin" resolve to them)."""
    gaz = load()
    points = {(c.country, c.lat, c.lon) for c in gaz.countries.values()}
    return frozenset(f.key for f in gaz.features.values()
                     if f.precision == "city" and (f.country, f.lat, f.lon) in points)


def _top(token: Token) -> int:
    """The first of the names coordinated with `token` ("Iraq and Syria": Iraq)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.i


def _in_span(x: Located, span: Span | None) -> bool:
    return span is not None and span.start <= x.mention.start < span.end


def _of_coordination(event: Event, best: Located, found: list[Located], doc: Doc
                     ) -> Located | None:
    """The place among coordinated names ("airstrikes in Iraq and Syria"): the one that is
    the event's target, else the names' one country (spanning them all), else none."""
    top = _top(doc[best.mention.root])
    group = [x for x in found if _top(doc[x.mention.root]) == top]
    if len({x.feature.key for x in group}) < 2:
        return best
    target = (event.target_code or "")[:3]
    own = [x for x in group if _in_span(x, event.target_span) or x.feature.country == target]
    if own:
        return _nearest(_finest(own), event.trigger.start)
    country = load().countries.get(best.feature.country)
    if country is None or any(x.feature.country != country.key for x in group):
        return None
    start, end = min(x.mention.start for x in group), max(x.mention.end for x in group)
    return Located(replace(best.mention, start=start, end=end,
                           text=doc_text(doc)[start:end]), country)


def _target(event: Event, x: Located, doc: Doc, trigger: int | None) -> bool:
    """A country, or a capital standing for its government, after "on"/"against": a target,
    not a scene ("an attack on the United States", "sanctions on Tehran", "an attack …
    which Washington blames on Tehran"; but "airstrikes on Damascus" are force on the
    city, "on the outskirts of Nairobi" a scene)."""
    if x.mention.prep not in _kind("target_prep"):
        return False
    s, head = TokenStrings.of(doc), x.mention.head
    force_on_it = event.root in _kind("object_root") and head is not None and (
        head == trigger or s.pos[head] in ("NOUN", "PROPN"))  # not another verb's "on"
    return x.feature.precision == "country" or (
        x.feature.key in _capitals() and not force_on_it and
        s.lower[s.head[x.mention.root]] in _kind("target_prep"))


def _for_state(doc: Doc, x: Located, states: Cover) -> bool:
    """A capital (or seat: "the Kremlin") standing for the government an actor mention of a
    state names there: the subject of a verb or a possessor ("Tehran threatened", "Tehran's
    seizure of tankers"); not "Baghdad's streets"."""
    if x.feature.key not in _capitals() or not states.overlaps(x.mention.start, x.mention.end):
        return False
    root = doc[x.mention.root]
    if root.dep_ == "nsubj":
        return True
    head = root.head
    return root.dep_ == "poss" and head.pos_ == "NOUN" and not (
        {fold(head.text)} & (rules().relative | rules().settlement) or
        head.lemma_.lower() in _kind("facility"))


def _as_scene(doc: Doc, x: Located) -> Located:
    """A country as a modifier of a noun is who acts, not where ("a U.S. airstrike"): no
    place preposition attaches it to the event."""
    s, root = TokenStrings.of(doc), x.mention.root
    if x.feature.precision == "country" and s.dep[root] in ("compound", "amod", "nmod") and \
            s.pos[s.head[root]] == "NOUN":
        return Located(replace(x.mention, head=None, prep=None), x.feature)
    return x


def _scenes(doc: Doc, analysis: ArticleAnalysis, located: list[Located],
            line: tuple[int, int]) -> list[Located]:
    """The places that may be scenes: not in the dateline (`line`: its start and end), not
    a capital standing for its government, not a person's name ("Rhodes said", of Ben
    Rhodes), a country modifier detached from its preposition."""
    states = Cover((m.start, m.end) for actor in analysis.actors
                   if actor.type == "state" for m in actor.mentions)
    people = Cover((m.start, m.end) for actor in analysis.actors
                   if actor.type == "person" for m in actor.mentions)
    return [_as_scene(doc, x) for x in located
            if not line[0] <= x.mention.start < line[1] and not _for_state(doc, x, states)
            and not people.overlaps(x.mention.start, x.mention.end)]


@dataclass
class Finder:
    """The places of one article, and the choice of one for each event."""

    doc: Doc
    text: str
    located: list[Located]
    dateline: Place | None
    scene: Place | None  # where the article's events happen, when it is clear
    index: Intervals[Located] = field(init=False)
    countries: set[str] = field(init=False)  # the countries of the places named
    strings: TokenStrings = field(init=False)
    triggers: dict[tuple[int, int], Token | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.strings = TokenStrings.of(self.doc)
        self.index = Intervals((x.mention.start, x.mention.end, x) for x in self.located)
        self.countries = {x.feature.country for x in self.located}

    def trigger(self, event: Event) -> Token | None:
        key = (event.trigger.start, event.trigger.end)
        if key not in self.triggers:  # (each event asks two or three times)
            self.triggers[key] = root_at(self.doc, *key)
        return self.triggers[key]

    def in_sentence(self, event: Event) -> list[Located]:
        """The places of the event's sentence, but a country that is a target ("an attack
        on the United States")."""
        token = self.trigger(event)
        at = token.i if token is not None else None
        return [x for _s, end, x in self.index.starting_in(event.sentence.start,
                                                            event.sentence.end)
                if end <= event.sentence.end and not _target(event, x, self.doc, at)]

    def dateline_for(self, near: list[Located]) -> Place | None:
        """The dateline, where the article's places lie mostly (or all) in its country and
        the sentence names no place in another country ("JERUSALEM —" is not where Gaza was
        shelled)."""
        line = self.dateline
        if line is None:
            return None
        if self.scene is None and self.countries - {line.country}:
            return None
        if self.scene is not None and self.scene.country != line.country:
            return None
        if any(x.feature.country != line.country for x in near):
            return None
        return line

    def attached(self, event: Event, token: Token, near: list[Located]) -> list[Located]:
        """The places attached to the trigger itself: by a place preposition, by "to" after
        a trigger of going, and for events on the ground as its object, a name before it or
        after its "of" ("shelled Aleppo", "the Libya attack", "the siege of Aleppo")."""
        said = _said(event)
        out = [x for x in near if x.mention.head == token.i and
               not (said and x.feature.precision == "country")]
        out += self.of_source(event, token, near) + self.of_occasion(token, near)
        s, at = self.strings, token.i
        going = s.lemma[at] in _destinations()
        for x in near:
            name = x.mention.root
            up, dep = s.head[name], s.dep[name]
            if going and ((dep == "pobj" and s.lower[up] == "to" and s.head[up] == at) or (
                    dep == "dobj" and up == at)):
                out.append(x)
            if event.root not in _kind("object_root") or said:
                continue
            if (dep == "dobj" and up == at) or (
                    dep == "pobj" and s.lower[up] == "of" and s.head[up] == at) or (
                    dep == "compound" and up == at and _not_party(x.feature, event)):
                out.append(x)
        return out

    def of_action(self, x: Located) -> bool:
        """A place a place preposition attaches to something other than a person ("a
        professor at Savannah Law School", "the ambassador in Paris" say who, not where)."""
        if x.mention.head is None:
            return False
        head = x.mention.head
        return Tree.of(self.doc).ent[head] != "PERSON" and self.strings.lemma[head] not in _roles()

    def at_home(self, event: Event) -> Located | None:
        """A state acting on its own ("North Korea trained its army", "Egypt arrested
        Egyptian journalists"): the state named as the source, when the target is the same
        state or its agents or people."""
        source, target, span = event.source_code, event.target_code, event.source_span
        if not source or not target or span is None or source[:3] != target[:3]:
            return None
        for _s, end, x in self.index.starting_in(span.start, span.end):
            if end <= span.end and x.feature.precision == "country" and \
                    x.feature.country == source[:3]:
                return x
        return None

    def of_occasion(self, token: Token, near: list[Located]) -> list[Located]:
        """A town attached to the occasion a preposition attaches to the trigger ("said at a
        news conference in London", "spoke during a visit to Paris")."""
        out = []
        s = self.strings
        for x in near:
            if x.mention.head is None or x.feature.precision == "country":
                continue
            occasion = x.mention.head
            prep = s.head[occasion]
            if s.dep[occasion] == "pobj" and s.dep[prep] == "prep" and s.head[prep] == token.i:
                out.append(x)
        return out

    def of_source(self, event: Event, token: Token, near: list[Located]) -> list[Located]:
        """A town the source is placed in ("the U.S. Embassy in Cairo said", "officials in
        Kabul said", "a White House spokesman told"): where it spoke or acted; not a capital
        that is the whole source ("relations between Washington and Pyongyang": the
        governments; "the Helsinki summit" is in Helsinki)."""
        span = event.source_span
        if span is None:
            return []
        out = []
        s = self.strings
        for x in near:
            if x.feature.precision == "country" or (
                    x.feature.key in _capitals() and x.mention.start <= span.start and
                    span.end <= x.mention.end and s.head[x.mention.root] != token.i):
                continue
            head = x.mention.head
            inside = span.start <= x.mention.start and x.mention.end <= span.end
            if inside or (head is not None and span.start <= s.idx[head] < span.end):
                out.append(x)
        return out

    def clause_place(self, event: Event, token: Token, near: list[Located]) -> Place | None:
        attached = self.attached(event, token, near)
        if not attached and not _said(event):
            clause = _clause(self.doc, token.i)
            attached = [x for x in near if x.mention.head is not None and
                        _clause(self.doc, x.mention.head) == clause]
        best = self.pick(event, attached)
        return best.place(self.text, "clause") if best else None

    def pick(self, event: Event, found: list[Located]) -> Located | None:
        """The nearest of the finest places, or the one its coordination gives the event."""
        best = _nearest(_finest(found), event.trigger.start)
        return _of_coordination(event, best, found, self.doc) if best else None

    def place_of(self, event: Event) -> Place | None:
        token = self.trigger(event)
        if event.modality in UNREAL or (token is not None and _proposed(token)):
            return None
        found = self.found(event)
        scene = self.scene
        if found is not None and found.precision == "country" and scene is not None and \
                scene.precision != "country" and scene.country == found.country:
            return scene  # "in Kenya" where the article is about Nairobi
        return found

    def found(self, event: Event) -> Place | None:
        near = self.in_sentence(event)
        token = self.trigger(event)
        if token is not None:
            found = self.clause_place(event, token, near)
            if found:
                return found
        if _said(event):
            return None
        best = self.pick(event, [x for x in near if self.of_action(x)])
        if best:
            return best.place(self.text, "sentence")
        home = self.at_home(event)
        if home is not None:
            return home.place(self.text, "clause")
        line = self.dateline_for(near)
        if line is not None:
            return line
        if self.scene and event.root in _located_roots():
            return self.scene
        return None


def _dateline_place(gaz: Gazetteer, text: str, parsed: str, countries: set[str]
                    ) -> Place | None:
    """The dateline's place, found in the text the parser read (page furniture blanked)."""
    line = find_dateline(parsed)
    if line is None:
        return None
    hinted = set(countries)
    if line.region:
        region = choose(gaz, line.region, countries)
        if region is not None:
            hinted = {region.country}
    feature = choose(gaz, line.text.title(), hinted)
    if feature is None:
        return None
    return feature.place(Span.of(text, line.start, line.end), "dateline")


def _share(located: list[Located], key: Callable[[Located], str]) -> tuple[str, float]:
    counts = Counter(key(x) for x in located)
    best, count = counts.most_common(1)[0]
    return best, count / len(located)


def _article_place(gaz: Gazetteer, located: list[Located], text: str) -> Place | None:
    """Where the article's events happen, when the places a place preposition introduces
    mostly (ARTICLE_SHARE) lie in one country: the city or division that CITY_SHARE of the
    article's places in that country name, else the country; the span is the first mention of that
    place (None for a country named only through its places)."""
    scenes = [x for x in located if x.mention.head is not None]
    if len(scenes) < ARTICLE_LEAST:
        return None
    country, share = _share(scenes, lambda x: x.feature.country)
    if share < ARTICLE_SHARE:
        return None
    feature = gaz.countries.get(country)
    inside = [x for x in located if x.feature.country == country and
              x.feature.precision != "country"]
    if len(inside) >= CITY_LEAST:
        key, share = _share(inside, lambda x: x.feature.key)
        feature = gaz.features[key] if share >= CITY_SHARE else feature
    if feature is None:
        return None
    named = [x for x in located if x.feature is feature]
    span = Span.of(text, named[0].mention.start, named[0].mention.end) if named else None
    return feature.place(span, "article")


def locate_events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill `place` on events, and `location` from it where it was None."""
    if not analysis.events:
        return analysis
    gaz = load()
    text = analysis.article.text
    countries = _article_countries(analysis, gaz)
    line = find_dateline(doc_text(doc))
    located = _scenes(doc, analysis, _resolve(gaz, find_mentions(doc), countries),
                      (line.start, line.stop) if line else (0, 0))
    finder = Finder(doc, text, located, _dateline_place(gaz, text, doc_text(doc), countries),
                    _article_place(gaz, located, text))
    events = []
    for event in analysis.events:
        place = finder.place_of(event)
        if place is not None:
            event = replace(event, place=place, location=event.location or place.country)
        events.append(event)
    return replace(analysis, events=tuple(events))


__all__ = ["locate_events"]
