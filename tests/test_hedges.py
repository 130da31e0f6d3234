"""The learned certainty reading (`attribution/certainty.py`), the cue list's rows, the one
certainty scale, and the hedge training data helpers, on small texts written here."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sitroom.attribution.certainty import calibrated, model, read
from sitroom.attribution.hedges import lexicon, weakest
from sitroom.pipeline import analyze_text
from sitroom.records import CERTAINTIES, CERTAINTY_RANK


def reading(nlp, text: str):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return doc, read(doc[:])


@pytest.mark.parametrize(("text", "cue", "certainty"), [
    ("The ceasefire may collapse within days.", "may", "possible"),
    ("The strike might have killed dozens of people.", "might", "possible"),
    ("Japan is likely to raise defence spending.", "likely", "probable"),
    ("The army reportedly seized the town overnight.", "reportedly", "probable"),
    ("The rebels allegedly killed five villagers.", "allegedly", "possible"),
    ("It is unclear whether the truce will hold.", "unclear", "doubtful"),
    ("Analysts warn the conflict could spread to the north.", "could", "possible"),
])
def test_certainty_reads_hedge_cues(nlp, text, cue, certainty):
    doc, r = reading(nlp, text)
    assert cue in [doc.text[h.start:h.end] for h in r.hedges]
    assert r.certainty == certainty


@pytest.mark.parametrize("text", [
    "The summit opened in May with a speech by the president.",
    "He could not attend the meeting on Monday.",
    "The minister signed the agreement in Paris on Tuesday.",
    "An unlikely alliance of farmers and bankers formed.",
    "There is no doubt that the army shelled the town.",
    "There is no question about that.",
    "Mother, may I cross the border to save my own people?",
])
def test_certainty_plain_statements_read_certain(nlp, text):
    _doc, r = reading(nlp, text)
    assert (r.certainty, r.hedges) == ("certain", ())


@pytest.mark.parametrize("text", [
    "The ceasefire may collapse within days.",
    "The minister signed the agreement in Paris on Tuesday.",
])
def test_certainty_confidence_is_the_probability_of_the_reading(nlp, text):
    _doc, r = reading(nlp, text)
    assert 0.0 <= r.probability <= 1.0
    expected = r.probability if r.hedges else 1.0 - r.probability
    assert r.confidence == pytest.approx(expected, abs=1e-3)
    assert r.confidence >= 0.5  # both sentences are plain cases, read with some confidence


def test_certainty_calibration_is_monotone():
    tagger = model()
    values = [calibrated(p, tagger) for p in (0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99)]
    assert values == sorted(values) and 0.0 < values[0] < values[-1] < 1.0


@pytest.mark.parametrize(("phrase", "floor"), [
    (("may",), None), (("could",), 0.2), (("reportedly",), 0.0), (("unclear",), 0.0),
    (("no", "doubt"), float("inf")),
])
def test_hedges_lexicon_says_when_a_cue_counts(phrase, floor):
    assert lexicon()[phrase][2] == floor


@pytest.mark.parametrize(("levels", "weakest_level"), [
    ((), "certain"), (("probable", "possible"), "possible"),
    (("doubtful", "probable"), "doubtful"), (("certain",), "certain"),
])
def test_hedges_weakest_on_the_one_scale(levels, weakest_level):
    assert weakest(levels) == weakest_level


def test_records_certainty_rank_orders_the_scale():
    assert [CERTAINTY_RANK[c] for c in CERTAINTIES] == [0, 1, 2, 3]


def test_claims_carry_confidence_and_certainty(nlp):
    analysis = analyze_text("The deployment could prompt a regional arms race. Japan is likely "
                            "to raise defence spending. Officials said the talks would resume.")
    assert analysis.claims
    for claim in analysis.claims:
        assert claim.certainty in CERTAINTIES
        assert claim.confidence is not None and 0.0 <= claim.confidence <= 1.0
        assert claim.to_dict()["confidence"] == claim.confidence


def test_claims_modal_of_the_attribution_cue_hedges_the_quote(nlp):
    analysis = analyze_text("South Korea and Japan may consider revisiting their own nuclear "
                            "postures in response to the threat.")
    claim = next(c for c in analysis.claims if "nuclear postures" in c.span.text)
    assert claim.certainty == "possible"


def test_hedge_data_cue_offsets_index_the_stripped_sentence():
    from benchmarks.hedge_data import _sentence

    element = ET.fromstring('<Sentence id="S1"> It <ccue type="speculation_modal_probable_">'
                            'may</ccue> rain <ccue type="speculation_hypo_condition _">if'
                            '</ccue> clouds come.</Sentence>')
    text, cues = _sentence(element)
    assert [text[a:b] for a, b, _ in cues] == ["may", "if"]
    assert [kind for _, _, kind in cues] == ["probable", "condition"]


def test_train_hedges_ece_of_perfect_and_wrong_confidence():
    from benchmarks.train_hedges import ece

    assert ece([1.0, 1.0, 1.0], [True, True, False]) == pytest.approx(1 / 3)
    assert ece([0.95] * 20, [True] * 19 + [False]) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("text", [
    "The ceasefire may collapse within days, officials said, and talks could resume.",
    "Analysts warn that the army, which reportedly seized the town, might advance.",
    "It is unclear whether the truce will hold.\n\nMany people believe it will not.",
    "Russia and Ukraine traded blame. The report was widely seen as biased.",
])
def test_certainty_words_sum_as_token_features(nlp, text):
    """The parse's `Words` sum each word's feature weights as the feature table of
    `token_features` does, to the same bit, with and without a cue-list match."""
    from sitroom.attribution.certainty import Words, listed_cues, token_features
    from sitroom.attribution.hedges import Hedge

    doc, tagger = nlp(text), model()
    sums = Words.of(doc).sums(tagger.weights)
    get = tagger.weights.get
    for sent in doc.sents:
        listed = listed_cues(sent)
        for token in sent:
            hit = listed.get(token.i) or Hedge(0, 0, "possible", "modal")
            features = token_features(token, {token.i: hit})
            total = sums[token.i] + get("lex", 0.0) + get("lex:" + hit.cls, 0.0) + get(
                "lexl:" + hit.certainty, 0.0)
            assert tagger.probability_of_sum(total) == tagger.probability(features)
            without = token_features(token, {})
            assert tagger.probability_of_sum(sums[token.i]) == tagger.probability(without)


@pytest.mark.parametrize("text", [
    "The ceasefire may collapse within days, officials said.",
    "He said the strike might have killed dozens. It is likely to spread, they suspect.",
])
def test_certainty_read_same_with_memo(nlp, text):
    """A reading from the parse's memo (as claims read every sentence) is the reading
    worked out word by word."""
    from sitroom.attribution.certainty import Memo

    doc, memo = nlp(text), Memo()
    for sent in doc.sents:
        assert read(sent, memo=memo) == read(sent)
        assert read(sent[1:], also=list(sent[:1]), memo=memo) == read(sent[1:],
                                                                      also=list(sent[:1]))


def test_hedges_word_features_lemmas_then_pairs(nlp):
    """A sentence's lemma features, then its lemma pairs, without punctuation; a number is
    "#"; the same list again for the same sentence of the parse."""
    from sitroom.attribution.hedges import word_features

    doc = nlp("Many critics say 12 towns fell.")
    names = word_features(doc[:])
    assert names == ["w:many", "w:critic", "w:say", "w:#", "w:town", "w:fall",
                     "b:many_critic", "b:critic_say", "b:say_#", "b:#_town", "b:town_fall"]
    assert word_features(doc[:]) is names


@pytest.mark.parametrize("text", [
    "The ceasefire may collapse within days, officials said, and talks could resume.",
    "It is unclear whether the truce will hold.\n\nMany people believe it will not.",
])
def test_certainty_pair_weights_are_the_paired_columns_weights(nlp, text):
    """The cue tagger's pair weights, looked up by the two values, are those of the paired
    column's names, for each pair prefix."""
    import numpy as np

    from sitroom.attribution.certainty import pair_weights
    from sitroom.attribution.tagger_features import Columns

    c, weights = Columns.of(nlp(text)), model().weights
    at = np.arange(len(c.head))
    after, before = c.lower.shifted("</s>", back=False), c.lower.shifted("<s>", back=True)
    found = []
    for prefix, first, second, where in [("lt:", c.lemma, c.tag, at), ("ld:", c.lemma, c.dep, at),
                                         ("lh:", c.lemma, c.lemma, c.head),
                                         ("ln:", c.lemma, after, at),
                                         ("pl:", before, c.lemma, at)]:
        got = pair_weights(first, second, where, weights, prefix).tolist()
        assert got == first.paired(second, where, "|").weights(weights, prefix).tolist(), prefix
        found += got
    assert any(found)  # the text has pairs the model weighs
