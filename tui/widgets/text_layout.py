"""Provides the reader's text layout: terminal-safe text and word wrapping into rows.

Wrapping produces *row starts*: offsets where each screen row begins. Rows partition
the text (every character, including the line break that ends a line, belongs to
exactly one row), so an offset maps to its row with one ``bisect`` and a row is
drawn from ``text[start:next_start]``. Lines made only of characters one cell wide
(ASCII, Latin, curly quotes, dashes: nearly all English news) wrap with
``str.rfind`` at C speed; the rest go through Rich's grapheme splitting so that
CJK, emoji and combining marks never split or overflow.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left

from rich.cells import cell_len, get_character_cell_size, split_graphemes

TAB_WIDTH = 4
"""Cells a tab takes: always the same, so wrapping and drawing agree."""

TAB_SPACES = " " * TAB_WIDTH

# Terminal control characters (C0 except tab and line feed, DEL, C1) and the
# Unicode line/paragraph separators. They are replaced one for one, so offsets
# into the text stay valid for what is drawn.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPE_PLACEHOLDER = "\u241b"  # ␛
_CONTROL_PLACEHOLDER = "\ufffd"  # �

# Characters that are not certainly one cell wide: a line holding any of them
# takes the grapheme-aware path. Tabs are in here on purpose.
_NOT_SINGLE_CELL = re.compile(
    "[^\n\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e"
    "\u20a0-\u20c0\u2100-\u214f\u2190-\u22ff\u2500-\u25fc]"
)


# Characters that merge with a neighbour into one grapheme.
_JOINING = frozenset("\t\u200d\ufe0f")

# A wrapping token: a run of breakable spaces/tabs, or a word (anything else,
# no-break spaces included).
_TOKEN = re.compile(r"[ \t]+|[^ \t]+")


def sanitize_text(text: str) -> str:
    """Replace terminal control characters with visible one-cell placeholders.

    Args:
        text: Untrusted text, e.g. an article body.

    Returns:
        Text of the same length (offsets stay valid) in which an escape shows as
        "␛" and any other control character as "�". Tabs and line feeds stay.
    """
    return _CONTROL.sub(_placeholder, text)


def _placeholder(match: re.Match[str]) -> str:
    return _ESCAPE_PLACEHOLDER if match.group() == "\x1b" else _CONTROL_PLACEHOLDER


def wrap_rows(text: str, width: int) -> array[int]:
    """Wrap text into rows at most ``width`` cells wide, breaking at spaces.

    Args:
        text: Sanitized text; each line feed ends a row (an empty line is a blank row).
        width: Cells per row (at least 1).

    Returns:
        Offsets at which the rows start, ascending; the first is 0. A word longer
        than the width is cut; spaces at a break stay, unseen, at the row's end.
    """
    width = max(1, width)
    starts: array[int] = array("q")
    wide = [match.start() for match in _NOT_SINGLE_CELL.finditer(text)]
    position, length = 0, len(text)
    while True:
        newline = text.find("\n", position)
        line_end = length if newline == -1 else newline
        first = bisect_left(wide, position)
        line_wide = wide[first : bisect_left(wide, line_end, first)]
        extra = _extra_cells(text, line_wide)
        if extra is None:
            _wrap_line_by_graphemes(text, position, line_end, width, starts)
        else:
            _wrap_line(text, position, line_end, width, starts, line_wide, extra)
        if newline == -1:
            return starts
        position = newline + 1


def wrap_lines(text: str, width: int) -> list[str]:
    """Wrap a short text (a title, a comment) into the strings of its rows.

    Args:
        text: Sanitized text.
        width: Cells per row.

    Returns:
        One string per row, line feeds and trailing spaces removed.
    """
    starts = wrap_rows(text, width)
    ends = list(starts[1:]) + [len(text)]
    return [text[start:end].rstrip(" \n") for start, end in zip(starts, ends)]


def offset_at_cell(text: str, start: int, end: int, column: int) -> int:
    """Find the character of the row ``text[start:end]`` drawn at a column.

    Args:
        text: Sanitized text.
        start: Where the row starts.
        end: Where the next row starts.
        column: A cell column within the row (0 = first cell).

    Returns:
        The offset of the character covering that column; past the row's last
        character, the offset of its last character (never the next row's).
    """
    last = max(start, end - 1)
    if column <= 0:
        return start
    cells = 0
    for span_start, _span_end, span_cells in grapheme_spans(text, start, end):
        cells += span_cells
        if cells > column:
            return span_start
    return last


def grapheme_spans(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Split ``text[start:end]`` into graphemes with their cell widths.

    Args:
        text: Sanitized text.
        start: Start offset.
        end: End offset.

    Returns:
        ``(start, end, cells)`` per grapheme, as absolute offsets; a tab takes
        ``TAB_WIDTH`` cells and a line feed none.
    """
    spans: list[tuple[int, int, int]] = []
    piece_start = start
    while piece_start <= end:
        tab = text.find("\t", piece_start, end)
        piece_end = end if tab == -1 else tab
        if piece_end > piece_start:
            graphemes, _cells = split_graphemes(text[piece_start:piece_end])
            spans.extend(
                (piece_start + first, piece_start + last, cells)
                for first, last, cells in graphemes
            )
        if tab == -1:
            return spans
        spans.append((tab, tab + 1, TAB_WIDTH))
        piece_start = tab + 1
    return spans


def _extra_cells(text: str, positions: list[int]) -> list[int] | None:
    """Running totals of the cells beyond one that the characters at ``positions`` add.

    Returns:
        ``totals[k]`` = extra cells of the first k positions; None when one of them
        is a tab or joins or changes a neighbour (zero width, joiner, variation
        selector), so the line needs grapheme-aware wrapping.
    """
    totals = [0]
    for position in positions:
        character = text[position]
        cells = get_character_cell_size(character)
        if cells == 0 or character in _JOINING:
            return None
        totals.append(totals[-1] + cells - 1)
    return totals


def _wrap_line(
    text: str,
    start: int,
    end: int,
    width: int,
    starts: array[int],
    wide: list[int],
    extra: list[int],
) -> None:
    """Wrap one line whose characters stand alone: all one cell wide but those at ``wide``.

    Cells from ``a`` to ``b`` are ``b - a`` plus the extra cells of the wide
    characters between; so each row's last fitting character is found with a
    bisect (or directly, with no wide characters: the common, fast case) and the
    break with ``str.rfind``, all at C speed.
    """

    def cells(first: int, last: int) -> int:
        return last - first + extra[bisect_left(wide, last)] - extra[bisect_left(wide, first)]

    row_start = start
    starts.append(row_start)
    while (end - row_start if not wide else cells(row_start, end)) > width:
        limit = row_start + width
        if wide:
            low, limit = row_start, min(limit, end)
            while low < limit:
                middle = (low + limit + 1) // 2
                if cells(row_start, middle) <= width:
                    low = middle
                else:
                    limit = middle - 1
            limit = max(low, row_start + 1)
        space = text.rfind(" ", row_start, limit + 1)
        if space == -1:
            next_start = limit
        else:
            next_start = space + 1
            while next_start < end and text[next_start] == " ":
                next_start += 1
        if next_start >= end:
            return
        row_start = next_start
        starts.append(row_start)


def _wrap_line_by_graphemes(
    text: str, start: int, end: int, width: int, starts: array[int]
) -> None:
    """Wrap one line holding wide, zero-width or tab characters, a word at a time.

    Same rule as the fast path: break before a word that does not fit, leave the
    spaces at the break on the row they end, and cut a word wider than a row
    between graphemes.
    """
    row_start, cells = start, 0
    starts.append(row_start)
    for match in _TOKEN.finditer(text, start, end):
        token_start, token_end = match.span()
        token = match.group()
        if token[0] in " \t":
            cells += len(token) + token.count("\t") * (TAB_WIDTH - 1)
            continue
        token_cells = cell_len(token)
        if cells + token_cells <= width:
            cells += token_cells
            continue
        if token_start > row_start:
            row_start, cells = token_start, 0
            starts.append(row_start)
        if token_cells <= width:
            cells = token_cells
            continue
        for span_start, _span_end, span_cells in grapheme_spans(text, token_start, token_end):
            if cells + span_cells > width and span_start > row_start:
                row_start, cells = span_start, 0
                starts.append(row_start)
            cells += span_cells
