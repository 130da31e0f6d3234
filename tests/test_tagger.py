"""The learned attribution tagger, its decoding, the merge with the rule quotes, and the
quote confidence, on small texts written for these tests."""

from __future__ import annotations

import numpy as np
import pytest

from sitroom.attribution.learned import Design, combine
from sitroom.attribution.tagger import LABELS, TaggerModel, _contents, tag_spans, viterbi
from sitroom.pipeline import analyze_doc
from sitroom.records import Article, Quote, Span, Speaker


def _probs(labels: list[str], sure: float = 0.9) -> np.ndarray:
    """Token probabilities that put `sure` on each given label."""
    p = np.full((len(labels), len(LABELS)), (1 - sure) / (len(LABELS) - 1))
    for i, label in enumerate(labels):
        p[i, LABELS.index(label)] = sure
    return p


def _free_transitions() -> np.ndarray:
    return np.log(np.full((len(LABELS), len(LABELS)), 1 / len(LABELS)))


def _no_o_to_ci() -> np.ndarray:
    t = _free_transitions()
    t[LABELS.index("O"), LABELS.index("CI")] = np.log(1e-6)
    return t


@pytest.mark.parametrize(("words", "labels", "transitions", "expected"), [
    # free transitions: each token keeps its own most likely label
    ("He said taxes rose", ["SRC", "CUE", "CB", "O"], _free_transitions(),
     ["SRC", "CUE", "CB", "O"]),
    # a content cannot go on after an O: the token unsure between O and CI is filled
    ("He said taxes rose sharply", ["SRC", "CUE", "CB", "O?", "CI"], _no_o_to_ci(),
     ["SRC", "CUE", "CB", "CI", "CI"]),
    # ... but with free transitions it stays O
    ("He said taxes rose sharply", ["SRC", "CUE", "CB", "O?", "CI"], _free_transitions(),
     ["SRC", "CUE", "CB", "O", "CI"]),
])
def test_tagger_viterbi_follows_transitions(nlp, words, labels, transitions, expected):
    doc = nlp.make_doc(words)
    p = _probs([label.rstrip("?") for label in labels])
    for i, label in enumerate(labels):
        if label.endswith("?"):  # unsure between O (0.55) and CI (0.45)
            p[i] = [0.55, 0.0, 0.0, 0.0, 0.45]
    assert viterbi(doc, p, transitions) == expected


@pytest.mark.parametrize(("text", "labels", "expected"), [
    # one content after its cue
    ("He said taxes rose .", ["SRC", "CUE", "CB", "CI", "O"], [[(2, 4)]]),
    # a content split around its attribution is one attribution of two stretches
    ("“ Taxes rose , ” he said , “ and fast . ”",
     ["CB", "CI", "CI", "CI", "CI", "SRC", "CUE", "O", "CI", "CI", "CI", "CI", "CI"],
     [[(0, 5), (8, 13)]]),
    # a new start (CB) right after a content is a second attribution
    ("Taxes rose . Prices fell .", ["CB", "CI", "CI", "CB", "CI", "CI"],
     [[(0, 3)], [(3, 6)]]),
    # a content that goes on after a word that is not cue or source is a new attribution
    ("Taxes rose and prices fell", ["CB", "CI", "O", "CI", "CI"], [[(0, 2)], [(3, 5)]]),
])
def test_tagger_contents_group_stretches(nlp, text, labels, expected):
    doc = nlp(text)
    assert _contents(doc, labels) == expected


def test_tagger_spans_find_cue_and_source(nlp):
    doc = nlp("The minister said taxes would rise.")
    labels = ["SRC", "SRC", "CUE", "CB", "CI", "CI", "O"]
    tagged = tag_spans(doc, _probs(labels), _free_transitions())
    assert len(tagged) == 1
    assert tagged[0].parts == [(3, 6)]
    assert tagged[0].cue == (2, 3)
    assert tagged[0].source == (0, 2)
    assert 0.85 < tagged[0].score <= 1.0


def test_tagger_model_round_trips_through_json(nlp):
    rng = np.random.default_rng(0)
    model = TaggerModel(labels=LABELS, vocab={"l=say": 0, "t=NN": 1},
                        sparse=rng.normal(size=(2, len(LABELS))),
                        dense=rng.normal(size=(96, len(LABELS))) / 10,
                        bias=rng.normal(size=len(LABELS)), transitions=_free_transitions())
    doc = nlp("She said it was over.")
    again = TaggerModel.from_json(model.to_json())
    assert np.allclose(model.probabilities(doc), again.probabilities(doc), atol=1e-3)
    assert np.allclose(again.probabilities(doc).sum(axis=1), 1.0)


