"""REFI-QDA in the app: `e` with a .qdpx path exports the project; the palette imports a .qdpx back."""

from __future__ import annotations

import zipfile
from pathlib import Path

from textual.widgets import Input

from storage.store import Store
from tests.tui.conftest import one_line_text, run_command, settle
from tui.app import SafeguardApp


async def test_e_exports_a_qdpx_and_the_palette_imports_it_into_another_database(
    app: SafeguardApp, app_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "project.qdpx"
    tag = app_store.tag_by_shortcut(1)
    assert tag is not None
    app_store.apply_tag(1, tag.id, 0, 5)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert ".qdpx (a REFI-QDA project)" in one_line_text(app)  # the dialog says how to get one
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "1 coded passages" in one_line_text(app) and "(REFI-QDA project)" in one_line_text(app)
        assert "project.qde" in zipfile.ZipFile(target).namelist()

    fresh = Store.open(tmp_path / "fresh.db")
    other = SafeguardApp(fresh, coder="ben")
    async with other.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await run_command(pilot, "Import REFI-QDA")
        other.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "5 new documents" in one_line_text(other) and "1 coded passages" in one_line_text(other)
    assert 1 == len(fresh.annotations())
    fresh.close()


async def test_a_broken_project_is_one_clear_message(app: SafeguardApp, tmp_path: Path) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await run_command(pilot, "Import REFI-QDA")
        app.screen.query_one(Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert "Import failed:" in one_line_text(app) and "zip file" in one_line_text(app)


def test_qdpx_and_qdc_paths_ask_for_refi_qda(tmp_path: Path) -> None:
    from tui.screens.export_prompt import resolve_target

    names = ("a.QDPX", "b.qdc", "c.db")
    assert ["qdpx", "qdc", "sqlite"] == [resolve_target(name, "sqlite", tmp_path).format for name in names]
