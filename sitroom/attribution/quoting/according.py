""""According to X, …": the rest of the sentence is what X reports; in mid-sentence it
leaves two stretches ("G4S receives, according to one report, $234 million")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...tokens import TokenStrings
from .found import Context, Found, runs, strip
from .grammar import noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Token


def according_to(ctx: Context) -> None:
    doc, lower = ctx.doc, TokenStrings.of(ctx.doc).lower
    for token in (ctx.tokens[i] for i, word in enumerate(lower) if word == "according"):
        if token.i + 1 >= len(doc) or \
                doc[token.i + 1].lower_ != "to" or not ctx.outside(token):
            continue
        to = doc[token.i + 1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            continue
        rest = _reported(token, to, source)
        if not rest:
            continue
        content = strip(ctx.text, rest[0].idx, rest[-1].idx + len(rest[-1].text))
        if content[1] - content[0] < 10:
            continue
        stretches = tuple(strip(ctx.text, run[0].idx, run[-1].idx + len(run[-1].text))
                          for run in runs(rest) if any(not t.is_punct for t in run))
        ctx.found.append(Found("indirect", content, (token.idx, to.idx + len(to.text)),
                               noun_phrase(source), stretches if len(stretches) > 1 else ()))


def _reported(token: Token, to: Token, source: Token) -> list[Token]:
    """The tokens of the sentence that X reports: not the "according to X" phrase, nor the
    writer's concession ("Though he has no shot, …"), a "despite …", or a lead-in before a
    colon ("And it has not gone unnoticed: according to recent polls, …")."""
    doc, sent = token.doc, token.sent
    phrase = {t.i for t in token.subtree} | {t.i for t in to.subtree}
    comma = next((t for t in doc[source.i:sent.end] if t.text in (",", ";")), None)
    if comma is not None and token.i <= sent.start + 1 and \
            all(i <= comma.i or i in phrase for i in range(token.i, sent.end - 1)):
        # "According to Rush Limbaugh, the move reeks of fear": the parser took the whole
        # clause after the comma for part of the source; it ends there
        phrase = set(range(token.i, comma.i + 1))
    for branch in sent.root.children:
        concession = branch.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("though", "although", "whereas")
            for c in branch.children)
        despite = branch.dep_ == "prep" and branch.lower_ == "despite"
        if (concession and branch.i < sent.root.i) or despite:
            phrase |= {t.i for t in branch.subtree}
    rest = [t for t in sent if t.i not in phrase and not t.is_space]
    colon = next((t for t in reversed(rest) if t.text == ":" and t.i < token.i), None)
    if colon is not None:
        rest = [t for t in rest if t.i > colon.i]
    while rest and rest[0].is_punct:
        rest.pop(0)
    while rest and rest[-1].is_punct and rest[-1].text not in "”\"’":
        rest.pop()
    return rest