def _rule_quote(text: str, speaker: str, cue: str, content: tuple[int, int]) -> Quote:
    s = text.index(speaker)
    c = text.index(cue)
    return Quote("indirect", Speaker(None, speaker, Span.of(text, s, s + len(speaker))),
                 Span.of(text, c, c + len(cue)), Span.of(text, *content))


TEXT = "The minister said taxes would rise next year. Smith warned of a recession."


@pytest.mark.parametrize(("design", "expected"), [
    # the rule quote takes the tagged boundaries and the tagged second attribution is added
    (Design(reshape=True, add=True),
     [("both", "taxes would rise next year"), ("tagger", "a recession")]),
    # without boundary correction the rule content stays as it was
    (Design(reshape=False, add=True),
     [("both", "taxes would rise"), ("tagger", "a recession")]),
    # without additions only the rule quote comes out
    (Design(reshape=True, add=False), [("both", "taxes would rise next year")]),
])
def test_learned_combine_reshapes_and_adds(nlp, design, expected):
    doc = nlp(TEXT)
    words = [t.text for t in doc]
    labels = ["SRC", "SRC", "CUE", "CB", "CI", "CI", "CI", "CI", "O",
              "SRC", "CUE", "CUE", "CB", "CI", "O"]
    assert len(words) == len(labels), words
    tagged = tag_spans(doc, _probs(labels), _free_transitions())
    start = TEXT.index("taxes")
    rule = _rule_quote(TEXT, "The minister", "said", (start, start + len("taxes would rise")))
    out = combine((rule,), tagged, doc, TEXT, (), design)
    assert [(c.origin, c.quote.content.text) for c in out] == expected


def test_learned_combine_keeps_rule_content_that_would_swallow_the_speaker(nlp):
    doc = nlp(TEXT)
    labels = ["CB"] + ["CI"] * 7 + ["O"] * 7  # the tagged content runs over speaker and cue
    tagged = tag_spans(doc, _probs(labels), _free_transitions())
    start = TEXT.index("taxes")
    rule = _rule_quote(TEXT, "The minister", "said", (start, start + len("taxes would rise")))
    out = combine((rule,), tagged, doc, TEXT, (), Design())
    assert [c.quote.content.text for c in out] == ["taxes would rise"]


@pytest.mark.parametrize(("text", "labels"), [
    # no one speaks: the source is an event
    ("The strengthening of ties suggests that it is deep.",
     ["SRC", "SRC", "SRC", "SRC", "CUE", "CB", "CI", "CI", "CI", "O"]),
    # a modal: nothing is reported yet
    ("Smith would announce sanctions.", ["SRC", "O", "CUE", "CB", "O"]),
])
def test_learned_combine_adds_only_reports_by_someone(nlp, text, labels):
    doc = nlp(text)
    assert len(doc) == len(labels), [t.text for t in doc]
    tagged = tag_spans(doc, _probs(labels), _free_transitions())
    assert tagged and tagged[0].cue is not None
    assert combine((), tagged, doc, text, (), Design()) == []
    assert combine((), tagged, doc, text, (), Design(need_speaker=False)) != []


def test_learned_combine_needs_a_cue_to_add(nlp):
    doc = nlp(TEXT)
    labels = ["O"] * 12 + ["CB", "CI", "O"]
    tagged = tag_spans(doc, _probs(labels), _free_transitions())
    assert combine((), tagged, doc, TEXT, (), Design()) == []


@pytest.mark.parametrize("confidence", [None, 0.0, 0.42, 1.0])
def test_records_quote_confidence_round_trips(confidence):
    text = "Officials said talks failed."
    quote = Quote("indirect", Speaker(None, None, Span.of(text, 0, 9)), Span.of(text, 10, 14),
                  Span.of(text, 15, 27), confidence=confidence)
    again = Quote.from_dict(quote.to_dict())
    assert again == quote
    assert quote.to_dict()["confidence"] == confidence


