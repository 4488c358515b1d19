"""Provides AnalysisFilter: which coded segments the analysis counts, by document attribute and coder.

A filter is typed as the coded segments screen's is (``outlet:guardian
date:2014..2015 coder:ana region:west``) and read by the same parser; the analysis
takes only the keys that say which documents and whose coding to count: the
built-in ones and the document attributes the researcher defined.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.exchange.segments import SegmentFilterError, parse_segment_filter
from storage.models import Attribute
from storage.search.document_filter import AttributeCondition, condition_for
from storage.store import condition_clause

KEYS = ("outlet:", "author:", "date:", "coder:")
"""The built-in filter keys, for messages and the filter field's placeholder (attributes are keys too)."""


class AnalysisFilterError(SegmentFilterError):
    """A filter the analysis cannot apply (an unknown key, a bad date, a key that does not count documents)."""


@dataclass(frozen=True)
class AnalysisFilter:
    """Every field given must match: outlet, author and coder as case-insensitive substrings, dates by prefix.

    ``date_from``/``date_to`` are ISO date prefixes ('2014', '2014-07'), inclusive to
    their precision; with either given, an undated document is left out.
    """

    outlet: str = ""
    author: str = ""
    date_from: str = ""
    date_to: str = ""
    coder: str = ""
    attributes: tuple[AttributeCondition, ...] = ()
    """Conditions on the researcher's document attributes (``region:west``, ``pages:10..20``)."""

    @property
    def is_empty(self) -> bool:
        return self == AnalysisFilter()

    def sql(self, document: str = "d", annotation: str = "a") -> tuple[str, list[Any]]:
        """A WHERE condition (``1`` when empty) on a documents and an annotations alias, with its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            (f"{document}.publication", self.outlet),
            (f"{document}.author", self.author),
            (f"{annotation}.coder", self.coder),
        ):
            if value:
                clauses.append(f"instr(lower({column}), lower(?)) > 0")
                params.append(value)
        for bound, operator in ((self.date_from, ">="), (self.date_to, "<=")):
            if bound:
                clauses.append(f"{document}.published != '' AND substr({document}.published, 1, ?) {operator} ?")
                params += [len(bound), bound]
        for condition in self.attributes:
            clause, values = condition_clause(condition)
            clauses.append(f"{document}.id IN (SELECT id FROM documents WHERE {clause})")
            params += values
        return " AND ".join(clauses) or "1", params


def parse_analysis_filter(text: str, attributes: Sequence[Attribute] = ()) -> AnalysisFilter:
    """Read ``outlet:NAME author:NAME date:2014..2015 coder:NAME`` and ``ATTRIBUTE:VALUE`` (any, in any order).

    ``attributes`` are the researcher's document attributes, each a key.

    Raises:
        AnalysisFilterError: an unknown key, a date that is not YYYY, YYYY-MM or
            YYYY-MM-DD, an actor key or loose words (those narrow segments, not documents).
    """
    try:
        parsed = parse_segment_filter(text, [attribute.name for attribute in attributes])
    except SegmentFilterError as error:
        raise AnalysisFilterError(str(error)) from None
    if parsed.actor or parsed.words:
        ignored = "by:" if parsed.actor else repr(parsed.words[0])
        raise AnalysisFilterError(f"the analysis filters by {' '.join(KEYS)} only (not {ignored})")
    return AnalysisFilter(
        outlet=parsed.outlet,
        author=parsed.author,
        date_from=parsed.date_from,
        date_to=parsed.date_to,
        coder=parsed.coder,
        attributes=tuple(
            condition_for(next(a for a in attributes if a.name == name), value) for name, value in parsed.attributes
        ),
    )
