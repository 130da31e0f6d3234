from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "The minister said the talks had stalled.",
    "“We will not leave,” he said.\n\nOfficials — reportedly — disagreed.",
    "Prices rose 12.5% in Zürich; naïve café-goers paid €4.",
])
def test_tokens_end_is_where_each_token_ends(nlp, text):
    """`TokenStrings.end` is each token's offset after its text, as `idx + len(text)`."""
    from sitroom.tokens import TokenStrings

    doc = nlp(text)
    assert TokenStrings.of(doc).end == [t.idx + len(t.text) for t in doc]


def test_tokens_per_parse_builds_once_and_keeps_what_it_is_told(nlp):
    from sitroom.tokens import PerParse

    built = []
    table = PerParse(lambda doc: built.append(doc) or len(doc))
    first, second = nlp("One two."), nlp("Three.")
    assert (table(first), table(first), table(second)) == (3, 3, 2)
    assert len(built) == 2  # once per parse
    table.remember(second, 7)
    assert table(second) == 7 and len(built) == 2
