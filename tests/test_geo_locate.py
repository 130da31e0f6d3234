"""Event places from the clause, the sentence, the dateline and the article (sitroom.geo)."""

from __future__ import annotations

import pytest

from sitroom.pipeline import analyze
from sitroom.records import Article, ArticleAnalysis, Event


def _run(nlp, text: str) -> ArticleAnalysis:  # type: ignore[no-untyped-def]
    return next(analyze([Article("t", text, published="2024-03-05")], nlp))


def _event(analysis: ArticleAnalysis, trigger: str) -> Event:
    return next(e for e in analysis.events if e.trigger.text == trigger)


@pytest.mark.parametrize(("text", "trigger", "name", "country", "precision"), [
    ("Taliban fighters attacked a police checkpoint in the northern province of Kunduz.",
     "attacked", "Kunduz", "AFG", "admin1"),
    ("Syrian troops shelled rebel positions near Aleppo on Monday.",
     "shelled", "Aleppo", "SYR", "city"),
    ("Israeli jets struck targets in Gaza overnight.", "struck", "Gaza", "PSE", "city"),
    ("Police arrested twelve protesters on the outskirts of Nairobi.",
     "arrested", "Nairobi", "KEN", "city"),
])
def test_geo_locate_place_from_clause(nlp, text: str, trigger: str, name: str,  # type: ignore[no-untyped-def]
                                      country: str, precision: str) -> None:
    place = _event(_run(nlp, text), trigger).place
    assert place is not None
    assert (place.name, place.country, place.precision, place.basis) == \
        (name, country, precision, "clause")
    assert place.span is not None and place.span.text is not None
    assert place.span.text in text


@pytest.mark.parametrize(("text", "trigger", "name"), [
    ("Officials in Kabul said the talks had failed.", "said", "Kabul"),
    ("The minister said at a news conference in London that the talks had failed.", "said",
     "London"),
    ("The prime minister said in Nairobi on Monday that the talks had failed.", "said",
     "Nairobi"),
])
def test_geo_locate_statement_takes_its_venue(nlp, text: str, trigger: str,  # type: ignore[no-untyped-def]
                                              name: str) -> None:
    place = _event(_run(nlp, text), trigger).place
    assert place is not None and (place.name, place.basis) == (name, "clause")


@pytest.mark.parametrize(("text", "trigger", "span"), [
    ("KABUL, Afghanistan (AP) — Taliban fighters attacked a police checkpoint on Tuesday.",
     "attacked", "KABUL"),
    ("BEIRUT (AP) — Lebanese soldiers arrested two men on Sunday.", "arrested", "BEIRUT"),
    ("SANAA , Yemen ( AP ) — Houthi rebels fired missiles at a ship on Monday.", "fired",
     "SANAA"),  # spaced as some feeds space it
])
def test_geo_locate_place_from_dateline(nlp, text: str, trigger: str, span: str) -> None:  # type: ignore[no-untyped-def]
    place = _event(_run(nlp, text), trigger).place
    assert place is not None and place.basis == "dateline"
    assert place.span is not None and place.span.text == span


