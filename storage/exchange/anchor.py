"""Provides re-anchoring: finding an annotation's span again in a changed text (pure functions).

An annotation is remembered the way the W3C Web Annotation model and Hypothesis
remember one: by position (``start``/``end``) and by quote (the ``text`` with a
little ``prefix`` and ``suffix`` either side). When the text changes (a corrected
or re-scraped article), ``find_anchor`` looks for the span in this order:

1. the old position, if the quote is still there and its context still agrees;
2. every exact occurrence of the quote, scored on context and nearness;
3. a fuzzy match: the start is found by matching ``prefix + the quote's head``
   and the end by matching ``the quote's tail + suffix`` (with rapidfuzz), so an
   edit inside a long span moves only the boundary it touches.

Each candidate is scored on how alike its quote, its context and its position
are to the old ones. A candidate is accepted only with confidence (see
``is_confident``); otherwise there is no anchor and the caller keeps the
annotation as an orphan rather than put it in the wrong place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Protocol

from rapidfuzz import fuzz

EDGE_CHARS = 32
"""How much of the quote's head (and tail) joins the prefix (and suffix) to find a boundary."""

MIN_QUOTE_SIMILARITY = 0.75
"""A span whose text is less alike than this to the old quote is not the same passage."""

MIN_CONTEXT_SIMILARITY = 0.5
"""A short quote also needs its surroundings to agree at least this much."""

MIN_CONFIDENCE = 0.85
"""An inexact quote and its context, weighted 0.6 and 0.4, must reach this: a little wrong in both is too much."""

SELF_EVIDENT_LENGTH = 64
"""A quote this long found (nearly) verbatim needs no context: it identifies itself."""

MAX_EXACT_CANDIDATES = 500
"""Occurrences of a very common quote beyond this many are not scored."""


