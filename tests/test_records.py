from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.errors import RecordError
from sitroom.records import (
    Actor,
    Article,
    ArticleAnalysis,
    CausalLink,
    Claim,
    Event,
    Mention,
    Quantity,
    Quote,
    Span,
    Speaker,
)

from .contract import check_line

TEXT = "Pyongyang sent 12,000 troops to Russia, officials said, which could prompt an arms race."


def _analysis() -> ArticleAnalysis:
    article = Article(id="a1", text=TEXT, title="T", source="Wire", published="2024-10-18")
    sentence = Span(0, len(TEXT))
    return ArticleAnalysis(
        article=article,
        actors=(Actor(id="PRK", name="North Korea", type="state", code="PRK", country="PRK",
                      mentions=(Mention(0, 9, "Pyongyang"),)),),
        events=(Event(source="PRK", target="RUS", cameo="0871", root="08", plover="AID",
                      goldstein=8.3, quad_class=2, modality="reported",
                      trigger=Span.of(TEXT, 10, 14), sentence=sentence,
                      quantity=Quantity(12000, "troops", "12,000 troops"),
                      source_span=Span.of(TEXT, 0, 9), target_span=Span.of(TEXT, 32, 38)),),
        quotes=(Quote(kind="indirect", speaker=Speaker(None, None, Span.of(TEXT, 40, 49)),
                      cue=Span.of(TEXT, 50, 54), content=Span.of(TEXT, 0, 38)),),
        claims=(Claim(kind="implication", certainty="possible", attributed_to="author",
                      span=Span.of(TEXT, 62, 88), hedges=(Span.of(TEXT, 62, 67),)),),
        causal=(CausalLink(relation="cause", cause=Span.of(TEXT, 0, 38),
                           effect=Span.of(TEXT, 75, 88), sentence=sentence,
                           signal=Span.of(TEXT, 62, 74)),),
        sentences=(sentence,),
    )


def test_records_round_trip_through_json():
    analysis = _analysis()
    analysis.check()
    data = json.loads(json.dumps(analysis.to_dict()))
    assert ArticleAnalysis.from_dict(data) == analysis
    check_line(data)


def test_records_sentence_spans_carry_offsets_only():
    data = _analysis().to_dict()
    assert data["events"][0]["sentence"] == {"start": 0, "end": len(TEXT)}
    assert data["events"][0]["trigger"] == {"start": 10, "end": 14, "text": "sent"}


def test_records_check_rejects_span_outside_text():
    bad = ArticleAnalysis(article=Article(id="x", text="short"), sentences=(Span(0, 99),))
    with pytest.raises(RecordError, match="outside the text"):
        bad.check()


def test_records_check_rejects_text_that_differs_from_offsets():
    bad = ArticleAnalysis(
        article=Article(id="x", text="North Korea"),
        actors=(Actor(id="PRK", name="North Korea", mentions=(Mention(0, 5, "South"),)),),
    )
    with pytest.raises(RecordError, match="does not match"):
        bad.check()


def test_records_span_of_refuses_bad_offsets():
    with pytest.raises(RecordError):
        Span.of("abc", 2, 1)


def test_records_are_frozen():
    with pytest.raises(AttributeError):
        _analysis().article.text = "changed"  # type: ignore[misc]


def test_records_unknown_schema_is_refused():
    data = _analysis().to_dict()
    data["schema"] = "sitroom.extract/99"
    with pytest.raises(RecordError, match="unsupported schema"):
        ArticleAnalysis.from_dict(data)


@st.composite
def analyses(draw):
    text = draw(st.text(min_size=1, max_size=80))
    n = len(text)
    offsets = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    spans = draw(st.lists(offsets, max_size=5))
    article = Article(id=draw(st.text(min_size=1, max_size=10)), text=text,
                      title=draw(st.none() | st.text(max_size=20)),
                      published=draw(st.none() | st.dates().map(lambda d: d.isoformat())))
    mentions = tuple(Mention(a, b, text[a:b]) for a, b in spans)
    return ArticleAnalysis(
        article=article,
        actors=(Actor(id="X", name="x", mentions=mentions),) if mentions else (),
        claims=tuple(Claim(kind="report", certainty="certain", attributed_to="author",
                           span=Span.of(text, a, b)) for a, b in spans),
        sentences=tuple(Span(a, b) for a, b in spans),
    )


@given(analyses())
def test_records_round_trip_property(analysis):
    analysis.check()
    data = json.loads(json.dumps(analysis.to_dict()))
    assert ArticleAnalysis.from_dict(data) == analysis
    check_line(data)


def test_records_check_rejects_values_outside_the_contract():
    text = "Officials said so."
    bad = ArticleAnalysis(
        article=Article(id="x", text=text),
        claims=(Claim(kind="rumour", certainty="certain", attributed_to="author",
                      span=Span.of(text, 0, len(text))),),
    )
    with pytest.raises(RecordError, match="claims\\[0\\].kind is 'rumour'"):
        bad.check()
