"""Quote finding: every English news style of quotation, its kind, its speaker, and odd input that must not break it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.attribution.cue_reading import describes
from storage.attribution.quotes import extract_comment, extract_quotes


def quotes_of(text: str) -> list[tuple[str, str, str | None]]:
    """(text, kind, speaker's most complete name) for every quote found."""
    extraction = extract_quotes(text)
    return [
        (q.text, q.kind, extraction.actors[q.speaker].name if q.speaker is not None else None)
        for q in extraction.quotes
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Professor Julian Le Grand led the review. “I have seen commitment to improve,” said Le Grand.",
            ("I have seen commitment to improve,", "direct", "Professor Julian Le Grand"),
        ),
        (
            "Lord Norman Warner spoke today. He said: “It takes two to tango, and the NHS has not helped.”",
            ("It takes two to tango, and the NHS has not helped.", "direct", "Lord Norman Warner"),
        ),
        (
            '"This is a historic day for the children of this city," said Maria Lopez, a spokeswoman for the agency.',
            ("This is a historic day for the children of this city,", "direct", "Maria Lopez"),
        ),
        (
            "Karen Smith, 42, begged for help. 'Nobody listened to me at all,' she said.",
            ("Nobody listened to me at all,", "direct", "Karen Smith"),
        ),
        (
            "Tom Becker chairs the committee. “We simply cannot afford it,” Becker says.",
            ("We simply cannot afford it,", "direct", "Tom Becker"),
        ),
        (
            "Children’s minister Edward Timpson visited. “We will not let this happen again,” the minister told reporters.",
            ("We will not let this happen again,", "direct", "Edward Timpson"),
        ),
    ],
)
def test_direct_quotes_are_attributed_before_or_after(text: str, expected: tuple[str, str, str | None]) -> None:
    assert expected in quotes_of(text)


def test_a_quote_split_around_its_attribution_gives_both_parts_to_the_speaker() -> None:
    text = "“The challenges are formidable,” Lord Norman Warner said. “The plan will not be delivered.”"

    assert [
        ("The challenges are formidable,", "direct", "Lord Norman Warner"),
        ("The plan will not be delivered.", "direct", "Lord Norman Warner"),
    ] == quotes_of(text)


def test_a_quote_left_open_continues_into_the_next_paragraph() -> None:
    text = (
        "Lord Warner said: “Children deserve care they can rely on.\n\n"
        "“Over the coming months I will work with the council.”\n\n"
        "The council did not comment."
    )

    assert [
        ("Children deserve care they can rely on.", "direct", "Lord Warner"),
        ("Over the coming months I will work with the council.", "direct", "Lord Warner"),
    ] == quotes_of(text)


def test_a_quote_that_never_closes_ends_with_its_paragraph() -> None:
    text = "But Bridget Robb added: “A commissioner must not become another vehicle.\n\nThe report was published."

    assert [("A commissioner must not become another vehicle.", "direct", "Bridget Robb")] == quotes_of(text)


def test_paragraphs_after_a_line_ending_in_a_colon_are_quotes_without_marks() -> None:
    text = (
        "Peter Hay, strategic director for people at the council, said:\n\n"
        "We are clear there remain areas of risk in recruitment.\n\n"
        "We now have a workforce strategy in place to stabilise staffing.\n\n"
        "Chamberlain Files understands that Ofsted will arrive next month."
    )

    assert [
        ("We are clear there remain areas of risk in recruitment.", "direct", "Peter Hay"),
        ("We now have a workforce strategy in place to stabilise staffing.", "direct", "Peter Hay"),
    ] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In an interview, Lord Norman Warner warned that too few NHS staff are involved in the hub.",
            ("too few NHS staff are involved in the hub", "indirect", "Lord Norman Warner"),
        ),
        (
            "Lord Norman Warner spoke. He also said that the reorganisation had fragmented health services.",
            ("the reorganisation had fragmented health services", "indirect", "Lord Norman Warner"),
        ),
        (
            "The NHS must share the blame for the failures, Lord Norman Warner has claimed.",
            ("The NHS must share the blame for the failures", "indirect", "Lord Norman Warner"),
        ),
        (
            "Bridget Robb, chief executive of the British Association of Social Workers (BASW), said she hoped for progress.",
            ("she hoped for progress", "indirect", "Bridget Robb"),
        ),
        (
            "The review found the plans were too vague to work.",
            ("the plans were too vague to work", "indirect", "the review"),
        ),
        (
            "Staff were overwhelmed, according to Ofsted inspectors in their latest visit.",
            ("Staff were overwhelmed", "indirect", "Ofsted"),
        ),
    ],
)
def test_reported_speech_is_indirect(text: str, expected: tuple[str, str, str | None]) -> None:
    assert expected in quotes_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Lord Norman Warner spoke. He also described the Board as ‘dysfunctional’ at the meeting.",
            ("dysfunctional", "partial", "Lord Norman Warner"),
        ),
        (
            "Ofsted said so in 2014. The watchdog hit out at “too many false dawns” in the city.",
            ("too many false dawns", "partial", "Ofsted"),
        ),
    ],
)
def test_quoted_words_inside_a_sentence_are_partial_quotes_of_its_speaker(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    assert expected in quotes_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Its report – ‘It takes a city to raise a child’ – was published in May.",
        "Each district is represented by a “district committee” of councillors.",
        "‘Our children are safer, but not safe enough’\n\nThe city council met on Monday.",
    ],
)
def test_titles_and_scare_quotes_get_no_guessed_speaker(text: str) -> None:
    assert all(speaker is None for _, _, speaker in quotes_of(text))


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = "\"My manager said to me, 'Don't make waves,'\" Dr Anita Rao told the panel."

    assert [("My manager said to me, 'Don't make waves,'", "direct", "Dr Anita Rao")] == quotes_of(text)


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The NHS’s approach isn't working, and the councils’ budgets can’t cope."

    assert [] == quotes_of(text)


