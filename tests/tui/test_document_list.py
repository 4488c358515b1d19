"""The document list over many documents: scrolling, filter, sort, opening, restoring, reading only what it shows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.store import Store
from tests.tui.conftest import one_line_text, screen_text, settle
from tui.app import SafeguardApp
from tui.screens.main import MainScreen
from tui.widgets.document_list import PAGE_SIZE, DocumentRows

COUNT = 450
"""More documents than fit on screen and more than one page of them."""


def title_of(number: int) -> str:
    return f"Report {number:03d} on {'harbour' if number % 50 == 0 else 'county'} budgets"


def start_of(number: int) -> str:
    """What a narrow pane shows of a title for sure."""
    return f"Report {number:03d} "


@pytest.fixture
def many_db(tmp_path: Path) -> Path:
    """COUNT documents, dated in reverse of their number (so date order and id order differ), via SQL."""
    path = tmp_path / "many.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO documents (id, slug, source_file, content_hash, title, publication, published, body, raw,"
            " imported) VALUES (?, ?, ?, ?, ?, 'The Courier', ?, ?, '', '2026-01-01')",
            [
                (n, f"r-{n}", f"/r/{n}.txt", f"h{n}", title_of(n), f"2020-01-01T00:00:{COUNT - n:05d}",
                 f"Body of report {n}.")
                for n in range(1, COUNT + 1)
            ],
        )
    conn.close()
    return path


def rows(app: SafeguardApp) -> DocumentRows:
    return app.screen.query_one(DocumentRows)


async def test_launch_reads_one_page_and_the_list_scrolls_to_the_end(many_db: Path) -> None:
    with Store.open(many_db) as store:
        pages: list[int] = []
        page = store.document_page
        store.document_page = lambda *args: pages.append(args[2]) or page(*args)  # type: ignore[method-assign]
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert [0] == pages
            assert f"{COUNT} of {COUNT} · by date" in one_line_text(app)
            assert start_of(COUNT) in screen_text(app)  # the latest number has the earliest date

            await pilot.press("end")
            await pilot.pause()
            assert COUNT - 1 == rows(app).cursor
            assert start_of(1) in screen_text(app)
            assert start_of(COUNT) not in screen_text(app)
            assert (COUNT - 1) // PAGE_SIZE * PAGE_SIZE in pages

            await pilot.press("home", "pagedown", "j", "k", "down")
            await pilot.pause()
            visible = rows(app).scrollable_content_region.height // 2
            assert visible + 1 == rows(app).cursor


async def test_filter_sort_and_open(many_db: Path) -> None:
    with Store.open(many_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f", *"HARBOUR")
            await pilot.pause()
            shown = rows(app).lines_text()
            assert [title_of(n) for n in range(COUNT // 50 * 50, 0, -50)] == shown
            assert f"{len(shown)} of {COUNT} · by date" in one_line_text(app)

            await pilot.press("down", "s")
            await pilot.pause()
            assert sorted(shown, key=str.casefold) == rows(app).lines_text()
            assert "by title" in one_line_text(app)

            assert title_of(COUNT) == rows(app).highlighted.title  # type: ignore[union-attr]
            await pilot.press("home", "down", "enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
            assert title_of(100) == screen.snapshot.document.title
            assert "reader" == app.focused.id  # type: ignore[union-attr]


async def test_clicking_a_row_opens_its_document(many_db: Path) -> None:
    with Store.open(many_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.click("#document-options", offset=(5, 4))
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
            assert title_of(COUNT - 2) == screen.snapshot.document.title


async def test_the_last_document_is_highlighted_and_shown_after_a_restart(many_db: Path) -> None:
    with Store.open(many_db) as store:
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("end", "k", "k", "enter")
            await settle(pilot)

        again = SafeguardApp(store, coder="tester")
        async with again.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert COUNT - 3 == rows(again).cursor
            assert rows(again).highlighted.title == title_of(3)  # type: ignore[union-attr]
            assert start_of(3) in screen_text(again)


async def test_counts_follow_a_tag(many_db: Path) -> None:
    with Store.open(many_db) as store:
        tag = store.add_tag("Budgets", shortcut=1)
        app = SafeguardApp(store, coder="tester")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("1")
            await settle(pilot)

            assert tag.id in {note.tag_id for note in store.annotations()}
            assert "2020-01-01 · 0q 1a · The" in screen_text(app)
