"""Provides FilterPicker: a filter field over a list of options, the base of the tag and actor pickers."""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

ResultT = TypeVar("ResultT")


class FilterPicker(ModalScreen[ResultT]):
    """Typing refills the list (``refill``); Enter or a click picks an option (``choose``); Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="picker.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.up"),
    ]

    def refill(self, query: str) -> None:
        """List the options for what is typed (``show_options``)."""
        raise NotImplementedError

    def choose(self, option_id: str) -> None:
        """Answer with the option of this id."""
        raise NotImplementedError

    def show_options(self, options: list[Option]) -> None:
        """Replace the options, the first highlighted."""
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        option_list.highlighted = 0 if options else None

    def on_mount(self) -> None:
        self.refill("")
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self.choose(option_list.get_option_at_index(option_list.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id or "")

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        if option_list.option_count:
            current = option_list.highlighted or 0
            option_list.highlighted = max(0, min(option_list.option_count - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
