"""Provides TextPrompt: a small dialog that asks for one line of text (a note, a name, a path)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from tui.safe_text import clean, plain
from tui.widgets.key_footer import KeyFooter


class TextPrompt(ModalScreen[str | None]):
    """Ask for a line of text; Enter answers, Escape cancels (answers None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(
        self, title: str, *, value: str = "", placeholder: str = "", hint: str = "", suggester: Suggester | None = None
    ) -> None:
        """Build the dialog.

        Args:
            title: What is being asked, e.g. "Note on 'The council failed'" (may hold untrusted text).
            value: The current value, to edit (may hold untrusted text: it is shown without control
                characters, and given back exactly as it was if it is submitted unchanged).
            placeholder: Shown while the field is empty.
            hint: One line under the field saying what Enter does.
            suggester: Completes what is typed (right arrow accepts), e.g. a PathSuggester.
        """
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.shown_value = clean(value)
        """The value as the field shows it: an escape sequence in a stored note must not reach the terminal."""
        self.placeholder = placeholder
        self.hint = hint
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(value=self.shown_value, placeholder=self.placeholder, id="prompt-input", suggester=self.suggester)
            yield Label(plain(self.hint or "Enter to save, Escape to cancel"), classes="dialog-hint")
        yield KeyFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Enter on the untouched field keeps the stored text (its line breaks, say) as it was.
        self.dismiss(self.value if event.value == self.shown_value else event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
