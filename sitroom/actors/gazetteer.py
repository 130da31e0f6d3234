"""The actor dictionary: states, capitals, seats of government, regions, organisations, people
and role nouns, loaded from the data files in `sitroom/data` (written by the project) plus
pycountry's names for every ISO 3166 state.

Lookups are by tuples of lower-cased spaCy tokens, so a pattern matches exactly where the
tokenizer would split the article text. Abbreviations and one-word names are case-sensitive
("US" is not "us", "Chad" the state is capitalised), longer names are not (headlines in
capitals still match).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from ..tables import data_rows

ISO_OVERRIDES = {"XKX": "Kosovo"}  # user-assigned code used by the EU, the IMF and GDELT
# Surnames that are too common to stand alone for one person (East Asian and South Asian
# family names shared by many people in the news).
COMMON_SURNAMES = frozenset(
    "kim lee li wang park cho choi jung zhang liu chen yang khan singh ali ahmed hassan "
    "mohammed nguyen tran han ahn shin yoon moon kang song".split()
)
ROLE_NAMES = {
    "GOV": "government", "MIL": "military", "SPY": "intelligence", "COP": "police",
    "REB": "rebels", "OPP": "opposition", "LEG": "legislature", "JUD": "judiciary",
    "MED": "media", "BUS": "business", "CVL": "civilians", "LAB": "labour", "EDU": "education",
    "REF": "refugees", "HLH": "health", "AGR": "agriculture", "CRM": "criminals",
    "SEP": "separatists", "PTY": "party", "REL": "clergy",
}


@dataclass(frozen=True)
class Entry:
    """One thing a phrase can name."""

    kind: str  # country | demonym | capital | seat | region | org | person
    code: str  # CAMEO code: PRK, PRKGOV, IGOUNO, …
    name: str  # canonical name
    type: str  # contract actor type
    country: str | None = None
    role: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None

    @property
    def id(self) -> str:
        if self.kind in ("person", "org"):
            return slug(self.name)
        return self.code


# Kinds of non_actors.tsv whose rows list names (the others list words of a rule).
NAMED_KINDS = ("outlet", "platform", "concept")


@dataclass
class NonActors:
    """Names that are not actors, or are actors only where they act, and the word lists of
    the rules that keep titles, places and topics from becoming actors (non_actors.tsv)."""

    names: dict[str, str] = field(default_factory=dict)  # folded name → kind
    acts: dict[str, frozenset[str]] = field(default_factory=dict)  # kind → dependency labels
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # kind → folded words

    def kind_of(self, name: str) -> str | None:
        """The kind of a listed name ("the Associated Press" → outlet), else None."""
        key = fold(name)
        return self.names.get(key) or self.names.get(key.removeprefix("the "))

    def has(self, kind: str, word: str) -> bool:
        return fold(word) in self.words.get(kind, frozenset())


def load_non_actors() -> NonActors:
    out = NonActors()
    for row in data_rows("non_actors.tsv", 3):
        kind, acts, names = row[0].strip(), row[1], [n for n in row[2].split("|") if n]
        out.acts[kind] = frozenset(a for a in acts.split("|") if a)
        out.words[kind] = out.words.get(kind, frozenset()) | {fold(n) for n in names}
        if kind in NAMED_KINDS:
            for name in names:
                out.names[fold(name)] = kind
    return out


@dataclass
class Gazetteer:
    phrases: dict[tuple[str, ...], list[tuple[str, Entry]]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # country code → adjective
    people: list[Entry] = field(default_factory=list)
    terms: dict[str, list[Entry]] = field(default_factory=dict)  # canonical name → terms
    fuzzy_places: dict[str, Entry] = field(default_factory=dict)
    fuzzy_people: dict[str, Entry] = field(default_factory=dict)
    fuzzy_orgs: dict[str, Entry] = field(default_factory=dict)
    max_len: int = 1
    non_actors: NonActors = field(default_factory=NonActors)
    # every beginning of a key of `phrases`, made by `prefixes` for the keys there were then
    _prefixes: tuple[int, frozenset[tuple[str, ...]]] = field(
        default=(0, frozenset()), repr=False, compare=False)
    _firsts: tuple[frozenset[tuple[str, ...]], frozenset[str]] = field(
        default=(frozenset(), frozenset()), repr=False, compare=False)

    def prefixes(self) -> frozenset[tuple[str, ...]]:
        """Every beginning of a phrase (its first word, its first two words, …): no phrase
        starts with words that are not one of these. Keys are only ever added to
        `phrases`, so their number says whether the set is still right."""
        if self._prefixes[0] != len(self.phrases):
            self._prefixes = (len(self.phrases), frozenset(
                key[:n] for key in self.phrases for n in range(1, len(key) + 1)))
        return self._prefixes[1]

    def first_words(self) -> frozenset[str]:
        """The words a phrase may start with (`prefixes` of one word)."""
        prefixes = self.prefixes()
        if self._firsts[0] is not prefixes:
            self._firsts = (prefixes, frozenset(key[0] for key in prefixes if len(key) == 1))
        return self._firsts[1]

    def add(self, tokens: tuple[str, ...], surface: str, entry: Entry) -> None:
        if not tokens:
            return
        bucket = self.phrases.setdefault(tuple(t.lower() for t in tokens), [])
        if all(existing != entry for _, existing in bucket):
            bucket.append((surface, entry))
        self.max_len = max(self.max_len, len(tokens))

    def country(self, code: str | None) -> Entry | None:
        return self.countries.get(code or "")

    def extended(self, actors: Iterable[tuple[list[str], list[tuple[str, str | None,
                                                                    str | None]]]],
                 roles: dict[str, str] | None = None) -> Gazetteer:
        """A copy with more actors — (names, [(code, start, end), …]); several dated codes
        are terms, as for people — and more role nouns (word → sector code)."""
        import spacy

        tokenizer = spacy.blank("en").tokenizer
        out = Gazetteer(
            phrases={k: list(v) for k, v in self.phrases.items()}, roles=dict(self.roles),
            countries=dict(self.countries), demonyms=dict(self.demonyms),
            people=list(self.people), terms={k: list(v) for k, v in self.terms.items()},
            fuzzy_places=dict(self.fuzzy_places), fuzzy_people=dict(self.fuzzy_people),
            fuzzy_orgs=dict(self.fuzzy_orgs), max_len=self.max_len,
            non_actors=self.non_actors)
        out.roles.update(roles or {})
        for names, codes in actors:
            if not names or not codes:
                continue
            # Dictionaries in capitals: "ARNOR" is Arnor, a short single word stays an acronym.
            names = [n if (n.isupper() and len(n) <= 3 and " " not in n) else n.title()
                     for n in names]
            name = names[0]
            dated = len(codes) > 1 or any(start or end for _, start, end in codes)
            # a bare three-letter code is a state, as in CAMEO: "the Arnor government" is
            # coded ARNGOV like "the Kenya government"
            # several codes in one ("FRO/BIL/SAM") name a group: its members act together
            entries = [Entry("org", code, name, "group") if "/" in code else
                       Entry("person" if dated else "org", code, name,
                             "person" if dated else "state" if len(code) == 3 else
                             "organization", code[:3], code[3:6] or None, None, start, end)
                       for code, start, end in codes]
            if dated:
                out.terms[name] = entries
            for surface in names:
                tokens = tuple(t.text for t in tokenizer(surface))
                out.phrases[tuple(t.lower() for t in tokens)] = [(surface, entries[0])]
                out.max_len = max(out.max_len, len(tokens))
        return out

    def role_actor(self, country: str, role: str | None) -> Entry:
        """The entry for a state's sector: PRK + MIL → PRKMIL, 'North Korean military'."""
        base = self.countries.get(country)
        if base is None:
            return Entry("country", country + (role or ""), country, "unknown", country, role)
        if not role:
            return base
        adjective = self.demonyms.get(country, base.name)
        return Entry("country", country + role, f"{adjective} {ROLE_NAMES.get(role, role)}",
                     base.type, base.country, role)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


