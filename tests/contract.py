"""An independent reading of CONTRACT.md: checks one `sitroom extract` output line.

Written from the contract's text, not from sitroom's code, so that a change in the code that
breaks the public interface fails here.
"""

from __future__ import annotations

from typing import Any

SPAN = {"start", "end"}
ACTOR_KEYS = {"id", "name", "type", "code", "country", "role", "title", "affiliation", "mentions"}
EVENT_KEYS = {"source", "target", "cameo", "root", "plover", "goldstein", "quad_class", "modality",
              "quantity", "location", "date", "attributed_to", "trigger", "source_span",
              "target_span", "sentence"}
QUOTE_KEYS = {"kind", "speaker", "cue", "content"}
CLAIM_KEYS = {"kind", "subject", "certainty", "hedges", "attributed_to", "span"}
CAUSAL_KEYS = {"relation", "cause", "effect", "signal", "sentence"}
ARTICLE_KEYS = {"id", "title", "source", "url", "published", "language", "text"}


def _span(text: str, span: Any, where: str, with_text: bool = True) -> None:
    if span is None:
        return
    assert SPAN <= set(span), f"{where}: span lacks start/end"
    start, end = span["start"], span["end"]
    assert isinstance(start, int) and isinstance(end, int), f"{where}: offsets not integers"
    assert 0 <= start <= end <= len(text), f"{where}: {start}:{end} outside the text"
    if "text" in span:
        assert span["text"] == text[start:end], f"{where}: text differs from its offsets"
    elif with_text:
        raise AssertionError(f"{where}: span has no text")


def check_line(line: dict[str, Any]) -> None:
    assert line["schema"] == "sitroom.extract/1"
    for key in ("article", "actors", "events", "quotes", "claims", "causal"):
        assert key in line, f"missing {key}"
    article = line["article"]
    assert ARTICLE_KEYS <= set(article)
    text = article["text"]
    assert isinstance(text, str) and text
    assert article["published"] is None or len(article["published"]) == 10
    for i, actor in enumerate(line["actors"]):
        assert ACTOR_KEYS <= set(actor), f"actors[{i}] keys"
        for j, mention in enumerate(actor["mentions"]):
            _span(text, mention, f"actors[{i}].mentions[{j}]")
    for i, event in enumerate(line["events"]):
        assert EVENT_KEYS <= set(event), f"events[{i}] keys"
        assert event["root"] == event["cameo"][:2] and event["cameo"].isdigit()
        assert 2 <= len(event["cameo"]) <= 4 and 1 <= int(event["root"]) <= 20
        assert -10 <= event["goldstein"] <= 10 and event["quad_class"] in (1, 2, 3, 4)
        assert event["modality"] in ("asserted", "reported", "hypothetical", "future",
                                     "negated")
        ids = {a["id"] for a in line["actors"]}
        for side in ("source", "target", "attributed_to"):
            # an actor id of this line, or a code whose first letters are an actor's code
            assert event[side] is None or event[side] in ids or len(event[side]) >= 3, side
        if event["quantity"] is not None:
            assert {"value", "unit", "text"} <= set(event["quantity"])
        for name in ("trigger", "source_span", "target_span"):
            _span(text, event[name], f"events[{i}].{name}")
        _span(text, event["sentence"], f"events[{i}].sentence", with_text=False)
    for i, quote in enumerate(line["quotes"]):
        assert QUOTE_KEYS <= set(quote), f"quotes[{i}] keys"
        assert {"actor", "name", "span"} <= set(quote["speaker"])
        _span(text, quote["speaker"]["span"], f"quotes[{i}].speaker.span")
        _span(text, quote["cue"], f"quotes[{i}].cue")
        _span(text, quote["content"], f"quotes[{i}].content")
    for i, claim in enumerate(line["claims"]):
        assert CLAIM_KEYS <= set(claim), f"claims[{i}] keys"
        for j, hedge in enumerate(claim["hedges"]):
            _span(text, hedge, f"claims[{i}].hedges[{j}]")
        _span(text, claim["span"], f"claims[{i}].span")
    for i, link in enumerate(line["causal"]):
        assert CAUSAL_KEYS <= set(link), f"causal[{i}] keys"
        for name in ("cause", "effect", "signal"):
            _span(text, link[name], f"causal[{i}].{name}")
        _span(text, link["sentence"], f"causal[{i}].sentence", with_text=False)
