"""Place names, their hints and the dateline (sitroom.geo.mentions)."""

from __future__ import annotations

import pytest

from sitroom.geo.mentions import find_dateline, find_mentions


@pytest.mark.parametrize(("text", "place", "region"), [
    ("KABUL, Afghanistan (AP) — Gunmen attacked a convoy.", "KABUL", "Afghanistan"),
    ("WASHINGTON (Reuters) - The Senate voted on Tuesday.", "WASHINGTON", None),
    ("JERUSALEM — The cabinet met on Sunday.", "JERUSALEM", None),
    ("Some headline\nGAZA CITY, Gaza Strip (AP) — Rockets fell.", "GAZA CITY", "Gaza Strip"),
])
def test_geo_mentions_dateline(text: str, place: str, region: str | None) -> None:
    line = find_dateline(text)
    assert line is not None
    assert (line.text, line.region, text[line.start:line.end]) == (place, region, place)


@pytest.mark.parametrize("text", [
    "The cabinet met on Sunday in Jerusalem.",
    "KABUL (Breitbart Unknown Desk) — Gunmen attacked a convoy.",  # not a news agency
    "Opening words that run on for a long while. " * 20 + "\nKABUL — Gunmen attacked.",
])
def test_geo_mentions_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(("text", "name", "hint"), [
    ("Fighting raged in the northern province of Kunduz.", "Kunduz", "admin1"),
    ("Fighting raged in Kunduz province on Monday.", "Kunduz province", "admin1"),
    ("Fighting raged in the town of Kobani.", "Kobani", "city"),
    ("Fighting raged near Aleppo.", "Aleppo", None),
])
def test_geo_mentions_hint_from_the_words_around(nlp, text: str, name: str,  # type: ignore[no-untyped-def]
                                                 hint: str | None) -> None:
    found = {m.text: m for m in find_mentions(nlp(text))}
    assert name in found and found[name].hint == hint and found[name].head is not None
