"""Exports with places: GDELT's geography columns from an event's place, and the ACLED
export (event types mapped from CAMEO/PLOVER, inter codes, precision, the CSV file)."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

from sitroom.export import (
    ACLED_COLUMNS,
    GDELT_COLUMNS,
    AcledMention,
    AcledSide,
    acled_kind,
    acled_row,
    actor_inter,
    gdelt_geo,
    merge_acled,
    write_events,
)
from sitroom.records import Place

KUNDUZ = Place("Kunduz", None, "AFG", "Kunduz", 36.7286, 68.8681, "city", "1135689", "clause")
ARMY = AcledSide("Afghan army", "AFG", 1)
TALIBAN = AcledSide("Taliban", "AFG", 2)
VILLAGERS = AcledSide("villagers", "AFG", 7)
STUDENTS = AcledSide("students", "AFG", 7)
NOBODY = AcledSide()


@pytest.mark.parametrize(("cameo", "plover", "source", "target", "killed", "expected"), [
    ("141", "PROTEST", STUDENTS, NOBODY, None, ("Protests", "Peaceful protest")),
    ("1433", "PROTEST", STUDENTS, ARMY, None, ("Protests", "Peaceful protest")),
    ("145", "PROTEST", STUDENTS, NOBODY, None, ("Riots", "Violent demonstration")),
    ("145", "PROTEST", STUDENTS, VILLAGERS, None, ("Riots", "Mob violence")),
    ("1823", "ASSAULT", TALIBAN, VILLAGERS, 4, ("Violence against civilians", "Attack")),
    ("1823", "ASSAULT", TALIBAN, ARMY, 12, ("Battles", "Armed clash")),
    ("193", "ASSAULT", TALIBAN, ARMY, 12, ("Battles", "Armed clash")),
    ("193", "ASSAULT", ARMY, VILLAGERS, 3, ("Violence against civilians", "Attack")),
    ("181", "ASSAULT", TALIBAN, VILLAGERS, None,
     ("Violence against civilians", "Abduction/forced disappearance")),
    ("195", "ASSAULT", ARMY, TALIBAN, 5, ("Explosions/Remote violence", "Air/drone strike")),
    ("1831", "ASSAULT", TALIBAN, VILLAGERS, 9, ("Explosions/Remote violence", "Suicide bomb")),
    ("173", "COERCE", ARMY, STUDENTS, None, ("Strategic developments", "Arrests")),
    ("175", "ASSAULT", ARMY, STUDENTS, 2,
     ("Protests", "Excessive force against protesters")),
    ("175", "ASSAULT", ARMY, STUDENTS, None, ("Protests", "Protest with intervention")),
    ("192", "COERCE", ARMY, TALIBAN, None, ("Battles", "Government regains territory")),
    ("192", "COERCE", TALIBAN, ARMY, None, ("Battles", "Non-state actor overtakes territory")),
    ("0871", "RETREAT", TALIBAN, ARMY, None, ("Strategic developments", "Agreement")),
    ("X14", "PROTEST", STUDENTS, NOBODY, None, ("Protests", "Peaceful protest")),
    ("193", "ASSAULT", VILLAGERS, AcledSide("US embassy", "USA", 8), None,
     ("Riots", "Violent demonstration")),
    ("1823", "ASSAULT", VILLAGERS, STUDENTS, 1, ("Riots", "Mob violence")),
])
def test_export_acled_kind_from_cameo(cameo, plover, source, target, killed, expected):
    kind = acled_kind(cameo, plover, source, target, killed)
    assert kind is not None and (kind.event_type, kind.sub_event_type) == expected


@pytest.mark.parametrize(("cameo", "plover", "source"), [
    ("042", "CONSULT", ARMY), ("130", "THREATEN", ARMY), ("1724", "COERCE", ARMY),
    ("201", "ASSAULT", ARMY), ("111", "ACCUSE", ARMY), ("151", "MOBILIZE", ARMY),
    ("141", "PROTEST", AcledSide("China", "CHN", 1, bare_state=True)),
])
def test_export_acled_kind_none_for_what_acled_does_not_record(cameo, plover, source):
    assert acled_kind(cameo, plover, source, TALIBAN) is None


@pytest.mark.parametrize(("code", "country", "where", "inter"), [
    ("AFGMIL", "AFG", "AFG", 1),
    ("AFG", "AFG", "AFG", 1),
    ("RUSMIL", "RUS", "UKR", 8),
    ("AFGREB", "AFG", "AFG", 2),
    ("UKRCVL", "UKR", "UKR", 7),
    ("AFGMED", "AFG", "AFG", 7),
    ("IGOUNO", "", "SSD", 8),
    ("AFGXYZ", "AFG", "AFG", None),
    ("IMGMOSREB", "", "SYR", 2),
    ("USAGOVMIL", "USA", "USA", 1),
    ("", "", "AFG", None),
])
def test_export_actor_inter_from_role(code, country, where, inter):
    assert actor_inter(code, country, where) == inter


@pytest.mark.parametrize(("place", "kind", "full_name", "country"), [
    (KUNDUZ, "4", "Kunduz, Kunduz, Afghanistan", "AF"),
    (Place("Kunduz", None, "AFG", "Kunduz", 36.7, 68.9, "admin1", "AF-KDZ"), "5",
     "Kunduz, Afghanistan", "AF"),
    (Place("Germany", None, "DEU", None, 51.5, 10.5, "country", "DEU"), "1", "Germany", "GM"),
    (Place("Austin", None, "USA", "Texas", 30.27, -97.74, "city", "4671654"), "3",
     "Austin, Texas, United States", "US"),
    (Place("Texas", None, "USA", "Texas", 31.25, -99.25, "admin1", "US-TX"), "2",
     "Texas, United States", "US"),
    (Place("Seoul", None, "KOR", "Seoul", 37.57, 126.98, "city", "1835848"), "4",
     "Seoul, Seoul, South Korea", "KS"),
])
def test_export_gdelt_geo_type_name_and_fips(place, kind, full_name, country):
    columns = gdelt_geo("ActionGeo_", place)
    assert (columns["ActionGeo_Type"], columns["ActionGeo_FullName"],
            columns["ActionGeo_CountryCode"]) == (kind, full_name, country)


def test_export_gdelt_geo_coordinates_and_feature():
    columns = gdelt_geo("ActionGeo_", KUNDUZ)
    assert (columns["ActionGeo_Lat"], columns["ActionGeo_Long"]) == ("36.7286", "68.8681")
    assert columns["ActionGeo_FeatureID"] == "1135689"
    assert columns["ActionGeo_ADM1Code"] == "AF24"
    assert set(columns) == {c for c in GDELT_COLUMNS if c.startswith("ActionGeo_")} - {
        "ActionGeo_ADM2Code"}


def _stored(cameo="1823", plover="ASSAULT", place=KUNDUZ, **data):
    """A stored event row as Store.iter_events gives it: Taliban against villagers."""
    return {"id": 7, "article_id": "a", "date": "2024-10-14", "modality": "asserted",
            "source": "TAL", "source_name": "Taliban", "source_country": "AFG",
            "target": "AFGCVL", "target_name": "villagers", "target_country": "AFG",
            "cameo": cameo, "root": cameo[:2], "plover": plover, "outlet": "Wire",
            "ingested_at": None,
            "data": {"source_code": "AFGREB", "target_code": "AFGCVL",
                     "trigger": {"start": 0, "end": 6, "text": "killed"},
                     "place": place.to_dict() if place else None, "location": "AFG",
                     "date_precision": "day", "date_basis": "text", **data}}


def test_export_acled_row_attack_on_civilians():
    row = acled_row(_stored(fatalities=4), "Taliban fighters killed four villagers.")
    assert row is not None
    assert {k: row[k] for k in ("event_type", "actor1", "inter1", "actor2", "assoc_actor_2",
                                "inter2", "interaction", "civilian_targeting")} == {
        "event_type": "Violence against civilians", "actor1": "Taliban", "inter1": "2",
        "actor2": "Civilians (Afghanistan)", "assoc_actor_2": "villagers", "inter2": "7",
        "interaction": "27", "civilian_targeting": "Civilian targeting"}
    assert (row["country"], row["iso"], row["region"], row["admin1"], row["location"]) == \
        ("Afghanistan", "4", "South Asia", "Kunduz", "Kunduz")
    assert (row["geo_precision"], row["time_precision"], row["fatalities"], row["tags"]) == \
        ("1", "1", "4", "")
    assert row["notes"] == "Taliban fighters killed four villagers."
    assert row["event_id_cnty"] == "AFG7" and row["source"] == "Wire"


def test_export_acled_row_unknown_fatalities_written_as_zero_and_tagged():
    row = acled_row(_stored(), "Taliban fighters attacked villagers.")
    assert row is not None and (row["fatalities"], row["tags"]) == ("0", "fatalities=no report")


def test_export_acled_row_protesters_are_actor1_alone():
    stored = _stored("141", "PROTEST")
    row = acled_row(stored, "Students protested.")
    assert row is not None
    assert (row["actor1"], row["assoc_actor_1"], row["inter1"], row["actor2"],
            row["interaction"]) == ("Protesters (Afghanistan)", "Taliban", "6", "", "60")


@pytest.mark.parametrize(("precision", "basis", "expected"), [
    ("day", "text", "1"), ("week", "text", "2"), ("month", "text", "3"),
    ("day", "published", "2"),
])
def test_export_acled_time_precision(precision, basis, expected):
    row = acled_row(_stored(date_precision=precision, date_basis=basis), "")
    assert row is not None and row["time_precision"] == expected


def test_export_acled_leaves_out_an_event_known_only_to_the_year():
    assert acled_row(_stored(date_precision="year"), "") is None


@pytest.mark.parametrize(("precision", "expected"), [("city", "1"), ("admin1", "3"),
                                                     ("country", "3")])
def test_export_acled_geo_precision(precision, expected):
    row = acled_row(_stored(place=dataclasses.replace(KUNDUZ, precision=precision)), "")
    assert row is not None and row["geo_precision"] == expected


@pytest.mark.parametrize(("trigger", "written"), [
    ("war", False), ("War", False), ("campaign", False), ("conflict", False),
    ("clashes", True), ("fighting", True),
])
def test_export_acled_leaves_out_an_ongoing_conflict(trigger, written):
    stored = _stored("190", trigger={"start": 0, "end": len(trigger), "text": trigger})
    assert (acled_row(stored, "") is not None) == written


@pytest.mark.parametrize("modality", ["hypothetical", "negated", "future"])
def test_export_acled_leaves_out_what_did_not_happen(modality):
    assert acled_row({**_stored(), "modality": modality}, "") is None


def test_export_acled_columns_in_acled_order():
    assert len(ACLED_COLUMNS) == 31
    assert ACLED_COLUMNS[:7] == ("event_id_cnty", "event_date", "year", "time_precision",
                                 "disorder_type", "event_type", "sub_event_type")
    assert ACLED_COLUMNS[-4:] == ("notes", "fatalities", "tags", "timestamp")


def _mention(event_id, outlet, killed, **changes):
    row = acled_row(_stored(fatalities=killed), "Taliban fighters killed villagers.")
    assert row is not None
    return AcledMention(event_id, killed, {**row, "source": outlet, **changes})


def test_export_acled_mentions_of_one_event_merge():
    [row] = merge_acled([_mention(1, "Wire", None), _mention(2, "Daily", 5),
                         _mention(3, "Wire", 7)])
    assert (row["source"], row["fatalities"], row["tags"]) == \
        ("Wire; Daily", "5", "sitroom events=1 2 3")


@pytest.mark.parametrize("changes", [{"location": "Kabul"}, {"event_date": "2024-10-15"},
                                     {"actor1": "Afghan army"}])
def test_export_acled_other_events_stay_apart(changes):
    rows = merge_acled([_mention(1, "Wire", None), _mention(2, "Daily", None, **changes)])
    assert len(rows) == 2 and all(r["tags"] == "fatalities=no report; sitroom events=" +
                                  str(n) for n, r in enumerate(rows, 1))


TEXT = ("Taliban fighters attacked a village in Kunduz province on Monday, killing four "
        "villagers, officials said. Hundreds of students protested in Kabul on Tuesday.")


@pytest.fixture
def stored_analysis(store):
    """TEXT analysed and stored, its events given a place and a count as the geo and
    counts stages will give them."""
    from sitroom.pipeline import analyze_text

    analysis = analyze_text(TEXT, article_id="kunduz", source="Wire", published="2024-10-18")
    events = tuple(dataclasses.replace(e, place=KUNDUZ, fatalities=4 if e.root == "18" else
                                       None) for e in analysis.events)
    analysis = dataclasses.replace(analysis, events=events)
    store.write(store.plan([analysis.article], analyse=True), [analysis])
    return store, analysis


def test_export_acled_round_trip_through_a_store(stored_analysis):
    store, analysis = stored_analysis
    out = io.StringIO()
    count = write_events(store, "acled", out, min_confidence=0)
    assert out.getvalue().splitlines()[0] == ",".join(ACLED_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) >= 1
    for row in rows:
        assert (row["latitude"], row["longitude"], row["location"]) == \
            ("36.7286", "68.8681", "Kunduz")
        assert row["notes"] in TEXT and row["source"] == "Wire"


def test_export_gdelt_round_trip_fills_action_geo(stored_analysis):
    store, analysis = stored_analysis
    out = io.StringIO()
    assert write_events(store, "gdelt", out, min_confidence=0) == len(analysis.events) >= 1
    for line in out.getvalue().splitlines():
        row = dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
        assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_Lat"]) == \
            ("4", "Kunduz, Kunduz, Afghanistan", "36.7286")



def test_export_csv_carries_place_and_counts(stored_analysis):
    store, analysis = stored_analysis
    out = io.StringIO()
    write_events(store, "csv", out, min_confidence=0)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and all((r["place"], r["place_country"], r["lat"], r["place_precision"]) ==
                        ("Kunduz", "AFG", "36.7286", "city") for r in rows)
    killed = {r["fatalities"] for r in rows if r["root"] == "18"}
    assert killed <= {"4"}
