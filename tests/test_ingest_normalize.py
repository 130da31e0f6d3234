from __future__ import annotations

import json
import unicodedata

import pytest

from sitroom.ingest import IngestOptions, read_inputs
from sitroom.ingest.language import detect_language
from sitroom.ingest.normalize import guess_title, normalize_date, normalize_text

from .conftest import shared_path


def test_normalize_repairs_double_encoded_apostrophe():
    broken = "Syria\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2s war"
    assert normalize_text(broken) == "Syria\u2019s war"


def test_normalize_keeps_curly_quotes_and_composes_nfc():
    text = normalize_text("\u201cCafe\u0301,\u201d she said.\r\n\r\n\r\n\r\nNext.")
    assert text == "\u201cCaf\u00e9,\u201d she said.\n\nNext."
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-10-18", "2024-10-18"),
    ("2024-10-18T23:30:00-05:00", "2024-10-18"),
    ("Fri, 18 Oct 2024 10:00:00 GMT", "2024-10-18"),
    ("October 18, 2024", "2024-10-18"),
    ("18 October 2024", "2024-10-18"),
    ("2024-02-30", None),
    ("yesterday", None),
    ("", None),
])
def test_normalize_dates(raw, expected):
    assert normalize_date(raw) == expected


def test_normalize_title_is_a_short_first_line_only():
    assert guess_title("What is behind it?\nBody text follows here.") == "What is behind it?"
    assert guess_title("This is a sentence of body text.\nAnother.") is None
    assert guess_title("Only one line") is None


@pytest.mark.parametrize("text", [
    "Kim Jong Un visits Moscow.",
    "Pyongyang, Seoul and Kyiv",
    "North Korea sends troops to Russia",
])
def test_language_short_english_is_english(text):
    assert detect_language(text)[0] == "en"


@pytest.mark.parametrize(("text", "lang"), [
    ("La Corée du Nord a envoyé des milliers de soldats en Russie, selon les services de "
     "renseignement sud-coréens, qui parlent d'une escalade majeure.", "fr"),
    ("Corea del Norte ha enviado miles de soldados a Rusia, según los servicios de "
     "inteligencia de Corea del Sur, que hablan de una escalada importante.", "es"),
])
def test_language_other_languages_are_recognised(text, lang):
    assert detect_language(text)[0] == lang


def test_language_newspaper4k_pages_split_by_language():
    folder = shared_path("corpus", "newspaper4k-pages")
    expected = {}
    for meta in sorted((folder / "metadata").glob("*.json")):
        lang = json.loads(meta.read_text(encoding="utf-8")).get("language")
        if lang:
            expected[meta.stem] = lang
    results = {}
    for result in read_inputs([str(folder / "html")], IngestOptions()):
        stem = (result.origin if hasattr(result, "origin") else result.where).split("/")[-1]
        results[stem.removesuffix(".html")] = result
    wrong = []
    for name, lang in expected.items():
        kept = hasattr(results[name], "text")
        if kept != (lang == "en"):
            wrong.append((name, lang, results[name]))
    assert wrong == []


def test_mojibake_in_allsides_is_repaired():
    folder = shared_path("corpus", "allsides-intl", "jsons")
    articles = [a for a in read_inputs([str(folder)], IngestOptions()) if hasattr(a, "text")]
    assert len(articles) == 820
    marks = ("\u00c3\u00a2\u00e2\u201a\u00ac", "\u00e2\u20ac\u2122", "\u00c3\u00a9")
    assert not [a.id for a in articles if any(m in a.text or m in (a.title or "")
                                             for m in marks)]
