from __future__ import annotations

from sitroom.pipeline import analyze_text

from .conftest import SEEDS, shared_path


def quotes_of(text: str):
    analysis = analyze_text(text)
    return analysis, [(q.kind, q.speaker.span.text if q.speaker.span else None,
                       q.cue.text if q.cue else None, q.content.text) for q in analysis.quotes]


def test_attribution_direct_quote_after_and_before_the_cue(nlp):
    _, quotes = quotes_of("“We will not back down from this fight,” the minister said on Friday.")
    assert quotes == [("direct", "the minister", "said",
                       "We will not back down from this fight")]
    _, quotes = quotes_of("Edward Howell said: “Pyongyang wants hard currency above all else.”")
    assert quotes[0][:3] == ("direct", "Edward Howell", "said")


def test_attribution_split_quote_is_one_record_per_stretch(nlp):
    analysis, quotes = quotes_of("“While there may be some benefits,” says Gabuev, “the key "
                                 "question remains whether Russia is sharing its technology.”")
    assert quotes == [
        ("direct", "Gabuev", "says", "While there may be some benefits"),
        ("direct", "Gabuev", "says", "the key question remains whether Russia is sharing its "
                                     "technology.")]
    first, second = analysis.quotes
    assert first.parts == second.parts == (first.content, second.content)
    assert [q.leads() for q in analysis.quotes] == [True, False]


def test_attribution_indirect_speech_and_unnamed_sources(nlp):
    analysis, quotes = quotes_of("Analysts say that the regime may be reaping strategic "
                                 "benefits from the deal.")
    assert quotes == [("indirect", "Analysts", "say",
                       "that the regime may be reaping strategic benefits from the deal")]
    speaker = analysis.quotes[0].speaker.actor
    unnamed = {a.id: a for a in analysis.actors}[speaker]
    assert (unnamed.type, unnamed.title) == ("group", "unnamed source")


def test_attribution_according_to(nlp):
    _, quotes = quotes_of("North Korea has begun sending 12,000 men to Russia, according to "
                          "South Korean intelligence.")
    kind, speaker, cue, content = quotes[0]
    assert (kind, speaker, cue) == ("indirect", "South Korean intelligence", "according to")
    assert content == "North Korea has begun sending 12,000 men to Russia"
    # the writer's concession around it is not the source's
    _, quotes = quotes_of("Though he has no shot at the nomination, Kasich has the best odds "
                          "against Clinton, according to three recent polls.")
    assert quotes[0][3] == "Kasich has the best odds against Clinton"


def test_attribution_events_are_not_speakers(nlp):
    _, quotes = quotes_of("The strengthening of relations between the two states suggests that "
                          "the alliance is deep.")
    assert quotes == []


def test_attribution_scare_quotes_are_not_quotes(nlp):
    _, quotes = quotes_of("He called the plan a “strongman approach” in the interview.")
    assert all(q[3] != "strongman approach" for q in quotes)


def test_attribution_claim_certainty_from_hedges_and_cues(nlp):
    analysis = analyze_text("Western officials have long suspected that North Korea is being "
                            "paid. The deployment could prompt a regional arms race. Japan is "
                            "likely to raise defence spending. Seoul must act now.")
    by_text = {c.span.text: c for c in analysis.claims}
    paid = next(c for t, c in by_text.items() if "being paid" in t)
    assert (paid.certainty, paid.attributed_to) == ("possible", "WSTGOV")
    arms = next(c for t, c in by_text.items() if "arms race" in t)
    assert (arms.kind, arms.certainty, arms.attributed_to) == ("implication", "possible",
                                                               "author")
    assert [h.text for h in arms.hedges] == ["could"]
    japan = next(c for t, c in by_text.items() if "Japan" in t)
    assert (japan.kind, japan.certainty, japan.subject) == ("prediction", "probable", "JPN")
    seoul = next(c for t, c in by_text.items() if "Seoul" in t)
    assert seoul.kind == "recommendation"


def test_a_passive_of_seeing_with_as_hedges_whatever_stands_between(nlp):
    analysis = analyze_text("North Korea's help to Russia was often seen as a strategic "
                            "alignment. The deal is widely viewed as a failure. The plane was "
                            "seen over the city.")
    hedged = {c.span.text[:14]: (c.certainty, [h.text for h in c.hedges])
              for c in analysis.claims}
    assert hedged["North Korea's "] == ("probable", ["seen as"])
    assert hedged["The deal is wi"][0] == "probable" and "viewed as" in hedged["The deal is wi"][1]
    assert "The plane was " not in hedged  # seeing a plane is no view of it


def test_attribution_unlikely_as_adjective_is_not_a_hedge(nlp):
    analysis = analyze_text("The two states formed an unlikely alliance last year.")
    assert all(not c.hedges for c in analysis.claims)


def test_attribution_causal_links(nlp):
    analysis = analyze_text("The deployment could prompt a regional arms race. The veto allows "
                            "Pyongyang to operate with impunity. North Korea sent troops to "
                            "secure foreign currency.")
    links = {(c.relation, c.signal.text, c.cause.text, c.effect.text) for c in analysis.causal}
    assert ("cause", "could prompt", "The deployment", "a regional arms race") in links
    assert ("enable", "allows", "The veto", "Pyongyang to operate with impunity") in links
    assert ("motivate", "to", "to secure foreign currency", "North Korea sent troops") in links
    # a participle's cause is what its clause did; "due to X" is caused by X
    analysis = analyze_text("Pyongyang has sent thousands of soldiers, sparking concerns about "
                            "the alliance. The parts remain inaccessible due to sanctions.")
    links = {(c.relation, c.cause.text, c.effect.text) for c in analysis.causal}
    assert ("cause", "Pyongyang has sent thousands of soldiers",
            "concerns about the alliance") in links
    assert any(cause == "sanctions" for _, cause, _ in links), links
    # whom one fights is no cause; what one strikes against is
    analysis = analyze_text("Kurdish partners have left the fight against ISIS. Workers went "
                            "on strike against the new pension law.")
    assert [c.cause.text for c in analysis.causal] == ["the new pension law"]


