"""Provides KindPicker: choose the kind of a quote (direct, indirect, partial, term) by its first letter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from storage.attribution.corrections import QUOTE_KINDS
from tui.safe_text import plain

KIND_HELP = {
    "direct": "the speaker's own words, in quotation marks",
    "indirect": "what someone said, in the writer's words",
    "partial": "a fragment of speech quoted inside a sentence",
    "term": "a word or title in quotation marks; nobody's speech",
}


class KindPicker(ModalScreen[str | None]):
    """A short list of the kinds of quote; a kind's first letter or Enter chooses, Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="kind-picker.cancel"),
        *[
            Binding(kind[0], f"choose('{kind}')", kind.capitalize(), id=f"kind-picker.{kind}")
            for kind in QUOTE_KINDS
        ],
    ]

    def __init__(self, title: str, current: str = "") -> None:
        """Build the picker.

        Args:
            title: What the choice is for (may hold untrusted text).
            current: The kind the quote has now, highlighted first.
        """
        super().__init__(classes="dialog")
        self.title_text = title
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="kind-picker"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield OptionList(
                *[
                    Option(Content.assemble((f"{kind[0]}  ", "bold"), (kind, "bold"), (f"  {KIND_HELP[kind]}", "dim")),
                           id=kind)
                    for kind in QUOTE_KINDS
                ],
                id="kind-options",
            )
            yield Label(plain("d/i/p/t or Enter to choose; Escape to cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = QUOTE_KINDS.index(self.current) if self.current in QUOTE_KINDS else 0
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self, kind: str) -> None:
        self.dismiss(kind)

    def action_cancel(self) -> None:
        self.dismiss(None)
