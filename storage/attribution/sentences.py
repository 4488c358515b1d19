"""Provides sentence splitting for attribution: sentence bounds in a paragraph, never inside a quotation."""

from __future__ import annotations

import re
from bisect import bisect_right

from storage.attribution.cues import cue_regex
from storage.attribution.quote_spans import QuoteSpan

CUE_RE = cue_regex()
ABBREVIATIONS = frozenset("mr mrs ms dr prof st sr jr no vs rev gen lt col sgt capt gov sen rep inc ltd co cllr".split())
# "[.!?][.!?]*" and not "[.!?]+": a pattern opening with a character class lets the regex engine skip to the
# punctuation, where one opening with a repetition is tried at every character of the text.
SENTENCE_END_RE = re.compile(r"[.!?][.!?]*[\"”’')\]\u200b]*\s+(?=[\"“‘'(\[]?\u200b?[A-Z0-9])")
LAST_WORD_RE = re.compile(r"([\w.]+)[.!?]*[\"”’')\]]*\s+$")
"""The word a sentence end follows: an abbreviation ("Mr.") or an initial ("J.") does not end a sentence."""
LAST_WORD_TAIL_RE = re.compile(r"\s+[\w.!?\"”’')\]]*")
"""Read over the reversed 20 characters before a sentence end: the spaces ending them and the run of characters
before those that a word and its closing marks are made of. A match of ``LAST_WORD_RE`` lies wholly inside, so a
search from where that run begins finds the same match without trying every position before it."""
MAX_SENTENCE = 3000
"""A sentence longer than this is cut: one without full stops must not make any window grow with the text."""
DATELINE_RE = re.compile(
    r"[A-Z][A-Z’'.-]+(?:[ \u00a0][A-Z][A-Z’'.-]+)*"  # the place, in capitals: "NEW YORK", "ST. LOUIS"
    r"(?:,[ \u00a0][A-Z][\w.]*(?:[ \u00a0][\w.]+){0,2}){0,2}"  # a state, country or date: ", N.H., Nov. 19"
    r"(?:[ \u00a0]\([A-Z][\w .&-]{0,30}\))?"  # the agency: "(AP)", "(Reuters)"
    r"[ \u00a0]*[-–—]+[ \u00a0]*(?=[\w(])"  # words follow: 'FAREWELL—"…"' heads a cited title, not a story
)
"""A wire dateline opening a paragraph ("KABUL, Afghanistan (AP) — "): where the story was filed, no part of its
first sentence, so the place is never that sentence's subject or a speaker."""


ATTRIBUTION_AFTER_RE = re.compile(
    r"(?:[\w.’'-]+[ \u00a0]+){0,5}?" + CUE_RE.pattern + r"[^.!?\"“”\n]{0,60}(?:[.!?,]|$)", re.IGNORECASE
)
"""A short clause of speech after a question or exclamation in quotation marks: "Ann Bell asked."."""


def split_sentences(text: str, start: int, end: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    """Sentence bounds in ``text[start:end]``, never breaking inside a quotation."""
    bounds = []
    dateline = DATELINE_RE.match(text, start, end)
    current = start = dateline.end() if dateline else start
    for match in SENTENCE_END_RE.finditer(text, start, end):
        cut = match.end()
        window = text[max(start, cut - 20) : cut]
        tail = LAST_WORD_TAIL_RE.match(window[::-1])
        word = LAST_WORD_RE.search(window, len(window) - tail.end()) if tail else None
        if word and (word.group(1).lower().rstrip(".") in ABBREVIATIONS or len(word.group(1).rstrip(".")) == 1):
            continue
        if inside_quote(cut, quote_starts, quotes):
            continue
        if text[match.start()] in "?!" and ATTRIBUTION_AFTER_RE.match(text, cut, end):
            continue  # "“Who pays?” Ann Bell asked.": the attribution ends the quotation's sentence
        bounds.append((current, cut))
        current = cut
    bounds.append((current, end))
    result = []
    for s, e in bounds:
        while e - s > MAX_SENTENCE:
            result.append((s, s + MAX_SENTENCE))
            s += MAX_SENTENCE
        if text[s:e].strip():
            result.append((s, e))
    return result


def inside_quote(position: int, quote_starts: list[int], quotes: list[QuoteSpan]) -> bool:
    index = bisect_right(quote_starts, position) - 1
    return index >= 0 and quotes[index].start <= position < quotes[index].end