def test_causal_model_adds_a_candidate_link_only_where_no_rule_fires(nlp):
    from sitroom.attribution.linear import load_model

    model = load_model("causal")
    analysis = analyze_text("Three people were killed in the explosion. The minister visited "
                            "Paris on Tuesday. The deployment could prompt a regional arms race.")
    links = {c.signal.text: c for c in analysis.causal}
    assert set(links) == {"in", "could prompt"}
    blast = links["in"]
    assert (blast.basis, blast.cause.text, blast.effect.text) == (
        "candidate", "the explosion", "Three people were killed")
    # its confidence is the link model's (causal_links.json), not the sentence model's
    assert blast.confidence is not None and 0.0 <= blast.confidence <= 1.0
    assert links["could prompt"].basis == "rule"
    assert "Causal News Corpus" in model.about["data"] and 0 < model.threshold < 1


def test_candidate_readings_of_harm_as_something_happened(nlp):
    from sitroom.attribution.causal import candidate_links

    def readings(text):
        doc = nlp(text)
        return [(doc.text[link.cause[0]:link.cause[1]], doc.text[link.effect[0]:link.effect[1]])
                for sent in doc.sents for link in candidate_links(sent)]

    assert readings("Two policemen were killed as officers tried to evict the squatters.") == [
        ("officers tried to evict the squatters", "Two policemen were killed")]
    assert readings("Soldiers walked past the tank as they patrolled the field.") == []


def test_vague_wording_is_flagged_with_its_words(nlp):
    analysis = analyze_text("Some experts have argued that the sanctions failed. The regime is "
                            "widely believed to hold more missiles. Michael Rubin, an Iran "
                            "analyst, said the talks had collapsed. The army fired 12 missiles on "
                            "Tuesday.")
    by_text = {c.span.text: c for c in analysis.claims}
    experts = next(c for t, c in by_text.items() if "sanctions failed" in t)
    assert experts.vague and [c.text for c in experts.vague_cues] == ["Some", "experts"]
    widely = next(c for t, c in by_text.items() if "more missiles" in t)
    assert widely.vague and "widely" in [c.text for c in widely.vague_cues]
    rubin = next(c for t, c in by_text.items() if "talks had collapsed" in t)
    assert not rubin.vague and rubin.attributed_to != "author"
    assert not any("fired 12 missiles" in t for t in by_text)


def test_attribution_seed_articles(nlp):
    """The seeds: quotes with speakers, unnamed sources, motives and hedged implications."""
    shared_path("seeds")
    first, second = (analyze_text(p.read_text(encoding="utf-8"))
                     for p in sorted(SEEDS.glob("*.txt")))
    speakers = {(q.kind, q.speaker.actor) for q in first.quotes}
    assert ("direct", "edward-howell") in speakers and ("direct", "alexander-gabuev") in speakers
    assert ("indirect", "unnamed:analysts") in speakers and ("indirect", "WSTGOV") in speakers
    actors = {a.id: a for a in first.actors}
    assert actors["edward-howell"].affiliation == "Chatham House"
    assert actors["alexander-gabuev"].affiliation == "Carnegie Russia Eurasia Center"
    howell = [q for q in first.quotes if q.speaker.actor == "edward-howell"]
    assert any("full, unwavering support of Russia" in q.content.text for q in howell)
    gabuev = next(c for c in first.claims if "combat experience with drones" in c.span.text)
    assert (gabuev.kind, gabuev.certainty, gabuev.attributed_to) == (
        "benefit", "possible", "alexander-gabuev")
    # The four motivations of the second article, each a motive claim.
    motives = [c.span.text for c in second.claims if c.kind == "motive"]
    for words in ("counterbalance Western influence", "Showcasing Military Capability",
                  "Economic Incentives", "ambition to be recognized"):
        assert any(words in m for m in motives), words
    claims = {c.span.text: c for c in second.claims}
    arms = next(c for t, c in claims.items() if "could prompt a regional arms race" in t)
    assert (arms.kind, arms.certainty) == ("implication", "possible")
    posture = next(c for t, c in claims.items() if "revisiting their own nuclear postures" in t)
    assert (posture.kind, posture.certainty) == ("implication", "possible")
    links = {(c.signal.text, c.effect.text) for c in second.causal}
    assert ("could prompt", "a regional arms race") in links
    assert any(s == "in response" and "nuclear postures" in e for s, e in links)


def test_reported_speech_put_before_its_speaker(nlp):
    from sitroom.pipeline import analyze_text

    text = ("SEOUL, Oct 18 (Wire) - North Korea has started sending soldiers to Russia to "
            "support Moscow's war against Ukraine, South Korea's National Intelligence "
            "Service said on Friday. When the talks ended without a deal, Russia said "
            "nothing. After weeks of fighting around the town, the army said it had "
            "withdrawn.")
    analysis = analyze_text(text)
    [quote] = [q for q in analysis.quotes if q.kind == "indirect"
               and q.content.text.startswith("North Korea has started")]
    assert quote.content.text.endswith("against Ukraine")
    assert quote.speaker.span.text == "South Korea's National Intelligence Service"
    assert quote.speaker.actor == "KORSPY"
    # what the agency reports is reported, in its name, not asserted by the article
    sending = [e for e in analysis.events if e.trigger.text == "sending"]
    assert sending and all((e.modality, e.attributed_to) == ("reported", "KORSPY")
                           for e in sending)
    # a clause of time before the speaker is not what was said
    assert not [q for q in analysis.quotes if "talks ended" in q.content.text
                or q.content.text.startswith("After weeks")]