def test_a_reader_comment_is_one_quote_by_its_author() -> None:
    quote, author = extract_comment("Philip Measures", "  Oh dear! Oh dear!\n")

    assert quote is not None and author is not None
    assert ("Oh dear! Oh dear!", "comment", 0) == (quote.text, quote.kind, quote.speaker)
    assert "Philip Measures" == author.name


def test_an_empty_comment_is_no_quote() -> None:
    assert (None, None) == extract_comment("Anon", " \n ")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No quotation marks at all in this text.",
        "“Unbalanced “quotes ” everywhere” ” “",
        "He said: “" + "never closes " * 200,
        "'''''\"\"\"“”‘’„«»",
        "Mr\u00a0Smith said:\u00a0“Non\u200bbreaking spaces and zero\u200dwidth joiners.”",
        "He said.\n\n\n“\n\n”\n\nShe said:",
        "said said said said: “said” said ‘said’ said",
    ],
)
def test_odd_input_extracts_without_error_and_offsets_hold(text: str) -> None:
    for quote in extract_quotes(text).quotes:
        assert text[quote.start : quote.end] == quote.text


ALPHABET = st.sampled_from(list("abc XYZ.,:;!?\n\u00a0\u200b'\"“”‘’-–") + ["said", "He", "Smith", " that "])


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_any_text_extracts_with_valid_offsets(text: str) -> None:
    extraction = extract_quotes(text)

    for quote in extraction.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        assert quote.kind in {"direct", "indirect", "partial", "term"}
        assert quote.speaker is None or 0 <= quote.speaker < len(extraction.actors)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A Department for Education and Skills source said: “Every day in school counts.”", "Department for Education and Skills"),
        ("“We cannot comment on individual cases,” a spokesman for Leeds City Council said.", "Leeds City Council"),
        ("“We have no record of it,” a Home Office official said.", "Home Office"),
    ],
)
def test_a_spokesman_or_source_speaks_for_the_body_named(text: str, speaker: str) -> None:
    assert [speaker] == [name for _, kind, name in quotes_of(text) if kind == "direct"]


def test_wire_copy_that_reopens_a_quote_keeps_the_speaker() -> None:
    text = (
        'Patricia Hewitt said: "We have already doubled maternity pay. '
        '"We are going to extend the pay to nine months by 2007." She was speaking on Sunday.'
    )

    assert [
        ("We have already doubled maternity pay.", "direct", "Patricia Hewitt"),
        ("We are going to extend the pay to nine months by 2007.", "direct", "Patricia Hewitt"),
    ] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jane Smith is the mayor. “We are ready,” she said, “and we will win.”",
            [("We are ready,", "direct", "Jane Smith"), ("and we will win.", "direct", "Jane Smith")],
        ),
        ("“It’s over,” said Mr. Johnson, 54, a farmer from Iowa.", [("It’s over,", "direct", "Mr. Johnson")]),
        (
            'Prime Minister Boris Johnson said: "We will get Brexit done by January."',
            [("We will get Brexit done by January.", "direct", "Boris Johnson")],
        ),
        (
            "“There is no evidence of fraud,” Attorney General Merrick Garland told reporters on Tuesday.",
            [("There is no evidence of fraud,", "direct", "Merrick Garland")],
        ),
        (
            "Tom Ford arrived late. “I don't know what happened,” he added, shrugging.",
            [("I don't know what happened,", "direct", "Tom Ford")],
        ),
        (
            "“This is unacceptable,” according to Senator Elizabeth Warren.",
            [("This is unacceptable,", "direct", "Senator Elizabeth Warren")],
        ),
    ],
)
def test_attribution_styles_of_other_outlets(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert expected == quotes_of(text)


def test_wire_copy_dateline_prepositional_tails_and_unnamed_speakers() -> None:
    text = (
        "PHOENIX (AP) — The state will take control of the foster care system, the governor announced Friday.\n\n"
        "The move comes after a federal judge said last year that the county had failed to fix problems.\n\n"
        '"We cannot wait any longer," Gov. Ann Wells said at a news conference.\n\n'
        "Inspectors said managers were not checking cases closely enough."
    )

    assert [
        ("The state will take control of the foster care system", "indirect", "Gov. Ann Wells"),
        ("the county had failed to fix problems", "indirect", "a federal judge"),
        ("We cannot wait any longer,", "direct", "Gov. Ann Wells"),
        ("managers were not checking cases closely enough", "indirect", "inspectors"),
    ] == quotes_of(text)


def test_pronouns_skip_listeners_and_descriptions_for_the_named_person() -> None:
    text = (
        "The health arguments outweighed disquiet, Jack McConnell told MSPs. He said smoking would be banned.\n\n"
        "The Scottish National Party's Holyrood leader, Nicola Sturgeon, welcomed the move. "
        'She said: "The time has come for a ban on smoking in public places."'
    )

    assert [
        ("The health arguments outweighed disquiet", "indirect", "Jack McConnell"),
        ("smoking would be banned", "indirect", "Jack McConnell"),
        ("The time has come for a ban on smoking in public places.", "direct", "Nicola Sturgeon"),
    ] == quotes_of(text)


def test_offices_before_a_name_are_kept_as_its_role() -> None:
    extraction = extract_quotes("New Home Secretary Charles Clarke said the law would be renewed.")

    assert [("Charles Clarke", "New Home Secretary")] == [(a.name, a.role) for a in extraction.actors]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"There is no number one side," declared Wallabies coach Eddie Jones on arrival in Sydney.',
            "Eddie Jones",
        ),
        ('Shares in Novartis grew. "Growth will create jobs," the firm said in a statement.', "Novartis"),
        (
            'Shares in Brightwater Corporation rose after its sales in the US grew. "We are delighted," the firm said.',
            "Brightwater Corporation",
        ),
    ],
)
def test_inverted_offices_and_generic_company_nouns(text: str, speaker: str) -> None:
    assert [speaker] == [name for _, kind, name in quotes_of(text) if kind == "direct"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"The big worries continue," Michael Rabb, an analyst with Bank Sal Oppenheim, told Reuters.',
            "Michael Rabb",
        ),
        (
            "Nicolas Sarkozy of France spoke. \"We are concerned about these developments,\" he said.",
            "Nicolas Sarkozy",
        ),
    ],
)
def test_appositives_and_places_after_names(text: str, speaker: str) -> None:
    assert [speaker] == [name for _, kind, name in quotes_of(text) if kind == "direct"]


