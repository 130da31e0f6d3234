"""Text and metadata normalisation applied to every article before anything indexes it."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import urlsplit

import ftfy

from ..tables import data_rows

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
    """A metadata field as one clean line, or None when empty or not text (see read_field)."""
    return read_field("field", value)[0]


def read_field(name: str, value: object) -> tuple[str | None, str | None]:
    """(one clean line or None, a note when a given value was left out).

    The rule for values that are not strings: a number is written in decimals (a title of
    2024 is "2024"); a list joins its items with ", "; an object stands for its "name" (the
    `{"id": …, "name": "Reuters"}` of news APIs); anything else (true/false, an object with no
    name, a list of lists) is left out with a note, never stored as a Python repr.
    """
    if value is None:
        return None, None
    parts = value if isinstance(value, list | tuple) else [value]
    texts = [_scalar_text(part) for part in parts if part is not None]
    if any(text is None for text in texts):
        return None, f"{name} is {_json_kind(value)}, not text; left out"
    line = " ".join(ftfy.fix_text(", ".join(t for t in texts if t and t.strip()), _FTFY).split())
    return line or None, None


def _scalar_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    if isinstance(value, dict):
        named = value.get("name")
        return named if isinstance(named, str) else None
    return None


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a JSON boolean)"
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list | tuple):
        return "a JSON list"
    return f"a {type(value).__name__}"


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ]\d)")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EPOCH = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{12,13}$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.", re.IGNORECASE)
_WRITTEN = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%d %b %Y",
            "%Y/%m/%d", "%d.%m.%Y", "%A, %B %d, %Y", "%A, %d %B %Y", "%a, %B %d, %Y",
            "%a %b %d %Y")
_PARTIAL = ("%B %Y", "%b %Y", "%Y-%m", "%Y")
# Epoch seconds are read between 1990 and 2100; outside that a number is no publication date.
_EPOCH_RANGE = (631152000, 4102444800)


def normalize_date(value: object) -> str | None:
    """Any common date form as YYYY-MM-DD, else None (`read_date` also says why)."""
    return read_date(value)[0]


def read_date(value: object) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD or None, a note when a given value could not be read as a day).

    Read: ISO 8601 with or without time and zone ("2014-05-20T10:00Z"), RFC 2822 ("Tue, 20
    May 2014 10:00:00 GMT"), written dates ("20 May 2014", "May 20, 2014", "Sept. 20, 2014",
    "Tuesday, May 20, 2014"), "2014/05/20", "20.05.2014", "20140520", day/month/year with
    slashes when one of the first two numbers is over 12, and epoch seconds or milliseconds
    (as numbers or digit strings, read in UTC). A date with a time zone keeps the day as
    written in that zone. Not read, with a note: a month or year alone, an ambiguous
    "05/06/2014", words ("yesterday"), impossible days ("2014-02-30").
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat(), None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, f"date is {_json_kind(value)}, not a date; left out"
    text = " ".join(str(value).split())
    found = _read_date_text(text) if text else None
    if found:
        return found, None
    return None, f"date {text[:80]!r} {_why_not(text)}; the article is kept without a date"


def _read_date_text(text: str) -> str | None:
    for pattern in (_ISO_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match:
            return _day(*(int(g) for g in match.groups()))
    if _EPOCH.match(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) > 11 else 1)
        if _EPOCH_RANGE[0] <= seconds < _EPOCH_RANGE[1]:
            return datetime.fromtimestamp(seconds, UTC).date().isoformat()
        return None
    slashed = _SLASHED.match(text)
    if slashed:
        first, second, year = (int(g) for g in slashed.groups())
        if first > 12 >= second:
            return _day(year, second, first)
        if second > 12 >= first:
            return _day(year, first, second)
        return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _strptime(_MONTH_DOT.sub(lambda m: m.group(1)[:3], text), _WRITTEN)


def _strptime(text: str, forms: tuple[str, ...]) -> str | None:
    for form in forms:
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _why_not(text: str) -> str:
    if _SLASHED.match(text):
        return "is ambiguous (day/month or month/day?)"
    if _strptime(text, _PARTIAL):
        return "names no day"
    if _ISO_DATE.match(text) or _COMPACT_DATE.match(text):
        return "is no calendar day"
    if _EPOCH.match(text):
        return "is a number outside 1990-2100 as epoch seconds"
    return "is not a date form sitroom reads"


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


# -- outlets --------------------------------------------------------------------------------

_TITLE_PARTS = re.compile(r"\s+[-|–—>»·:]\s+|:\s+")


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    return {domain.strip().lower(): name.strip()
            for domain, name in data_rows("outlets.tsv", 2) if domain.strip() and name.strip()}


def site_host(url: str | None) -> str | None:
    """The host of a web address, lower case, without "www." (None for no address)."""
    try:
        host = urlsplit((url or "").strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def outlet_by_domain(url: str | None) -> str | None:
    """The outlet whose site `url` is on (`data/outlets.tsv`, longest domain first)."""
    labels = (site_host(url) or "").split(".")
    known = _outlets()
    for i in range(len(labels) - 1):
        name = known.get(".".join(labels[i:]))
        if name:
            return name
    return None


def outlet_from_title(title: str | None) -> str | None:
    """The part of a feed or site title that names the outlet: "BBC News - World" → BBC
    News, "The latest news from the UK and around the world | Sky News" → Sky News; None
    when no part reads as a name (a slogan: lower-case words, or more than five words)."""
    for part in _TITLE_PARTS.split(normalize_field(title) or ""):
        words = part.strip(" .,;").split()
        if 0 < len(words) <= 5 and all(not w[0].islower() for w in words if len(w) > 3):
            return " ".join(words)
    return None


def outlet_name(site: str | None, title: str | None, item: str | None = None) -> str | None:
    """An outlet's name: the known outlet of the site's domain, else of the item's,
    else the name in the title, else the site's (or item's) domain."""
    return (outlet_by_domain(site) or outlet_by_domain(item) or outlet_from_title(title)
            or site_host(site) or site_host(item))
