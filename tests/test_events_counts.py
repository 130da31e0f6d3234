"""Counts of people on events: fatalities, injured, arrested, displaced
(sitroom/events/counts.py over data/casualty_words.tsv)."""

from __future__ import annotations

import pytest

from sitroom.events.arguments import parse_number
from sitroom.events.counts import kinds_of
from sitroom.pipeline import analyze
from sitroom.records import Article, Event


def events_at(nlp, text: str, trigger: str) -> list[Event]:  # type: ignore[no-untyped-def]
    analysis = next(analyze([Article(id="t", text=text, published="2024-10-25")], nlp))
    found = [e for e in analysis.events if e.trigger.text == trigger]
    assert found, f"no event at {trigger!r}: {[e.trigger.text for e in analysis.events]}"
    return found


FATALITIES = [
    # the killing's own object, passive subject, participle
    ("Israeli troops killed 12 Palestinians in Gaza on Tuesday.", "killed", 12),
    ("Twelve Afghan soldiers were killed by the Taliban on Tuesday.", "killed", 12),
    ("Three Nigerian soldiers were killed in an ambush by Boko Haram.", "killed", 3),
    ("Twenty-one Nigerian soldiers were killed by Boko Haram.", "killed", 21),
    ("Russian missiles struck Kyiv, killing a dozen people.", "killing", 12),
    # "at least", "more than": the number stated
    ("Taliban fighters stormed the village, killing at least 40 villagers.", "killing", 40),
    ("Saudi airstrikes killed more than 100 people in Yemen, officials said.", "killed", 100),
    ("On Wednesday, as many as 300 people were killed when Boko Haram extremists attacked the "
     "town of Gamboru Ngala.", "attacked", 300),
    # one person; coordinated people summed
    ("Israeli troops killed a Palestinian teenager in Hebron.", "killed", 1),
    ("Israeli troops killed Hamas commander Yahya Sinwar in Rafah.", "killed", 1),
    ("Mansour said Israeli forces fatally shot Anwar Abdulhadi Qudaih in the head.", "shot",
     1),
    ("A Taliban suicide bomber killed himself and 20 others at a mosque in Kabul.",
     "killed", 21),
    ("Two men were shot dead by Nigerian police in Lagos.", "shot", 2),
    # a rank is no count: "the No. 2 leader" is one man
    ("Al Qaeda's No. 2 leader in Yemen was killed in a U.S. airstrike.", "killed", 1),
    ("The Taliban's number two commander was killed by Afghan troops.", "killed", 1),
    # an attack that kills: the count is the attack's
    ("Taliban fighters stormed the village, killing at least 40 villagers.", "stormed", 40),
    ("Saudi airstrikes killed more than 100 people in Yemen, officials said.", "airstrikes",
     100),
    ("At least 30 Yemenis died in the Saudi bombing.", "bombing", 30),
    ("Hamas said those killed included two brothers in Beit Hanoun, and three other Hamas "
     "fighters killed in a single Israeli strike in Khan Yunis.", "strike", 3),
    ("Israel lost two Israeli civilians and a Thai worker killed by Hamas rocket attacks from "
     "Gaza.", "attacks", 3),
    ("Egyptian officials said four people have been killed in Cairo and two elsewhere, with "
     "180 wounded.", "killed", 6),
    ("A Muslim Brotherhood spokesman says three Egyptian protesters were shot and killed by "
     "police in Cairo.", "killed", 3),
    ("The 1983 Hezbollah bombing of the US Marine compound in Beirut, which killed 241 "
     "American servicemen, shocked Washington.", "bombing", 241),
    ("Gaza health officials said at least 19 people had been killed over two days of "
     "nearly nonstop aerial attacks by Israel.", "attacks", 19),
    ('President Obama condemned the "outrageous and shocking" Libyan attack on the U.S. '
     'Consulate in Benghazi that left the U.S. ambassador and three other Americans dead.',
     "attack", 4),
    ("Iran masterminded the bombing of a US Marine barracks in Lebanon, killing 241 soldiers.",
     "bombing", 241),
    ("The death toll from the Israeli bombing in Gaza rose to 40.", "bombing", 40),
    ("The Israeli bombing of Gaza claimed 40 lives.", "bombing", 40),
    ("The Israeli airstrike left 12 dead and 30 injured.", "airstrike", 12),
    # "fatally shot", "stabbed to death", "along with", a bare number with its own place
    ("A Yemeni intelligence official was fatally shot by Houthi rebels in Sanaa on Sunday.",
     "shot", 1),
    ("An Afghan man stabbed to death a Taliban commander in Kabul.", "stabbed", 1),
    ("Israeli troops killed the Hamas commander in Gaza along with three other militants.",
     "killed", 4),
    ("Russian strikes killed 17 Syrian civilians in Talbiseh and 11 in Zafaraniya.", "killed",
     28),
    ("Syrian chemical weapons killed upwards of 350 people in Ghouta.", "killed", 350),
    # the clause that says when is the same event
    ("A Pakistani soldier was killed and two were wounded when Taliban rockets were fired at "
     "a police station.", "fired", 1),
    ("At least 1,400 people died as Israeli troops invaded Gaza.", "invaded", 1400),
    # one victim reported as such is the attack's count
    ("An Egyptian journalist died in a Muslim Brotherhood bomb attack in Cairo.", "attack", 1),
    # a date is not a count; the person killed is
    ("The November 14 assassination of Hamas commander Ahmed Jabari by Israel ignited the "
     "fighting.", "assassination", 1),
    # inside a quotation: the event is reported, the count stands
    ('"They killed 15 of our fighters," the Kurdish commander said of the Turkish army.',
     "killed", 15),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), FATALITIES)