def test_quotation_marks_of_mixed_style_and_doubled_apostrophes():
    from sitroom.quotation import quote_spans

    def quoted(text: str) -> list[str]:
        return [text[a:b] for a, b in quote_spans(text)]

    assert quoted('"I was hoping," Graham said. “So I was disappointed." Next.') == [
        "I was hoping,", "So I was disappointed."]
    assert quoted("''We may see it,'' he wrote. Then ''it gets harder,'' he said.") == [
        "We may see it,", "it gets harder,"]
    assert quoted('A stray " mark.\n\nThen "this" one.') == ["this"]
    # a quote left open goes on in the next paragraph when that one opens with a mark
    assert quoted("“First part\n\n“Second part.” he said.") == ["First part", "Second part."]
    # a line opened with a closing mark opens a quotation (a typing slip); mid-line it closes
    assert quoted("”Fear. I am afraid.” ― Edwin\nHe said “no” twice.") == [
        "Fear. I am afraid.", "no"]


def test_a_quote_continued_after_its_attribution_is_one_quotation_in_two_records(nlp):
    analysis = analyze_text('"The message is clear," Chris Christie said on ABC\'s "This Week." '
                            '"And Donald Trump will not give in to the special interests."')
    stretches = ["The message is clear",
                 "And Donald Trump will not give in to the special interests."]
    assert [q.content.text for q in analysis.quotes] == stretches
    for quote in analysis.quotes:
        assert [p.text for p in quote.parts] == stretches
        assert quote.speaker.span.text == "Chris Christie"
        assert quote.said() == ("The message is clear … And Donald Trump will not give in to "
                                "the special interests.")


def test_a_quotation_goes_on_in_the_next_paragraph_and_short_ones_count(nlp):
    analysis = analyze_text("“It is a tough charge,” Pence said. “But, come on.”\n\n"
                            "“We will keep asking,” he said.\n\n“Every single day.”\n\n"
                            "Schilling declined to comment.")
    quotes = [([p.text for p in q.parts], q.speaker.span.text if q.speaker.span else None)
              for q in analysis.quotes if q.kind == "direct" and q.leads()]
    assert quotes == [(["It is a tough charge", "But, come on."], "Pence"),
                      (["We will keep asking", "Every single day."], "he")]
    # the next paragraph's cue is not the quotation's
    assert [q.content.text for q in analysis.quotes if q.cue and q.cue.text == "declined"] == [
        "to comment"]


def test_a_quotation_after_reported_speech_goes_on_with_it(nlp):
    analysis = analyze_text("Yet Trump is also a “change agent,” Cole said. “That’s exactly what "
                            "people want right now.”\n\nClinton said that the plan would fail.\n\n"
                            "“That is why experience matters so much now.”\n\n"
                            "Ms. Lee thinks the plan will work. “We have seen it work before.”\n\n"
                            "Brown said the vote was close. The crowd cheered. “We won it "
                            "fair and square tonight.”")
    quotes = [(q.speaker.span.text, [p.text for p in q.parts or (q.content,)])
              for q in analysis.quotes]
    assert ("Cole", ["Yet Trump is also a “change agent,",
                     "That’s exactly what people want right now."]) in quotes
    assert ("Clinton", ["that the plan would fail",
                        "That is why experience matters so much now."]) in quotes
    # not after a belief, nor across a sentence of the writer's
    assert ("Ms. Lee", ["the plan will work"]) in quotes
    assert ("Brown", ["the vote was close"]) in quotes


def test_indirect_content_stops_before_another_source_and_the_writers_words(nlp):
    analysis = analyze_text("The senator said the bill would pass easily, according to two "
                            "aides. Ms. Lee said the ruling was legal, and the party celebrated "
                            "it on Monday. About 59 percent say they would vote for him again. "
                            "While the candidates say the country must lead, they differ by "
                            "degree. Trump has said that it would be hard for Romney to attend, "
                            "but downplayed the issue.")
    contents = {q.content.text for q in analysis.quotes}
    assert {"the bill would pass easily", "the ruling was legal", "they would vote for him again",
            "the country must lead", "that it would be hard for Romney to attend"} <= contents


def test_a_belief_inside_a_report_is_part_of_it_but_speech_inside_speech_stays(nlp):
    analysis = analyze_text("The governor said the majority of people in the region wanted to "
                            "be part of Russia. The senator said the bill would pass easily, "
                            "according to two aides.")
    cues = sorted(q.cue.text for q in analysis.quotes if q.cue is not None)
    assert cues == ["according to", "said", "said"]


def test_attribution_between_commas_and_after_a_partly_quoted_clause(nlp):
    analysis = analyze_text("By eliminating the receiving line, Ms. Tchen said, the White House "
                            "can invite twice as many guests. Some of the sentiments are \"based "
                            "on misunderstandings,\" said Jon Alterman, an analyst.")
    by_cue = {(q.kind, q.speaker.span.text): q for q in analysis.quotes}
    tchen = by_cue[("indirect", "Ms. Tchen")]
    assert [p.text for p in tchen.parts] == [
        "By eliminating the receiving line", "the White House can invite twice as many guests"]
    alterman = by_cue[("mixed", "Jon Alterman")]
    assert alterman.content.text.startswith("Some of the sentiments are")


