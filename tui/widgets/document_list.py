"""Provides DocumentList: the filterable, sortable list of documents (a filter field over DocumentRows).

DocumentRows draws only the rows on screen (the line API) and reads the
documents a page at a time from a DocumentSource, so a corpus of 100,000
articles opens as fast as one of five: nothing is measured or read for rows
nobody scrolled to.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from storage.models import Attribute
from storage.store import DocumentSummary
from tui.safe_text import clean
from tui.type_ahead import hold_typing
from tui.widgets.document_filter import DocumentFilter

ROW_HEIGHT = 2
"""Lines per document: the title, then date, counts and publication."""
PAGE_SIZE = 100
"""Documents read per page."""
PAGES_KEPT = 20
"""Pages held in memory; scrolling far away reads again rather than keeping the corpus."""
NEEDS_REVIEW = "needs review"
"""Shown on a document whose text is the importer's best guess (no clear article was found in the page)."""
NO_MATCH = "no documents match"


class DocumentSource(Protocol):
    """Where the list reads documents (the main screen hands down its Store, which is one)."""

    def document_count(self, query: str = "") -> int: ...

    def document_page(self, query: str, sort: str, offset: int, limit: int) -> list[DocumentSummary]: ...

    def document_position(self, document_id: int, query: str, sort: str) -> int | None: ...

    def all_attributes(self) -> list[Attribute]: ...


FIXED_ORDERS = ("date", "title")
"""The orders every corpus has; `s` goes on through the attributes (outlet, author, the researcher's own)."""
FILTER_PLACEHOLDER = "filter: words, outlet:bbc, date:2014..2015, region:west"


def summary_details(summary: DocumentSummary) -> tuple[str, str]:
    """The second line: date and counts, then the publication (last, so a narrow pane cuts it first)."""
    details = [part for part in (summary.published[:10], f"{summary.quote_count}q {summary.annotation_count}a") if part]
    if summary.needs_review:
        details.append(NEEDS_REVIEW)
    publication = " ".join(clean(summary.publication).split())
    return " · ".join(details), f" · {publication}" if publication else ""


