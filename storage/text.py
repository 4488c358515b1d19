"""Provides pure text boundary finding: sentences, paragraphs and word edges.

Every function takes a plain ``str`` and returns Python string offsets into it, so
the reader, search and export can agree on what "the sentence at offset 1234" is.
Each scan is one linear pass (``re.finditer``) so a 5 MB body is split once, and
callers then search the spans with ``bisect``.
"""

from __future__ import annotations

import re

# A sentence ends at terminal punctuation, optionally followed by closing quotes
# or brackets, when whitespace and then something other than a lower-case letter
# follows ("'Why?' she asked" goes on; "e.g. the" goes on). A line break always ends
# a sentence: headings and list items carry no full stop.
_SENTENCE_END = re.compile(
    r"""[.!?\u2026]+['"\u2019\u201d\u00bb)\]]*(?=\s+(?![a-z])|\s*$)|\n"""
)
# A paragraph is a run of non-blank lines.
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")
# Words that end in a full stop without ending a sentence ("Mr. Smith", "No. 10").
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt rev gen col capt lt sgt cllr gov sen rep hon
    no nos vs etc inc ltd co corp dept univ est fig approx jan feb mar apr jun jul aug
    sep sept oct nov dec""".split()
)


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


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Split text into paragraph spans: runs of non-blank lines.

    Args:
        text: Text whose paragraphs are separated by blank lines.

    Returns:
        ``(start, end)`` spans in text order, trimmed of surrounding whitespace.
    """
    spans: list[tuple[int, int]] = []
    for match in _PARAGRAPH.finditer(text):
        _append_trimmed(spans, text, match.start(), match.end())
    return spans


def previous_word_start(text: str, offset: int) -> int:
    """Find where the word before ``offset`` starts (to grow a span's start by a word).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The start of the nearest word that starts before offset, or 0.
    """
    index = offset
    while index > 0 and text[index - 1].isspace():
        index -= 1
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def next_word_start(text: str, offset: int) -> int:
    """Find where the word after the one at ``offset`` starts (to shrink a span's start).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The start of the next word, or ``len(text)``.
    """
    index, length = offset, len(text)
    while index < length and not text[index].isspace():
        index += 1
    while index < length and text[index].isspace():
        index += 1
    return index


def next_word_end(text: str, offset: int) -> int:
    """Find where the word at or after ``offset`` ends (to grow a span's end by a word).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The end of that word, or ``len(text)``.
    """
    index, length = offset, len(text)
    while index < length and text[index].isspace():
        index += 1
    while index < length and not text[index].isspace():
        index += 1
    return index


def previous_word_end(text: str, offset: int) -> int:
    """Find where the word before the one ending at ``offset`` ends (to shrink a span's end).

    Args:
        text: The text.
        offset: A position in text.

    Returns:
        The end of the previous word, or 0.
    """
    index = offset
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return index


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