def test_a_line_opened_by_a_name_and_a_colon_but_not_a_dateline(nlp):
    analysis = analyze_text("Chris Matthews spoke to Luciana Lopez.\n\nMatthews: Well, speculation "
                            "is bad.\n\nPoll: Trump ties Clinton in a three-way contest.\n\n"
                            "WASHINGTON: The Senate voted on Monday.\n\nNote: the figures are "
                            "rounded.")
    said = {q.speaker.span.text: q.content.text for q in analysis.quotes}
    assert said == {"Matthews": "Well, speculation is bad.",
                    "Poll": "Trump ties Clinton in a three-way contest."}


def test_quoted_transcript_turns_and_quotations_credited_after_a_dash(nlp):
    analysis = analyze_text(
        "Chris Wallace interviewed Gov. Mike Pence on Sunday.\n\n"
        "\"WALLACE: Will Gennifer Flowers be at the debate?\n\n"
        "\"PENCE: She will not be attending the debate tomorrow night.\n\n"
        "\"Donald Trump was using the tweet to mock the Clinton campaign.\n\n"
        "\"(CROSSTALK.)\n\n"
        "\"WALLACE: Governor, I want to try to get to the economy.\"\n\n"
        "Voters wrote to us after the debate.\n\n"
        "“He is ignorant of our culture and of our lives.” ― Pamela Padilla\n"
        "“I cannot believe a man with no credentials is running.”\u00a0― Jacklyn Ashley.\n"
        "“A phrase” — a line that credits nobody in particular.")
    said = [(q.speaker.span.text if q.speaker.span else None, q.said()) for q in analysis.quotes
            if q.leads()]
    assert said == [
        ("WALLACE", "Will Gennifer Flowers be at the debate?"),
        ("PENCE", "She will not be attending the debate tomorrow night. … Donald Trump was "
                  "using the tweet to mock the Clinton campaign."),
        ("WALLACE", "Governor, I want to try to get to the economy."),
        ("Pamela Padilla", "He is ignorant of our culture and of our lives."),
        ("Jacklyn Ashley", "I cannot believe a man with no credentials is running.")], said
    pence = next(q for q in analysis.quotes if q.speaker.span.text == "PENCE")
    assert pence.speaker.actor == "mike-pence"
    assert {q.cue.text for q in analysis.quotes if q.cue} == {"―"}


def test_naming_polls_questions_and_demands_are_attributions(nlp):
    analysis = analyze_text("Trump called her a \"horrible, horrible witness.\" Recent polls have "
                            "shown Trump with modest leads in Ohio. The senator asked whether the "
                            "talks would resume. She called for getting the program back on "
                            "track.")
    said = {q.cue.text: q.content.text for q in analysis.quotes}
    assert said["shown"] == "Trump with modest leads in Ohio"
    assert said["asked"] == "whether the talks would resume"
    contents = {q.content.text for q in analysis.quotes}
    assert {'her a "horrible, horrible witness."', "getting the program back on track"} <= contents


def test_a_stance_adjective_with_a_clause_is_a_belief_of_its_subject(nlp):
    analysis = analyze_text("The governor is confident that Clinton will champion biofuels. "
                            "Workers are furious at the company.")
    said = {q.speaker.span.text: q.content.text for q in analysis.quotes}
    assert said == {"The governor": "that Clinton will champion biofuels"}


def test_a_cue_verb_someone_is_enabled_to_do_is_no_report(nlp):
    analysis = analyze_text("The exposure can help North Korea assess the efficacy of its "
                            "equipment. Seoul said the drills would help it assess the threat.")
    assert [(q.speaker.span.text if q.speaker.span else None, q.cue.text if q.cue else None)
            for q in analysis.quotes] == [("Seoul", "said")]


def test_speakers_through_pronouns_and_relative_clauses(nlp):
    analysis = analyze_text("U.S. ambassador to the United Nations Nikki Haley said the Trump "
                            "administration was ready to take further steps. “We are prepared "
                            "to do more,” she told the council. Biden met Trump, who said the "
                            "talks were good.")
    said = {q.said(): (q.speaker.span.text if q.speaker.span else None, q.speaker.actor)
            for q in analysis.quotes}
    assert said["We are prepared to do more"] == ("she", "nikki-haley")
    assert said["the talks were good"] == ("who", "donald-trump")


def test_documents_and_findings_that_speak_through_a_pronoun(nlp):
    analysis = analyze_text("They turned to the Chicago Police Department, which reported "
                            "2,521 shooting incidents in the city. He released a letter from "
                            "his doctor that says he is in excellent health. The poll was taken "
                            "in May. It showed that most voters oppose the plan. The storm, "
                            "which showed no sign of weakening, hit the coast. It showed no "
                            "sign of weakening. Lawmakers have not said when they would take "
                            "up the bill. The lawsuit was filed on Monday. It says the "
                            "campaign broke the law. Obama told a meeting of Pacific Island "
                            "leaders that few people understood the stakes better. The city "
                            "of Phoenix is demanding that the campaign stop using the image.")
    said = {q.content.text: (q.speaker.span.text if q.speaker.span else None, q.speaker.actor,
                             q.cue.text if q.cue else None) for q in analysis.quotes}
    assert said["2,521 shooting incidents in the city"] == (
        "which", "chicago-police-department", "reported")
    assert said["he is in excellent health"][0::2] == ("that", "says")
    assert said["that most voters oppose the plan"][0::2] == ("It", "showed")
    assert said["the campaign broke the law"][0::2] == ("It", "says")
    assert said["that the campaign stop using the image"][0::2] == ("The city of Phoenix",
                                                                 "demanding")
    assert said["when they would take up the bill"][0::2] == ("Lawmakers", "said")
    # a "that" clause the parser hung on whom one told
    assert said["that few people understood the stakes better"][0::2] == ("Obama", "told")
    # a storm shows no one's view, whether named or as "it"
    assert not any("sign of weakening" in text for text in said)


