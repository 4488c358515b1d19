"""Provides normalise_color: a tag colour checked and written the one way the app stores it, ``#rrggbb``.

A colour comes from a user, a codebook file or a shared export, so it is
untrusted: it is accepted only as ``#rrggbb`` (or ``#rgb``) or a CSS colour
name (the list is data: ``named_colors.txt``), and always stored as lowercase
``#rrggbb``. Nothing else can reach the screen, where a colour is a style.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DEFAULT_COLOR = "#888888"
"""The colour of a tag that has none (and of one whose stored colour was unusable)."""

HEX_DIGITS = frozenset("0123456789abcdef")


@cache
def named_colors() -> dict[str, str]:
    """CSS colour names and their ``#rrggbb`` values, loaded once from ``named_colors.txt``."""
    names = {}
    for line in (Path(__file__).parent / "named_colors.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split()
            names[name] = value
    return names


def normalise_color(text: str) -> str | None:
    """``text`` as lowercase ``#rrggbb``, or None when it is not a colour.

    Examples: ``"#E06C75"`` -> ``"#e06c75"``, ``"#abc"`` -> ``"#aabbcc"``,
    ``"Teal"`` -> ``"#008080"``, ``"@click=app.quit"`` -> None.
    """
    if not isinstance(text, str):
        return None
    color = text.strip().lower()
    if color.startswith("#") and set(color[1:]) <= HEX_DIGITS:
        if len(color) == 7:
            return color
        if len(color) == 4:
            return "#" + "".join(digit * 2 for digit in color[1:])
        return None
    return named_colors().get(color.replace(" ", ""))