def test_a_name_and_a_colon_attribute_the_quote_after() -> None:
    text = 'Preview.\n\n- Blackburn boss Mark Hughes: "Burnley are resolute and have individual talent."'

    assert [("Burnley are resolute and have individual talent.", "direct", "Mark Hughes")] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Real Madrid midfielder David Beckham has no plans to manage.\n\n"
            '"I am not interested in being a coach," the England captain said on television.',
            "David Beckham",
        ),
        ('Few can tell. Said the Pew report: "This finding is ironic, since half of users say so."', "Pew"),
    ],
)
def test_descriptions_refer_back_and_inverted_sentence_openings(text: str, speaker: str) -> None:
    assert [speaker] == [name for _, kind, name in quotes_of(text) if kind == "direct"]


def test_a_surname_with_a_role_is_a_person_pronouns_can_mean() -> None:
    text = "Celtic manager O'Neill is no respecter of reputations. \"The onus is on Juninho to force his way in,\" he said."

    assert [("The onus is on Juninho to force his way in,", "direct", "O'Neill")] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Labour MP Tom Black backed it. Green Party spokeswoman for transport Ellen Ray said: “Commuters have been ignored for years.”",
            ("Commuters have been ignored for years.", "direct", "Ellen Ray"),
        ),
        (
            "Ann Cole, a nurse, spoke first. A spokesman for the Unison union said: “Our members are exhausted by this.”",
            ("Our members are exhausted by this.", "direct", "Unison"),
        ),
        (
            "A spokeswoman for Harrow & Finch later added: “No decision has been taken on the depot.”",
            ("No decision has been taken on the depot.", "direct", "Harrow & Finch"),
        ),
        (
            "Prices rose. According to a statement from the Steel Trade Institute, “any deal would cost thousands of jobs.”",
            ("any deal would cost thousands of jobs.", "direct", "Steel Trade Institute"),
        ),
        (
            "Ravi Shah, Northfield Traders Association said: “We have tried very hard to keep them here.”",
            ("We have tried very hard to keep them here.", "direct", "Ravi Shah"),
        ),
        (
            "Chief executive Lorna Hale spoke. “We have absorbed these costs for long enough,” she told staff at a meeting on Monday.",
            ("We have absorbed these costs for long enough,", "direct", "Lorna Hale"),
        ),
        (
            "Shadow leader of the Lords Ann Keane said: “This will be part of our aim to restore trust.”",
            ("This will be part of our aim to restore trust.", "direct", "Ann Keane"),
        ),
    ],
)
def test_roles_with_a_remit_spokespeople_statements_and_listeners(text: str, expected: tuple[str, str, str | None]) -> None:
    assert expected in quotes_of(text)


def test_a_role_with_a_remit_is_the_role_and_the_name_stays_the_subject() -> None:
    text = "Green Party spokeswoman for transport Ellen Ray said: “Fares must fall.” She added that buses were too slow."
    extraction = extract_quotes(text)

    assert [("Ellen Ray", "Green Party spokeswoman for transport")] == [(a.name, a.role) for a in extraction.actors]
    assert ("buses were too slow", "indirect", "Ellen Ray") in quotes_of(text)


def test_he_and_she_never_go_to_someone_of_the_other_gender() -> None:
    text = (
        "Council leader Anita Soren said the rise was needed. “We have cut everything else,” she said.\n\n"
        "Opposition leader Mark Bright said it was unfair. “You are asking the poorest to pay,” he said.\n\n"
        "“That is not true and he knows it,” she replied.\n\n"
        "He was not satisfied. “Nobody has heard of the exemption,” he said."
    )

    assert [
        ("We have cut everything else,", "direct", "Anita Soren"),
        ("You are asking the poorest to pay,", "direct", "Mark Bright"),
        ("That is not true and he knows it,", "direct", "Anita Soren"),
        ("Nobody has heard of the exemption,", "direct", "Mark Bright"),
    ] == [quote for quote in quotes_of(text) if quote[1] == "direct"]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (
            "Kofi Mensa scored twice. Rovers boss Steve Carr was delighted. “Kofi was on another level,” said Carr.\n\n"
            "Kofi Mensa joined in January. “I wanted to repay the manager for his faith,” the 24-year-old winger said.",
            "I wanted to repay the manager for his faith,",
            "Kofi Mensa",
        ),
        (
            "Manager Dan White was furious. “It was offside by a yard,” he said.\n\n"
            "White's captain, Lee Hardy, agreed. “We're gutted,” the defender said.",
            "We're gutted,",
            "Lee Hardy",
        ),
    ],
)
def test_a_plain_description_is_the_person_just_written_about(text: str, quote: str, speaker: str) -> None:
    assert (quote, "direct", speaker) in quotes_of(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Tom Hale lost his home.\n\n“The water rose in minutes.” Ann Lee, 70, spoke as she cleared her kitchen.", "Ann Lee"),
        ("Tom Hale said: “It was awful.”\n\n“We had sandbags out.” That was how Ann Lee described the night.", "Ann Lee"),
        ("Tom Hale said: “It was awful.”\n\n“We had sandbags out.” Ann Lee continues to live in the town.", "Tom Hale"),
        ("Tom Hale said: “It was awful.”\n\n“We had sandbags out.” And Ann Lee says: “I think so too.”", "Tom Hale"),
    ],
)
def test_a_quote_opening_a_paragraph_goes_to_whoever_the_next_sentence_says_spoke(text: str, speaker: str) -> None:
    assert ("We had sandbags out." if "sandbags" in text else "The water rose in minutes.", "direct", speaker) in quotes_of(text)