def test_what_one_speaks_or_talks_about(nlp):
    analysis = analyze_text("Mr. Obama spoke emotionally of his many flights across the Mall. "
                            "She has gone on a tour to talk about ways to mend relationships. "
                            "He speaks Russian. Clinton was speaking when McAuliffe walked in. "
                            "An aide, who spoke on condition of anonymity, was there. Obama "
                            "spoke on Monday and talked for about an hour.")
    said = {q.content.text: q.cue.text for q in analysis.quotes}
    assert said == {"his many flights across the Mall": "spoke",
                    "ways to mend relationships": "talk"}


def test_no_quote_from_a_self_given_name_a_depiction_or_a_relative_fragment(nlp):
    analysis = analyze_text(
        "The group that calls itself the Islamic State posted a video that showed the "
        "beheading. North Korea launched a missile on Tuesday, which it claimed could reach "
        "Alaska. Harf pushed back when asked at the briefing about the possibility that the "
        "intelligence was a ruse. With the apparent blessing of the Supreme Leader, Rouhani "
        "spoke of a new start.")
    assert [(q.speaker.span.text, q.cue.text, q.content.text) for q in analysis.quotes] == [
        ("Rouhani", "spoke", "a new start")]


def test_an_attribution_set_aside_with_as(nlp):
    analysis = analyze_text("As one Twitter user pointed out, the gap between the two "
                            "candidates is huge. Hawaii, as one of Mr. Obama's climate advisers "
                            "pointed out, normally does not get back-to-back hurricanes. The "
                            "plan failed, as analysts had warned. As he walked out, the crowd "
                            "cheered.")
    said = {q.said(): (q.speaker.span.text, q.cue.text) for q in analysis.quotes}
    assert said["the gap between the two candidates is huge"] == ("one Twitter user",
                                                                  "pointed")
    assert said["Hawaii … normally does not get back-to-back hurricanes"] == (
        "one of Mr. Obama's climate advisers", "pointed")
    assert said["The plan failed"] == ("analysts", "warned")
    assert len(said) == 3  # walking out says nothing


def test_one_report_for_a_threat_and_none_for_a_speech_to_come(nlp):
    analysis = analyze_text("Trump threatened to attack North Korea. Mnuchin said the United "
                            "States would announce additional sanctions on Syria.")
    assert [(q.cue.text if q.cue else None) for q in analysis.quotes] == ["threatened", "said"]


def test_specialists_poll_shares_and_a_surname_taken_for_a_noun_speak(nlp):
    analysis = analyze_text("But hacking specialists say the information might not be genuine. "
                            "Two in three said they are less likely to vote. Michelle Fields "
                            "was grabbed. Fields later said she had been yanked backward.")
    speakers = {q.said(): q.speaker.actor for q in analysis.quotes}
    assert speakers["the information might not be genuine"] == "unnamed:hacking-specialists"
    assert "they are less likely to vote" in speakers
    assert speakers["she had been yanked backward"] == "michelle-fields"


def test_a_quotation_after_a_speech_noun_is_its_owners(nlp):
    analysis = analyze_text("Zelensky had a blunt warning for the West — “If Ukraine falls, "
                            "you are next.” Kim’s sister issued a statement on Tuesday. “The "
                            "drones came from the South,” it read. The report was titled “How "
                            "the West Lost Its Way in Kyiv.”")
    quotes = [(q.speaker.span.text if q.speaker.span else None, q.cue.text if q.cue else None,
               q.said()) for q in analysis.quotes]
    assert quotes == [("Zelensky", "warning", "If Ukraine falls, you are next."),
                      ("Kim’s sister", "statement", "The drones came from the South")]


def test_a_speaker_span_holds_no_quotation_mark(nlp):
    for text in ("''The area is in lockdown,'' Trump tweeted on Sunday.",
                 "The area is in lockdown and encircled by the army,'' Trump tweeted."):
        analysis = analyze_text(text)
        assert [q.speaker.span.text for q in analysis.quotes if q.speaker.span] == ["Trump"]


def test_causal_signals_beyond_verbs(nlp):
    """Prepositional, passive, conditional and emotional causes, and what is no cause."""
    def links(text):
        return {(c.signal.text, c.cause.text, c.effect.text)
                for c in analyze_text(text).causal if c.basis == "rule"}

    assert ("because", "the rally", "The convoy could not pass") in links(
        "The convoy could not pass because of the rally.")
    assert ("caused", "a short circuit", "The fire") in links(
        "The fire was caused by a short circuit.")
    assert ("If", "the talks fail", "the strike will continue") in links(
        "If the talks fail, the strike will continue.")
    assert ("Angered", "Angered by the verdict", "protesters marched to the court") in links(
        "Angered by the verdict, protesters marched to the court.")
    assert ("to", "to protest the closure of the mine",
            "Miners staged a rally on Tuesday") in links(
        "Miners staged a rally on Tuesday to protest the closure of the mine.")
    assert ("demanding", "demanding the release of the boats",
            "Fishermen are on a strike") in links(
        "Fishermen are on a strike demanding the release of the boats.")
    assert ("on the grounds", "that he had fled abroad before", "The court denied bail") in \
        links("The court denied bail on the grounds that he had fled abroad before.")
    assert ("Fearing", "Fearing a crackdown", "the protesters dispersed before dawn") in links(
        "Fearing a crackdown, the protesters dispersed before dawn.")
    assert ("by", "piling stones on it", "Protesters made the road impassable") in links(
        "Protesters made the road impassable by piling stones on it.")
    assert ("exacerbates", "The deep polarization of politics", "these tendencies") in links(
        "The deep polarization of politics only exacerbates these tendencies.")
    assert ("stoking", "A missile had been raised to a firing position",
            "concerns that a launch was imminent") in links(
        "A missile had been raised to a firing position, stoking concerns that a launch was "
        "imminent.")
    assert ("could deepen", "any acts", "the suffering of the people") in links(
        "I appeal for restraint to avoid any acts that could deepen the suffering of the "
        "people.")
    # a place on the ground, a manner of answering, a plea, a lack, a charge: no cause
    assert not links("There are no American boots on the ground in Syria. The leaders "
                     "responded by asserting that the bill was dead. He pleaded guilty in "
                     "2005 to unwittingly bankrolling the plot. She lacks the stamina to take "
                     "on ISIS. Police filed charges against those arrested so far.")
    # a road blocked, a team led, a thing one lets someone know, a time since: no cause
    assert not links("Protesters blocked the highway. A team led by the commissioner will "
                     "inquire. Let me tell you why. The march has been held every year since "
                     "Hong Kong returned to China in 1997. Both leaders are scheduled to "
                     "address the assembly today.")