@pytest.mark.parametrize(("text", "trigger"), [
    ("The minister criticised the new policy on Tuesday.", "criticised"),
    ("JERUSALEM (AP) — The prime minister criticised the new policy on Tuesday.",
     "criticised"),
    ("The army threatened to strike targets in Gaza.", "threatened"),
    ("Militants carried out an attack on the United States.", "carried"),
    ("Israeli soldiers arrested two Palestinians, the ambassador in Paris said.", "arrested"),
    ("The European Union imposed sanctions on Russia over Crimea.", "imposed"),
    ("Officials said they would meet again next week.", "meet"),
    ("Senators doubt that attacking Syria will weaken the regime.", "attacking"),
    ("The Syrian foreign minister warned the United States against unilateral strikes in "
     "Syria.", "strikes"),
])
def test_geo_locate_no_place_when_the_text_gives_none(nlp, text: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    assert _event(_run(nlp, text), trigger).place is None


@pytest.mark.parametrize(("text", "trigger"), [
    ("JERUSALEM (AP) — Israeli jets attacked a house on Tuesday. Medics in Gaza and Rafah"
     " counted the dead.", "attacked"),
])
def test_geo_locate_no_dateline_when_the_article_is_elsewhere(nlp, text: str,  # type: ignore[no-untyped-def]
                                                              trigger: str) -> None:
    place = _event(_run(nlp, text), trigger).place
    assert place is None or place.basis != "dateline"


def test_geo_locate_state_acting_on_its_own_people_acts_at_home(nlp) -> None:  # type: ignore[no-untyped-def]
    place = _event(_run(nlp, "Egypt arrested Egyptian journalists on Sunday."), "arrested").place
    assert place is not None and (place.country, place.precision) == ("EGY", "country")


def test_geo_locate_summit_named_for_its_capital_is_there(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Helsinki summit has alarmed some of Washington's allies."
    place = _event(_run(nlp, text), "summit").place
    assert place is not None and place.name == "Helsinki"


def test_geo_locate_authorized_strikes_keep_their_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "President Obama authorized targeted airstrikes in Iraq on Thursday."
    place = _event(_run(nlp, text), "airstrikes").place
    assert place is not None and place.country == "IRQ"


def test_geo_locate_fills_location_from_place(nlp) -> None:  # type: ignore[no-untyped-def]
    event = _event(_run(nlp, "Rebels attacked an army base near Goma."), "attacked")
    assert event.place is not None and event.location == event.place.country == "COD"


def _event_on(analysis: ArticleAnalysis, trigger: str, target: str) -> Event:
    return next(e for e in analysis.events
                if e.trigger.text == trigger and (e.target_code or "")[:3] == target)


@pytest.mark.parametrize(("text", "trigger"), [
    ("A senior militant was killed in a U.S. drone strike on Tuesday.", "killed"),
    ("A senior militant was killed in a U.S. drone strike on Tuesday.", "strike"),
])
def test_geo_locate_country_modifier_is_the_actor_not_the_scene(nlp, text: str,  # type: ignore[no-untyped-def]
                                                                trigger: str) -> None:
    assert _event(_run(nlp, text), trigger).place is None


def test_geo_locate_victim_place_over_actor_modifier(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The group's leader in Yemen was killed in an apparent U.S. airstrike."
    place = _event(_run(nlp, text), "killed").place
    assert place is not None and place.country == "YEM"


@pytest.mark.parametrize(("text", "trigger", "target", "name"), [
    ("French airstrikes in Iraq and Syria have hit Islamic State targets.", "airstrikes",
     "SYR", "Syria"),
    ("French airstrikes in Iraq and Syria have hit Islamic State targets.", "airstrikes",
     "IRQ", "Iraq"),
    ("About 28,000 U.S. troops are stationed in South Korea and Japan.", "stationed", "JPN",
     "Japan"),
    ("Islamic State claimed attacks in Paris, Lebanon and across Iraq.", "attacks", "LBN",
     "Lebanon"),
])
def test_geo_locate_coordinated_places_follow_the_target(nlp, text: str, trigger: str,  # type: ignore[no-untyped-def]
                                                         target: str, name: str) -> None:
    place = _event_on(_run(nlp, text), trigger, target).place
    assert place is not None and place.name == name


def test_geo_locate_coordinated_countries_unmatched_give_none(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "France launched airstrikes in Iraq and Syria against Islamic State militants."
    assert _event(_run(nlp, text), "launched").place is None


@pytest.mark.parametrize(("text", "trigger"), [
    ("There were attacks on oil tankers that Washington blamed on Tehran.", "blamed"),
    ("The United States will increase financial sanctions on Tehran.", "sanctions"),
    ("Tehran threatened to stop oil exports from the Gulf.", "threatened"),
    ("Tehran's seizure of two British tankers angered London.", "seizure"),
    ("The test changed the framework of relations between Washington and Pyongyang.",
     "relations"),
    ("Iran warned Trump following an attack on Saudi Arabian oil facilities which "
     "Washington and Riyadh blame on Tehran.", "attack"),
])
def test_geo_locate_capital_standing_for_its_government_is_no_scene(nlp, text: str,  # type: ignore[no-untyped-def]
                                                                    trigger: str) -> None:
    assert _event(_run(nlp, text), trigger).place is None


@pytest.mark.parametrize(("text", "trigger", "name"), [
    ("Israeli jets struck targets in Damascus on Tuesday.", "struck", "Damascus"),
    ("Russian airstrikes on Damascus killed four civilians.", "airstrikes", "Damascus"),
    ("Russian airstrikes on Damascus killed four civilians.", "killed", "Damascus"),
])
def test_geo_locate_capital_as_scene_stays(nlp, text: str, trigger: str, name: str) -> None:  # type: ignore[no-untyped-def]
    place = _event(_run(nlp, text), trigger).place
    assert place is not None and place.name == name


def test_geo_locate_dateline_is_never_a_clause_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("DAMASCUS, Syria (CNN) -- Saying the talks had failed, Vice President Joe Biden "
            "signaled Tuesday that the United States was ready to act.")
    analysis = _run(nlp, text)
    assert analysis.events
    assert all(e.place is None or e.place.basis == "dateline" for e in analysis.events)
    assert all(e.place is None for e in analysis.events if e.quad_class in (1, 3))


def test_geo_locate_coordinated_towns_of_one_country_give_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Syrian troops shelled rebel positions in Aleppo and Homs."
    place = _event(_run(nlp, text), "shelled").place
    assert place is not None and (place.country, place.precision) == ("SYR", "country")
    assert place.span is not None and place.span.text == "Aleppo and Homs"


@pytest.mark.parametrize(("text", "trigger"), [
    ("Deputy national security adviser Ben Rhodes spoke at the White House. \"We are "
     "prepared for all contingencies,\" Rhodes said.", "said"),
    ("Senator Elizabeth Warren toured the factory. \"The jobs are leaving,\" Warren said on "
     "Friday.", "said"),
])
def test_geo_locate_person_named_like_a_town_is_no_place(nlp, text: str,  # type: ignore[no-untyped-def]
                                                         trigger: str) -> None:
    analysis = _run(nlp, text)
    speaker = next(a for a in analysis.actors if a.type == "person")
    event = [e for e in analysis.events if e.trigger.text == trigger][-1]
    assert event.source == speaker.id
    assert event.place is None or event.place.span is None or \
        event.place.span.text not in speaker.name
