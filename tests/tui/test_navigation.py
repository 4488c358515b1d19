"""Moving around: the document list (filter, sort), panes, help, palette, and reopening where the user left off."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from storage.store import Store
from tests.tui.conftest import import_in_app, run_command, one_line_text, option_texts, screen_text, settle
from tui.app import SafeguardApp
from tui.screens.help import HelpScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.export_prompt import resolve_target
from tui.screens.main import MainScreen
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


async def test_s_cycles_sorting_through_date_title_and_the_attributes(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()

        assert sorted(titles(app), key=str.casefold) == titles(app)
        assert "by title" in one_line_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert "by outlet" in one_line_text(app)
        await pilot.press("s", "s")  # author, then section
        await pilot.pause()
        assert "by section" in one_line_text(app)
        await pilot.press("s")  # back to date
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

        assert "Imported: 1 imported, 0 unchanged, 0 revised, 0 skipped" in one_line_text(app)
        assert 6 == len(titles(app))


@pytest.fixture
def exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's data folder moved into the test's folder; returns its exports folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "safeguard-tui" / "exports"


async def export_in_app(pilot, app: SafeguardApp, typed: str | None = None) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("e")
    await pilot.pause()
    if typed is not None:
        app.screen.query_one("#export-path", Input).value = typed
    app.screen.query_one("#export-path", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_e_then_enter_exports_a_dated_database_in_the_exports_folder(
    app: SafeguardApp, app_store: Store, exports: Path
) -> None:
    """Pilot: the default is a new dated .db in the data folder's exports/, never the current folder."""
    app_store.apply_tag(1, app_store.tag_by_shortcut(1).id, 0, 5)  # type: ignore[union-attr]
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await export_in_app(pilot, app)

        written = list(exports.iterdir())
        assert 1 == len(written)
        assert re.fullmatch(r"safeguard-\d{4}-\d\d-\d\d-\d{4}\.db", written[0].name)
        assert "Exported 5 documents, 1 annotation and 9 tags" in one_line_text(app)


@pytest.mark.parametrize(("typed", "expected"), [("mine", "mine.db"), ("notes.json", "notes.json")])
async def test_a_name_without_an_extension_is_a_database(
    app: SafeguardApp, exports: Path, typed: str, expected: str
) -> None:
    """Pilot: a bare name goes in the exports folder; without an extension it is a .db file, not CSV."""
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await export_in_app(pilot, app, typed)

        assert [expected] == [path.name for path in exports.iterdir()]
        assert (exports / expected).is_file()


async def test_csv_files_only_when_chosen(app: SafeguardApp, exports: Path) -> None:
    """Pilot: choosing CSV in the prompt drops the suffix and writes a folder of CSV files."""
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "down", "down", "enter")
        await pilot.pause()
        typed = app.screen.query_one("#export-path", Input).value
        assert not Path(typed).suffix
        assert app.screen.query_one("#export-path", Input).has_focus
        await pilot.press("enter")
        await settle(pilot)

        assert (Path(typed) / "export_info.csv").is_file()


@pytest.mark.parametrize("reply", ["y", "n"])
async def test_an_existing_file_or_folder_is_never_written_without_asking(
    app: SafeguardApp, exports: Path, tmp_path: Path, reply: str
) -> None:
    """Pilot: replacing an export, or writing into a folder that exists, asks first."""
    folder = tmp_path / "project"
    folder.mkdir()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await export_in_app(pilot, app, "again.db")
        before = (exports / "again.db").stat().st_ino

        await export_in_app(pilot, app, "again.db")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press(reply)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert (reply == "y") == (before != (exports / "again.db").stat().st_ino)

        await export_in_app(pilot, app, str(folder))
        assert isinstance(app.screen, ConfirmDialog)
        assert [] == list(folder.iterdir())
        await pilot.press(reply)
        await settle(pilot)
        assert (1 if reply == "y" else 0) == len(list(folder.glob("safeguard-*.db")))


