"""Provides pure text boundary finding: sentences, paragraphs and word edges.

Everything works in Python string offsets into the text given, so the reader,
search and export can agree on what "the sentence at offset 1234" is. Splitting is
a linear regex scan; ``TextIndex`` splits a long text lazily, line by line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

# A sentence ends at terminal punctuation, optionally followed by closing quotes
# or brackets, when whitespace and then something other than a lower-case letter
# follows ("'Why?' she asked" goes on; "e.g. the" goes on). A line break always ends
# a sentence: headings and list items carry no full stop.
_SENTENCE_END = re.compile(r"""[.!?\u2026]+['"\u2019\u201d\u00bb)\]]*(?=\s+(?![a-z])|\s*$)|\n""")
_LINE_BREAK = re.compile("\n")
# Words that end in a full stop without ending a sentence ("Mr. Smith", "No. 10").
# fmt: off
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "rev", "gen", "col",
        "capt", "lt", "sgt", "cllr", "gov", "sen", "rep", "hon", "no", "nos", "vs", "etc",
        "inc", "ltd", "co", "corp", "dept", "univ", "est", "fig", "approx", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)
# fmt: on


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans.

    Args:
        text: Any text; line breaks end sentences.

    Returns:
        ``(start, end)`` spans in text order, trimmed of surrounding whitespace,
        never empty, never crossing a line break.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group() != "\n" and _is_abbreviation(text, match.start()):
            continue
        _append_trimmed(spans, text, start, match.end())
        start = match.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def previous_word_start(text: str, offset: int) -> int:
    """Find where the word before ``offset`` starts (to grow a span's start by a word).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The start of the nearest word that starts before offset, or 0.
    """
    return _skip(text, _skip(text, offset, -1, space=True), -1, space=False)


def next_word_start(text: str, offset: int) -> int:
    """Find where the word after the one at ``offset`` starts (to shrink a span's start).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The start of the next word, or ``len(text)``.
    """
    return _skip(text, _skip(text, offset, 1, space=False), 1, space=True)


def next_word_end(text: str, offset: int) -> int:
    """Find where the word at or after ``offset`` ends (to grow a span's end by a word).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The end of that word, or ``len(text)``.
    """
    return _skip(text, _skip(text, offset, 1, space=True), 1, space=False)


def previous_word_end(text: str, offset: int) -> int:
    """Find where the word before the one ending at ``offset`` ends (to shrink a span's end).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The end of the previous word, or 0.
    """
    return _skip(text, _skip(text, offset, -1, space=False), -1, space=True)


def _skip(text: str, offset: int, step: int, *, space: bool) -> int:
    """Walk from ``offset`` (forward if step is 1, back if -1) over whitespace or non-whitespace."""
    if step < 0:
        while offset > 0 and text[offset - 1].isspace() is space:
            offset -= 1
    else:
        while offset < len(text) and text[offset].isspace() is space:
            offset += 1
    return offset


def _cut_long_lines(text: str, line_starts: list[int], piece_size: int) -> list[int]:
    """Where pieces start: every line, and in a long line the first sentence after
    every ``piece_size`` characters (so splitting a piece gives the line's sentences)."""
    starts: list[int] = []
    ends = [*(start - 1 for start in line_starts[1:]), len(text)]
    for start, end in zip(line_starts, ends, strict=True):
        starts.append(start)
        mark = start + piece_size
        while mark < end:
            cut = _sentence_start_after(text, mark, end)
            if cut is None:
                break
            starts.append(cut)
            mark = cut + piece_size
    return starts


def _sentence_start_after(text: str, offset: int, end: int) -> int | None:
    """Where the first sentence that starts after ``offset`` (and before ``end``) starts."""
    for match in _SENTENCE_END.finditer(text, offset, end):
        if _is_abbreviation(text, match.start()):
            continue
        cut = match.end()
        while cut < end and text[cut].isspace():
            cut += 1
        return cut if cut < end else None
    return None


def _start(span: tuple[int, int]) -> int:
    return span[0]


def _is_abbreviation(text: str, dot: int) -> bool:
    """Tell whether the full stop at ``dot`` closes an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    word = text[word_start:dot]
    if len(word) == 1 and word.isupper():
        return True
    return word.lower() in _ABBREVIATIONS


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` without surrounding whitespace, if anything is left."""
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


