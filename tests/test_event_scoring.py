"""The learned event models: features, confidence on every event, recoding, the shown
threshold, and the speech acts and self-loops the coder now handles."""

from __future__ import annotations

import json

import pytest

from sitroom.attribution.linear import SoftmaxModel, load_softmax
from sitroom.pipeline import analyze
from sitroom.records import Article, ArticleAnalysis


def analysed(nlp, text: str) -> ArticleAnalysis:  # type: ignore[no-untyped-def]
    return next(analyze([Article(id="t", text=text, published="2024-10-25")], nlp))


def test_scoring_every_event_has_a_confidence_in_range(nlp):
    analysis = analysed(nlp, "North Korea sent 12,000 troops to Russia. China condemned the "
                             "move, and the UN urged restraint.")
    assert analysis.events
    assert all(e.confidence is not None and 0.0 <= e.confidence <= 1.0
               for e in analysis.events)
    assert all(e.coded_by in ("rules", "model") for e in analysis.events)
    back = ArticleAnalysis.from_dict(json.loads(json.dumps(analysis.to_dict())))
    assert [e.confidence for e in back.events] == [e.confidence for e in analysis.events]


def test_scoring_softmax_probabilities_sum_to_one():
    model = SoftmaxModel(classes=("0", "1"), weights={"w:a": {"1": 2.0}},
                         biases={"0": 0.0, "1": -1.0})
    probabilities = model.probabilities({"w:a": 1.0})
    assert probabilities["1"] == pytest.approx(1 / (1 + 2.718281828 ** -1), rel=1e-6)
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert SoftmaxModel.from_json(model.to_json()).probabilities({"w:a": 1.0}) == \
        pytest.approx(probabilities)


def test_scoring_the_shipped_pentacode_model_has_five_classes():
    model = load_softmax("event_pentacode")
    assert sorted(model.classes) == ["0", "1", "2", "3", "4"]
    assert model.about["command"] == "python -m benchmarks.train_events"


@pytest.mark.parametrize(("text", "speaker"), [
    ("The United States claimed that Iraq had attacked Kuwait.", "USA"),
    ("Vladimir Putin said that Russia would respond.", "vladimir-putin"),
])
def test_scoring_speech_acts_are_events_and_what_is_said_is_reported(nlp, text, speaker):
    events = analysed(nlp, text).events
    said = [e for e in events if e.cameo == "010"]
    assert [e.source for e in said] == [speaker]
    assert all(e.modality != "asserted" for e in events if e.cameo != "010")


def test_scoring_no_event_has_its_source_as_target(nlp):
    events = analysed(nlp, "Turkey accused Turkey's neighbours of arming rebels. Russia "
                           "attacked Russia-backed forces and Ukraine.").events
    assert events
    assert all(e.source is None or e.source != e.target for e in events)
