"""Provides CodedSegmentsScreen: every segment of a tag (and, by a toggle, its sub-tags) across the corpus.

The screen is handed the codebook and a ``fetch`` (the main screen's: it runs a
query against the database in a thread worker and hands the result back on the
UI thread), so it never holds a connection. Results that arrive after a newer
query was asked for are dropped. Enter dismisses the screen with the segment, for
the main screen to open in the reader; `r` writes what is listed as a report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from storage.exchange.segments import (
    CodedSegment,
    SegmentFilter,
    SegmentFilterError,
    parse_segment_filter,
    tags_for_report,
)
from storage.models import Tag
from storage.store import Store, StoreError, slugify
from tui.notices import tell
from tui.safe_text import plain
from tui.screens.file_prompt import ask_for_file
from tui.widgets.key_footer import KeyFooter
from tui.widgets.segment_view import SegmentView, block_tops

Fetch = Callable[[Callable[[Store], Any], Callable[[Any], None]], None]
"""Run a query off the UI thread, then hand its result to a callback on it (MainScreen.fetch)."""

FILTER_DELAY = 0.25
"""Seconds of stillness in the filter field before the list is read again (not a query per keypress)."""


def default_report_path(tag_name: str, now: datetime | None = None) -> Path:
    """A new dated HTML file in the ``exports`` folder beside the default database, named after the tag."""
    from tui.__main__ import default_database_path

    stamp = f"{(now or datetime.now()):%Y-%m-%d-%H%M}"
    return default_database_path().parent / "exports" / f"segments-{slugify(tag_name) or 'tag'}-{stamp}.html"


def write_segments_report(
    store: Store, tag_id: int, subtags: bool, where: SegmentFilter, filter_text: str, target: Path, force: bool
) -> str:
    """Write the report (in a worker); returns the sentence to show (a failure is reported, not raised)."""
    from storage.exchange.report import report_format, segments_report, write_report

    try:
        format = report_format(target, None)
        text, count = segments_report(
            store, [tag_id], subtags=subtags, where=where, filter_text=filter_text, format=format
        )
        written = write_report(text, target, force=force)
    except StoreError as error:
        return f"Report not written: {error}"
    return f"Report of {count} segment{'s' if count != 1 else ''} written to {written} ({format})"


class CodedSegmentsScreen(Screen[CodedSegment | None]):
    """The segments of one tag in full; Enter opens one in the reader, Escape goes back."""

    BINDINGS = [Binding("escape", "back", "Back", id="segments.back")]

    def __init__(
        self, tag: Tag, tags: list[Tag], fetch: Fetch, *, subtags: bool = False, attribute_names: Sequence[str] = ()
    ) -> None:
        """Build the screen.

        Args:
            tag: The tag whose segments are shown.
            tags: The whole codebook (for sub-tags).
            fetch: Runs a read off the UI thread and hands its result back.
            subtags: Whether sub-tags' segments are shown at first.
            attribute_names: The researcher's document attributes, each a filter key (``region:west``).
        """
        super().__init__()
        self.attribute_names = tuple(attribute_names)
        self.tag = tag
        self.tags = tags
        self.fetch = fetch
        self.subtags = subtags
        self.where = SegmentFilter()
        self.filter_text = ""
        """The filter as typed when it was applied (a report names it)."""
        self.asked = 0
        """How many reads were asked for: a result is shown only if it answers the latest."""
        self.filter_timer: Timer | None = None
        """The pending filter while the user types: each keystroke restarts it, so only the last one reads."""

    def compose(self) -> ComposeResult:
        with Vertical(id="segments-pane"):
            yield Label(id="segments-title")
            yield Static(plain(self.tag.description, keep_newlines=True), id="segments-description")
            yield Input(placeholder="filter: outlet:NAME date:2014..2015 by:ACTOR coder:NAME ATTRIBUTE:VALUE words",
                        id="segments-filter")
            yield SegmentView(id="segments-view")
            yield Static(id="segments-status")
        yield KeyFooter()

    @property
    def view(self) -> SegmentView:
        return self.query_one(SegmentView)

    def on_mount(self) -> None:
        self.query_one("#segments-pane").border_title = "Coded segments"
        # The codebook's definition of the tag, to read the segments against (i in the codebook writes it).
        self.query_one("#segments-description").display = bool(self.tag.description.strip())
        self.view.focus()
        # After the first layout, so the worker measures the blocks at the list's real width.
        self.call_after_refresh(self.reload)

    def covered(self) -> list[int]:
        return tags_for_report(self.tags, [self.tag.id], subtags=self.subtags)

    def reload(self) -> None:
        """Read the segments again (in a worker) for the tags and filter chosen now."""
        self.asked += 1
        asked, ids, where = self.asked, self.covered(), self.where
        subtags = len(ids) - 1
        title = f"{self.tag.name}" + (f" and {subtags} sub-tag{'s' if subtags != 1 else ''}" if subtags else "")
        self.query_one("#segments-title", Label).update(plain(title, "bold"))
        self.set_status("Reading…")

        width = self.view.text_width

        def read(store: Store) -> tuple[list[CodedSegment], list[int]]:
            segments = store.coded_segments(ids, where)
            return segments, block_tops(segments, width)

        def show(read: tuple[list[CodedSegment], list[int]]) -> None:
            segments, tops = read
            if asked == self.asked:
                self.view.set_segments(segments, tops, width)
                self.set_status(self.summary(segments))

        self.fetch(read, show)

    def summary(self, segments: list[CodedSegment]) -> str:
        documents = len({segment.document_id for segment in segments})
        said = f"{len(segments)} segment{'s' if len(segments) != 1 else ''} in {documents} document"
        said += "s" if documents != 1 else ""
        said += " · sub-tags included (s)" if self.subtags else " · sub-tags left out (s)"
        return said + (" · filtered" if not self.where.is_empty else "")

    def set_status(self, text: str, style: str = "dim") -> None:
        self.query_one("#segments-status", Static).update(plain(text, style))

    # -- filter --------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.filter_timer is not None:
            self.filter_timer.stop()
        self.filter_timer = self.set_timer(FILTER_DELAY, self.apply_filter, name="segments-filter")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_filter()
        self.view.focus()

    def apply_filter(self) -> None:
        if self.filter_timer is not None:
            self.filter_timer.stop()
            self.filter_timer = None
        typed = self.query_one("#segments-filter", Input).value
        try:
            where = parse_segment_filter(typed, self.attribute_names)
        except SegmentFilterError as error:
            self.set_status(f"Filter not applied: {error}", "bold red")
            return
        if where != self.where:
            self.where, self.filter_text = where, typed.strip()
            self.reload()

    # -- keys of the list ----------------------------------------------------------

    def on_segment_view_segment_chosen(self, event: SegmentView.SegmentChosen) -> None:
        event.stop()
        self.dismiss(event.segment)

    def on_segment_view_subtags_toggled(self, event: SegmentView.SubtagsToggled) -> None:
        event.stop()
        self.subtags = not self.subtags
        self.reload()

    def on_segment_view_measure_requested(self, event: SegmentView.MeasureRequested) -> None:
        event.stop()
        segments, width = event.segments, event.width
        self.fetch(lambda store: block_tops(segments, width), lambda tops: self.view.measured(segments, width, tops))

    def on_segment_view_filter_focused(self, event: SegmentView.FilterFocused) -> None:
        event.stop()
        self.query_one("#segments-filter", Input).focus()

    def on_segment_view_report_requested(self, event: SegmentView.ReportRequested) -> None:
        """Ask where to write the report (the suffix picks the format); confirm before replacing a file."""
        event.stop()
        tag_id, subtags, where, filter_text = self.tag.id, self.subtags, self.where, self.filter_text
        ask_for_file(
            self.app,
            "Write a report of these segments to",
            default_report_path(self.tag.name),
            hint=".html for a browser, .md for a paper's appendix, .csv for a spreadsheet; Enter writes",
            what="report",
            write=lambda target, force: self.fetch(
                lambda store: write_segments_report(store, tag_id, subtags, where, filter_text, target, force),
                self.tell,
            ),
            tell=self.tell,
        )

    def tell(self, message: str) -> None:
        """Notify with untrusted text inside (paths, tag names): never parsed as markup."""
        tell(self, message, severity="error" if message.startswith("Report not written") else "information")

    def action_back(self) -> None:
        if self.query_one("#segments-filter", Input).has_focus:
            self.view.focus()
            return
        self.dismiss(None)
