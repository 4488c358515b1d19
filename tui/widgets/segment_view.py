"""Provides SegmentView: coded segments as blocks of wrapped text, a line-API list that draws only what is visible.

Each segment is a block: its document's title, then date · outlet · tag · speaker ·
coder, its text wrapped in full, its note, and a blank row. Blocks are measured
once per width (``block_tops``: some 50 µs a block, so a long list is measured in
the worker that read it, and again in a worker after a resize), the rows of the
most recent ones are kept in an LRU cache, and only the rows on screen are drawn.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from storage.exchange.segments import CodedSegment
from tui.type_ahead import hold_typing
from tui.widgets.text_layout import sanitize_text, wrap_lines, wrap_rows

INDENT = 3
"""Columns before a block's rows: the cursor bar and a space."""

BLOCK_CACHE_SIZE = 512
"""How many wrapped blocks are kept: a few screens' worth either side of where the user is."""

Row = tuple[str, str]
"""One drawn row: its text and its kind (title, meta, text, note or blank)."""


def block_parts(segment: CodedSegment) -> list[tuple[str, str]]:
    """The texts a segment's block wraps, each with its kind (title, meta, text, note), sanitized."""
    title = sanitize_text(" ".join((segment.document_title or "(untitled)").split()))
    facts = [segment.published[:10], segment.publication, segment.tag_name]
    if segment.speakers:
        facts.append("speaker: " + ", ".join(segment.speakers))
    if segment.coder:
        facts.append(f"coder: {segment.coder}")
    meta = sanitize_text(" · ".join(" ".join(fact.split()) for fact in facts if fact.strip()))
    parts = [(title, "title")]
    if meta:
        parts.append((meta, "meta"))
    parts.append((sanitize_text(segment.text.strip()), "text"))
    if segment.note.strip():
        parts.append((sanitize_text("note: " + segment.note.strip()), "note"))
    return parts


def block_rows(segment: CodedSegment, width: int) -> list[Row]:
    """The rows of one segment's block at ``width`` columns of text, then a blank row."""
    rows = [(line, kind) for text, kind in block_parts(segment) for line in wrap_lines(text, width)]
    rows.append(("", "blank"))
    return rows


def block_height(segment: CodedSegment, width: int) -> int:
    """``len(block_rows(segment, width))`` without making the rows.

    A line of printable ASCII (one cell a character: no tab, no line break) that fits is one row, unwrapped.
    """
    return 1 + sum(
        1 if len(text) <= width and text.isascii() and text.isprintable() else len(wrap_rows(text, width))
        for text, _kind in block_parts(segment)
    )


def block_tops(segments: list[CodedSegment], width: int) -> list[int]:
    """The first row of each segment's block at ``width``, then the total (safe to run in a thread)."""
    return [0, *accumulate(block_height(segment, width) for segment in segments)]


INLINE_MEASURE_LIMIT = 2000
"""Up to this many segments are measured again on the UI thread after a resize (under 0.1 s); more in a worker."""


