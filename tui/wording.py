"""Provides counted: a number with its noun in the right number ("1 annotation", "2 annotations")."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """'1 annotation', '0 annotations'; ``plural`` for nouns not made plural with an s."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
