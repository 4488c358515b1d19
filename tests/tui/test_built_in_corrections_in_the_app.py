"""Correcting a built-in attribute with `i`: a wrong byline or date fixed in the app, checked, undoable, everywhere."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from storage.store import Store
from tests.tui.conftest import OtherWriter, one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens.attribute_editor import AttributeEditor
from tui.screens.main import MainScreen
from tui.widgets.document_list import DocumentRows

ROWS = {"outlet": 0, "date": 1, "author": 2, "section": 3}


async def open_row(pilot, app: SafeguardApp, name: str) -> AttributeEditor:  # type: ignore[no-untyped-def]
    """Home, then `j` down to a built-in attribute (`k` back up once), Enter: its field opens."""
    editor = app.screen
    assert isinstance(editor, AttributeEditor)
    await pilot.press("home", *"j" * (ROWS[name] + 1), "k")
    assert ROWS[name] == editor.query_one("#attribute-options", OptionList).highlighted
    await pilot.press("enter")
    return editor


async def test_a_wrong_date_and_byline_are_corrected_checked_and_undone(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(DocumentRows)
        rows.focus()
        document = rows.highlighted
        assert document is not None
        read = app_store.document_attributes(document.id)
        await pilot.press("i")
        await settle(pilot)

        editor = await open_row(pilot, app, "date")
        field = editor.query_one("#attribute-value", Input)
        assert read["date"] == field.value
        await pilot.press("ctrl+u", *"last Tuesday", "enter")
        assert "Not saved: 'last Tuesday' is not a date" in one_line_text(app)
        assert read["date"] == app_store.document_attributes(document.id)["date"]
        assert ["date", read["date"], "from", "the", "file"] == option_texts(
            editor.query_one("#attribute-options", OptionList))[1].split()  # the wrong text stays in the field only
        await pilot.press("ctrl+u", *"2013-3-7", "enter")
        assert "2013-03-07" == app_store.document_attributes(document.id)["date"]
        assert ["date", "2013-03-07", "from", "the", "file"] == option_texts(
            editor.query_one("#attribute-options", OptionList))[1].split()

        other_writer.hold()  # a correction waits for another program's write like any other change
        await open_row(pilot, app, "author")
        await pilot.press("ctrl+u", *"Ana [Lima]", "enter")
        await pilot.pause()
        assert ["author", "Ana", "[Lima]", "saving…"] == option_texts(
            editor.query_one("#attribute-options", OptionList))[2].split()
        assert read["author"] == app_store.document_attributes(document.id)["author"]
        other_writer.release()
        app.writes.attempt()
        await settle(pilot)
        assert "Ana [Lima]" == app_store.document_attributes(document.id)["author"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

        await pilot.press("f", *'author:"ana [lima]" date:2013')
        await pilot.pause()
        assert [document.title] == rows.lines_text()
        await pilot.press("escape", "escape")
        await settle(pilot)

        await pilot.press("u")  # the author, then the date: each correction is one step
        await settle(pilot)
        assert read["author"] == app_store.document_attributes(document.id)["author"]
        await pilot.press("u")
        await settle(pilot)
        assert read["date"] == app_store.document_attributes(document.id)["date"]