@dataclass(frozen=True)
class Selector:
    """What is remembered of an annotated span: its quote, context and old position."""

    text: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a span was found again, how, and how alike it is to the old one (0-1 scores)."""

    start: int
    end: int
    method: str
    quote_similarity: float
    context_similarity: float
    score: float


class Anchored(Protocol):
    """Anything remembered like an annotation: an annotation, a quote correction."""

    @property
    def text(self) -> str: ...

    @property
    def prefix(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def selector_for(anchored: Anchored) -> Selector:
    """What an annotation (or a quote correction) remembers of its span."""
    return Selector(anchored.text, anchored.prefix, anchored.suffix, anchored.start, anchored.end)


def find_anchor(body: str, selector: Selector) -> Anchor | None:
    """Find ``selector``'s span in ``body``, or None when it cannot be placed with confidence.

    The returned span always lies inside ``body`` and is never empty.
    """
    if not selector.text or not body:
        return None
    position = score_span(body, selector, selector.start, selector.end, "position")
    if position is not None and position.quote_similarity == 1.0 and is_confident(position, selector):
        return position
    exact = best_anchor(
        selector,
        (
            score_span(body, selector, start, start + len(selector.text), "quote")
            for start in exact_occurrences(body, selector)
        ),
    )
    if exact is not None:
        return exact
    return best_anchor(
        selector,
        (score_span(body, selector, start, end, "fuzzy") for start, end in fuzzy_spans(body, selector)),
    )


def best_anchor(selector: Selector, candidates: Iterable[Anchor | None]) -> Anchor | None:
    """The highest-scoring confident candidate; None if no candidate is confident."""
    confident = [anchor for anchor in candidates if anchor is not None and is_confident(anchor, selector)]
    return max(confident, key=lambda anchor: anchor.score, default=None)


def is_confident(anchor: Anchor, selector: Selector) -> bool:
    """Whether a human would agree this is the same passage.

    The quote must be much alike. A short quote (a name, a phrase) recurs all
    over an article, so its context must agree too; a long quote found nearly
    verbatim identifies itself even when the sentences around it were rewritten.
    The exact quote with one side of its context intact is the same passage;
    a span only somewhat like the quote in only somewhat like surroundings (the
    same words repeated elsewhere in the article) is not.
    """
    quote, context = anchor.quote_similarity, anchor.context_similarity
    if quote < MIN_QUOTE_SIMILARITY:
        return False
    if len(selector.text) >= SELF_EVIDENT_LENGTH and quote >= 0.95:
        return True
    if context < MIN_CONTEXT_SIMILARITY:
        return False
    return quote == 1.0 or 0.6 * quote + 0.4 * context >= MIN_CONFIDENCE


def score_span(body: str, selector: Selector, start: int, end: int, method: str) -> Anchor | None:
    """Score ``body[start:end]`` as the new place of ``selector``; None for an impossible span.

    The score weighs the quote most, then its context, then nearness to the old
    position (which only breaks ties between otherwise equal candidates).
    """
    if not 0 <= start < end <= len(body):
        return None
    quote = similarity(selector.text, body[start:end])
    context = context_similarity(body, selector, start, end)
    nearness = 1.0 - min(1.0, abs(start - selector.start) / max(len(body), 1))
    score = 0.6 * quote + 0.3 * context + 0.1 * nearness
    return Anchor(start, end, method, quote, context, score)


def context_similarity(body: str, selector: Selector, start: int, end: int) -> float:
    """How alike the text either side of a span is to the remembered prefix and suffix."""
    before = body[max(0, start - len(selector.prefix)) : start]
    after = body[end : end + len(selector.suffix)]
    return (similarity(selector.prefix, before) + similarity(selector.suffix, after)) / 2


def similarity(old: str, new: str) -> float:
    """Normalised Indel similarity, 0-1; two empty strings are identical."""
    if not old and not new:
        return 1.0
    return float(fuzz.ratio(old, new)) / 100.0


def exact_occurrences(body: str, selector: Selector) -> list[int]:
    """Start offsets of the quote in ``body``, nearest to the old position first."""
    found: list[int] = []
    at = body.find(selector.text)
    while at != -1:
        found.append(at)
        at = body.find(selector.text, at + 1)
    found.sort(key=lambda start: abs(start - selector.start))
    return found[:MAX_EXACT_CANDIDATES]


def fuzzy_spans(body: str, selector: Selector) -> list[tuple[int, int]]:
    """Candidate spans for a quote that is no longer in the text verbatim.

    The start comes from matching the prefix with the quote's head, the end from
    the quote's tail with the suffix. Each boundary found alone also proposes a
    span of the old length, for when the other side of the text was rewritten.
    """
    text = selector.text
    head = selector.prefix + text[:EDGE_CHARS]
    tail = text[-EDGE_CHARS:] + selector.suffix
    start = locate_boundary(body, head, len(selector.prefix), side="start")
    end = locate_boundary(body, tail, len(tail) - len(selector.suffix), side="end")
    spans = []
    if start is not None and end is not None:
        spans.append((start, end))
    if start is not None:
        spans.append((start, start + len(text)))
    if end is not None:
        spans.append((end - len(text), end))
    return spans


def locate_boundary(body: str, needle: str, boundary: int, *, side: str) -> int | None:
    """Where offset ``boundary`` of ``needle`` falls in ``body``, matching ``needle`` fuzzily.

    rapidfuzz finds the best window of ``body`` for ``needle``; the window is
    widened (insertions make the passage longer) and aligned character by
    character so the boundary lands on the right character, not just nearby.
    """
    if len(needle) >= len(body):
        region_start, region = 0, body
    else:
        window = fuzz.partial_ratio_alignment(needle, body)
        if window is None or window.score < MIN_QUOTE_SIMILARITY * 100:
            return None
        slack = len(needle)
        region_start = max(0, window.dest_start - slack)
        region = body[region_start : window.dest_end + slack]
    return region_start + map_offset(needle, region, boundary, side=side)


def map_offset(old: str, new: str, offset: int, *, side: str) -> int:
    """Map an offset in ``old`` to the matching offset in ``new`` through their diff.

    Text inserted exactly at the boundary is kept outside the span: a start
    moves past it, an end stays before it. An offset inside a replaced stretch
    is placed proportionally.
    """
    choices = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if not i1 <= offset <= i2:
            continue
        if tag == "equal":
            choices.append(j1 + offset - i1)
        elif offset == i1:
            choices.extend((j1, j2) if tag == "insert" else (j1,))
        elif offset == i2:
            choices.append(j2)
        else:
            choices.append(j1 + round((offset - i1) * (j2 - j1) / (i2 - i1)))
    if not choices:
        return len(new) if offset >= len(old) else 0
    return max(choices) if side == "start" else min(choices)
