"""Provides AnalysisScreen: tag x actor, tag co-occurrence and coding over time by outlet, each as CSV too.

Like the coded segments screen, it is handed the codebook and the main screen's
``fetch`` (a query in a thread worker, its result back on the UI thread), so it
never holds a connection; a result that arrives after a newer one was asked for
is dropped. A view is read when it is first shown and again when the filter or
its own setting (scope, period, tag) changes. The chart's library is imported
when the screen is built, not when the app starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static, TabbedContent, TabPane, Tabs

from storage.analysis.analysis_filter import KEYS, AnalysisFilter, AnalysisFilterError, parse_analysis_filter
from storage.analysis.crosstabs import (
    PERIODS,
    SCOPES,
    Crosstab,
    coding_over_time,
    cooccurrence_matrix,
    tag_actor_matrix,
    tag_paths,
    write_crosstab_csv,
)
from storage.models import Attribute, Tag
from storage.store import Store, StoreError
from tui.notices import tell
from tui.path_suggester import PathSuggester
from tui.safe_text import one_line, plain, plain_text
from tui.screens.coded_segments import FILTER_DELAY, Fetch
from tui.screens.file_prompt import ask_for_file
from tui.type_ahead import hold_typing
from tui.widgets.key_footer import KeyFooter
from tui.wording import counted


VIEWS = {"matrix": "Tag x actor", "cooccurrence": "Co-occurrence", "time": "Over time"}
"""The views, by tab id, with their names."""
VIEW_KEYS = {"matrix": "m", "cooccurrence": "c", "time": "t"}
"""The key of each view, shown on its tab (the footer leaves them out: it has no room for them at 80 columns)."""
LABEL_WIDTH = 28
"""Widest a row label (an actor, a tag) is drawn; the CSV keeps it whole."""
HEADER_WIDTH = 18
"""Widest a column header (a tag, an outlet) is drawn."""
SHOWN_ROWS = 2000
"""Rows a table draws at most (the most coded first); the CSV holds every row."""
ROWS_PER_FILL = 100
"""Rows handed to a table at once: a DataTable measures every cell it is given (some 0.1 ms each), so a long
table is filled a hundred rows at a time, the screen answering keys and drawing in between."""


@dataclass(frozen=True)
class Request:
    """What a view shows: the filter, and the view's own setting (scope, period and tag)."""

    view: str
    where: AnalysisFilter
    scope: str = "document"
    period: str = "month"
    tag_id: int | None = None


def read_view(store: Store, request: Request) -> Crosstab:
    """The table a request stands for (in a worker)."""
    if request.view == "matrix":
        return tag_actor_matrix(store, request.where)
    if request.view == "cooccurrence":
        return cooccurrence_matrix(store, request.where, request.scope)
    return coding_over_time(store, request.where, request.period, request.tag_id)


def default_csv_path(view: str, now: datetime | None = None) -> Path:
    """A new dated CSV file in the user's exports folder, named after the view."""
    from tui.screens.export_prompt import default_export_folder

    return default_export_folder() / f"analysis-{view}-{(now or datetime.now()):%Y-%m-%d-%H%M}.csv"


def write_csv(table: Crosstab, target: Path, force: bool) -> str:
    """Write the table (in a worker); returns the sentence to show (a failure is reported, not raised)."""
    try:
        written = write_crosstab_csv(table, target, force=force)
    except StoreError as error:
        return f"Table not written: {error}"
    return f"Table of {counted(len(table.rows), 'row')} written to {written}"


def short_label(label: str, width: int, *, tag: bool = True) -> Text:
    """A label as a cell shows it, cut to ``width``: a tag path by its last name (tag names are unique)."""
    return plain_text(one_line(label.rsplit(" > ", 1)[-1] if tag else label, width))


def number(value: int | None) -> Text:
    return Text("" if value is None else str(value), justify="right")


def fill_table(widget: DataTable[Any], table: Crosstab, *, tag_rows: bool, first: int = 0) -> int:
    """Rows ``first`` on of the crosstab, ROWS_PER_FILL of them, as cells (the columns too when ``first`` is 0).

    Rows are of tags or of actors; every label is plain text, never markup. Returns where the next fill starts.
    """
    if first == 0:
        widget.clear(columns=True)
        widget.add_column(plain_text(table.corner, "bold"), key="label")
        for index, column in enumerate(table.columns):
            widget.add_column(short_label(column, HEADER_WIDTH), key=f"column-{index}")
    last = min(first + ROWS_PER_FILL, len(table.rows), SHOWN_ROWS)
    widget.add_rows(
        [short_label(label, LABEL_WIDTH, tag=tag_rows), *(number(cell) for cell in cells)]
        for label, cells in zip(table.rows[first:last], table.cells[first:last])
    )
    return last