@pytest.mark.parametrize(
    ("typed", "chosen", "expected"),
    [
        ("a", "sqlite", ("a.db", "sqlite")),
        ("a.SQLITE", "csv", ("a.SQLITE", "sqlite")),
        ("a.json", "sqlite", ("a.json", "json")),
        ("a", "json", ("a.json", "json")),
        ("a", "csv", ("a", "csv")),
        ("report.v2", "sqlite", ("report.v2.db", "sqlite")),
    ],
)
def test_the_typed_name_and_the_chosen_format_give_the_target(
    typed: str, chosen: str, expected: tuple[str, str], tmp_path: Path
) -> None:
    target = resolve_target(typed, chosen, tmp_path)
    assert expected == (target.path.name, target.format)
    assert tmp_path == target.path.parent


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


def footer_text(app: SafeguardApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_escape_clears_the_filter_then_leaves_it(app: SafeguardApp) -> None:
    """Pilot: the first Escape empties the filter (all documents back), the second returns to the list."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"ministers")
        await pilot.pause()
        assert 1 == len(titles(app))

        await pilot.press("escape")
        await pilot.pause()
        assert "" == app.screen.query_one("#document-filter", Input).value
        assert 5 == len(titles(app))
        assert "document-filter" == app.focused.id  # type: ignore[union-attr]

        await pilot.press("escape")
        await pilot.pause()
        assert "document-options" == app.focused.id  # type: ignore[union-attr]


async def test_the_footer_offers_no_key_the_filter_types_as_text(app: SafeguardApp) -> None:
    """Pilot: with the filter focused, / s q u ? are letters, so the footer does not list them."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        footer = footer_text(app)
        for offered in ("/ Search", "s Sort", "q Quit", "u Undo", "? Keys"):
            assert offered not in footer
        assert "esc" in footer

        await pilot.press("s", "slash")
        await pilot.pause()
        assert "s/" == app.screen.query_one("#document-filter", Input).value
        assert isinstance(app.screen, MainScreen)


async def test_a_filter_matching_nothing_says_so(app: SafeguardApp) -> None:
    """Pilot: an empty result shows 'no documents match', not a blank list."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"zzqxv")
        await pilot.pause()
        assert "no documents match" in one_line_text(app)

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.snapshot.document is None


async def test_the_import_prompt_completes_paths(app: SafeguardApp, tmp_path: Path) -> None:
    """Pilot: typing the start of a folder's name and → completes it, then a file inside it."""
    folder = tmp_path / "articles-2024"
    folder.mkdir()
    (folder / "council.txt").write_text("A headline\n\nThe council said: “We will act.”\n", encoding="utf-8")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await run_command(pilot, "import files")
        field = app.screen.query_one("#prompt-input", Input)
        await pilot.press(*f"{tmp_path}/art")
        await settle(pilot)
        await pilot.press("right")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("right")
        await pilot.pause()

        assert f"{folder}/council.txt" == field.value


async def test_importing_a_folder_in_the_app_skips_a_bad_file_and_says_which(
    app: SafeguardApp, tmp_path: Path, write_articles: Callable[[Path, int], list[Path]]
) -> None:
    folder = tmp_path / "news"
    write_articles(folder, 9)
    (folder / "zz-empty.txt").write_bytes(b"")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await import_in_app(pilot, folder)

        shown = one_line_text(app)
        assert "Imported: 9 imported, 0 unchanged, 0 revised, 1 skipped." in shown
        assert "zz-empty.txt is empty" in shown
        assert 14 == len(titles(app))
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



async def test_an_import_in_the_app_says_whom_it_waits_for_then_imports(
    app: SafeguardApp, app_store: Store, tmp_path: Path, write_articles: Callable[[Path, int], list[Path]],
    lock_holder: Callable[[Path, str], subprocess.Popen[str]],
) -> None:
    folder = tmp_path / "news"
    write_articles(folder, 3)
    assert app_store.path is not None
    holder = lock_holder(app_store.path, "safeguard-tui reextract")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.action_import()
        await pilot.pause()
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        waiting = f"Import waiting for another writer (safeguard-tui reextract, pid {holder.pid}) to finish…"
        for _ in range(600):  # until the worker's notice arrives (it waits a second before it says so)
            if waiting in notices(app):
                break
            await pilot.pause(0.05)
        assert waiting in notices(app)

        holder.communicate("done\n", timeout=30)
        await settle(pilot)
        assert "Imported: 3 imported, 0 unchanged, 0 revised, 0 skipped" in one_line_text(app)


def notices(app: SafeguardApp) -> list[str]:
    """The notifications on screen, whole (a long one wraps in its toast)."""
    return [notification.message for notification in app._notifications]