class SegmentView(ScrollView, can_focus=True):
    """The segments, one block each; a cursor picks one. Enter posts SegmentChosen."""

    BINDINGS = [
        Binding("enter", "choose", "Open in reader", id="segments.open"),
        Binding("s", "toggle_subtags", "Sub-tags", id="segments.subtags"),
        Binding("f", "focus_filter", "Filter", id="segments.filter"),
        Binding("r", "report", "Report", id="segments.report"),
        Binding("j,down", "move(1)", "Next", show=False, id="segments.down"),
        Binding("k,up", "move(-1)", "Previous", show=False, id="segments.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="segments.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="segments.page-up"),
        Binding("g,home", "jump(0)", "First", show=False, id="segments.first"),
        Binding("G,end", "jump(-1)", "Last", show=False, id="segments.last"),
    ]

    DEFAULT_CSS = """
    SegmentView { background: $surface; }
    """

    class SegmentChosen(Message):
        """Enter on a segment: open it in the reader."""

        def __init__(self, segment: CodedSegment) -> None:
            super().__init__()
            self.segment = segment

    class SubtagsToggled(Message):
        """`s`: include (or leave out) the sub-tags' segments."""

    class FilterFocused(Message):
        """`f`: go to the filter field."""

    class ReportRequested(Message):
        """`r`: write what is listed as a report."""

    class MeasureRequested(Message):
        """The width changed under a long list: measure ``segments`` at ``width`` off the UI thread."""

        def __init__(self, segments: list[CodedSegment], width: int) -> None:
            super().__init__()
            self.segments = segments
            self.width = width

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.segments: list[CodedSegment] = []
        self.cursor = 0
        self.tops: list[int] = [0]
        """The first row of each block, and (last) the total: block i is rows tops[i] to tops[i+1]."""
        self.layout_width = 0
        """The text width the blocks are wrapped at."""
        self.blocks: LRUCache[int, list[Row]] = LRUCache(BLOCK_CACHE_SIZE)

    @property
    def text_width(self) -> int:
        """Columns for a block's text; the scrollbar's stay free even when it is hidden (no rewrap as it appears)."""
        return max(10, self.size.width - INDENT - self.styles.scrollbar_size_vertical - 1)

    def set_segments(self, segments: list[CodedSegment], tops: list[int] | None = None, width: int = 0) -> None:
        """Show these segments, the cursor on the first; ``tops`` are their blocks measured at ``width``."""
        self.segments = segments
        self.cursor = 0
        current = self.text_width
        if tops is None or len(tops) != len(segments) + 1 or (
            width != current and len(segments) <= INLINE_MEASURE_LIMIT
        ):
            tops, width = block_tops(segments, current), current
        self.apply_layout(tops, current)
        if width != current:
            # Measured at another width (the terminal was resized meanwhile): shown so, and measured again.
            self.post_message(self.MeasureRequested(segments, current))
        self.scroll_to(y=0, animate=False)

    @property
    def current(self) -> CodedSegment | None:
        return self.segments[self.cursor] if self.segments else None

    def apply_layout(self, tops: list[int], width: int) -> None:
        """Lay the blocks out as measured at ``width``."""
        self.layout_width = width
        self.blocks.clear()
        self.tops = tops
        self.virtual_size = Size(self.scrollable_content_region.width, self.tops[-1])
        self.refresh()

    def measured(self, segments: list[CodedSegment], width: int, tops: list[int]) -> None:
        """A measurement asked for with MeasureRequested: used if it still fits what is shown."""
        if segments is self.segments and width == self.text_width:
            self.apply_layout(tops, width)
            self.scroll_to_cursor()

    def block(self, index: int) -> list[Row]:
        rows = self.blocks.get(index)
        if rows is None:
            rows = block_rows(self.segments[index], self.layout_width)
            self.blocks[index] = rows
        return rows

    def on_resize(self) -> None:
        width = self.text_width
        if width == self.layout_width:
            return
        if len(self.segments) <= INLINE_MEASURE_LIMIT:
            self.apply_layout(block_tops(self.segments, width), width)
            self.scroll_to_cursor()
        else:
            # Drawn meanwhile at the new width with the old heights (a block may show cut or padded).
            self.layout_width = width
            self.blocks.clear()
            self.refresh()
            self.post_message(self.MeasureRequested(self.segments, width))

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.segments:
            empty = "   No coded segments match." if y == 1 else ""
            return Strip([Segment(empty, base + Style(dim=True, italic=True))]).adjust_cell_length(width, base)
        if row >= self.tops[-1]:
            return Strip.blank(width, base)
        index = bisect_right(self.tops, row) - 1
        rows = self.block(index)
        text, kind = rows[row - self.tops[index]] if row - self.tops[index] < len(rows) else ("", "blank")
        chosen = index == self.cursor and kind != "blank"
        accent = Style(color=self.app.current_theme.accent or "cyan", bold=True)
        bar = Segment(" ▌ " if chosen else "   ", base + accent)
        return Strip([bar, Segment(text, base + ROW_STYLES[kind])]).adjust_cell_length(width, base)

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        """Move by a screenful of blocks."""
        if not self.segments:
            return
        target_row = self.tops[self.cursor] + step * max(1, self.scrollable_content_region.height - 1)
        self.move_to(bisect_right(self.tops, max(0, target_row)) - 1)

    def action_jump(self, index: int) -> None:
        self.move_to(index if index >= 0 else len(self.segments) - 1)

    def move_to(self, index: int) -> None:
        if not self.segments:
            return
        previous = self.cursor
        self.cursor = max(0, min(index, len(self.segments) - 1))
        self.refresh_block(previous)
        self.refresh_block(self.cursor)
        self.scroll_to_cursor()

    def refresh_block(self, index: int) -> None:
        if index + 1 < len(self.tops):
            top = self.tops[index] - self.scroll_offset.y
            self.refresh(Region(0, top, self.size.width, self.tops[index + 1] - self.tops[index]))

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's block into view (its top, when it is taller than the view)."""
        if not self.segments:
            return
        top, bottom = self.tops[self.cursor], self.tops[self.cursor + 1]
        height = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top < y:
            y = top
        elif bottom > y + height:
            y = min(top, bottom - height)
        self.scroll_to(y=y, animate=False)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.SegmentChosen(self.current))

    def action_toggle_subtags(self) -> None:
        self.post_message(self.SubtagsToggled())

    def action_focus_filter(self) -> None:
        hold_typing(self)
        self.post_message(self.FilterFocused())

    def action_report(self) -> None:
        hold_typing(self)
        self.post_message(self.ReportRequested())


ROW_STYLES = {
    "title": Style(bold=True),
    "meta": Style(dim=True),
    "text": Style(),
    "note": Style(italic=True),
    "blank": Style(),
}
"""How each kind of row is drawn (styles built here, never from the untrusted text)."""
