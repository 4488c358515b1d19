"""Extraction's shortcuts give what the plain computation gives: a word looked up where it is written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.attribution.speaker_resolution import LOWER_WORD_RE, LowerWords


@pytest.mark.parametrize(
    ("text", "word", "written"),
    [
        ("The inspectors said the children’s home failed.", "inspectors", True),
        ("The inspectors said the children’s home failed.", "children’s", True),
        ("Inspectors said so.", "inspectors", False),
        ("an ex-minister spoke", "minister", False),
        ("a -minister spoke", "minister", True),
        ("X-ray -minister", "minister", True),
        ("the ministers met", "minister", False),
        ("Minister", "Minister", False),
    ],
)
def test_lower_words_knows_words_written_in_lower_case(text: str, word: str, written: bool) -> None:
    assert (word in LowerWords(text)) is written


PIECES = st.sampled_from(["a", "b", "ab", "-", "’", "'", " ", ".", "X", "s", "\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=16), st.lists(PIECES, min_size=1, max_size=5))
def test_lower_words_agrees_with_listing_every_word(pieces: list[str], word: list[str]) -> None:
    text = "".join(pieces)
    every_word = set(LOWER_WORD_RE.findall(text))
    lower_words = LowerWords(text)
    for asked in {"".join(word), *every_word}:
        assert (asked in lower_words) == (asked in every_word)
