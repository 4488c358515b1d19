"""Provides TimeChart: the analysis screen's chart of coding over time, drawn by plotext in a thread worker.

plotext's drawing grows with the periods charted: a corpus spanning ten years
by month (120 periods) draws in about half a second, one with a date read as
the year 1 spans 24,000 months and takes many seconds (bench/bench_analysis.py).
On the UI thread that froze the keys and the screen, so the chart is built and
turned into text in a thread worker, each time the table, the size or the theme
changes; the UI thread only shows the finished text (the previous chart stays up
meanwhile). The worker works on a figure of its own, never on the widget.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import work
from textual.app import RenderResult
from textual.message import Message
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from storage.analysis.crosstabs import Crosstab
from tui.safe_text import one_line

CHART_LINES = 6
"""Outlets drawn as their own line; the rest are summed into one, so the chart stays legible."""
MIN_LINE_PERIODS = 3
"""Fewer periods than this are drawn as bars side by side: a line needs a few points to say anything."""
TICKS = 8
"""Period labels along the chart's time axis at most."""

PLOTEXT = threading.Lock()
"""plotext keeps some state in its modules: one chart is built at a time (a newer one waits for an older)."""

ChartKey = tuple[int, int, int, str]
"""What a drawing answers: the table (its id), the width, the height and the plotext theme."""


def count_ticks(top: int) -> list[int]:
    """Evenly spaced whole numbers for the chart's count axis from 0 up to ``top``: a count is never 2.2."""
    return list(range(0, top + 1, max(1, -(-top // 4))))


def chart_series(table: Crosstab) -> list[tuple[str, list[int]]]:
    """The chart's lines: the outlets with the most segments, then the rest summed as 'other outlets'."""
    series = [(outlet, [cells[index] or 0 for cells in table.cells]) for index, outlet in enumerate(table.columns)]
    if len(series) <= CHART_LINES:
        return series
    kept, rest = series[: CHART_LINES - 1], series[CHART_LINES - 1 :]
    others = [sum(values) for values in zip(*(values for _, values in rest))]
    return [*kept, (f"{len(rest)} other outlets", others)]


def plot_table(plt: Plot, table: Crosstab) -> None:
    """One line per outlet across the periods, labelled with cleaned names (plotext output is read as ANSI)."""
    if not table.rows:
        plt.title("No dated segments to chart")
        return
    series = chart_series(table)
    labels = [one_line(outlet, 24) for outlet, _ in series]
    if len(table.rows) < MIN_LINE_PERIODS:
        plt.multiple_bar(list(table.rows), [values for _, values in series], labels=labels, width=0.5)
    else:
        positions = list(range(1, len(table.rows) + 1))
        for label, (_, values) in zip(labels, series):
            plt.plot(positions, values, label=label, marker="braille")
        step = max(1, -(-len(positions) // TICKS))
        plt.xticks(positions[::step], list(table.rows[::step]))
    top = max(cell or 0 for row in table.cells for cell in row)
    plt.ylim(0, top)
    plt.yticks(count_ticks(top))


def chart_text(table: Crosstab, width: int, height: int, theme: str) -> Text:
    """The chart of ``table`` at ``width`` x ``height`` cells, as text (what the worker hands back)."""
    with PLOTEXT:
        plt = Plot()
        plot_table(plt, table)
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render does: plotsize alone does not always resize
        plt.theme(theme)
        return Text.from_ansi(plt.build())


class TimeChart(PlotextPlot):
    """A chart of a crosstab of periods by outlets, drawn off the UI thread."""

    class Drawn(Message):
        """A drawing finished in the worker."""

        def __init__(self, key: ChartKey, text: Text) -> None:
            super().__init__()
            self.key = key
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name for it
        super().__init__(id=id)
        self.table = Crosstab("", (), (), (), "")
        self.shown = Text("")
        self.asked: ChartKey | None = None
        """What the latest drawing asked for answers: only its text is shown."""

    def show(self, table: Crosstab) -> None:
        """Chart ``table`` (drawn in the background; the chart on screen stays until it is ready)."""
        self.table = table
        self.refresh()

    def render(self) -> RenderResult:
        """The latest finished drawing; a new one is asked for when the table, size or theme changed."""
        width, height = self.size
        key = (id(self.table), width, height, self._get_plotext_theme_name(self.app.theme))
        if key != self.asked and width and height:
            self.asked = key
            self.draw(key, self.table)
        return self.shown

    @work(thread=True, exclusive=True, group="time-chart")
    def draw(self, key: ChartKey, table: Crosstab) -> None:
        text = chart_text(table, key[1], key[2], key[3])
        if not get_current_worker().is_cancelled:
            self.post_message(self.Drawn(key, text))

    def on_time_chart_drawn(self, message: Drawn) -> None:
        message.stop()
        if message.key == self.asked:
            self.shown = message.text
            self.refresh()
