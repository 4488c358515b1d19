"""Sentence, paragraph and word boundaries: the spans every layer agrees on."""

from __future__ import annotations

import pytest

from storage.text import (
    next_word_end,
    next_word_start,
    previous_word_end,
    previous_word_start,
    split_paragraphs,
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
        ("He said: “It is over.” Then he left.", ["He said: “It is over.”", "Then he left."]),
        ("Mr. Smith met Dr. Jones. They spoke.", ["Mr. Smith met Dr. Jones.", "They spoke."]),
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


def test_split_paragraphs_on_blank_lines() -> None:
    text = "First para.\nStill first.\n\n\n  Second.  \n \nThird"

    actual = [text[start:end] for start, end in split_paragraphs(text)]

    assert ["First para.\nStill first.", "Second.", "Third"] == actual


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
