"""The causal signal readers (sitroom/attribution/causal_signals.py), one shape at a time, on
small sentences of our own; the span tagger's decoding; the link model's features."""

from __future__ import annotations

import numpy as np
import pytest

from sitroom.attribution.causal import link_features, rule_links
from sitroom.attribution.causal_signals import READERS
from sitroom.attribution.causal_spans import best_run


def _links(nlp, text: str) -> set[tuple[str, str, str, str]]:
    links = [link for sent in nlp(text).sents for link in rule_links(sent)]
    return {(link.relation, text[link.signal[0]:link.signal[1]],
             text[link.cause[0]:link.cause[1]], text[link.effect[0]:link.effect[1]])
            for link in links}


def _pairs(nlp, text: str) -> set[tuple[str, str, str]]:
    return {(relation, cause, effect) for relation, _, cause, effect in _links(nlp, text)}


@pytest.mark.parametrize("text, relation, cause, effect", [
    ("The deployment could prompt a regional arms race.", "cause", "The deployment",
     "a regional arms race"),
    ("The fire was caused by a short circuit.", "cause", "a short circuit", "The fire"),
    ("The veto allows Pyongyang to operate with impunity.", "enable", "The veto",
     "Pyongyang to operate with impunity"),
])
def test_causal_verb_signal_reads_doer_and_outcome(nlp, text, relation, cause, effect):
    assert (relation, cause, effect) in _pairs(nlp, text)


@pytest.mark.parametrize("text", [
    "Protesters blocked the highway near the airport.",  # a road is no outcome
    "Let me tell you what happened.",  # what one lets someone say is no enabling
])
def test_causal_verb_signal_skips_roads_and_speech(nlp, text):
    assert not _links(nlp, text)


@pytest.mark.parametrize("text, relation, cause, effect", [
    ("The talks collapsed because the envoy left early.", "cause", "the envoy left early",
     "The talks collapsed"),
    ("The army built a wall so that the villagers could farm.", "motivate",
     "the villagers could farm", "The army built a wall"),
])
def test_causal_mark_signal_reads_the_clause_it_opens(nlp, text, relation, cause, effect):
    assert (relation, cause, effect) in _pairs(nlp, text)


def test_causal_mark_signal_since_a_year_is_a_time(nlp):
    assert not _links(nlp, "It was the largest march since the city returned in 1997.")


@pytest.mark.parametrize("text, cause, effect", [
    ("The flights were cancelled due to the storm.", "the storm",
     "The flights were cancelled"),
    ("The rally was postponed because of the heavy rain.", "the heavy rain",
     "The rally was postponed"),
])
def test_causal_prep_signal_reads_its_object_as_the_cause(nlp, text, cause, effect):
    assert ("cause", cause, effect) in _pairs(nlp, text)


def test_causal_noun_signal_as_a_result_of(nlp):
    pairs = _pairs(nlp, "As a result of the drought, wheat prices rose sharply.")
    assert ("cause", "the drought", "wheat prices rose sharply") in pairs


def test_causal_emotion_signal_fronted_participle(nlp):
    pairs = _pairs(nlp, "Angered by the verdict, protesters marched to the court.")
    assert ("cause", "Angered by the verdict", "protesters marched to the court") in pairs


def test_causal_emotion_signal_not_when_negated(nlp):
    assert not _links(nlp, "The minister was not worried about the vote.")


@pytest.mark.parametrize("text, relation, cause, effect", [
    ("The blast hit the market, killing five people.", "cause", "The blast hit the market",
     "killing five people"),
    ("Students marched through the city, condemning the arrests.", "motivate",
     "condemning the arrests", "Students marched through the city"),
])
def test_causal_participle_signal_result_or_motive(nlp, text, relation, cause, effect):
    assert (relation, cause, effect) in _pairs(nlp, text)


def test_causal_verbprep_signal_against_whom_one_fights_is_no_cause(nlp):
    assert not _links(nlp, "Kurdish partners have left the fight against ISIS.")


def test_causal_adverb_signal_takes_the_sentence_before(nlp):
    pairs = _pairs(nlp, "The bridge collapsed. Therefore the road was closed.")
    assert ("cause", "The bridge collapsed", "the road was closed") in pairs


def test_causal_readers_cover_every_shape_of_the_signal_table():
    from sitroom.attribution.causal import signals

    shapes = {how for entries in signals().values() for _, how in entries}
    assert shapes - {"how the parse carries it"} <= set(READERS)


@pytest.mark.parametrize("scores, expected", [
    ([0.1, 0.9, 0.8, 0.2, 0.1], (1, 3)),
    ([0.9, 0.4, 0.9, 0.1], (0, 3)),  # one weak token inside a strong run stays in it
    ([0.2, 0.3, 0.1], None),
])
def test_causal_best_run_finds_the_strongest_contiguous_run(scores, expected):
    assert best_run(np.array(scores)) == expected


def test_causal_link_features_name_signal_relation_and_probability(nlp):
    doc = nlp("The talks collapsed because the envoy left early.")
    sent = next(iter(doc.sents))
    link = rule_links(sent)[0]
    features = link_features(sent, link, 0.8, 1)
    assert features["sig:because"] == 1.0 and features["rel:cause"] == 1.0
    assert features["p"] == 0.8 and features["order:ec"] == 1.0


@pytest.mark.parametrize("text, cause, signal, effect", [
    # the effect read as the whole clause, the cause inside it: what is left before the signal
    ("The plan was known due to earlier reports.", "earlier reports", "due",
     "The plan was known"),
    # the condition opens the clause: what follows it is the effect
    ("Maybe if we had won, it would be worth it.", "we had won", "if", "it would be worth it"),
])
def test_causal_effect_that_takes_in_its_cause_is_cut_to_the_rest(nlp, text, cause, signal,
                                                                   effect):
    from sitroom.attribution.causal import Link, _without_cause

    sent = next(iter(nlp(text).sents))
    at = text.index(cause)
    sig = text.index(signal)
    link = Link("cause", (at, at + len(cause)), (0, len(text) - 1), (sig, sig + len(signal)),
                (0, len(text)))
    repaired = _without_cause(sent, link)
    assert repaired is not None
    assert text[repaired.effect[0]:repaired.effect[1]] == effect
