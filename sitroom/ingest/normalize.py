"""Text and metadata normalisation applied to every article before anything indexes it."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import ftfy

# Curly quotes carry information (quote boundaries, apostrophes) and are kept; ftfy's
# default would straighten them.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC", explain=False)
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Repair mojibake, NFC-normalise, unify line breaks, and trim.

    Paragraph breaks survive as one blank line; runs of blank lines collapse to one.
    """
    text = ftfy.fix_text(text, _FTFY)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


def normalize_field(value: object) -> str | None:
    """A metadata field as one clean line, or None when empty."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        value = ", ".join(str(v).strip() for v in value if str(v).strip())
    text = " ".join(ftfy.fix_text(str(value), _FTFY).split())
    return text or None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def normalize_date(value: object) -> str | None:
    """Any common date form (ISO 8601, RFC 2822, a datetime) as YYYY-MM-DD, else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    try:
        return normalize_date(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def guess_title(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline.

    A headline is a line of its own, short, followed by more text, and does not end like
    a sentence of body text (a question mark is fine: "What's behind …?").
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not first or not sep or not rest.strip():
        return None
    if len(first) > 200 or len(first.split()) > 30:
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        return None
    return first