class DocumentRows(ScrollView, can_focus=True):
    """The list itself: two lines per document, drawn only when on screen; `s` cycles the order, `f` filters."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="documents.open"),
        Binding("s", "toggle_sort", "Sort by next", id="documents.sort"),
        Binding("f", "focus_filter", "Filter", id="documents.filter"),
        Binding("m", "screen.document_memo", "Memo", id="documents.memo"),
        Binding("down,j", "move(1)", "Down", show=False, id="documents.down"),
        Binding("up,k", "move(-1)", "Up", show=False, id="documents.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="documents.page-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="documents.page-up"),
        Binding("home", "first", "First", show=False, id="documents.first"),
        Binding("end", "last", "Last", show=False, id="documents.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"document-rows--title", "document-rows--details", "document-rows--cursor"}

    DEFAULT_CSS = """
    DocumentRows > .document-rows--title { text-style: bold; }
    DocumentRows > .document-rows--details { color: $text-muted; }
    DocumentRows > .document-rows--cursor { background: $block-cursor-blurred-background; }
    DocumentRows:focus > .document-rows--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    cursor: reactive[int] = reactive(0)
    """The highlighted row (a position in the filtered, sorted list)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: DocumentSource | None = None
        self.query_text = ""
        self.sort_by = "date"
        self.count = 0
        self._pages: dict[int, list[DocumentSummary]] = {}

    # -- data --------------------------------------------------------------------

    def reload(self, *, keep: int | None = None, count: int | None = None) -> None:
        """Re-read the count (unless given) and, as rows are drawn, the pages; put the cursor on document ``keep``."""
        self._pages.clear()
        if count is None:
            count = self.source.document_count(self.query_text) if self.source is not None else 0
        self.count = count
        self.size_to_rows()
        position = None
        if keep is not None and self.source is not None:
            position = self.source.document_position(keep, self.query_text, self.sort_by)
        self.set_reactive(DocumentRows.cursor, 0)
        self.cursor = position if position is not None else 0
        self.scroll_to_cursor(center=position is not None)
        self.refresh()

    def summary_at(self, position: int) -> DocumentSummary | None:
        """The document at a position of the list, reading its page if need be."""
        if self.source is None or not 0 <= position < self.count:
            return None
        number = position // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            if len(self._pages) >= PAGES_KEPT:
                self._pages.pop(next(iter(self._pages)))
            page = self._pages[number] = self.source.document_page(
                self.query_text, self.sort_by, number * PAGE_SIZE, PAGE_SIZE
            )
        offset = position - number * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def highlighted(self) -> DocumentSummary | None:
        return self.summary_at(self.cursor)

    # -- drawing -----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        summary = self.summary_at(row // ROW_HEIGHT)
        if summary is None:
            if row == 0 and self.count == 0 and self.query_text.strip():
                line = Text(" " + NO_MATCH, style=base + Style(dim=True, italic=True), end="")
                line.truncate(width, overflow="ellipsis", pad=True)
                return Strip(list(line.render(self.app.console)), width).crop_extend(0, width, base)
            return Strip.blank(width, base)
        is_title = row % ROW_HEIGHT == 0
        style = base + self.get_component_rich_style("document-rows--title" if is_title else "document-rows--details")
        if row // ROW_HEIGHT == self.cursor:
            style += self.get_component_rich_style("document-rows--cursor")
        if is_title:
            line = Text(" " + " ".join(clean(summary.title or summary.slug).split()), style=style, end="")
        else:
            details, publication = summary_details(summary)
            line = Text(" " + details, style=style, end="")
            line.append(publication, style + Style(italic=True))
        line.truncate(width - 1, overflow="ellipsis", pad=True)
        line.append(" ", style)
        return Strip(list(line.render(self.app.console)), width).crop_extend(0, width, base)

    def on_resize(self, event: events.Resize) -> None:
        self.size_to_rows()

    def size_to_rows(self) -> None:
        """Room for every document, plus a spare line when the view is odd, so rows stay whole at the end."""
        spare = self.scrollable_content_region.height % ROW_HEIGHT
        self.virtual_size = Size(self.size.width, self.count * ROW_HEIGHT + spare)

    def watch_cursor(self, old: int, new: int) -> None:
        for position in (old, new):
            self.refresh_lines(position * ROW_HEIGHT - int(self.scroll_offset.y), ROW_HEIGHT)

    def scroll_to_cursor(self, *, center: bool = False) -> None:
        """Scroll just enough to show the cursor's document (into the middle when jumping to it)."""
        top, height = int(self.scroll_offset.y), self.scrollable_content_region.height
        first = self.cursor * ROW_HEIGHT
        whole = height - height % ROW_HEIGHT
        if center and not top <= first < top + whole - ROW_HEIGHT:
            target = first - whole // 2
        elif first < top:
            target = first
        elif first + ROW_HEIGHT > top + whole:
            target = first + ROW_HEIGHT - whole
        else:
            return
        # Offsets in whole rows: the top line is always a title, never a document's second line.
        target = max(0, target - target % ROW_HEIGHT)
        self.scroll_to(y=target, animate=False, immediate=True)

    # -- keys and mouse ----------------------------------------------------------

    def move_to(self, position: int) -> None:
        if self.count:
            self.cursor = max(0, min(self.count - 1, position))
            self.scroll_to_cursor()

    def action_move(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_to(self.cursor + step * max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.count - 1)

    def action_select(self) -> None:
        summary = self.highlighted
        if summary is not None:
            self.post_message(DocumentList.DocumentSelected(summary.id))

    def action_toggle_sort(self) -> None:
        self.post_message(DocumentList.SortToggled())

    def action_focus_filter(self) -> None:
        hold_typing(self)
        self.screen.query_one("#document-filter", Input).focus()

    def on_click(self, event: events.Click) -> None:
        """A click opens the document clicked (as it did in the option list)."""
        position = (int(self.scroll_offset.y) + event.y) // ROW_HEIGHT
        if 0 <= position < self.count:
            self.cursor = position
            self.action_select()

    def lines_text(self) -> list[str]:
        """The title of every document in the list, in order (reads every page: for tests and small lists)."""
        return [summary.title for position in range(self.count) if (summary := self.summary_at(position))]


class DocumentList(Vertical):
    """The documents pane. Posts DocumentSelected when the user opens one."""

    sort_by: reactive[str] = reactive("date")
    """'date' (oldest first, undated last), 'title' or an attribute's name (documents without a value last)."""

    class DocumentSelected(Message):
        """The user chose a document to read."""

        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    class SortToggled(Message):
        """`s` was pressed in the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current_id: int | None = None
        self.total = 0

    def compose(self) -> ComposeResult:
        yield DocumentFilter(placeholder=FILTER_PLACEHOLDER, id="document-filter")
        yield DocumentRows(id="document-options")

    @property
    def rows(self) -> DocumentRows:
        return self.query_one(DocumentRows)

    def set_source(self, source: DocumentSource, current_id: int | None = None) -> None:
        """Read documents from ``source`` (again, after a change), keeping the filter and the highlight.

        The highlight stays on the document it was on, or goes to ``current_id``
        (the open document) when given.
        """
        rows = self.rows
        rows.source = source
        if current_id is not None:
            self.current_id = current_id
        highlighted = rows.highlighted if rows.count else None
        keep = current_id if current_id is not None else (highlighted.id if highlighted else self.current_id)
        self.total = source.document_count()
        self.refill(keep)

    def refill(self, keep: int | None = None) -> None:
        rows = self.rows
        if self.sort_by not in FIXED_ORDERS and self.sort_by not in self.sort_orders():
            # The attribute the list was sorted by is gone (deleted, or its definition undone).
            self.set_reactive(DocumentList.sort_by, "date")
        rows.query_text = self.query_one("#document-filter", Input).value
        rows.sort_by = self.sort_by
        rows.reload(keep=keep, count=None if rows.query_text.split() else self.total)
        self.border_subtitle = f"{rows.count} of {self.total} · by {self.sort_by}"

    def watch_sort_by(self) -> None:
        if self.is_mounted:
            highlighted = self.rows.highlighted
            self.refill(highlighted.id if highlighted else None)

    def on_document_list_sort_toggled(self, event: SortToggled) -> None:
        event.stop()
        self.sort_by = next_order(self.sort_by, self.sort_orders())

    def sort_orders(self) -> list[str]:
        """Date, title, then every attribute but the date: the orders `s` cycles through."""
        source = self.rows.source
        attributes = source.all_attributes() if source is not None else []
        return [*FIXED_ORDERS, *(attribute.name for attribute in attributes if attribute.name not in FIXED_ORDERS)]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        highlighted = self.rows.highlighted
        self.refill(highlighted.id if highlighted else self.current_id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the highlighted match."""
        event.stop()
        summary = self.rows.highlighted
        if summary is not None:
            # Posted here, not through the rows: a message this list sends never bubbles back to it.
            self.post_message(self.DocumentSelected(summary.id))

    def on_key(self, event: events.Key) -> None:
        """Down from the filter field moves into the list."""
        if event.key == "down" and self.query_one("#document-filter", Input).has_focus:
            event.stop()
            self.rows.focus()


def next_order(current: str, orders: list[str]) -> str:
    """The order after ``current`` (the first again after the last, or when ``current`` has gone)."""
    if current not in orders:
        return orders[0]
    return orders[(orders.index(current) + 1) % len(orders)]
