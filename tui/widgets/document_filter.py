"""Provides DocumentFilter: the field over the document list that narrows it as you type."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class DocumentFilter(Input):
    """A filter field: Escape empties it, a second Escape goes back to the list."""

    BINDINGS = [Binding("escape", "clear_or_leave", "Clear, then leave", id="document-filter.escape")]

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.clear()
        else:
            self.screen.query_one("#document-options").focus()
