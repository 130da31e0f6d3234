"""The event coder: who did what to whom, over the dependency parse.

For every verb (and eventive noun) the lexicon knows, the coder
1. collects the verb's frame (particles, objects, prepositions and their objects) and picks
   the most specific pattern ("impose sanction on" over "impose");
2. applies the frame it sits in: "agreed to send aid" is an intent (033), "urged X to talk"
   an appeal (026), "refused to withdraw" a refusal (124), "threatened to strike" a threat
   (1384); the frame verb becomes the trigger;
3. finds the source in the subject (inherited through "to" clauses and coordination; the
   "by" agent of a passive), the target in the object, the dative, a prepositional object or
   a possessive ("to aid Russia's war"), each through the actors already resolved, and
   splits coordinated actors ("X and Y signed") into one event each;
4. sets the modality (negated, hypothetical, future, reported, asserted), the quantity, the
   location and the date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..intervals import Intervals
from ..nlp import doc_text
from ..quotation import cue_lexicon, cue_role
from ..records import ArticleAnalysis, Event, Quantity, Span
from .arguments import parse_published, quantity_of
from .codebook import framed
from .dating import Dater
from .lexicon import BEFORE, BEFORE_WINDOW, COMPOUND_SUBJECT, Lexicon, Pattern, load
from .tree import Tree

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
PART_NOUNS = frozenset({"member", "part", "group", "dozen", "hundred", "thousand", "million",
                        "ten", "score", "some", "many", "most", "all", "third", "half",
                        "quarter", "majority", "number", "batch", "patch", "contingent",
                        "unit", "team", "delegation", "band", "crowd"})
OBJECTS = ("dobj", "dative", "attr", "oprd")
TARGET_PREPS = ("to", "with", "against", "on", "at", "into", "toward", "towards", "for",
                "over", "upon", "onto", "alongside", "between", "from", "of", "about")
SOURCE_PREPS = ("by", "from")
TOPIC_PREPS = ("on", "with", "against", "over", "about")  # "acted on programs with Libya"
# what stays inside a verb's own phrase, not a clause of its own
PHRASE_DEPS = frozenset({"prep", "pobj", "dobj", "dative", "attr", "oprd", "agent", "npadvmod",
                         "compound", "poss", "amod", "appos", "pcomp", "advmod", "nmod"})
LOCATION_PREPS = ("in", "inside", "near", "across", "throughout", "outside", "around")
NOUN_SOURCE_PREPS = ("by", "from")
# Nouns whose "of" names the doer ("the influx of troops"); for the others it names the one
# acted on ("the invasion of Ukraine").
AGENTIVE_OF = frozenset({
    "influx", "deployment", "withdrawal", "retreat", "arrival", "visit", "mobilization",
    "involvement", "participation", "intervention", "reinforcement", "statement", "support",
    "backing", "refusal", "rejection", "demand", "threat", "offer", "decision", "veto",
    "protest", "strike", "offensive", "advance", "aggression", "provocation", "attack"})
# Craft that carry their state's or owner's part into an event: "fired near a naval vessel
# from South Korea" is fire towards South Korea.
VEHICLES = frozenset({"vessel", "ship", "boat", "aircraft", "plane", "tanker", "trawler",
                      "ferry", "airliner", "helicopter", "convoy"})
RECIPROCAL_FIGHTS = frozenset({"clash", "fight", "battle", "skirmish", "feud", "spar"})
CAUSE_VERBS = frozenset({"prompt", "spark", "trigger", "provoke", "cause", "fuel", "ignite",
                         "unleash", "start", "lead", "risk"})
NOUN_TARGET_PREPS = ("on", "against", "to", "with", "into", "toward", "towards", "between",
                     "over", "upon", "for")
MODIFIERS = ("compound", "amod", "nmod", "poss", "npadvmod")

FRAME_VERBS = {
    "agree": "intent", "promise": "intent", "pledge": "intent", "offer": "intent",
    "vow": "intent", "swear": "intent", "plan": "intent", "intend": "intent", "decide": "intent",
    "prepare": "intent", "undertake": "intent", "commit": "intent", "volunteer": "intent",
    "urge": "appeal", "ask": "appeal", "call": "appeal", "appeal": "appeal", "invite": "appeal",
    "request": "appeal", "encourage": "appeal", "press": "appeal", "plead": "appeal",
    "demand": "demand", "insist": "demand", "order": "demand", "instruct": "demand",
    "refuse": "refuse", "decline": "refuse", "reject": "refuse", "fail": "refuse",
    "threaten": "threaten", "warn": "threaten",
}
# Verbs whose object noun is the event ("staged a rally", "launched an investigation").
LIGHT_VERBS = frozenset({
    "launch", "open", "begin", "start", "stage", "hold", "conduct", "carry", "undertake",
    "organize", "organise", "continue", "resume", "renew", "mount", "make", "issue", "lodge",
    "file", "join", "declare", "announce", "impose", "reimpose", "extend", "perform", "give",
    "provide", "deliver", "allocate", "contribute", "approve", "order", "pursue", "step",
    "escalate", "intensify", "expand", "initiate", "wage", "call", "complete", "speed",
    "accelerate", "finish", "converge", "gather", "assemble", "spearhead", "lead"})
# Verbs that end or ease what their object noun names ("suspended military aid",
# "lifted the curfew", "called off the strike").
STOP_VERBS = frozenset({
    "suspend", "halt", "end", "cancel", "stop", "cut", "reduce", "freeze", "postpone",
    "abandon", "scrap", "terminate", "cease", "lift", "ease", "relax", "remove", "repeal",
    "shorten", "withdraw", "drop", "break", "curtail", "scale", "rescind", "revoke"})
STOP_NOUNS = frozenset({
    "suspension", "halt", "end", "cancellation", "freeze", "lifting", "easing", "removal",
    "withdrawal", "termination", "cessation", "cut", "reduction", "repeal", "suspending"})
# What a journalist contributes to in a credit line ("X contributed to this report").
CREDIT_NOUNS = frozenset({"report", "reporting", "story", "article", "coverage"})
# Verbs of giving whose bare sense is too wide to be aid unless what is given is material.
GENERIC_GIVING = frozenset({"give", "provide", "supply", "deliver", "hand", "pay"})
MATERIAL_NOUNS = frozenset({
    "aid", "assistance", "help", "support", "money", "fund", "funding", "cash", "loan",
    "grant", "credit", "weapon", "arm", "ammunition", "missile", "shell", "drone", "tank",
    "equipment", "food", "medicine", "medical", "fuel", "oil", "gas", "grain", "wheat", "rice",
    "water", "shelter", "tent", "vaccine", "troop", "soldier", "personnel", "advisers",
    "adviser", "intelligence", "information", "training", "relief", "supply", "material",
    "materials", "asylum", "protection", "backing", "cover", "technology", "dollar", "euro",
    "$", "€", "£", "access", "guarantee", "permission", "contribution", "donation", "oda",
    "vehicle", "aircraft", "helicopter", "ambulance", "goods", "item", "kit", "blanket",
    "compensation", "ransom", "reparation", "salary", "wage", "pension", "debt", "bill",
    "fee", "tax", "tribute", "subsidy", "bonus", "benefit"})
# Objects that make a violent verb figurative ("killed the prospect of a deal").
FIGURATIVE_OBJECTS = frozenset({
    "prospect", "hope", "chance", "idea", "plan", "deal", "bill", "proposal", "dream",
    "momentum", "effort", "process", "agreement", "initiative", "measure", "legislation",
    "story", "conversation", "mood", "spirit", "odds", "expectation", "forecast", "rumor",
    "rumour", "time", "competition", "record", "deadline", "market", "price", "demand",
    "trend", "narrative", "debate", "talk", "argument", "reform", "budget", "project",
    "subpoena", "charge", "ruling", "case", "lawsuit", "indictment", "order", "extradition",
    "allegation", "accusation", "claim", "corruption", "inflation", "poverty", "disease",
    "virus", "pandemic", "fire", "wildfire", "blaze", "cancer", "tear", "urge",
    # "struck a cautious tone", "struck a balance", "hit a nerve", "hit the campaign trail"
    "tone", "note", "chord", "balance", "pose", "nerve", "trail", "snag", "headline",
    "jackpot", "bargain", "compromise"})
FORCE_OF_NATURE_OR_POLICY = frozenset({
    "sanction", "tariff", "measure", "policy", "law", "ban", "decision", "crisis", "recession",
    "inflation", "storm", "typhoon", "hurricane", "cyclone", "earthquake", "quake", "flood",
    "drought", "wildfire", "pandemic", "virus", "outbreak", "heatwave", "snowstorm", "tsunami",
    "shortage", "slump", "downturn"})
PEOPLE_NOUNS = frozenset({
    "supporter", "follower", "youth", "citizen", "member", "loyalist", "partisan", "crowd",
    "mob", "inhabitant", "local"})
REFUSE_VERBS = frozenset({"oppose", "reject", "refuse", "rebuff", "resist", "spurn",
                          "deny", "decline"})
MOVE_VERBS = frozenset({"deploy", "send", "dispatch", "station", "move", "transfer",
                        "redeploy", "mobilize", "mobilise", "airlift", "ship"})
# Verbs whose clause holds what was said (`frames` in data/cues.tsv).
SPEECH_VERBS = cue_role("frames")
DEMAND_AUX = frozenset({"must", "should"})
# Verbs that judge someone for a deed ("criticized X for not agreeing"): X did the deed.
JUDGING_VERBS = frozenset(
    "criticize criticise condemn blame praise thank accuse punish arrest fault commend "
    "applaud slam rebuke fine sue charge convict denounce reward congratulate".split())
# Verbs that only report: with a clause, the clause holds the events ("he warns that …").
REPORTING_VERBS = cue_role("only_reports")  # `only_reports` in data/cues.tsv
INTENT_ADJECTIVES = frozenset({"ready", "willing", "prepared", "eager", "determined"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could", "would", "should", "can", "must"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_FRAMES = frozenset({"about", "set", "going", "expect", "due", "poised", "scheduled"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
FORCE_ROOTS = frozenset({"18", "19", "20"})  # assault, fight, mass violence
PENDING_MARKS = frozenset({"until", "till", "before"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# Verbs of causing and considering: the event they govern has not happened.
HYPOTHETICAL_HEADS = frozenset({"consider", "mull", "weigh", "contemplate", "risk", "prompt",
                                "spark", "trigger", "provoke", "cause", "threaten", "power",
                                "ability", "capability", "capacity", "enough", "able",
                                "capable", "option", "right", "authority"})
MODALITY_ORDER = ("negated", "hypothetical", "future", "reported", "asserted")
# "Iran denied that it had blocked inspectors", "denied sending troops": the event in the
# clause is negated, in the words of the one who denies it; not a refusal.
DENIAL_HEADS = frozenset({"deny", "refute", "dispute", "dismiss"})


@dataclass
class Arg:
    actor: str | None  # actor id in the analysis, or a composed code ("GONMIL")
    code: str | None
    start: int
    end: int


@dataclass
class Found:
    code: str
    trigger: Token
    sources: list[Arg]
    targets: list[Arg]
    modality: str = "asserted"
    attributed_to: str | None = None
    quantity: tuple[int, int, float | None, str | None, bool] | None = None
    location: str | None = None
    date: str | None = None
    date_precision: str | None = None
    used: set[int] = field(default_factory=set)  # tokens the pattern consumed
    reverse: str | None = None  # the code of the target's side ("visit" 042 → host 043)
    framed: bool = False  # coded through a frame verb ("agreed to …")
    mutual: bool = False  # coordinated sources act on each other


VISIT_CODES = frozenset({"042", "043"})  # make a visit, host a visit


class Coder:
    """Codes the events of one analysed article; `lexicon` defaults to the project's."""

    def __init__(self, analysis: ArticleAnalysis, doc: Doc, lexicon: Lexicon | None = None,
                 roles: dict[str, str] | None = None) -> None:
        self.analysis = analysis
        self.doc = doc
        self.tree = Tree.of(doc)
        self.strings = self.tree.strings
        self.lexicon = lexicon or load()
        if roles is None:
            from ..actors.gazetteer import load as load_gazetteer

            roles = load_gazetteer().roles
        self.roles = roles
        self.by_token: dict[int, list[tuple[int, int, str, str | None, str]]] = {}
        self.chunks: dict[int, list[SpacySpan]] = {}  # by sentence start
        self.actors: dict[int, list[Arg]] = {}  # `actors_at`, by token
        self.lemmas: dict[tuple[str, str], str] = {}  # `_lemma_at`, by lemma and form
        for actor in analysis.actors:
            for mention in actor.mentions:
                for i in self.tree.char_span(mention.start, mention.end) or ():
                    self.by_token.setdefault(i, []).append(
                        (mention.start, mention.end, actor.id, actor.code, actor.type))
        # quotes and sentences looked up by offset (a scan per event grew with the square
        # of the article's length)
        self.quotes = Intervals((q.content.start, q.content.end, q.speaker.actor)
                                for q in analysis.quotes)
        self.sentences = Intervals((s.start, s.end, s) for s in analysis.sentences)
        self.codes = {a.id: a.code for a in analysis.actors if a.code}
        self.published = parse_published(analysis.article.published)
        self.dater = Dater(doc, self.published, lambda lemma: lemma in self.lexicon.nouns)

    # -- actors ------------------------------------------------------------------------------
    def actors_at(self, head: Token) -> list[Arg]:
        """The actors a noun phrase names: its head's mentions, else a role noun with "of",
        "from" or "in" an actor ("soldiers from Gondor" → GONMIL), else a possessive or
        modifier ("Russia's war" → Russia); coordinated phrases give one each. Found once
        per word (the verbs and nouns of a sentence ask for the same subjects)."""
        known = self.actors.get(head.i)
        if known is None:
            known = self.actors[head.i] = self._actors_at(head)
        return list(known)

    def _actors_at(self, head: Token) -> list[Arg]:
        out: list[Arg] = []
        for item in [head.i, *self.tree.conjuncts(head.i)]:
            out.extend(self._actors_of_phrase(item))
        if head.i in self.by_token:
            out.extend(self._listed(head.i))
        seen: set[str | None] = set()
        unique = []
        for arg in out:
            if arg.actor not in seen:
                seen.add(arg.actor)
                unique.append(arg)
        return unique

    def _actors_of_phrase(self, head: int) -> list[Arg]:
        tree, s = self.tree, self.strings
        if s.tag[head] in ("WDT", "WP") and s.dep[s.head[head]] == "relcl":
            head = s.head[s.head[head]]  # "troops who attacked" → troops
        lemma = s.lemma[head]
        if head not in self.by_token and (tree.number[head] or lemma in PART_NOUNS):
            # "thousands of students", "one third of the guerrillas", "members of Hamas"
            inner = self._pobj_at(head, ("of",))
            if inner is not None:
                return self._actors_of_phrase(inner)
        hits = self.by_token.get(head)
        if hits:
            # Several mentions cover "Western and South Korean officials": keep each actor once.
            return [Arg(actor, code, start, end) for start, end, actor, code, _ in
                    _outermost(hits)]
        role = self.roles.get(lemma) or self.roles.get(s.lower[head]) or (
            "CVL" if lemma in PEOPLE_NOUNS else None)
        for child in tree.kids(head):
            prep = s.lower[child]
            if s.dep[child] == "prep" and prep in ("of", "from", "in", "throughout", "across",
                                                   "at", "inside"):
                for pobj in (c for c in tree.kids(child) if s.dep[c] == "pobj"):
                    # "the leaders of Japan and South Korea": one party for each
                    within = [a for item in (pobj, *tree.conjuncts(pobj))
                              for a in self._actors_of_phrase(item)]
                    if within and role:
                        return [_with_role(a, role, self.doc[head]) for a in within]
                    if within and lemma in VEHICLES and prep in ("of", "from"):
                        return within  # "a naval vessel from South Korea": South Korea's
                    if within and s.tag[head] == "NNPS" and prep in ("in", "from"):
                        # "Democrats and Republicans in Congress": the body they sit in
                        return within
        return self._actors_beside(head, role)

    def _actors_beside(self, head: int, role: str | None) -> list[Arg]:
        """The actors of an apposition or a modifier of the head ("the evil Gondor", "Old
        foes Gondor and Osgiliath") or of "the latter"/"the former"."""
        tree, s = self.tree, self.strings
        for child in tree.kids(head):
            if child > head and s.dep[child] == "appos" and child in self.by_token and not role:
                # "the lions and the evil Gondor", parsed as Gondor in apposition
                return self._actors_of_phrase(child)
        for child in tree.kids(head):
            if child > head:
                break
            if s.dep[child] == "poss" and s.lower[child] in ("latter", "former"):
                found = self._antecedent(child)
                if found:
                    return found
            if s.dep[child] in MODIFIERS and child in self.by_token:
                # "Old foes Gondor and Osgiliath": the modifier and its conjuncts
                out = []
                for item in [child, *tree.conjuncts(child)]:
                    if item in self.by_token:
                        start, end, actor, code, _ = _outermost(self.by_token[item])[0]
                        arg = Arg(actor, code, start, end)
                        out.append(_with_role(arg, role, self.doc[head]) if role else arg)
                return out
        return []

    def _governing_subject(self, trigger: Token) -> list[Arg]:
        """The actors of the subject of the verb whose clause `trigger` is in, going up at
        most three clauses ("Ethiopia indicated [it would act]" → Ethiopia)."""
        token = trigger
        for _ in range(3):
            if token.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or token.head is token:
                return []
            token = token.head
            subject = self._subject(token)
            if subject is not None and subject.pos_ != "PRON":
                return self.actors_at(subject)
        return []

    def _listed(self, head: int) -> list[Arg]:
        """The other parties of a list the head stands in, however the parser hung it
        ("Arnor, Calenardhon and the evil Gondor welcomed …", "Mordor, the Shire, Fornost
        and Bree"): the run of names, commas, "and", articles and adjectives around it, if
        it has an "and" in it and names at least two parties."""
        tree, s = self.tree, self.strings
        lower, pos, dep = s.lower, s.pos, s.dep
        first, stop = tree.sent_start[head], tree.sent_end[head]

        def glue(i: int) -> bool:
            return i in self.by_token or lower[i] in (",", "and") or \
                pos[i] in ("DET", "ADJ") or (pos[i] == "PROPN" and
                                             dep[i] in ("compound", "flat")) or (
                # an adjective the parser took for a noun ("the evil awful Gondor")
                pos[i] == "NOUN" and tree.lowercase[i] and dep[i] in ("amod", "conj"))

        left = head
        while left - 1 >= first and glue(left - 1):
            left -= 1
        if left > first and pos[left - 1] == "ADP":
            left = head  # "In Kyiv, Russia …": a place before the list, not a member
        right = head
        while right + 1 < stop and glue(right + 1):
            right += 1
        while right > head and lower[right] in (",", "and"):
            right -= 1
        while left < head and lower[left] in (",", "and"):
            left += 1
        run = range(left, right + 1)
        if not any(lower[i] == "and" for i in run):
            return []
        out = []
        for i in run:
            if i in self.by_token and i != head:
                start, end, actor, code, _ = _outermost(self.by_token[i])[0]
                out.append(Arg(actor, code, start, end))
        return out

    def _antecedent(self, word: int) -> list[Arg]:
        """"The latter" / "the former": the party named last (or the one before it) earlier
        in the sentence ("sending men to Russia to assist the latter's invasion")."""
        dep = self.strings.dep
        named = [i for i in range(self.tree.sent_start[word], word) if i in self.by_token
                 and dep[i] not in MODIFIERS]
        pick = named[-1] if self.strings.lower[word] == "latter" else (
            named[-2] if len(named) > 1 else None)
        if pick is None:
            return []
        start, end, actor, code, _ = _outermost(self.by_token[pick])[0]
        return [Arg(actor, code, start, end)]

    # -- the frame of a verb -----------------------------------------------------------------
    def frame(self, verb: Token) -> tuple[set[str], dict[str, set[int]]]:
        """Lemmas around a verb that patterns may name, with the tokens each came from."""
        words: dict[str, set[int]] = {}
        kids, s = self.tree.kids, self.strings
        lemma, lower, dep = s.lemma, s.lower, s.dep

        def add(i: int) -> None:
            words.setdefault(lemma[i], set()).add(i)
            words.setdefault(lower[i], set()).add(i)

        for child in kids(verb.i):
            if dep[child] in ("prt", "neg") or dep[child] in OBJECTS or dep[child] in (
                    "nsubjpass", "acomp", "advmod", "npadvmod"):
                add(child)
                for mod in kids(child):
                    if dep[mod] in ("compound", "amod", "prt"):
                        add(mod)
                    if dep[mod] == "prep":
                        add(mod)
                        for pobj in kids(mod):
                            if dep[pobj] == "pobj":
                                add(pobj)
            elif dep[child] in ("prep", "agent"):
                add(child)
                for pobj in kids(child):
                    if dep[pobj] in ("pobj", "pcomp"):
                        add(pobj)
                        for mod in kids(pobj):
                            if dep[mod] in ("compound", "amod"):
                                add(mod)
            elif dep[child] == "xcomp":
                add(child)
        if self.lexicon.before_words:
            # the words shortly before the verb in its sentence, for "- WILL NOT *" patterns
            for i in range(max(self.tree.sent_start[verb.i], verb.i - BEFORE_WINDOW), verb.i):
                for key in (lemma[i], lower[i]):
                    words.setdefault(BEFORE + key, set()).add(i)
                    words.setdefault(f"{BEFORE}{verb.i - i}:{key}", set()).add(i)
        return set(words), words

    # -- events ------------------------------------------------------------------------------
    def code(self) -> list[Event]:
        found: list[Found] = []
        framed_verbs: set[int] = set()
        doc, strings = self.doc, self.strings
        # only the words the lexicon may code become a `Token` (the tests are pure)
        verbs = [doc[i] for i, (pos, dep) in enumerate(zip(strings.pos, strings.dep, strict=True))
                 if (pos == "VERB" or (pos == "AUX" and dep == "ROOT")) and
                 self._codable(self._lemma_at(i))]
        for token in verbs:
            # not in a name: "NPR's All Things Considered", "Doctors Without Borders Says"
            if not _in_a_name(token):
                item = self._verb_event(token, framed_verbs)
                if item is not None:
                    found.append(item)
        used = set().union(*(f.used for f in found)) if found else set()
        nouns = self.lexicon.nouns
        for token in (doc[i] for i, (pos, lemma) in enumerate(zip(strings.pos, strings.lemma,
                                                                   strict=True))
                      if pos in ("NOUN", "PROPN") and i not in used and (
                          lemma in nouns or lemma in STOP_NOUNS)):
            item = self._noun_event(token)
            if item is not None:
                found.append(item)
        # A frame verb that framed another verb's action is not an event of its own.
        found = [f for f in found if f.framed or f.trigger.i not in framed_verbs]
        return self._records(found)

    def _codable(self, lemma: str) -> bool:
        """Whether a verb of this lemma may code an event: a pattern, or a noun to code it
        by."""
        return bool(self.lexicon.verbs.get(lemma)) or lemma in REFUSE_VERBS or \
            lemma in LIGHT_VERBS or lemma in STOP_VERBS

    def _verb_event(self, verb: Token, framed_verbs: set[int]) -> Found | None:
        lemma = self._lemma(verb)
        if not self._codable(lemma):
            return None  # no pattern, and no noun to code it by: no code (below), no frame
        words, where = self.frame(verb)
        if any(COMPOUND_SUBJECT in p.words for p in self.lexicon.verbs.get(lemma, ())):
            subject = self._subject(verb)  # "X and Y agree": a pattern asks for it
            if subject is not None and len(self.actors_at(subject)) > 1:
                words = words | {COMPOUND_SUBJECT}
        pattern = self.lexicon.match("verb", lemma, words)
        code, reverse = _split(pattern.code) if pattern is not None else (None, None)
        base = code
        used = {i for w in pattern.words for i in where.get(w, ())} if pattern else set()
        if (pattern is None or pattern.specificity == 0) and lemma in REFUSE_VERBS:
            # "opposed the deployment of peacekeepers", "rejected mediation": a refusal of it
            noun = self._first_child(verb, ("dobj", "nsubjpass")) \
                or self._pobj(verb, ("to",))
            noun_pattern = self._noun_pattern(noun) if noun is not None else None
            refused = framed("refuse", _split(noun_pattern.code)[0]) if noun_pattern else None
            if refused:
                code = refused
                used.add(noun.i)  # type: ignore[union-attr]
        elif (pattern is None or pattern.specificity == 0) and (
                lemma in LIGHT_VERBS or lemma in STOP_VERBS):
            noun = self._first_child(verb, ("dobj", "nsubjpass"))
            if noun is None:  # "went on strike", "called for talks"
                noun = self._pobj(verb, ("on", "for", "into", "to"))
            while noun is not None and noun.lemma_.lower() in PART_NOUNS:
                noun = self._pobj(noun, ("of",))  # "suspended part of a military aid program"
            noun_pattern = self._noun_pattern(noun) if noun is not None else None
            if noun_pattern is not None:
                inner = _split(noun_pattern.code)[0]
                code = inner if lemma in LIGHT_VERBS else framed("stop", inner) or code
                used.add(noun.i)  # type: ignore[union-attr]
        if code is None:
            return None
        if lemma in GENERIC_GIVING and (pattern is None or pattern.specificity == 0) and \
                not self._material_object(verb):
            return None  # "provided a testing ground", "did not give a number"
        if lemma == "help" and not any(c.dep_ in ("dobj", "dative") for c in verb.children) \
                and any(c.dep_ in ("xcomp", "ccomp") and not any(
                    g.dep_ in SUBJECTS for g in c.children) for c in verb.children):
            return None  # "joined together to help impose sanctions": the imposing is it
        if lemma == "demonstrate" and any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
            return None  # "demonstrated his willingness", "demonstrated that …": showed it
        if lemma == "contribute" and (pobj := self._pobj(verb, ("to",))) is not None and \
                pobj.lemma_.lower() in CREDIT_NOUNS:
            return None  # "Dana Ford contributed to this report": a credit line
        if lemma in REPORTING_VERBS and (pattern is None or pattern.specificity == 0) and any(
                self.strings.dep[c] == "ccomp" for c in self.tree.kids(verb.i)) and not (
                pattern is not None and pattern.order < 0) and not (
                pattern is not None and pattern.code.startswith("01")):
            # "he warns that …" reports; the clause holds the events (an extra dictionary
            # that codes the verb codes the saying too, as PETRARCH does). A verb the lexicon
            # codes as a statement ("said", "claimed" 010) is a speech act of its own, and the
            # clause's events are reported by it.
            return None
        trigger, frame_verb = verb, self._frame_verb(verb)
        frame_kind = None
        if frame_verb is None and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in \
                SPEECH_VERBS and any(c.lower_ in DEMAND_AUX for c in verb.children):
            frame_verb = verb.head  # "said that China must drop barriers": a demand
            frame_kind = "demand"
        if frame_verb is not None:
            frame_kind = frame_kind or FRAME_VERBS.get(frame_verb.lemma_.lower(), "intent")
            if frame_kind == "intent" and framed("intent", code) is None and framed(
                    "threaten", code):
                frame_kind = "threaten"  # "vowed to wage war", "is prepared to impose …"
            new = framed(frame_kind, code) or ("100" if frame_kind == "demand" else None)
            if new is not None:
                code, trigger = new, frame_verb
                framed_verbs.add(frame_verb.i)
        if code[:2] in ("18", "19") and (pattern is None or pattern.specificity == 0) and (
                self._abstract_object(verb) or self._natural_or_abstract_subject(verb)):
            return None  # "killed the prospect of a solution", "the storm hit Japan"
        sources, targets = self._roles(verb, trigger, frame_kind if trigger is not verb else None,
                                       code, pattern if pattern is not None and
                                       pattern.order < 0 else None)
        sources, targets = self._measure_on(verb, used, sources, targets)
        if pattern is not None and pattern.roles and trigger is verb:
            sources, targets = self._marked_roles(verb, pattern.roles, sources, targets)
        speaker = self._speaker(trigger)
        doer = self._subject_at(trigger.i)
        if not sources and doer is not None and self.strings.pos[doer] == "PRON":
            # "Ethiopia indicated it would act …, an official said": the "it" of the clause
            # above; "Hungary said it will support …": the speaker's "it"
            sources = self._governing_subject(trigger) or (
                [self._speaker_arg(speaker)] if speaker else [])
        if not sources and not targets:
            return None
        modality = self._modality(verb, trigger)
        kids, lower = self.tree.kids, self.strings.lower
        said = {lower[c] for c in kids(verb.i)}
        conditional = any(lower[c] in CONDITIONAL_MARKS for t in (verb.i, *kids(verb.i))
                          for c in kids(t) if t == verb.i or self.strings.dep[t] == "advcl")
        if modality == "hypothetical" and speaker and "would" in said and not conditional:
            modality = "future"  # "said they would boycott": the future of reported speech
        own_word = speaker is None or self._country(speaker) in {
            self._country(s.actor) for s in sources}
        # An extra dictionary's pattern says what a future act is ("- WILL * [999]" when it
        # means an intent): its code stands; "will" makes ours an intent or a threat
        stated = not said.isdisjoint(FUTURE_AUX | {"would"}) and not (
            pattern is not None and pattern.order < 0)
        if trigger is verb and conditional and speaker and own_word and framed(
                "threaten", code) and modality in ("hypothetical", "future"):
            # "X said it would halt mediation if …": a threat in X's own words (the author's
            # "China could attack if talks fail" stays a hypothetical attack)
            code = framed("threaten", code) or code
        elif trigger is verb and modality == "future" and stated and "04" <= code[:2] <= "08":
            code = framed("intent", code) or code  # "will visit": an intent to visit
        elif trigger is verb and modality == "future" and stated and own_word and framed(
                "threaten", code):
            code = framed("threaten", code) or code  # "said it would boycott": a threat
        elif self._denied(verb):
            modality = "negated"
        elif trigger is verb and modality == "negated" and "03" <= code[:2] <= "08":
            # "will not lift the ban", "did not release them": a refusal ("if North Korea
            # will not offer a timetable": a refusal supposed, not made)
            code = framed("refuse", code) or "120"
            modality = "hypothetical" if conditional else "asserted"
        item = Found(code, trigger, sources, targets, modality, framed=trigger is not verb,
                     used=used | {verb.i},
                     reverse=reverse if trigger is verb and code == base else None)
        # "Jordan and Britain agreed to hold exercises": each with the other
        # "Israel and Hamas clashed overnight": a fight between them
        # "Gondor and Osgiliath have delayed their meeting": a dictionary pattern for a
        # compound subject ("- % HAVE * [191]") codes what the parties do to each other
        item.mutual = not targets and len(sources) > 1 and (
            "03" <= code[:2] <= "06" or (code[:2] == "19" and lemma in RECIPROCAL_FIGHTS) or (
                pattern is not None and COMPOUND_SUBJECT in pattern.words))
        self._arguments(item, verb)
        return item

    def _first_child(self, token: Token, deps: tuple[str, ...]) -> Token | None:
        """The first child of `token` with one of the labels `deps`."""
        dep = self.strings.dep
        found = next((c for c in self.tree.kids(token.i) if dep[c] in deps), None)
        return None if found is None else self.doc[found]

    def _measure_on(self, verb: Token, used: set[int], sources: list[Arg],
                    targets: list[Arg]) -> tuple[list[Arg], list[Arg]]:
        """"lifting U.S. sanctions on Iran": when the pattern matched the object, the state
        the measure is "on" or "against" is the target, and the measure's owner the source
        when there is no other ("criticized Russia's attack on Ukraine" keeps Russia: there
        the object is not part of the pattern)."""
        kids, dep = self.tree.kids, self.strings.dep
        obj = next((c for c in kids(verb.i) if dep[c] in ("dobj", "nsubjpass") and
                    c in used), None)
        on = self._pobj_at(obj, ("on", "against")) if obj is not None else None
        if obj is None or on is None or not (found := self.actors_at(self.doc[on])):
            return sources, targets
        owners = [a for c in kids(obj) if dep[c] in ("compound", "amod", "poss")
                  for a in self.actors_at(self.doc[c])]
        return sources or owners, found

    def _lemma(self, verb: Token) -> str:
        return self._lemma_at(verb.i)

    def _lemma_at(self, i: int) -> str:
        """The lemma of verb `i`, or a guess from its form when the lemmatizer's is unknown
        to us ("staged" → "stag" → "stage"); found once per lemma and form."""
        key = (self.strings.lemma[i], self.strings.lower[i])
        found = self.lemmas.get(key)
        if found is None:
            found = self.lemmas[key] = self._guess_lemma(*key)
        return found

    def _guess_lemma(self, lemma: str, form: str) -> str:
        known = self.lexicon.verbs
        if form != lemma and form in known:
            return form  # a dictionary entry for the form itself ("LEFT [032:033]")
        if lemma in known or lemma in LIGHT_VERBS or lemma in STOP_VERBS:
            return lemma
        for suffix, repl in (("ied", "y"), ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"),
                             ("ing", ""), ("es", ""), ("s", "")):
            if form.endswith(suffix):
                guess = form[: -len(suffix)] + repl
                if guess in known or guess in LIGHT_VERBS or guess in STOP_VERBS:
                    return guess
        return lemma

    def _noun_pattern(self, noun: Token) -> Pattern | None:
        lemma = noun.lemma_.lower()
        if lemma in STOP_NOUNS:
            # "a suspension of air links", "the lifting of sanctions"
            inner = self._pobj(noun, ("of", "on"))
            found = self._noun_pattern(inner) if inner is not None else None
            code = framed("stop", _split(found.code)[0]) if found is not None else None
            return Pattern(lemma, frozenset(), code) if code else None
        if lemma not in self.lexicon.nouns:
            return None
        words = set()
        for child in noun.children:
            words.add(child.lemma_.lower())
            if child.dep_ == "prep":
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    words.add(pobj.lemma_.lower())
                    words.update(m.lemma_.lower() for m in pobj.children if m.dep_ in (
                        "compound", "amod"))
        return self.lexicon.match("noun", lemma, words)

    def _speaker(self, trigger: Token) -> str | None:
        """The speaker of the quote the trigger is in, or of the speech verb whose clause it
        is ("farmers said they would blockade Paris"); None otherwise."""
        for _start, _end, speaker in self.quotes.covering(trigger.idx):
            return speaker
        if trigger.dep_ == "ccomp" and trigger.head.lemma_.lower() in SPEECH_VERBS:
            subject = self._subject(trigger.head)
            found = self.actors_at(subject) if subject is not None else []
            if found:
                return found[0].actor
        return None

    def _country(self, actor: str | None) -> str | None:
        code = self.codes.get(actor or "") or actor or ""
        return code[:3] or None

    def _speaker_arg(self, speaker: str) -> Arg:
        for start, end, actor, code, _ in (h for hits in self.by_token.values() for h in hits):
            if actor == speaker:
                return Arg(actor, code, start, end)
        return Arg(speaker, self.codes.get(speaker), 0, 0)

    def _frame_verb(self, verb: Token) -> Token | None:
        """The verb whose "to" clause this verb is ("agreed to send"), if it frames it."""
        s, kids = self.strings, self.tree.kids
        dep = s.dep[verb.i]
        if dep not in ("xcomp", "ccomp", "advcl", "pcomp", "pobj"):
            return None
        if dep == "advcl" and any(s.dep[c] == "mark" or s.dep[c] in SUBJECTS
                                  for c in kids(verb.i)):
            return None  # "If North Korea will not offer …, Trump should decline": a clause
        head = s.head[verb.i]
        if dep in ("pcomp", "pobj"):  # "called for sending", "insisted on"
            head = s.head[head] if s.dep[head] == "prep" else head
        if s.lower[head] in INTENT_ADJECTIVES and s.dep[head] == "acomp":
            return self.doc[head]
        lemma = s.lemma[head]
        if lemma in FRAME_VERBS and (dep != "ccomp" or lemma in (
                "agree", "promise", "pledge", "vow", "threaten", "warn", "demand", "insist")):
            if lemma == "call" and not any(s.lower[c] in ("on", "upon", "for")
                                           for c in kids(head)):
                return None
            return self.doc[head]
        return None

    def _roles(self, verb: Token, frame_verb: Token, frame_kind: str | None, code: str,
               dictionary: Pattern | None = None) -> tuple[list[Arg], list[Arg]]:
        sources: list[Arg] = []
        targets: list[Arg] = []
        subject_owner = frame_verb if frame_kind else verb
        subject = self._subject(subject_owner)
        kids, dep = self.tree.kids, self.strings.dep
        passive = any(dep[c] in ("nsubjpass", "auxpass") for c in kids(verb.i))
        if subject is not None:
            if passive and subject_owner is verb and self._lemma(verb) in MOVE_VERBS:
                # "North Korean units had been deployed to Kursk": the forces moved are
                # their state's doing, as coders take it
                sources = self.actors_at(subject)
            elif passive and subject_owner is verb:
                targets = self.actors_at(subject)
            else:
                sources = self.actors_at(subject) or self._people_at_place(subject, verb)
            if _cue_misread_as_noun(subject):
                # "a warplane that Turkey claims violated its airspace": the parser made
                # "Turkey claims" a noun; Turkey says so, the warplane did it
                sources = self.actors_at(verb.head) if verb.dep_ == "relcl" else []
        if passive:
            for agent in kids(verb.i):
                if dep[agent] == "agent":
                    for pobj in (c for c in kids(agent) if dep[c] == "pobj"):
                        sources = self.actors_at(self.doc[pobj])
            if not sources:  # "is being compensated … through Russian resources"
                means = self._pobj(verb, ("through", "via"))
                if means is not None:
                    sources = self.actors_at(means)
            if not sources:  # "were killed in Israeli shelling": the attack's, not a place
                sources = self._in_attack(verb)
        if frame_kind in ("appeal", "demand"):
            addressee = self._addressee(verb, frame_verb)
            if addressee is not None:
                found = self.actors_at(self.doc[addressee])
                if found:
                    return sources, found
        if not targets:
            targets = self._objects(verb)
        s = self.strings
        if not targets and FRAME_VERBS.get(s.lemma[verb.i]) in ("appeal", "demand"):
            # "demanded that President Mugabe abandon his policy": the one asked
            clause = next((c for c in kids(verb.i) if dep[c] == "ccomp"), None)
            asked = self._subject_at(clause) if clause is not None else None
            if asked is not None:
                targets = self.actors_at(self.doc[asked])
        if not targets and s.lemma[verb.i] in ("help", "assist", "enable", "allow"):
            # "Russia helped North Korea build satellites": the one helped
            clause = next((c for c in kids(verb.i) if dep[c] in ("ccomp", "xcomp")), None)
            helped = self._subject_at(clause) if clause is not None else None
            if clause is not None and helped is not None and s.head[helped] == clause:
                targets = self.actors_at(self.doc[helped])
        if not targets:
            # "sending troops to fight alongside Russian forces", "sends troops to aid Russia"
            for child in kids(verb.i):
                if dep[child] in ("xcomp", "advcl") and any(
                        s.lower[g] == "to" for g in kids(child)):
                    targets = self._objects(self.doc[child])
                    if targets:
                        break
        source_ids = {s.actor for s in sources}
        targets = [t for t in targets if t.actor not in source_ids]
        home = {self._country(s.actor) for s in sources}
        if code in VISIT_CODES:
            # a trip at home is no visit to one's own state: "Obama traveled to Texas"
            targets = [t for t in targets if not (t.code and len(t.code) == 3 and
                                                  self._country(t.actor) in home)]
        if not targets and code in VISIT_CODES:
            # "Kim Jong Un arrived in Russia": the visit is to the place's state
            targets = [t for t in self._place(verb.i, ("in", "to", "at"), source_ids,
                                              states_only=True)
                       if self._country(t.actor) not in home]  # not "Trump visited Ohio"
        if not targets and int(code[:2]) >= 14:
            # As event coders do for force: with no object, the place acted in ("clashes in
            # Gaza"); a meeting in Washington is not with the United States.
            targets = self._place(verb.i, ("in", "at", "inside", "near"), source_ids)
        if not targets:
            # "criticized the closure of schools in Ukraine", "launched missile strikes in
            # Syria": the state where what is acted on is (not one's own country: "Trump
            # visited a factory in Ohio"); also what an appeal or a statement is about:
            # "appealed for peace in Syria" (not a meeting's venue: "met for talks in
            # Washington")
            # (a statement's audience is no target by where it sits: "told a security
            # conference in Singapore")
            nouns = [self.doc[c] for c in [c for c in kids(verb.i) if dep[c] == "dobj"][:1]] \
                if code[:2] != "01" else []
            about = self._pobj(verb, ("for", "about", "over", "on", "against"))
            if code[:2] != "04" and about is not None:
                nouns.append(about)
            targets = self._state_where(nouns, source_ids, home)
        if not targets and dictionary is not None:
            # An extra dictionary's pattern (PETRARCH's) takes its target as PETRARCH does:
            # the first actor named after the verb in its own phrase ("arrived in Gondor",
            # "has risen in the dispute with Osgiliath")
            targets = self._first_after(verb, source_ids)
            # (not "…, an official said"; not "X and Y agree that …": each with the other)
            clause = next((c for c in kids(verb.i) if dep[c] == "ccomp" and c > verb.i), None)
            if not targets and clause is not None and \
                    COMPOUND_SUBJECT not in dictionary.words:
                # "Arnor believes Dagolath and Osgiliath can cope …": whom the clause is
                # about, else the first actor it names
                theme = self._subject_at(clause)
                if theme is not None:
                    targets = self._others(self.doc[theme], source_ids)
                if not targets:
                    targets = next((found for token in self.tree.subtree(clause)
                                    if (found := self._others(self.doc[token], source_ids))),
                                   [])
        return sources, targets

    def _addressee(self, verb: Token, frame_verb: Token) -> int | None:
        """Whom an appeal or a demand is made to: the frame verb's object, the subject of
        a clause told ("told USA Today that the United States should launch strikes": the
        one who should act), the object of its "on" ("called on Gondor to …")."""
        kids, dep = self.tree.kids, self.strings.dep
        addressee = next((c for c in kids(frame_verb.i) if dep[c] in ("dobj", "dative")), None)
        if dep[verb.i] == "ccomp" and self.strings.lemma[frame_verb.i] in SPEECH_VERBS:
            # the demand is on the one who should act, not on whom it was told to
            addressee = next((c for c in kids(verb.i) if dep[c] in SUBJECTS), addressee)
        if addressee is None:
            addressee = self._pobj_at(frame_verb.i, ("on", "upon", "to"))
        if addressee is None and dep[verb.i] == "ccomp":
            addressee = next((c for c in kids(verb.i) if dep[c] in SUBJECTS), None)
        return addressee

    def _marked_roles(self, verb: Token, marks: tuple[str, ...], sources: list[Arg],
                      targets: list[Arg]) -> tuple[list[Arg], list[Arg]]:
        """Sources and targets where a dictionary pattern puts them (`lexicon.ROLE`): the
        subject, the first actor named after a word (skipping some noun phrases), or the
        noun phrase just before a word. A mark that finds no actor changes nothing."""
        found: dict[str, list[Arg]] = {}
        chunks = self._noun_chunks(verb.i)
        s = self.strings

        def after_verb(word: str) -> Token | None:
            return next((self.doc[i] for i in range(verb.i + 1, self.tree.sent_end[verb.i])
                         if word in (s.lower[i], s.lemma[i])), None)

        for mark in marks:
            role, _, where = mark.partition("<") if "<" in mark else mark.partition(":")
            place: list[Arg] = []
            if where == "subject":
                subject = self._subject(verb)
                place = self.actors_at(subject) if subject is not None else []
            elif "<" in mark:
                word = after_verb(where)
                before = [c for c in chunks if word is not None and c.end == word.i]
                place = self.actors_at(before[0].root) if before else []
            else:
                anchor_word, _, skip_text = where.partition(":")
                anchor = after_verb(anchor_word)
                after = [c for c in chunks if anchor is not None and c.start > anchor.i]
                for chunk in after[int(skip_text or 0):]:
                    place = self.actors_at(chunk.root)
                    if place:
                        break
            if place:
                found.setdefault(role, place)
        if "target" in found and "source" not in found and any(
                m == "target:subject" for m in marks):
            # the subject is not the doer: the one whose clause this is, if any ("Gondor's
            # Prime Minister noted that Cirith Ungol regretted …")
            sources = [s for s in self._governing_subject(verb)
                       if s.actor not in {t.actor for t in found["target"]}]
        return found.get("source", sources), found.get("target", targets)

    def _noun_chunks(self, token: int) -> list[SpacySpan]:
        """The noun chunks of the sentence of `token`, made once per sentence."""
        start = self.tree.sent_start[token]
        found = self.chunks.get(start)
        if found is None:
            found = self.chunks[start] = list(self.doc[token].sent.noun_chunks)
        return found

    def _others(self, token: Token, source_ids: set[str | None]) -> list[Arg]:
        """The actors `token` names but the sources."""
        return [t for t in self.actors_at(token) if t.actor not in source_ids]

    def _first_after(self, verb: Token, source_ids: set[str | None]) -> list[Arg]:
        """The actors of the first noun after `verb` in its phrases (not its clauses)."""
        stack = [c for c in reversed(list(verb.rights)) if c.dep_ in PHRASE_DEPS]
        while stack:
            token = stack.pop()
            found = self._others(token, source_ids)
            if found:
                return found
            stack.extend(c for c in reversed(list(token.children))
                         if c.i > verb.i and c.dep_ in PHRASE_DEPS)
        return []

    def _state_where(self, nouns: list[Token], source_ids: set[str | None],
                     home: set[str | None]) -> list[Arg]:
        """The first foreign state named "in" a phrase under one of `nouns`."""
        s = self.strings
        for noun in nouns:
            for inner in self.tree.subtree(noun.i):
                if s.dep[inner] != "pobj" or s.lower[s.head[inner]] not in ("in", "inside") or \
                        s.pos[s.head[s.head[inner]]] != "NOUN":
                    continue
                found = [t for t in self.actors_at(self.doc[inner])
                         if t.actor not in source_ids and t.code and len(t.code) == 3 and
                         self._country(t.actor) not in home]
                if found:
                    return found
        return []

    def _place(self, head: int, preps: tuple[str, ...], source_ids: set[str | None],
               states_only: bool = False) -> list[Arg]:
        """The actors of the first place named by one of `preps` on token `head`, but the
        sources."""
        kids, dep, lower = self.tree.kids, self.strings.dep, self.strings.lower
        for child in kids(head):
            if dep[child] == "prep" and lower[child] in preps:
                for pobj in (c for c in kids(child) if dep[c] == "pobj"):
                    found = [t for t in self.actors_at(self.doc[pobj])
                             if t.actor not in source_ids and (
                                 not states_only or (t.code and len(t.code) == 3))]
                    if found:
                        return found
        return []

    def _in_attack(self, verb: Token) -> list[Arg]:
        """The actors of an attack a passive happened "in" ("killed in Israeli strikes", "in
        a Russian air raid", "in Israeli tank shelling" where the parser split the noun):
        the attack's owner did it."""
        pobj = self._pobj(verb, ("in", "during"))
        if pobj is None:
            return []
        nouns = [pobj, *(t for t in pobj.doc[pobj.i + 1:pobj.i + 2] if t.head.i == verb.i)]
        codes = [p.code for n in nouns for word in {n.lemma_.lower(), n.lower_}
                 for p in self.lexicon.nouns.get(word, ()) if not p.words]
        if not any(_split(code)[0][:2] in FORCE_ROOTS for code in codes):
            return []
        return self.actors_at(pobj)

    def _material_object(self, verb: Token) -> bool:
        """What a generic verb of giving hands over is aid: money, arms, food, troops …"""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                    for g in c.children if g.dep_ == "pobj"]  # "supply Gondor with wheat"
        objects += [c for obj in objects for c in obj.conjuncts]  # "photographs and arms"
        for obj in objects:
            while obj.lemma_.lower() in PART_NOUNS or obj.like_num:
                inner = self._pobj(obj, ("of",))
                if inner is None:
                    break
                obj = inner
            lemma = obj.lemma_.lower()
            pattern = self.lexicon.match("noun", lemma, set())
            if lemma in MATERIAL_NOUNS or (pattern is not None and pattern.code[:2] == "07") \
                    or obj.ent_type_ == "MONEY":  # "paid North Korea $500 million"
                return True
            if any(c.dep_ == "nummod" for c in obj.children) and lemma not in ("number",):
                return True  # "gave 50,000 tonnes", "sent 300 observers"
        return False

    def _abstract_object(self, verb: Token) -> bool:
        """The verb's object is an idea, not somebody ("killed the prospect", "beat the
        odds"): violence verbs used figuratively."""
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return obj is not None and obj.lemma_.lower() in FIGURATIVE_OBJECTS

    def _natural_or_abstract_subject(self, verb: Token) -> bool:
        """"The sanctions hit North Korea", "the storm hit Japan": no party uses force."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.i not in self.by_token and \
            subject.lemma_.lower() in FORCE_OF_NATURE_OR_POLICY

    def _people_at_place(self, subject: Token, verb: Token) -> list[Arg]:
        """"Hundreds of thousands of people blocked streets in Hong Kong": people of a role
        (civilians, students, workers …) where the clause happens."""
        head = subject
        while head.lemma_.lower() in PART_NOUNS or head.like_num:
            inner = self._pobj(head, ("of",))
            if inner is None:
                break
            head = inner
        role = self.roles.get(head.lemma_.lower()) or next(
            (self.roles[m.lemma_.lower()] for m in head.children if m.dep_ in (
                "compound", "amod") and m.lemma_.lower() in self.roles), None) or (
            "CVL" if head.lemma_.lower() in PEOPLE_NOUNS else None)
        if role is None:
            return []
        places = [c for c in head.children if c.dep_ == "prep" and c.lower_ in (
            "in", "at", "from", "throughout", "across")]
        places += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "at")]
        places += [g for c in verb.children if c.dep_ in OBJECTS for g in c.children
                   if g.dep_ == "prep" and g.lower_ in ("in", "at")]
        for prep in places:
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                found = self.actors_at(pobj)
                if found and found[0].code:
                    return [_with_role(found[0], role, head)]
        return []

    def _subject(self, verb: Token) -> Token | None:
        found = self._subject_at(verb.i)
        return None if found is None else self.doc[found]

    def _subject_at(self, verb: int) -> int | None:
        kids, s = self.tree.kids, self.strings
        dep, lemma = s.dep, s.lemma
        seen = 0
        while seen < 6:
            seen += 1
            subjects = [c for c in kids(verb) if dep[c] in SUBJECTS]
            if len(subjects) > 1:
                # "Lions, tigers, and Gondor welcomed …", parsed with two subjects
                return next((c for c in subjects if self.actors_at(self.doc[c])), subjects[0])
            if subjects:
                return subjects[0]
            up = s.head[verb]
            if dep[verb] == "relcl":
                return up
            if dep[verb] == "acl":
                # "Kim Jong Un's decision to send troops": the noun's possessor
                return next((c for c in kids(up) if dep[c] == "poss"), None)
            if dep[verb] in ("xcomp", "advcl", "conj", "pcomp", "acomp", "ccomp") or (
                    dep[verb] == "pobj" and dep[up] == "prep"):
                head = s.head[up] if dep[up] == "prep" else up
                if dep[verb] == "pcomp" and s.lower[up] in ("for", "of") and \
                        lemma[head] in JUDGING_VERBS:
                    # "criticized the Council for not agreeing", "accused Seoul of sending
                    # drones": the one judged did it
                    judged = next((c for c in kids(head) if dep[c] == "dobj"), None)
                    if judged is not None:
                        return judged
                if dep[verb] == "xcomp":
                    controller = next((c for c in kids(head) if dep[c] in ("dobj",)), None)
                    if controller is not None and lemma[head] in (
                            "urge", "ask", "allow", "help", "force", "persuade", "order",
                            "encourage", "invite", "press", "call", "enable", "tell"):
                        return controller
                if head == verb:
                    return None
                verb = head
                continue
            return None
        return None

    def _objects(self, verb: Token) -> list[Arg]:
        """Targets: the object, the dative, a prepositional object, the object's own
        prepositional object ("ties with Gondor") or its possessor ("Russia's war")."""
        kids, s = self.tree.kids, self.strings
        dep, lower = s.dep, s.lower
        candidates: list[int] = []
        # a dative "to" is a preposition the parser hung as an object ("send troops to Russia")
        objects = [next((g for g in kids(c) if dep[g] == "pobj"), c)
                   if dep[c] == "dative" and s.pos[c] == "ADP" else c
                   for c in kids(verb.i) if dep[c] in OBJECTS]
        candidates.extend(objects)
        pobjs = [c for child in kids(verb.i) if dep[child] == "prep" and
                 lower[child] in TARGET_PREPS for c in kids(child) if dep[c] == "pobj"]
        candidates.extend(pobjs)
        # Down the object's prepositions: "welcomed the resumption of ties with Osgiliath",
        # "condemned an attack by Osgiliath soldiers", "acted on programs with Libya" (not
        # "withdrew from the outskirts of El Fasher": a place).
        frontier = objects + [p for p in pobjs if lower[s.head[p]] in TOPIC_PREPS]
        for _ in range(3):
            deeper: list[int] = []
            for noun in frontier:
                # "the roads leading into Mordor": through a participle on the noun
                # (not a clause the noun holds: "hopes that Osgiliath could be drawn in")
                children = [*kids(noun), *(g for c in kids(noun) if dep[c] == "acl"
                                           and not any(dep[m] == "mark" for m in kids(c))
                                           for g in kids(c))]
                for child in children:
                    # "memos sent by Bree": the agent of a participle on the noun too
                    if dep[child] in ("prep", "agent") and (lower[child] in TARGET_PREPS or
                                                            lower[child] == "by"):
                        deeper.extend(c for c in kids(child) if dep[c] == "pobj")
            candidates.extend(deeper)
            frontier = deeper
        # "expressed concern that Russia may escalate": whom the worry or hope is about
        candidates.extend(subject for noun in objects for clause in kids(noun)
                          if dep[clause] in ("acl", "ccomp") and any(
                              dep[g] == "mark" and lower[g] == "that" for g in kids(clause))
                          for subject in kids(clause) if dep[subject] in SUBJECTS)
        for token in candidates:
            found = self.actors_at(self.doc[token])
            if found:
                return found
        return []

    def _pobj(self, verb: Token, preps: tuple[str, ...]) -> Token | None:
        found = self._pobj_at(verb.i, preps)
        return None if found is None else self.doc[found]

    def _pobj_at(self, verb: int, preps: tuple[str, ...]) -> int | None:
        kids, dep, lower = self.tree.kids, self.strings.dep, self.strings.lower
        for child in kids(verb):
            if dep[child] == "prep" and lower[child] in preps:
                return next((c for c in kids(child) if dep[c] == "pobj"), None)
        return None

    def _noun_event(self, noun: Token) -> Found | None:
        s, kids = self.strings, self.tree.kids
        dep, lower, lemmas, head = s.dep, s.lower, s.lemma, s.head
        lemma = lemmas[noun.i]
        if lemma not in self.lexicon.nouns and lemma not in STOP_NOUNS:
            return None
        words: dict[str, set[int]] = {}
        sources: list[Arg] = []
        targets: list[Arg] = []
        between = False  # "talks between Russia and Ukraine": the parties, each with the other
        preps = [c for c in kids(noun.i) if dep[c] == "prep"]
        for child in kids(noun.i):
            words.setdefault(lemmas[child], set()).add(child)
            if dep[child] in ("compound", "amod", "poss"):
                if child in self.by_token:
                    sources = sources or self.actors_at(self.doc[child])
                elif dep[child] == "poss" and lower[child] in ("latter", "former"):
                    sources = sources or self._antecedent(child)
        while preps:
            child = preps.pop(0)
            prep = lower[child]
            for pobj in (c for c in kids(child) if dep[c] == "pobj"):
                # "an attack by Russian troops on Kyiv": "on Kyiv" may hang on "troops"
                preps.extend(c for c in kids(pobj) if dep[c] == "prep"
                             and lower[c] in NOUN_TARGET_PREPS and prep == "by")
                words.setdefault(lemmas[pobj], set()).add(pobj)
                for mod in kids(pobj):
                    if dep[mod] in ("compound", "amod"):
                        words.setdefault(lemmas[mod], set()).add(mod)
                if prep == "of":
                    prep = "by" if lemma in AGENTIVE_OF else "on"
                if (prep in NOUN_SOURCE_PREPS and not sources) or (
                        prep in NOUN_TARGET_PREPS and not targets):  # (else not looked at)
                    found = self.actors_at(self.doc[pobj])
                    if prep in NOUN_SOURCE_PREPS and found and not sources:
                        sources = found
                    elif prep in NOUN_TARGET_PREPS and found and not targets:
                        targets = found
                        between = prep == "between" and len(found) > 1
        pattern: Pattern | None = self._noun_pattern(noun) if lemma in STOP_NOUNS else \
            self.lexicon.match("noun", lemma, set(words))
        if pattern is None:
            return None
        up = head[noun.i]
        if not sources and dep[noun.i] == "dobj" and lemmas[up] in CAUSE_VERBS:
            # "North Korea's military actions could prompt an arms race": the cause's actor
            cause = self._subject_at(up)
            sources = self.actors_at(self.doc[cause]) if cause is not None else []
        if not sources and dep[noun.i] == "pobj" and lower[up] == "for" and \
                s.pos[head[up]] == "VERB":
            # "Kim arrived in Russia for talks with Putin": the talks are the traveller's
            subject = self._subject_at(head[up])
            sources = self.actors_at(self.doc[subject]) if subject is not None else []
        source_ids = {s.actor for s in sources}
        targets = [t for t in targets if t.actor not in source_ids]
        code = _split(pattern.code)[0]
        if not targets and int(code[:2]) >= 14:  # "an attack by Ukrainian soldiers in Kursk"
            targets = self._place(noun.i, ("in", "at", "inside", "near"), source_ids)
        if not sources and not targets:
            return None
        if between and not sources:
            sources, targets = targets, []
        item = Found(code, noun, sources, targets,
                     self._modality(noun, noun))
        item.mutual = between and len(sources) > 1
        self._arguments(item, noun)
        return item

    # -- modality and arguments -----------------------------------------------------------------
    def _modality(self, verb: Token, trigger: Token) -> str:
        # (`Token.head` makes a new object: no word up the chain `is` the trigger, so the
        # chain runs its six steps and a frame verb above is read like any other word)
        kids, s = self.tree.kids, self.strings
        dep, lower = s.dep, s.lower
        chain = [verb.i]
        token = verb.i
        while dep[token] in ("xcomp", "conj", "pcomp", "acomp", "dobj", "pobj", "prep",
                             "nsubj", "nsubjpass", "advcl", "ccomp", "acl") and \
                s.head[token] != token:
            token = s.head[token]
            chain.append(token)
            if len(chain) > 6:
                break
        levels = set()
        for i, item in enumerate(chain):
            children = kids(item)
            words = {lower[c] for c in children if dep[c] in ("aux", "auxpass", "neg",
                                                              "advmod", "mark", "prep")}
            negation = any(dep[c] == "neg" for c in children)
            if i == 0 or dep[chain[i - 1]] in ("xcomp", "conj", "pcomp"):
                if words & NEGATIONS or negation:
                    levels.add("negated")
                if words & HYPOTHETICAL_AUX or words & CONDITIONAL_MARKS:
                    levels.add("hypothetical")
                if words & FUTURE_AUX or lower[item] in FUTURE_FRAMES and i > 0:
                    levels.add("future")
            if i > 0 and (s.lemma[item] in HYPOTHETICAL_HEADS or any(
                    lower[c] == "enough" for c in children)):
                levels.add("hypothetical")  # "has the ability to strike", "advanced enough to"
            if dep[item] == "advcl" and any(lower[c] in CONDITIONAL_MARKS for c in children):
                levels.add("hypothetical")
            if i > 0 and dep[chain[i - 1]] == "advcl" and any(
                    dep[c] == "mark" and lower[c] in PENDING_MARKS
                    for c in kids(chain[i - 1])) and (
                    words & (NEGATIONS | HYPOTHETICAL_AUX | FUTURE_AUX) or negation):
                # "you can't lift sanctions until we have reached agreements": what is
                # waited for under a denial, a modal or a future has not happened
                levels.add("hypothetical")
        if next(self.quotes.covering(trigger.idx), None) is not None:
            levels.add("reported")
        return next(m for m in MODALITY_ORDER if m in levels or m == "asserted")

    def _denied(self, verb: Token) -> bool:
        """Whether the clause of `verb` is what someone denies ("denied that it had
        blocked", "denied sending")."""
        s = self.strings
        token = verb.i
        for _ in range(3):
            if s.dep[token] not in ("ccomp", "xcomp", "pcomp", "pobj", "prep", "acl", "dobj",
                                    "relcl") or s.head[token] == token:
                return False
            token = s.head[token]
            # (a frame verb counts too: `Token.head` is a new object, never the trigger)
            if s.lemma[token] in DENIAL_HEADS:
                return True
            if s.lemma[token] in ("evidence", "proof", "sign", "indication") and any(
                    s.lower[c] == "no" for c in self.tree.kids(token)):
                return True  # "there is no evidence he mounted an attack"
        return False

    def _arguments(self, item: Found, head: Token) -> None:
        for _start, _end, speaker in self.quotes.covering(item.trigger.idx):
            item.attributed_to = speaker
            break
        kids, dep, lower = self.tree.kids, self.strings.dep, self.strings.lower
        children = kids(head.i)
        if head.pos_ == "NOUN":
            themes = [head.i] + [g for c in children if dep[c] == "prep" and lower[c] == "of"
                                 for g in kids(c) if dep[g] == "pobj"]
        else:
            themes = [c for c in children if dep[c] in OBJECTS + ("nsubjpass",)]
            themes += [g for c in children if dep[c] == "prep" and lower[c] == "with"
                       for g in kids(c) if dep[g] == "pobj"]  # "supply Gondor with wheat"
        for theme in themes:
            amount = quantity_of(self.doc[theme])
            if amount is not None:
                item.quantity = amount
                break
        places: list[int] = []
        for child in [*children, *(g for t in themes for g in kids(t))]:
            if dep[child] == "prep" and lower[child] in LOCATION_PREPS:
                places.extend(c for c in kids(child) if dep[c] == "pobj")
        target_ids = {t.actor for t in item.targets}
        for place in places:
            for arg in self.actors_at(self.doc[place]):
                if arg.actor not in target_ids and arg.code:
                    item.location = arg.code[:3]
                    break
            if item.location:
                break
        when = self.dater.date_of(head, item.trigger, future=item.modality == "future")
        if when is not None:
            item.date, item.date_precision = when.date, when.precision

    def _records(self, found: Iterable[Found]) -> list[Event]:
        text = doc_text(self.doc)
        out: list[Event] = []
        seen: set[tuple[str, int, str | None, str | None]] = set()
        for item in found:
            sent = next((s for _start, _end, s in self.sentences.covering(item.trigger.idx)),
                        None)
            if sent is None:
                sent = Span(item.trigger.sent.start_char, item.trigger.sent.end_char)
            trigger = Span.of(text, item.trigger.idx, item.trigger.idx + len(item.trigger.text))
            quantity = None
            if item.quantity is not None:
                q_start, q_end, value, unit, approximate = item.quantity
                quantity = Quantity(value, unit, text[q_start:q_end], approximate)
            none: list[Arg | None] = [None]
            # no actor acts on itself: a target that is the source is a misreading, dropped
            pairs: list[tuple[Arg | None, Arg | None]] = [
                (s, None if s and t and s.actor == t.actor else t)
                for s in (item.sources or none) for t in (item.targets or none)]
            if item.mutual:
                pairs = [(s, t) for s in item.sources for t in item.sources
                         if s.actor != t.actor]
            coded = [(self.lexicon.lookup(item.code), pairs)]
            if item.reverse:
                coded.append((self.lexicon.lookup(item.reverse),
                              [(t, s) for s, t in pairs if s and t]))
            for entry, entry_pairs in coded:
                for source, target in entry_pairs:
                    key = (entry.code, trigger.start, source.actor if source else None,
                           target.actor if target else None)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(Event(
                        source=source.actor if source else None,
                        target=target.actor if target else None,
                        cameo=entry.code, root=entry.root, plover=entry.plover,
                        goldstein=entry.goldstein, quad_class=entry.quad_class,
                        modality=item.modality, trigger=trigger, sentence=sent,
                        quantity=quantity, location=item.location,
                        date=item.date or self.published,
                        date_basis="text" if item.date else (
                            "published" if self.published else None),
                        date_precision=item.date_precision or (
                            "day" if self.published else None),
                        attributed_to=item.attributed_to,
                        source_span=_span(text, source), target_span=_span(text, target),
                        source_code=source.code if source else None,
                        target_code=target.code if target else None,
                        name=entry.name,
                    ))
        out.sort(key=lambda e: (e.trigger.start, e.cameo))
        return out


def _in_a_name(token: Token) -> bool:
    """A capitalised verb inside a title or a name in running text (not in a headline,
    where every word is capitalised)."""
    if not token.is_title or token.i == token.sent.start or token.ent_type_ not in (
            "ORG", "WORK_OF_ART", "FAC", "EVENT", "LAW", "PRODUCT"):
        return False
    words = [t for t in token.sent if t.is_alpha and len(t) > 3]
    return sum(t.is_title for t in words) * 2 < len(words)


def _cue_misread_as_noun(word: Token) -> bool:
    """A speech verb the parser took for a noun with its speaker as a compound ("Turkey
    claims", "officials say" hung as one noun phrase on the verb that follows)."""
    return word.pos_ == "NOUN" and cue_lexicon().get(word.lemma_.lower()) == "speech" and any(
        c.dep_ == "compound" for c in word.children)


def _span(text: str, arg: Arg | None) -> Span | None:
    return Span.of(text, arg.start, arg.end) if arg is not None and arg.end > arg.start else None


def _split(code: str) -> tuple[str, str | None]:
    """"042:043" → ("042", "043"): the source's code and the target's reciprocal one."""
    first, _, second = code.partition(":")
    return first, second or None


def _outermost(hits: list[tuple[int, int, str, str | None, str]]
               ) -> list[tuple[int, int, str, str | None, str]]:
    """Mentions not inside another one of the list, each actor once."""
    out = []
    seen = set()
    for hit in sorted(hits, key=lambda h: (h[0], -h[1])):
        if hit[2] not in seen:
            seen.add(hit[2])
            out.append(hit)
    return out


def _with_role(arg: Arg, role: str, head: Token) -> Arg:
    code = arg.code
    if code and (len(code) == 3 or arg.actor != code):  # a state, or a person's state
        code = code[:3] + role
        return Arg(code, code, min(arg.start, head.idx), max(arg.end, head.idx + len(head.text)))
    return arg


def resolve_events(analysis: ArticleAnalysis, doc: Doc) -> ArticleAnalysis:
    """Pipeline stage: fill `events` (after actors and quotes)."""
    return replace(analysis, events=tuple(Coder(analysis, doc).code()))


__all__ = ["Coder", "resolve_events"]
