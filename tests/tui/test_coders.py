"""Coders in the app: who I am is shown and switched, whose coding the reader shows, and mine alone is mine to change."""

from __future__ import annotations

from textual.widgets import Input

from storage.store import Store
from tui.app import SafeguardApp
from tui.screens.main import MainScreen
from tui.widgets.reader import Reader

from tests.tui.conftest import one_line_text, run_command, settle


def add_colleagues_work(store: Store) -> None:
    """bob tagged the first five characters of document 1, and cy a later span."""
    tag = store.tag_by_shortcut(1)
    assert tag is not None
    store.apply_tag(1, tag.id, 0, 5, coder="bob")
    store.apply_tag(1, tag.id, 40, 60, coder="cy")


def shown(app: SafeguardApp) -> list[tuple[str, bool]]:
    """The reader's highlights now: (coder, drawn as another coder's)."""
    return sorted((h.coder, h.foreign) for h in app.screen.query_one(Reader)._document.highlights)


async def test_the_coder_is_shown_and_switched_from_the_palette(app: SafeguardApp, app_store: Store) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "coder: tester · all coders" in one_line_text(app)

        await run_command(pilot, "Switch coder")
        prompt = app.screen.query_one(Input)
        assert "tester" == prompt.value
        prompt.value = "ann"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)

        screen = app.screen
        assert isinstance(screen, MainScreen) and ("ann", "ann") == (screen.coder, app.coder)
        assert "coder: ann · all coders" in one_line_text(app)
        assert ["ann"] == [a.coder for a in app_store.annotations(1)]


async def test_o_cycles_all_mine_and_each_other_coder(app: SafeguardApp, app_store: Store) -> None:
    add_colleagues_work(app_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")  # tester tags the first sentence
        await settle(pilot)
        assert [("bob", True), ("cy", True), ("tester", False)] == shown(app)

        await pilot.press("o")
        assert [("tester", False)] == shown(app)
        assert "coder: tester · my coding" in one_line_text(app)
        await pilot.press("o")
        assert [("bob", True)] == shown(app)
        assert "bob's coding" in one_line_text(app)
        await pilot.press("o")
        assert [("cy", True)] == shown(app)
        await pilot.press("o")
        assert [("bob", True), ("cy", True), ("tester", False)] == shown(app)


async def test_another_coders_marks_are_lined_not_only_coloured(app: SafeguardApp, app_store: Store) -> None:
    add_colleagues_work(app_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        bob = next(h for h in reader._document.highlights if h.coder == "bob")

        style = reader._highlight_style(bob)
        assert style.overline and style.underline and style.bgcolor is None
        assert "(bob)" in one_line_text(app)  # the status line names the coder under the cursor


async def test_x_and_undo_never_touch_another_coders_annotation(app: SafeguardApp, app_store: Store) -> None:
    add_colleagues_work(app_store)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

        await pilot.press("x")  # the cursor is on bob's annotation
        await settle(pilot)
        assert ["bob", "cy"] == sorted(a.coder for a in app_store.annotations(1))
        assert "is bob's" in one_line_text(app)

        await pilot.press("u")
        await settle(pilot)
        assert ["bob", "cy"] == sorted(a.coder for a in app_store.annotations(1))
