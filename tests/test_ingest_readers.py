from __future__ import annotations

import gzip
import json

import pytest

from sitroom.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    MalformedInput,
    NetworkDisabled,
    SkippedInput,
    UnsafeInput,
    UnsupportedInput,
)
from sitroom.ingest import IngestOptions, read_inputs
from sitroom.ingest.fetch import Fetched
from sitroom.records import Article

BODY = ("North Korea has sent thousands of soldiers to Russia, officials in Seoul said on "
        "Friday. The deployment is the largest in decades, and analysts say it gives "
        "Pyongyang combat experience.")


def read(*paths, **options):
    results = list(read_inputs([str(p) for p in paths], IngestOptions(**options)))
    return ([r for r in results if isinstance(r, Article)],
            [r for r in results if isinstance(r, InputError)])


def only_error(path, **options) -> InputError:
    articles, errors = read(path, **options)
    assert articles == [] and len(errors) == 1, errors
    assert str(path) in errors[0].where
    return errors[0]


def test_ingest_txt_keeps_text_and_guesses_headline(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f"Seoul says troops sent\n\n{BODY}\n", encoding="utf-8")
    [article], errors = read(path)
    assert errors == []
    assert article.id == "story"
    assert article.title == "Seoul says troops sent"
    assert article.text == f"Seoul says troops sent\n\n{BODY}"
    assert article.language == "en" and article.origin == str(path)


def test_ingest_txt_one_per_line_ids(tmp_path):
    path = tmp_path / "sents.txt"
    path.write_text("Russia vetoed the resolution.\n\nChina abstained from the vote.\n")
    articles, _ = read(path, one_per_line=True, published="2024-10-18")
    assert [a.id for a in articles] == ["sents:1", "sents:3"]
    assert articles[1].text == "China abstained from the vote."
    assert {a.published for a in articles} == {"2024-10-18"}


def test_ingest_json_object_list_and_field_aliases(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps(
        {"ID": "x1", "title": "T", "content": "lower cased copy", "content_original": BODY,
         "source": "CNN", "url": "http://e.example/1", "date": "2013-08-15",
         "authors": ["A B", "C D"]}))
    (tmp_path / "many.json").write_text(json.dumps(
        [{"body": BODY, "published": "2024-10-18T09:30:00+09:00"}, {"title": "no text"}]))
    articles, errors = read(tmp_path / "one.json", tmp_path / "many.json")
    first, second = articles
    assert first.id == "x1" and first.text == BODY  # content_original wins over content
    assert (first.source, first.url, first.published, first.author) == (
        "CNN", "http://e.example/1", "2013-08-15", "A B, C D")
    assert second.id == "many:1" and second.published == "2024-10-18"
    assert isinstance(errors[0], EmptyInput) and errors[0].where.endswith("many.json[2]")


def test_ingest_jsonl_bad_line_does_not_stop_the_rest(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "text": BODY}) + "\n{not json\n\n"
                    + json.dumps({"id": "b", "text": BODY + " More."}) + "\n")
    articles, errors = read(path)
    assert [a.id for a in articles] == ["a", "b"]
    assert len(errors) == 1 and errors[0].where.endswith("batch.jsonl:2")
    assert "invalid JSON" in errors[0].reason


HTML = """<!DOCTYPE html><html><head><title>Troops sent | Wire</title>
<meta property="og:site_name" content="Harbour Tribune">
<meta name="author" content="Ann Lee">
<meta property="article:published_time" content="2024-10-21T08:00:00Z">
<link rel="canonical" href="https://harbour.example/troops"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Troops sent</h1><p>{body}</p><p>{body}</p></article>
<footer>Copyright 2024 Harbour Tribune. All rights reserved.</footer></body></html>"""


def test_ingest_html_and_gzipped_html_keep_metadata(tmp_path):
    page = HTML.format(body=BODY)
    (tmp_path / "page.html").write_text(page)
    (tmp_path / "zipped.html.gz").write_bytes(gzip.compress(page.encode()))
    (plain, zipped), errors = read(tmp_path / "page.html", tmp_path / "zipped.html.gz")
    assert errors == []
    assert zipped.id == "zipped" and zipped.text == plain.text
    assert BODY in plain.text and "All rights reserved" not in plain.text
    assert plain.title == "Troops sent"
    assert plain.source == "Harbour Tribune"
    assert plain.author == "Ann Lee"
    assert plain.published == "2024-10-21"
    assert plain.url == "https://harbour.example/troops"


RSS = """<?xml version="1.0"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire World</title>
<item><title>Full</title><link>https://w.example/1</link>
<pubDate>Fri, 18 Oct 2024 10:00:00 GMT</pubDate><description>short</description>
<content:encoded><![CDATA[<p>{body}</p><p>Second paragraph.</p>]]></content:encoded></item>
<item><title>Summary only</title><link>https://w.example/2</link>
<description>&lt;p&gt;{body} Summary.&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Desk</title><entry><title>Atom entry</title><link href="https://a.example/e"/>
<id>tag:a.example,2024:1</id><updated>2024-10-23T12:00:00Z</updated>
<summary>{body}</summary></entry></feed>"""


