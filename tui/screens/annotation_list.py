"""Provides AnnotationList: every annotation of one tag across the corpus, to jump to one."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.safe_text import one_line, plain
from tui.widgets.key_footer import KeyFooter


@dataclass(frozen=True)
class AnnotationEntry:
    """One annotation as listed: where it is and what it covers."""

    document_id: int
    document_title: str
    start: int
    end: int
    text: str
    note: str
    comment_id: int | None = None
    """The reader comment the offsets are into, if any."""


class AnnotationList(ModalScreen[AnnotationEntry | None]):
    """A list of annotations; Enter jumps to the chosen one, Escape goes back."""

    BINDINGS = [
        Binding("escape", "cancel", "Back", id="annotations.back"),
        Binding("j", "cursor(1)", "Down", show=False, id="annotations.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="annotations.up"),
    ]

    def __init__(
        self, title: str, entries: list[AnnotationEntry], empty: str = "No annotations with this tag yet"
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.entries = entries
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="annotation-list"):
            yield Label(plain(self.title_text), classes="dialog-title")
            options = [
                Option(
                    Content.assemble(
                        plain(one_line(entry.document_title, 60), "bold"),
                        "\n  “",
                        plain(one_line(entry.text, 200)),
                        "”",
                        plain(f"\n  note: {one_line(entry.note, 200)}" if entry.note else "", "italic"),
                    ),
                    id=f"entry-{index}",
                )
                for index, entry in enumerate(self.entries)
            ] or [Option(plain(self.empty, "dim italic"), disabled=True)]
            yield OptionList(*options, id="annotation-options")
            yield Label(plain("Enter to jump there, Escape to go back"), classes="dialog-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(self.entries[int(event.option.id.removeprefix("entry-"))])

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
