"""Extraction's shortcuts give what the plain computation gives: a word looked up where it is written, cues found in
the lower-cased text, a clause found by one match; and pausing the garbage collector while a text is read is safe."""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.attribution.cue_reading import CASE_ODD_RE, CUE_RE, CueReader
from storage.attribution.name_mentions import CLAUSE_BREAK_RE, UP_TO_CLAUSE_BREAK_RE
from storage.attribution.quotes import collector_paused, extract_quotes
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


EVERY_CHARACTER = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)


def test_lower_casing_keeps_what_the_cue_regex_sees_but_for_the_odd_characters() -> None:
    """Outside CASE_ODD_RE, a character and its lower case are alike to CUE_RE: as letters, word characters, spaces."""
    kept = [char for char in EVERY_CHARACTER if CASE_ODD_RE.match(char) is None]
    lowered = [char.lower() for char in kept]
    assert all(len(lower) == 1 for lower in lowered)
    lowered_text, kept_text = "".join(lowered), "".join(kept)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        ignoring_case = [m.start() for m in re.finditer(letter, kept_text, re.IGNORECASE)]
        assert ignoring_case == [m.start() for m in re.finditer(letter, lowered_text)]
    for pattern in (r"\w", r"[ \u00a0-]"):
        assert [m.start() for m in re.finditer(pattern, kept_text)] == [m.start() for m in re.finditer(pattern, lowered_text)]
    odd = "".join(char for char in EVERY_CHARACTER if CASE_ODD_RE.match(char))
    assert any(len(char.lower()) != 1 or re.match(char.lower(), "is") != re.match(char, "is", re.IGNORECASE) for char in odd)


@pytest.mark.parametrize(
    "text",
    [
        "Ann Bell SAID the plan would fail, and Tom Hale Told reporters it would not.",
        "ANN BELL SAID THE PLAN WOULD FAIL. Mr Işık said it would not.",
        "The ex-minister said-so, and the co-chair acknowledged the claim.",
    ],
)
def test_cues_are_found_where_the_cue_regex_finds_them(text: str) -> None:
    reader = CueReader(text)
    found = [(m.start(), m.end(), m.group(1).lower()) for m in reader.cue_matches(0, len(text))]
    assert found == [(m.start(), m.end(), m.group(1).lower()) for m in CUE_RE.finditer(text)]
    assert found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ,.;()“”\n–—", max_size=30))
def test_a_names_clause_is_what_follows_the_last_clause_break(window: str) -> None:
    last_break = UP_TO_CLAUSE_BREAK_RE.match(window)
    assert (window[last_break.end() :] if last_break else window) == CLAUSE_BREAK_RE.split(window)[-1]


NEWS = (
    "Ann Bell, the council's chief executive, said the plan would fail. “We will not stand for it,” she said.\n\n"
    "Tom Hale told reporters the board had met. The watchdog said it was ‘deeply concerned’.\n\n"
)


def test_reading_makes_no_reference_cycles_for_the_paused_collector_to_miss() -> None:
    gc.collect()
    with collector_paused():
        extraction = extract_quotes(NEWS * 20)
        assert extraction.quotes
        del extraction
        assert gc.collect() == 0


@pytest.mark.parametrize("enabled", [True, False])
def test_extraction_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        extract_quotes(NEWS)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
