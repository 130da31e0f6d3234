from __future__ import annotations

import gzip
import json

import pytest

from sitroom.errors import (
    BinaryInput,
    DecodeError,
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
    ("latin1.txt", "Caf\u00e9 au lait in S\u00e3o Paulo".encode("latin-1"), DecodeError,
     "invalid UTF-8"),
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
