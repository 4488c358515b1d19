"""Provides DocumentList: the filterable, sortable list of documents (a filter field over an OptionList)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from storage.store import DocumentSummary
from tui.safe_text import plain
from tui.widgets.document_filter import DocumentFilter


def summary_matches(summary: DocumentSummary, query: str) -> bool:
    """True when every word typed appears in the title, publication, author, date or 'needs review' flag."""
    flag = NEEDS_REVIEW if summary.needs_review else ""
    haystack = " ".join((summary.title, summary.publication, summary.author, summary.published, flag)).casefold()
    return all(word in haystack for word in query.casefold().split())


NEEDS_REVIEW = "needs review"
"""Shown on a document whose text is the importer's best guess (no clear article was found in the page)."""


def summary_prompt(summary: DocumentSummary) -> Content:
    """Two lines: the title, then date, counts, a 'needs review' flag and publication (untrusted text kept plain).

    The publication goes last so that, in a narrow pane, wrapping pushes it (not the
    counts) onto another line.
    """
    details = [part for part in (summary.published[:10], f"{summary.quote_count}q {summary.annotation_count}a") if part]
    return Content.assemble(
        plain(summary.title or summary.slug, "bold"),
        "\n",
        (" · ".join(details), "dim"),
        (f" · {NEEDS_REVIEW}" if summary.needs_review else "", "bold yellow"),
        plain(f" · {summary.publication}" if summary.publication else "", "dim italic"),
    )


class DocumentOptions(OptionList):
    """The list itself; `s` sorts, `f` jumps to the filter field."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="documents.open"),
        Binding("s", "toggle_sort", "Sort", id="documents.sort"),
        Binding("f", "focus_filter", "Filter", id="documents.filter"),
        Binding("j", "cursor_down", "Down", show=False, id="documents.down"),
        Binding("k", "cursor_up", "Up", show=False, id="documents.up"),
    ]

    def action_toggle_sort(self) -> None:
        self.post_message(DocumentList.SortToggled())

    def action_focus_filter(self) -> None:
        self.screen.query_one("#document-filter", Input).focus()


class DocumentList(Vertical):
    """The documents pane. Posts DocumentSelected when the user opens one."""

    sort_by: reactive[str] = reactive("date")
    """'date' (oldest first, undated last) or 'title'."""

    class DocumentSelected(Message):
        """The user chose a document to read."""

        def __init__(self, document_id: int) -> None:
            super().__init__()
            self.document_id = document_id

    class SortToggled(Message):
        """`s` was pressed in the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summaries: list[DocumentSummary] = []
        self.current_id: int | None = None
        self.options_by_summary: dict[DocumentSummary, Option] = {}
        """One Option per summary, kept while the summary is unchanged: an Option keeps its drawn
        prompt and measured height, so filtering thousands of documents does not draw them again."""

    def compose(self) -> ComposeResult:
        yield DocumentFilter(placeholder="filter documents", id="document-filter")
        yield DocumentOptions(id="document-options")

    @property
    def options(self) -> DocumentOptions:
        return self.query_one(DocumentOptions)

    def set_documents(self, summaries: list[DocumentSummary], current_id: int | None = None) -> None:
        """Show these documents (keeping the filter), highlighting ``current_id`` if given."""
        self.summaries = summaries
        kept = self.options_by_summary
        self.options_by_summary = {
            summary: kept.get(summary) or Option(summary_prompt(summary), id=f"doc-{summary.id}")
            for summary in summaries
        }
        if current_id is not None:
            self.current_id = current_id
        self.refill()

    def shown_summaries(self) -> list[DocumentSummary]:
        """The summaries that match the filter, in the chosen order."""
        query = self.query_one("#document-filter", Input).value
        shown = [s for s in self.summaries if summary_matches(s, query)]
        if self.sort_by == "title":
            return sorted(shown, key=lambda s: (s.title.casefold(), s.id))
        return sorted(shown, key=lambda s: (not s.published, s.published, s.id))

    def refill(self) -> None:
        options = self.options
        highlighted = options.highlighted_option
        keep = highlighted.id if highlighted else f"doc-{self.current_id}"
        options.set_options(self.options_by_summary[summary] for summary in self.shown_summaries())
        ids = [option.id for option in options.options]
        if not ids and self.summaries:
            options.add_option(Option(plain("no documents match", "dim italic"), disabled=True))
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0
        self.border_subtitle = f"{len(ids)} of {len(self.summaries)} · by {self.sort_by}"

    def watch_sort_by(self) -> None:
        if self.is_mounted:
            self.refill()

    def on_document_list_sort_toggled(self, event: SortToggled) -> None:
        event.stop()
        self.sort_by = "title" if self.sort_by == "date" else "date"

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter opens the first match."""
        event.stop()
        highlighted = self.options.highlighted_option
        if highlighted is not None and highlighted.id:
            self.post_message(self.DocumentSelected(int(highlighted.id.removeprefix("doc-"))))

    def on_key(self, event: events.Key) -> None:
        """Down from the filter field moves into the list."""
        if event.key == "down" and self.query_one("#document-filter", Input).has_focus:
            event.stop()
            self.options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.DocumentSelected(int(event.option.id.removeprefix("doc-"))))
