"""The memo and attribute editors while another program holds the write lock: keys go on, nothing is lost."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, TextArea

from storage.models import MemoSubject
from storage.store import Store
from tests.tui.conftest import OtherWriter, one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens import memo_editor
from tui.screens.attribute_editor import AttributeEditor
from tui.screens.main import MainScreen
from tui.screens.memo_editor import MemoEditor
from tui.widgets.document_list import DocumentRows

PROJECT = MemoSubject("project")


@pytest.fixture(autouse=True)
def no_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves only when the test asks (ctrl+s, Enter, Escape): an autosave timer firing under load would race it."""
    monkeypatch.setattr(memo_editor, "AUTOSAVE_SECONDS", 600.0)


async def set_region_while_locked(  # type: ignore[no-untyped-def]
    pilot, app: SafeguardApp, other_writer: OtherWriter
) -> tuple[AttributeEditor, int]:
    """`i` on the highlighted document, then, while another program holds the lock, region set to north."""
    await settle(pilot)
    rows = app.screen.query_one(DocumentRows)
    rows.focus()
    assert rows.highlighted is not None
    await pilot.press("i")
    await settle(pilot)
    editor = app.screen
    assert isinstance(editor, AttributeEditor)
    other_writer.hold()
    await pilot.press("enter", *"north", "enter")  # region: the first attribute of one's own
    await pilot.pause()
    return editor, rows.highlighted.id


def row_of(editor: AttributeEditor, name: str) -> str:
    return next(text for text in option_texts(editor.query_one("#attribute-options", OptionList))
                if text.split()[0] == name)


async def test_a_memo_saved_while_another_program_writes_is_committed_after_and_said_saved_only_then(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        other_writer.hold()
        await pilot.press("M")
        await pilot.pause()
        await pilot.press(*"Who is blamed?", "ctrl+s")
        await pilot.pause()
        assert "Saving once another program's write is done" in one_line_text(app)
        assert "Saved" not in one_line_text(app)

        await pilot.press(*" And by whom?")  # the editor still takes keys while the save waits
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        assert "Who is blamed? And by whom?" == app.screen.query_one(TextArea).text
        assert "Closing once saved" in one_line_text(app)
        assert "" == app_store.memo_text(PROJECT)

        other_writer.release()
        app.writes.attempt()  # what the retry timer does next
        await settle(pilot)
        assert "Who is blamed? And by whom?" == app_store.memo_text(PROJECT)
        assert isinstance(app.screen, MainScreen)
        assert "Project memo saved (u undoes)" in one_line_text(app)

        await pilot.press("u")  # both saves of the session are one undo step
        await settle(pilot)
        assert "" == app_store.memo_text(PROJECT)


async def test_a_memo_save_that_is_given_up_keeps_the_text_to_save_again(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter
) -> None:
    app.writes.patience = 0  # give up at the first try rather than after PATIENCE_SECONDS
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        other_writer.hold()
        await pilot.press(*"Keep this", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditor)
        assert "Not saved: another program is writing to the database" in one_line_text(app)
        assert "Keep this" == app.screen.query_one(TextArea).text

        other_writer.release()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Keep this" == app_store.memo_text(PROJECT)
        assert "Saved" in one_line_text(app)


async def test_an_attribute_saved_while_another_program_writes_waits_and_quitting_waits_for_it(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_store.define_attribute("region", "text")
    quits: list[bool] = []
    monkeypatch.setattr(app, "exit", lambda: quits.append(True))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        editor, document = await set_region_while_locked(pilot, app, other_writer)
        assert row_of(editor, "region").split() == ["region", "north", "saving…"]
        assert "Saving region once another program's write is done" in one_line_text(app)
        assert "Saved" not in one_line_text(app)
        assert "" == app_store.document_attributes(document)["region"]

        options = editor.query_one("#attribute-options", OptionList)
        before = options.highlighted
        await pilot.press("up")  # the list still moves while the value waits
        assert options.highlighted == (before or 0) - 1
        await pilot.press("ctrl+q")  # q is a letter in an editor; ctrl+q quits from anywhere, once the value is saved
        await pilot.pause()
        assert [] == quits
        assert "Quitting once your changes are saved" in one_line_text(app)

        other_writer.release()
        app.writes.attempt()
        await settle(pilot)
        assert "north" == app_store.document_attributes(document)["region"]
        assert [True] == quits
        assert row_of(editor, "region").split() == ["region", "north", "text"]
        assert "Saved region" in one_line_text(app)


async def test_an_attribute_save_that_is_given_up_stays_in_its_row_and_enter_saves_it_again(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter
) -> None:
    app_store.define_attribute("region", "text")
    async with app.run_test(size=(120, 40)) as pilot:
        editor, document = await set_region_while_locked(pilot, app, other_writer)
        await pilot.press("up")  # on to the list's other rows while the value waits
        app.writes.patience = 0  # the next retry gives up, as one does after PATIENCE_SECONDS
        app.writes.attempt()
        await pilot.pause()
        assert "Not saved: another program is writing to the database" in one_line_text(app)
        assert "north" == editor.query_one("#attribute-value", Input).value  # the field is back, holding it
        await pilot.press("escape")
        assert row_of(editor, "region").split() == ["region", "north", "not", "saved"]
        await pilot.press("escape")  # closing with a value not saved asks for a second Escape
        assert isinstance(app.screen, AttributeEditor)

        other_writer.release()
        await pilot.press("enter")
        assert "north" == editor.query_one("#attribute-value", Input).value
        await pilot.press("enter")
        await settle(pilot)
        assert "north" == app_store.document_attributes(document)["region"]
        assert row_of(editor, "region").split() == ["region", "north", "text"]


async def test_quitting_over_the_memo_editor_while_another_program_writes_saves_the_text_first(
    app: SafeguardApp, app_store: Store, other_writer: OtherWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    quits: list[str] = []
    monkeypatch.setattr(app, "exit", lambda: quits.append(app_store.memo_text(PROJECT)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        other_writer.hold()
        await pilot.press(*"Typed, then quit", "ctrl+q")  # before the autosave
        await pilot.pause()
        assert [] == quits

        other_writer.release()
        app.writes.attempt()
        await settle(pilot)
        assert ["Typed, then quit"] == quits