def test_ingest_rss_prefers_full_content_over_summary(tmp_path):
    path = tmp_path / "wire.xml"
    path.write_text(RSS.format(body=BODY))
    (full, summary_only), errors = read(path)
    assert errors == []
    assert full.text == f"{BODY}\n\nSecond paragraph." and full.title == "Full"
    assert full.source == "Wire World" and full.url == "https://w.example/1"
    assert full.published == "2024-10-18"
    assert summary_only.text == f"{BODY} Summary." and "<p>" not in summary_only.text


def test_ingest_atom_feed(tmp_path):
    path = tmp_path / "desk.atom"
    path.write_text(ATOM.format(body=BODY))
    [entry], _ = read(path)
    assert (entry.source, entry.url, entry.published) == (
        "Atom Desk", "https://a.example/e", "2024-10-23")


def test_ingest_directory_is_walked_in_order_and_other_files_passed_over(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(BODY)
    (tmp_path / "a.txt").write_text(BODY + " A.")
    (tmp_path / "notes.md").write_text("# not an article")
    (tmp_path / ".hidden.txt").write_text(BODY)
    articles, errors = read(tmp_path)
    assert [a.id for a in articles] == ["a", "2"]
    assert errors == []


def test_ingest_missing_path_is_reported(tmp_path):
    error = only_error(tmp_path / "nope.txt")
    assert "no such file" in error.reason


@pytest.mark.parametrize(("name", "content", "error", "words"), [
    ("empty.txt", b"", EmptyInput, "empty"),
    ("blank.json", b"  \n ", EmptyInput, "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "binary"),
    ("broken.json", b'{"text": "abc', MalformedInput, "invalid JSON"),
    ("scalar.json", b"42", MalformedInput, "expected a JSON object"),
    ("broken.xml", b"<?xml version='1.0'?><rss><channel><item><title>x", MalformedInput, "feed"),
    ("page.json", b"<!DOCTYPE html><html><body><p>hi</p></body></html>", UnsupportedInput,
     "wrong extension"),
    ("broken.gz", b"\x1f\x8b\x08\x00garbage", MalformedInput, "gzip"),
])
def test_ingest_bad_input_is_reported_once_with_reason(tmp_path, name, content, error, words):
    path = tmp_path / name
    path.write_bytes(content)
    problem = only_error(path)
    assert isinstance(problem, error)
    assert words in problem.reason


def test_ingest_bad_input_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_text(BODY)
    articles, errors = read(tmp_path)
    assert [a.id for a in articles] == ["b"] and len(errors) == 1


def test_ingest_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 2**20)
    problem = only_error(path)
    assert isinstance(problem, InputTooLarge) and "100.0 MB" in problem.reason


def test_ingest_gzip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a " * 2**20))
    problem = only_error(path, max_bytes=2**19)
    assert isinstance(problem, InputTooLarge) and "unpacks" in problem.reason


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title>
<description>&lol3;</description></item></channel></rss>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&secret;</title>
<description>&secret;</description></item></channel></rss>"""


@pytest.mark.parametrize("feed", [BILLION_LAUGHS, XXE])
def test_ingest_feed_with_entities_is_refused(tmp_path, feed):
    path = tmp_path / "evil.rss"
    path.write_text(feed)
    problem = only_error(path)
    assert isinstance(problem, UnsafeInput) and "entities" in problem.reason


def test_ingest_non_english_is_skipped_with_language(tmp_path):
    path = tmp_path / "de.txt"
    path.write_text("Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes tausende "
                    "Soldaten nach Russland geschickt, die dort für den Einsatz in der Ukraine "
                    "ausgebildet werden sollen.")
    problem = only_error(path)
    assert isinstance(problem, SkippedInput) and "'de'" in problem.reason


def test_ingest_url_needs_allow_network(tmp_path):
    problem = only_error("https://news.example/a")
    assert isinstance(problem, NetworkDisabled) and "--allow-network" in problem.reason


def test_ingest_url_goes_through_the_fetch_seam():
    calls = []

    def fake_fetch(url, max_bytes):
        calls.append(url)
        return Fetched(url + "?final", HTML.format(body=BODY).encode(), "text/html")

    articles, errors = read("https://news.example/a", allow_network=True, fetcher=fake_fetch)
    assert calls == ["https://news.example/a"] and errors == []
    assert articles[0].url == "https://harbour.example/troops"
    assert articles[0].id.startswith("url-")


# -- issue 27: every problem met while reading is that input's problem line ---------------

def read_within(seconds, *paths, **options):
    """`read` in a thread: a reader that blocks (a FIFO opened for reading) fails the test."""
    import threading

    box = []
    worker = threading.Thread(target=lambda: box.append(read(*paths, **options)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert box, f"reading did not finish within {seconds} s"
    return box[0]


def deny(monkeypatch, target):
    """Simulate permissions that root does not feel: opening or listing `target` fails."""
    import os

    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *args, **kwargs):
        if str(path) == str(target):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def fake_scandir(path="."):
        if str(path) == str(target):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)


@pytest.mark.parametrize("where", ["file", "folder"])
def test_ingest_readers_unreadable_is_a_problem_not_a_crash(tmp_path, monkeypatch, where):
    (tmp_path / "good.txt").write_text(BODY)
    locked = tmp_path / "locked.txt" if where == "file" else tmp_path / "locked"
    if where == "file":
        locked.write_text(BODY + " Locked.")
    else:
        locked.mkdir()
        (locked / "inside.txt").write_text(BODY + " Inside.")
    deny(monkeypatch, locked)
    articles, errors = read(tmp_path)
    assert [a.id for a in articles] == ["good"]
    assert [(e.where, e.code) for e in errors] == [(str(locked), "E111")]
    assert "permission denied" in errors[0].reason


def test_ingest_readers_chmod_000_file_is_permission_denied(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file; the monkeypatched case above covers it")
    path = tmp_path / "locked.txt"
    path.write_text(BODY)
    path.chmod(0)
    try:
        assert "permission denied" in only_error(path).reason
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("named", ["folder", "directly"])
def test_ingest_readers_fifo_is_passed_over_never_opened(tmp_path, named):
    import os

    (tmp_path / "good.txt").write_text(BODY)
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    paths = [tmp_path] if named == "folder" else [pipe, tmp_path / "good.txt"]
    articles, errors = read_within(20, *paths)
    assert [a.id for a in articles] == ["good"]
    assert [e.where for e in errors] == [str(pipe)]
    assert "not a regular file (a named pipe)" in errors[0].reason


@pytest.mark.parametrize(("name", "content"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000),
    ("deep.jsonl", '{"text": ' + "[" * 5_000 + "]" * 5_000 + "}\n"),
    ("deep-object.json", '{"a": ' * 500 + "1" + "}" * 500),
])
def test_ingest_readers_deep_json_is_refused_before_parsing(tmp_path, name, content):
    from sitroom.errors import TooDeep
    from sitroom.ingest.readers import MAX_JSON_DEPTH

    path = tmp_path / name
    path.write_text(content)
    articles, errors = read(path)
    assert articles == [] and len(errors) == 1
    assert isinstance(errors[0], TooDeep)
    assert f"JSON nested deeper than {MAX_JSON_DEPTH}" in errors[0].reason


@pytest.mark.parametrize(("extra", "too_deep"), [(0, False), (1, True)])
def test_ingest_readers_json_depth_limit_is_exact(tmp_path, extra, too_deep):
    from sitroom.errors import TooDeep
    from sitroom.ingest.readers import MAX_JSON_DEPTH

    lists = MAX_JSON_DEPTH - 1 + extra  # and the record object inside: one level more
    path = tmp_path / "edge.json"
    path.write_text("[" * lists + json.dumps({"text": BODY}) + "]" * lists)
    [problem] = read(path)[1]
    assert isinstance(problem, TooDeep) == too_deep


@pytest.mark.parametrize(("name", "content", "expect"), [
    ("updated.txt", f"[UPDATED] Seoul says troops sent\n\n{BODY}", "article"),
    ("braces.txt", f"{{Analysis}} Seoul says troops sent\n\n{BODY}", "article"),
    ("noext", f"[UPDATED] Seoul says troops sent\n\n{BODY}", "article"),
    ("record.txt", json.dumps({"text": BODY}), "mismatch"),
    ("noext.data", json.dumps({"text": BODY}), "passed over"),
])
def test_ingest_readers_sniffing_switches_only_when_the_content_parses(
        tmp_path, name, content, expect):
    path = tmp_path / name
    path.write_text(content)
    articles, errors = read(path) if expect != "passed over" else read(tmp_path)
    if expect == "article":
        assert errors == [] and articles[0].text.startswith(content[:9])
    elif expect == "mismatch":
        assert articles == [] and "looks like json" in errors[0].reason
    else:
        assert articles == [] and "no articles found" in errors[0].reason


@pytest.mark.parametrize(("text", "words"), [
    ("朝鲜已向俄罗斯派遣数千名士兵，韩国情报部门称这是数十年来最大规模的部署，"
     "分析人士认为平壤将借此获得实战经验。", ""),
    ("朝鲜向俄罗斯派兵", ""),
    ("Nordkorea schickt Truppen nach Russland", ""),
])
def test_ingest_readers_text_not_called_english_is_not_analysed(tmp_path, text, words):
    path = tmp_path / "foreign.txt"
    path.write_text(text)
    problem = only_error(path)
    assert isinstance(problem, SkippedInput)
    assert "only en is analysed" in problem.reason and words in problem.reason


@pytest.mark.parametrize("name", [
    "evil\nfake.txt: binary data, not text.txt",
    "bell\x07and\x1b[31mred.txt",
    "right\u202eto-left.txt",
])
def test_ingest_readers_problem_line_escapes_control_characters(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\x00\x01 binary")
    [problem] = read(tmp_path)[1]
    line = problem.line()
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    assert len(line.splitlines()) == 1 and line.endswith("(NUL bytes in the first 8 KB)")
    assert line.startswith(str(tmp_path))


@pytest.mark.parametrize(("files", "words"), [
    ({}, "the folder is empty"),
    ({"notes.md": "# not an article", ".hidden.txt": BODY}, "none with an article extension"),
])
def test_ingest_readers_empty_folder_says_no_articles(tmp_path, files, words):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    problem = only_error(folder)
    assert isinstance(problem, EmptyInput)
    assert f"no articles found in {folder}" in problem.reason and words in problem.reason


def test_ingest_readers_empty_folder_exits_1_with_the_message(tmp_path):
    from typer.testing import CliRunner

    from sitroom.cli import app

    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert f"no articles found in {tmp_path}" in result.stderr


@pytest.mark.parametrize(("field", "value", "expected", "note"), [
    ("title", 2024, "2024", None),
    ("title", 3.5, "3.5", None),
    ("title", True, None, "title is true (a JSON boolean), not text"),
    ("title", {"headline": "x"}, None, "title is a JSON object, not text"),
    ("source", ["Reuters", "AP"], "Reuters, AP", None),
    ("source", {"id": None, "name": "Reuters"}, "Reuters", None),
    ("source", [["nested"]], None, "source is a JSON list, not text"),
    ("author", [{"name": "Ann Lee"}, "Bo Kim"], "Ann Lee, Bo Kim", None),
    ("published", {"day": 20}, None, "date is a JSON object, not a date"),
    ("published", 1400580000, "2014-05-20", None),
    ("published", "May 2014", None, "names no day"),
])
def test_ingest_readers_metadata_types_by_rule(tmp_path, field, value, expected, note):
    path = tmp_path / "record.json"
    path.write_text(json.dumps({"text": BODY, field: value}))
    articles, problems = read(path)
    assert getattr(articles[0], field) == expected
    assert "{" not in str(getattr(articles[0], field)) and "[" not in str(
        getattr(articles[0], field))
    if note is None:
        assert problems == []
    else:
        assert [(p.code, p.kind) for p in problems] == [("E113", "note")]
        assert note in problems[0].reason and problems[0].where == str(path)


def test_ingest_readers_notes_of_a_skipped_article_are_dropped(tmp_path):
    path = tmp_path / "record.json"
    text = "朝鲜已向俄罗斯派遣数千名士兵，分析人士认为平壤将借此获得实战经验。"
    path.write_text(json.dumps({"text": text, "title": True}))
    [problem] = read(path)[1]
    assert isinstance(problem, SkippedInput)


def test_ingest_readers_unexpected_error_is_the_inputs_problem(tmp_path, monkeypatch):
    import sitroom.ingest.readers as readers

    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(readers, "_parse_txt", broken)
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.json").write_text(json.dumps({"text": BODY}))
    articles, errors = read(tmp_path)
    assert [a.id for a in articles] == ["b"]
    assert errors[0].where.endswith("a.txt") and "KeyError" in errors[0].reason


@pytest.mark.parametrize(("content", "text", "said"), [
    # an older Western file: Windows-1252 (Latin-1) throughout
    ("Caf\u00e9 owners in Z\u00fcrich said prices rose.".encode("cp1252"),
     "Caf\u00e9 owners in Z\u00fcrich said prices rose.", "read as Windows-1252"),
    # UTF-8 but for one broken byte in a long text: the words stay, the byte is replaced
    (b"Kyiv said the strike hit a power station. " * 40 + b"\xff" +
     b"Officials said two died.", None, "1 invalid UTF-8 byte"),
])
def test_ingest_non_utf8_text_is_read_with_a_note(tmp_path, content, text, said):
    from sitroom.errors import InputNote

    path = tmp_path / "old.txt"
    path.write_bytes(content)
    results = list(read_inputs([str(path)], IngestOptions()))
    [article] = [r for r in results if isinstance(r, Article)]
    [note] = [r for r in results if isinstance(r, InputNote)]
    assert said in note.reason
    if text is not None:
        assert article.text == text
    else:
        assert "\ufffd" in article.text and article.text.endswith("Officials said two died.")
