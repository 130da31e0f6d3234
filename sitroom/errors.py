"""Every error sitroom raises on purpose, with a stable code.

    SitroomError
     ├── InputError            one input could not be read; the batch goes on
     │    ├── EmptyInput          E101
     │    ├── BinaryInput         E102
     │    ├── InputTooLarge       E103
     │    ├── DecodeError         E104
     │    ├── MalformedInput      E105
     │    │    └── TooDeep           E112  JSON nested deeper than the reader goes
     │    ├── UnsafeInput         E106
     │    ├── UnsupportedInput    E107
     │    ├── NetworkDisabled     E108
     │    ├── FetchError          E109
     │    ├── SkippedInput        E110  read, but deliberately not analysed (language, …)
     │    ├── UnreadableInput     E111  permission denied, not a regular file, I/O error
     │    ├── AnalysisFailed      E114  the analysis of one article raised or ran too long
     │    └── InputNote           E113  the article was kept; part of its metadata was not
     │         └── PartlyAnalysed    E115  analysed up to the character cap; the rest noted
     ├── RecordError           E201  a record breaks the span rules of CONTRACT.md
     ├── ModelError            E301  no spaCy pipeline could be loaded
     ├── StoreError            E401  the database could not be opened or written
     │    └── NotFound            E402
     └── EngineError           E501  the worker processes or the Dask cluster could not run

Messages name the input and the reason in plain words, because they are printed as one
`path: reason` line per problem (`InputError.line()`, with control characters escaped so that
no file name can fake a line) and stored in the `ingest_errors` table. `kind` says what
became of the input: `failed`, `skipped`, or `note` (the article was read and kept).
"""

from __future__ import annotations


def printable(text: str) -> str:
    """`text` with every control, format and separator character escaped (`\\n`, `\\x1b`,
    `\\u202e`) and backslashes doubled, so that it prints as exactly one line as written."""
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(char.encode("unicode_escape", "backslashreplace").decode("ascii"))
    return "".join(out)


class SitroomError(Exception):
    code = "E000"


class InputError(SitroomError):
    """One input (file, record, URL) could not be turned into articles."""

    code = "E100"
    kind = "failed"

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")

    def line(self) -> str:
        """The problem as one printable `path: reason` line."""
        return f"{printable(self.where)}: {printable(self.reason)}"


class EmptyInput(InputError):
    code = "E101"


class BinaryInput(InputError):
    code = "E102"


class InputTooLarge(InputError):
    code = "E103"


class DecodeError(InputError):
    code = "E104"


class MalformedInput(InputError):
    code = "E105"


class UnsafeInput(InputError):
    code = "E106"


class UnsupportedInput(InputError):
    code = "E107"


class NetworkDisabled(InputError):
    code = "E108"


class FetchError(InputError):
    code = "E109"


class SkippedInput(InputError):
    """Read correctly but not analysed on purpose (e.g. not English)."""

    code = "E110"
    kind = "skipped"


class UnreadableInput(InputError):
    """The file system would not give the bytes: permission denied, not a regular file."""

    code = "E111"


class TooDeep(MalformedInput):
    """Structured input nested deeper than the reader follows (bounded work)."""

    code = "E112"


class InputNote(InputError):
    """Not an error: the article was read and kept, but part of it (a date, a metadata field)
    was not understood and left out. Yielded after the article it belongs to."""

    code = "E113"
    kind = "note"

    def line(self) -> str:
        return f"{printable(self.where)}: note: {printable(self.reason)}"


class AnalysisFailed(InputError):
    """The analysis of one article raised, or ran past its time budget; the other articles
    go on (a stored article keeps its text and waits for the next `analyze`)."""

    code = "E114"


class PartlyAnalysed(InputNote):
    """Only the first part of a long article was analysed (the cap per article)."""

    code = "E115"


class RecordError(SitroomError, ValueError):
    code = "E201"


class ModelError(SitroomError):
    code = "E301"


class StoreError(SitroomError):
    code = "E401"


class NotFound(StoreError, LookupError):
    code = "E402"


class EngineError(SitroomError):
    """The analysis could not be run where it was asked to: Dask not installed, the
    scheduler unreachable, no workers, or workers running another analyser version."""

    code = "E501"
