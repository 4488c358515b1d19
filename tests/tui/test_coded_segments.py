"""The coded segments screen: from the codebook or the palette, sub-tags, filters, into the reader, a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import work
from textual.app import App, ComposeResult
from textual.widgets import Input

from storage.exchange.segments import CodedSegment
from storage.store import Store
from tests.tui.conftest import one_line_text, run_command, settle
from tests.tui.test_sidebar import focus_codebook_on
from tui.app import SafeguardApp
from tui.screens.coded_segments import CodedSegmentsScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.screens.tag_picker import TagPicker
from tui.widgets.reader import Reader
from tui.widgets.segment_view import INLINE_MEASURE_LIMIT, SegmentView, block_tops

HOSTILE_NOTE = "[bold]not bold[/bold] [sic] \x1b[31mred?"


@pytest.fixture
def coded(app_store: Store) -> dict[str, int]:
    """'Accountability and blame' on two documents (two coders), 'Partnership working' made its sub-tag."""
    blame = app_store.tag_by_shortcut(1)
    partnership = app_store.tag_by_shortcut(2)
    assert blame is not None and partnership is not None
    app_store.move_tag(partnership.id, blame.id)
    other = app_store.document(3).body
    start = other.index("Birmingham")
    app_store.apply_tag(1, blame.id, 0, 40, coder="ana", note=HOSTILE_NOTE)
    app_store.apply_tag(3, blame.id, start, start + 30, coder="ben")
    app_store.apply_tag(2, partnership.id, 0, 25, coder="ana")
    return {"blame": blame.id, "partnership": partnership.id, "start": start}


def segments_shown(app: SafeguardApp) -> list[tuple[int, int]]:
    view = app.screen.query_one(SegmentView)
    return [(segment.document_id, segment.start) for segment in view.segments]


async def open_blame(pilot, app: SafeguardApp) -> None:  # type: ignore[no-untyped-def]
    await focus_codebook_on(pilot, app, "Accountability and blame")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CodedSegmentsScreen)


async def test_enter_on_a_tag_shows_its_segments_in_full_and_enter_opens_one_in_the_reader(
    app: SafeguardApp, app_store: Store, coded: dict[str, int]
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_blame(pilot, app)
        shown = one_line_text(app)
        first = app_store.document(1)
        assert first.body[:40].split()[0] in shown and first.title.split()[0] in shown
        assert "coder: ana" in shown and "coder: ben" in shown
        assert "note: [bold]not bold[/bold] [sic]" in shown and "\x1b" not in shown
        assert "2 segments in 2 documents" in shown

        await pilot.press("j", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        reader = screen.query_one(Reader)
        assert (3, (coded["start"], coded["start"] + 30)) == (screen.document_id, reader.selection)
        assert "reader" == app.focused.id  # type: ignore[union-attr]


async def test_the_palette_opens_the_segments_of_a_picked_tag(app: SafeguardApp, coded: dict[str, int]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Coded segments")
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*"partnership", "enter")
        await settle(pilot)

        assert isinstance(app.screen, CodedSegmentsScreen)
        assert [(2, 0)] == segments_shown(app)


async def test_s_adds_the_sub_tags_and_takes_them_away(app: SafeguardApp, coded: dict[str, int]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_blame(pilot, app)
        assert 2 == len(segments_shown(app))

        await pilot.press("s")
        await settle(pilot)
        assert [(1, 0), (2, 0), (3, coded["start"])] == sorted(segments_shown(app))
        assert "Accountability and blame and 1 sub-tag" in one_line_text(app)

        await pilot.press("s")
        await settle(pilot)
        assert 2 == len(segments_shown(app))


async def test_the_filter_narrows_and_keys_typed_into_it_do_not_act(
    app: SafeguardApp, coded: dict[str, int]
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_blame(pilot, app)
        await pilot.press("f")
        assert app.focused is app.screen.query_one("#segments-filter", Input)

        await pilot.press(*"coders:ben")  # s and r typed here neither toggle sub-tags nor ask for a report
        await pilot.press("enter")
        await settle(pilot)
        assert "Filter not applied: unknown filter coders:" in one_line_text(app)
        assert isinstance(app.screen, CodedSegmentsScreen) and not app.screen.subtags

        await pilot.press("f", "ctrl+u", *"coder:ben", "enter")
        await settle(pilot)
        assert [(3, coded["start"])] == segments_shown(app)
        assert "1 segment in 1 document" in one_line_text(app)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_r_writes_an_html_report_to_the_exports_folder_and_asks_before_replacing(
    app: SafeguardApp, coded: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_blame(pilot, app)
        await pilot.press("r")
        await pilot.pause()
        typed = app.screen.query_one(Input).value
        assert typed.startswith(str(tmp_path / "safeguard-tui" / "exports" / "segments-accountability-and-blame-"))
        await pilot.press("enter")
        await settle(pilot)

        [report] = list((tmp_path / "safeguard-tui" / "exports").iterdir())
        page = report.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and "[bold]not bold[/bold]" in page and "\x1b" not in page
        assert "Report of 2 segments written" in one_line_text(app)

        report.write_text("mine", encoding="utf-8")
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = str(report)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert "mine" == report.read_text(encoding="utf-8")

        await pilot.press("f", *"coder:ben", "enter")
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one(Input).value = str(report.with_suffix(".md"))
        await pilot.press("enter")
        await settle(pilot)
        appendix = report.with_suffix(".md").read_text(encoding="utf-8")
        assert appendix.startswith("# Coded segments: Accountability and blame\n")
        assert "1 coded segment; filter: coder:ben." in appendix and "**Coder:** ben" in appendix


class ListApp(App[None]):
    """A SegmentView alone, measuring in a thread worker as the screen does."""

    def __init__(self, segments: list[CodedSegment]) -> None:
        super().__init__()
        self.segments = segments
        self.requests = 0

    def compose(self) -> ComposeResult:
        yield SegmentView()

    def on_mount(self) -> None:
        self.query_one(SegmentView).set_segments(self.segments)

    def on_segment_view_measure_requested(self, event: SegmentView.MeasureRequested) -> None:
        self.requests += 1
        self.measure(event.segments, event.width)

    @work(thread=True)
    def measure(self, segments: list[CodedSegment], width: int) -> None:
        tops = block_tops(segments, width)
        self.call_from_thread(self.query_one(SegmentView).measured, segments, width, tops)


async def test_a_long_list_is_measured_again_off_the_ui_thread_after_a_resize() -> None:
    text = "Budgets for home visits were cut twice in three years, the council said on Monday. " * 3
    segments = [CodedSegment(n, 1, 0, 10, text, "", "ana", 1, "Cuts", f"Report {n}", "2014-01-01", "Post", "")
                for n in range(INLINE_MEASURE_LIMIT + 1)]
    app = ListApp(segments)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(SegmentView)
        await pilot.press("G")
        assert len(segments) - 1 == view.cursor

        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

        assert app.requests >= 1  # the resize (and the first layout, when the list was set before it)
        assert block_tops(segments, view.text_width) == view.tops
        assert view.tops[-2] <= view.scroll_offset.y + view.size.height
