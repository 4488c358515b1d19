"""Wrapping and sanitizing for the Reader: pure functions, no event loop."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.widgets.text_layout import (
    TAB_SPACES,
    TAB_WIDTH,
    _extra_cells,
    _wrap_line,
    _wrap_line_by_graphemes,
    offset_at_cell,
    sanitize_text,
    wrap_lines,
    wrap_rows,
)
from array import array


def rows(text: str, width: int) -> list[str]:
    starts = list(wrap_rows(text, width))
    return [text[start:end] for start, end in zip(starts, starts[1:] + [len(text)])]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("one two three", 7, ["one two ", "three"]),
        ("one two three", 8, ["one two ", "three"]),
        ("one two three", 3, ["one ", "two ", "thr", "ee"]),
        ("abcdefgh", 3, ["abc", "def", "gh"]),
        ("para one\n\npara two", 80, ["para one\n", "\n", "para two"]),
        ("wide 中文字符 ok", 6, ["wide ", "中文字", "符 ok"]),
        ("a\tb c", 6, ["a\tb ", "c"]),
        ("", 10, [""]),
        ("trailing   ", 8, ["trailing   "]),
    ],
)
def test_wrap_rows(text: str, width: int, expected: list[str]) -> None:
    assert expected == rows(text, width)


def test_wrap_lines_drops_line_breaks_and_trailing_spaces() -> None:
    assert ["one two", "three"] == wrap_lines("one two three", 7)


def test_sanitize_replaces_control_characters_one_for_one() -> None:
    text = "a\x1b[31mb\x07c\rd\te\nf\x9bg"

    assert "a␛[31mb�c�d\te\nf�g" == sanitize_text(text)


@pytest.mark.parametrize(
    ("column", "expected"),
    [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 4), (8, 4), (9, 5), (99, 5)],
)
def test_offset_at_cell_counts_wide_characters_and_tabs(column: int, expected: int) -> None:
    text = "ab中c\td"  # cells: a b 中中 c tab-tab-tab-tab d

    assert expected == offset_at_cell(text, 0, len(text), column)


single_cell_text = st.text(alphabet=st.sampled_from(list("ab c’—é\n")), max_size=200)


@given(text=single_cell_text, width=st.integers(min_value=1, max_value=30))
def test_fast_and_grapheme_wrapping_agree(text: str, width: int) -> None:
    fast: array[int] = array("q")
    slow: array[int] = array("q")
    _wrap_line(text.replace("\n", " "), 0, len(text), width, fast, [], [0])
    _wrap_line_by_graphemes(text.replace("\n", " "), 0, len(text), width, slow)

    assert list(fast) == list(slow)


@given(
    text=st.text(alphabet=st.sampled_from(list("ab  中😀\t\u0301\n")), max_size=200),
    width=st.integers(min_value=TAB_WIDTH, max_value=30),
)
def test_rows_partition_the_text_and_fit_the_width(text: str, width: int) -> None:
    pieces = rows(text, width)

    assert text == "".join(pieces)
    for piece in pieces:
        visible = piece.rstrip(" \t\n").replace("\t", TAB_SPACES)
        assert cell_len(visible) <= width


@given(
    text=st.text(alphabet=st.sampled_from(list("ab  ’中😀é")), max_size=200),
    width=st.integers(min_value=2, max_value=30),
)
def test_wide_character_wrapping_agrees_with_the_grapheme_path(text: str, width: int) -> None:
    wide = [index for index, character in enumerate(text) if cell_len(character) != 1]
    extra = _extra_cells(text, wide)
    by_columns: array[int] = array("q")
    by_graphemes: array[int] = array("q")
    assert extra is not None
    _wrap_line(text, 0, len(text), width, by_columns, wide, extra)
    _wrap_line_by_graphemes(text, 0, len(text), width, by_graphemes)

    assert list(by_graphemes) == list(by_columns)
