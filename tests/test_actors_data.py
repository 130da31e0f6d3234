"""The actor dictionary is data written by the project: it is tested like code."""

from __future__ import annotations

import re
from importlib import resources

import pycountry
import pytest

from sitroom.actors.gazetteer import ISO_OVERRIDES, ROLE_NAMES, _rows, load

CAMEO_ROLES = set(ROLE_NAMES) | {"NGO", "IGO"}


def test_actors_data_every_iso_state_is_in_the_dictionary():
    gaz = load()
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in gaz.countries]
    assert missing == []


def test_actors_data_country_rows_use_real_codes_once():
    codes = [row[0] for row in _rows("countries.tsv")]
    valid = {c.alpha_3 for c in pycountry.countries} | set(ISO_OVERRIDES)
    assert [c for c in codes if c not in valid] == []
    assert len(codes) == len(set(codes))
    assert len(codes) >= 193  # every UN member state has names, demonyms and capitals


def test_actors_data_people_rows_are_well_formed():
    date = re.compile(r"^(\d{4})(-\d{2})?(-\d{2})?$")
    seen: dict[str, str] = {}
    for row in _rows("people.tsv"):
        names, where, role, title, start, end = row[:6]
        canonical = names.split("|")[0]
        assert names and title, row
        assert len(where) == 3 or where.startswith(("IGO", "NGO", "IMG")), row
        assert role in CAMEO_ROLES, row
        for value in (start, end):
            assert not value or date.match(value), row
        if start and end:
            assert start <= end, row
        for name in names.split("|"):
            owner = seen.setdefault(name.lower(), canonical)
            assert owner == canonical, f"{name} names {owner} and {canonical}"


def test_actors_data_organisations_and_seats_have_cameo_codes():
    for row in _rows("organizations.tsv"):
        code, kind = row[0], row[1]
        assert kind in ("igo", "ngo", "group", "organization"), row
        assert re.fullmatch(r"[A-Z][A-Z0-9]{2,11}", code), row
    for row in _rows("seats.tsv"):
        assert row[1][:3] in load().countries and row[1][3:] in CAMEO_ROLES, row


def test_actors_data_role_nouns_map_to_cameo_sectors():
    for row in _rows("roles.tsv"):
        assert row[1] in CAMEO_ROLES, row


@pytest.mark.parametrize(("phrase", "code"), [
    ("North Korea", "PRK"), ("Pyongyang", "PRK"), ("DPRK", "PRK"), ("South Koreans", "KOR"),
    ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Moscow", "RUS"), ("Kremlin", "RUSGOV"),
    ("White House", "USAGOV"), ("Pentagon", "USAMIL"), ("Beijing", "CHN"), ("Tokyo", "JPN"),
    ("Brussels", "IGOEUREEC"), ("UN Security Council", "IGOUNO"), ("NATO", "IGOWSTNAT"),
    ("Kim Jong Un", "PRKGOV"), ("Kim Jong-un", "PRKGOV"), ("Zelensky", "UKRGOV"),
    ("Côte d'Ivoire", "CIV"), ("Türkiye", "TUR"),
])
def test_actors_data_phrases_resolve(phrase, code):
    import spacy

    tokens = tuple(t.lower_ for t in spacy.blank("en").tokenizer(phrase))
    entries = [entry for _surface, entry in load().phrases.get(tokens, [])]
    assert entries and entries[0].code == code


def test_actors_data_files_ship_with_the_package():
    names = {p.name for p in resources.files("sitroom.data").iterdir()}
    assert {"countries.tsv", "people.tsv", "organizations.tsv", "roles.tsv", "seats.tsv",
            "regions.tsv"} <= names


def test_actors_data_non_actor_kinds_are_the_ones_the_resolver_reads():
    from sitroom.actors.gazetteer import load_non_actors

    non = load_non_actors()
    assert set(non.words) == {"outlet", "platform", "concept", "suffix", "office", "topic",
                              "topic_preposition", "region", "place_preposition",
                              "party_noun", "direction"}
    assert non.acts["region"] and non.acts["outlet"] == {"nsubj"}
    assert not non.acts["concept"]


def test_actors_data_no_listed_organisation_is_a_non_actor():
    # state media (KCNA, Xinhua) and think tanks are organisations with codes: a name in both
    # tables would be an actor in one and dropped by the other
    from sitroom.actors.gazetteer import fold, load_non_actors

    non = load_non_actors()
    both = [name for row in _rows("organizations.tsv") for name in row[4].split("|")
            if name and fold(name) in non.names]
    assert both == []


def test_actors_gazetteer_prefixes_follow_the_phrases_added():
    from sitroom.actors.gazetteer import Entry, Gazetteer

    gaz = Gazetteer()
    gaz.add(("New", "York", "City"), "New York City", Entry("org", "USA", "New York City", "state"))
    assert gaz.prefixes() == {("new",), ("new", "york"), ("new", "york", "city")}
    gaz.add(("Gaza",), "Gaza", Entry("org", "PSE", "Gaza", "state"))
    assert ("gaza",) in gaz.prefixes() and ("york",) not in gaz.prefixes()


def test_actors_gazetteer_first_words_follow_the_phrases_added():
    from sitroom.actors.gazetteer import Entry, Gazetteer

    gaz = Gazetteer()
    gaz.add(("New", "York", "City"), "New York City", Entry("org", "USA", "New York City", "state"))
    assert gaz.first_words() == {"new"}
    gaz.add(("Gaza",), "Gaza", Entry("org", "PSE", "Gaza", "state"))
    assert gaz.first_words() == {"new", "gaza"}
