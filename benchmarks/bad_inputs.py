"""A catalogue of bad and odd inputs, and what sitroom does with each.

    python -m benchmarks.bad_inputs [--heavy] [--table]

Each case builds one input (a file, a folder, a feed …) in a folder of its own. It is run
through `sitroom extract` alone, in a process of its own with a deadline, and the outcome
is read off what the process did:
- **error**: a problem line on stderr names the input and the reason; nothing is printed for it;
- **handled**: the input came out as one or more analysed articles on stdout;
- **crash**: a traceback, or an exit status other than 0 or 1;
- **hang**: the deadline passed.
tests/test_bad_inputs.py then sends all cases through one `sitroom analyze` beside good
articles already stored: the good articles must stay stored and unchanged. `--table` prints
the Markdown table of docs/reliability.md (then the summary line, as without it); `--heavy`
adds the cases that take tens of seconds (texts of millions of characters).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITROOM = [sys.executable, "-m", "benchmarks.measured"]
DEADLINE = 120.0  # seconds one case may take before it counts as a hang
GOOD = ("North Korea has sent about 11,000 soldiers to Russia, South Korea's intelligence "
        "agency said on Friday. The Kremlin declined to comment. \"We are watching closely,\" "
        "a NATO spokesman said.")
SENTENCE = "Officials in Kyiv said the strike hit a power station on Tuesday, killing two. "


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path], Path]  # makes the input inside the folder, returns what to pass
    expect: str = "either"  # error | handled | either
    heavy: bool = False


def _file(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path
    return build


def _json(record: object, name: str = "a.json") -> Callable[[Path], Path]:
    return _file(name, json.dumps(record))


def _article(**fields: object) -> Callable[[Path], Path]:
    return _json({"id": "odd", "title": "Troops sent", "text": GOOD, **fields})


def _fifo(folder: Path) -> Path:
    inner = folder / "in"
    inner.mkdir()
    os.mkfifo(inner / "pipe.txt")
    (inner / "ok.txt").write_text(GOOD, "utf-8")
    return inner


def _symlink_loop(folder: Path) -> Path:
    inner = folder / "in"
    inner.mkdir()
    (inner / "loop").symlink_to(inner, target_is_directory=True)
    (inner / "ok.txt").write_text(GOOD, "utf-8")
    return inner


def _unreadable(folder: Path) -> Path:
    path = folder / "secret.txt"
    path.write_text(GOOD, "utf-8")
    path.chmod(0)
    return path


def _empty_folder(folder: Path) -> Path:
    inner = folder / "empty"
    inner.mkdir()
    return inner


def _deep_folders(folder: Path) -> Path:
    inner = folder / "deep"
    path = inner
    for n in range(60):
        path = path / f"d{n}"
    path.mkdir(parents=True)
    (path / "a.txt").write_text(GOOD, "utf-8")
    return inner


def _named(name: str) -> Callable[[Path], Path]:
    return _file(name, GOOD)


def _gzip_bomb(folder: Path) -> Path:
    path = folder / "bomb.txt.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        chunk = b"A" * (1 << 20)
        for _ in range(200):  # 200 MB of text in about 200 KB
            out.write(chunk)
    return path


def _feed(items: str) -> str:
    return ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
            f"{items}</channel></rss>")


BILLION_LAUGHS = ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                  "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                  "<rss><channel><item><title>&lol3;</title></item></channel></rss>")


def cases() -> list[Case]:
    """The catalogue: reading, formats, metadata, language, size and the file system."""
    return [
        # -- text and encodings
        Case("empty-file", "a .txt of zero bytes", _file("a.txt", b""), "error"),
        Case("whitespace-only", "spaces and newlines only", _file("a.txt", "  \n\n\t \n"),
             "error"),
        Case("binary-png", "a PNG image named .txt", _file("a.txt", b"\x89PNG\r\n\x1a\n" +
                                                           bytes(range(256)) * 8), "error"),
        Case("nul-bytes", "text with NUL bytes inside", _file("a.txt", GOOD.replace(
            " ", "\x00", 3))),
        Case("utf16-bom", "UTF-16 with a byte-order mark", _file(
            "a.txt", "\ufeff".encode("utf-16-le") + GOOD.encode("utf-16-le")), "either"),
        Case("utf8-bom", "UTF-8 with a byte-order mark", _file("a.txt", "\ufeff" + GOOD),
             "handled"),
        Case("latin1", "Latin-1 bytes, not UTF-8", _file(
            "a.txt", ("Café owners in Zürich said " + GOOD).encode("latin-1")), "handled"),
        Case("invalid-utf8", "broken UTF-8 sequences", _file(
            "a.txt", GOOD.encode() + b"\xff\xfe\xc3\x28" + GOOD.encode()), "handled"),
        Case("mojibake", "doubly encoded UTF-8", _file(
            "a.txt", ("The minister’s statement: " + GOOD).encode().decode("latin-1")),
             "handled"),
        Case("cr-only", "old Mac line endings", _file("a.txt", GOOD.replace(". ", ".\r")),
             "handled"),
        Case("control-chars", "C0 control characters in the prose", _file(
            "a.txt", GOOD.replace(" ", "\x07 ", 4)), "handled"),
        Case("bidi-override", "right-to-left override characters", _file(
            "a.txt", "\u202e" + GOOD + "\u202c"), "handled"),
        Case("zero-width", "zero-width spaces between words", _file(
            "a.txt", GOOD.replace(" ", " \u200b")), "handled"),
        Case("one-word", "a single word", _file("a.txt", "Kyiv"), "either"),
        Case("emoji-only", "emoji and nothing else", _file("a.txt", "🔥🔥🚀"), "error"),
        Case("punctuation-only", "punctuation only", _file("a.txt", "!!! ??? ... ---"),
             "error"),
        Case("newlines-1000", "a thousand blank lines around one sentence", _file(
            "a.txt", "\n" * 1000 + GOOD + "\n" * 1000), "handled"),
        Case("html-in-txt", "HTML markup in a .txt", _file(
            "a.txt", f"<html><body><p>{GOOD}</p></body></html>")),
        Case("updated-prefix", "a .txt that starts with [UPDATED]", _file(
            "a.txt", "[UPDATED] " + GOOD), "handled"),
        Case("brace-prefix", "a .txt that starts with {", _file("a.txt", "{" + GOOD),
             "handled"),
        # -- JSON and JSON lines
        Case("json-invalid", "not JSON at all in a .json", _file("a.json", "{not json"),
             "error"),
        Case("json-truncated", "JSON cut in the middle", _file(
            "a.json", json.dumps({"id": "x", "text": GOOD})[:40]), "error"),
        Case("json-deep", "JSON nested 100,000 deep", _file(
            "a.json", "[" * 100_000 + "]" * 100_000), "error"),
        Case("json-array-numbers", "a JSON array of numbers", _file("a.json", "[1, 2, 3]"),
             "error"),
        Case("json-no-text", "an object without text", _json({"id": "x", "title": "T"}),
             "error"),
        Case("json-text-number", "text is a number", _json({"id": "x", "text": 12}), "error"),
        Case("json-text-null", "text is null", _json({"id": "x", "text": None}), "error"),
        Case("json-title-list", "title is a list", _article(title=["a", "b"])),
        Case("json-source-number", "source is a number", _article(source=42)),
        Case("json-date-dict", "published is an object", _article(published={"y": 2024})),
        Case("json-id-slash", "an id with slashes", _article(id="a/b/../c"), "handled"),
        Case("json-id-control", "an id with a newline and an escape", _article(
            id="x\n\x1b[31mred"), "either"),
        Case("json-id-long", "an id of 10,000 characters", _article(id="x" * 10_000)),
        Case("json-duplicate-keys", "the same key twice", _file(
            "a.json", '{"id": "d", "text": "x", "text": ' + json.dumps(GOOD) + "}"),
             "handled"),
        Case("json-huge-number", "a number of 5,000 digits", _file(
            "a.json", '{"id": "n", "n": ' + "9" * 5000 + ', "text": ' + json.dumps(GOOD) +
            "}")),
        Case("jsonl-mixed", "JSON lines: good, bad, empty, good", _file(
            "a.jsonl", "\n".join([json.dumps({"id": "j1", "text": GOOD}), "{oops", "",
                                  json.dumps({"id": "j2", "text": GOOD})])), "handled"),
        Case("jsonl-all-bad", "JSON lines that are all broken", _file(
            "a.jsonl", "{a\n{b\n{c\n"), "error"),
        # -- dates
        *[Case(f"date-{n}", f"published as {value!r}", _article(id=f"date{n}",
                                                                  published=value), "handled")
          for n, value in enumerate([
              "Tue, 20 May 2014 10:00:00 GMT", "20 May 2014", "May 20, 2014", "2014/05/20",
              "20.05.2014", "2014-05-20T10:00:00+02:00", "1400580000", "2014-05-20T10:00Z",
              "yesterday", "2014-13-45", "0000-00-00", "31/02/2014"])],
        # -- HTML, feeds, compression
        Case("html-empty", "an empty HTML page", _file("a.html", "<html></html>"), "error"),
        Case("html-scripts-only", "a page of scripts", _file(
            "a.html", "<html><script>var a=1;</script><script>alert(1)</script></html>"),
             "error"),
        Case("html-malformed", "unclosed tags everywhere", _file(
            "a.html", "<html><body><p>" + GOOD + "<div><span><p>" + GOOD), "handled"),
        Case("html-deep", "100,000 nested divs", _file(
            "a.html", "<div>" * 100_000 + GOOD + "</div>" * 100_000)),
        Case("gz-plain", "a .gz that is not gzip (read as it is)", _file("a.txt.gz", GOOD),
             "handled"),
        Case("gz-empty", "a .gz of zero bytes", _file("a.txt.gz", b""), "error"),
        Case("gz-bomb", "200 MB of text in a small .gz", _gzip_bomb, "error"),
        Case("feed-no-items", "a feed with no items", _file("a.rss", _feed("")), "error"),
        Case("feed-no-text", "a feed whose items carry no text", _file(
            "a.rss", _feed("<item><title>Only a title</title></item>")), "either"),
        Case("feed-entities", "a feed with an entity expansion bomb", _file(
            "a.rss", BILLION_LAUGHS), "error"),
        Case("feed-broken", "a feed cut in the middle", _file(
            "a.rss", _feed("<item><title>T</title><description>" + GOOD)[:-30]), "either"),
        # -- language
        Case("chinese", "an article in Chinese", _file(
            "a.txt", ("朝鲜已向俄罗斯派遣约一万一千名士兵，"
                      "韩国情报机构周五表示。克里姆林宫拒绝置评。") * 5), "error"),
        Case("arabic", "an article in Arabic", _file(
            "a.txt", "أرسلت كوريا الشمالية نحو أحد عشر ألف جندي إلى روسيا، وفق المخابرات. " * 5),
             "error"),
        Case("mixed-language", "English with a Chinese quotation", _file(
            "a.txt", GOOD + " 他说：“我们正在密切关注。”"), "handled"),
        Case("all-caps", "an English article in capitals", _file("a.txt", GOOD.upper()),
             "either"),
        Case("numbers-only", "a table of numbers", _file(
            "a.txt", "\n".join(" ".join(str(i * j) for j in range(10)) for i in range(50))),
             "error"),
        # -- the file system
        Case("fifo", "a FIFO named pipe.txt in a folder", _fifo, "handled"),
        Case("symlink-loop", "a folder that links to itself", _symlink_loop, "handled"),
        Case("unreadable", "a file its reader may not open", _unreadable, "either"),
        Case("empty-folder", "a folder with nothing in it", _empty_folder, "error"),
        Case("deep-folders", "an article 60 folders down", _deep_folders, "handled"),
        Case("newline-name", "a file name with a newline", _named("two\nlines.txt"), "handled"),
        Case("escape-name", "a file name with a terminal escape", _named("\x1b[31mred.txt"),
             "handled"),
        Case("long-name", "a file name of 250 characters", _named("n" * 246 + ".txt"),
             "handled"),
        Case("dir-named-txt", "a folder named a.txt", lambda f: _mkdir(f / "a.txt")),
        Case("hidden-file", "a hidden .txt file in a folder", lambda f: _hidden(f)),
        # -- size
        Case("long-sentence-50k", "a 50,000-character sentence without punctuation", _file(
            "a.txt", ("word " * 10_000).strip()), "handled"),
        Case("sentences-2000", "2,000 sentences", _file("a.txt", SENTENCE * 2000), "handled"),
        Case("text-2m", "2,100,000 characters", _file("a.txt", SENTENCE * 26_000), "either",
             heavy=True),
        Case("sentences-10000", "10,000 sentences (0.8 MB)", _file("a.txt", SENTENCE * 10_000),
             "handled", heavy=True),
        Case("no-punctuation-1m", "a 1 MB run without punctuation", _file(
            "a.txt", ("word " * 200_000).strip()), "either", heavy=True),
    ]


def _mkdir(path: Path) -> Path:
    path.mkdir()
    (path / "inner.txt").write_text(GOOD, "utf-8")
    return path.parent


def _hidden(folder: Path) -> Path:
    inner = folder / "in"
    inner.mkdir()
    (inner / ".hidden.txt").write_text(GOOD, "utf-8")
    (inner / "seen.txt").write_text(GOOD, "utf-8")
    return inner


@dataclass
class Outcome:
    case: str
    outcome: str  # error | handled | crash | hang
    articles: int
    seconds: float
    mb: float
    problem: str  # the first problem line, or ""


def run_extract(case: Case, folder: Path, deadline: float = DEADLINE) -> Outcome:
    """`sitroom extract` on the case's input, in a process of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    target = case.build(folder)
    peak = folder.parent / f"{folder.name}.peak"
    env = {**os.environ, "SITROOM_PEAK_FILE": str(peak),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                       os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    process = subprocess.Popen([*SITROOM, "extract", str(target)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=folder, env=env,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=deadline)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        return Outcome(case.name, "hang", 0, deadline, 0.0, "")
    seconds = time.perf_counter() - start
    mb = float(peak.read_text().strip()) if peak.exists() else 0.0
    lines = [line for line in out.decode("utf-8", "replace").splitlines() if line.strip()]
    problems = err.decode("utf-8", "replace").strip().splitlines()
    if "Traceback" in err.decode("utf-8", "replace") or process.returncode not in (0, 1):
        kind = "crash"
    elif lines:
        kind = "handled"
    else:
        kind = "error" if problems else "crash"  # silence is no clear message
    first = problems[0].replace(f"{folder}/", "") if problems else ""  # the case's own name
    return Outcome(case.name, kind, len(lines), seconds, mb, first)


def table(outcomes: list[Outcome], catalogue: list[Case]) -> str:
    what = {c.name: c for c in catalogue}
    rows = ["| case | input | expected | outcome | articles | seconds | MB | problem line |",
            "|---|---|---|---|---|---|---|---|"]
    for o in outcomes:
        problem = o.problem.replace("|", "\\|")[:90]
        rows.append(f"| {o.case} | {what[o.case].what} | {what[o.case].expect} | {o.outcome} | "
                    f"{o.articles} | {o.seconds:.1f} | {o.mb:.0f} | {problem} |")
    return "\n".join(rows)


def summary(outcomes: list[Outcome]) -> str:
    count = {k: sum(o.outcome == k for o in outcomes) for k in ("error", "handled", "crash",
                                                                  "hang")}
    slowest = max(outcomes, key=lambda o: o.seconds)
    return (f"{len(outcomes)} cases: {count['error']} clear errors, {count['handled']} handled, "
            f"{count['crash']} crashes, {count['hang']} hangs; slowest {slowest.case} "
            f"{slowest.seconds:.1f} s; largest process {max(o.mb for o in outcomes):.0f} MB")


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heavy", action="store_true", help="add the multi-megabyte texts")
    parser.add_argument("--table", action="store_true", help="print the Markdown table")
    args = parser.parse_args(argv)
    catalogue = [c for c in cases() if args.heavy or not c.heavy]
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, case in enumerate(catalogue):
            outcome = run_extract(case, Path(tmp) / f"{n:02d}")
            outcomes.append(outcome)
            if not args.table:
                print(f"{case.name:22s} {outcome.outcome:8s} {outcome.seconds:6.1f} s  "
                      f"{outcome.problem[:70]}", flush=True)
    if args.table:
        print(table(outcomes, catalogue) + "\n")
    print(summary(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