def test_answers_in_a_q_and_a_interview_are_the_interviewees_quotes() -> None:
    text = (
        "Ruth Kline's first novel has sold a million copies. Ruth Kline spoke to us in Bristol.\n\n"
        "Q: Did you expect this?\n\n"
        "A: Not at all. I wrote it in the evenings after work.\n\n"
        "Q: What next?\n\n"
        "A: A second novel, which is late."
    )

    assert [
        ("Not at all. I wrote it in the evenings after work.", "direct", "Ruth Kline"),
        ("A second novel, which is late.", "direct", "Ruth Kline"),
    ] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Pensioner Mary Hill, 78, has waited two years. “I can barely walk,” she said.", "Mary Hill"),
        ("Simone Tarr SC said her client was ashamed. “He has lost everything,” she told the court.", "Simone Tarr"),
        ("The mayor, Louise Petra, spoke outside. “Justice has been done,” Cr Petra said.", "Louise Petra"),
        ("Analyst Nick Van den Broek of Bank Paribas was cautious. “It is quite good,” he said.", "Nick Van den Broek"),
        ("IAAF chief Lamine Dia and Namibian athlete Frank Fred met. “I am very happy,” said Dia.", "Lamine Dia"),
        ("The party repaid former Tory Treasurer Lord Ashby. “We repay loans when due,” Lord Ashby said.", "Lord Ashby"),
        ("However on Tuesday Mr Ebbs denied it. “I was never advised,” he told the court.", "Mr Ebbs"),
    ],
)
def test_names_lose_descriptions_days_and_post_nominals_but_keep_particles(text: str, speaker: str) -> None:
    assert speaker == [quote for quote in quotes_of(text) if quote[1] == "direct"][0][2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Judge Anna Fitz said Keneally had betrayed the community that elected him.",
            ("Keneally had betrayed the community that elected him", "indirect", "Judge Anna Fitz"),
        ),
        (
            "Festival director Harriet Vaughan said this year's programme was the most diverse yet.",
            ("this year's programme was the most diverse yet", "indirect", "Harriet Vaughan"),
        ),
        (
            "In the village of Kumbal, fisherman Joseph Tom, 52, said the water had risen faster than expected.",
            ("the water had risen faster than expected", "indirect", "Joseph Tom"),
        ),
    ],
)
def test_reported_clauses_keep_relative_clauses_and_skip_the_setting(text: str, expected: tuple[str, str, str | None]) -> None:
    assert expected in quotes_of(text)


def test_a_capitalised_cue_word_inside_a_name_is_no_cue() -> None:
    text = "Exports to the United States fell sharply last year. Ann Bell states that the trade will recover soon."
    [quote] = extract_quotes(text).quotes
    assert ("indirect", "states") == (quote.kind, quote.cue)
    assert quote.text.startswith("the trade will recover")


def test_a_closed_utterance_after_a_cue_is_direct_though_the_sentence_goes_on() -> None:
    text = "Ann Bell stood at the gate and kept saying, “Do not close the pier,” until the last ferry left."
    extraction = extract_quotes(text)
    [quote] = [q for q in extraction.quotes if q.text.startswith("Do not")]
    assert "direct" == quote.kind
    assert quote.speaker is not None and "Ann Bell" == extraction.actors[quote.speaker].name


@pytest.mark.parametrize(
    "text",
    [
        "Ann Bell hit back at the harbour board on Monday, saying the pier had been neglected for years.",
        "Ann Bell ended the meeting by saying the pier had been neglected for years.",
    ],
)
def test_a_participle_in_its_own_clause_reports_for_the_sentence_subject(text: str) -> None:
    assert ("the pier had been neglected for years", "indirect", "Ann Bell") in quotes_of(text)


@pytest.mark.parametrize("verb", ["barked", "snapped", "shot back", "chimed in", "exclaimed", "sang"])
def test_more_verbs_of_saying_attribute_a_quotation(verb: str) -> None:
    text = f"The meeting ran late. “Go back to your seats,” Ann Bell {verb} as the room filled."
    extraction = extract_quotes(text)
    [quote] = extraction.quotes
    assert ("direct", verb) == (quote.kind, quote.cue)
    assert quote.speaker is not None and "Ann Bell" == extraction.actors[quote.speaker].name


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The pier will reopen,” said a longtime adviser to the mayor, who asked not to be named.", "a longtime adviser"),
        ("“The pier will reopen,” said the 46-year-old.", "the 46-year-old"),
    ],
)
def test_an_inverted_description_after_the_cue_speaks(text: str, speaker: str) -> None:
    extraction = extract_quotes(text)
    [quote] = extraction.quotes
    assert "direct" == quote.kind
    assert speaker == text[quote.mention_start : quote.mention_end]


def test_a_quotation_carrying_on_the_writers_clause_is_no_direct_quote() -> None:
    text = "Ann Bell said on the other hand, “the ferry timetable works well for the morning commuters.”"
    [quote] = [q for q in extract_quotes(text).quotes if q.text.startswith("the ferry")]
    assert "partial" == quote.kind