def test_causal_grievances_aims_and_origins(nlp):
    """What is protested or fought over, what an act is for, what something came of."""
    def links(text):
        return {(c.relation, c.signal.text, c.cause.text, c.effect.text)
                for c in analyze_text(text).causal if c.basis == "rule"}

    assert ("motivate", "protesting", "rising inflation and state anti-labour policies",
            "The unions are protesting") in links(
        "The unions are protesting rising inflation and state anti-labour policies.")
    assert ("cause", "over", "use of the field", "The clash took place") in links(
        "The clash took place over use of the field.")
    assert ("cause", "outcome", "a petty scuffle between two sections", "The clash") in links(
        "The clash was the outcome of a petty scuffle between two sections.")
    assert ("cause", "behind", "the regime", "the chemical attack") in links(
        "Officials said the regime was behind the chemical attack.")
    assert ("cause", "due", "hardline policies", "the protests were") in links(
        "Critics say the protests were partly due to hardline policies.")
    assert ("cause", "on suspicion", "being a policeman", "A civilian was abducted") in links(
        "A civilian was abducted on suspicion of being a policeman.")
    assert ("motivate", "with the sole purpose", "preventing them from going to the city",
            "Police detained 200 activists") in links(
        "Police detained 200 activists with the sole purpose of preventing them from going "
        "to the city.")
    assert ("motivate", "to", "to express solidarity with their leader",
            "The strikes will continue in the coming days") in links(
        "The strikes will continue in the coming days to express solidarity with their "
        "leader.")
    assert ("motivate", "to", "to condemn the murder",
            "The party has called for a statewide bandh on Monday") in links(
        "The party has called for a statewide bandh on Monday to condemn the murder.")
    assert ("cause", "led", "A minor tiff between children", "clashes in the colony") in links(
        "A minor tiff between children led to clashes in the colony.")
    assert ("cause", "angry", "the police's slow response to the attack",
            "Protesters are angry") in links(
        "Protesters are angry at the police's slow response to the attack.")
    assert ("cause", "follow", "the arrest of the union president", "The protests") in links(
        "The protests follow the arrest of the union president.")
    assert ("motivate", "for", "political objectives", "The groups use violence") in links(
        "The groups use violence for political objectives.")
    assert ("cause", "for", "security reasons", "The embassy was closed") in links(
        "The embassy was closed for security reasons.")
    assert ("cause", "over", "the allocation of houses", "They hacked him to death") in links(
        "They hacked him to death, allegedly over the allocation of houses.")
    assert ("motivate", "to", "to make the government listen", "The protest") in links(
        "The protest was to make the government listen.")
    assert ("motivate", "to", "to discuss the crisis", "They held a meeting") in links(
        "They held a meeting to discuss the crisis.")
    assert ("cause", "creating", "The blasts took place within seconds of each other",
            "creating panic in the area") in links(
        "The blasts took place within seconds of each other, creating panic in the area.")
    # no worry denied, no "end" called for, no reason denied, no way called a purpose
    assert not links("She calls that the best way to unify the country. He has long held "
                     "the desire to go there.")
    assert not links("He wasn't worried about a war. He called for an end to the violence. "
                     "It was another disaster for no reason whatsoever. They were angry at "
                     "him.")
    # a schedule, a place, a military strike, a complement of "call on" or "plan": no cause
    assert not links("Cameron is due to meet the prime minister on Wednesday. Pence is due "
                     "in Seoul. He was behind bars for two years. One strike hit a car. "
                     "Leaders called on Corbyn to resign. They planned on Monday to seek "
                     "depositions. What is striking about this campaign is its length. They "
                     "protested Trump in New York. It is the aim of the company.")


def test_quotation_run_into_the_sentence_after_its_cue(nlp):
    """“…” straight after the cue, with a lower-case start, is still a quotation."""
    analysis = analyze_text("In his tribute, Elliott said “there is no great man that has done "
                            "more for this city than Muhammad Ali.” Obama said “it gets me mad” "
                            "every time he thinks about the first-graders. The magazine said "
                            "the poll winner has predicted the White House winner. Adelson said "
                            "on Friday during a news conference that he may wait until March.")
    quotes = {q.speaker.span.text: (q.kind, q.content.text) for q in analysis.quotes}
    assert quotes["Elliott"] == ("direct", "there is no great man that has done more for this "
                                           "city than Muhammad Ali.")
    kind, content = quotes["Obama"]
    assert kind == "mixed" and content.startswith("it gets me mad")
    assert content.endswith("every time he thinks about the first-graders")
    assert quotes["The magazine"][1] == "the poll winner has predicted the White House winner"
    assert quotes["Adelson"][1] == "that he may wait until March"


