"""Fixtures for Pilot tests: a database file seeded from the shipped corpus, and the app over it."""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.app import App
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from storage.corpus import seed
from storage.store import Store
from tui.app import SafeguardApp

SIZE = (120, 40)


NOTICE_SECONDS_IN_TESTS = 600
"""How long a notification stays up in a test: longer than any test, so none vanishes while a slow machine runs."""


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notifications expire by the wall clock (3 s in the app); under load a test could look after that.

    With every notification kept for the whole test, what the screen shows after
    ``settle`` depends only on what the test did, never on how fast the machine was.
    """
    notify = App.notify

    def lasting(self: App[object], message: str, **options: Any) -> None:
        notify(self, message, **{**options, "timeout": NOTICE_SECONDS_IN_TESTS})

    monkeypatch.setattr(App, "notify", lasting)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded database per test session; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    with Store.open(path) as store:
        seed(store)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "seeded.db"
    shutil.copy(seeded_template, path)
    return path


@pytest.fixture
def app_store(seeded_db: Path) -> Iterator[Store]:
    """The Store the app under test writes through."""
    with Store.open(seeded_db) as store:
        yield store


@pytest.fixture
def app(app_store: Store) -> SafeguardApp:
    return SafeguardApp(app_store, coder="tester")


class OtherWriter:
    """Another program's connection to the app's database: it takes the write lock and lets it go."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)

    def hold(self) -> None:
        """Take the write lock (``BEGIN IMMEDIATE``) and keep it until ``release``."""
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.connection.in_transaction:
            self.connection.rollback()


@pytest.fixture
def other_writer(app_store: Store) -> Iterator[OtherWriter]:
    """A second connection to the app's database that can hold the write lock; released and closed after the test."""
    assert app_store.path is not None
    writer = OtherWriter(app_store.path)
    yield writer
    writer.release()
    writer.connection.close()


async def settle(pilot: Pilot[object]) -> None:
    """Wait until workers are done and their messages handled (no sleeping)."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app: App[object]) -> str:
    """What the terminal shows now, as plain text (the top screen over those under it)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def one_line_text(app: App[object]) -> str:
    """The screen with runs of whitespace folded, so wrapped text can be searched for."""
    return " ".join(screen_text(app).replace("│", " ").split())


def option_texts(option_list: OptionList) -> list[str]:
    """The plain text of every option in a list, in order."""
    return [Content.from_markup(option.prompt).plain if isinstance(option.prompt, Content) else str(option.prompt)
            for option in option_list.options]


async def import_in_app(pilot: Pilot[object], path: Path) -> None:
    """Import a file the way a user does: the import prompt, the path typed in, Enter."""
    from tui.screens.main import MainScreen

    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    screen.action_import()
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def run_command(pilot: Pilot[object], text: str) -> None:
    """Run a command-palette entry the way a user does: ctrl+p, type, Enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    # The palette matches in a worker: wait for it (never for a while), then check it listed a hit.
    await settle(pilot)
    hits = option_texts(pilot.app.screen.query_one("CommandList", OptionList))
    assert any(text.casefold() in hit.casefold() for hit in hits), f"the palette lists no {text!r}: {hits}"
    await pilot.press("enter")
    await settle(pilot)