def test_events_counts_fatalities(nlp, text: str, trigger: str, expected: int) -> None:
    assert {e.fatalities for e in events_at(nlp, text, trigger)} == {expected}


NO_NUMBER = [
    ("Dozens were killed in Russian airstrikes on Aleppo.", "killed"),
    ("Syrian government forces killed several hundred civilians in Aleppo.", "killed"),
    # a range; a count of the killed with the wounded and missing
    ("Syrian activists said that between 322 and 1,300 people were killed in the Syrian "
     "chemical attack.", "attack"),
    ("Syrian forces killed 12 to 15 civilians in Aleppo.", "killed"),
    ("About 3,000 US troops were killed, wounded or reported missing in the German attack on "
     "Omaha beach.", "killed"),
    # an aim, not a report
    ("Putin may have had sufficient reason to kill a man seen by the FSB as a traitor.",
     "kill"),
    # a count of another clause: "after Hamas killed 12" is not the strike's
    ("Israeli jets struck Gaza after a Hamas bombing that killed 12 Israelis.", "struck"),
    ("Israeli jets struck Gaza on Monday after Hamas killed 12 Israelis.", "struck"),
    # not killed: a threat, and an arrest (people killed go only on killings)
    ("Russia could kill 1,000 Ukrainian soldiers, NATO warned.", "warned"),
    ("Russian police arrested 200 protesters after three people were killed.", "arrested"),
    # what would happen; what did not
    ("A North Korean attack would kill 100,000 people in Seoul, the report said.", "attack"),
    ("The Israeli army said no Palestinians were killed in the raid in Jenin.", "raid"),
    # a named victim is one of those an attack killed, not its toll
    ("Her brother died in the Taliban attack in Kabul.", "attack"),
    # a count of a killing is not its coordinated sibling's
    ("Saudi Arabia faced criticism after the killing of columnist Jamal Khashoggi in "
     "Istanbul and the kingdom's long war in Yemen.", "war"),
]


@pytest.mark.parametrize(("text", "trigger"), NO_NUMBER)
def test_events_counts_no_exact_number_is_none(nlp, text: str, trigger: str) -> None:
    assert {e.fatalities for e in events_at(nlp, text, trigger)} == {None}


def test_events_counts_a_figure_of_another_clause_is_not_taken(nlp) -> None:
    text = ("Hamas said 300 fighters had joined the battle when Israeli troops killed two men "
            "in Gaza.")
    assert {e.fatalities for e in events_at(nlp, text, "killed")} == {2}


OTHER_KINDS = [
    ("The Taliban killed 12 Afghan soldiers and wounded 30 others.", "killed", "injured", 30),
    ("The Taliban killed 12 Afghan soldiers and wounded 30 others.", "wounded", "injured", 30),
    ("The Israeli airstrike left 12 dead and 30 injured.", "airstrike", "injured", 30),
    ("Russian police arrested 200 protesters in Moscow.", "arrested", "arrested", 200),
    ("The Syrian war has displaced 10,000 people.", "war", "displaced", 10000),
]


