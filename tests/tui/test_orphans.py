"""Orphaned annotations (their passage changed too much to re-anchor) are listed in the app, never lost."""

from __future__ import annotations

from pathlib import Path

from storage.ingest.importer import import_paths
from storage.store import Store
from tests.tui.conftest import import_in_app, one_line_text, run_command, settle
from tui.app import SafeguardApp
from tui.screens.annotation_list import AnnotationList
from tui.screens.main import MainScreen

ORIGINAL = (
    "Council chiefs resign\n\n"
    "The leader said the service had improved over the year.\n\n"
    "Inspectors found that thresholds for referrals were far too high in every district.\n"
)
REVISED = (
    "Council chiefs resign\n\n"
    "The leader said the service had improved over the year.\n\n"
    "A new director starts work next month.\n"
)


def annotated_store(tmp_path: Path) -> tuple[Store, Path]:
    """A store with one annotated article whose file has since been corrected (not yet re-imported)."""
    article = tmp_path / "article.txt"
    article.write_text(ORIGINAL, encoding="utf-8")
    store = Store.open(tmp_path / "orphans.db")
    [outcome] = import_paths(store, [article])
    tag = store.add_tag("Thresholds and risk", shortcut=5)
    body = outcome.document.body
    start = body.index("Inspectors found")
    store.add_annotation(outcome.document.id, tag.id, start, body.index("district.") + 9, note="key finding")
    article.write_text(REVISED, encoding="utf-8")
    return store, article


def orphaned_store(tmp_path: Path) -> Store:
    """A store whose one annotation lost its passage when the article was corrected."""
    store, article = annotated_store(tmp_path)
    [revised] = import_paths(store, [article])
    assert (0, 1) == (revised.reanchored, revised.orphaned)
    return store


async def test_the_palette_lists_orphans_and_enter_opens_the_current_text(tmp_path: Path) -> None:
    store = orphaned_store(tmp_path)
    app = SafeguardApp(store, coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Orphaned")

        assert isinstance(app.screen, AnnotationList)
        shown = " ".join(one_line_text(app).replace("█", " ").split())
        assert "Orphaned annotations: 1" in shown
        assert "thresholds for referrals were far too high" in shown
        assert "Thresholds and risk: key finding" in shown

        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
        assert "A new director starts work" in screen.snapshot.document.body
    store.close()


async def test_with_no_orphans_the_list_says_so(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.action_show_orphans()
        await settle(pilot)

        assert "No orphaned annotations" in one_line_text(app)


async def test_importing_a_changed_file_in_the_app_reports_orphans(tmp_path: Path) -> None:
    store, article = annotated_store(tmp_path)
    app = SafeguardApp(store, coder="tester")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await import_in_app(pilot, article)

        shown = one_line_text(app)
        assert "Imported: 0 imported, 0 unchanged, 1 revised, 0 skipped" in shown
        assert "0 annotations re-anchored in changed documents, 1" in shown
        assert "orphaned (ctrl+p Orphaned lists them)" in shown
    store.close()
