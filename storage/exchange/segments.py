"""Provides CodedSegment and SegmentFilter: a tag's coded segments with their document, and how to narrow them.

The Store reads the rows (``Store.coded_segments``); this module says what a row
holds, which tags a tag stands for when its sub-tags are included, and how a
filter typed as ``outlet:guardian date:2014..2015 by:warner coder:ana`` reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storage.models import Tag

FILTER_KEYS = {
    "outlet": "outlet",
    "publication": "outlet",
    "author": "author",
    "date": "date",
    "by": "actor",
    "actor": "actor",
    "speaker": "actor",
    "coder": "coder",
}
"""What may come before a colon in a filter, and the field it sets."""

TERM = re.compile(r'(\w[\w.-]*):"([^"]*)"|(\w[\w.-]*):(\S+)|"([^"]*)"|(\S+)')
"""One filter term: key:"several words", key:value, "a phrase" or a word."""


class SegmentFilterError(ValueError):
    """A filter that cannot be read (an unknown key, an unreadable date range)."""


@dataclass(frozen=True)
class CodedSegment:
    """One coded segment with what a reader of a report needs beside it.

    ``speakers`` are the actors of the quotes the segment overlaps, in reading order.
    """

    annotation_id: int
    document_id: int
    start: int
    end: int
    text: str
    note: str
    coder: str
    tag_id: int
    tag_name: str
    document_title: str
    published: str
    publication: str
    author: str
    speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class SegmentFilter:
    """What to keep: every field given must match (case-insensitive substrings; dates by prefix).

    ``date_from``/``date_to`` are ISO date prefixes ('2014', '2014-07'): a document
    dated within them (inclusive at both ends, to their precision) is kept, an
    undated one is not.
    """

    outlet: str = ""
    author: str = ""
    date_from: str = ""
    date_to: str = ""
    actor: str = ""
    coder: str = ""
    words: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()
    """(name, value) of the researcher's document attributes: ``region:west``, ``pages:10..20``."""

    @property
    def is_empty(self) -> bool:
        return self == SegmentFilter()


DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parse_segment_filter(text: str, attribute_names: Sequence[str] = ()) -> SegmentFilter:
    """Read a filter such as ``outlet:guardian date:2014..2015 by:"le grand" coder:ana region:west neglect``.

    A date is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a range is ``from..to`` with
    either end left open (``date:2014..``). ``attribute_names`` are the document
    attributes the researcher defined, each a key too (compared as the document
    list's filter compares them). Words without a key must appear in the segment's
    text or note.

    Raises:
        SegmentFilterError: an unknown key or a date that is not one of those shapes.
    """
    fields: dict[str, str] = {}
    words: list[str] = []
    attributes: list[tuple[str, str]] = []
    own = {name.casefold(): name for name in attribute_names}
    for match in TERM.finditer(text):
        key = (match.group(1) or match.group(3) or "").casefold()
        value = match.group(2) if match.group(1) else match.group(4)
        if not key:
            word = match.group(5) if match.group(5) is not None else match.group(6)
            if word.strip():
                words.append(word.strip())
            continue
        if key in own and key not in FILTER_KEYS:
            attributes.append((own[key], (value or "").strip()))
            continue
        if key not in FILTER_KEYS:
            known = ", ".join(sorted({f"{name}:" for name in [*FILTER_KEYS, *own.values()]}))
            raise SegmentFilterError(f"unknown filter {key}: (known: {known})")
        field = FILTER_KEYS[key]
        if field == "date":
            fields["date_from"], fields["date_to"] = parse_date_range(value or "")
        else:
            fields[field] = (value or "").strip()
    return SegmentFilter(**fields, words=tuple(words), attributes=tuple(attributes))


def parse_date_range(text: str) -> tuple[str, str]:
    """'2014..2015' -> ('2014', '2015'); '2014' -> ('2014', '2014'); '..2015-06' -> ('', '2015-06')."""
    first, dots, last = text.partition("..")
    if not dots:
        last = first
    for end in (first, last):
        if end and not DATE_PREFIX.fullmatch(end):
            raise SegmentFilterError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD (a range: 2014..2015)")
    if not first and not last:
        raise SegmentFilterError("date: needs a date or a range such as 2014..2015")
    return first, last


def tag_family(tags: list[Tag], tag_id: int) -> list[int]:
    """``tag_id`` and every tag below it in the codebook (children, their children...), the tag first."""
    children: dict[int | None, list[int]] = {}
    for tag in tags:
        children.setdefault(tag.parent_id, []).append(tag.id)
    family, waiting, seen = [], [tag_id], set()
    while waiting:
        current = waiting.pop(0)
        if current in seen:
            continue
        seen.add(current)
        family.append(current)
        waiting.extend(children.get(current, []))
    return family


def tags_for_report(tags: list[Tag], tag_ids: list[int], *, subtags: bool) -> list[int]:
    """The tags a report or the screen covers: the ones chosen, and their sub-tags when asked, each once."""
    chosen: list[int] = []
    for tag_id in tag_ids:
        for member in tag_family(tags, tag_id) if subtags else [tag_id]:
            if member not in chosen:
                chosen.append(member)
    return chosen
