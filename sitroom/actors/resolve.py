"""Resolve every political actor mention of an article to a coded identity.

    dictionary matches (longest first, case rules)  ─┐
    spaCy entities the dictionary does not know      ├─▶ mentions ─▶ roles from the noun
    (fuzzy match, else new person / organisation)   ─┘    phrase ("North Korean troops" →
                                                           PRKMIL), titles and affiliations
                                                           from appositions, then coreference
                                                           (surnames, he/she, "the regime")

Everything is rule-based over the spaCy parse: fast, inspectable, and testable on small docs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ..nlp import doc_text
from ..quotation import cue_lexicon, quote_spans
from ..records import Actor, ArticleAnalysis, Mention
from ..tokens import TokenStrings
from .gazetteer import ROLE_NAMES, Entry, Gazetteer, fold, load, slug, term_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A named-entity string longer than this is a parse accident, not a name.
MAX_ENTITY_TOKENS = 12
# rapidfuzz ratio on folded names; swept on plover-gsr actor texts: 85 admits "Niger" for
# "Nigeria"-like confusions, 92 loses "Kiev" → "Kyiv"-style variants; 88 was best.
FUZZY_PLACE = 88
FUZZY_PERSON = 90
FUZZY_TOKEN = 92
# Sectors a modifier gives leaders and commanders: "opposition leaders" → OPP.
DISSENT_ROLES = frozenset({"OPP", "REB", "INS"})
# Heads that take the sector of a more specific modifier: "intelligence agency" → SPY,
# "defence ministry" → MIL; alone they mean government.
GENERIC_HEADS = frozenset(
    "agency service ministry department office official minister secretary chief head "
    "spokesman spokeswoman spokesperson source sources".split()
)
PERSON_PRONOUNS = frozenset("he him his she her hers himself herself".split())
STATE_ANAPHORS = {"country": None, "nation": None, "capital": None, "regime": "GOV",
                  "government": "GOV", "administration": "GOV", "leadership": "GOV",
                  "military": "MIL", "army": "MIL"}
LOCATIVE_PREPS = frozenset({"in", "from", "into", "across", "near", "inside", "outside"})
AFFILIATION_PREPS = frozenset({"at", "of", "with", "from", "for"})
TITLE_WORDS = frozenset(
    "president prime minister premier chancellor king queen emir sheikh general gen. "
    "lieutenant colonel col. admiral commander secretary spokesman spokeswoman ambassador "
    "envoy senator sen. rep. representative governor mayor dr. dr professor prof. mr. mrs. "
    "ms. mr ms mrs foreign defence defense deputy vice chief supreme leader crown prince "
    "ayatollah pope director analyst expert".split()
)
# Countries whose names English news writes family name first (Kim Jong Un → "Kim").
FAMILY_NAME_FIRST = frozenset({"PRK", "KOR", "CHN", "TWN", "HKG", "VNM", "KHM", "MAC"})
# Stripped from names; all but the courtesy titles are kept as the person's title.
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir".split())
COURTESY = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir".split())


@dataclass
class Found:
    start: int  # character offsets
    end: int
    entry: Entry
    token_start: int = 0
    token_end: int = 0
    title: str | None = None
    affiliation: str | None = None


def resolve_actors(analysis: ArticleAnalysis, doc: Doc,
                   gazetteer: Gazetteer | None = None) -> ArticleAnalysis:
    """Pipeline stage: fill `actors` from the parse (with `gazetteer`, e.g. one extended by
    `Gazetteer.extended`, instead of the project's)."""
    found = find_mentions(doc, gazetteer or load(), analysis.article.published,
                          analysis.article.source)
    return replace(analysis, actors=tuple(_group(found, doc_text(doc))))


# -- dictionary ----------------------------------------------------------------------------

def _case_ok(surface: str, tokens: Span) -> bool:
    text = tokens.text.replace("_", " ")
    abbreviation = surface.isupper() or "." in surface
    if len(tokens) == 1 or abbreviation:
        return text == surface or (text.isupper() and not surface.isupper()
                                   and len(text) > 3)
    if tokens[0].lower_ == "the":  # "Mordor, the Shire and Bree": the article is lower case
        return tokens[1].text[:1].isupper()
    return text[:1].isupper()


def dictionary_matches(doc: Doc, gaz: Gazetteer) -> list[tuple[int, int, Entry]]:
    """Longest dictionary matches, left to right, as (token start, token end, entry). A
    name written with underscores ("Dol_Amroth", as TABARI/PETRARCH texts join a name's
    words) is read as its words."""
    lowered: list[str] = []
    owner: list[int] = []  # the token each word is part of
    for i, lower in enumerate(TokenStrings.of(doc).lower):
        parts = [p for p in lower.split("_") if p] if "_" in lower else []
        for part in parts or [lower]:
            lowered.append(part)
            owner.append(i)

    prefixes = gaz.prefixes()

    def longest(i: int) -> tuple[int, int, Entry, int] | None:
        reach = 0  # how many words from i begin a phrase: no longer match is possible
        while reach < min(gaz.max_len, len(lowered) - i) and \
                tuple(lowered[i:i + reach + 1]) in prefixes:
            reach += 1
        for length in range(reach, 0, -1):
            end = i + length
            if (i and owner[i - 1] == owner[i]) or (end < len(owner) and
                                                     owner[end] == owner[end - 1]):
                continue  # a match covers whole tokens
            candidates = gaz.phrases.get(tuple(lowered[i:end]))
            if not candidates:
                continue
            span = doc[owner[i]:owner[end - 1] + 1]
            chosen = next((e for surface, e in candidates if _case_ok(surface, span)), None)
            if chosen is not None:
                return owner[i], owner[end - 1] + 1, chosen, end
        return None

    out: list[tuple[int, int, Entry]] = []
    firsts = gaz.first_words()
    i = 0
    while i < len(lowered):
        if lowered[i] not in firsts:  # no phrase starts here (most words)
            i += 1
            continue
        hit = longest(i)
        if hit and lowered[i] == "the" and (after := longest(i + 1)) and after[3] > hit[3]:
            hit = None  # "the West Bank" is the West Bank, not "the West" and a bank
        if hit:
            out.append(hit[:3])
            i = hit[3]
        else:
            i += 1
    return out


# -- roles from the noun phrase ------------------------------------------------------------

def _role_of(token: Token, gaz: Gazetteer) -> str | None:
    lemma = token.lemma_.lower()
    return gaz.roles.get(lemma) or gaz.roles.get(token.lower_)


def _phrase_head(first: Token, last: Token) -> Token | None:
    """The noun a name modifies: 'North Korean' → 'troops', "Russia 's" → 'ministry'."""
    root = last if last.head.i < first.i or last.head.i > last.i else last.head
    for candidate in (last, root):
        if candidate.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod", "nummod"):
            head = candidate.head
            if head.i > last.i and head.pos_ in ("NOUN", "PROPN"):
                return head
        if candidate.dep_ == "conj" and candidate.head.dep_ in ("amod", "compound"):
            head = candidate.head.head
            if head.pos_ in ("NOUN", "PROPN") and head.i > last.i:
                return head
    # "Western and South Korean officials": the parse may hang the name off 'and'.
    nxt = last.nbor(1) if last.i + 1 < len(last.doc) else None
    if nxt is not None and nxt.pos_ in ("NOUN",) and nxt.dep_ != "ROOT" and nxt.i - last.i == 1:
        return nxt
    return None


def _from_state(span: Span) -> tuple[Token, bool] | None:
    """The people a state's name says where they come from or whose they are, and whether
    the name is a later conjunct: 'soldiers' in "soldiers from Chad" (a plural right before
    "from": not "a letter from Chad"), 'government' in "the government of Uganda",
    'leaders' in "the leaders of Japan and South Korea"."""
    name = span.root
    while name.dep_ == "conj" and name.head.i < name.i:
        name = name.head
    first = name.left_edge  # "of the United States": from its determiner
    if first.i < 2 or first.nbor(-1).dep_ != "prep" or \
            first.nbor(-1).lower_ not in ("from", "of"):
        return None
    holder = first.nbor(-1).head
    if holder.i != first.i - 2 or holder.pos_ != "NOUN" or \
            first.nbor(-1).lower_ == "from" and holder.tag_ != "NNS" or \
            holder.lemma_.lower() in _NOT_ITS_PEOPLE:
        return None
    return holder, name.i != span.root.i


# What "of" a state is the state itself or a thing of it, not its people: "the state of
# Israel", "the defense of America", "the security of the region".
_NOT_ITS_PEOPLE = frozenset("state states defense defence division security interest "
                            "territory economy sovereignty border".split())


def _sector(first: Token, head: Token, gaz: Gazetteer) -> str | None:
    role = _role_of(head, gaz)
    generic = head.lemma_.lower() in GENERIC_HEADS or head.lower_ in GENERIC_HEADS
    if role in ("GOV", "MIL") and not generic:
        # "Cuban opposition leaders", "rebel commanders": leaders of the opposition
        dissent = next((r for t in head.doc[first.i:head.i] if (r := _role_of(t, gaz)) in
                        DISSENT_ROLES), None)
        return dissent or role
    if role and not generic:
        return role
    if not generic:
        return None
    specific = None
    for token in head.doc[first.i:head.i]:
        modifier_role = _role_of(token, gaz)
        if modifier_role and modifier_role != "GOV":
            specific = modifier_role
    return specific or "GOV"


# -- people: titles and affiliations --------------------------------------------------------

def _affiliation(person: Span, doc: Doc, orgs: dict[int, Span]) -> tuple[str | None, str | None]:
    """(title, affiliation) from "Name, an expert on X at Org" or "Name of Org"."""
    after = person.end
    # Apposition: Name , [det] title … (at|of) Org
    if after < len(doc) and doc[after].text == ",":
        stop = after + 1
        while stop < len(doc) and stop - after < 25 and doc[stop].text not in (",", ";", ".",
                                                                               "\"", "“", "”"):
            stop += 1
        segment = doc[after + 1:stop]
        title_start = segment.start
        while title_start < segment.end and doc[title_start].pos_ == "DET":
            title_start += 1
        org = next((orgs[i] for i in range(segment.start, segment.end) if i in orgs), None)
        relative = title_start < segment.end and doc[title_start].lower_ in (
            "who", "which", "that", "whose", "whom")
        if org is not None and relative:
            return None, _clean_org(org)  # "Name, who directs a programme at Org"
        if relative:
            return None, None
        if org is not None:
            prep = org.start - 1
            while prep > title_start and doc[prep].lower_ in ("the", "a", "an"):
                prep -= 1
            if doc[prep].lower_ in AFFILIATION_PREPS and prep > title_start:
                title = doc[title_start:prep].text.strip() or None
                return title, _clean_org(org)
        head = doc[title_start] if title_start < segment.end else None
        if head is not None and any(t.pos_ == "NOUN" for t in segment) and \
                any(t.dep_ == "appos" and t.head.i in range(person.start, person.end)
                    for t in segment):
            return segment[title_start - segment.start:].text.strip() or None, None
    # Name of Org / Name at Org
    if after + 1 < len(doc) and doc[after].lower_ in ("of", "at") and after + 1 in orgs:
        return None, _clean_org(orgs[after + 1])
    if after + 2 < len(doc) and doc[after].lower_ in ("of", "at") and \
            doc[after + 1].lower_ == "the" and after + 2 in orgs:
        return None, _clean_org(orgs[after + 2])
    return None, None


def _clean_org(org: Span) -> str:
    words = [t for t in org if t.lower_ != "the" or t.i != org.start]
    text = org.doc[words[0].i:words[-1].i + 1].text if words else org.text
    for suffix in (" think tank", " think-tank"):
        text = text.removesuffix(suffix)
    return text


def _names_a_state(entry: Entry) -> bool:
    """A word for a state: its name, people or capital, or a dictionary's state ("Fornost
    President Umbardacil")."""
    return bool(entry.country) and (entry.kind in ("demonym", "country", "capital") or
                                    entry.type == "state")


def _title_before(person: Span, doc: Doc, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """('President', 'UKR') from "Ukrainian President Volodymyr Zelensky"."""
    i = person.start - 1
    words: list[Token] = []
    country = None
    while i >= 0 and person.start - i <= 6:
        token = doc[i]
        if token.lower_ in TITLE_WORDS or (token.is_title and token.lower_ in gaz.roles):
            words.insert(0, token)
            i -= 1
            continue
        if words and token.lower_ == "of" and i >= 1 and \
                gaz.non_actors.has("office", doc[i - 1].text):
            words[:0] = [doc[i - 1], token]  # "Secretary of State John Kerry"
            i -= 2
            continue
        break
    if i >= 1 and words and doc[i].lower_ in ("'s", "’s"):
        i -= 1  # "Jordan's King Abdullah II"
    if i >= 0 and words:
        candidates = gaz.phrases.get((doc[i].lower_,)) or []
        topic = any(gaz.non_actors.has("topic", w.text) for w in words)
        for _surface, entry in candidates:
            if _names_a_state(entry) and not (topic and entry.kind != "demonym"):
                country = entry.country  # not "Russia" in "Russia analyst Jane Doe"
    titles = [w for w in words if w.lower_ not in COURTESY]
    title = " ".join(w.text for w in titles) or None
    return title, country


# -- the pass ------------------------------------------------------------------------------

def _other_state(sent: Span, own: str, gaz: Gazetteer,
                 matches: list[tuple[int, int, Entry]]) -> Entry | None:
    """The first state other than `own` named in the sentence, if any."""
    for start, _end, entry in matches:
        if sent.start <= start < sent.end and entry.country and entry.country != own and \
                len(entry.country) == 3 and entry.kind in ("country", "capital"):
            return gaz.countries.get(entry.country)
    return None


def heading_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of headline-like lines: short, no closing stop, mostly Capitalised.

    spaCy tags capitalised headline words as organisations ("Showcasing Military
    Capability"); inside these lines only the dictionary is trusted.
    """
    spans = []
    offset = 0
    for line in text.split("\n"):
        words = line.split()
        if 0 < len(words) <= 20 and not line.rstrip().endswith((".", "\"", "”", ":")):
            capitalised = sum(w[:1].isupper() for w in words if len(w) > 3)
            long_words = sum(len(w) > 3 for w in words)
            if long_words and capitalised / long_words >= 0.6:
                spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _name_tokens(ent: Span, gaz: Gazetteer) -> tuple[int, int]:
    """The tokens of an entity that name it: without "the", a participle that opens the
    clause ("Countering Obama's references, …"), a possessive ("Muslim Brotherhood's"), a
    company suffix ("Apple Inc") or a stray mark; empty if none do."""
    start, end = ent.start, ent.end
    doc = ent.doc

    def cut(token: Token) -> bool:
        return token.tag_ == "POS" or token.lower_ in ("'s", "’s", "'", "’") or \
            token.is_punct or gaz.non_actors.has("suffix", token.text)

    while start < end and (cut(doc[start]) or end - start > 1 and (
            doc[start].lower_ == "the" or doc[start].tag_ == "VBG")):
        start += 1
    while end > start and cut(doc[end - 1]):
        end -= 1
    return start, end


def _acts(span: Span, kind: str, gaz: Gazetteer) -> bool:
    """Whether the mention is a party of its sentence as `kind` needs (non_actors.tsv): its
    phrase head, through "and" lists and appositions, has one of the kind's dependency
    labels; the object of a place preposition ("posted on Twitter", "in Asia") never acts."""
    token = span.root
    if token.dep_ in ("amod", "compound", "nmod") and \
            gaz.non_actors.has("party_noun", token.head.lemma_) and token.head.i > token.i:
        token = token.head  # "European allies", "the Southeast Asian nations"
    elif token.dep_ in ("amod", "compound", "nmod"):
        return False  # "a European conflict"
    while token.dep_ in ("conj", "appos") and token.head.i < token.i:
        token = token.head
    deps = gaz.non_actors.acts.get(kind, frozenset())
    if token.dep_ == "pobj":
        return "pobj" in deps and not gaz.non_actors.has("place_preposition", token.head.text)
    return token.dep_ in deps


def _same_outlet(name: str, source: str | None) -> bool:
    """"CNN" and "CNN (Web News)", "Fox" and "Fox Online News": the article's own outlet."""
    if not source:
        return False
    a, b = (fold(re.sub(r"\(.*?\)|\s-\s.*$", "", x)).removeprefix("the ")
            for x in (name, source))
    return bool(a) and (a == b or b.startswith(a + " ") or a.startswith(b + " "))


def _listed_name(span: Span, tagged: Entry, gaz: Gazetteer, source: str | None) -> Entry | None:
    """The entry of a spaCy entity after non_actors.tsv: None for a concept ("Brexit"), an
    outlet that does not act or is the article's own ("Reuters" in a byline, "told CNN"),
    a platform that is not a party ("wrote on Twitter"); one that acts is an organisation."""
    kind = gaz.non_actors.kind_of(span.text)
    if kind is None:
        return tagged
    if kind == "concept" or (kind == "outlet" and _same_outlet(span.text, source)) or \
            not _acts(span, kind, gaz):
        return None
    if tagged.type in ("person", "unknown", "state"):
        return Entry("org", "", tagged.name, "organization")
    return tagged


def _in_title(span: Span, gaz: Gazetteer) -> bool:
    """A portfolio in an office's title: "Secretary of (the) State", "Defense Secretary"."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 1 and doc[i].lower_ == "of" and gaz.non_actors.has("office", doc[i - 1].text):
        return True
    return span.end < len(doc) and gaz.non_actors.has("office", doc[span.end].text)


def find_mentions(doc: Doc, gaz: Gazetteer, published: str | None = None,
                  source: str | None = None) -> list[Found]:
    """Every actor mention of the doc, with its entry, in text order. People take the term
    they held on `published` (YYYY-MM-DD), when given; the article's own outlet (`source`)
    is never an actor of it."""
    found: list[Found] = []
    headings = heading_spans(doc_text(doc))
    ents = doc.ents  # spaCy makes them anew at each read of `Doc.ents`

    def in_heading(start_char: int) -> bool:
        return any(a <= start_char < b for a, b in headings)

    entity_of: dict[int, Span] = {}
    for ent in ents:
        for i in range(ent.start, ent.end):
            entity_of[i] = ent

    def inside_foreign_entity(start: int, end: int, entry: Entry) -> bool:
        ent = entity_of.get(start)
        if ent is None or in_heading(ent.start_char):
            return False
        ent_end = ent.end - (doc[ent.end - 1].tag_ == "POS")  # "Caras Galadhon's" is the name
        if ent.start == start and ent_end == end:
            return False
        if ent.label_ == "PERSON" or entry.kind == "person" and ent.label_ in (
                "GPE", "NORP", "LOC"):
            # "Maria Santos" is not Juan Manuel Santos: a known surname inside a longer name
            # names somebody else, unless the whole name is a known variant (also when the
            # parser took the name for a place: "Zolani Mbeki" is not Thabo Mbeki).
            return entry.kind != "person" or _fuzzy(ent.text, gaz.fuzzy_people,
                                                     FUZZY_PERSON) != entry
        if ent.label_ in ("ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT") and \
                entry.kind not in ("org",):
            # "Carnegie Russia Eurasia Center" is an organisation, not Russia: a name inside an
            # entity that goes on after it is part of that entity's name. A name that ends the
            # entity stays ("Radical French" farmers, "the Democratic People's Republic of
            # Korea"), as does "Russian Defence Ministry": the state, then a role noun.
            rest = [t for t in doc[end:ent.end] if not t.is_punct]
            if not rest:
                return False
            return not (start <= ent.start + 1 and any(_role_of(t, gaz) for t in rest))
        return False

    # Full names in the text by surname: "Wong" after "Joshua Wong" is Joshua Wong, not the
    # Penny Wong of the gazetteer (unless the text names her in full as well).
    full_names: dict[str, list[Span]] = {}
    for ent in ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            full_names.setdefault(ent[-1].lower_, []).append(ent)

    known_as: dict[str, list[Entry | None]] = {}  # surname → the entries its full names are

    def someone_else(start: int, end: int, entry: Entry) -> bool:
        surname = doc[start].lower_
        if end - start != 1 or surname not in full_names:
            return False
        if surname not in known_as:
            known_as[surname] = [_fuzzy(ent.text, gaz.fuzzy_people, FUZZY_PERSON)
                                 for ent in full_names[surname]]
        return entry not in known_as[surname]

    covered: set[int] = set()
    matches = dictionary_matches(doc, gaz)
    skip_until = -1
    for n, (start, end, entry) in enumerate(matches):
        if start < skip_until:
            continue
        following = matches[n + 1] if n + 1 < len(matches) else None
        people_of = False
        if entry.kind == "demonym" and entry.country and following is not None and \
                following[0] == end and following[2].kind == "demonym" and \
                doc[following[1] - 1].tag_.startswith("NN"):
            # "Bosnian Serbs", "Syrian Turkmen" (a noun, though its plural has no -s): a
            # people of one state living in another is coded, as CAMEO does, to the state
            # where they live; it is a group of that state, not the state.
            end = following[1]
            skip_until = end
            people_of = True
        if inside_foreign_entity(start, end, entry) or (
                entry.kind == "person" and someone_else(start, end, entry)):
            continue
        if entry.kind == "demonym" and entry.country and start > 0 and \
                doc[start - 1].lower_ == "ethnic":
            # "ethnic Albanians … in Serbia": CAMEO codes an ethnic group to the state it
            # lives in when the sentence names one.
            home = _other_state(doc[start].sent, entry.country, gaz, matches)
            if home is not None:
                entry = home
        prefixed = start > 1 and doc[start - 1].text == "-" and \
            doc[start - 2].lower_ in ("anti", "pro", "non")
        covered.update(range(start, end))
        span = doc[start:end]
        state_like = entry.kind == "org" and entry.type == "state"  # an extra dictionary's
        if (entry.kind in ("country", "demonym", "capital", "region") or state_like) and \
                not prefixed:
            head = _phrase_head(span[0], span[-1])
            role = _sector(span[0], head, gaz) if head is not None else None
            if head is not None and role and entry.country:
                actor = gaz.role_actor(entry.country, role)
                found.append(Found(span.start_char, head.idx + len(head.text), actor,
                                   start, head.i + 1))
                covered.update(range(start, head.i + 1))
                for other in head.children:
                    # "Danish media and government": both the state's
                    other_role = _role_of(other, gaz) if other.dep_ == "conj" else None
                    if other_role and other_role != role and other.i not in covered:
                        found.append(Found(other.idx, other.idx + len(other.text),
                                           gaz.role_actor(entry.country, other_role),
                                           other.i, other.i + 1))
                        covered.add(other.i)
                continue
            people = _from_state(span)
            their_role = _role_of(people[0], gaz) if people is not None else None
            if people is not None and their_role and entry.country and entry.kind != "region":
                # "soldiers from Chad", "the government of Uganda": the state's sector (a
                # later conjunct, "… and South Korea", is its own mention)
                holder, conjunct = people
                begin = span[0] if conjunct else holder.left_edge
                found.append(Found(begin.idx, span.end_char,
                                   gaz.role_actor(entry.country, their_role), begin.i, end))
                covered.update(range(begin.i, end))
                continue
            if head is not None and role and entry.kind in ("demonym", "region"):
                group = Entry("region", entry.code + role,
                              f"{entry.name} ({ROLE_NAMES.get(role, role)})", "group", None,
                              role)
                found.append(Found(span.start_char, head.idx + len(head.text), group,
                                   start, head.i + 1))
                continue
            if entry.kind == "region" or (entry.kind == "demonym" and not entry.country):
                if not _acts(span, "region", gaz) or (start > 0 and doc[start - 1].is_title and
                                                      gaz.non_actors.has("direction",
                                                                         doc[start - 1].text)):
                    continue  # "in Asia", "a European conflict": a place, not a party;
                    # "South Asia", "West Africa": another region than the table's
            elif people_of and entry.country:
                entry = Entry("org", entry.country, " ".join(span.text.split()), "group",
                              entry.country)
            elif entry.kind == "demonym" and entry.country:
                entry = gaz.countries.get(entry.country, entry)
            elif entry.kind == "capital" and entry.country:
                entry = gaz.countries.get(entry.country, entry)
        elif entry.kind == "person":
            head = _phrase_head(span[0], span[-1])
            if head is not None and entry.country and _role_of(head, gaz) == "GOV" and \
                    head.lower_ in ("regime", "government", "administration"):
                found.append(Found(span.start_char, head.idx + len(head.text),
                                   gaz.role_actor(entry.country, "GOV"), start, head.i + 1))
        found.append(Found(span.start_char, span.end_char, entry, start, end))

    orgs: dict[int, Span] = {}
    for ent in ents:
        if ent.label_ in ("ORG", "FAC") and len(ent) <= MAX_ENTITY_TOKENS:
            orgs[ent.start] = ent
            if doc[ent.start].lower_ == "the" and ent.start + 1 < ent.end:
                orgs[ent.start + 1] = ent

    found += _tagged_entities(doc, ents, gaz, covered, headings, source)

    # Spelling variants spaCy did not tag: "Ethopia", "Phillippines", "Khatmandu". Only a
    # proper noun standing alone, never part of a name ("David Cameron" is not Cameroon,
    # "Hollande" not Holland), and closer than for tagged places: measured on 150
    # allsides-intl articles, 88 also admitted "Romek" → Rome and "Moron" → Moroni.
    pos = TokenStrings.of(doc).pos
    for token in (doc[i] for i in range(len(doc)) if pos[i] == "PROPN" and i not in covered):
        if not token.is_title or len(token.text) < 5 or token.ent_type_ in ("PERSON", "ORG") or \
                (token.i > 0 and doc[token.i - 1].pos_ == "PROPN") or \
                (token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"):
            continue
        if gaz.phrases.get((token.lower_,)) or fold(token.text) in gaz.fuzzy_people:
            continue
        place = _fuzzy(token.text, gaz.fuzzy_places, FUZZY_TOKEN)
        if place is not None:
            covered.add(token.i)
            found.append(Found(token.idx, token.idx + len(token.text), place, token.i,
                               token.i + 1))

    for item in found:
        terms = gaz.terms.get(item.entry.name) if item.entry.kind == "person" else None
        if terms:
            item.entry = term_at(terms, published)
    _people_context(doc, gaz, found, orgs)
    _coreference(doc, gaz, found, covered)
    found.sort(key=lambda f: (f.start, -f.end))
    return found


def _tagged_entities(doc: Doc, ents: Sequence[Span], gaz: Gazetteer, covered: set[int],
                     headings: list[tuple[int, int]], source: str | None) -> list[Found]:
    """Mentions from the entities spaCy tagged that the dictionary pass did not cover (and
    adds their tokens to `covered`)."""
    found = []
    for ent in ents:
        if len(ent) > MAX_ENTITY_TOKENS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        start, end = _name_tokens(ent, gaz)
        span = doc[start:end]
        if not any(ch.isalpha() for ch in span.text):
            continue
        tagged = _entity_entry(span, gaz, ent.label_)
        in_heading = any(a <= ent.start_char < b for a, b in headings)
        if tagged is None or (in_heading and not tagged.code):
            continue
        covered.update(range(ent.start, ent.end))
        tagged = _listed_name(span, tagged, gaz, source)
        if tagged is None or (not tagged.code and _in_title(span, gaz)):
            continue  # "Secretary of State", "Defense Secretary": a title, not an actor
        found.append(Found(span.start_char, span.end_char, tagged, span.start, span.end))
    return found


def _entity_entry(ent: Span, gaz: Gazetteer, label: str) -> Entry | None:
    """The entry of a spaCy entity (`ent` its naming tokens, `label` spaCy's label)."""
    name = ent.text.strip()
    if label == "PERSON":
        tokens = list(ent)
        while len(tokens) > 1 and (tokens[0].lower_ in HONORIFICS or
                                   tokens[0].lower_ in TITLE_WORDS):
            tokens.pop(0)  # "President Omar El Bashir" → "Omar El Bashir"
        if not tokens:
            return None
        name = ent.doc[tokens[0].i:tokens[-1].i + 1].text.removesuffix("'s").strip()
        known = _fuzzy(name, gaz.fuzzy_people, FUZZY_PERSON)
        if known is not None:
            return known
        if ent.root.head.pos_ == "ADP" and ent.root.head.lower_ in LOCATIVE_PREPS:
            # "officials in Wakandia": spaCy guessed a person, the preposition says place.
            return Entry("unknown", "", name, "unknown")
        return Entry("person", "", name, "person")  # one word: coreference decides later
    if label in ("GPE", "NORP", "LOC"):
        bare = name.removeprefix("the ").removeprefix("The ")
        place = gaz.fuzzy_places.get(fold(bare))
        if place is None and label != "NORP":
            from .places import place_country

            code = place_country(bare)
            place = gaz.countries.get(code) if code else None
        if place is None:
            place = _fuzzy(bare, gaz.fuzzy_places, FUZZY_PLACE)
        if place is not None:
            return place
        if label in ("NORP", "LOC"):
            return None  # religions, parties, seas and mountains without a state
        return Entry("unknown", "", bare, "unknown")
    if label == "ORG":
        org = _fuzzy(name.removeprefix("the ").removeprefix("The "), gaz.fuzzy_orgs, 92)
        if org is not None:
            return org
        cleaned = name.removeprefix("the ").removeprefix("The ")
        if len(ent) == 1 and ent[0].is_title:
            place = _fuzzy(cleaned, gaz.fuzzy_places, FUZZY_TOKEN)
            if place is not None:  # "Ethopia" tagged as an organisation
                return place
        role = None
        country = None
        for token in ent:
            role = role or gaz.roles.get(token.lemma_.lower())
        first = ent[1] if ent[0].lower_ == "the" and len(ent) > 1 else ent[0]
        for _surface, entry in gaz.phrases.get((first.lower_,), []):
            if _names_a_state(entry):
                country = country or entry.country
        code = (country or "") + (role or "") if country else ""
        return Entry("org", code, cleaned, "organization", country, role)
    return None


def _fuzzy(name: str, choices: dict[str, Entry], cutoff: int) -> Entry | None:
    key = fold(name)
    if key in choices:
        return choices[key]
    if len(key) < 4:
        return None
    return _Reachable.of(choices).best(key, cutoff)


class _Reachable:
    """The names of a fuzzy table that a name of a given length can match at a cutoff, in
    the table's order: `fuzz.ratio` is at most 200·min(m, n)/(m + n) for lengths m and n, so
    the others cannot reach it and the best match (the first of the best scores) is the one
    found over the whole table. Kept for each table while it lives (its keys unchanged)."""

    _tables: dict[int, _Reachable] = {}

    def __init__(self, choices: dict[str, Entry]) -> None:
        self.choices, self.names = choices, list(choices)
        self._lists: dict[tuple[int, int], list[str]] = {}
        self._best: dict[tuple[str, int], Entry | None] = {}

    @classmethod
    def of(cls, choices: dict[str, Entry]) -> _Reachable:
        known = cls._tables.get(id(choices))
        if known is None or known.choices is not choices or len(known.names) != len(choices):
            if len(cls._tables) >= 16:
                cls._tables.clear()
            known = cls._tables[id(choices)] = cls(choices)
        return known

    def best(self, key: str, cutoff: int) -> Entry | None:
        """The entry of the best match of `key` at `cutoff` (names recur from article to
        article: each is matched once while the table lives)."""
        if (key, cutoff) in self._best:
            return self._best[(key, cutoff)]
        found = process.extractOne(key, self.keys(len(key), cutoff), scorer=fuzz.ratio,
                                   score_cutoff=cutoff)
        if len(self._best) >= 50_000:
            self._best.clear()
        entry = self._best[(key, cutoff)] = self.choices[found[0]] if found else None
        return entry

    def keys(self, length: int, cutoff: int) -> list[str]:
        out = self._lists.get((length, cutoff))
        if out is None:
            out = self._lists[(length, cutoff)] = [
                name for name in self.names
                if 200 * min(length, len(name)) >= (cutoff - 0.01) * (length + len(name))]
        return out


def _people_context(doc: Doc, gaz: Gazetteer, found: list[Found],
                    orgs: dict[int, Span]) -> None:
    """Titles, affiliations and countries for people."""
    for item in found:
        if item.entry.kind == "org" and item.entry.type == "state" and \
                len(item.entry.code) == 3:
            # A dictionary codes a leader by the state ("ROMENDACIL [BRE]"): with a title
            # before the name ("Bree President Romendacil") the name is that official's.
            before, country = _title_before(doc[item.token_start:item.token_end], doc, gaz)
            role = next((gaz.roles[w] for w in (before or "").lower().split()
                         if w in gaz.roles), None)
            if country == item.entry.code and role:
                item.title = before
                item.entry = replace(item.entry, kind="person", type="person",
                                     role=role, code=country + role)
            continue
        if item.entry.type != "person":
            continue
        person = doc[item.token_start:item.token_end]
        title, affiliation = _affiliation(person, doc, orgs)
        before, country = _title_before(person, doc, gaz)
        item.title = title or before
        item.affiliation = affiliation
        entry = item.entry
        if not country and title:
            country = _country_in(title, gaz, topic=any(
                gaz.non_actors.has("topic", w) for w in title.split()))
        if not entry.code and (country or affiliation):
            known_org = gaz.fuzzy_orgs.get(fold(affiliation)) if affiliation else None
            place = country or (known_org.country if known_org else None)
            role = None
            for word in (item.title or before or "").lower().split():
                role = role or gaz.roles.get(word)
            if not country and known_org is not None:
                role = role or known_org.role  # Chatham House's expert: GBREDU, not GBR
            if place and len(place) > 3:  # an organisation's official
                item.entry = replace(entry, code=place, role=role)
            elif place:
                item.entry = replace(entry, country=place, role=role,
                                     code=place + (role or ""))


def _country_in(phrase: str, gaz: Gazetteer, topic: bool = False) -> str | None:
    """The state or organisation a title names: "UN secretary-general" → IGOUNO. In the
    title of an expert (`topic`), a state named after "on", "about" … or by its name is the
    subject ("expert on North Korea", "a North Korea analyst"); a nationality before the
    noun stays ("a Russian historian")."""
    words = phrase.replace("'s", " 's").replace("-", " - ").split()
    if topic:
        cut = next((n for n, w in enumerate(words)
                    if gaz.non_actors.has("topic_preposition", w)), len(words))
        words = words[:cut]
    for length in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - length + 1):
            for surface, entry in gaz.phrases.get(tuple(w.lower() for w in words[i:i + length]),
                                                  []):
                if surface[:1].isupper() != words[i][:1].isupper():
                    continue
                if topic and entry.kind != "demonym":
                    continue
                if entry.kind in ("country", "demonym", "capital", "seat") and entry.country:
                    return entry.country
                if entry.kind == "org" and entry.code.startswith(("IGO", "NGO")):
                    return entry.code
    return None


def _coreference(doc: Doc, gaz: Gazetteer, found: list[Found], covered: set[int]) -> None:
    """Surnames, person pronouns and "the regime"/"the country" back to their actors."""
    people: dict[str, Found] = {}
    for item in sorted(found, key=lambda f: f.start):
        words = item.entry.name.split()
        if item.entry.type == "person" and len(words) > 1:
            people.setdefault(words[-1].lower(), item)
            if item.entry.country in FAMILY_NAME_FIRST:
                people.setdefault(words[0].lower(), item)
    # Single-token people ("Gabuev") and surnames spaCy did not tag or tagged as something
    # else ("Lindqvist said …" as an organisation).
    for item in found:
        single = len(item.entry.name.split()) == 1 and not item.entry.code
        if single and item.entry.type in ("organization", "unknown") and \
                item.entry.name.lower() in people and item.start > people[
                    item.entry.name.lower()].start:
            named = people[item.entry.name.lower()]
            item.entry, item.title, item.affiliation = named.entry, named.title, \
                named.affiliation
            continue
        earlier = people.get(item.entry.name.lower()) if single else None
        if item.entry.type == "person" and earlier is not None:
            item.entry = earlier.entry
            item.title = item.title or earlier.title
            item.affiliation = item.affiliation or earlier.affiliation
    strings = TokenStrings.of(doc)
    for token in (doc[i] for i, pos in enumerate(strings.pos)
                  if pos in ("PROPN", "NOUN") and i not in covered):
        # a surname the tagger took for a common noun at a sentence's start ("Fields said")
        if not (token.pos_ == "PROPN" or (
                token.pos_ == "NOUN" and token.is_title and token.i == token.sent.start)):
            continue
        full = people.get(token.lower_)
        if full is not None and token.idx > full.start:
            found.append(Found(token.idx, token.idx + len(token.text), full.entry,
                               token.i, token.i + 1))
            covered.add(token.i)

    ordered = sorted(found, key=lambda f: f.start)
    starts = [sent.start_char for sent in doc.sents]
    persons = [f for f in ordered if f.entry.type == "person"]
    # Anything tied to a state counts towards its salience: "the RSF" speaks for Sudan.
    states = [f for f in ordered if f.entry.country and len(f.entry.country) == 3]
    inside_quotes = quote_spans(doc_text(doc))
    for token in (doc[i] for i, lower in enumerate(strings.lower)
                  if lower in PERSON_PRONOUNS or lower in STATE_ANAPHORS):
        lower = token.lower_
        if lower in PERSON_PRONOUNS and token.pos_ == "PRON" and not any(
                a <= token.idx < b for a, b in inside_quotes):
            # Inside a quotation "his" is rarely the speaker and often someone named far
            # away: it stays unresolved rather than guessed.
            antecedent = _reporting_subject(token, persons) or _last_speaker(
                token, persons, starts) or _previous_subject(token, persons) or \
                _last_before(persons, token.idx, starts, sentences=2)
            if antecedent is not None:
                found.append(Found(token.idx, token.idx + len(token.text), antecedent.entry,
                                   token.i, token.i + 1))
        elif lower in STATE_ANAPHORS and token.i > 0 and doc[token.i - 1].lower_ == "the" \
                and token.i not in covered and token.pos_ == "NOUN":
            antecedent = _salient_before(states, token.idx, starts, sentences=6)
            if antecedent is not None and antecedent.entry.country:
                role = STATE_ANAPHORS[lower]
                entry = gaz.role_actor(antecedent.entry.country, role) if role else \
                    gaz.countries[antecedent.entry.country]
                start = doc[token.i - 1]
                found.append(Found(start.idx, token.idx + len(token.text), entry,
                                   token.i - 1, token.i + 1))


def _reporting_subject(pronoun: Token, persons: list[Found]) -> Found | None:
    """The person subject of the verb whose complement holds the pronoun: "Assad told
    Charlie Rose that there is no evidence he mounted the attack" — Assad, not the last
    person named."""
    token = pronoun
    for _ in range(6):
        if token.head.i == token.i:
            return None
        if token.dep_ == "ccomp":
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            if subject is None or subject.i > pronoun.i:
                return None
            return next((f for f in persons if f.start <= subject.idx < f.end), None)
        token = token.head
    return None


def _previous_subject(pronoun: Token, persons: list[Found]) -> Found | None:
    """For a pronoun that opens its sentence as the subject, the person who was the subject
    of the sentence before: "Peña Nieto has compared Trump to Hitler and Mussolini. He told
    CNN …" — Peña Nieto, not Mussolini, named last."""
    sentence = pronoun.sent
    if pronoun.dep_ != "nsubj" or pronoun.i > sentence.start + 1 or sentence.start == 0:
        return None
    before = pronoun.doc[sentence.start - 1].sent
    subject = next((c for c in before.root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    # the person the subject names, or the first one named in it ("Interim president Adly
    # Mansour", whose head word is "president")
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
    inside = [f for f in persons if start <= f.start and f.end <= end]
    return next((f for f in inside if f.start <= subject.idx < f.end),
                inside[0] if inside else None)


def _speaks(token: Token) -> bool:
    """A subject of a verb of speech ("she said"), or a word in one ("U.S. ambassador to
    the United Nations Nikki Haley said")."""
    for _ in range(8):
        if token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX"):
            return cue_lexicon().get(token.head.lemma_.lower()) == "speech"
        if token.head.i == token.i or token.head.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return False


def _last_speaker(pronoun: Token, persons: list[Found], starts: list[int]) -> Found | None:
    """For a pronoun that speaks, the last person who spoke in the two sentences before:
    "Ambassador Nikki Haley said the Trump administration was ready. … she told the
    council" — Haley, not Trump, named last."""
    if not _speaks(pronoun):
        return None
    doc = pronoun.doc
    speakers = [f for f in _window(persons, pronoun.idx, starts, 2)
                if f.token_end > f.token_start and _speaks(doc[f.token_end - 1])]
    return speakers[-1] if speakers else None


def _salient_before(items: list[Found], offset: int, starts: list[int],
                    sentences: int) -> Found | None:
    """The state named most often in the last few sentences (ties: the latest named).

    "the army" after "… El Fasher … Sudan's civilians … Nairobi" is Sudan's army, not Kenya's.
    """
    recent = _window(items, offset, starts, sentences)
    if not recent:
        return None
    counts: dict[str, int] = {}
    for item in recent:
        counts[item.entry.country or ""] = counts.get(item.entry.country or "", 0) + 1
    best = max(recent, key=lambda f: (counts[f.entry.country or ""], f.start))
    return best


def _window(items: list[Found], offset: int, starts: list[int], sentences: int) -> list[Found]:
    """Items in the `sentences` sentences up to `offset` (sentence starts given, sorted)."""
    current = max(bisect_right(starts, offset) - 1, 0)
    earliest = starts[max(0, current - sentences + 1)] if starts else 0
    return [item for item in items if earliest <= item.start < offset]


def _last_before(items: list[Found], offset: int, starts: list[int],
                 sentences: int) -> Found | None:
    recent = _window(items, offset, starts, sentences)
    return recent[-1] if recent else None


# -- actors --------------------------------------------------------------------------------

def _group(found: Iterable[Found], text: str) -> list[Actor]:
    actors: dict[str, dict] = {}
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        entry = item.entry
        actor_id = _actor_id(entry)
        record = actors.setdefault(actor_id, {
            "entry": entry, "mentions": {}, "title": None, "affiliation": None,
        })
        record["title"] = record["title"] or item.title
        record["affiliation"] = record["affiliation"] or item.affiliation
        if record["entry"].code == "" and entry.code:
            record["entry"] = entry
        record["mentions"][(item.start, item.end)] = Mention(item.start, item.end,
                                                             text[item.start:item.end])
    out = []
    for actor_id, record in actors.items():
        chosen: Entry = record["entry"]
        out.append(Actor(
            id=actor_id, name=chosen.name, type=chosen.type, code=chosen.code or None,
            country=chosen.country if chosen.country and len(chosen.country) == 3 else None,
            role=chosen.role, title=record["title"] or chosen.title,
            affiliation=record["affiliation"],
            mentions=tuple(sorted(record["mentions"].values(), key=lambda m: (m.start, m.end))),
        ))
    return out


def _actor_id(entry: Entry) -> str:
    if entry.kind in ("country", "capital", "seat", "demonym", "region") and entry.code:
        return entry.code
    if entry.type == "person":
        return slug(entry.name)
    if entry.type == "unknown":
        return "unknown:" + slug(entry.name)
    return slug(entry.name)
