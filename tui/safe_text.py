"""Provides helpers that turn untrusted text into something safe to put on screen.

Article text, titles, tag and actor names, notes and file names come from outside:
they are never parsed as markup, and terminal control characters (escape
sequences, bells, carriage returns) are removed so they cannot move the cursor
or restyle the terminal.
"""

from __future__ import annotations

import unicodedata

from rich.style import Style as RichStyle
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.style import Style

from storage.colors import normalise_color

SWATCH = "■ "
"""A tag's colour shown beside its name."""


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` without control or format characters; tabs become spaces.

    Args:
        text: Untrusted text.
        keep_newlines: Keep line breaks (for multi-line text such as notes);
            otherwise they become spaces so a label stays on one line.
    """
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch != "\u200d":
            continue
        else:
            out.append(ch)
    return "".join(out)


def plain(text: str, style: str = "", *, keep_newlines: bool = False) -> Content:
    """Untrusted text as Textual Content: never parsed as markup, controls removed."""
    return Content.styled(clean(text, keep_newlines=keep_newlines), style)


def plain_text(text: str, style: str = "") -> Text:
    """Untrusted text as a Rich Text (for widgets such as Tree that take Rich labels)."""
    return Text(clean(text), style=style, no_wrap=True)


def one_line(text: str, width: int) -> str:
    """Cleaned text folded to one line and cut to ``width`` characters with an ellipsis."""
    line = " ".join(clean(text).split())
    return line if len(line) <= width else line[: max(0, width - 1)] + "…"


def tag_color(color: str) -> Color | None:
    """A stored tag colour as a Color, or None when it is not a colour (it is never parsed as a style)."""
    normalised = normalise_color(color)
    return Color.parse(normalised) if normalised else None


def swatch(color: str) -> Content:
    """The tag's colour swatch as Content, styled with a Style object built from the checked colour."""
    parsed = tag_color(color)
    return Content.styled(SWATCH, Style(foreground=parsed)) if parsed else Content(SWATCH)


def swatch_text(color: str) -> Text:
    """The tag's colour swatch as a Rich Text (for the codebook Tree)."""
    parsed = tag_color(color)
    return Text(SWATCH, style=RichStyle(color=parsed.rich_color) if parsed else "")