@pytest.mark.parametrize("text", [
    "The minister said on Monday that taxes would rise next year.",
    "“We will not back down,” the senator told reporters. “Never.”",
    "Analysts have warned of a recession, according to a report by the central bank.",
])
def test_pipeline_quotes_carry_confidence(nlp, text):
    from sitroom.pipeline import STAGES

    analysis = analyze_doc(Article(id="t", text=text), nlp(text), stages=STAGES)
    assert analysis.quotes
    for quote in analysis.quotes:
        assert quote.confidence is not None and 0.0 <= quote.confidence <= 1.0
        assert quote.speaker.span is None or not (
            quote.content.start < quote.speaker.span.end
            and quote.speaker.span.start < quote.content.end)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "“”", "said said said", "\u200b" * 5])
def test_tagger_stage_handles_texts_without_attributions(nlp, text):
    from sitroom.pipeline import STAGES

    analysis = analyze_doc(Article(id="t", text=text), nlp(text), stages=STAGES[:3])
    assert all(q.confidence is not None for q in analysis.quotes)


def test_learned_combine_adds_nothing_over_page_furniture(nlp):
    doc = nlp(TEXT)
    labels = ["O"] * 9 + ["SRC", "CUE", "CUE", "CB", "CI", "O"]
    tagged = tag_spans(doc, _probs(labels), _free_transitions())
    start = TEXT.index("Smith")
    assert [c.quote.content.text for c in combine((), tagged, doc, TEXT, (), Design())] \
        == ["a recession"]
    blocked = ((start, start + len("Smith")),)  # say the source were furniture
    assert combine((), tagged, doc, TEXT, (), Design(), blocked=blocked) == []


@pytest.mark.parametrize("text", [
    "",
    "Hi",
    "“We will not leave,” the minister said on Tuesday, “whatever the cost.”",
    "Officials said that the talks, which began in May, had stalled.\n\"Nothing moved\" "
    "according to one diplomat, who asked not to be named.",
    "He said it. He said it again, and she said it too, said they.",
    "`` Quoted '' in old marks; and a \"line\nbreak inside\" it.",
])
def test_tagger_feature_ids_score_as_the_named_features(nlp, text):
    from sitroom.attribution.tagger import load_tagger, token_features

    doc, model = nlp(text), load_tagger()
    named = model.probabilities(doc, token_features(doc))
    assert np.array_equal(model.probabilities(doc), named)


PARTS_TABLE = {"w=a": 1, "w=a=b": 2, "w==": 3, "up=x>L": 4, "up=x>R": 5, "ups=x>L": 6,
               "up=>L": 7, "sent_start": 8, "pw=a": 9}


@pytest.mark.parametrize(("prefix", "value", "suffix"), [
    ("w=", "a", ""), ("w=", "a=b", ""), ("w=", "=", ""), ("w=", "b", ""), ("pw=", "a", ""),
    ("up=", "x", ">L"), ("up=", "x", ">R"), ("ups=", "x", ">R"), ("up=", "", ">L"),
    ("up=", "x>", "L"), ("sent_", "start", ""), ("w", "=a", ""), ("nw=", "a", ""),
])
def test_tagger_features_parts_find_whole_names(prefix, value, suffix):
    """A value's entry in its prefix's part is the whole name's entry in the table."""
    from sitroom.attribution.tagger_features import Parts

    part = Parts.of(PARTS_TABLE, "=").part(prefix, suffix)
    assert part.get(value) == PARTS_TABLE.get(prefix + value + suffix)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_tagger_viterbi_five_labels_as_any_number(seed):
    """The forward pass written out for five labels gives the scores and back-pointers of
    the general one, ties (the first of equal sums) included."""
    from sitroom.attribution.tagger import _steps, _steps_of_five

    rng = np.random.default_rng(seed)
    emit = np.log(rng.integers(1, 4, size=(200, 5)) / 4).tolist()  # many equal sums
    into = np.log(rng.integers(1, 3, size=(5, 5)) / 3).tolist()
    assert _steps_of_five(emit, into) == _steps(emit, into)


@pytest.mark.parametrize("text", [
    "The Foo ran quickly. He said: \"It may be 12 BIG things, ten of them,\" in May.",
    "Officials in Kyiv   said a strike hit a power station on Tuesday!\n\n“We will rebuild.”",
    "",
])
def test_tagger_token_strings_are_the_tokens_attributes(nlp, text):
    from sitroom.tokens import TokenStrings

    doc = nlp(text)
    strings = TokenStrings.of(doc)
    assert TokenStrings.of(doc) is strings  # read once per parse
    columns = list(zip(strings.lower, strings.lemma, strings.tag, strings.dep, strings.pos,
                       strings.head, strings.word, strings.space, strings.idx, strict=True))
    assert columns == [(t.lower_, t.lemma_.lower(), t.tag_, t.dep_, t.pos_, t.head.i,
                        None if t.is_punct or t.is_space else "#" if t.like_num
                        else t.lemma_.lower(), t.is_space, t.idx) for t in doc]
    assert len(columns) == len(doc)


