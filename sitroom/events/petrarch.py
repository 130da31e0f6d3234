"""Readers for dictionaries in the TABARI/PETRARCH text format, so that existing actor, agent
and verb dictionaries (e.g. the PETRARCH-2 validation suite's) can extend ours for a run.

Supported: actor entries `NAME_ [CODE]` with `+SYNONYM` lines and dated code lines
(`[CODE < 950601]`, `[CODE 19950601 - 19990815]`, `[CODE > 990816]`), a group's codes
together (`THE_SHIRE [FRO/BIL/SAM]`: an actor of type group coded `FRO/BIL/SAM`); one-word
agents `NAME {PLURAL} [~CODE]` with `!MACRO! = A, B` substitutions; verb blocks
`--- VERB [code] ---` with their verb forms and `- * WORDS [code]` patterns whose words
follow the verb (synsets `&NAME` are expanded), `- WORDS * [code]` patterns whose words come
shortly before it ("WILL NOT *": written `<will <not`, see `lexicon.BEFORE`) and
`- % * [code]` patterns of a compound subject ("X and Y agree"). A `+` before the verb makes
the subject the target; `+` and `$` after it say where the target or source stands
(`lexicon.ROLE`); a pattern with `^` before the verb is skipped. Multi-word verbs are read
as a verb with frame words (`+CORDON_OFF`: "cordon" with "off"; `WIRE_+TAP`: "tap" right
after "wire").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import BEFORE, COMPOUND_SUBJECT, ROLE

_CODE = re.compile(r"\[([^\]]*)\]")
# one actor, or a group named together: "THE_SHIRE [FRO/BIL/SAM]"
_ACTOR_CODE = re.compile(r"[A-Z]{3,12}(?:/[A-Z]{3,12})*")
_EVENT_CODE = re.compile(r"\d{2,4}[A-Z]?")  # CAMEO's, or a dictionary's own ("174K")


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    return line.split("#", 1)[0].rstrip()


def _phrase(name: str) -> str:
    return " ".join(name.replace("_", " ").split()).strip()


def _date(value: str) -> str | None:
    digits = value.strip()
    if not digits.isdigit():
        return None
    if len(digits) == 6:  # YYMMDD
        digits = ("19" if int(digits[:2]) > 30 else "20") + digits
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


def _dated(code_text: str) -> tuple[str, str | None, str | None]:
    """'HOBGOV 19950601 - 19990815' → (code, start, end)."""
    parts = code_text.split()
    code = parts[0] if parts else ""
    rest = " ".join(parts[1:])
    if "<" in rest:
        return code, None, _date(rest.split("<")[1])
    if ">" in rest:
        return code, _date(rest.split(">")[1]), None
    if "-" in rest:
        start, end = rest.split("-", 1)
        return code, _date(start), _date(end)
    return code, None, None


def read_actors(text: str) -> list[tuple[list[str], list[tuple[str, str | None, str | None]]]]:
    """Actor entries as (names, [(code, start, end), …])."""
    entries: list[tuple[list[str], list[tuple[str, str | None, str | None]]]] = []
    current: tuple[list[str], list[tuple[str, str | None, str | None]]] | None = None
    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        codes = [_dated(c) for c in _CODE.findall(stripped)]
        name = _CODE.sub("", stripped).strip()
        if stripped.startswith("+") and current is not None:
            current[0].append(_phrase(name[1:]))
            current[1].extend(codes)
        elif not name and codes and current is not None:  # an indented code line
            current[1].extend(codes)
        elif name and not raw[:1].isspace():
            current = ([_phrase(name)], codes)
            entries.append(current)
    return [(names, [c for c in codes if _ACTOR_CODE.fullmatch(c[0])])
            for names, codes in entries if any(_ACTOR_CODE.fullmatch(c[0]) for c in codes)]


def read_agents(text: str) -> dict[str, str]:
    """One-word agent nouns (and their plurals) → role codes ("cleric" → "REL")."""
    macros: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = _strip_comment(raw).strip()
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",")]
            continue
        match = re.fullmatch(r"([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]+)\]", line)
        if not match:
            continue
        names = [match.group(1)]
        for key, values in macros.items():
            if key in names[0]:
                names = [names[0].replace(key, v) for v in values]
        plurals = (match.group(2) or "").strip("{} ").split()
        for name in names + plurals:
            word = _phrase(name).lower()
            if word and " " not in word:
                out[word] = match.group(3)
                if not plurals:
                    out.setdefault(word + "s", match.group(3))
    return out


def read_verbs(text: str) -> list[tuple[str, str, str]]:
    """Verb patterns as (kind, pattern, code) rows for `Lexicon.extended`."""
    synsets: dict[str, list[str]] = {}
    rows: list[tuple[str, str, str]] = []
    lines = [_strip_comment(raw) for raw in text.splitlines()]
    current_set: str | None = None
    for line in lines:  # synsets first: patterns may use them before they are defined
        stripped = line.strip()
        if stripped.startswith("&") and " " not in stripped:
            current_set = stripped.rstrip("_")  # "&PREPOSIT1_" is used as "&PREPOSIT1"
            synsets[current_set] = []
        elif stripped.startswith("+") and current_set is not None:
            synsets[current_set].append(stripped[1:])
        elif stripped:
            current_set = None
    heads: list[str] = []
    default = ""
    in_block = in_synset = False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("&"):
            in_synset = True
            continue
        if in_synset and stripped.startswith("+"):
            continue
        in_synset = False
        # "--- DELAY [120] [031:031] ---": a second code on a header is not read
        header = re.fullmatch(r"---\s*(\S+?)_?\s*\[([^\]]*)\](?:\s*\[[^\]]*\])*\s*---",
                              stripped)
        if header:
            heads = [header.group(1).lower()]
            default = header.group(2)
            in_block = True
            _add(rows, heads, [], default)
            continue
        if not in_block or not stripped:
            continue
        if stripped.startswith("-"):
            pattern = stripped[1:]
            code_match = _CODE.search(pattern)
            if not code_match or "*" not in pattern:
                continue
            before, after = _CODE.sub("", pattern).split("*", 1)
            compound = before.split()[:1] == ["%"]
            if compound:
                # "- % * [030:030]", "- % HAVE * [191]": when the subject is a compound
                # ("X and Y agree", "X and Y have delayed …")
                before = before.replace("%", "", 1)
            subject_role = "target" if "+" in before.split() else None
            before = " ".join(w for w in before.split() if w not in ("+", "$"))
            if any(mark in before for mark in "+$^%"):
                continue  # a role inside the words before the verb: no frame counterpart
            earlier = _before_words(before, synsets) if before.strip() else [[]]
            mark = [COMPOUND_SUBJECT] if compound else []
            mark += ([ROLE + "target:subject"] if subject_role else []) + _role_words(after)
            for first in earlier:  # none when a synset before the verb has no words
                for words in _expand(after.split(), synsets):
                    _add(rows, heads, mark + first + words, code_match.group(1))
            continue
        word = _CODE.sub("", stripped).split("{")[0].strip().rstrip("_").lower()
        if re.fullmatch(r"\+?[a-z\-]+(?:_\+?[a-z\-]+)+", word):
            word = _multiword(word)
        if word and re.fullmatch(r"[a-z\-]+|[a-z\-]+ \S.*", word) and word not in heads:
            heads.append(word)
            code_match = _CODE.search(stripped)
            _add(rows, [word], [], code_match.group(1) if code_match else default)
    return rows


def _multiword(form: str) -> str:
    """A multi-word verb as a pattern: "+cordon_off" → "cordon off" (the "+" word is the
    verb; words after it are in its frame), "wire_+tap" → "tap <1:wire" (words before it
    come right before it)."""
    parts = [p for p in form.split("_") if p]
    at = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    before = parts[:at]
    return " ".join([parts[at].lstrip("+"), *(f"{BEFORE}{at - k}:{w}"
                                              for k, w in enumerate(before)),
                     *parts[at + 1:]])


def _role_words(after: str) -> list[str]:
    """Role marks (see `lexicon.ROLE`) for `+` and `$` after the verb: "ABOUT +" is the
    first actor after "about"; "AT ^ ^ +" skips two noun phrases after "at"; "+ HELD" is the
    noun phrase before "held"."""
    marks = []
    anchor: str | None = None
    skips = 0
    pending: str | None = None  # a role before any word: it stands before the next one
    for token in after.split():
        role = {"+": "target", "$": "source"}.get(token)
        if role and anchor is None:
            pending = role
        elif role:
            marks.append(f"{ROLE}{role}:{anchor}:{skips}")
        elif token == "^":
            skips += 1
        else:
            words = [p.lower() for p in token.split("_") if re.fullmatch(r"[A-Za-z\-']+", p)]
            if not words:  # a synset: its words are not known here
                anchor, skips, pending = None, 0, None
                continue
            if pending:
                marks.append(f"{ROLE}{pending}<{words[0]}")
                pending = None
            anchor, skips = words[-1], 0
    return marks


def _before_words(before: str, synsets: dict[str, list[str]]) -> list[list[str]]:
    """Pattern words for what comes before the verb: "<word" somewhere in the few words
    before it; "<2:failed", "<1:to" for words tied to it with "_" ("FAILED_TO_*")."""
    parts = before.split()
    tied = parts.pop() if parts and parts[-1].endswith("_") else ""
    out = []
    for loose in _expand(parts, synsets):
        for chain in _expand([tied], synsets) if tied else [[]]:
            out.append([BEFORE + w for w in loose] +
                       [f"{BEFORE}{len(chain) - k}:{w}" for k, w in enumerate(chain)])
    return [words for words in out if words]  # empty: nothing the pattern asks can be read


def _expand(tokens: list[str], synsets: dict[str, list[str]]) -> Iterable[list[str]]:
    words: list[list[str]] = [[]]
    for token in tokens:
        for piece in (p for p in token.split("_") if p):
            piece = piece.lstrip("+$%^")
            if not piece:
                continue
            if piece.startswith("&"):
                members = [m for m in synsets.get(piece, []) if "&" not in m]
                if not members:
                    return []
                words = [w + _phrase(m).lower().split() for w in words for m in members]
            elif re.fullmatch(r"[A-Za-z\-']+", piece):
                words = [w + [piece.lower()] for w in words]
    return words


def _add(rows: list[tuple[str, str, str]], heads: list[str], words: list[str],
         code_text: str) -> None:
    """A row per head. The code stands as the dictionary gives it, inside CAMEO or not
    ("212", "174K"); "[032:033]" also codes the target's reciprocal event."""
    code, _, reverse = (part.strip() for part in code_text.partition(":"))
    if not _EVENT_CODE.fullmatch(code):
        return
    if _EVENT_CODE.fullmatch(reverse):
        code = f"{code}:{reverse}"
    for head in heads:
        rows.append(("verb", " ".join([head, *words]), code))