class AnalysisScreen(Screen[None]):
    """Three views of the coding, each filtered by outlet, author, date and coder, each written as CSV with e."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="analysis.back"),
        Binding("m", "show_view('matrix')", "Tag x actor", show=False, id="analysis.matrix"),
        Binding("c", "show_view('cooccurrence')", "Co-occurrence", show=False, id="analysis.cooccurrence"),
        Binding("t", "show_view('time')", "Over time", show=False, id="analysis.time"),
        Binding("s", "cycle_scope", "Scope", id="analysis.scope"),
        Binding("p", "cycle_period", "Month/year", id="analysis.period"),
        Binding("n", "cycle_tag(1)", "Next tag", id="analysis.next-tag"),
        Binding("N", "cycle_tag(-1)", "Previous tag", show=False, id="analysis.previous-tag"),
        Binding("f,slash", "focus_filter", "Filter", id="analysis.filter"),
        Binding("e", "write_csv", "CSV", id="analysis.csv"),
        Binding("question_mark", "help", "Keys", id="analysis.help"),
    ]

    def __init__(self, tags: list[Tag], fetch: Fetch, attributes: Sequence[Attribute] = ()) -> None:
        super().__init__()
        self.tags = tags
        self.attributes = tuple(attributes)
        """The researcher's document attributes: each is a filter key (``region:west``)."""
        self.paths = tag_paths(tags)
        self.fetch = fetch
        self.where = AnalysisFilter()
        self.scope = next(iter(SCOPES))
        self.period = next(iter(PERIODS))
        self.tag_ids: list[int | None] = [None, *sorted(self.paths, key=lambda tag: self.paths[tag].casefold())]
        """The over-time view's choices: every tag together, then each tag (with its sub-tags)."""
        self.tag_index = 0
        self.shown: dict[str, tuple[Request, Crosstab]] = {}
        """Each view's table and the request it answers."""
        self.asked: dict[str, Request] = {}
        """Each view's latest request: a result is shown only if it answers it."""

    def compose(self) -> ComposeResult:
        from tui.widgets.time_chart import TimeChart  # plotext loads when the screen opens, not at launch

        with Vertical(id="analysis-pane"):
            keys = [*KEYS, *(f"{attribute.name}:" for attribute in self.attributes)]
            yield Input(placeholder=f"filter: {' '.join(f'{key}…' for key in keys)}  e.g. outlet:guardian date:2014..2015",
                        id="analysis-filter")
            with TabbedContent(id="analysis-views"):
                with TabPane(f"{VIEWS['matrix']} ({VIEW_KEYS['matrix']})", id="matrix"):
                    yield DataTable(id="matrix-table", cursor_type="cell", zebra_stripes=True)
                with TabPane(f"{VIEWS['cooccurrence']} ({VIEW_KEYS['cooccurrence']})", id="cooccurrence"):
                    yield DataTable(id="cooccurrence-table", cursor_type="cell", zebra_stripes=True)
                with TabPane(f"{VIEWS['time']} ({VIEW_KEYS['time']})", id="time"):
                    yield TimeChart(id="time-chart")
            yield Static(id="analysis-status")
        yield KeyFooter(pinned="help")

    def on_mount(self) -> None:
        self.query_one("#analysis-pane").border_title = "Analysis"
        self.query_one("#matrix-table").focus()
        self.reload()

    @property
    def view(self) -> str:
        return self.query_one(TabbedContent).active or "matrix"

    def request(self, view: str) -> Request:
        if view == "matrix":
            return Request(view, self.where)
        if view == "cooccurrence":
            return Request(view, self.where, scope=self.scope)
        return Request(view, self.where, period=self.period, tag_id=self.tag_ids[self.tag_index])

    def reload(self) -> None:
        """Read the view on screen again (in a worker) unless it already shows what is asked for."""
        view = self.view
        request = self.request(view)
        if view in self.shown and self.shown[view][0] == request:
            self.set_status(self.summary(*self.shown[view]))
            return
        self.set_status("Reading…")
        if self.asked.get(view) == request:
            return  # already being read
        self.asked[view] = request

        def show(table: Crosstab) -> None:
            if self.is_attached and self.asked.get(view) == request:
                self.shown[view] = (request, table)
                self.draw(view, table)
                if view == self.view:
                    self.set_status(self.summary(request, table))

        self.fetch(lambda store: read_view(store, request), show)

    # -- drawing -----------------------------------------------------------------------

    def draw(self, view: str, table: Crosstab) -> None:
        if view == "time":
            from tui.widgets.time_chart import TimeChart  # loaded already: compose imported it

            self.query_one("#time-chart", TimeChart).show(table)
        else:
            self.fill_from(view, table, 0)

    def fill_from(self, view: str, table: Crosstab, first: int) -> None:
        """Fill a view's table from row ``first``, then the rest a part at a time while it is still the one shown."""
        if self.shown.get(view, (None, None))[1] is not table:
            return  # a newer table replaced this one
        widget = self.query_one(f"#{view}-table", DataTable)
        following = fill_table(widget, table, tag_rows=view == "cooccurrence", first=first)
        if following < min(len(table.rows), SHOWN_ROWS):
            self.call_later(self.fill_from, view, table, following)

    def summary(self, request: Request, table: Crosstab) -> str:
        said = {
            "matrix": f"{counted(len(table.rows), 'actor')} × {counted(len(table.columns), 'tag')}"
            " · segments covering each actor's quotes",
            "cooccurrence": f"{counted(len(table.rows), 'tag')} · {table.unit} (s: {self.next_scope_name()})",
            "time": self.time_summary(request, table),
        }[request.view]
        if len(table.rows) > SHOWN_ROWS and request.view != "time":
            said += f" · the first {SHOWN_ROWS} shown, e writes all"
        else:
            said += " · e writes CSV"
        return said + (" · filtered" if not request.where.is_empty else "")

    def time_summary(self, request: Request, table: Crosstab) -> str:
        tag = "all tags" if request.tag_id is None else f"{self.paths[request.tag_id]} and sub-tags"
        said = f"{counted(table.total, 'segment')} of {tag} (n) by {request.period} (p)"
        said += f" in {counted(len(table.columns), 'outlet')}"
        return said + (f" · {table.left_out} on undated documents left out" if table.left_out else "")

    def next_scope_name(self) -> str:
        scopes = list(SCOPES)
        return scopes[(scopes.index(self.scope) + 1) % len(scopes)]

    def set_status(self, text: str, style: str = "dim") -> None:
        self.query_one("#analysis-status", Static).update(plain(text, style))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        """Name the cell under the cursor in full: the table cuts long names to fit."""
        event.stop()
        view = self.view
        if view not in self.shown or event.coordinate.column == 0:
            return
        table = self.shown[view][1]
        row, column = event.coordinate.row, event.coordinate.column - 1
        if row < len(table.rows) and column < len(table.columns):
            count = table.cells[row][column]
            said = "" if count is None else f": {count} {table.unit}"
            self.set_status(f"{table.rows[row]} × {table.columns[column]}{said}")

    # -- switching ---------------------------------------------------------------------

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        event.stop()
        self.refresh_bindings()
        self.reload()

    def action_show_view(self, view: str) -> None:
        """Show a view and give the focus to its table (the chart has none to take: the tabs take it)."""
        tabs = self.query_one(TabbedContent)
        tabs.active = view
        (tabs.query_one(Tabs) if view == "time" else self.query_one(f"#{view}-table")).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each view's own setting key shows only on that view."""
        only_on = {"cycle_scope": "cooccurrence", "cycle_period": "time", "cycle_tag": "time"}
        if action in only_on and self.is_mounted:
            return self.view == only_on[action]
        return True

    def action_cycle_scope(self) -> None:
        self.scope = self.next_scope_name()
        self.reload()

    def action_cycle_period(self) -> None:
        periods = list(PERIODS)
        self.period = periods[(periods.index(self.period) + 1) % len(periods)]
        self.reload()

    def action_cycle_tag(self, step: int) -> None:
        self.tag_index = (self.tag_index + step) % len(self.tag_ids)
        self.reload()

    # -- filter ------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        hold_typing(self)
        self.query_one("#analysis-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.set_timer(FILTER_DELAY, self.apply_filter, name="analysis-filter")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_filter()
        self.action_show_view(self.view)

    def apply_filter(self) -> None:
        try:
            where = parse_analysis_filter(self.query_one("#analysis-filter", Input).value, self.attributes)
        except AnalysisFilterError as error:
            self.set_status(f"Filter not applied: {error}", "bold red")
            return
        if where != self.where:
            self.where = where
            self.reload()
        elif self.view in self.shown:
            self.set_status(self.summary(*self.shown[self.view]))

    # -- CSV ---------------------------------------------------------------------------

    def action_write_csv(self) -> None:
        """Ask where to write the view's table (a dated file in the exports folder by default); confirm a replace."""
        hold_typing(self)
        view = self.view
        if view not in self.shown or self.shown[view][0] != self.request(view):
            self.tell("Nothing to write yet: the table is still being read")
            return
        table = self.shown[view][1]
        ask_for_file(
            self.app,
            f"Write the {VIEWS[view].lower()} table as CSV to",
            default_csv_path(view),
            hint="→ completes the path, Enter writes, Escape cancels",
            what="table",
            write=lambda target, force: self.fetch(lambda store: write_csv(table, target, force), self.tell),
            tell=self.tell,
            suggester=PathSuggester(),
        )

    def tell(self, message: str) -> None:
        """Notify with untrusted text inside (paths): never parsed as markup."""
        failed = message.startswith(("Table not written", "Nothing to write"))
        tell(self, message, severity="error" if failed else "information")

    # -- leaving -----------------------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen([("Analysis screen", [AnalysisScreen])]))

    def action_back(self) -> None:
        if self.query_one("#analysis-filter", Input).has_focus:
            self.action_show_view(self.view)
            return
        self.dismiss(None)
