"""Provides parse_document_filter: what the document filter box holds, as free words and attribute conditions.

``outlet:guardian`` keeps documents whose outlet holds "guardian"; ``date:2014..2015``
those dated from the start of 2014 to the end of 2015 (either end may be left
open: ``date:2014..``); ``region:west`` those whose region is west; a value with
spaces goes in double quotes (``region:"north west"``). Every other word must
appear in the title, outlet, author or date. A ``name:`` that is no attribute's
name is an ordinary word, so a filter for "10:30" still finds the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storage.models import Attribute

TERM = re.compile(r'(?P<name>[^\s:"]+):(?:"(?P<quoted>[^"]*)"?|(?P<value>\S*))|"(?P<phrase>[^"]*)"?|(?P<word>\S+)')
RANGE = ".."


@dataclass(frozen=True)
class AttributeCondition:
    """One ``name:value`` term: the value, or a range ``low..high`` ("" for an open end)."""

    attribute: Attribute
    value: str
    low: str | None = None
    high: str | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class DocumentFilter:
    """The parsed filter: every word and every condition must hold."""

    words: tuple[str, ...] = ()
    conditions: tuple[AttributeCondition, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.words and not self.conditions


def parse_document_filter(text: str, attributes: Iterable[Attribute]) -> DocumentFilter:
    """Split the filter ``text`` into words and conditions on the ``attributes`` known (names case-insensitive)."""
    by_name = {attribute.name.casefold(): attribute for attribute in attributes}
    words: list[str] = []
    conditions: list[AttributeCondition] = []
    for match in TERM.finditer(text):
        attribute = by_name.get(match["name"].casefold()) if match["name"] else None
        if attribute is None:
            words.extend(match[0].replace('"', " ").split())
            continue
        value = (match["quoted"] if match["quoted"] is not None else match["value"]).strip()
        if not value:
            continue  # 'region:' while the value is still being typed narrows nothing yet
        conditions.append(condition_for(attribute, value))
    return DocumentFilter(tuple(words), tuple(conditions))


def condition_for(attribute: Attribute, value: str) -> AttributeCondition:
    """A range for a number or a date written ``low..high``; the value as written otherwise."""
    if attribute.kind in ("number", "date") and RANGE in value:
        low, high = value.split(RANGE, 1)
        return AttributeCondition(attribute, value, low.strip(), high.strip())
    return AttributeCondition(attribute, value)
