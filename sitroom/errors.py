"""Every error sitroom raises on purpose, with a stable code.

    SitroomError
     ├── InputError            one input could not be read; the batch goes on
     │    ├── EmptyInput          E101
     │    ├── BinaryInput         E102
     │    ├── InputTooLarge       E103
     │    ├── DecodeError         E104
     │    ├── MalformedInput      E105
     │    ├── UnsafeInput         E106
     │    ├── UnsupportedInput    E107
     │    ├── NetworkDisabled     E108
     │    ├── FetchError          E109
     │    └── SkippedInput        E110  read, but deliberately not analysed (language, …)
     ├── RecordError           E201  a record breaks the span rules of CONTRACT.md
     ├── ModelError            E301  no spaCy pipeline could be loaded
     └── StoreError            E401  the database could not be opened or written
          └── NotFound            E402

Messages name the input and the reason in plain words, because they are printed as one
`path: reason` line per problem and stored in the `ingest_errors` table.
"""

from __future__ import annotations


class SitroomError(Exception):
    code = "E000"


class InputError(SitroomError):
    """One input (file, record, URL) could not be turned into articles."""

    code = "E100"

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


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


class RecordError(SitroomError, ValueError):
    code = "E201"


class ModelError(SitroomError):
    code = "E301"


class StoreError(SitroomError):
    code = "E401"


class NotFound(StoreError, LookupError):
    code = "E402"
