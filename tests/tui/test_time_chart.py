"""The analysis screen's chart is drawn in a thread worker: keys and drawing go on while a long chart is built."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import TabbedContent

from storage.store import Store
from tests.storage.test_crosstabs import code_at_random
from tests.tui.conftest import one_line_text, settle
from tests.tui.test_analysis_screen import open_analysis
from tui.app import SafeguardApp
from tui.widgets import time_chart


async def test_the_keys_go_on_while_the_chart_is_drawn_and_it_shows_once_ready(
    app: SafeguardApp, app_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    code_at_random(app_store)
    drawing, release = threading.Event(), threading.Event()
    draw = time_chart.chart_text

    def held(*args):  # type: ignore[no-untyped-def]
        """Draws only once the test lets it: a chart as slow as the test needs (the year-1 date's 24,000 months)."""
        drawing.set()
        release.wait(timeout=60)
        return draw(*args)

    monkeypatch.setattr(time_chart, "chart_text", held)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            screen = await open_analysis(pilot)
            await pilot.press("t")
            for _ in range(500):  # until the chart's worker runs: a wait on an event, bounded, never a fixed sleep
                if drawing.is_set():
                    break
                await pilot.pause(0.01)
            assert drawing.is_set()
            assert "2015-01" not in one_line_text(app)

            await pilot.press("m")  # the screen answers while the chart is being drawn
            await pilot.pause()
            assert "matrix" == screen.query_one(TabbedContent).active
            await pilot.press("t")
            await pilot.pause()
            assert "time" == screen.query_one(TabbedContent).active
        finally:
            release.set()
        await settle(pilot)
        await settle(pilot)
        assert "2015-01" in one_line_text(app)