def test_a_split_quotation_going_on_in_lower_case_stays_direct() -> None:
    text = "“We are sorry,” Ann Bell told the harbour board, “but the pier must close this winter.”"
    kinds = {q.text: q.kind for q in extract_quotes(text).quotes}
    assert "direct" == kinds["but the pier must close this winter."]


@pytest.mark.parametrize(
    "text",
    [
        "“The veto will be overridden,” Ann Bell, a senator from Ohio, said Tuesday.",
        "“The veto will be overridden,” Ann Bell, R-Ohio, said on Tuesday.",
    ],
)
def test_a_day_after_the_verb_is_no_inverted_subject(text: str) -> None:
    assert ("The veto will be overridden,", "direct", "Ann Bell") in quotes_of(text)


def test_a_reopened_quotation_with_its_own_speaker_after_it_is_theirs() -> None:
    text = (
        "“We will fight on,” Ann Bell said. “The plan is dead and nobody can save it now.\n\n"
        "“We must start again from nothing,” added Tom Hale, the harbour master. “Nobody wanted this.”\n\n"
        "“It was never going to last,” Bell said. “Nobody listened to the town.\n\n"
        "“And the town will remember it in May.”"
    )
    speakers = {q[0]: q[2] for q in quotes_of(text)}
    assert "Tom Hale" == speakers["We must start again from nothing,"]
    assert "Tom Hale" == speakers["Nobody wanted this."]
    assert "Ann Bell" == speakers["And the town will remember it in May."]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The milk price will ruin us all,” said dairy farmer Tom Ealing.", "Tom Ealing"),
        ("“We still wait for answers,” said 2004 flood survivor Ann Bell.", "Ann Bell"),
    ],
)
def test_a_description_of_any_noun_before_an_inverted_name_gives_the_speaker(text: str, speaker: str) -> None:
    [quote] = quotes_of(text)
    assert ("direct", speaker) == quote[1:]



@pytest.mark.parametrize(("head", "expected"), [("farmer", True), ("coach", True), ("in", False), ("the", False), ("and", False)])
def test_a_description_before_a_name_never_ends_in_a_function_word(head: str, expected: bool) -> None:
    assert expected == describes(head)


def test_a_quotation_before_a_verb_of_reassuring_is_its_subjects() -> None:
    text = "“You will not be forgotten,” Ann Bell assured the fishermen, after the vote. “Not by me.”"
    speakers = {q[0]: q[2] for q in quotes_of(text) if q[1] == "direct"}
    assert {"You will not be forgotten,": "Ann Bell", "Not by me.": "Ann Bell"} == speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“If I were a donor, I would want answers,” said a party member who backs Bell, asking not to be named.", "a party member"),
        ("“The harbour is finished,” said one harbour employee.", "one harbour employee"),
        ("“The drop is all down to the fees,” said a person close to the mayor.", "a person close"),
        ("“Meh,” wrote a reader who runs a fishing blog.", "a reader"),
        ("“The pier will close by June,” said one person with knowledge of the talks.", "one person"),
    ],
)
def test_a_description_after_the_verb_speaks_though_a_clause_follows_it(text: str, speaker: str) -> None:
    assert ("direct", speaker) == quotes_of(text)[0][1:]


def test_after_an_apposition_a_description_after_the_verb_is_its_object() -> None:
    text = "Tom Hale, the harbour master, warned a crowd at the quay to stay away from the pier."
    assert [("a crowd at the quay to stay away from the pier", "indirect", "Tom Hale")] == quotes_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "“We are shocked, he was a friend to us,” one harbour employee told the station.",
        "Another harbour employee said the pier had been neglected for years.",
    ],
)
def test_one_or_another_opens_a_description_before_the_verb(text: str) -> None:
    speakers = {speaker for _, _, speaker in quotes_of(text)}
    assert speakers & {"one harbour employee", "another harbour employee"}


def test_an_aside_in_parentheses_in_quotation_marks_is_nobodys_words() -> None:
    text = "\"HOST: Will you stand again next year?\n\n\"(LAUGHTER)\n\n\"BELL: I will, and I will win.\""
    kinds = {q.text.strip(): (q.kind, q.speaker) for q in extract_quotes(text).quotes}
    assert ("term", None) == kinds["(LAUGHTER)"]


@pytest.mark.parametrize(
    "text",
    [
        "“There has been a lot of talk about it,” said former Utah governor Ann Bell, a close friend.",
        "“October gave her a lift,” said former harbour adviser Ann Bell.",
    ],
)
def test_a_description_of_several_words_before_an_inverted_name_gives_the_speaker(text: str) -> None:
    assert ("direct", "Ann Bell") == quotes_of(text)[0][1:]


@pytest.mark.parametrize(
    "text",
    [
        "Ann Bell, the head of the harbour trust -- and its founder -- told me, “We are proud of it.”",
        "Tom Hale, who joked of the new pier, “I have not walked on it yet, but I will.”",
        "As the harbour report put it, “Who will pay for the repairs when the storms come?”",
    ],
)
def test_a_quotation_after_a_clause_with_a_cue_and_a_comma_is_direct(text: str) -> None:
    assert ["direct"] == [kind for _, kind, _ in quotes_of(text)]


def test_a_quotation_after_a_naming_verb_is_no_direct_quote() -> None:
    text = "The harbour board condemned what it called “a clear threat to the safety of the town.”"
    # The name given is part of what the board condemned: a reported clause, not a direct quote.
    assert [("what it called “a clear threat to the safety of the town.”", "indirect", "the harbour board")] == quotes_of(text)


