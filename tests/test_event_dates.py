"""Event dates: date expressions resolved against the publication date, and which clause
each one dates. Calendar: 2015-10-14 is a Wednesday; 2016-01-05 a Tuesday."""

from __future__ import annotations

import pytest

from sitroom.events.arguments import When, resolve_when
from sitroom.pipeline import analyze
from sitroom.records import Article, Event

WED = "2015-10-14"


@pytest.mark.parametrize(("text", "published", "future", "expected"), [
    # weekdays: the last one on or before publication, the next one for a future event
    ("on Tuesday", WED, False, ("2015-10-13", "day")),
    ("on Thursday", WED, False, ("2015-10-08", "day")),
    ("Wednesday", WED, False, ("2015-10-14", "day")),
    ("on Tuesday", WED, True, ("2015-10-20", "day")),
    ("late Sunday", WED, False, ("2015-10-11", "day")),
    ("Monday night", WED, False, ("2015-10-12", "day")),
    ("last Wednesday", WED, False, ("2015-10-07", "day")),
    ("next Wednesday", WED, False, ("2015-10-21", "day")),
    # days around publication
    ("yesterday", WED, False, ("2015-10-13", "day")),
    ("tomorrow", WED, False, ("2015-10-15", "day")),
    ("last night", WED, False, ("2015-10-13", "day")),
    ("three days ago", WED, False, ("2015-10-11", "day")),
    # weeks start on Monday
    ("this week", WED, False, ("2015-10-12", "week")),
    ("earlier this week", WED, False, ("2015-10-12", "week")),
    ("last week", WED, False, ("2015-10-05", "week")),
    ("next week", WED, False, ("2015-10-19", "week")),
    ("a week ago", WED, False, ("2015-10-05", "week")),
    # months
    ("last month", WED, False, ("2015-09-01", "month")),
    ("earlier this month", WED, False, ("2015-10-01", "month")),
    ("next month's", WED, False, ("2015-11-01", "month")),
    ("June", WED, False, ("2015-06-01", "month")),
    ("June", WED, True, ("2016-06-01", "month")),
    ("November", WED, False, ("2014-11-01", "month")),
    ("November", WED, True, ("2015-11-01", "month")),
    ("October", WED, False, ("2015-10-01", "month")),
    ("June 2014", WED, False, ("2014-06-01", "month")),
    ("December", "2016-01-05", False, ("2015-12-01", "month")),
    ("last month", "2016-01-05", False, ("2015-12-01", "month")),
    ("last week", "2016-01-05", False, ("2015-12-28", "week")),
    # days of a month
    ("March 3", WED, False, ("2015-03-03", "day")),
    ("Nov. 3", WED, False, ("2014-11-03", "day")),
    ("Nov. 3", WED, True, ("2015-11-03", "day")),
    ("March 3, 2012", WED, False, ("2012-03-03", "day")),
    ("3 March 2012", None, False, ("2012-03-03", "day")),
    ("2012-03-03", None, False, ("2012-03-03", "day")),
    # years
    ("2020", WED, False, ("2020-01-01", "year")),
    ("this year", WED, False, ("2015-01-01", "year")),
    ("last year's", WED, False, ("2014-01-01", "year")),
    ("two years ago", WED, False, ("2013-01-01", "year")),
])
def test_arguments_resolves_date_shapes(text, published, future, expected):
    assert resolve_when(text, published, future) == When(*expected)


@pytest.mark.parametrize(("text", "published"), [
    ("the 1990s", WED), ("20 years", WED), ("decades", WED), ("10:05 a.m.", WED),
    ("Feb. 12-15", WED), ("the past few months", WED), ("2015-16", WED),
    ("the end of the year", WED), ("the weekend", WED),
    ("on Tuesday", None), ("last week", None), ("June", None),
])
def test_arguments_names_no_single_period(text, published):
    assert resolve_when(text, published) is None


