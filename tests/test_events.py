"""Events: the codebook, the frames, the coder over real parses, the seed articles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitroom.events import codebook, framed, load, lookup
from sitroom.events.arguments import parse_number, resolve_date
from sitroom.events.petrarch import read_actors, read_agents, read_verbs
from sitroom.pipeline import analyze
from sitroom.records import Article

from .conftest import SEEDS, shared_path


def events_of(nlp, text: str, published: str | None = "2024-10-25"):  # type: ignore[no-untyped-def]
    analysis = next(analyze([Article(id="t", text=text, published=published)], nlp))
    return analysis, analysis.events


def find(events, code_prefix: str, source: str | None = None, target: str | None = None):  # type: ignore[no-untyped-def]
    return [e for e in events if e.cameo.startswith(code_prefix)
            and (source is None or (e.source_code or e.source or "").startswith(source))
            and (target is None or (e.target_code or e.target or "").startswith(target))]


# -- codebook --------------------------------------------------------------------------------

def test_events_codebook_has_every_root_and_consistent_classes():
    book = codebook()
    assert {c[:2] for c in book} == {f"{i:02d}" for i in range(1, 21)}
    assert len(book) > 300
    assert lookup("072").name == "Provide military aid" and lookup("072").goldstein == 8.3
    assert lookup("190").quad_class == 4 and lookup("190").plover == "ASSAULT"
    assert lookup("0874").goldstein == 10.0 and lookup("1823").goldstein == -10.0
    assert lookup("010").plover is None and lookup("020").plover == "REQUEST"
    assert [lookup(c).quad_class for c in ("051", "061", "111", "145")] == [1, 2, 3, 4]
    assert [lookup(c).pentacode for c in ("010", "036", "073", "163", "141")] == [0, 1, 2, 3, 4]
    for code in book.values():
        assert -10 <= code.goldstein <= 10
    assert lookup("04215").code == "04215" and lookup("04215").name == lookup("042").name
    with pytest.raises(KeyError):
        lookup("99")


def test_events_codebook_plover_matches_the_official_2021_mapping():
    path = shared_path("corpus", "plover-gsr", "CAMEO2PLOVER-2021.txt")
    mapped = {}
    for line in path.read_text("utf-8").splitlines():
        match = re.match(r"(\d{2,4}):\s*([A-Z]+)", line)
        if match and len(match.group(1)) >= 3:
            mapped[match.group(1)] = match.group(2)
    assert len(mapped) > 250
    differing = {c: (p, lookup(c).plover) for c, p in mapped.items()
                 if c in codebook() and lookup(c).plover != p}
    assert differing == {}


def test_events_frames_derive_codes_the_cameo_way():
    assert framed("intent", "072") == "0332"
    assert framed("appeal", "084") == "0253"
    assert framed("demand", "0874") is None or framed("demand", "087") == "1056"
    assert framed("refuse", "046") == "125"
    assert framed("threaten", "163") == "1312"
    assert framed("stop", "072") == "1622" and framed("stop", "163") == "085"
    assert framed("intent", "190") is None  # promising to attack is not cooperation
    for table in ("intent", "appeal", "demand", "refuse", "threaten", "stop"):
        for code in codebook():
            derived = framed(table, code)
            assert derived is None or lookup(derived)


def test_events_lexicon_codes_are_all_in_the_codebook():
    lexicon = load()
    patterns = [p for table in (lexicon.verbs, lexicon.nouns) for ps in table.values()
                for p in ps]
    assert len(patterns) > 600
    for pattern in patterns:
        for code in pattern.code.split(":"):
            assert lookup(code).code == code, pattern


# -- arguments ------------------------------------------------------------------------------

def test_events_numbers_and_dates():
    assert parse_number(["12,000"]) == (12000.0, False)
    assert parse_number(["3.5", "million"]) == (3_500_000.0, False)
    assert parse_number(["thousands"]) == (2000, True)
    assert parse_number(["two"]) == (2.0, False)
    assert resolve_date("on Thursday", "2024-10-25") == "2024-10-24"  # a Friday
    assert resolve_date("on Friday", "2024-10-25") == "2024-10-25"
    assert resolve_date("on Monday", "2024-10-25", future=True) == "2024-10-28"
    assert resolve_date("yesterday", "2024-10-25") == "2024-10-24"
    assert resolve_date("March 3, 2023", None) == "2023-03-03"
    assert resolve_date("3 March", "2024-10-25") == "2024-03-03"
    assert resolve_date("last week", "2024-10-25") is None
    assert resolve_date("on Thursday", None) is None


# -- the coder -------------------------------------------------------------------------------

def test_events_subject_object_passive_and_coordination(nlp):
    _, events = events_of(nlp, "The United States imposed sanctions on Russia on Thursday.")
    [event] = find(events, "163", "USA", "RUS")
    assert event.trigger.text == "imposed" and event.modality == "asserted"
    assert event.date == "2024-10-24" and event.goldstein == -8.0
    _, events = events_of(nlp, "Kyiv was attacked by Russian troops.")
    assert find(events, "19", "RUSMIL", "UKR")
    _, events = events_of(nlp, "France and Germany condemned Iran.")
    assert find(events, "111", "FRA", "IRN") and find(events, "111", "DEU", "IRN")
    _, events = events_of(nlp, "Jordan and Britain agreed to hold joint military exercises.")
    assert find(events, "0312", "JOR", "GBR") and find(events, "0312", "GBR", "JOR")


def test_events_frames_modality_and_arguments(nlp):
    _, events = events_of(nlp, "France urged Iran to release the prisoners.")
    assert [(e.cameo, e.source, e.target) for e in events] == [("0253", "FRA", "IRN")]
    _, events = events_of(nlp, "Iran refused to release the prisoners.")
    assert [e.cameo for e in events] == ["1243"]
    _, events = events_of(nlp, "China did not attack Taiwan.")
    assert [(e.cameo, e.modality) for e in events] == [("190", "negated")]
    _, events = events_of(nlp, "China could attack Taiwan if talks fail.")
    assert find(events, "190", "CHN", "TWN")[0].modality == "hypothetical"
    _, events = events_of(nlp, "Israeli troops killed three Palestinians in Gaza on Monday.")
    [event] = find(events, "1823", "ISRMIL", "PSE")
    assert (event.quantity.value, event.quantity.text) == (3, "three Palestinians")
    assert event.date == "2024-10-21"
    _, events = events_of(nlp, "Officials say that Russia shelled Kharkiv.")
    [event] = find(events, "194", "RUS", "UKR")
    assert event.modality == "reported" and event.attributed_to


def test_events_nominal_events(nlp):
    _, events = events_of(nlp, "Russia's veto angered Britain. An attack by Russian troops "
                               "on Kyiv killed two people.")
    assert find(events, "129", "RUS")
    assert find(events, "190", "RUSMIL", "UKR")


def test_events_spans_are_the_article_text(nlp):
    analysis, events = events_of(nlp, "North Korea has begun sending 12,000 men to Russia, "
                                      "according to South Korean intelligence.")
    [event] = find(events, "072", "PRK", "RUS")
    text = analysis.article.text
    for span in (event.trigger, event.source_span, event.target_span):
        assert span is not None and text[span.start:span.end] == span.text
    assert event.quantity.value == 12000 and event.quantity.unit == "troops"
    assert event.modality == "reported" and event.attributed_to == "KORSPY"
    assert event.to_dict()["quantity"] == {"value": 12000, "unit": "troops",
                                           "text": "12,000 men", "approximate": False}


def test_events_seed_articles(nlp):
    """Issue 4's seed check: the developments of both articles are coded."""
    shared_path("seeds")
    texts = {p.name[:3]: p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    analyses = {k: a for k, a in zip(texts, analyze(
        [Article(id=k, text=t, published="2024-10-25") for k, t in texts.items()], nlp),
        strict=True)}
    first, second = analyses["000"].events, analyses["002"].events
    # Troops sent to aid Russia: "thousands" in one article, 12,000 in the other.
    sent = [e for e in find(first, "072", "PRK") if e.quantity]
    assert sent and sent[0].quantity.value == 2000 and sent[0].quantity.approximate
    assert "thousands" in sent[0].quantity.text
    assert (sent[0].target_code or "").startswith("RUS")
    [men] = [e for e in find(second, "072", "PRK", "RUS") if e.quantity]
    assert men.quantity.value == 12000 and men.quantity.text == "12,000 men"
    assert men.modality == "reported" and men.attributed_to == "KORSPY"
    # North Korea accused the South of drone flights, and bombed roads.
    assert find(second, "112", "PRK", "KOR")
    assert [e for e in find(second, "1", "PRK") if e.trigger.text == "bombing"]
    # Russia's diplomatic cover at the UN.
    assert find(second, "05", "RUS", "PRK")
    # The suspected compensation, reported by the officials.
    [paid] = find(first, "071", target="PRK")
    assert paid.modality == "reported" and paid.attributed_to == "WSTGOV"
    assert paid.source == "RUS"
    # The arms race that might follow is not a fact.
    race = [e for e in second if e.trigger.text == "race"]
    assert race and all(e.modality == "hypothetical" for e in race)
    nuclear = [e for e in second if e.trigger.text == "consider"]
    assert nuclear and {e.source for e in nuclear} == {"KOR", "JPN"}
    assert all(e.modality == "hypothetical" for e in nuclear)


# -- PETRARCH-format dictionaries -----------------------------------------------------------

def test_events_petrarch_readers():
    actors = read_actors("ARNOR_ [ARN]\n+ARNORIAN\nGOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n"
                         "\t[HOBGOV 19950601 - 19990815]\nLORIEN [ELR/GAL]\n")
    assert actors[0] == (["ARNOR", "ARNORIAN"], [("ARN", None, None)])
    assert actors[1][1] == [("HOB", None, "1995-06-01"),
                            ("HOBGOV", "1995-06-01", "1999-08-15")]
    # a group's codes together: its members act as one
    assert actors[2] == (["LORIEN"], [("ELR/GAL", None, None)])
    assert len(actors) == 3
    agents = read_agents("!MINST! = MINISTER, MINISTRY\nCLERIC  [~REL]\n"
                         "!MINST! [~GOV]\nFOREIGN_MINISTER [~GOVFRM]\n")
    assert agents["cleric"] == "REL" and agents["clerics"] == "REL"
    assert agents["ministry"] == "GOV" and "foreign minister" not in agents
    verbs = read_verbs("&TIES\n+TIES\n+RELATIONS\n--- RESTORE [050] ---\nRESTORE\nRENEW\n"
                       "- * DIPLOMATIC &TIES [064]\n- WILL * [999]\n--- ODD [ABC] ---\n")
    assert ("verb", "restore", "050") in verbs and ("verb", "renew", "050") in verbs
    assert ("verb", "restore diplomatic relations", "064") in verbs
    # a code outside CAMEO is the dictionary's own and kept; a code that is no code is not
    assert ("verb", "restore <will", "999") in verbs
    assert not [r for r in verbs if r[2] == "ABC"]
    # a synset named with a trailing "_"; a compound subject ("% *")
    verbs = read_verbs("&PREP_\n+ON\n+AGAINST\n--- ACT [100] ---\nACT\n"
                       "- * &PREP RESOLUTION [102]\n--- AGREE [081] ---\nAGREE\n"
                       "- % * [030:030]\n--- LEFT  [032:033]  ---\nLEFT\n"
                       "- FAILED_TO_* [111]\n- WILL NOT * TALKS [112]\n- + SAID * [010]\n"
                       "- &PREP * [020]\n")
    assert {("verb", "act on resolution", "102"), ("verb", "act against resolution", "102"),
            ("verb", "agree %", "030:030"), ("verb", "agree", "081"),
            ("verb", "left", "032:033"), ("verb", "left <2:failed <1:to", "111"),
            ("verb", "left <will <not talks", "112")} <= set(verbs)
    # "+" before the verb: the subject is the target
    assert ("verb", "left =target:subject <said", "010") in verbs
    # before the verb, a synset read as its words; never dropped to a bare verb pattern
    assert {("verb", "left <on", "020"), ("verb", "left <against", "020")} <= set(verbs)
    assert ("verb", "left", "020") not in verbs
    # a compound subject with words before the verb; a header with a second code
    verbs = read_verbs("--- DELAY [120]  [031:031]  ---\nDELAY\nPOSTPONE\n- % HAVE * [191]\n")
    assert {("verb", "delay", "120"), ("verb", "postpone", "120"),
            ("verb", "delay % <have", "191")} <= set(verbs)
    # multi-word verbs: the "+" word is the verb; synset members are not verb forms
    verbs = read_verbs("--- EXCLUDE [1721] ---\nEXCLUDE\n+CORDON_OFF {+CORDONED_OFF}\n"
                       "- * FOR CONSTRUCTION [071]\n&CURRENCY\n+DOLLARS\n"
                       "--- CONFISCATE [1711] ---\nCONFISCATE\nWIRE_+TAP {WIRE_+TAPPED}\n")
    assert {("verb", "cordon off", "1721"), ("verb", "cordon off for construction", "071"),
            ("verb", "tap <1:wire", "1711")} <= set(verbs)
    assert not [r for r in verbs if "dollars" in r[1]]


def test_events_extra_dictionaries_change_the_coding(nlp):
    from sitroom.actors import resolve_actors
    from sitroom.actors.gazetteer import load as load_gazetteer
    from sitroom.attribution import resolve_quotes
    from sitroom.events import Coder
    from sitroom.pipeline import sentences
    from sitroom.records import ArticleAnalysis

    gazetteer = load_gazetteer().extended([(["ARNOR"], [("ARN", None, None)]),
                                           (["GONDOR"], [("GON", None, None)])])
    lexicon = load().extended([("verb", "restore tie", "064")])
    doc = nlp("Arnor restored diplomatic ties with Gondor.")
    analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
    analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
    default = Coder(analysis, doc).code()
    extended = Coder(analysis, doc, lexicon).code()
    assert [(e.source_code, e.target_code, e.cameo) for e in default] == [("ARN", "GON", "050")]
    assert [(e.source_code, e.target_code, e.cameo) for e in extended] == [
        ("ARN", "GON", "064")]
    # a bare three-letter code is a state: its government, army and people are its sectors
    doc = nlp("The Arnor government condemned an attack by Gondor soldiers.")
    analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
    analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
    assert {a.code for a in analysis.actors} >= {"ARNGOV", "GONMIL"}
    # a group, named with its article in mid-sentence
    gazetteer = gazetteer.extended([(["THE SHIRE"], [("FRO/BIL", None, None)])])
    doc = nlp("Mordor, the Shire and Bree welcomed the talks.")
    analysis = resolve_actors(sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc),
                              doc, gazetteer)
    [shire] = [a for a in analysis.actors if a.code == "FRO/BIL"]
    assert shire.type == "group" and shire.mentions[0].text == "the Shire"
    # a name written with underscores, as PETRARCH texts join a name's words
    gazetteer = gazetteer.extended([(["PRINCE OF DOL AMROTH"], [("DOL", None, None)])])
    doc = nlp("Arnor warned of the Prince of Dol_Amroth.")
    analysis = resolve_actors(sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc),
                              doc, gazetteer)
    assert [(a.code, a.mentions[0].text) for a in analysis.actors] == [
        ("ARN", "Arnor"), ("DOL", "Prince of Dol_Amroth")]
    # a pattern for a compound subject applies to one only
    lexicon = load().extended([("verb", "agree", "081"), ("verb", "agree %", "030")])
    for text, expected in (("Arnor and Gondor agree that the river is shared.",
                            {("ARN", "GON", "030"), ("GON", "ARN", "030")}),
                           ("Arnor agrees that the river is shared.", {("ARN", None, "081")})):
        doc = nlp(text)
        analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
        analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
        assert {(e.source_code, e.target_code, e.cameo)
                for e in Coder(analysis, doc, lexicon).code()} == expected
    # an entry for a verb form ("LEFT", not "leave") and a reciprocal code for the target
    lexicon = load().extended([("verb", "leave", "012"), ("verb", "left", "032:033")])
    doc = nlp("Arnor's envoy left for Gondor on Wednesday for talks.")
    analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
    analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
    coded = {(e.source_code, e.target_code, e.cameo)
             for e in Coder(analysis, doc, lexicon).code()}
    assert {("ARN", "GON", "032"), ("GON", "ARN", "033")} <= {
        (s[:3] if s else s, t[:3] if t else t, c) for s, t, c in coded}, coded
    assert not [c for c in coded if c[2] == "012"]
    # words before the verb: tied to it ("FAILED_TO_*") or a few words before ("WILL NOT *")
    lexicon = load().extended([("verb", "meet <2:failed <1:to", "111"),
                               ("verb", "meet <will <not", "112")])
    for text, code in (("Arnor failed to meet Gondor.", "111"),
                       ("Arnor will certainly not meet Gondor.", "112"),
                       ("Arnor failed and then wanted to meet Gondor.", None)):
        doc = nlp(text)
        analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
        analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
        codes = {e.cameo for e in Coder(analysis, doc, lexicon).code()}
        assert (code in codes) if code else not codes & {"111", "112"}, (text, codes)
    # a verb of saying the dictionary codes: the event is with whom the clause is about
    # (ours leaves the saying to the quotes and codes what is said)
    gazetteer = gazetteer.extended([(["OSGILIATH"], [("OSG", None, None)])])
    lexicon = load().extended([("verb", "believe", "023")])
    doc = nlp("Arnor believes Gondor and Osgiliath can cope with less water.")
    analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
    analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
    assert {(e.source_code, e.target_code, e.cameo) for e in Coder(analysis, doc, lexicon).code()
            } == {("ARN", "GON", "023"), ("ARN", "OSG", "023")}
    assert not [e for e in Coder(analysis, doc).code() if e.cameo == "023"]
    # the one by whom what is acted on was sent; not inside a clause the noun holds
    doc = nlp("Arnor welcomed the memos sent by Gondor. Arnor expressed hopes that Osgiliath "
              "could be drawn into talks by its ties with Gondor.")
    analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
    analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
    assert {(e.trigger.text, e.target_code) for e in Coder(analysis, doc).code()
            if e.source_code == "ARN"} >= {("welcomed", "GON"), ("expressed", "OSG")}
    # lists the parser breaks: every party named in the subject acts
    for text, expected in (
            ("Lions, tigers, and Gondor welcomed the resumption of ties with Osgiliath.",
             {"GON"}),
            ("Arnor and the evil awful Gondor welcomed the resumption of ties with Osgiliath.",
             {"ARN", "GON"})):
        doc = nlp(text)
        analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
        analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
        assert {e.source_code for e in Coder(analysis, doc).code()
                if e.trigger.text == "welcomed" and e.target_code == "OSG"} == expected, text
    # where a pattern puts the source ($) and the target (+)
    rows = read_verbs("--- RECEIVE [070] ---\nRECEIVE\n- + * MONEY $ [071]\n"
                      "--- CELEBRATE [040] ---\nCELEBRATE\n- * AT ^ WITH + [043]\n")
    assert ("verb", "receive =target:subject =source:money:0 money", "071") in rows
    assert ("verb", "celebrate =target:with:0 at with", "043") in rows
    lexicon = load().extended(rows, replace=True)
    for text, expected in (
            ("Arnor received money from Gondor by courier.", ("GON", "ARN", "071")),
            ("Arnor celebrated Eid at Osgiliath with Gondor.", ("ARN", "GON", "043")),
            ("Arnor received a message from Gondor.", ("ARN", "GON", "070"))):
        doc = nlp(text)
        analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
        analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
        coded = [(e.source_code, e.target_code, e.cameo)
                 for e in Coder(analysis, doc, lexicon).code()]
        assert coded == [expected], (text, coded)


