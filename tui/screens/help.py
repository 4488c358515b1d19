"""Provides HelpScreen: every key of the app, generated from the bindings and grouped by pane."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static


def bindings_of(node_class: type[DOMNode]) -> list[Binding]:
    """The bindings a class has, its own and inherited, that describe themselves, in declared order."""
    found = [
        binding
        for bindings in node_class._merge_bindings().key_to_bindings.values()
        for binding in bindings
        if binding.description
    ]
    if issubclass(node_class, App):
        found.append(Binding(node_class.COMMAND_PALETTE_BINDING, "command_palette", "Commands"))
    return found


class HelpScreen(ModalScreen[None]):
    """A scrollable sheet of keys; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self, groups: Sequence[tuple[str, Sequence[type[DOMNode]]]]) -> None:
        """Build the sheet.

        Args:
            groups: (pane name, classes whose bindings work there), in the order to show.
        """
        super().__init__(classes="dialog")
        self.groups = groups

    def sheet(self) -> Content:
        lines: list[Content] = []
        for title, classes in self.groups:
            lines.append(Content.styled(title, "bold $accent"))
            listed: set[str] = set()
            for node_class in classes:
                for binding in bindings_of(node_class):
                    keys = ", ".join(self.app.get_key_display(Binding(key, "")) for key in binding.key.split(","))
                    if keys in listed:
                        continue
                    listed.add(keys)
                    lines.append(Content.assemble((f"  {keys:>12}  ", "bold"), binding.description))
            lines.append(Content(""))
        return Content("\n").join(lines)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box", id="help"):
            yield Static(self.sheet(), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