def test_speakers_named_by_what_they_are_and_appositions_before_the_cue(nlp):
    analysis = analyze_text("The billionaire businessman says running for president is tough. "
                            "Despite a series of defeats on Tuesday, the senator remains "
                            "committed to the race, his top aide, Tad Devine, told The "
                            "Huffington Post.")
    quotes = {q.speaker.span.text: q.content.text for q in analysis.quotes}
    assert quotes["The billionaire businessman"] == "running for president is tough"
    assert quotes["his top aide, Tad Devine"].endswith("remains committed to the race")
    assert "The Huffington Post" not in quotes.values()  # whom one told is not what was said
    # poll shares, however the parser hangs "in"
    analysis = analyze_text("Six in 10 say he is at least somewhat decisive.")
    assert [(q.speaker.span.text, q.content.text) for q in analysis.quotes] == [
        ("Six in 10", "he is at least somewhat decisive")]


def test_what_is_said_goes_on_into_a_quoted_clause_and_stops_at_a_gloss(nlp):
    analysis = analyze_text("He said he had received offers for the gun, but “the offers were "
                            "to use the gun in a way I did not like.” Trump said he would "
                            "quarantine people over fears of the Zika virus, which is spread "
                            "by mosquitoes.")
    contents = [q.content.text for q in analysis.quotes]
    assert any(c.startswith("he had received offers") and c.endswith("I did not like.”")
               for c in contents), contents
    assert "he would quarantine people over fears of the Zika virus" in contents


def test_question_quote_then_a_long_attribution_sentence(nlp):
    analysis = analyze_text("“Is this a priority for them?” O’Malley said at a press conference "
                            "in Des Moines on Tuesday afternoon after the debate.")
    assert [(q.kind, q.speaker.span.text, q.content.text) for q in analysis.quotes] == [
        ("direct", "O’Malley", "Is this a priority for them?")]


def test_a_reason_or_condition_on_the_cue_is_still_said(nlp):
    analysis = analyze_text("The office said it did not count those meetings in its tally "
                            "because they were part of the daily duties of any minister. "
                            "Brookover said he would welcome advice if elected. Sanders said "
                            "the plan was unaffordable and called for a vote on Monday.")
    contents = [q.content.text for q in analysis.quotes]
    assert contents == [
        "it did not count those meetings in its tally because they were part of the daily "
        "duties of any minister",
        "he would welcome advice if elected",
        "the plan was unaffordable"]  # what he went on to do is the writer's report


def test_according_to_leaves_out_the_writers_lead_in_and_contrast(nlp):
    analysis = analyze_text("And it has not gone unnoticed: according to recent polls, Trump "
                            "holds only 14 percent of the Latino vote. Despite a month of "
                            "sharpened attacks, Sanders has failed to dent Clinton's lead, "
                            "according to a New York Times poll.")
    assert [(q.speaker.span.text, q.content.text) for q in analysis.quotes] == [
        ("recent polls", "Trump holds only 14 percent of the Latino vote"),
        ("a New York Times poll", "Sanders has failed to dent Clinton's lead")]


def test_no_quote_from_an_infinitive_on_a_noun_or_a_wish_for_anonymity(nlp):
    analysis = analyze_text("Every country has the right to defend its borders, he said. A "
                            "senior official, who asked not to be identified, said the talks "
                            "had failed.")
    assert [(q.speaker.span.text, q.cue.text, q.content.text) for q in analysis.quotes] == [
        ("he", "said", "Every country has the right to defend its borders"),
        ("A senior official", "said", "the talks had failed")]


def test_a_passive_cue_does_not_make_its_subject_the_speaker(nlp):
    analysis = analyze_text("Mr. Johnson is expected to seek an election. The minister was told "
                            "that the talks had failed.")
    assert [(q.speaker.span, q.cue.text, q.content.text) for q in analysis.quotes] == [
        (None, "told", "that the talks had failed")]


def test_doubt_phrases_and_what_is_not_vague(nlp):
    analysis = analyze_text("It is not clear how Iraq will rebuild its army. It remains to be "
                            "seen whether the truce holds. Security forces arrested several "
                            "Brotherhood leaders. Police detained some 1,200 protesters. Many "
                            "analysts credit the strikes with weakening al Qaeda. Trump called "
                            "him “thin-skinned.”")
    claims = {c.span.text[:20]: c for c in analysis.claims}
    assert claims["It is not clear how "].certainty == "doubtful"
    remains = claims["It remains to be see"]
    assert remains.certainty == "doubtful" and not remains.vague
    # an amount left uncounted flags as the subject only ("Several analysts say"), not
    # as the people acted on; a round number never
    assert "Security forces arre" not in claims
    assert "Police detained some" not in claims
    assert claims["Many analysts credit"].vague
    assert not any("thin-skinned" in c.span.text for c in analysis.claims)  # no proposition


def test_kinds_of_weasel_words(nlp):
    from sitroom.attribution.hedges import weasel_kind

    def kinds(text):
        return [(t.text, weasel_kind(t)) for t in nlp(text) if weasel_kind(t)]

    assert kinds("Some analysts say the legendary commander destroyed many towns.") == [
        ("Some", "support"), ("analysts", "support"), ("legendary", "puffery"),
        ("many", "amount")]
    assert kinds("At some point some 12,000 troops crossed; how many stayed is unknown, and the "
                 "most central issue remains.") == []
    # whose view a passive or "according to" gives without naming them; not who did it
    assert ("some", "support") in kinds("The plan was viewed as too passive by some.")
    assert ("many", "support") in kinds("According to many, the war was lost.")
    assert ("some", "support") not in kinds("The town was shelled by some of the rebels.")


