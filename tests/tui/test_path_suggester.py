"""PathSuggester: completes paths from what is on disk, never echoing a name with control characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.path_suggester import PathSuggester


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("rep", "reports/"),
        ("reports/c", "reports/council.txt"),
        ("reports/", "reports/council.txt"),
        ("zz", None),
        (".hid", ".hidden"),
        ("bad", None),
    ],
)
async def test_completes_the_first_matching_entry(tmp_path: Path, typed: str, expected: str | None) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "council.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    (tmp_path / "bad\x1b]0;title\x07.txt").write_text("x", encoding="utf-8")

    suggestion = await PathSuggester().get_suggestion(f"{tmp_path}/{typed}")

    assert (f"{tmp_path}/{expected}" if expected else None) == suggestion
