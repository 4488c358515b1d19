"""Provides AgreementScreen: intercoder agreement per tag, a row and a bar each, computed off the UI thread."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from storage.analysis.agreement import AgreementError, AgreementReport, format_coefficient, store_agreement
from storage.store import Store
from tui.safe_text import one_line, plain

BAR_WIDTH = 20
"""Cells of the bar that shows a tag's alpha from 0 to 1."""
COLUMNS = ("Tag", "Units", "Spans", "% agree", "kappa", "alpha", "alpha_u", "alpha (bar)")


def load_agreement(store: Store) -> AgreementReport | str:
    """Agreement between everyone who coded, or why there is none (for a worker: no exception escapes)."""
    try:
        return store_agreement(store)
    except AgreementError as error:
        return str(error)


def bar(value: float | None) -> Text:
    """A bar from 0 to 1 (alpha below 0, worse than chance, shows empty); undefined shows nothing.

    Table cells are rich Text: the DataTable measures it for its column widths, and never parses it as markup.
    """
    if value is None:
        return Text("undefined", style="dim")
    filled = round(max(0.0, min(1.0, value)) * BAR_WIDTH)
    return Text.assemble(("█" * filled, "bold"), ("░" * (BAR_WIDTH - filled), "dim"))


class AgreementScreen(ModalScreen[None]):
    """Agreement per tag between every coder who coded: % agreement, kappa and alpha on sentences, alpha_u on spans."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="agreement.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="agreement.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="agreement.up"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="agreement-box"):
            yield Label(plain("Agreement between coders"), classes="dialog-title")
            yield Label(plain("Computing agreement…", "dim"), id="agreement-summary")
            yield DataTable(id="agreement-table", cursor_type="row", zebra_stripes=True)
            yield Label(
                plain("Units are sentences; alpha_u compares the spans' edges. - = undefined. Escape to go back"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.table().focus()

    def table(self) -> DataTable[object]:
        """The table, its columns added on first use (a fast worker's report may come before on_mount)."""
        table: DataTable[object] = self.query_one(DataTable)
        if not table.columns:
            table.add_columns(*COLUMNS)
        return table

    def show_report(self, report: AgreementReport | str) -> None:
        """Fill the table (called on the UI thread once the worker is done)."""
        if not self.is_attached:
            return
        summary = self.query_one("#agreement-summary", Label)
        if isinstance(report, str):
            summary.update(plain(f"No agreement to show: {report}", "bold"))
            return
        coders = one_line(", ".join(report.coders), 80)
        summary.update(plain(f"{len(report.coders)} coders ({coders}) on {report.documents} documents"))
        table = self.table()
        for row in report.rows():
            percent = "-" if row.percent is None else f"{100 * row.percent:.1f}"
            table.add_row(
                Text(one_line(row.tag, 26), style="bold" if row is report.overall else ""),
                str(row.units),
                str(row.spans),
                percent,
                format_coefficient(row.kappa),
                format_coefficient(row.alpha),
                format_coefficient(row.alpha_u),
                bar(row.alpha),
            )

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
