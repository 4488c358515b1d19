"""status_line: speaker, tags and note fitted to any width."""

from __future__ import annotations

import pytest

from tui.widgets.reader import Highlight, QuoteMark
from tui.widgets.status_line import status_line

QUOTE = QuoteMark(quote_id=1, start=0, end=10, kind="direct", speaker="Jane Smith", role="director")
TAGS = tuple(
    Highlight(n, 0, 10, n, name, "#336699", "Check the figures [sic]\nsecond line" if n == 1 else "")
    for n, name in enumerate(["Housing and homelessness", "Blame", "Funding cuts to local services"], start=1)
)


@pytest.mark.parametrize("width", [30, 50, 76, 120, 200])
def test_it_always_fits_and_names_the_first_tag(width: int) -> None:
    line = status_line(QUOTE, TAGS, width).plain

    assert len(line) <= width
    assert "■ Hou" in line


def test_whole_names_when_they_fit() -> None:
    line = status_line(None, TAGS[:2], 120).plain

    assert "■ Housing and homelessness, ■ Blame  ✎ Check the figures [sic]" == line


def test_names_shortened_and_counted_when_they_do_not_fit() -> None:
    line = status_line(QUOTE, TAGS, 60).plain

    assert "■ Housing and" in line and "… +2" in line
    assert line.startswith("❝ Jane Smith")
