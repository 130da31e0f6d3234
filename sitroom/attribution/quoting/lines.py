"""Quotes by line: transcript turns ("PENCE: Well, …", "Q: …") and a line opened by a name
and a colon ("Matthews: Well, …", "Poll: …")."""

from __future__ import annotations

import re
from collections import Counter

from ...actors.places import place_country
from .found import Context, Found, strip
from .grammar import HEADING_WORDS, NAMED_SOURCES, TRANSCRIPT_ROLES, UNNAMED_HEADS

# "PENCE: Well, look, …", also as a paragraph of a quoted transcript ("\"WALLACE: …")
_TRANSCRIPT = re.compile(r"(?m)^[\"“]?([A-Z][A-Z.\-' ]{2,30}(?=:)|[QA](?=[:.]))[:.]\s+"
                         r"(\S[^\n]*)$")
_STAGE = re.compile(r"[\"“]?\s*[(\[][^)\]]*[)\]]\W*$")  # "(CROSSTALK.)", "[LAUGHTER]"
# "Matthews: Well, speculation is bad." / "Lewandowski: FBI director acted as judge" — a
# line that opens with a name and a colon; the name must be a person, organisation or a
# source noun ("Poll: …", "Report: …") to count.
# A headline may say whom it was said to or where: "Clinton to Planned Parenthood: …",
# "Former AG Mukasey at RNC: …".
_NAMED_LINE = re.compile(r"(?m)^((?:[A-Z][\w.'’\-]*)(?: [A-Z][\w.'’\-]*){0,3})"
                         r"(?: (?:to|at) (?:the )?[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3})?"
                         r":\s+(\S[^\n]*)$")


def transcript_turns(text: str, people: set[str]) -> list[Found]:
    """Transcript turns: "PENCE: Well, look, …". In a quoted transcript (each paragraph
    opens with a mark, "\"WALLACE: …") the paragraphs after a turn that open with a mark and
    name nobody go on with it, up to a stage direction ("(CROSSTALK.)"). `people`: the
    lower-case words of the text's person names."""
    matches = list(_TRANSCRIPT.finditer(text))
    labelled = {m.start() for m in matches}
    uses = Counter(m.group(1).strip() for m in matches)
    turns = []
    for match in matches:
        name = match.group(1).strip()
        if place_country(name) and name.split()[-1].lower() not in people:
            continue  # "WASHINGTON: The Senate voted …" is a dateline
        if name in ("Q", "A") and not (uses["Q"] and uses["A"]):
            continue  # an interview's questions and answers come in pairs ("A: …" alone
            # may be a list's first item)
        words = [w.strip(".'").lower() for w in name.split()]
        if set(words) & HEADING_WORDS or not (
                words[-1] in people or words[-1] in UNNAMED_HEADS or
                words[-1] in TRANSCRIPT_ROLES or uses[name] > 1):
            # "SEE ALSO: …", "CORRECTION: …", "THE SHOOTER: What we know …": headings. A
            # speaker is a person named in the text, a role ("THE PRESIDENT", "Q") or a
            # label that takes turns.
            continue
        parts = [strip(text, match.start(2), len(match.group(0).rstrip("\"”")) + match.start())]
        if text[match.start()] in "\"“":
            at = match.end()
            while (paragraph := re.match(r"\s*\n\s*\n([\"“])([^\n]+)", text[at:])) and \
                    at + paragraph.start(1) not in labelled and \
                    not _STAGE.match(paragraph.group(0).strip()):
                parts.append(strip(text, at + paragraph.start(2), at + paragraph.end(2)))
                at += paragraph.end()
        turns.append(Found("direct", (parts[0][0], parts[-1][1]), None,
                           (match.start(1), match.end(1)), tuple(parts)))
    return turns


def named_lines(ctx: Context, people: set[str]) -> None:
    """A line that opens with a name and a colon, when the name is a person or body of the
    text, a source noun ("Poll: …") or plural unnamed people; not a tally ("Sanders:
    1,501."), a heading ("Editor's Note: …") or a transcript turn."""
    text = ctx.text
    transcribed = {m.start(1) for m in _TRANSCRIPT.finditer(text)}
    for match in _NAMED_LINE.finditer(text):
        if match.start(1) in transcribed or match.start(2) in ctx.inside:
            continue
        name = ctx.doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if len(re.findall(r"[^\W\d]+", match.group(2))) < 2 or {
                re.sub(r"['’]s$", "", w).strip(".'’").lower()
                for w in match.group(1).split()} & HEADING_WORDS:
            continue  # "Sanders: 1,501." (a tally), "Editor's Note: …" (a heading)
        if name is None or not (
                any(t.ent_type_ in ("PERSON", "ORG") for t in name) or
                name[-1].lower_ in people or name.root.lemma_.lower() in NAMED_SOURCES or
                name.root.lemma_.lower() in UNNAMED_HEADS and name.root.tag_ in ("NNS", "NNPS")):
            continue  # "Insiders: Trump will rebound" (an unnamed source, plural)
        ctx.found.append(Found("direct", strip(text, match.start(2), match.end(2)), None,
                               (match.start(1), match.end(1))))