def test_a_quotation_after_a_listener_and_a_comma_is_no_reported_clause() -> None:
    text = "Ann Bell told reporters, “We will stay on the pier until the end.” She left at noon."
    assert [("We will stay on the pier until the end.", "direct", "Ann Bell")] == quotes_of(text)


def test_a_quotation_after_a_cue_that_and_a_comma_is_no_direct_quote() -> None:
    text = "Ann Bell tweeted that, “For those who doubt us, the pier will open on time.”"
    assert "direct" not in [kind for _, kind, _ in quotes_of(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Hale spoke at the pier. He explained the Harbour Trust decision by saying: “We had no money left for repairs.”",
        "Tom Hale spoke at the pier. On the radio, he responded to the Harbour Trust by saying, “We had no money left for repairs.”",
        "Tom Hale spoke at the pier. He struck a humble tone about the Harbour Trust, saying, “We had no money left for repairs.”",
    ],
)
def test_a_participle_of_saying_is_said_by_the_subject_of_its_clause_not_a_name_between(text: str) -> None:
    found = quotes_of(text)
    assert [("We had no money left for repairs.", "direct", "Tom Hale")] == [q for q in found if q[1] == "direct"]
    assert [] == [q for q in found if q[1] == "indirect"]  # the clause before ", saying" is nobody's words


@pytest.mark.parametrize(
    "text",
    [
        "Tom Hale runs the ferry. “We are running out of patience with the council,” as Hale put it on Monday.",
        "Tom Hale runs the ferry. “We are running out of patience with the council,” Hale fumed on Monday.",
        "Tom Hale runs the ferry. “We are running out of patience with the council,” Hale remembered.",
    ],
)
def test_putting_it_and_fuming_are_ways_of_saying(text: str) -> None:
    assert ("We are running out of patience with the council,", "direct", "Tom Hale") == quotes_of(text)[0]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("When the mayor brought up the ferry again, I laughed and said, “Nobody believes in that ferry.”", "the writer"),
        ("Ann Bell met the fishermen. Later she smiled and said, “Nobody believes in that ferry.”", "Ann Bell"),
    ],
)
def test_a_verb_of_saying_coordinated_with_another_verb_shares_its_subject(text: str, speaker: str) -> None:
    assert ("Nobody believes in that ferry.", "direct", speaker) in quotes_of(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("In calmer times, a reader would now ask: “Who pays for all of this?”", "a reader"),
        ("Tom Hale runs the ferry. “The council never listens to us,” he often says.", "Tom Hale"),
    ],
)
def test_frequent_adverbs_stand_between_a_subject_and_its_verb_of_saying(text: str, speaker: str) -> None:
    assert speaker == quotes_of(text)[0][2]


@pytest.mark.parametrize(
    "text",
    [
        "Party chairman Tom Hale, MP for Harbourside, added: “If it were not so serious it would be funny.”",
        "Earlier, Tom Hale, Chief Executive of Harbour Hospitals NHS Trust, had said: “If it were not so serious it would be funny.”",
    ],
)
def test_a_capitalised_office_in_apposition_is_held_by_the_name_before_it(text: str) -> None:
    assert [("If it were not so serious it would be funny.", "direct", "Tom Hale")] == quotes_of(text)


def test_a_name_in_apposition_after_an_office_is_the_speaker() -> None:
    text = "The Minister for Harbours, Ann Bell, said: “We will rebuild the pier.”"
    assert [("We will rebuild the pier.", "direct", "Ann Bell")] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Tom Hale runs the port. Asked what he would tell the mayor, Ann Bell, he said: “Build the pier.”", "Tom Hale"),
        ("Tom Hale runs the port. Asked why, Ann Bell, a senator, said: “Build the pier.”", "Ann Bell"),
        (
            "It cannot happen, said Tom Hale, head of the port. Recalling the fuss around Harbour Radio, Mr Hale said:"
            " “Old ports always fear new ones.”",
            "Tom Hale",
        ),
    ],
)
def test_a_name_inside_an_opening_participle_clause_is_its_object_not_the_speaker(text: str, speaker: str) -> None:
    assert speaker == quotes_of(text)[-1][2]


def test_a_name_opening_a_sentence_with_an_ing_word_is_no_participle() -> None:
    text = "Sterling House would not be drawn on the claim, saying: “We never comment on rumours.”"
    assert "Sterling House" == quotes_of(text)[-1][2]


def test_a_transcript_turn_in_quotation_marks_is_its_labelled_speakers_words() -> None:
    text = (
        "Harbour master Tom Hale spoke to the host of Coast Radio, Ann Bell.\n\n"
        '"BELL: Will the pier reopen this year?\n\n'
        '"HALE: Not before the spring. The storm took the whole deck.\n\n'
        '"We will rebuild it in oak."'
    )
    assert [
        ("Will the pier reopen this year?", "direct", "Ann Bell"),
        ("Not before the spring. The storm took the whole deck.", "direct", "Tom Hale"),
        ("We will rebuild it in oak.", "direct", "Tom Hale"),
    ] == quotes_of(text)



def test_a_transcript_turn_labelled_as_a_clip_has_no_speaker() -> None:
    text = 'Coast Radio played a clip to Tom Hale.\n\n"VIDEO: The pier will never reopen.\n\n"HALE: It will, in spring.'
    assert [("The pier will never reopen.", "direct", None), ("It will, in spring.", "direct", "Tom Hale")] == quotes_of(text)


