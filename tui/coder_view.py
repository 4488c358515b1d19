"""Provides the coder view: whose annotations the reader shows (mine, one other coder's, or everyone's).

Pure functions over reader highlights, so the main screen only hands the result
down. Another coder's marks are flagged ``foreign``: the reader draws them lined
above and below instead of tinted, so they differ from mine by more than colour.
"""

from __future__ import annotations

from dataclasses import replace

from tui.widgets.reader import Highlight

MINE = ""
"""The view of my own annotations only (the default)."""
ALL = "\x00all"
"""The view of every coder's annotations; not a possible coder name (names have no control characters)."""


def visible_highlights(highlights: tuple[Highlight, ...], me: str, view: str) -> tuple[Highlight, ...]:
    """The highlights the view shows, other coders' flagged ``foreign``.

    Args:
        highlights: Every annotation of the document.
        me: The current coder.
        view: :data:`MINE`, :data:`ALL` or another coder's name.
    """
    if view == MINE:
        return tuple(h for h in highlights if h.coder == me)
    if view == ALL:
        return tuple(h if h.coder == me else replace(h, foreign=True) for h in highlights)
    return tuple(replace(h, foreign=h.coder != me) for h in highlights if h.coder == view)


def next_view(view: str, me: str, highlights: tuple[Highlight, ...]) -> str:
    """The view after ``view``: mine, then each other coder of the document by name, then all."""
    others = sorted({h.coder for h in highlights} - {me})
    cycle = [MINE, *others, ALL] if others else [MINE, ALL]
    position = cycle.index(view) if view in cycle else 0
    return cycle[(position + 1) % len(cycle)]


def describe_view(view: str, me: str) -> str:
    """A few words for the reader's border: who I am and whose coding is shown."""
    shown = {MINE: "my coding", ALL: "all coders"}.get(view, f"{view or 'unnamed'}'s coding")
    return f"coder: {me or 'unnamed'} · {shown}"
