"""Quote finding: every English news style of quotation, its kind, its speaker, and odd input that must not break it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.quotes import extract_comment, extract_quotes


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
            ("the plans were too vague to work", "indirect", None),
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
        assert quote.kind in {"direct", "indirect", "partial"}
        assert quote.speaker is None or 0 <= quote.speaker < len(extraction.actors)
