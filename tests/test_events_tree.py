"""The parse as index lists (sitroom.events.tree): each answer is what spaCy's own `Token`,
`Span` and `Doc.char_span` give for the same parse."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.events.tree import Tree, entities, root_at

TEXTS = [
    "Gondor, Arnor and the evil Mordor signed a pact with Rohan and Bree in June.",
    "They met.  Thousands of soldiers from Gondor and Rohan marched, fought and won.",
    "\"We will not attack,\" the minister said on Monday.\n\nTalks resume in Paris!",
    "",
]


@pytest.fixture(scope="module", params=TEXTS)
def doc(nlp: Any, request: pytest.FixtureRequest) -> Any:
    return nlp(request.param)


def test_events_tree_children_as_spacy_gives_them(doc: Any) -> None:
    tree = Tree.of(doc)
    assert [tree.kids(t.i) for t in doc] == [[c.i for c in t.children] for t in doc]


def test_events_tree_conjuncts_and_subtrees_as_spacy_gives_them(doc: Any) -> None:
    tree = Tree.of(doc)
    assert [tree.conjuncts(t.i) for t in doc] == [[c.i for c in t.conjuncts] for t in doc]
    assert [tree.subtree(t.i) for t in doc] == [[c.i for c in t.subtree] for t in doc]


def test_events_tree_sentences_as_spacy_cuts_them(doc: Any) -> None:
    tree = Tree.of(doc)
    assert list(zip(tree.sent_start, tree.sent_end, strict=True)) == [
        (t.sent.start, t.sent.end) for t in doc]


def test_events_tree_flags_and_entity_types_as_spacy_reads_them(doc: Any) -> None:
    tree = Tree.of(doc)
    assert list(zip(tree.alpha, tree.lowercase, tree.title, tree.number, tree.punct,
                    tree.ent, strict=True)) == [
        (t.is_alpha, t.is_lower, t.is_title, t.like_num, t.is_punct, t.ent_type_) for t in doc]
    assert entities(doc) == tuple(doc.ents)


def test_events_tree_char_span_as_doc_char_span_expands(doc: Any) -> None:
    tree = Tree.of(doc)
    size = len(doc.text)
    for start in range(-1, size + 2):
        for end in range(start + 1, size + 3):
            span = doc.char_span(start, end, alignment_mode="expand")
            found = tree.char_span(start, end)
            assert (None if found is None else (found.start, found.stop)) == (
                None if span is None else (span.start, span.end)), (start, end)


def test_events_tree_root_at_is_the_root_of_the_expanded_span(doc: Any) -> None:
    for token in doc:
        for end in (token.idx + len(token), token.idx + len(token.text_with_ws) + 3):
            span = doc.char_span(token.idx, end, alignment_mode="expand")
            root = root_at(doc, token.idx, end)
            assert (None if root is None else root.i) == (
                span.root.i if span is not None and len(span) else None)
