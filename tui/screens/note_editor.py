"""Provides NoteEditor: a dialog to write a note of several lines (a TextArea); ctrl+s saves, Escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from tui.safe_text import clean, plain


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; Enter starts a new line, ctrl+s saves (answers the text), Escape cancels (answers None)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    HINT = "Enter for a new line, ctrl+s to save, Escape to cancel"
    """The line under the text: how to save and leave."""

    def __init__(self, title: str, *, value: str = "") -> None:
        """Build the dialog.

        Args:
            title: What the note is on, e.g. "Note on 'Funding'" (may hold untrusted text).
            value: The current note (untrusted: shown without control characters, and given
                back exactly as it was if it is saved unchanged).
        """
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.shown_value = clean(value, keep_newlines=True)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="note-editor"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield TextArea(self.shown_value, soft_wrap=True, show_line_numbers=False, id="note-text")
            yield Label(plain(self.HINT), classes="dialog-hint", id="note-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        """What the text area holds now."""
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.value if self.text == self.shown_value else self.text)

    def action_cancel(self) -> None:
        self.dismiss(None)
