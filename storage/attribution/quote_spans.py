"""Provides quotation spans: the marks of a text paired into quotations, and a quotation's kind by its shape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPENING_MARKS = "\"“„«‘'"
"""Marks that may open a quotation (straight marks open as well as close)."""
QUOTE_MARK_RE = re.compile(r"[\"“”„«»‘’']")


@dataclass
class QuoteSpan:
    """The inside of a pair of quotation marks within one paragraph."""

    start: int
    end: int
    paragraph: int
    mark: int
    closed: bool
    continues: bool = False


def is_opening_context(char: str) -> bool:
    return char.isspace() or char in "([{—–-/:;,\"“‘'"


def scan_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """The quotations of every paragraph, in order, one linear pass over the quotation marks.

    Curly and straight, double and single marks; an apostrophe inside a word is
    not a mark; marks of the other kind inside a quotation are nested and left
    alone. A quotation still open at the end of a paragraph ends there, and if
    the next paragraph opens with the same kind of mark it continues the quote.
    """
    spans: list[QuoteSpan] = []
    previous_open_kind = ""
    for index, (p_start, p_end) in enumerate(paragraphs):
        open_at = -1
        kind = ""
        starts_with_mark = False
        first_of_paragraph = len(spans)
        runs_on = -2  # index of a span that continues an unclosed one; -2: none
        nested_until = -1  # the closing mark of a curly quotation nested in a straight one
        first_char = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        for match in QUOTE_MARK_RE.finditer(text, p_start, p_end):
            k = match.start()
            c = text[k]
            before = text[k - 1] if k > p_start else " "
            after = text[k + 1] if k + 1 < p_end else " "
            opener, closer, mark_kind = False, False, ""
            if c in OPEN_DOUBLE:
                opener, mark_kind = True, "d"
            elif c in CLOSE_DOUBLE:
                closer, mark_kind = True, "d"
            elif c == '"':
                mark_kind = "d"
                # A straight mark after a space and before a word opens a quote even
                # when one is open: the earlier quote was left unclosed (wire copy does
                # this where a quote runs into a new paragraph).
                opens_here = is_opening_context(before) and not after.isspace() and k > p_start
                opener = open_at < 0 or kind != "d" or (opens_here and before.isspace() and k - 2 >= p_start and text[k - 2] in ".!?")
                closer = not opener
            elif c == "‘" or (c == "'" and is_opening_context(before) and not after.isspace()):
                opener, mark_kind = True, "s"
            elif c in "’'" and not (before.isalnum() and after.isalnum()) and not before.isspace():
                closer, mark_kind = True, "s"
            if not mark_kind or k <= nested_until:
                continue
            if open_at >= 0 and kind != mark_kind:
                continue  # a nested quotation of the other kind
            if c in OPEN_DOUBLE and open_at >= 0 and text[open_at] == '"':
                nested_until = nested_close(text, k, p_end)
                if nested_until >= 0:
                    continue
            if c == "“" and open_at >= 0 and text[open_at] == "“":
                nested_until = nested_same_close(text, k, p_end)
                if nested_until >= 0:
                    continue
            if opener and open_at < 0:
                if k == first_char:
                    starts_with_mark = True
                open_at, kind = k, mark_kind
            elif opener and mark_kind == "s" and c == "'" and open_at >= 0:
                add_span(spans, text, open_at + 1, k, index, open_at, True)
                open_at = -1
            elif opener and open_at >= 0:
                # An unbalanced opener: the open quote ends here and the same voice goes on.
                add_span(spans, text, open_at + 1, k, index, open_at, False)
                open_at = k
                runs_on = len(spans)
            elif closer and open_at >= 0:
                add_span(spans, text, open_at + 1, k, index, open_at, True)
                if runs_on >= 0 and runs_on == len(spans) - 1:
                    spans[-1].continues = True
                open_at = -1
        if open_at >= 0:
            add_span(spans, text, open_at + 1, p_end, index, open_at, False)
            if runs_on >= 0 and runs_on == len(spans) - 1:
                spans[-1].continues = True
        if starts_with_mark and previous_open_kind and first_of_paragraph < len(spans):
            first = spans[first_of_paragraph]
            if text[first.mark] in OPEN_DOUBLE + "\"" and previous_open_kind == "d" or (
                text[first.mark] in "‘'" and previous_open_kind == "s"
            ):
                first.continues = True
        last = spans[-1] if spans and spans[-1].paragraph == index else None
        previous_open_kind = kind if last is not None and not last.closed else ""
    return spans


def nested_close(text: str, start: int, end: int) -> int:
    """Where a curly quotation opened at ``start`` inside a straight one closes, or -1 if it does not.

    '"PENCE: It is an episode of “Shark Tank.” But ..."': curly marks closing before the straight
    quotation does are a quotation nested in it, as single marks would be.
    """
    close = text.find("”", start, end)
    straight = text.find('"', start, end)
    return close if close >= 0 and (straight < 0 or close < straight) else -1


def nested_same_close(text: str, start: int, end: int) -> int:
    """Where a curly quotation opened at ``start`` inside another curly one closes, when it is nested in it.

    '“I’d rather live in what he calls “hell” than see him win.” ― Ann Bell': the inner pair is
    nested when the outer quotation closes after it, before any new quotation opens; otherwise
    (-1) the new mark opens a quotation of its own and the open one was left unclosed.
    """
    close = text.find("”", start, end)
    if close < 0:
        return -1
    outer = text.find("”", close + 1, end)
    reopened = text.find("“", close + 1, end)
    return close if outer >= 0 and (reopened < 0 or outer < reopened) else -1


def add_span(spans: list[QuoteSpan], text: str, start: int, end: int, paragraph: int, mark: int, closed: bool) -> None:
    while start < end and (text[start].isspace() or text[start] in "\u200b\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    if end > start:
        spans.append(QuoteSpan(start, end, paragraph, mark, closed))


def quote_shape(
    before: str,
    after: str,
    words: int,
    cue_before: bool,
    cue_after: bool,
    utterance: bool = False,
    lower: bool = False,
    embedded: bool = False,
) -> str:
    """``direct`` or ``partial``, from where a quotation sits in its sentence, whether or not its attribution parses.

    A quotation that opens its sentence is direct (“We will win,” she told supporters flatly.),
    unless it is a few words with nothing telling of speech after it (“Hamlet” opens tonight.);
    so is one after a colon, or one right after a speech cue that runs to the sentence's end
    (He said, “We will win.” · Protesters chanted “No more cuts!”), if of two words or more after a cue
    and four elsewhere. A fragment inside a sentence is partial, unless it is an ``utterance``: right
    after a cue and its comma, closed by its own punctuation (She says, “Don’t do it,” until he stops.).
    A quotation inside a sentence that opens in ``lower`` case carries on the writer's own clause, so it is
    a fragment (He said, on the other hand, “the rest is fine.”), unless it follows a colon or goes on
    with a quotation the sentence opened with (“I'm sorry,” she said, “but no.”). One the sentence gives as a
    name or inside its reported clause (``embedded``: what he called “a disgrace.” · she said that, “We will
    win.”) is a fragment.
    """
    if not before:
        return "direct" if words >= 4 or cue_after or not after else "partial"
    if embedded:
        return "partial"
    if lower and not before.endswith(":") and before[0] not in OPENING_MARKS:
        return "partial"
    if words < (2 if cue_before and not after else 4):
        return "partial"
    if before.endswith(":") or (utterance and cue_before):
        return "direct"
    return "direct" if cue_before and (not after or cue_after) else "partial"


@cache
def naming_regex() -> re.Pattern[str]:
    """Words before a quotation ending in a naming phrase (``data/naming_phrases.txt``) and at most three words."""
    text = resources.files("storage.attribution").joinpath("data/naming_phrases.txt").read_text(encoding="utf-8")
    phrases = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    alternatives = "|".join(sorted((r"[ \u00a0]+".join(words) for words in phrases), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})(?:[ \u00a0]+[\w’'-]+){{0,3}}$", re.IGNORECASE)


def names_what_follows(before: str) -> bool:
    """Whether the words before a quotation give it as a name, not as speech: then it is a fragment.

    "what she called a “rant,”" · "calls people “losers”" · "an act the mayor described as “intentional.”":
    naming is not saying, though the name was someone's words.
    """
    return naming_regex().search(before) is not None


DOUBLED_APOSTROPHE_RE = re.compile(r"(?<!')''(?!')(?P<opens>(?=\w))?")
"""Two apostrophes standing for a double quotation mark, as in some newspapers' archives: ''Yes,'' he said."""


def normalise_marks(text: str) -> str:
    """``text`` with every doubled apostrophe read as one straight double mark and a zero-width space.

    The zero-width space goes on the quotation's inner side (``"\u200bYes,\u200b" he said``), so the
    mark still touches the words around it. The length stays the same: every offset found in the
    result is an offset into ``text``.
    """
    if "''" not in text:
        return text
    return DOUBLED_APOSTROPHE_RE.sub(lambda m: '"\u200b' if m.group("opens") is not None else '\u200b"', text)
