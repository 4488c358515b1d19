"""The three panes at 80x24 and 160x50, and when the terminal is resized."""

from __future__ import annotations

from storage.models import Article
from storage.store import Store
from tests.tui.conftest import one_line_text, settle
from tui.app import SafeguardApp
from tui.screens.main import MainScreen


def displayed(app: SafeguardApp, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    return widget.display and widget.region.width > 0


async def test_at_160x50_all_three_panes_show(app: SafeguardApp) -> None:
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert all(displayed(app, pane) for pane in ("#documents-pane", "#reader-pane", "#sidebar"))


async def test_at_100_columns_the_reader_keeps_room_to_read(app: SafeguardApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        assert app.screen.query_one("#reader").region.width >= 45


async def test_at_120x40_all_three_panes_show(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert all(displayed(app, pane) for pane in ("#documents-pane", "#reader-pane", "#sidebar"))


async def test_at_80x24_the_reader_stays_and_the_focused_side_pane_shows(app: SafeguardApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert (True, True, False) == tuple(displayed(app, p) for p in ("#documents-pane", "#reader-pane", "#sidebar"))

        await pilot.press("enter")
        await settle(pilot)
        assert (False, True, False) == tuple(displayed(app, p) for p in ("#documents-pane", "#reader-pane", "#sidebar"))
        assert app.screen.query_one("#reader-pane").region.width == 80

        await pilot.press("tab")
        await pilot.pause()
        assert (False, True, True) == tuple(displayed(app, p) for p in ("#documents-pane", "#reader-pane", "#sidebar"))
        assert "Accountability and blame" in one_line_text(app)
        assert "codebook" == app.focused.id  # type: ignore[union-attr]


async def test_growing_the_terminal_brings_every_pane_back(app: SafeguardApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and app.screen.has_class("-narrow")

        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert not app.screen.has_class("-narrow")
        assert all(displayed(app, pane) for pane in ("#documents-pane", "#reader-pane", "#sidebar"))
        assert "reader" == app.focused.id  # type: ignore[union-attr]


async def test_a_document_another_copy_annotated_shows_its_work_when_reopened(app: SafeguardApp, app_store: Store) -> None:
    """Two copies of the app on one database: the other's annotations appear when a document is re-shown."""
    assert app_store.path is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        with Store.open(app_store.path) as other:
            tag = other.tag_by_shortcut(2)
            other.apply_tag(1, tag.id, 0, 5, coder="other")  # type: ignore[union-attr]
            other.add_document(Article(title="Fresh from elsewhere", body="Body.", raw="Body."), "/x.txt", "x")

        await pilot.press("shift+tab", "enter")
        await settle(pilot)
        assert "2 ■ 1/1 Partnership working" in one_line_text(app)
        assert "Fresh from elsewhere" in one_line_text(app)
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.snapshot.document is not None
        assert [(0, 5)] == [(h.start, h.end) for h in screen.snapshot.document.highlights]
