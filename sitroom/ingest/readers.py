"""Readers that turn files, stdin and URLs into `Article`s.

`read_inputs()` is the entry point. It yields, in input order, either an `Article` or the
`InputError` that explains why one input (a file, a record, a feed entry) gave nothing;
callers decide whether to print, store or raise them. One bad input never stops the batch.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import (
    BinaryInput,
    DecodeError,
    EmptyInput,
    InputError,
    InputNote,
    InputTooLarge,
    MalformedInput,
    NetworkDisabled,
    SkippedInput,
    TooDeep,
    UnreadableInput,
    UnsafeInput,
    UnsupportedInput,
)
from ..records import Article
from .fetch import Fetcher, FetchPolicy
from .language import detect_language
from .normalize import guess_title, normalize_text, read_date, read_field

FORMATS = ("auto", "txt", "html", "json", "jsonl", "feed")
EXTENSIONS = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}
TEXT_FIELDS = ("text", "content_original", "body", "content")
# 32 MiB: ten times the largest news page in the shared corpora (a 2.9 MB CNN page).
DEFAULT_MAX_BYTES = 32 * 2**20
MAX_JSONL_LINE = 8 * 2**20
# News records are 2 to 6 levels deep; Python's own parser gives up near 1,000 (RecursionError).
MAX_JSON_DEPTH = 100
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass(frozen=True)
class IngestOptions:
    """How inputs are read. Built once, passed down, copied with `replace()`, never mutated."""

    input_format: str = "auto"
    one_per_line: bool = False
    published: str | None = None
    allow_network: bool = False
    allow_private: bool = False  # fetch hosts that resolve to non-global addresses
    max_bytes: int = DEFAULT_MAX_BYTES
    languages: tuple[str, ...] = ("en",)
    fetcher: Fetcher | None = None


@dataclass(frozen=True)
class InputFile:
    """One input to read: a file path, '-' for stdin, or a URL."""

    name: str
    kind: str  # "file" | "stdin" | "url"


@dataclass(frozen=True)
class SkippedFiles:
    """Files a directory walk passed over because no reader handles their extension."""

    directory: str
    names: tuple[str, ...]

    def describe(self) -> str:
        suffixes: dict[str, int] = {}
        for name in self.names:
            suffix = Path(name).suffix or Path(name).name
            suffixes[suffix] = suffixes.get(suffix, 0) + 1
        listed = ", ".join(f"{s} ×{n}" for s, n in sorted(suffixes.items()))
        return f"{len(self.names)} file(s) with no article format passed over ({listed})"


def expand_inputs(paths: Iterable[str]) -> tuple[list[InputFile], list[InputError | SkippedFiles]]:
    """Resolve PATH arguments to the list of inputs to read, walking directories in order.

    Only regular files are read (a FIFO would block forever, a device never ends); anything
    else, an unreadable folder, and a folder with no article in it each become a problem.
    """
    files: list[InputFile] = []
    problems: list[InputError | SkippedFiles] = []
    for raw in paths:
        if raw == "-":
            files.append(InputFile("-", "stdin"))
        elif re.match(r"^https?://", raw, re.IGNORECASE):
            files.append(InputFile(raw, "url"))
        elif os.path.isdir(raw):
            _walk(raw, files, problems)
        elif os.path.lexists(raw):
            problem = _not_regular(raw)
            if problem is None:
                files.append(InputFile(raw, "file"))
            else:
                problems.append(problem)
        else:
            problems.append(InputError(raw, "no such file or directory"))
    return files, problems


def _walk(folder: str, files: list[InputFile], problems: list[InputError | SkippedFiles]) -> None:
    found = len(files)
    passed_over: list[str] = []
    unreadable: list[InputError] = []

    def on_error(exc: OSError) -> None:
        unreadable.append(UnreadableInput(exc.filename or folder,
                                          f"folder not read: {_os_reason(exc)}"))

    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if _format_from_name(name) is None:
                passed_over.append(os.path.relpath(path, folder))
                continue
            problem = _not_regular(path)
            if problem is None:
                files.append(InputFile(path, "file"))
            else:
                unreadable.append(problem)
    problems.extend(unreadable)
    if passed_over:
        problems.append(SkippedFiles(folder, tuple(passed_over)))
    if len(files) == found and not unreadable:
        held = f"{len(passed_over)} file(s), none with an article extension" if passed_over \
            else "the folder is empty"
        problems.append(EmptyInput(folder, f"no articles found in {folder} ({held})"))


def _not_regular(path: str) -> InputError | None:
    """None for a regular file (or a link to one); else the problem that keeps it unread."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return UnreadableInput(path, _os_reason(exc))
    if stat.S_ISREG(mode):
        return None
    return UnreadableInput(path, f"not a regular file ({_file_kind(mode)}), passed over")


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return kind
    return "not a file"