def test_events_no_lexicon_row_is_duplicated():
    root = Path(__file__).resolve().parents[1] / "sitroom" / "data"
    for name in ("event_verbs.tsv", "event_nouns.tsv"):
        rows = [line.split("\t")[0] for line in (root / name).read_text("utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        duplicated = sorted({r for r in rows if rows.count(r) > 1})
        assert duplicated == [], name


def test_events_target_is_where_the_object_is_but_not_at_home(nlp):
    _, events = events_of(nlp, "Russia criticized the closure of schools in Ukraine.")
    assert {(e.source, e.target) for e in events} == {("RUS", "UKR")}
    _, events = events_of(nlp, "Donald Trump visited a factory in Ohio. Barack Obama "
                               "traveled to Texas.")
    assert [e.target for e in events if e.root == "04"] == [None, None]
    _, events = events_of(nlp, "Jimmy Carter visited the atomic bomb memorial in Hiroshima.")
    assert "JPN" in {e.target for e in events}
    # what an appeal is about; not a meeting's venue
    _, events = events_of(nlp, "The pope has again appealed for peace in Syria.")
    assert "SYR" in {e.target for e in events}
    _, events = events_of(nlp, "Angela Merkel and Emmanuel Macron met for talks in Berlin.")
    assert "DEU" not in {e.target for e in events}
    # a craft "from" a state is that state's part in the event
    _, events = events_of(nlp, "North Korea fired two artillery shells near a naval vessel "
                               "from South Korea.")
    assert {(e.source, e.target, e.root) for e in events} == {("PRK", "KOR", "19")}


def test_events_a_worry_or_hope_is_about_whom_its_clause_names(nlp):
    _, events = events_of(nlp, "Japan expressed hope that North Korea would return to talks.")
    assert ("JPN", "PRK", "013") in {(e.source, e.target, e.cameo) for e in events}
    _, events = events_of(nlp, "China voiced concern over the deployment of American missiles "
                               "in South Korea.")
    assert ("CHN", "USA", "012") in {(e.source, e.target, e.cameo) for e in events}


def test_events_two_parties_that_clash_fight_each_other(nlp):
    _, events = events_of(nlp, "Israel and Hamas clashed overnight.")
    assert {(e.source, e.target) for e in events if e.root == "19"} == {
        ("ISR", "hamas"), ("hamas", "ISR")}
    _, events = events_of(nlp, "Russia and Syria fought rebels in Idlib.")
    assert {e.target for e in events if e.root == "19"} == {"SYRREB"}


def test_events_figurative_violence_and_meeting_places(nlp):
    _, events = events_of(nlp, "Trump killed the prospect of a negotiated solution.")
    assert not [e for e in events if e.root == "18"]
    _, events = events_of(nlp, "Obama and Mandela met in Washington in 2005.")
    assert not [e for e in events if e.target == "USA"]
    _, events = events_of(nlp, "Hezbollah guerrillas killed the deputy chief of the militia.")
    assert find(events, "1823")


def test_events_the_latter_is_the_party_named_last(nlp):
    from sitroom.pipeline import analyze_text

    analysis = analyze_text(
        "North Korea has begun sending 12,000 men to Russia to assist the latter's ongoing "
        "invasion of Ukraine.")
    coded = {(e.source, e.root, e.target) for e in analysis.events}
    assert ("PRK", "07", "RUS") in coded  # aid to Russia, not to Ukraine
    assert ("RUS", "19", "UKR") in coded  # and the invasion is Russia's
    assert not any(e.source == "PRK" and e.target == "UKR" for e in analysis.events)


def test_events_every_party_of_a_listed_subject(nlp):
    from sitroom.pipeline import analyze_text

    analysis = analyze_text("Britain, France and the increasingly wary Germany imposed "
                            "sanctions on Iran. In Kyiv, Russia attacked the power grid.")
    sanctions = {e.source for e in analysis.events if e.root == "16" and e.target == "IRN"}
    assert sanctions == {"GBR", "FRA", "DEU"}
    # a place set before the subject with a comma is no co-subject
    assert {e.source for e in analysis.events if e.root in ("18", "19")} == {"RUS"}


def test_events_a_pronoun_subject_is_the_party_of_the_clause_above(nlp):
    from sitroom.pipeline import analyze_text

    analysis = analyze_text("Ethiopia indicated it would impose sanctions on Libya, a senior "
                            "official said.")
    sanctions = [e for e in analysis.events if e.root == "16"]
    assert sanctions and {e.source for e in sanctions} == {"ETH"}
    assert {e.target for e in sanctions} == {"LBY"}


def test_events_visits_go_to_the_place_and_talks_are_the_travellers(nlp):
    _, events = events_of(nlp, "Kim Jong Un arrived in Vladivostok on Tuesday for talks "
                               "with Putin.")
    assert find(events, "042", "PRK", "RUS") and find(events, "043", "RUS", "PRK")
    assert find(events, "04", "PRK", "RUS") and [
        e for e in events if e.trigger.text == "talks" and e.source == "kim-jong-un"]
    # a place is the target of a visit only: a meeting there is not with its state
    _, events = events_of(nlp, "The leaders of Japan and South Korea met in Tokyo on Sunday.")
    assert {(e.source_code, e.target_code) for e in events if e.root == "04"} == {
        ("JPNGOV", "KORGOV"), ("KORGOV", "JPNGOV")}


def test_events_a_nominal_attack_is_on_the_place_it_happened(nlp):
    _, events = events_of(nlp, "The Russian government condemned an attack by Ukrainian "
                               "soldiers in Kursk.")
    assert find(events, "111", "RUSGOV", "UKRMIL")
    assert find(events, "19", "UKRMIL", "RUS")


def test_events_targets_down_a_prepositional_object(nlp):
    _, events = events_of(nlp, "Russia cooperated on projects with North Korea.")
    assert find(events, "06", "RUS", "PRK")
    _, events = events_of(nlp, "Russia backed the Assad regime.")
    assert find(events, "050", "RUS", "SYRGOV")
    # the side one fights on is an ally's
    _, events = events_of(nlp, "Russia fought on the side of Syria's government.")
    assert find(events, "062", "RUS", "SYR") and not find(events, "19")


def test_events_storms_and_sanctions_use_no_force(nlp):
    _, events = events_of(nlp, "The sanctions hit North Korea hard. The storm hit Japan on "
                               "Sunday. Russian missiles hit Kyiv overnight.")
    assert [(e.source, e.root, e.target) for e in events] == [("RUS", "19", "UKR")]


def test_events_paying_attention_is_no_aid_and_a_title_is_no_verb(nlp):
    _, events = events_of(nlp, "Congress is also paying close attention. Russia paid North "
                               "Korea $500 million.")
    assert [(e.source, e.cameo, e.target) for e in events] == [("RUS", "071", "PRK")]
    _, events = events_of(nlp, "Blumenthal told NPR's All Things Considered on Friday that the "
                               "facts will show collusion.")
    assert not [e for e in events if e.trigger.text == "Considered"]


def test_events_help_names_the_one_helped_and_a_body_its_members(nlp):
    _, events = events_of(nlp, "Russia helped North Korea build satellites.")
    assert find(events, "07", "RUS", "PRK")
    _, events = events_of(nlp, "Democrats and Republicans in Congress joined together to help "
                               "impose new sanctions on North Korea.")
    assert [(e.source_code, e.root, e.target) for e in events] == [("USALEG", "16", "PRK")]


def test_events_figurative_fights_and_calls_that_are_not_phone_calls(nlp):
    _, events = events_of(nlp, "Giuliani is fighting a subpoena. The Taliban fought Afghan forces. "
                               "Obama struck a cautious tone on Syria.")
    assert [(e.source, e.root, e.target) for e in events] == [("taliban", "19", "AFGMIL")]
    _, events = events_of(nlp, "Crowds rallied behind Kim's call to arms. Putin held a phone "
                               "call with Xi Jinping.")
    assert {e.cameo for e in events if e.trigger.text == "call"} == {"020"}
    assert find(events, "041", "RUSGOV", "CHNGOV")
    _, events = events_of(nlp, "The Trump campaign colluded with Moscow.")
    assert not find(events, "14")


def test_events_what_there_is_no_evidence_of_is_negated(nlp):
    _, events = events_of(nlp, "Assad told Charlie Rose that there is no evidence he mounted a "
                               "chemical weapons attack. There is evidence that Russia attacked "
                               "the grid.")
    assert {(e.trigger.text, e.modality) for e in events if e.root == "19"} == {
        ("mounted", "negated"), ("attacked", "asserted")}


def test_events_capacities_are_hypothetical_and_a_dative_to_is_the_target(nlp):
    _, events = events_of(nlp, "North Korea has the ability to strike Seoul. Analysts say its "
                               "missiles are not advanced enough to strike the United States.")
    assert {(e.target, e.modality) for e in events if e.root == "19"} == {
        ("KOR", "hypothetical"), ("USA", "hypothetical")}
    _, events = events_of(nlp, "Kim Jong Un's decision to send troops to Russia shocked Seoul.")
    assert find(events, "07", "PRK", "RUS")


def test_events_noun_patterns_with_a_modifier_match_their_phrases(nlp):
    """Noun patterns are written head first ("strike air" is an air strike)."""
    for phrase, code in (("military aid", "072"), ("humanitarian aid", "073"),
                         ("arms sales", "072"), ("air strikes", "195"),
                         ("drone strikes", "195"), ("general strike", "143"),
                         ("martial law", "1724"), ("hunger strike", "142"),
                         ("retaliatory strikes", "190")):
        _, events = events_of(nlp, f"The {phrase} by Ukraine angered Russia.")
        nominal = [e.cameo for e in events if e.trigger.text in phrase.split()]
        assert nominal == [code], (phrase, nominal)


def test_events_a_noun_between_two_parties_is_each_with_the_other(nlp):
    _, events = events_of(nlp, "Talks between Russia and Ukraine collapsed. China mediated "
                               "talks between Iran and Saudi Arabia.")
    talks = {(e.source, e.target) for e in events if e.trigger.text.lower() == "talks"}
    assert talks == {("RUS", "UKR"), ("UKR", "RUS"), ("IRN", "SAU"), ("SAU", "IRN")}
    assert {e.target for e in events if e.cameo == "045"} == {"IRN", "SAU"}


def test_events_the_one_judged_for_a_deed_does_it(nlp):
    _, events = events_of(nlp, "The ambassador criticized the Security Council for not "
                               "agreeing to Kuwait's request. France condemned Russia for "
                               "supporting Syria.")
    assert [(e.source, e.target) for e in events if e.trigger.text == "agreeing"] == [
        ("un-security-council", "KWT")]
    assert find(events, "05", "RUS", "SYR") and not find(events, "05", "FRA")


def test_events_a_measure_targets_the_state_it_is_on(nlp):
    _, events = events_of(nlp, "Congress has the final say on lifting U.S. sanctions on Iran. "
                               "France criticized Russia's attack on Ukraine.")
    assert find(events, "085", "USA", "IRN")
    assert find(events, "111", "FRA", "RUS")  # what was criticized is still Russia's


def test_events_credit_lines_and_shown_willingness_are_no_events(nlp):
    _, events = events_of(nlp, "Obama has demonstrated his willingness to improve relations "
                               "with Cuba. Thousands of people demonstrated in Cairo. Ben "
                               "Brumfield and Dana Ford contributed to this report.")
    assert [e.trigger.text for e in events if e.root in ("07", "14")] == ["demonstrated"]
    assert find(events, "141", None, "EGY")


def test_events_supposed_refusals_and_awaited_events_are_hypothetical(nlp):
    _, events = events_of(nlp, "If North Korea will not offer a timetable, Trump should decline "
                               "the invitation. Sanctions will remain in place until North "
                               "Korea agrees to a deal. The rebels fought until the army "
                               "captured Aleppo.")
    refusal = find(events, "12", "PRK")
    assert refusal and refusal[0].modality == "hypothetical"
    agrees = [e for e in events if e.trigger.text == "agrees"]
    assert agrees and agrees[0].modality == "hypothetical"
    assert all(e.modality == "asserted" for e in events if e.trigger.text == "captured")


def test_events_a_demand_told_to_someone_is_on_the_one_who_should_act(nlp):
    _, events = events_of(nlp, "Sen. Robert Casey told USA TODAY that the United States should "
                               "launch strikes on Syria. The Northern Irish courts dismissed "
                               "the cases.")
    assert [(e.source, e.target) for e in events if e.root == "10"] == [("robert-casey", "USA")]
    assert find(events, "12", "GBRJUD")  # Northern Irish is British, not Irish
    _, events = events_of(nlp, "Israel may go to war with Iran.")
    assert [(e.cameo, e.source, e.target, e.modality) for e in events] == [
        ("190", "ISR", "IRN", "hypothetical")]


def test_events_a_dictionarys_own_codes(nlp):
    """A PETRARCH dictionary may use codes CAMEO does not have ("arrest" 212): they are coded
    as the dictionary gives them, with no Goldstein value or quad class made up for them."""
    from sitroom.actors import resolve_actors
    from sitroom.actors.gazetteer import load as load_gazetteer
    from sitroom.attribution import resolve_quotes
    from sitroom.events import Coder
    from sitroom.pipeline import sentences
    from sitroom.records import ArticleAnalysis, Event

    gazetteer = load_gazetteer().extended([(["ARNOR"], [("ARN", None, None)]),
                                           (["GONDOR"], [("GON", None, None)])])
    lexicon = load().extended([("verb", "arrest", "212"), ("verb", "delay % <have", "191")])
    assert lexicon.lookup("212").goldstein is None and lexicon.lookup("173").goldstein == -5.0

    def coded(text):
        doc = nlp(text)
        analysis = sentences(ArticleAnalysis(Article(id="x", text=doc.text)), doc)
        analysis = resolve_quotes(resolve_actors(analysis, doc, gazetteer), doc)
        return Coder(analysis, doc, lexicon).code()

    [arrest] = coded("Arnor police arrested Gondor students.")
    assert (arrest.cameo, arrest.goldstein, arrest.quad_class) == ("212", None, None)
    assert Event.from_dict(arrest.to_dict()) == arrest
    assert coded("Arnor police arrested Gondor students.")[0].source_code == "ARNCOP"
    # the dictionary's compound-subject pattern: the parties delay it for each other
    assert {(e.source_code, e.target_code, e.cameo)
            for e in coded("Arnor and Gondor have delayed their meeting.")} == {
        ("ARN", "GON", "191"), ("GON", "ARN", "191")}


@pytest.mark.parametrize(("text", "source", "code"), [
    ("Four children were killed in Israeli tank shelling in Gaza.", "ISR", "18"),
    ("Twelve people were killed in Russian air strikes on Aleppo.", "RUS", "18"),
])
def test_events_killed_in_an_attack_is_the_attackers_doing(nlp, text, source, code):
    _, events = events_of(nlp, text)
    killed = [e for e in events if e.trigger.text == "killed"]
    assert [(e.source, e.root) for e in killed] == [(source, code)]
    assert killed[0].target != source


def test_events_a_speech_verb_misread_as_a_noun_is_not_the_doer(nlp):
    _, events = events_of(nlp, "Russia lost a Russian warplane that Turkey claims violated "
                               "its airspace.")
    violated = [e for e in events if e.trigger.text == "violated"]
    assert violated and all((e.source_code or "").startswith("RUS") for e in violated)


@pytest.mark.parametrize(("text", "trigger", "code"), [
    ("Thousands of protesters hit the streets in Kiev.", "hit", "141"),
    ("France has intensified its aerial bombing in Syria.", "intensified", "195"),
    ("U.S. jets bombed Islamic State militants near Irbil.", "bombed", "195"),
])
def test_events_idioms_and_air_bombing_take_their_codes(nlp, text, trigger, code):
    _, events = events_of(nlp, text)
    assert [e.cameo for e in events if e.trigger.text == trigger] == [code]


def test_events_package_loads_spacy_only_with_the_coder():
    import subprocess
    import sys

    script = ("import sys; import sitroom.stories.figures, sitroom.actors; "
              "print('spacy' in sys.modules); from sitroom.events import Coder; "
              "print('spacy' in sys.modules, Coder.__name__)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split("\n")
    assert out[:2] == ["False", "True Coder"]
