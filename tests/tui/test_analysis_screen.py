"""The analysis screen: from the palette, its numbers beside the export's views, scopes, filters, the chart, CSV."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input

from storage.analysis.analysis_filter import parse_analysis_filter
from storage.analysis.crosstabs import Crosstab, coding_over_time, tag_actor_matrix, tag_cooccurrence, tag_paths
from storage.exchange.export import export_database
from storage.store import Store
from tests.storage.test_crosstabs import code_at_random
from tests.tui.conftest import one_line_text, run_command, settle
from tui.app import SafeguardApp
from tui.screens.analysis import AnalysisScreen, Request
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.screens.prompt import TextPrompt

HOSTILE_OUTLET = "[bold]Daily[/bold] \x1b[31mPost"


@pytest.fixture
def coded(app_store: Store) -> Store:
    code_at_random(app_store)
    return app_store


def table_counts(app: SafeguardApp, view: str) -> list[tuple[str, str, int]]:
    """Every non-zero cell the view's table shows, as (row label, column label) in full with its number."""
    screen = app.screen
    assert isinstance(screen, AnalysisScreen)
    shown: Crosstab = screen.shown[view][1]
    table: DataTable[Any] = screen.query_one(f"#{view}-table", DataTable)
    assert (len(shown.rows), len(shown.columns) + 1) == (table.row_count, len(table.columns))
    found = []
    for row, label in enumerate(shown.rows):
        for column, heading in enumerate(shown.columns):
            text = table.get_cell_at(Coordinate(row, column + 1)).plain
            if text and int(text):
                found.append((label, heading, int(text)))
    return found


def export_view(store: Store, tmp_path: Path, sql: str) -> list[tuple[Any, ...]]:
    target = tmp_path / "export.db"
    if not target.exists():
        export_database(store, target)
    connection = sqlite3.connect(target)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


async def open_analysis(pilot) -> AnalysisScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await run_command(pilot, "Analysis")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AnalysisScreen)
    return screen


