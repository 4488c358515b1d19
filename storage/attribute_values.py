"""Provides checked_value: a typed attribute value as the researcher wrote it, made canonical or refused.

Values are stored as text: a number in its shortest form ("3", "2.5"), a date as
ISO 8601 ("2014", "2014-03" or "2014-03-07": as precise as the researcher knows
it), a choice spelled as the attribute defines it.
"""

from __future__ import annotations

import math
from datetime import date

from storage.models import Attribute

ATTRIBUTE_KINDS = ("text", "number", "date", "choice")
"""What an attribute the researcher defines can hold."""

BUILTIN_ATTRIBUTES = (
    Attribute(None, "outlet", "text"),
    Attribute(None, "date", "date"),
    Attribute(None, "author", "text"),
    Attribute(None, "section", "text"),
)
"""The metadata ingestion reads from each article (the section from news database downloads), offered as attributes."""

BUILTIN_COLUMNS = {"outlet": "publication", "date": "published", "author": "author", "section": "section"}
"""The documents column behind each built-in attribute."""

NAME_FORBIDDEN = (":", '"')
"""An attribute is filtered by ``name:value``: its name cannot hold these."""


class AttributeValueError(ValueError):
    """A value the attribute cannot take; the message is one line for the user."""


def checked_value(attribute: Attribute, text: str) -> str:
    """The canonical stored form of ``text`` for ``attribute`` ("" clears the value).

    Raises AttributeValueError naming what was expected.
    """
    text = " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())
    if not text:
        return ""
    if attribute.kind == "number":
        return canonical_number(text)
    if attribute.kind == "date":
        return canonical_date(text)
    if attribute.kind == "choice":
        found = next((choice for choice in attribute.choices if choice.casefold() == text.casefold()), None)
        if found is None:
            raise AttributeValueError(f"{attribute.name} is one of: {', '.join(attribute.choices)}")
        return found
    return text


def canonical_number(text: str) -> str:
    """'3.0' -> '3', '2.50' -> '2.5'; AttributeValueError for anything but a finite number."""
    try:
        number = float(text)
    except ValueError:
        raise AttributeValueError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise AttributeValueError(f"{text!r} is not a number")
    return str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)


def canonical_date(text: str) -> str:
    """A year, year-month or full date in ISO 8601 ('2014-3-7' -> '2014-03-07'); AttributeValueError otherwise."""
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        raise AttributeValueError(f"{text!r} is not a date (2014, 2014-03 or 2014-03-07)")
    numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
    try:
        date(*numbers)
    except ValueError:
        raise AttributeValueError(f"{text!r} is not a date (2014, 2014-03 or 2014-03-07)") from None
    return "-".join([parts[0], *(f"{int(part):02d}" for part in parts[1:])])


def checked_name(name: str) -> str:
    """An attribute name the filter can spell, or AttributeValueError."""
    name = " ".join(name.split())
    if not name:
        raise AttributeValueError("an attribute needs a name")
    if any(mark in name for mark in NAME_FORBIDDEN) or " " in name:
        raise AttributeValueError(f"{name!r}: an attribute name has no spaces, ':' or '\"' (try {name.replace(' ', '_')!r})")
    if name.casefold() in BUILTIN_COLUMNS:
        raise AttributeValueError(f"{name!r} is built in")
    return name


def checked_choices(kind: str, choices: list[str]) -> tuple[str, ...]:
    """The distinct allowed values of a choice attribute (none for other kinds)."""
    if kind not in ATTRIBUTE_KINDS:
        raise AttributeValueError(f"an attribute is one of: {', '.join(ATTRIBUTE_KINDS)}")
    if kind != "choice":
        return ()
    kept: dict[str, str] = {}
    for choice in choices:
        cleaned = " ".join(choice.split())
        if cleaned:
            kept.setdefault(cleaned.casefold(), cleaned)
    if not kept:
        raise AttributeValueError("a choice attribute needs its allowed values (north, south, ...)")
    return tuple(kept.values())
