"""Provides AttributeDefinition: a dialog that defines a document attribute (name, kind, allowed values)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from storage.attribute_values import ATTRIBUTE_KINDS
from tui.safe_text import plain
from tui.widgets.key_footer import KeyFooter

KIND_LABELS = {
    "text": "text: any words (a section, a byline)",
    "number": "number: compared as numbers (circulation, page)",
    "date": "date: 2014, 2014-03 or 2014-03-07",
    "choice": "choice: one of a list you give (region: north, south)",
}


@dataclass(frozen=True)
class AttributeSpec:
    """What the researcher asked for; the Store checks it."""

    name: str
    kind: str
    choices: tuple[str, ...]


class AttributeDefinition(ModalScreen[AttributeSpec | None]):
    """Name, kind and (for a choice) the allowed values, comma-separated; Enter in a field saves."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="attribute-definition.cancel")]

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="attribute-definition"):
            yield Label("Define an attribute", classes="dialog-title")
            yield Input(placeholder="name, e.g. region (no spaces)", id="attribute-name")
            yield Select([(KIND_LABELS[kind], kind) for kind in ATTRIBUTE_KINDS], value="text", allow_blank=False,
                         id="attribute-kind")  # fmt: skip
            yield Input(placeholder="allowed values, comma-separated (choice only)", id="attribute-allowed")
            yield Label(plain("Tab between fields · Enter to save · Escape to cancel"), classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#attribute-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        kind = str(self.query_one("#attribute-kind", Select).value)
        allowed = self.query_one("#attribute-allowed", Input).value
        choices = tuple(part for part in allowed.split(",") if part.strip()) if kind == "choice" else ()
        self.dismiss(AttributeSpec(self.query_one("#attribute-name", Input).value, kind, choices))

    def action_cancel(self) -> None:
        self.dismiss(None)
