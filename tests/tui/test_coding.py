"""Coding by keyboard: tag keys, the tag picker, notes, deletion, undo and redo; stored AND shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import OptionList

from storage.store import Store
from tests.tui.conftest import OtherWriter, one_line_text, option_texts, settle
from tui.app import SafeguardApp
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.tag_picker import TagPicker, stands_for
from tui.widgets.reader import Reader, compose_text

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


async def test_tag_keys_while_another_program_writes_wait_in_order_and_the_screen_keeps_working(
    app: SafeguardApp, app_store: Store, monkeypatch: pytest.MonkeyPatch, other_writer: OtherWriter
) -> None:
    monkeypatch.setattr("tui.writes.WAIT_NOTICE_SECONDS", 0.0)  # say so at once, not after a second
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)
        other_writer.hold()
        try:
            await pilot.press("1")  # tags: waits for the lock
            await pilot.press("1")  # then removes it again: waits behind the first
            await pilot.press("tab")  # the screen still takes keys: the focus moves on
            await settle(pilot)

            assert app.focused is not None and app.focused.id == "codebook"
            assert len(app.writes.waiting) == 2
            assert [] == spans(app_store, document)
            shown = one_line_text(app)
            assert "Waiting for another writer" in shown
            assert "Tagged" not in shown  # nothing is said saved before it is
        finally:
            other_writer.release()
        app.writes.attempt()  # what the retry timer does next
        await settle(pilot)

        assert not app.writes.waiting
        assert [] == spans(app_store, document)
        shown = one_line_text(app)
        assert shown.index("Tagged 'Accountability and blame'") < shown.index("Removed 'Accountability and blame'")

        other_writer.hold()
        await pilot.press("shift+tab", "1")
        other_writer.release()
        app.writes.attempt()
        await settle(pilot)
        assert [("Accountability and blame", start, end, "")] == spans(app_store, document)


async def test_quitting_while_a_change_waits_for_the_lock_saves_it_first(
    app: SafeguardApp, app_store: Store, monkeypatch: pytest.MonkeyPatch, other_writer: OtherWriter
) -> None:
    quits: list[str] = []
    monkeypatch.setattr(app, "exit", lambda: quits.append(str(spans(app_store, document))))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)
        other_writer.hold()
        await pilot.press("1", "q")
        await settle(pilot)
        assert quits == []
        assert "Quitting once your changes are saved" in one_line_text(app)

        other_writer.release()
        app.writes.attempt()  # saves the change, then quits
        assert quits == [str([("Accountability and blame", start, end, "")])]


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


def status_text(app: SafeguardApp) -> str:
    return str(app.screen.query_one("#status-line").render())


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_status_line_names_the_tags_and_the_note_under_the_cursor(
    app: SafeguardApp, app_store: Store, size: tuple[int, int]
) -> None:
    """Pilot: tag names (shortened, '+N' for those that do not fit) and the note's first line, at 120 and 80."""
    async with app.run_test(size=size) as pilot:
        document_id, start, end = await open_first_document(pilot, app)
        tags = [app_store.tag_by_shortcut(key) for key in (1, 4, 7, 8)]
        for index, tag in enumerate(tags):
            note = "Ask the council [press office]\nsecond line" if index == 0 else ""
            app_store.apply_tag(document_id, tag.id, start, end, note=note)  # type: ignore[union-attr]
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.refresh_view()
        await settle(pilot)
        screen.query_one(Reader).select_span(start, end)
        await pilot.pause()

        status = status_text(app)
        assert "■ Accountabil" in status
        assert re.search(r"\+[1-3]\b", status)
        assert "✎ Ask the council" in status
        assert "second line" not in status
        width = screen.query_one("#status-line").content_region.width
        assert len(status) <= width


async def test_the_tag_picker_marks_the_tags_the_text_already_has(app: SafeguardApp, app_store: Store) -> None:
    """Pilot: after tagging with 2, t lists 'Partnership working' with a tick and the others without."""
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_document(pilot, app)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

        assert isinstance(app.screen, TagPicker)
        marked = [text for text in option_texts(app.screen.query_one(OptionList)) if text.startswith("✓")]
        assert ["✓ 2 ■ Partnership working"] == marked


async def test_n_on_overlapping_annotations_asks_which_one(app: SafeguardApp, app_store: Store) -> None:
    """Pilot: two annotations under the cursor: n offers both tags; the note goes on the one chosen."""
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)
        await pilot.press("1", "2")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)

        assert isinstance(app.screen, TagPicker)
        assert ["1 ■ Accountability and blame", "2 ■ Partnership working"] == [
            text.strip() for text in option_texts(app.screen.query_one(OptionList))
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"joint working", "ctrl+s")
        await settle(pilot)

        assert sorted([("Accountability and blame", start, end, ""), ("Partnership working", start, end, "joint working")]) == sorted(
            spans(app_store, document)
        )


async def test_reader_comments_are_reached_by_keyboard_and_coded(app: SafeguardApp, app_store: Store) -> None:
    """Pilot: G reaches the last comment, j moves through them, 1 tags the comment, and it stays on it."""
    from storage.ingest.importer import import_paths

    fixture = Path(__file__).parent.parent / "fixtures" / "comments" / "said_on.txt"
    [outcome] = import_paths(app_store, [fixture])
    document_id = outcome.document.id
    app_store.set_state("document", document_id)
    app_store.set_state("pane", "#reader")
    first, second = app_store.comments(document_id)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("G", "1")
        await settle(pilot)
        await pilot.press("g", *["j"] * 4, "2")  # the second body sentence, the rule, the first author line, its comment
        await settle(pilot)

        tagged = {(a.comment_id, a.text, app_store.tag(a.tag_id).shortcut) for a in app_store.annotations(document_id)}
        assert {(second.id, second.text, 1), (first.id, first.text, 2)} == tagged
        assert "■ Partnership working" in str(app.screen.query_one("#status-line").render())


async def test_a_search_hit_in_a_reader_comment_opens_on_the_comment(app: SafeguardApp, app_store: Store) -> None:
    """Pilot: choosing a quote found in a comment selects it in the comment, not at the same offsets in the body."""
    from storage.ingest.importer import import_paths

    fixture = Path(__file__).parent.parent / "fixtures" / "comments" / "said_on.txt"
    [outcome] = import_paths(app_store, [fixture])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*'"doors open longer"')
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
        assert outcome.document.id == screen.snapshot.document.document_id
        reader = screen.query_one(Reader)
        assert reader.selection is not None
        shown = compose_text(screen.snapshot.document)[0]
        assert "Volunteers could keep the doors open longer." == shown[slice(*reader.selection)]