def test_a_signed_quotation_holding_a_nested_curly_pair_is_the_signatures() -> None:
    text = "Readers wrote in after the debate.\n\n“I’d rather see what he calls “chaos” than see him win.” ― Ann Bell"
    assert [("I’d rather see what he calls “chaos” than see him win.", "direct", "Ann Bell")] == [
        q for q in quotes_of(text) if q[1] == "direct"
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The co-operative, whose dairy supplies Harbour Foods, said prices would rise.", "the co-operative"),
        (
            "The trust, which runs Kingsmead Hospital, Eastgate Clinic and the Oak Unit, said beds were short.",
            "the trust",
        ),
        ("Tom Hale, who chairs the Harbour Board, said the pier would reopen.", "Tom Hale"),
    ],
)
def test_a_name_inside_a_relative_clause_before_the_verb_is_not_its_subject(text: str, speaker: str) -> None:
    assert speaker == quotes_of(text)[-1][2]


def test_a_quotations_own_relative_clause_leaves_the_named_speaker_after_it() -> None:
    text = (
        "“They built a pier, which nobody uses,” Ann Bell, the head of Harbour Watch and a critic of the plan,"
        " told the Coast Gazette."
    )
    assert "Ann Bell" == quotes_of(text)[-1][2]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Hale runs the harbour trust. The new pier, Tom Hale said, would bring the ferries back by May.",
        "Tom Hale runs the harbour trust. Back in the spring, Tom Hale said, he had warned the council twice.",
    ],
)
def test_a_cue_set_between_commas_reports_the_whole_sentence_around_it(text: str) -> None:
    sentence = text.split(". ", 1)[1].rstrip(".")
    assert [(sentence, "indirect", "Tom Hale")] == quotes_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "The pier is closed, Tom Hale said, adding that the ferries would stop.",
        "The pier is closed, Tom Hale said, though he gave no date for repairs.",
    ],
)
def test_a_cue_between_commas_before_an_aside_reports_only_the_clause_before_it(text: str) -> None:
    assert "The pier is closed" == next(quote for quote, kind, _ in quotes_of(text) if kind == "indirect")


def test_a_cue_inside_a_relative_clause_reports_no_sentence_around_it() -> None:
    text = "The damage, which Tom Hale denied, was caused by the dredging."
    assert not [quote for quote, kind, _ in quotes_of(text) if kind == "indirect"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "According to coastguards, the ferry left the quay an hour late.",
            ("the ferry left the quay an hour late", "indirect", "coastguards"),
        ),
        (
            "About 9,000 people live on the island, according to census figures.",
            ("About 9,000 people live on the island", "indirect", "census figures"),
        ),
        (
            "The pier will reopen in May, according to shipping weekly Harbour Post.",
            ("The pier will reopen in May", "indirect", "Harbour Post"),
        ),
        (
            "Ferry fares rose by a fifth, according to figures from the Harbour Trust.",
            ("Ferry fares rose by a fifth", "indirect", "Harbour Trust"),
        ),
    ],
)
def test_according_to_credits_whatever_source_follows_it(text: str, expected: tuple[str, str, str]) -> None:
    assert [expected] == quotes_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "The boats were sorted according to their size before the race began.",
        "Skippers were paid according to how many crates they landed.",
    ],
)
def test_according_to_a_measure_or_a_rule_credits_no_one(text: str) -> None:
    assert [] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Bell called for an inquiry into the fire, citing the report.", "an inquiry into the fire"),
        ("Tom Hale urged voters to stay home on polling day.", "voters to stay home on polling day"),
        ("Tom Hale has vowed to fight the closure of the pier.", "to fight the closure of the pier"),
        ("The union called on the harbour board to reopen the talks. Its members met later.", "the harbour board to reopen the talks"),
        ("Tom Hale also called for a change to the view in Leeds that piracy is harmless.", "a change to the view in Leeds that piracy is harmless"),
    ],
)
def test_a_verb_of_asking_or_promising_reports_its_object(text: str, expected: str) -> None:
    assert expected == next(quote for quote, kind, _ in quotes_of(text) if kind == "indirect")


def test_a_day_after_called_on_is_no_object() -> None:
    assert [] == quotes_of("Ann Bell called on Tuesday for the pier to reopen.")


def test_a_quotation_right_after_calling_for_is_a_fragment() -> None:
    text = "The new harbour plan drops the pledge, calling for “a fair share of the berths.”"
    assert next(kind for quote, kind, _ in quotes_of(text) if quote.startswith("a fair share")) in ("partial", "term")


def test_a_name_told_before_a_colon_is_the_listener_not_a_label() -> None:
    text = (
        "His team-mate Tom Hale has urged the defender to stay at the club. "
        'Hale told the Harbour Gazette: "He has been here for ever and I think he is happy."'
    )
    assert "Tom Hale" == quotes_of(text)[-1][2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Bell accused the harbour board of neglecting the pier.", ("the harbour board of neglecting the pier", "Ann Bell")),
        ("Tom Hale, for the ferry union, criticised Ann Bell for the late sailings.", ("Ann Bell for the late sailings", "Tom Hale")),
        ("Ann Bell praised the lifeboat crew for their work in the storm.", ("the lifeboat crew for their work in the storm", "Ann Bell")),
    ],
)
def test_a_verb_of_judging_reports_its_object_and_its_object_never_speaks(text: str, expected: tuple[str, str]) -> None:
    assert [(expected[0], "indirect", expected[1])] == quotes_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ferry company, accused of neglect by the harbour board, made no comment.",
        "Fans watched a film accused of bias against the island.",
    ],
)
def test_a_passive_participle_of_accusing_reports_nothing(text: str) -> None:
    assert [] == [q for q in quotes_of(text) if q[1] == "indirect"]


def test_a_report_before_a_quotation_in_its_sentence_does_not_take_over_the_run_of_quotes() -> None:
    text = (
        "Tom Hale walked away from the deal last week. He also accused the board of using him as \"a decoy\" to draw "
        'other bids, but Ann Bell explained: "Tom has never been used. There is no need. "We had talks with Tom over '
        'the summer. "The door is not closed."'
    )
    assert [("We had talks with Tom over the summer.", "direct", "Ann Bell"), ("The door is not closed.", "direct", "Ann Bell")] == (
        quotes_of(text)[-2:]
    )


