"""Provides the rules that place a coder's correction on a document's quotes (pure functions).

A correction remembers a passage, not a quote id: quotes are rebuilt whenever the
extractor runs again, and the rebuilt quote may start or end a little differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

QUOTE_KINDS = ("direct", "indirect", "partial", "term")
"""The kinds of quote a coder can give (reader comments keep their own kind)."""

CORRECTION_ACTIONS = ("speaker", "kind", "reject", "add")

MIN_SHARED = 0.5
"""A quote stands for a corrected passage when they share at least this much of the shorter of the two."""


class Spanned(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=Spanned)


def shared(a: Spanned, start: int, end: int) -> int:
    """How many characters a span shares with ``[start, end)``."""
    return max(0, min(a.end, end) - max(a.start, start))


def correction_target(quotes: Sequence[SpanT], start: int, end: int) -> SpanT | None:
    """The quote a correction made on ``[start, end)`` applies to, or None.

    The quote with exactly that span; else the one sharing most of it, if it
    shares at least half of the shorter of the two (the extractor now ends a
    quote one word later, say). "He said it was “a disgrace”" corrected on the
    whole quote still finds "“a disgrace”" if that is all the extractor keeps;
    a correction on one quote never lands on its neighbour.
    """
    exact = [quote for quote in quotes if quote.start == start and quote.end == end]
    if exact:
        return exact[0]
    best, best_shared = None, 0
    for quote in quotes:
        common = shared(quote, start, end)
        shorter = min(quote.end - quote.start, end - start)
        if common > best_shared and shorter > 0 and common >= MIN_SHARED * shorter:
            best, best_shared = quote, common
    return best


def overlapping(quotes: Sequence[SpanT], start: int, end: int) -> list[SpanT]:
    """The quotes that share a character with ``[start, end)``: what an added quote replaces."""
    return [quote for quote in quotes if shared(quote, start, end) > 0]
