"""Quotes, one table of small texts per shape of quotation (docs/attribution.md), and the
contract every quote record keeps: its content holds neither its cue nor its speaker, and a
quotation split around its attribution is one record per stretch."""

from __future__ import annotations

import pytest

from sitroom.pipeline import analyze_text
from sitroom.records import Quote


def quotes_in(text: str) -> list[tuple[str, str | None, str | None, str]]:
    """(kind, speaker phrase, cue, content) of every quote record of `text`."""
    return [(q.kind, q.speaker.span.text if q.speaker.span else None,
             q.cue.text if q.cue else None, q.content.text or "")
            for q in analyze_text(text).quotes]


DIRECT = [
    ("“We will not back down from this fight,” the minister said on Friday.",
     [("direct", "the minister", "said", "We will not back down from this fight")]),
    ("The minister said: “We will not back down from this fight.”",
     [("direct", "The minister", "said", "We will not back down from this fight.")]),
    ("“We will not back down from this fight.” He said so in a statement.",
     [("direct", "He", "said", "We will not back down from this fight.")]),
    ("“Is this a priority for them?” O’Malley said at a press conference in Des Moines on "
     "Tuesday.",
     [("direct", "O’Malley", "said", "Is this a priority for them?")]),
]


@pytest.mark.parametrize(("text", "expected"), DIRECT)
def test_quotes_direct_with_a_cue_in_or_beside_the_sentence(nlp, text, expected):
    assert quotes_in(text) == expected


SPLIT = [
    ("“While there may be some benefits,” says Gabuev, “the key question remains whether "
     "Russia is sharing its technology.”",
     ["While there may be some benefits",
      "the key question remains whether Russia is sharing its technology."], "Gabuev"),
    ("“It is a tough charge,” Pence said. “But, come on.”",
     ["It is a tough charge", "But, come on."], "Pence"),
    ("“We will keep asking,” he said.\n\n“Every single day, we will ask again.”",
     ["We will keep asking", "Every single day, we will ask again."], "he"),
]


@pytest.mark.parametrize(("text", "stretches", "speaker"), SPLIT)
def test_quotes_split_quotation_is_one_record_per_stretch(nlp, text, stretches, speaker):
    quotes = analyze_text(text).quotes
    assert [q.content.text for q in quotes] == stretches
    assert {q.speaker.span.text for q in quotes if q.speaker.span} == {speaker}
    assert len({q.cue for q in quotes}) == 1  # one cue shared by every stretch
    for quote in quotes:
        assert [p.text for p in quote.parts] == stretches
    assert [q.leads() for q in quotes] == [True] + [False] * (len(stretches) - 1)


LINES = [
    ("Q: What do you plan to do about the border?\n\nA: We plan to close it by the spring.",
     [("direct", "Q", None, "What do you plan to do about the border?"),
      ("direct", "A", None, "We plan to close it by the spring.")]),
    ("Poll: Most voters back the new budget plan", [
        ("direct", "Poll", None, "Most voters back the new budget plan")]),
    ("Editor's Note: This story was updated on Monday with new figures.", []),
    ("Sanders: 1,501.\nClinton: 2,205.", []),
]


@pytest.mark.parametrize(("text", "expected"), LINES)
def test_quotes_transcript_turns_and_name_colon_lines(nlp, text, expected):
    assert quotes_in(text) == expected


ACCORDING = [
    ("According to the ministry, the strike killed ten people in the city.",
     [("indirect", "the ministry", "According to",
       "the strike killed ten people in the city")]),
    ("G4S receives, according to one report, $234 million a year from the contract.",
     [("indirect", "one report", "according to", "G4S receives"),
      ("indirect", "one report", "according to", "$234 million a year from the contract")]),
]


@pytest.mark.parametrize(("text", "expected"), ACCORDING)
def test_quotes_according_to_a_source(nlp, text, expected):
    assert quotes_in(text) == expected


INDIRECT = [
    ("Analysts say that the regime may be reaping strategic benefits from the deal.",
     [("indirect", "Analysts", "say",
       "that the regime may be reaping strategic benefits from the deal")]),
    ("North Korea has started sending soldiers to Russia, South Korea's spy agency said.",
     [("indirect", "South Korea's spy agency", "said",
       "North Korea has started sending soldiers to Russia")]),
    ("By eliminating the line, Ms. Tchen said, the White House can invite twice as many "
     "guests.",
     [("indirect", "Ms. Tchen", "said", "By eliminating the line"),
      ("indirect", "Ms. Tchen", "said", "the White House can invite twice as many guests")]),
    ("The minister is confident that the budget will pass.",
     [("indirect", "The minister", "confident", "that the budget will pass")]),
]


@pytest.mark.parametrize(("text", "expected"), INDIRECT)
def test_quotes_indirect_reported_and_between_commas(nlp, text, expected):
    assert quotes_in(text) == expected


CREDITED = [
    ("Zelensky had a blunt warning for the West — “Russia will not stop at Ukraine.”",
     ("direct", "Zelensky", "warning", "Russia will not stop at Ukraine.")),
    ("Voters wrote to us.\n\n“He is ignorant of our culture and of our lives.” ― Pamela "
     "Padilla",
     ("direct", "Pamela Padilla", "―", "He is ignorant of our culture and of our lives.")),
]


