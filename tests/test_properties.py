"""Property tests: every extractor, on any text, returns without raising, and every span it
writes indexes the article's text and quotes it exactly (`ArticleAnalysis.check`).

Texts are drawn from news-like pieces — names the gazetteer knows, cue and event verbs,
numbers, dates, quotation marks of every kind, hedges, causal words, page-furniture lines —
glued with odd separators (newlines, tabs, no space, control characters), so that the parser
meets the shapes that break extractors: unclosed quotes, empty sentences, a name at the very
end, a quote mark as the last character.
"""

from __future__ import annotations

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sitroom.records import Article  # noqa: E402

PIECES = [
    "Russia", "North Korea", "Pyongyang", "the United Nations", "Kim Jong Un", "Ukraine's",
    "President Joe Biden", "Hamas", "the Pentagon", "Western officials", "analysts", "he", "they",
    "said", "told reporters", "denied", "accused", "warned", "may", "reportedly", "could",
    "attacked", "killed", "sent", "12,000 troops", "about 11,000 soldiers", "thousands of",
    "dozens", "on Monday", "last week", "in June", "2024", "March 3, 2024", "because", "after",
    "as a result", "led to", "“", "”", '"', "'", "‘", "’", ",", ".", ";", ":", "—", "(", ")",
    "?", "!", "...", "Advertisement - story continues below", "Hide caption",
    "Photo: AP", "CLOSE", "https://example.org/a", "#", "@", "1.", "•", "¡", "é", "中国",
]
SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", "\t", "\r\n", "\u00a0", "\u200b", "\x0b"]


@st.composite
def news_like(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=0, max_size=40))
    out = []
    for piece in pieces:
        out.append(piece)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


STAGE_NAMES = ("sentences", "actors", "quotes", "events", "event_confidence", "claims")


@pytest.mark.parametrize("last", STAGE_NAMES)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=news_like())
def test_properties_every_extractor_returns_spans_inside_the_text(nlp, last, text):
    from sitroom.furniture import find_furniture, parse_text
    from sitroom.pipeline import STAGES, analyze_doc

    stages = STAGES[:STAGE_NAMES.index(last) + 1]
    furniture = find_furniture(text)
    doc = nlp(parse_text(text, furniture))
    analysis = analyze_doc(Article(id="p", text=text), doc, stages, furniture=furniture)
    analysis.check()  # raises unless every span lies in the text and quotes it
    assert analysis.article.text == text


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=0, max_size=300))
def test_properties_furniture_spans_index_any_text(text):
    from sitroom.furniture import find_furniture, parse_text

    found = find_furniture(text)
    for item in found:
        assert text[item.span.start:item.span.end] == item.span.text
    assert len(parse_text(text, found)) == len(text)


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=0, max_size=80), published=st.one_of(
    st.none(), st.dates().map(lambda d: d.isoformat())))
def test_properties_date_expressions_never_raise(text, published):
    from sitroom.events.arguments import resolve_date

    resolved = resolve_date(text, published)
    assert resolved is None or len(resolved) == 10