def _unkeyed(column):
    from sitroom.attribution.tagger_features import Column

    return Column(column.names, column.codes)


@pytest.mark.parametrize("texts", [
    ["The minister said the talks had stalled.", "The talks stalled, the minister said."],
    ["“We will not leave,” he said.", "`` Quoted '' in old marks.", "Hi"],
])
def test_tagger_features_keyed_ids_are_the_names_ids(nlp, texts):
    """Ids found by the names' keys, kept from parse to parse, are those of the names."""
    from sitroom.attribution.tagger import load_tagger
    from sitroom.attribution.tagger_features import Columns

    vocab = load_tagger().vocab
    for text in texts * 2:  # the second round finds every key seen before
        c = Columns.read(nlp(text))
        pairs = c.dep.paired(c.lemma, c.head, "|")
        for column, prefix in ((c.lower, "w="), (c.lemma, "l="), (pairs, "hd="),
                               (c.lower.shifted("<s>", back=True), "pw=")):
            assert column.keys is not None
            assert np.array_equal(column.ids(vocab, prefix), _unkeyed(column).ids(vocab, prefix))


def test_tagger_features_pair_keys_tell_the_order_apart(nlp):
    from sitroom.attribution.tagger_features import Columns

    c = Columns.read(nlp("war peace"))
    at = np.array([1, 0])  # each word paired with the other
    pairs = c.lower.paired(c.lower, at, "|")
    assert [pairs.names[k] for k in pairs.codes] == ["war|peace", "peace|war"]
    assert pairs.keys is not None and pairs.keys[0] != pairs.keys[1]
    again = Columns.read(nlp("war peace")).lower.paired(c.lower, at, "|")
    assert again.keys is not None and np.array_equal(again.keys, pairs.keys)


@pytest.mark.parametrize(("limit", "kept"), [(100_000, 6000), (1500, 0)])
def test_tagger_features_known_keeps_entries_past_sorting_in(monkeypatch, limit, kept):
    """Entries found stay right after the fresh keys are sorted in (and after the table
    part starts afresh at its limit)."""
    from sitroom.attribution.tagger_features import Known

    monkeypatch.setattr(Known, "LIMIT", limit)
    table = {f"w={n}": n for n in range(0, 6000, 3)}
    known = Known(table, np.intp)
    for start in (0, 2000, 1000, 4000, 0):
        keys = np.arange(start, start + 2000, dtype=np.uint64) * np.uint64(7919)
        names = [f"w={n}" for n in range(start, start + 2000)]
        found = known.find(keys, names.__getitem__, table.get, -1)
        assert found.tolist() == [table.get(name, -1) for name in names]
    assert len(known.sorted[0]) + len(known.fresh) == kept  # every key seen, or afresh


def test_tagger_features_known_is_right_from_several_threads():
    from concurrent.futures import ThreadPoolExecutor

    from sitroom.attribution.tagger_features import Known

    table = {f"w={n}": n for n in range(0, 20000, 2)}
    known = Known(table, np.intp)

    def right(start: int) -> bool:
        keys = np.arange(start, start + 1500, dtype=np.uint64) + np.uint64(1 << 40)
        names = [f"w={n}" for n in range(start, start + 1500)]
        found = known.find(keys, names.__getitem__, table.get, -1)
        return found.tolist() == [table.get(name, -1) for name in names]

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(right, [(n * 700) % 18000 for n in range(60)]))
    assert len(known.sorted[0]) > 0  # keys were sorted in on the way


def test_tagger_weighed_odds_count_words_only(nlp):
    from sitroom.attribution.tagger import _weighed

    doc = nlp("Yes, he said.")  # Yes , he said .
    odds = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert _weighed(doc, odds) == [1.0, 0.0, 3.0, 4.0, 0.0]
    other = [0.5, 0.5, -1.0, 0.25, 9.0]  # another set of odds for the same parse
    assert _weighed(doc, other) == [0.5, 0.0, -1.0, 0.25, 0.0]
