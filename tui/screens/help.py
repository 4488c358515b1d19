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

from tui.widgets.key_footer import KeyFooter


def bindings_of(node_class: type[DOMNode]) -> list[Binding]:
    """The app's own bindings of a class (those with an id and a description), in declared order.

    Bindings Textual's widgets bring along ("Scroll Left", "Toggle node") are left
    out: ours cover what works, and the rest is noise in a list of keys.
    """
    found = [
        binding
        for bindings in node_class._merge_bindings().key_to_bindings.values()
        for binding in bindings
        if binding.description and binding.id
    ]
    if issubclass(node_class, App):
        found.append(Binding(node_class.COMMAND_PALETTE_BINDING, "command_palette", "Commands"))
    return found


class HelpScreen(ModalScreen[None]):
    """A scrollable sheet of keys; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(
        self, groups: Sequence[tuple[str, Sequence[type[DOMNode]]]], legend: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Build the sheet.

        Args:
            groups: (pane name, classes whose bindings work there), in the order to show.
            legend: (what the screen shows, what it means), listed after the keys.
        """
        super().__init__(classes="dialog")
        self.groups = groups
        self.legend = legend

    def sheet(self) -> Content:
        lines: list[Content] = []
        for title, classes in self.groups:
            lines.append(Content.styled(title, "bold $accent"))
            listed: set[str] = set()
            for node_class in classes:
                for binding in bindings_of(node_class):
                    keys = binding.key_display or ", ".join(
                        self.app.get_key_display(Binding(key, "")) for key in binding.key.split(",")
                    )
                    # One line per thing done: '1-9 Tag by shortcut' stands for keys 1 to 9.
                    if keys in listed or binding.description in listed:
                        continue
                    listed.update((keys, binding.description))
                    lines.append(Content.assemble((f"  {keys:>12}  ", "bold"), binding.description))
            lines.append(Content(""))
        if self.legend:
            lines.append(Content.styled("What the screen shows", "bold $accent"))
            lines += [Content.assemble((f"  {shown:>12}  ", "bold"), meaning) for shown, meaning in self.legend]
        return Content("\n").join(lines)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-box", id="help"):
            yield Static(self.sheet(), id="help-keys")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