def _os_reason(exc: OSError) -> str:
    """An OSError in plain words: 'permission denied', 'no such file or directory', …"""
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or type(exc).__name__).lower()


def read_inputs(paths: Iterable[str], options: IngestOptions) -> Iterator[Article | InputError]:
    """Read every PATH and yield its articles or the errors that stood in the way."""
    files, problems = expand_inputs(paths)
    for problem in problems:
        if isinstance(problem, InputError):
            yield problem
    for item in files:
        yield from read_input(item, options)


def read_input(item: InputFile, options: IngestOptions) -> Iterator[Article | InputError]:
    """Yield the articles of one input, checked for language, or the error that stopped it."""
    skipped = None  # the notes of an article not analysed are not worth a line
    try:
        for result in _read_raw(item, options):
            if isinstance(result, Article):
                checked = _check_language(result, options)
                skipped = checked.where if isinstance(checked, InputError) else None
                yield checked
            elif not (isinstance(result, InputNote) and result.where == skipped):
                yield result
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield UnreadableInput(item.name, _os_reason(exc))
    except RecursionError:
        yield TooDeep(item.name, "nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - one input's surprise must not end the run
        yield MalformedInput(item.name, f"could not be read ({type(exc).__name__}: "
                                        f"{str(exc)[:200]})")


def _check_language(article: Article, options: IngestOptions) -> Article | InputError:
    lang, confidence = detect_language(article.text)
    if lang == "und":
        why = ("no words to tell it from" if confidence == 0.0 else
               f"no language called with confidence; best guess at {confidence:.2f}")
        return SkippedInput(
            article.origin or article.id,
            f"language not recognised ({why}); only {', '.join(options.languages)} is analysed",
        )
    if lang not in options.languages:
        return SkippedInput(
            article.origin or article.id,
            f"language is {lang!r} (confidence {confidence:.2f}); only "
            f"{', '.join(options.languages)} is analysed",
        )
    return replace(article, language=lang)


# -- bytes -------------------------------------------------------------------------------

def _read_raw(item: InputFile, options: IngestOptions) -> Iterator[Article | InputError]:
    if item.kind == "url":
        yield from _read_url(item.name, options)
        return
    if item.kind == "stdin":
        data = sys.stdin.buffer.read(options.max_bytes + 1)
        name, stem, fmt = "<stdin>", "stdin", None
    else:
        path = Path(item.name)
        name, stem, fmt = item.name, _stem(path.name), _format_from_name(path.name)
        data = _read_file(item.name, options.max_bytes)
    if len(data) > options.max_bytes:
        raise InputTooLarge(name, f"input is over the {options.max_bytes / 2**20:.0f} MB limit")
    data = _maybe_gunzip(name, data, options.max_bytes)
    fmt = _choose_format(name, data, fmt, options)
    yield from _parse(name, stem, data, fmt, options)


def _read_file(name: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, checked on the open descriptor: the open never blocks
    (O_NONBLOCK, in case a FIFO took the file's place after the walk) and nothing but a
    regular file is read."""
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UnreadableInput(name, _os_reason(exc)) from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput(name, f"not a regular file ({_file_kind(info.st_mode)}), "
                                        f"passed over")
        if info.st_size > max_bytes:
            raise InputTooLarge(
                name, f"file is {info.st_size / 2**20:.1f} MB, over the "
                f"{max_bytes / 2**20:.0f} MB limit per file (--max-mb)"
            )
        try:
            return handle.read(max_bytes + 1)
        except OSError as exc:
            raise UnreadableInput(name, _os_reason(exc)) from exc


def _read_url(url: str, options: IngestOptions) -> Iterator[Article | InputError]:
    if not options.allow_network:
        raise NetworkDisabled(url, "URLs are read only with --allow-network")
    fetcher = options.fetcher or FetchPolicy(allow_private=options.allow_private)
    fetched = fetcher(url, options.max_bytes)
    data = _maybe_gunzip(url, fetched.content, options.max_bytes)
    ctype = fetched.content_type.lower()
    hinted = (
        "feed" if any(t in ctype for t in ("rss", "atom", "xml")) else
        "json" if "json" in ctype else
        "html" if "html" in ctype else None
    )
    fmt = _choose_format(url, data, hinted, options)
    stem = "url-" + hashlib.sha1(fetched.url.encode()).hexdigest()[:12]
    for result in _parse(url, stem, data, fmt, options):
        if isinstance(result, Article) and result.url is None:
            result = replace(result, url=fetched.url)
        yield result


def _stem(name: str) -> str:
    for suffix in (".gz",):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return Path(name).stem if Path(name).suffix.lower() in EXTENSIONS else name


def _format_from_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return EXTENSIONS.get(Path(lower).suffix)


def _maybe_gunzip(name: str, data: bytes, max_bytes: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise MalformedInput(name, f"broken gzip data ({exc})") from exc
    if len(out) > max_bytes:
        raise InputTooLarge(name, f"unpacks to over {max_bytes / 2**20:.0f} MB")
    return out


def sniff_format(data: bytes) -> str | None:
    """Guess the format from the first bytes: html, feed, json, jsonl, or None."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        first_line = data.lstrip().split(b"\n", 1)[0].strip()
        if head.startswith(b"{") and first_line.endswith(b"}") and b"\n{" in data[:2**20]:
            return "jsonl"
        return "json"
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        if re.search(rb"<(rss|feed|rdf:rdf)[\s>]", head) or b"<rss" in data[:8192].lower():
            return "feed"
        if b"<html" in head:
            return "html"
        return "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<!--", b"<head", b"<body")):
        return "html"
    return None


def _choose_format(name: str, data: bytes, by_name: str | None, options: IngestOptions) -> str:
    _check_bytes(name, data)
    if options.input_format != "auto":
        return options.input_format
    sniffed = sniff_format(data)
    if (sniffed in ("json", "jsonl") and by_name not in ("json", "jsonl")
            and not _parses_as_json(data, sniffed)):
        sniffed = None  # "[UPDATED] …" looks like JSON for one byte; only parsing tells
    if by_name is None:
        return sniffed or "txt"
    if sniffed is None or sniffed == by_name or {sniffed, by_name} <= {"json", "jsonl"}:
        return by_name
    raise UnsupportedInput(
        name, f"the extension says {by_name} but the content looks like {sniffed} "
        f"(wrong extension? pass --input-format {sniffed} to read it as {sniffed})"
    )


def _parses_as_json(data: bytes, fmt: str) -> bool:
    """Whether the content is JSON (for jsonl: its first line is), as the readers would see it."""
    if fmt == "jsonl":
        data = data.lstrip().split(b"\n", 1)[0]
    try:
        load_json("", data.decode("utf-8-sig"))
    except TooDeep:
        return True  # JSON-shaped past the depth limit: the JSON reader says so
    except (UnicodeDecodeError, MalformedInput):
        return False
    return True


def _check_bytes(name: str, data: bytes) -> None:
    if not data.strip():
        raise EmptyInput(name, "empty input")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryInput(name, "binary data, not text (NUL bytes in the first 8 KB)")


# A text that is UTF-8 but for a few broken bytes keeps its words (the bytes become U+FFFD);
# one with more is read as Windows-1252, the encoding of most older Western pages and files.
MAX_BROKEN_BYTES = 16
MAX_BROKEN_SHARE = 0.001


def _decode(name: str, data: bytes, notes: list[InputError] | None = None) -> str:
    """The text of `data`: UTF-16 with its byte-order mark, else UTF-8; a few broken UTF-8
    bytes replaced, or the whole read as Windows-1252 — each with a note in `notes`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(name, f"invalid UTF-16 ({exc.reason} at byte {exc.start})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first = exc.start
    replaced = data.decode("utf-8-sig", errors="replace")
    broken = replaced.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count(
        "\ufffd")
    if broken <= MAX_BROKEN_BYTES and broken <= MAX_BROKEN_SHARE * len(data):
        _note(notes, name, f"{broken} invalid UTF-8 byte{'s' if broken != 1 else ''} (first "
                           f"at byte {first}) replaced by U+FFFD")
        return replaced
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    _note(notes, name, f"not valid UTF-8 (at byte {first}); read as Windows-1252")
    return text


def _note(notes: list[InputError] | None, name: str, said: str) -> None:
    if notes is not None:
        notes.append(InputNote(name, said))


# -- formats -----------------------------------------------------------------------------

def _parse(name: str, stem: str, data: bytes, fmt: str, options: IngestOptions
           ) -> Iterator[Article | InputError]:
    decoded: list[InputError] = []  # notes on how the bytes were read
    if fmt == "txt":
        yield from _parse_txt(name, stem, _decode(name, data, decoded), options)
        yield from decoded
    elif fmt == "html":
        from .html import html_article

        notes: list[InputError] = []
        yield html_article(name, stem, data, options.published, notes=notes)
        yield from notes
    elif fmt == "json":
        yield from _parse_json(name, stem, _decode(name, data, decoded), options)
        yield from decoded
    elif fmt == "jsonl":
        yield from _parse_jsonl(name, stem, data, options)
    elif fmt == "feed":
        from .feeds import feed_articles

        yield from feed_articles(name, stem, data)
    else:
        raise UnsupportedInput(name, f"unknown input format {fmt!r} (one of {', '.join(FORMATS)})")


def make_article(origin: str, article_id: str, raw_text: str,
                 notes: list[InputError] | None = None, **meta: Any) -> Article:
    """Normalise text and metadata into an Article; raise EmptyInput when no text is left.

    A metadata value that cannot be read (a date in no known form, a title that is a JSON
    object) is left out; with `notes` given, an InputNote saying so is added to it.
    """
    text = normalize_text(raw_text)
    if not text:
        raise EmptyInput(origin, "no article text")
    fields: dict[str, str | None] = {}
    said: list[str] = []
    for key in ("title", "source", "url", "author"):
        fields[key], note = read_field(key, meta.get(key))
        said += [note] if note else []
    fields["published"], note = read_date(meta.get("published"))
    said += [note] if note else []
    if notes is not None:
        notes.extend(InputNote(origin, note) for note in said)
    return Article(id=article_id, text=text, title=fields["title"], source=fields["source"],
                   url=fields["url"], published=fields["published"], author=fields["author"],
                   origin=origin)


def _parse_txt(name: str, stem: str, text: str, options: IngestOptions
               ) -> Iterator[Article | InputError]:
    if options.one_per_line:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{name}:{number}"
            try:
                yield make_article(where, f"{stem}:{number}", line,
                                   published=options.published)
            except InputError as exc:
                yield exc
        return
    normalized = normalize_text(text)
    yield make_article(name, stem, normalized, title=guess_title(normalized),
                       published=options.published)


def record_article(where: str, default_id: str, record: Any, options: IngestOptions,
                   notes: list[InputError] | None = None) -> Article:
    """An Article from one JSON record with the fields CONTRACT.md names (notes as for
    `make_article`)."""
    if not isinstance(record, dict):
        raise MalformedInput(where, f"expected a JSON object, got {type(record).__name__}")
    lowered = {str(k).lower(): v for k, v in record.items()}
    raw_text = next((lowered[k] for k in TEXT_FIELDS if isinstance(lowered.get(k), str)
                     and lowered[k].strip()), None)
    if raw_text is None:
        raise EmptyInput(where, f"record has no text (looked for {', '.join(TEXT_FIELDS)})")
    given_id = lowered.get("id")
    if isinstance(given_id, dict | list | bool):
        raise MalformedInput(where, f"id is {type(given_id).__name__}, not a string or number")
    return make_article(
        where, str(given_id) if given_id not in (None, "") else default_id, raw_text, notes,
        title=lowered.get("title"), source=lowered.get("source"), url=lowered.get("url"),
        published=lowered.get("published") or lowered.get("date") or options.published,
        author=lowered.get("author") or lowered.get("authors"),
    )


def check_json_depth(name: str, text: str, limit: int = MAX_JSON_DEPTH) -> None:
    """Refuse JSON nested deeper than `limit` before parsing it (linear time).

    Strings are blanked, then the depth is the running sum of +1 per opening and -1 per
    closing bracket.
    """
    if text.count("[") + text.count("{") <= limit:
        return
    import numpy as np

    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)).encode("ascii")
    steps = np.frombuffer(brackets, dtype=np.uint8)
    deepest = int(np.cumsum(_bracket_steps()[steps], dtype=np.int64).max(initial=0))
    if deepest > limit:
        raise TooDeep(name, f"JSON nested deeper than {limit} levels, not read")


@lru_cache(maxsize=1)
def _bracket_steps():  # type: ignore[no-untyped-def]
    import numpy as np

    step = np.zeros(256, dtype=np.int8)
    step[[ord("["), ord("{")]] = 1
    step[[ord("]"), ord("}")]] = -1
    return step


def load_json(name: str, text: str) -> Any:
    """Parsed JSON, or MalformedInput / TooDeep naming `name` and the reason."""
    check_json_depth(name, text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedInput(name, f"invalid JSON ({exc.msg} at line {exc.lineno}, "
                                   f"column {exc.colno})") from exc
    except RecursionError as exc:
        raise TooDeep(name, "JSON nested too deeply to read") from exc


def _parse_json(name: str, stem: str, text: str, options: IngestOptions
                ) -> Iterator[Article | InputError]:
    data = load_json(name, text)
    if isinstance(data, dict):
        notes: list[InputError] = []
        yield record_article(name, stem, data, options, notes)
        yield from notes
        return
    if not isinstance(data, list):
        raise MalformedInput(name, f"expected a JSON object or list, got {type(data).__name__}")
    for index, record in enumerate(data, start=1):
        notes = []
        try:
            yield record_article(f"{name}[{index}]", f"{stem}:{index}", record, options, notes)
        except InputError as exc:
            yield exc
        yield from notes


def _parse_jsonl(name: str, stem: str, data: bytes, options: IngestOptions
                 ) -> Iterator[Article | InputError]:
    for number, raw in enumerate(data.splitlines(), start=1):
        where = f"{name}:{number}"
        if not raw.strip():
            continue
        try:
            if len(raw) > MAX_JSONL_LINE:
                raise InputTooLarge(where, f"line is over {MAX_JSONL_LINE / 2**20:.0f} MB")
            record = load_json(where, _decode(where, raw))
            notes: list[InputError] = []
            yield record_article(where, f"{stem}:{number}", record, options, notes)
            yield from notes
        except InputError as exc:
            yield exc


def check_entities(name: str, data: bytes) -> None:
    """Refuse XML that declares entities or external references (billion laughs, XXE)."""
    import defusedxml.ElementTree as safe_et
    from defusedxml import DefusedXmlException

    if b"<!ENTITY" not in data[:65536].upper() and b"SYSTEM" not in data[:65536].upper():
        return
    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeInput(name, f"XML declares entities or external references, refused "
                                f"for safety ({type(exc).__name__})") from exc
    except Exception:  # noqa: BLE001 - a malformed feed is the feed reader's to report
        return