# Hyphens, dots and apostrophes, which `fold` reads as spaces.
_AS_SPACE = str.maketrans(dict.fromkeys("-‐.’'`", " "))


def fold(text: str) -> str:
    """Lower case, accents off, hyphens and dots as spaces: for comparing name variants."""
    ascii_text = text if text.isascii() else \
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.lower().translate(_AS_SPACE).split())


def _rows(name: str) -> Iterable[list[str]]:
    return data_rows(name, 8)


def _plurals(demonym: str) -> list[str]:
    """"Serb" → "Serbs", "Iraqi" → "Iraqis"; "Chinese", "French", "Swiss" stay as they are."""
    if demonym.endswith(("ese", "ish", "ch", "ss", "sh", "s", "x", "z", ".")) or \
            demonym.isupper() or "-" in demonym[-4:]:
        return []
    return [demonym + "s"]


def build(tokenize) -> Gazetteer:  # type: ignore[no-untyped-def]
    """Load every data file; `tokenize(text)` splits a pattern as the article text is split."""
    gaz = Gazetteer(non_actors=load_non_actors())

    def add(surface: str, entry: Entry) -> None:
        gaz.add(tuple(tokenize(surface)), surface, entry)

    for row in _rows("roles.tsv"):
        gaz.roles[row[0].strip().lower()] = row[1].strip()

    listed = {row[0]: row for row in _rows("countries.tsv")}
    codes = {c.alpha_3: c for c in pycountry.countries}
    for code in sorted(set(codes) | set(listed)):
        listed_row = listed.get(code)
        iso = codes.get(code)
        names = [n for n in (listed_row[1].split("|") if listed_row else []) if n]
        if iso is not None:
            for attr in ("common_name", "name", "official_name"):
                value = getattr(iso, attr, None)
                if value and value not in names:
                    names.append(value)
        names = names or [ISO_OVERRIDES.get(code, code)]
        entry = Entry("country", code, names[0], "state", code)
        gaz.countries[code] = entry
        for name in names:
            add(name, entry)
            gaz.fuzzy_places.setdefault(fold(name), entry)
        if listed_row:
            demonyms = [d for d in listed_row[2].split("|") if d]
            if demonyms:
                gaz.demonyms[code] = demonyms[0]
            for demonym in demonyms:
                for form in [demonym, *_plurals(demonym)]:
                    add(form, Entry("demonym", code, entry.name, "state", code))
                    gaz.fuzzy_places.setdefault(fold(form), entry)
            for capital in (c for c in (listed_row[3] + "|" + listed_row[4]).split("|") if c):
                add(capital, Entry("capital", code, entry.name, "state", code))
                gaz.fuzzy_places.setdefault(fold(capital), entry)

    for row in _rows("seats.tsv"):
        phrase, code = row[0], row[1]
        base = gaz.countries[code[:3]]
        add(phrase, Entry("seat", code, gaz.role_actor(code[:3], code[3:] or None).name,
                          "state", base.country, code[3:] or None))

    for row in _rows("regions.tsv"):
        code = row[0]
        names = [n for n in row[1].split("|") if n]
        entry = Entry("region", code, names[0].removeprefix("the "), "group")
        for name in names:
            add(name, entry)
        for adjective in (a for a in row[2].split("|") if a):
            add(adjective, Entry("demonym", code, entry.name, "group"))

    for row in _rows("organizations.tsv"):
        code, kind, country, role, names = row[0], row[1], row[2] or None, row[3] or None, \
            [n for n in row[4].split("|") if n]
        entry = Entry("org", code, names[0], kind, country, role)
        for name in names:
            add(name, entry)
            gaz.fuzzy_orgs.setdefault(fold(name), entry)

    surnames: dict[str, list[Entry]] = {}
    family_first = {"PRK", "KOR", "CHN", "TWN", "HKG", "VNM", "KHM", "MAC"}
    for row in _rows("people.tsv"):
        names = [n for n in row[0].split("|") if n]
        where, role = row[1], row[2] or None
        country = where if len(where) == 3 else None
        code = where + (role or "") if country else where
        entry = Entry("person", code, names[0], "person", country, role, row[3] or None,
                      row[4] or None, row[5] or None)
        gaz.people.append(entry)
        gaz.terms.setdefault(entry.name, []).append(entry)
        if len(gaz.terms[entry.name]) > 1:
            continue  # a later term of someone listed: names and surname are known already
        for name in names:
            add(name, entry)
            gaz.fuzzy_people.setdefault(fold(name), entry)
        surname = names[0].split()[0 if country in family_first else -1]
        if entry not in surnames.get(surname, []):
            surnames.setdefault(surname, []).append(entry)
    for surname, entries in surnames.items():
        # A leader's surname alone names them when no one else in the dictionary shares it.
        if len(entries) == 1 and surname.lower() not in COMMON_SURNAMES and len(surname) > 3 \
                and surname.isalpha() and not surname.isupper() \
                and entries[0].country not in family_first:
            add(surname, entries[0])
    return gaz


def term_at(terms: list[Entry], day: str | None) -> Entry:
    """The term a person held on `day` (YYYY-MM-DD), titled "former …" after the last one
    ended; without a day, the latest term."""
    def starts(entry: Entry) -> str:
        return entry.start or ""

    ordered = sorted(terms, key=starts)
    if day is None:
        return ordered[-1]
    for entry in reversed(ordered):
        if starts(entry)[:len(day)] <= day and (not entry.end or day[:len(entry.end)] <=
                                                entry.end):
            return entry
    before = [e for e in ordered if starts(e)[:len(day)] <= day]
    if before and before[-1].end and before[-1].title:
        latest = before[-1]
        return Entry(latest.kind, latest.code, latest.name, latest.type, latest.country,
                     latest.role, f"former {latest.title}", latest.start, latest.end)
    return ordered[-1]


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer, tokenized as spaCy's English pipelines tokenize; built once per process,
    or read from the cache folder (`sitroom.cache`)."""
    from importlib.metadata import version

    from ..cache import cached

    return cached("actor_gazetteer", _build_with_spacy, version("spacy"), version("pycountry"))


def _build_with_spacy() -> Gazetteer:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return build(lambda text: [t.text for t in tokenizer(text)])
