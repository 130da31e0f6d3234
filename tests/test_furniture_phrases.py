"""Furniture phrases: page furniture inside a line of prose (a page that lost its line
breaks) is marked by itself and blanked for the parser; the prose around it stays."""

from __future__ import annotations

import pytest

from sitroom.furniture import find_furniture, parse_text


@pytest.mark.parametrize(("text", "phrase"), [
    ("“We will win,” Advertisement - story continues below said the minister.",
     "Advertisement - story continues below"),
    ("in that pipe.” Story continues below the video.Huckabee also declares it.",
     "Story continues below the video."),
    ("The talks failed. Story continues below gallery The minister left.",
     "Story continues below gallery"),
])
def test_furniture_phrases_inside_prose_are_marked_alone(text, phrase):
    furniture = find_furniture(text)
    assert [(f.kind, f.span.text) for f in furniture] == [("advert", phrase)]
    blanked = parse_text(text, furniture)
    assert len(blanked) == len(text) and phrase not in blanked
    assert blanked.replace(" ", "") == text.replace(phrase, "").replace(" ", "")


@pytest.mark.parametrize("text", [
    "The story continues below the surface of the lake, he said.",
    "An advertisement for the story ran below the fold.",
    "The story continues, below the radar, with new advertisements.",
])
def test_furniture_phrases_leave_prose_alone(text):
    assert find_furniture(text) == ()


def test_furniture_phrases_leave_names_before_them_whole(nlp):
    """A name run straight into a mid-line advert keeps its own offsets: the parser's entity
    may take in the blanks, the mention may not (every span quotes the stored text)."""
    from sitroom.pipeline import analyze_text

    text = "Officials in North Korea\u200bAdvertisement - story continues below said so."
    analysis = analyze_text(text)
    analysis.check()
    mentions = [m.text for actor in analysis.actors for m in actor.mentions]
    assert "North Korea\u200b" in mentions or "North Korea" in mentions
    assert all(not m.endswith(" ") for m in mentions)
