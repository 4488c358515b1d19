"""The section of a news database download, as a built-in attribute in the app: shown, filtered, sorted."""

from __future__ import annotations

from textual.widgets import OptionList

from storage.models import Article
from storage.store import Store
from tests.tui.conftest import one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens.attribute_editor import AttributeEditor
from tui.widgets.document_list import DocumentRows

FILED = [("Ferry fares rise on the island route", "NEWS; Pg. 7"), ("Letters: the quay [sic] and the ferry", "Letters")]
"""Invented articles: (title, section); the brackets would be markup if the text were ever parsed as such."""


def add_filed(store: Store) -> None:
    for n, (title, section) in enumerate(FILED):
        store.add_document(Article(title, f"Body of {title}.", "", section=section), f"/news/{n}.txt", f"hash-{n}")


async def test_section_is_shown_filtered_and_sorted_like_the_other_built_in_attributes(app_store: Store) -> None:
    add_filed(app_store)
    app = SafeguardApp(app_store, coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(DocumentRows)
        rows.focus()
        await pilot.press("f", *"section:letters")
        await pilot.pause()
        assert [FILED[1][0]] == rows.lines_text()
        await pilot.press("escape", "escape")
        await pilot.pause()

        await pilot.press("s", "s", "s", "s")  # from date: title, outlet, author, section
        await pilot.pause()
        assert "by section" in one_line_text(app)
        assert [FILED[1][0], FILED[0][0]] == rows.lines_text()[:2]  # "Letters" before "NEWS", the rest after

        rows.focus()
        await pilot.press("home", "i")
        await settle(pilot)
        assert isinstance(app.screen, AttributeEditor)
        listed = option_texts(app.screen.query_one("#attribute-options", OptionList))
        assert ["section", "Letters"] == listed[3].split()[:2]