def test_an_unquoted_transcript_gives_each_turn_to_its_labelled_speaker() -> None:
    text = (
        "Harbour Radio spoke to the mayor, Tom Hale, on Sunday.\n\n"
        "ANN BELL: Will the pier reopen this year?\n\n"
        "HALE: Not before the spring. The storm took the whole deck.\n\n"
        "BELL: And the ferries?\n\n"
        "HALE: They will run from the north quay."
    )
    assert [
        ("Will the pier reopen this year?", "direct", "bell"),
        ("Not before the spring. The storm took the whole deck.", "direct", "hale"),
        ("And the ferries?", "direct", "bell"),
        ("They will run from the north quay.", "direct", "hale"),
    ] == [(quote, kind, (speaker or "").split()[-1].lower()) for quote, kind, speaker in quotes_of(text)]


def test_a_lone_capitals_label_is_a_headline_kicker_not_a_turn() -> None:
    text = "EXCLUSIVE: Tom Hale quits the harbour board.\n\nBOOM: The pier will close for a year."
    assert [] == [q for q in quotes_of(text) if q[1] == "direct"]


@pytest.mark.parametrize(
    "lead",
    ["Wearing a silver dress, the Australian-born actress, 52, said:", "The actress, 52, said:"],
)
def test_an_age_in_apposition_leaves_the_description_before_it_the_subject(lead: str) -> None:
    text = f'Ann Bell arrived at the harbour gala on Sunday. {lead} "I am thrilled to be here."'
    assert ("I am thrilled to be here.", "direct", "Ann Bell") == quotes_of(text)[-1]


def test_they_after_two_people_named_together_is_the_pair() -> None:
    text = 'Ann Bell and Tom Hale run the harbour trust. "We will reopen the pier in May," they said.'
    assert [("We will reopen the pier in May,", "direct", "Ann Bell and Tom Hale")] == quotes_of(text)


def test_they_after_a_person_and_a_description_is_no_pair() -> None:
    text = 'Tom Hale and his lawyer met on Monday. "We will reopen the pier in May," they said.'
    assert [("We will reopen the pier in May,", "direct", None)] == quotes_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tom Hale is warning voters that the pier will close.", ("the pier will close", "indirect", "Tom Hale")),
        ("Ann Bell isn't saying whether the pier will reopen.", ("whether the pier will reopen", "indirect", "Ann Bell")),
    ],
)
def test_a_progressive_form_of_saying_has_the_subject_before_its_auxiliary(text: str, expected: tuple[str, str, str]) -> None:
    assert [expected] == quotes_of(text)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Six in 10 voters say the pier should reopen.", "Six in 10 voters"),
        ("Almost 40% of those questioned said the ferry was too dear.", "Almost 40% of those questioned"),
        ("Half of islanders say the ferry is too dear.", "Half of islanders"),
    ],
)
def test_a_polls_share_of_those_asked_is_the_speaker(sentence: str, speaker: str) -> None:
    assert speaker == quotes_of(f"The harbour poll was taken in May. {sentence}")[-1][2]


def test_a_share_in_another_clause_is_no_speaker() -> None:
    text = "The economy grew by 9.5% in 2004 and experts say the harbour trade remains strong."
    assert "experts" == quotes_of(text)[-1][2]


@pytest.mark.parametrize(
    "text",
    [
        "The harbour plan, Tom Hale said on Friday, would cost millions.",
        "The harbour plan, Tom Hale said Friday afternoon, would cost millions.",
    ],
)
def test_a_day_between_a_cue_and_its_comma_keeps_the_cue_set_between_commas(text: str) -> None:
    assert [(text.rstrip("."), "indirect", "Tom Hale")] == quotes_of(text)


def test_a_participle_after_a_name_and_its_comma_is_the_sentence_subjects() -> None:
    text = "Ann Bell spoke out on Tuesday about the death of Tom Hale in Leeds, arguing that the harbour police must change."
    assert [("the harbour police must change", "indirect", "Ann Bell")] == quotes_of(text)


def test_not_may_stand_between_a_subject_and_its_verb_of_saying() -> None:
    text = "The harbour board has not said when the pier will reopen."
    assert [("when the pier will reopen", "indirect", "harbour board")] == [
        (quote, kind, (speaker or "").removeprefix("the ")) for quote, kind, speaker in quotes_of(text)
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Tom Hale is weighing a run. His closest aides say it is too early to discuss it.", "his closest aides"),
        ("Ann Bell was cleared in May. Her lawyers said she had never seen the harbour accounts.", "her lawyers"),
        ("Shares fell by a third of their value after harbour regulators said the trust had misled them.", None),
    ],
)
def test_people_of_someones_named_by_a_possessive_pronoun_are_a_group_not_that_someone(text: str, speaker: str | None) -> None:
    assert speaker == quotes_of(text)[-1][2]


def test_a_role_description_skips_a_person_holding_another_office() -> None:
    text = (
        "Film star Ann Bell has backed a plan to save the Crown Theatre. Theatre chairman Tom Hale said the"
        " building needed £2m. The Oscar-winning actor said she would help raise the money."
    )

    assert ["Tom Hale", "Ann Bell"] == [name for _, kind, name in quotes_of(text) if kind == "indirect"]


def test_he_after_a_reported_clause_is_its_speaker_not_its_subject() -> None:
    text = "Tom Hale said former minister Jo Park would resign. He said the party needed a new leader."

    assert ["Tom Hale", "Tom Hale"] == [name for _, kind, name in quotes_of(text) if kind == "indirect"]
