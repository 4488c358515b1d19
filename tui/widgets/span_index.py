"""Provides SpanIndex: which spans (quotes, highlights) touch an offset or a range.

Spans are sorted by start once; a running maximum of their ends lets a lookup walk
back from the last candidate and stop as soon as nothing earlier can reach the
query, so drawing one row costs a bisect and a few steps even with thousands of
annotations, overlapping ones included.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, Protocol, TypeVar


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


SpanT = TypeVar("SpanT", bound=_Span)


class SpanIndex(Generic[SpanT]):
    """An immutable index over objects with ``start`` and ``end`` offsets."""

    def __init__(self, spans: Iterable[SpanT]) -> None:
        """Index spans; empty ones (``end <= start``) are dropped.

        Args:
            spans: Objects with ``start`` and ``end`` attributes.
        """
        self.spans: tuple[SpanT, ...] = tuple(
            sorted((span for span in spans if span.end > span.start), key=lambda span: span.start)
        )
        self._starts = [span.start for span in self.spans]
        self._max_ends = list(accumulate((span.end for span in self.spans), max))

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[SpanT]:
        """Spans that share at least one character with ``[start, end)``, by start.

        Args:
            start: Range start.
            end: Range end (exclusive).

        Returns:
            The spans, ordered by their start.
        """
        found: list[SpanT] = []
        index = bisect_left(self._starts, end) - 1
        while index >= 0 and self._max_ends[index] > start:
            span = self.spans[index]
            if span.end > start:
                found.append(span)
            index -= 1
        found.reverse()
        return found

    def at(self, offset: int) -> list[SpanT]:
        """Spans that contain the character at ``offset``, by start."""
        return self.overlapping(offset, offset + 1)

    def next_start(self, offset: int) -> SpanT | None:
        """The first span starting after ``offset``, if any."""
        index = bisect_right(self._starts, offset)
        return self.spans[index] if index < len(self.spans) else None

    def previous_start(self, offset: int) -> SpanT | None:
        """The last span starting before ``offset``, if any."""
        index = bisect_left(self._starts, offset) - 1
        return self.spans[index] if index >= 0 else None
