"""Coding by keyboard: tag keys, the tag picker, notes, deletion, undo and redo; stored AND shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList

from storage.store import Store
from tests.tui.conftest import one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_picker import TagPicker, stands_for
from tui.widgets.reader import Reader

SENTENCE = "The government-appointed troubleshooter"


async def open_first_document(pilot, app: SafeguardApp) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Open the first document and select its first full sentence; returns (document, start, end)."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    document = screen.snapshot.document
    assert document is not None
    start = document.body.index(SENTENCE)
    end = document.body.index(".", start) + 1
    app.screen.query_one(Reader).select_span(start, end)
    await pilot.pause()
    return document.document_id, start, end


def spans(store: Store, document_id: int) -> list[tuple[str, int, int, str]]:
    return [(store.tag(a.tag_id).name, a.start, a.end, a.note) for a in store.annotations(document_id)]


async def test_a_tag_key_tags_the_selection_and_the_same_key_again_removes_it(
    app: SafeguardApp, app_store: Store
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)

        await pilot.press("1")
        await settle(pilot)
        assert [("Accountability and blame", start, end, "")] == spans(app_store, document)
        shown = one_line_text(app)
        assert "Tagged 'Accountability and blame'" in shown
        assert "1 ■ 1/1 Accountability and blame" in shown
        assert re.search(r"\d+q 1a", shown)

        await pilot.press("1")
        await settle(pilot)
        assert [] == spans(app_store, document)
        assert "1 ■ 0/0 Accountability and blame" in one_line_text(app)


async def test_a_key_with_no_tag_says_so_and_stores_nothing(app: SafeguardApp, app_store: Store) -> None:
    app_store.set_tag_shortcut(app_store.tag_by_shortcut(9).id, None)  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, _, _ = await open_first_document(pilot, app)
        await pilot.press("9")
        await settle(pilot)

        assert [] == spans(app_store, document)
        assert "No tag on key 9" in one_line_text(app)


async def test_the_tag_picker_filters_fuzzily_and_applies_the_chosen_tag(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)

        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"fundng")
        await pilot.pause()
        assert ["3 ■ Funding and resources", "+ new tag “fundng”"] == option_texts(app.screen.query_one("#tag-options", OptionList))
        await pilot.press("enter")
        await settle(pilot)

        assert [("Funding and resources", start, end, "")] == spans(app_store, document)


async def test_typing_a_new_name_in_the_picker_creates_the_tag_and_applies_it(
    app: SafeguardApp, app_store: Store
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)

        await pilot.press("t", *"Blame of NHS")
        await pilot.pause()
        # "Accountability and blame" is a close fuzzy match, listed, but "NHS" is in none of its words.
        assert ["+ new tag “Blame of NHS”", "1 ■ Accountability and blame"] == option_texts(
            app.screen.query_one("#tag-options", OptionList)
        )
        await pilot.press("enter")
        await settle(pilot)

        assert [("Blame of NHS", start, end, "")] == spans(app_store, document)
        assert "1/1 Blame of NHS" in one_line_text(app)


async def test_n_writes_a_note_of_several_lines_on_the_annotation_under_the_cursor(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)
        await pilot.press("2")
        await settle(pilot)

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"health is slow", "enter", *"see the 2015 review", "ctrl+s")
        await settle(pilot)

        assert [("Partnership working", start, end, "health is slow\nsee the 2015 review")] == spans(
            app_store, document)
        assert "Note saved" in one_line_text(app)

        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*" (draft)", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "health is slow\nsee the 2015 review" == spans(app_store, document)[0][3]


async def test_n_with_no_annotation_under_the_cursor_explains_instead(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_document(pilot, app)
        await pilot.press("n")
        await pilot.pause()

        assert isinstance(app.screen, MainScreen)
        assert "No annotation under the cursor" in one_line_text(app)


async def test_x_deletes_the_annotation_and_u_brings_it_back_and_ctrl_r_removes_it_again(
    app: SafeguardApp, app_store: Store
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)
        await pilot.press("3")
        await settle(pilot)

        await pilot.press("x")
        await settle(pilot)
        assert [] == spans(app_store, document)
        assert "Removed 'Funding and resources'" in one_line_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert [("Funding and resources", start, end, "")] == spans(app_store, document)
        assert "Undid remove 'Funding and resources'" in one_line_text(app)
        assert "3 ■ 1/1 Funding and resources" in one_line_text(app)

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [] == spans(app_store, document)


async def test_undo_works_across_a_restart(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            document, _, _ = await open_first_document(pilot, app)
            await pilot.press("4")
            await settle(pilot)
            await pilot.press("q")

    with Store.open(seeded_db) as store:
        assert 1 == len(store.annotations(document))
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("u")
            await settle(pilot)
            assert [] == store.annotations(document)
            assert "Undid tag 'Workforce recruitment and retention'" in one_line_text(app)


async def test_digits_typed_in_the_filter_field_filter_and_never_tag(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, _, _ = await open_first_document(pilot, app)
        await pilot.press("tab", "tab", "tab", "f")
        assert "document-filter" == app.focused.id  # type: ignore[union-attr]

        await pilot.press("1", "t", "x", "u", "q")
        await settle(pilot)

        assert [] == app_store.annotations(document)
        assert "1txuq" == app.screen.query_one("#document-filter").value  # type: ignore[attr-defined]
        assert app.is_running


@pytest.mark.parametrize(
    ("typed", "name", "expected"),
    [
        ("acc", "Accountability and blame", True),
        ("fundng", "Funding and resources", True),
        ("Acountability", "Accountability and blame", True),
        ("risk thresholds", "Thresholds and risk", True),
        ("Blame of NHS", "Accountability and blame", False),
        ("Funding cuts", "Funding and resources", False),
        ("nhs", "Funding and resources", False),
        ("", "Funding and resources", False),
    ],
)
def test_what_is_typed_stands_for_a_tag_when_each_word_starts_one_of_its_words(
    typed: str, name: str, expected: bool
) -> None:
    assert expected == stands_for(typed, name)
