"""Moving around: the document list (filter, sort), panes, help, palette, and reopening where the user left off."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from storage.store import Store
from tests.tui.conftest import import_in_app, run_command, one_line_text, option_texts, screen_text, settle
from tui.app import SafeguardApp
from tui.screens.help import HelpScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen, export_format
from tui.screens.search import SearchScreen
from tui.widgets.document_list import DocumentRows
from tui.widgets.reader import Reader


def titles(app: SafeguardApp) -> list[str]:
    return app.screen.query_one(DocumentRows).lines_text()


async def test_the_list_shows_every_document_with_counts_and_the_codebook(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        expected = [s.title for s in app_store.document_summaries()]
        assert sorted(expected) == sorted(titles(app))
        shown = one_line_text(app)
        assert "5 of 5 · by date" in shown
        assert "1 ■ 0/0 Accountability and blame" in shown
        assert "document-options" == app.focused.id  # type: ignore[union-attr]


async def test_typing_in_the_filter_narrows_the_list_and_enter_opens_the_first_match(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"ministers")
        await pilot.pause()
        assert ["Ministers consider"] == [title[:18] for title in titles(app)]
        assert "1 of 5" in one_line_text(app)

        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
        assert screen.snapshot.document.title.startswith("Ministers consider")
        assert "reader" == app.focused.id  # type: ignore[union-attr]


async def test_s_toggles_sorting_between_date_and_title(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()

        assert sorted(titles(app), key=str.casefold) == titles(app)
        assert "by title" in one_line_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert "by date" in one_line_text(app)


async def test_tab_moves_between_the_panes_in_order(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(5):
            seen.append(app.focused.id)  # type: ignore[union-attr]
            await pilot.press("tab")
        assert ["document-options", "reader", "codebook", "actors", "document-options"] == seen
        await pilot.press("shift+tab", "shift+tab")
        assert "actors" == app.focused.id  # type: ignore[union-attr]


async def test_the_footer_shows_the_keys_of_the_focused_pane(app: SafeguardApp) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Sort" in footer and "Undo" in footer

        await pilot.press("tab", "tab")
        footer = screen_text(app).splitlines()[-1]
        assert "Rename" in footer and "Sort" not in footer


async def test_question_mark_lists_every_key_grouped_by_pane(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        sheet = app.screen.sheet().plain

        for heading in ("Everywhere", "Documents", "Reader", "Codebook", "Actors"):
            assert heading in sheet
        for line in ("u  Undo", "^r  Redo", "s  Sort", "t  ", "r  Rename", "d  Delete", " q  Quit", "^p  Commands", "j  Down"):
            assert line in sheet
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_command_palette_opens_a_document(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Open: Ministers")

        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
        assert screen.snapshot.document.title.startswith("Ministers consider")


async def test_the_app_reopens_the_last_document_at_the_cursor_in_the_focused_pane(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("down", "down", "enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
            document_id = screen.snapshot.document.document_id
            body = screen.snapshot.document.body
            offset = body.index(".") + 2
            app.screen.query_one(Reader).select_span(offset, offset + 5)
            await pilot.pause()
            await pilot.press("tab")
            await pilot.press("q")

    with Store.open(seeded_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
            assert document_id == screen.snapshot.document.document_id
            assert offset == app.screen.query_one(Reader).cursor
            assert "codebook" == app.focused.id  # type: ignore[union-attr]


@pytest.mark.parametrize("pane", ["codebook", "actors", "reader"])
async def test_a_narrow_terminal_reopens_in_the_side_pane_the_user_left(seeded_db: Path, pane: str) -> None:
    with Store.open(seeded_db) as store:
        store.set_state("document", 1)
        store.set_state("pane", f"#{pane}")
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)

            assert pane == app.focused.id  # type: ignore[union-attr]
            assert app.focused is not None and app.focused.display


async def test_import_from_the_palette_adds_documents_to_the_list(app: SafeguardApp, tmp_path: Path) -> None:
    article = tmp_path / "new.txt"
    article.write_text("Council chiefs resign\n\nThe chief executive said: “We failed.”\n", encoding="utf-8")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await import_in_app(pilot, article)

        assert "Imported 1 document" in one_line_text(app)
        assert 6 == len(titles(app))


async def test_e_exports_to_the_path_given_and_asks_before_replacing(
    app: SafeguardApp, app_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "out.db"
    app_store.apply_tag(1, app_store.tag_by_shortcut(1).id, 0, 5)  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.exists()
        assert "Exported 5 documents, 1 annotations" in one_line_text(app)

        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert 2 == one_line_text(app).count("Exported 5 documents")


@pytest.mark.parametrize(
    ("name", "expected"), [("a.db", "sqlite"), ("a.SQLITE", "sqlite"), ("a.json", "json"), ("folder", "csv")]
)
def test_the_export_path_suffix_picks_the_format(name: str, expected: str) -> None:
    assert expected == export_format(Path(name))


async def test_a_failing_read_is_reported_and_the_app_keeps_running(
    app: SafeguardApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        monkeypatch.setattr("tui.screens.main.load_snapshot", broken)
        await pilot.press("enter")
        await settle(pilot)

        assert app.is_running
        assert "Could not read the database: disk I/O error" in one_line_text(app)


async def test_a_read_failing_at_launch_is_reported_and_the_app_starts_empty(
    app: SafeguardApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("tui.screens.main.load_snapshot", broken)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)

        assert app.is_running
        assert "Could not read the database: disk I/O error" in one_line_text(app)


async def test_the_chosen_theme_is_kept_for_next_time(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.theme = "nord"
            await pilot.pause()
        assert "nord" == store.get_state("theme")

        async with SafeguardApp(store, coder="tester").run_test(size=(120, 40)) as pilot:
            assert "nord" == pilot.app.theme


async def test_slash_searches_the_corpus_and_enter_jumps_to_the_hit(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"pulling its weight")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
        reader = screen.query_one(Reader)
        assert "pulling its weight" in screen.snapshot.document.body[reader.cursor : reader.cursor + 200]
        assert "reader" == app.focused.id  # type: ignore[union-attr]


async def test_slash_typed_into_the_filter_is_text_not_search(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", "slash")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "/" == app.screen.query_one("#document-filter", Input).value


async def test_digits_typed_into_search_never_tag(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("1", "2", "t", "x", "u")
        await settle(pilot)

        assert isinstance(app.screen, SearchScreen)
        assert "12txu" == app.screen.query_one(Input).value
        assert [] == app_store.annotations()


async def test_slash_after_tagging_reuses_the_open_index_and_finds_the_new_note(
    app: SafeguardApp, app_store: Store
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        screen = app.screen_stack[0]
        assert isinstance(screen, MainScreen)
        opened = screen.search_index
        await pilot.press("escape")
        await settle(pilot)
        document = app_store.documents()[0]
        tag = app_store.tags()[0]
        annotation = app_store.apply_tag(document.id, tag.id, 0, 20, coder="tester")
        app_store.edit_note(annotation.id, "quixotic marginalia")
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"quixotic")
        await settle(pilot)

        assert opened is screen.search_index
        assert isinstance(app.screen, SearchScreen)
        assert "quixotic marginalia" == app.screen.highlighted_hit.note  # type: ignore[union-attr]
