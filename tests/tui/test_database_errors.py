"""The app over a locked, full or read-only database: it says what happened and what to do, and keeps running."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.store import Store
from tests.tui.conftest import OtherWriter, one_line_text, settle
from tests.tui.test_coding import open_first_document, spans
from tui.app import SafeguardApp


async def test_a_tag_key_that_waits_too_long_for_another_program_says_so_and_tags_nothing(
    app_store: Store, other_writer: OtherWriter
) -> None:
    app = SafeguardApp(app_store, coder="tester")
    app.writes.patience = 0  # give up at the first try rather than after PATIENCE_SECONDS
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, start, end = await open_first_document(pilot, app)
        other_writer.hold()
        try:
            await pilot.press("1")
            await settle(pilot)
        finally:
            other_writer.release()

        assert app.is_running
        shown = one_line_text(app)
        assert "Not tagged: another program is writing to the database" in shown
        assert "try again" in shown
        assert "Tagged 'Accountability" not in shown
        assert [] == spans(app_store, document)

        app.clear_notifications()
        await pilot.press("1")
        await settle(pilot)
        assert [("Accountability and blame", start, end, "")] == spans(app_store, document)


@pytest.fixture
def read_only_store(seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The seeded database opened as if its folder could not be written (tests may run as root)."""
    real_access = __import__("os").access
    folder = seeded_db.parent
    monkeypatch.setattr("storage.store.os.access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    return Store.open(seeded_db)


async def test_a_read_only_database_opens_says_so_and_refuses_changes_in_words(read_only_store: Store) -> None:
    before = Path(str(read_only_store.path)).read_bytes()
    app = SafeguardApp(read_only_store, coder="tester")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        document, _, _ = await open_first_document(pilot, app)
        assert "read-only" in one_line_text(app)

        await pilot.press("1")
        await settle(pilot)
        assert app.is_running
        assert "Not tagged: the database is read-only" in one_line_text(app)
        assert [] == spans(read_only_store, document)

        await pilot.press("slash", *"council")
        await settle(pilot)
        assert app.is_running
        await pilot.press("escape")
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        assert app.is_running
    read_only_store.close()
    assert before == Path(str(read_only_store.path)).read_bytes()