async def test_the_screens_numbers_agree_with_the_exports_views(
    app: SafeguardApp, coded: Store, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        matrix = sorted((tag, actor, count) for actor, tag, count in table_counts(app, "matrix"))
        assert matrix == sorted(export_view(coded, tmp_path, "SELECT tag_path, actor, annotations FROM tag_actor_counts"))
        assert "actors × 4 tags" in one_line_text(app)

        await pilot.press("c")
        await settle(pilot)
        assert "documents coded with both tags" in one_line_text(app)
        pairs = sorted(tuple(sorted((a, b))) + (count,) for a, b, count in table_counts(app, "cooccurrence"))
        exported = export_view(coded, tmp_path, "SELECT tag_a, tag_b, documents FROM tag_cooccurrence")
        # The table is symmetric: each pair shows twice, once either side of the diagonal.
        assert pairs == sorted(2 * [tuple(sorted((a, b))) + (count,) for a, b, count in exported])


async def test_s_counts_co_occurrence_by_overlapping_segments_then_by_sentence(
    app: SafeguardApp, coded: Store
) -> None:
    paths = tag_paths(coded.tags())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        for scope, unit in (("overlap", "pairs of overlapping segments"), ("sentence", "sentences coded with both")):
            await pilot.press("c" if scope == "overlap" else "s")
            if scope == "overlap":
                await pilot.press("s")
            await settle(pilot)
            assert unit in one_line_text(app)
            expected = {(paths[a], paths[b]): count for (a, b), count in tag_cooccurrence(coded, scope=scope).items()}
            shown = {(a, b): count for a, b, count in table_counts(app, "cooccurrence")}
            assert {pair: count for pair, count in shown.items() if pair in expected} == expected
            assert len(shown) == 2 * len(expected)


async def test_the_filter_narrows_every_view_and_typing_into_it_never_switches_views(
    app: SafeguardApp, coded: Store
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_analysis(pilot)
        await pilot.press("f")
        assert isinstance(app.focused, Input)
        await pilot.press(*"coder:ana", "enter")
        await settle(pilot)
        assert "matrix" == screen.view and "filtered" in one_line_text(app)
        mine = tag_actor_matrix(coded, parse_analysis_filter("coder:ana"))
        assert sum(count for _, _, count in table_counts(app, "matrix")) == mine.total < tag_actor_matrix(coded).total
        assert "matrix-table" == app.focused.id  # type: ignore[union-attr]

        await pilot.press("f", "ctrl+u", *"colour:red")
        await settle(pilot)
        await pilot.press("enter")
        assert "Filter not applied: unknown filter colour:" in one_line_text(app)
        assert "matrix" == screen.view


async def test_a_document_attribute_of_the_researchers_is_a_filter_key(app: SafeguardApp, coded: Store) -> None:
    region = coded.define_attribute("region", "text")
    assert region.id is not None
    first = coded.documents()[0].id
    coded.set_document_attribute(first, region.id, "north")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_analysis(pilot)
        assert "region:" in one_line_text(app)  # the filter field lists it
        await pilot.press("f", *"region:north", "enter")
        await settle(pilot)
        expected = tag_actor_matrix(coded, parse_analysis_filter("region:north", coded.attributes()))
        assert "matrix" == screen.view and "filtered" in one_line_text(app)
        assert sum(count for _, _, count in table_counts(app, "matrix")) == expected.total < tag_actor_matrix(coded).total


async def test_coverage_over_time_is_charted_by_month_or_year_and_tag_with_outlet_names_kept_plain(
    app: SafeguardApp, coded: Store
) -> None:
    outlet = coded.documents()[0].publication
    coded.conn.execute("UPDATE documents SET publication = ? WHERE publication = ?", [HOSTILE_OUTLET, outlet])
    coded.conn.commit()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_analysis(pilot)
        await pilot.press("t")
        await settle(pilot)
        shown = one_line_text(app)
        expected = coding_over_time(coded)
        assert f"{expected.total} segments of all tags (n) by month (p)" in shown
        assert f"{expected.left_out} on undated documents left out" in shown
        assert "[bold]Daily[/bold] [31m" in shown and "\x1b" not in shown
        assert "2015-01" in shown

        await pilot.press("p", "n")
        await settle(pilot)
        request = screen.shown["time"][0]
        assert ("year", screen.tag_ids[1]) == (request.period, request.tag_id)
        by_year = coding_over_time(coded, period="year", tag_id=request.tag_id)
        assert f"{by_year.total} segments of {screen.paths[request.tag_id]}" in one_line_text(app)  # type: ignore[index]
        assert screen.shown["time"][1] == by_year


async def test_e_writes_the_view_as_csv_to_a_path_asked_for_and_asks_before_replacing(
    app: SafeguardApp, coded: Store, tmp_path: Path
) -> None:
    target = tmp_path / "matrix.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_analysis(pilot)
        await pilot.press("e")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        field = prompt.query_one(Input)
        assert "exports" in field.value and field.value.endswith(".csv") and field.suggester is not None
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        with target.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        shown = tag_actor_matrix(coded)
        assert ["actor", *shown.columns] == rows[0]
        assert [[label, *map(str, cells)] for label, cells in zip(shown.rows, shown.cells)] == rows[1:]

        target.write_text("keep me")
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert "keep me" == target.read_text()
        assert isinstance(app.screen, AnalysisScreen)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_result_asked_for_before_the_latest_is_dropped(coded: Store) -> None:
    """Reads finish in any order: only the answer to the latest request is drawn."""
    waiting: list[tuple[Any, Any]] = []
    screen = AnalysisScreen(coded.tags(), lambda query, deliver: waiting.append((query, deliver)))
    app = SafeguardApp(coded, coder="tester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(screen)
        await settle(pilot)
        screen.where = parse_analysis_filter("coder:ana")
        screen.reload()
        assert 2 == len(waiting)
        for query, deliver in reversed(waiting):
            deliver(query(coded))
        await pilot.pause()
        request, table = screen.shown["matrix"]
        assert Request("matrix", parse_analysis_filter("coder:ana")) == request
        assert tag_actor_matrix(coded, request.where) == table


async def test_a_long_table_is_filled_a_part_at_a_time_up_to_its_limit_and_the_status_says_so(
    app: SafeguardApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens import analysis

    monkeypatch.setattr(analysis, "SHOWN_ROWS", 150)
    monkeypatch.setattr(analysis, "ROWS_PER_FILL", 40)
    rows = tuple(f"Actor {number}" for number in range(200))
    long_table = Crosstab("actor", rows, ("Blame",), tuple((1,) for _ in rows), "segments")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(AnalysisScreen([], lambda query, deliver: deliver(long_table)))
        await settle(pilot)
        assert 150 == app.screen.query_one("#matrix-table", DataTable).row_count
        assert "200 actors × 1 tag · segments covering each actor's quotes · the first 150 shown, e writes all" in (
            one_line_text(app)
        )


async def test_moving_over_the_matrix_names_the_cell_in_full(app: SafeguardApp, coded: Store) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_analysis(pilot)
        table = screen.shown["matrix"][1]
        await pilot.press("right")
        await settle(pilot)
        assert f"{table.rows[0]} × {table.columns[0]}: {table.cells[0][0]} segments" in one_line_text(app)


def test_the_chart_library_is_imported_only_when_the_screen_is_built() -> None:
    import subprocess
    import sys

    script = (
        "import sys, tui.__main__, tui.app, tui.commands, tui.screens.main, tui.screens.analysis\n"
        "print(sorted(name for name in ('plotext', 'textual_plotext') if name in sys.modules))\n"
    )
    root = Path(__file__).resolve().parent.parent.parent
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=True)
    assert "[]" == result.stdout.strip()
