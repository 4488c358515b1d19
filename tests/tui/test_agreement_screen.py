"""The Agreement screen: opened from the palette, a row and a bar per tag, figures as the CLI computes them."""

from __future__ import annotations

from textual.widgets import DataTable

from storage.analysis.agreement import store_agreement
from storage.store import Store
from tui.app import SafeguardApp
from tui.screens.agreement import AgreementScreen

from tests.tui.conftest import one_line_text, run_command, settle


def code_twice(store: Store) -> None:
    """Two coders on document 1: the same first sentence under one tag, and a tag with markup in its name."""
    first = store.tag_by_shortcut(1)
    assert first is not None
    hostile = store.add_tag("[red]risk[/red]")
    body = store.document(1).body
    end = body.index(".") + 1
    for coder in ("ann", "bob"):
        store.apply_tag(1, first.id, 0, end, coder=coder)
    store.apply_tag(1, hostile.id, 0, end, coder="ann")


async def test_the_agreement_screen_shows_a_row_and_a_bar_per_tag(app: SafeguardApp, app_store: Store) -> None:
    code_twice(app_store)
    expected = store_agreement(app_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Agreement")
        await settle(pilot)

        assert isinstance(app.screen, AgreementScreen)
        table = app.screen.query_one(DataTable)
        assert len(expected.rows()) == table.row_count
        shown = one_line_text(app)
        assert "2 coders (ann, bob) on 5 documents" in shown
        assert "[red]risk[/red]" in shown
        first = expected.tags[0]
        row = [str(cell) for cell in table.get_row_at(0)]
        assert [first.tag, str(first.units), f"{100 * first.percent:.1f}"] == [row[0], row[1], row[3]]
        assert f"{first.alpha:.3f}" == row[5] and "█" in row[7]

        await pilot.press("escape")
        assert not isinstance(app.screen, AgreementScreen)


async def test_with_one_coder_the_screen_says_why_there_is_nothing(app: SafeguardApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Agreement")
        await settle(pilot)

        assert "No agreement to show: agreement needs at least two coders" in one_line_text(app)
