"""Sentence, paragraph and word boundaries: the spans every layer agrees on."""

from __future__ import annotations

import pytest

from storage.attribution.text import (
    TextIndex,
    next_word_end,
    next_word_start,
    previous_word_end,
    previous_word_start,
    split_sentences,
)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three?", ["One.", "Two!", "Three?"]),
        ("“We failed,” she said. He agreed.", ["“We failed,” she said.", "He agreed."]),
        ("“Why?” she asked. Nobody knew.", ["“Why?” she asked.", "Nobody knew."]),
        (
            "He said: “It is over.” Then he left.",
            ["He said: “It is over.”", "Then he left."],
        ),
        (
            "Mr. Smith met Dr. Jones. They spoke.",
            ["Mr. Smith met Dr. Jones.", "They spoke."],
        ),
        ("J. K. Rowling wrote. It sold.", ["J. K. Rowling wrote.", "It sold."]),
        ("It grew 3.5% in the U.K. economy.", ["It grew 3.5% in the U.K. economy."]),
        ("See e.g. the report. Done.", ["See e.g. the report.", "Done."]),
        ("Heading\n\nBody text here. More", ["Heading", "Body text here.", "More"]),
        ("  padded.  ", ["padded."]),
        ("", []),
        ("\n\n", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert expected == sentences(text)


PARAGRAPHS = "First para. Two.\nStill first.\n\n\n  Second.  \n \nThird"


def walk(step, offset: int) -> list[str]:  # type: ignore[no-untyped-def]
    """Texts of the spans reached by stepping from offset until there are none."""
    found = []
    while (span := step(offset)) is not None:
        found.append(PARAGRAPHS[span[0] : span[1]])
        offset = span[0]
    return found


def test_text_index_walks_paragraphs_both_ways() -> None:
    index = TextIndex(PARAGRAPHS)

    assert ["Second.", "Third"] == walk(index.next_paragraph, 0)
    assert ["Third", "Second.", "First para. Two.\nStill first."] == walk(index.previous_paragraph, len(PARAGRAPHS) - 1)


def test_text_index_walks_sentences_both_ways() -> None:
    index = TextIndex(PARAGRAPHS)

    assert ["Two.", "Still first.", "Second.", "Third"] == walk(index.next_sentence, 0)
    assert ["Third", "Second.", "Still first.", "Two.", "First para."] == walk(
        index.previous_sentence, len(PARAGRAPHS) - 1
    )


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (0, "First para."),
        (11, "First para."),
        (12, "Two."),
        (30, "Still first."),
        (33, "Still first."),
        (36, "Second."),
        (len(PARAGRAPHS), "Third"),
    ],
)
def test_text_index_sentence_at(offset: int, expected: str) -> None:
    span = TextIndex(PARAGRAPHS).sentence_at(offset)

    assert span is not None
    assert expected == PARAGRAPHS[span[0] : span[1]]


def test_text_index_agrees_with_split_sentences() -> None:
    text = "One. “Two?” he asked.\n\nMr. Three went.\nFour\n\n\nFive! Six."
    index = TextIndex(text)

    assert split_sentences(text) == walk_spans(index, text)


def walk_spans(index: TextIndex, text: str) -> list[tuple[int, int]]:
    spans = []
    span = index.sentence_at(0)
    while span is not None:
        spans.append(span)
        span = index.next_sentence(span[0])
    return spans


def test_text_index_of_blank_text_has_nothing() -> None:
    index = TextIndex("  \n\n ")

    assert (None, None, None) == (
        index.sentence_at(0),
        index.next_paragraph(0),
        index.previous_sentence(5),
    )


@pytest.mark.parametrize(
    ("function", "offset", "expected"),
    [
        (previous_word_start, 8, 4),  # "one two three": from "three" back to "two"
        (previous_word_start, 5, 4),  # from inside "two" to its start
        (previous_word_start, 0, 0),
        (next_word_start, 0, 4),
        (next_word_start, 5, 8),
        (next_word_start, 13, 13),
        (next_word_end, 3, 7),
        (next_word_end, 8, 13),
        (next_word_end, 13, 13),
        (previous_word_end, 13, 7),
        (previous_word_end, 7, 3),
        (previous_word_end, 3, 0),
    ],
)
def test_word_edges(function, offset: int, expected: int) -> None:  # type: ignore[no-untyped-def]
    assert expected == function("one two three", offset)


def test_a_long_line_is_split_in_pieces_with_the_same_sentences() -> None:
    text = "Mr. Smith spoke. “Why?” she asked. It was late. " * 40
    index = TextIndex(text, piece_size=50)

    assert split_sentences(text) == walk_spans(index, text)