@pytest.mark.parametrize(("text", "expected"), CREDITED)
def test_quotes_speech_noun_and_dash_credit(nlp, text, expected):
    assert expected in quotes_in(text)


def test_quotes_carried_on_after_reported_speech(nlp):
    quotes = analyze_text("The plan will fail in the Senate, Cole said. “That is exactly what "
                          "the voters do not want.”").quotes
    assert [(q.speaker.span.text if q.speaker.span else None, q.content.text)
            for q in quotes] == [
        ("Cole", "The plan will fail in the Senate"),
        ("Cole", "That is exactly what the voters do not want.")]
    assert all(len(q.parts) == 2 for q in quotes)


@pytest.mark.parametrize("text", [
    "“We will not back down,” Advertisement - story continues below said the minister.",
    "The plan will fail, Advertisement - story continues below analysts said.",
    "“We will not back down,” Story continues below the video. said the minister.",
])
def test_quotes_page_furniture_is_never_a_speaker(nlp, text):
    quotes = analyze_text(text).quotes
    assert quotes, "the quotation itself is still found"
    for quote in quotes:
        span = quote.speaker.span
        assert span is not None and "advertisement" not in (span.text or "").lower()
        assert "story continues" not in (span.text or "").lower()
        assert "continues below" not in (quote.content.text or "").lower()


def _apart(quote: Quote) -> bool:
    content = quote.content
    return all(other is None or other.end <= content.start or content.end <= other.start
               for other in (quote.cue, quote.speaker.span))


@pytest.mark.parametrize("text", [case[0] for case in DIRECT + SPLIT + LINES + ACCORDING +
                                  INDIRECT + CREDITED])
def test_quotes_content_never_holds_its_cue_or_speaker(nlp, text):
    assert all(_apart(q) for q in analyze_text(text).quotes)


def test_quotes_word_groups_come_from_the_table_and_a_wrong_name_is_refused():
    from sitroom.attribution.quoting.grammar import words

    assert {"statement", "warning"} <= words("utterance")
    assert "analyst" in words("unnamed_head")
    with pytest.raises(ValueError, match="quote_words.tsv"):
        words("no such group")


@pytest.mark.parametrize(("role", "verb"), [
    ("voices", "say"), ("direct_only", "continue"), ("object_not_said", "add"),
    ("demand", "call"), ("naming", "call"), ("frames", "declare"), ("only_reports", "warn"),
])
def test_quotes_speech_verb_roles_come_from_one_list(role, verb):
    from sitroom.quotation import cue_lexicon, cue_role

    assert verb in cue_role(role)
    assert verb in cue_lexicon()  # every role above is of a verb that is a cue itself
    assert "appeal" in cue_role("demand") and "appeal" not in cue_lexicon()  # class "-"


def test_quotes_a_split_quotation_is_one_item_of_a_brief(nlp):
    from sitroom.pipeline import analyze
    from sitroom.records import Article
    from sitroom.stories.brief import build_brief

    text = ("Sudan truce talks resumed in Jeddah on Monday.\n\n“We will not sign a deal that "
            "leaves the militia in the cities,” army spokesman Nabil Abdallah said on Monday. "
            "“The people of El Fasher have suffered enough from the shelling.”")
    analyses = list(analyze([Article(id="one", source="Post", published="2026-03-10",
                                     text=text)], nlp))
    assert len(analyses[0].quotes) == 2  # one record per stretch
    brief = build_brief("s", "Sudan", analyses, full=True)
    said = [i["text"] for i in brief["sections"]["quotes"]]
    assert len(said) == 1, said
    assert len(brief["sections"]["quotes"][0]["citations"]) == 1  # cited once, not per stretch
    assert "militia in the cities" in said[0] and "suffered enough" in said[0]
    assert "said on Monday" not in said[0]


WHAT_IS_REPORTED = [
    ("The ministry announced a plan to cut fuel subsidies.",
     [("indirect", "The ministry", "announced", "a plan to cut fuel subsidies")]),
    ("The senator asked whether the talks would resume.",
     [("indirect", "The senator", "asked", "whether the talks would resume")]),
    ("The opposition leader called for new elections.",
     [("indirect", "The opposition leader", "called", "new elections")]),
    ("The president spoke of the legacy of the war.",
     [("indirect", "The president", "spoke", "the legacy of the war")]),
    ("He said the majority wanted to join Russia.",
     [("indirect", "He", "said", "the majority wanted to join Russia")]),
    ("Aides say the senator “needs to be more collaborative” with his party.",
     [("mixed", "Aides", "say", "the senator “needs to be more collaborative” with his party")]),
]


@pytest.mark.parametrize(("text", "expected"), WHAT_IS_REPORTED)
def test_quotes_what_a_cue_reports_object_question_demand_topic_nested_mixed(
        nlp, text, expected):
    assert quotes_in(text) == expected


@pytest.mark.parametrize("text", [
    "The group that calls itself the Islamic State took the town.",
    "Johnson is expected to seek an election in the spring.",
    "The United States would announce sanctions on Friday.",
    "The aid can help North Korea assess its equipment.",
    "They watched a video that showed the beheading.",
])
def test_quotes_no_quote_where_nobody_reports_anything(nlp, text):
    assert quotes_in(text) == []