def _event(nlp, text: str, trigger: str, published: str | None = WED) -> Event:
    analysis = next(analyze([Article(id="t", text=text, published=published)], nlp))
    found = [e for e in analysis.events if e.trigger.text == trigger]
    assert found, [e.trigger.text for e in analysis.events]
    return found[0]


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # the event's own clause
    ("Russia and Syria signed a mutual defence pact in June.", "signed",
     ("2015-06-01", "month", "text")),
    ("Russian Foreign Minister Sergei Lavrov visited Damascus on Wednesday.", "visited",
     ("2015-10-14", "day", "text")),
    ("Israeli troops killed three Palestinians in Gaza on Monday.", "killed",
     ("2015-10-12", "day", "text")),
    ("Iran will host talks with the United States on Monday.", "host",
     ("2015-10-19", "day", "text")),
    ("Russia attacked Georgia in 2008.", "attacked", ("2008-01-01", "year", "text")),
    # a dated occasion
    ("At a summit last week, France condemned Russia.", "condemned",
     ("2015-10-05", "week", "text")),
    # the same action carried on: coordination, a participle
    ("The State Department on Tuesday ordered staff out of Yemen and urged Americans to "
     "leave Yemen.", "urged", ("2015-10-13", "day", "text")),
    ("Turkey shot down a Russian jet last week, killing the pilot.", "killing",
     ("2015-10-05", "week", "text")),
    # no date, or a date that bounds the event: the publication date stands in
    ("France condemned Russia.", "condemned", (WED, "day", "published")),
    ("Russia has bombed Syria since June.", "bombed", (WED, "day", "published")),
])
def test_events_date_from_its_clause(nlp, text, trigger, expected):
    event = _event(nlp, text, trigger)
    assert (event.date, event.date_precision, event.date_basis) == expected


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a relative clause keeps its own date; the main event does not take it
    ("Russia, which attacked Georgia in 2008, sent troops to Syria.", "attacked",
     ("2008-01-01", "year", "text")),
    ("Russia, which attacked Georgia in 2008, sent troops to Syria.", "sent",
     (WED, "day", "published")),
    # what a speaker reports as done before is not dated by the day of speaking
    ("France said on Tuesday that Russia had attacked Ukraine.", "said",
     ("2015-10-13", "day", "text")),
    ("France said on Tuesday that Russia had attacked Ukraine.", "attacked",
     (WED, "day", "published")),
])
def test_events_background_clause_keeps_its_own_date(nlp, text, trigger, expected):
    event = _event(nlp, text, trigger)
    assert (event.date, event.date_precision, event.date_basis) == expected


def test_events_without_article_date_have_no_date(nlp):
    event = _event(nlp, "France condemned Russia.", "condemned", published=None)
    assert (event.date, event.date_precision, event.date_basis) == (None, None, None)


def test_events_date_fields_round_trip(nlp):
    event = _event(nlp, "Russia and Syria signed a mutual defence pact in June.", "signed")
    again = Event.from_dict(event.to_dict())
    assert (again.date, again.date_precision, again.date_basis) == \
        ("2015-06-01", "month", "text")
    old = {k: v for k, v in event.to_dict().items() if k not in ("date_basis", "date_precision")}
    assert Event.from_dict(old).date_basis is None  # rows stored before the fields: readable


@pytest.mark.slow
def test_events_dates_quality_floor_on_labelled_news():
    """The hand-labelled event dates of allsides-intl (benchmarks/bench_dates.py)."""
    import json

    from benchmarks.bench_dates import evaluate

    from .conftest import ROOT, shared_path

    floors = json.loads((ROOT / "benchmarks" / "floors.json").read_text())
    figures = evaluate(shared_path())
    assert figures["judged"] >= 250, figures["judged"]
    assert figures["accuracy"] >= floors["dates_allsides_event_accuracy"], figures
    dated = figures["label_dated"]
    assert dated["n"] >= 100 and dated["right"] / dated["n"] >= \
        floors["dates_allsides_dated_accuracy"], dated