@pytest.mark.parametrize(("text", "trigger", "field", "expected"), OTHER_KINDS)
def test_events_counts_injured_arrested_displaced(nlp, text: str, trigger: str, field: str,
                                                  expected: int) -> None:
    assert {getattr(e, field) for e in events_at(nlp, text, trigger)} == {expected}


def test_events_counts_arrests_of_the_next_sentence_are_not_carried(nlp) -> None:
    text = ("Taliban fighters attacked a police post in Kunduz on Friday. Twelve suspects were "
            "arrested.")
    assert {e.arrested for e in events_at(nlp, text, "attacked")} == {None}


def test_events_counts_a_wounding_takes_no_fatalities(nlp) -> None:
    text = "The Taliban killed 12 Afghan soldiers and wounded 30 others."
    assert {e.fatalities for e in events_at(nlp, text, "wounded")} == {None}


NEXT_SENTENCE = [
    ("A Taliban suicide bomber attacked a mosque in Kabul on Friday. At least 20 people were "
     "killed, officials said.", "attacked", 20),
    ("Syrian government forces attacked Ghouta with poison gas on Wednesday. According to "
     "the opposition, the attack left some 1,300 dead.", "attacked", 1300),
    ("Israeli jets struck several Gaza targets overnight. More than 30 people were killed on "
     "Tuesday, bringing the total number of fatalities in Gaza to more than 130.", "struck",
     30),
    # a vague count of the event's own stays (a later figure may count a wider day)
    ("Dozens of people in Cairo were killed by Egyptian police on Wednesday. The ministry of "
     "health reported 275 people had been killed.", "killed", None),
    # another time and another place are not plainly the same event
    ("Russian forces shelled Kharkiv on Monday. Since the war began, 10,000 civilians have "
     "been killed.", "shelled", None),
    ("Russian forces shelled Kharkiv on Monday. Three people were killed in Kyiv.", "shelled",
     None),
]


@pytest.mark.parametrize(("text", "trigger", "expected"), NEXT_SENTENCE)
def test_events_counts_the_next_sentence_only_when_it_goes_on(
        nlp, text: str, trigger: str, expected: int | None) -> None:
    assert {e.fatalities for e in events_at(nlp, text, trigger)} == {expected}


@pytest.mark.parametrize(("code", "kinds"), [
    ("1823", {"killed", "injured", "arrested", "displaced"}),
    ("195", {"killed", "injured", "arrested", "displaced"}),
    ("182", {"injured"}),
    ("173", {"arrested"}),
    ("201", {"displaced"}),
    ("010", set()),
    ("192", set()),
])
def test_events_counts_kinds_by_code(code: str, kinds: set[str]) -> None:
    assert kinds_of(code) == kinds


@pytest.mark.parametrize(("words", "value"), [
    (["Twenty", "one"], 21), (["twenty-one"], 21), (["thirteen"], 13), (["a", "dozen"], 12),
    (["forty-five"], 45), (["twenty", "thousand"], 20000), (["2-3"], None),
])
def test_events_counts_number_words(words: list[str], value: int | None) -> None:
    assert parse_number(words)[0] == value


@pytest.mark.slow
def test_events_counts_allsides_floor() -> None:
    """The hand-made counts of killing events in allsides-intl (benchmarks/bench_fatalities.py):
    the share of stated numbers given exactly, and of events with no number left with none."""
    import json

    from benchmarks.bench_fatalities import Tally, analyses, first_events, read_labels

    from .conftest import ROOT, shared_path

    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    labels = {(x.article, x.start): x for x in read_labels()}
    tally = Tally()
    for analysis in analyses(shared_path(), {article for article, _ in labels}):
        for start, event in first_events(analysis).items():
            if (analysis.article.id, start) in labels:
                tally.add(labels[analysis.article.id, start], event)
    assert tally.counted >= 80 and tally.nones >= 40, tally
    assert tally.exact / tally.counted >= floors["fatalities_allsides_exact"], tally
    assert tally.kept_none / tally.nones >= floors["fatalities_allsides_none_kept"], tally
