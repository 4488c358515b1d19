"""The cue ending the words before a quotation: found among their last words, as a search of their whole tail finds it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.attribution.quotes import CUE_AT_END_RE, CUE_TAIL, cue_ending


def tail_search(before: str) -> re.Match[str] | None:
    """The plain rule: the cue regex tried at every one of the last CUE_TAIL characters."""
    return CUE_AT_END_RE.search(before, max(0, len(before) - CUE_TAIL))


def found(match: re.Match[str] | None) -> tuple[int, str] | None:
    return None if match is None else (match.start(), match.group(1))


@pytest.mark.parametrize(
    ("before", "cue"),
    [
        ("The minister, speaking in the Commons, said", "said"),
        ("Ann Bell hit   out   at :", "hit   out   at"),
        ("The union leader, asked about the deal,\u00a0added ,", "added"),
        ("He went on, saying:", "saying"),
        ("Critics of the so-called", None),
        ("It was said in the report", None),
    ],
)
def test_cue_ending_finds_the_cue_before_a_quotation(before: str, cue: str | None) -> None:
    match = cue_ending(before)
    assert (match.group(1) if match else None) == cue
    assert found(match) == found(tail_search(before))


WORDS = st.sampled_from(
    ["said", "says", "hit", "out", "at", "hit  out\u00a0at", "according   to", "blurted out", "so-called", "Ann", "the", ",", ":"]
)
SPACES = st.sampled_from([" ", "  ", "\u00a0", " \u00a0 ", "\n", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, SPACES), max_size=14))
def test_cue_ending_agrees_with_searching_the_whole_tail(pieces: list[tuple[str, str]]) -> None:
    before = "".join(word + space for word, space in pieces).strip()
    assert found(cue_ending(before)) == found(tail_search(before))