def test_any_noun_voices_what_only_speakers_say_and_evidence_shows(nlp):
    _, quotes = quotes_of("The lender said that it had fired hundreds of clerks over the "
                          "scheme. Satellite data show that the lake has shrunk by half.")
    assert ("indirect", "The lender", "said",
            "that it had fired hundreds of clerks over the scheme") in quotes
    assert ("indirect", "Satellite data", "show", "that the lake has shrunk by half") in quotes
    # "suggest" can have evidence for its subject: an event before it does not speak
    _, quotes = quotes_of("The rise in prices suggests that demand is back.")
    assert quotes == []


def test_according_to_first_and_a_name_after_an_opening_clause(nlp):
    _, quotes = quotes_of("According to conservative talk radio host Rush Limbaugh, the move "
                          "reeks of fear and desperation.")
    assert [(q[1], q[3]) for q in quotes] == [
        ("conservative talk radio host Rush Limbaugh", "the move reeks of fear and desperation")]
    _, quotes = quotes_of("According to Jane Roe, a professor at the college, the plan "
                          "will fail.")
    assert [(q[1], q[3]) for q in quotes] == [("Jane Roe", "the plan will fail")]
    _, quotes = quotes_of("Writing for a Los Angeles Times panel, Mark Z. Barabak noted that the "
                          "way Pence carried himself was critical to his success.")
    assert [q[1:3] for q in quotes] == [("Mark Z. Barabak", "noted")]


def test_a_clause_a_semicolon_sets_off_before_the_cue_is_not_what_is_said(nlp):
    _, quotes = quotes_of("It's an extremely unlikely scenario; Clinton's team says she'll "
                          "continue her march toward Election Day later this week.")
    assert [(q[1], q[3]) for q in quotes] == [
        ("Clinton's team", "she'll continue her march toward Election Day later this week")]


def test_one_cue_reports_a_clause_and_another_opens_the_quotation(nlp):
    _, quotes = quotes_of("Ryan and Trump will meet next week, Spicer said, adding, \"They need "
                          "to sit down and have a good talk.\"")
    assert ("indirect", "Spicer", "said", "Ryan and Trump will meet next week") in quotes
    assert ("direct", "Spicer", "adding",
            "They need to sit down and have a good talk.") in quotes
    _, quotes = quotes_of("Lazar said he welcomed extradition to the United States and added, "
                          "\"I'll plead guilty, no problem.\"")
    assert [(kind, cue) for kind, _, cue, _ in quotes] == [("indirect", "said"),
                                                           ("direct", "added")]


def test_a_second_said_the_parser_hung_on_the_first_ones_clause(nlp):
    _, quotes = quotes_of("Clark said Brooks had begun making calls to committee members - there "
                          "are two from each of the state's nine congressional districts, plus "
                          "four statewide officials - but said the ultimate outcome was still "
                          "up in the air.")
    assert ("indirect", "Clark", "said", "the ultimate outcome was still up in the air") in quotes


def test_interview_questions_and_answers_are_turns(nlp):
    text = ("Maria Lopez was 14 when her parents were deported.\n\n"
            "Q: What did you find when you came home?\n\n"
            "A: My parents were gone, and nobody checked up on me.\n\n"
            "Q. Did anyone take care of you?\n\n"
            "A. No, no one did.")
    _, quotes = quotes_of(text)
    turns = [(speaker, content) for kind, speaker, _, content in quotes if kind == "direct"]
    assert turns == [("Q", "What did you find when you came home?"),
                     ("A", "My parents were gone, and nobody checked up on me."),
                     ("Q", "Did anyone take care of you?"), ("A", "No, no one did.")]
    # a lone "A:" is a list's first item, not an answer
    _, quotes = quotes_of("Two options remain.\n\nA: Raise taxes on the richest households.")
    assert quotes == []


def test_headline_credits_with_an_audience_or_an_unnamed_source(nlp):
    _, quotes = quotes_of("Clinton to Planned Parenthood: Trump will reverse Roe v. Wade.")
    assert [(speaker, content) for _, speaker, _, content in quotes] == [
        ("Clinton", "Trump will reverse Roe v. Wade.")]
    _, quotes = quotes_of("Insiders: Trump will rebound in New Hampshire.")
    assert [speaker for _, speaker, _, _ in quotes] == ["Insiders"]
    _, quotes = quotes_of("Welcome to America: A guide for new arrivals.")
    assert quotes == []


def test_a_name_in_quotation_marks_someone_gives_is_what_they_say(nlp):
    _, quotes = quotes_of("Hillary Clinton called the Republican frontrunner \"ISIS' best "
                          "recruiter.\"")
    assert [(kind, speaker, cue) for kind, speaker, cue, _ in quotes] == [
        ("mixed", "Hillary Clinton", "called")]
    assert quotes[0][3].startswith("the Republican frontrunner")
    _, quotes = quotes_of("Border Patrol agents described the ground underneath the city as "
                          "\"Swiss cheese.\"")
    assert [speaker for _, speaker, _, _ in quotes] == ["Border Patrol agents"]
    _, quotes = quotes_of("Ukraine wants an admission of guilt for what authorities there "
                          "called a \"disastrous mistake.\"")
    assert [speaker for _, speaker, _, _ in quotes] == ["authorities there"]
    # a name given to a thing, not a view of it
    _, quotes = quotes_of("He founded a group called \"Save Our Parks\" in 2010.")
    assert quotes == []


def test_no_quote_from_a_tally_a_heading_or_an_object_that_states_nothing(nlp):
    for text in ("Bernie Sanders: 1,501.",
                 "Editor’s Note: The following is part 3 of an excerpt from a new book.",
                 "He writes a weekly column for the paper.",
                 "Pyongyang maintained its development of nuclear weapons."):
        assert quotes_of(text)[1] == [], text