class TextIndex:
    """Sentences and paragraphs of one text, found lazily, piece by piece.

    Sentences never cross a line break, so the text is cut into pieces at line
    breaks (and a very long line after a sentence end every ``piece_size``
    characters), and only the pieces the cursor visits are ever split: opening a
    5 MB article costs one scan for line breaks, and a move the split of a piece
    or two. Paragraphs are runs of non-blank lines.
    """

    def __init__(self, text: str, *, piece_size: int = 20_000) -> None:
        """Index ``text`` (it is not copied; it must not change).

        Args:
            text: The text.
            piece_size: Length above which a line is split in pieces.
        """
        self.text = text
        self._line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
        self._piece_starts = _cut_long_lines(text, self._line_starts, piece_size)
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    @property
    def line_count(self) -> int:
        """How many lines the text has (a text without line breaks has one)."""
        return len(self._line_starts)

    def sentence_at(self, offset: int) -> tuple[int, int] | None:
        """The sentence holding ``offset``; between sentences, the one before it.

        Args:
            offset: A position in the text.

        Returns:
            The sentence span; before the first sentence, the first; None if the
            text has no sentence at all.
        """
        return self.previous_sentence(offset + 1) or self.next_sentence(offset)

    def next_sentence(self, offset: int) -> tuple[int, int] | None:
        """The first sentence that starts after ``offset``, if any."""
        for piece in range(self._piece_of(offset), len(self._piece_starts)):
            spans = self._piece_sentences(piece)
            index = bisect_right(spans, offset, key=_start)
            if index < len(spans):
                return spans[index]
        return None

    def previous_sentence(self, offset: int) -> tuple[int, int] | None:
        """The last sentence that starts before ``offset``, if any."""
        for piece in range(self._piece_of(offset), -1, -1):
            spans = self._piece_sentences(piece)
            index = bisect_left(spans, offset, key=_start)
            if index > 0:
                return spans[index - 1]
        return None

    def next_paragraph(self, offset: int) -> tuple[int, int] | None:
        """The first paragraph that starts after ``offset``, if any."""
        line = self._line_of(offset) + 1
        while line < self.line_count:
            if not self._is_blank(line) and (line == 0 or self._is_blank(line - 1)):
                return self._paragraph_from(line)
            line += 1
        return None

    def previous_paragraph(self, offset: int) -> tuple[int, int] | None:
        """The last paragraph that starts before ``offset``, if any."""
        line = self._line_of(offset)
        while line >= 0:
            if not self._is_blank(line) and (line == 0 or self._is_blank(line - 1)):
                span = self._paragraph_from(line)
                if span[0] < offset:
                    return span
            line -= 1
        return None

    def _line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def _line_span(self, line: int) -> tuple[int, int]:
        """Where a line starts and ends (before its line break)."""
        start = self._line_starts[line]
        end = self._line_starts[line + 1] - 1 if line + 1 < self.line_count else len(self.text)
        return start, end

    def _is_blank(self, line: int) -> bool:
        start, end = self._line_span(line)
        return not self.text[start:end].strip()

    def _piece_of(self, offset: int) -> int:
        return max(0, bisect_right(self._piece_starts, offset) - 1)

    def _piece_sentences(self, piece: int) -> list[tuple[int, int]]:
        spans = self._sentences.get(piece)
        if spans is None:
            start = self._piece_starts[piece]
            is_last = piece + 1 == len(self._piece_starts)
            end = len(self.text) if is_last else self._piece_starts[piece + 1]
            spans = [(start + first, start + last) for first, last in split_sentences(self.text[start:end])]
            self._sentences[piece] = spans
        return spans

    def _paragraph_from(self, line: int) -> tuple[int, int]:
        """The paragraph whose first line is ``line``, trimmed of surrounding whitespace."""
        last = line
        while last + 1 < self.line_count and not self._is_blank(last + 1):
            last += 1
        start, end = self._line_starts[line], self._line_span(last)[1]
        piece = self.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        return start + lead, start + len(piece.rstrip())
