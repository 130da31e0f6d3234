"""Page furniture: which lines are marked, that offsets hold, and that nothing in them is
analysed."""

from __future__ import annotations

import pytest

from sitroom.furniture import find_furniture, kind_of, parse_text
from sitroom.pipeline import analyze
from sitroom.records import Article


@pytest.mark.parametrize(("line", "kind"), [
    ("Hide Caption 17 of 20 Photos: Protesters in Cairo", "gallery"),
    ("Photos: Unrest in Syria Photos: Unrest in Syria – a man runs. Hide Caption 1 of 2",
     "gallery"),
    ("JUST WATCHED Clashes in Egypt turn deadly Replay More Videos ... MUST WATCH", "video"),
    ("Story highlights Two U.S. warships moving to Libyan coast, officials say", "highlights"),
    ("Advertisement", "advert"),
    ("Advertisement - story continues below", "advert"),
    ("Update at 9:10 a.m. ET. First Hearing Is Over:", "update"),
    ("The Associated Press contributed to this report.", "credit"),
    ("• Associated Press writers Gregory Katz in London contributed.", "credit"),
    ("AP writers Jo Doe in Baghdad and Edith M. Roe at the United Nations contributed .",
     "credit"),
    ("Sign up for Daily Newsletters Manage Newsletters", "newsletter"),
    ("Follow us on Twitter @CNNOpinion.", "share"),
    ("CLOSE Obama says he does not foresee it. (May 3) AP", "video"),
])
def test_furniture_lines_are_marked_with_their_kind(line, kind):
    assert kind_of(line) == kind


@pytest.mark.parametrize("line", [
    "Russia attacked Ukraine on Monday, officials said.",
    "Close aides said the president would travel to Seoul.",
    "Many nations contributed.",
    "He said the group contributed to the attack on the embassy.",
    "More than 40 people were killed in the strike.",
    "The video showed soldiers replaying the scene.",
])
def test_furniture_leaves_prose_alone(line):
    assert kind_of(line) is None


def test_furniture_a_very_long_line_is_furniture_only_by_a_whole_line_rule():
    gallery = "Photos: War – " + "a caption. " * 400 + "Hide Caption 22 of 22"
    prose = "JUST WATCHED the news, Replay said. " + "More prose follows here. " * 200
    assert len(gallery) > 2000 and kind_of(gallery) == "gallery"
    assert len(prose) > 2000 and kind_of(prose) is None


def test_furniture_blanking_keeps_every_offset():
    text = "Iran denied it.\nJUST WATCHED Iran bombs Iraq Replay More Videos\nChina spoke."
    furniture = find_furniture(text)
    blanked = parse_text(text, furniture)
    assert [f.kind for f in furniture] == ["video"]
    assert len(blanked) == len(text)
    assert blanked.split("\n")[0] == "Iran denied it." and blanked.split("\n")[2] == \
        "China spoke."
    assert blanked.split("\n")[1].strip() == ""
    span = furniture[0].span
    assert text[span.start:span.end] == span.text and span.text.startswith("JUST WATCHED")


def test_furniture_is_never_analysed(nlp):
    text = ("Russia attacked Ukraine on Monday.\n"
            "JUST WATCHED Iran bombs Iraq Replay More Videos ... MUST WATCH Iran bombs Iraq\n"
            "Story highlights Turkey shoots down a Syrian jet\n"
            "China condemned the attack.")
    analysis = next(analyze([Article(id="f", text=text)], nlp))
    sources = {e.source for e in analysis.events}
    assert {"RUS", "CHN"} <= sources
    assert not sources & {"IRN", "TUR"}
    assert [f.kind for f in analysis.furniture] == ["video", "highlights"]
    assert all(not (f.span.start <= s.start < f.span.end)
               for f in analysis.furniture for s in analysis.sentences)
    assert analysis.to_dict()["furniture"][0]["span"]["text"].startswith("JUST WATCHED")
