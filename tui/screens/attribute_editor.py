"""Provides AttributeEditor: a document's attributes (outlet, date, region...), each set from the keyboard.

Enter on an attribute edits its value in place: a line to type for text, a
number or a date, a list to pick from for a choice. Each value is checked at
once and saved (and journaled, so `u` undoes it) through the app's write queue:
while another program holds the write lock the list shows the value as
"saving…" and keeps taking keys, and it says "Saved" only once the value is
committed. A value that cannot be saved stays in its row, marked "not saved",
and Enter on it brings it back to save again. Built-in attributes (outlet,
date, author, section) are read from the article's file and corrected here
the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from storage.models import Attribute
from tui.safe_text import clean, one_line, plain
from tui.type_ahead import hold_typing
from tui.widgets.key_footer import KeyFooter

NO_VALUE = "—"
VALUE_WIDTH = 36
"""Longer values are cut with an ellipsis in the list (the field shows them whole)."""
CLEAR_CHOICE = "(no value)"
KIND_HINTS = {
    "text": "any text",
    "number": "a number, e.g. 12 or 3.5",
    "date": "a date: 2014, 2014-03 or 2014-03-07",
    "choice": "pick one",
}
HINT = "Enter to set the highlighted attribute · n new attribute · Escape to close"

SaveValue = Callable[[Attribute, str, Callable[[str], None], Callable[[str], None]], None]
"""Asks for a value of an attribute to be saved for the document: ``saved(value as stored)`` runs once it is
committed, ``refused(why)`` if it cannot be."""


class AttributeEditor(ModalScreen[bool]):
    """The attributes of one document; answers whether anything was changed."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="attributes.close"),
        Binding("n", "define", "New attribute", id="attributes.define"),
        Binding("j", "move(1)", "Down", show=False, id="attributes.down"),
        Binding("k", "move(-1)", "Up", show=False, id="attributes.up"),
    ]

    def __init__(
        self,
        title: str,
        attributes: list[Attribute],
        values: dict[str, str],
        save: SaveValue,
        define: Callable[[Callable[[Attribute], None]], None],
    ) -> None:
        """Build the editor.

        Args:
            title: The document's title (untrusted text).
            attributes: Every attribute, built in first.
            values: The document's value of each, by attribute name ("" for none).
            save: Writes one value (see SaveValue).
            define: Asks the researcher for a new attribute, then calls back with it once it is saved.
        """
        super().__init__(classes="dialog")
        self.title_text = title
        self.attributes = list(attributes)
        self.values = dict(values)
        self.save = save
        self.define = define
        self.editing: Attribute | None = None
        self.changed = False
        self.pending: dict[str, str] = {}
        """Values asked for and not committed yet, by attribute name."""
        self.unsaved: dict[str, str] = {}
        """Values that could not be saved, by attribute name: shown, and offered again by Enter."""
        self.close_when_saved = False
        self.asking = False
        """A save is being asked for: a refusal now is at once, while its field is still open."""
        self.leaving = False
        """Escape was pressed with values not saved: a second Escape closes without them."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="attribute-editor"):
            yield Label(plain(f"Attributes of “{one_line(self.title_text, 50)}”"), classes="dialog-title")
            yield OptionList(*self.rows(), id="attribute-options")
            yield Label("", id="attribute-prompt", classes="dialog-hint")
            yield Input(id="attribute-value", classes="-hidden")
            yield OptionList(id="attribute-choices", classes="-hidden")
            yield Label(plain(HINT), id="attribute-hint", classes="dialog-hint")
        yield KeyFooter()

    def shown_value(self, name: str) -> str:
        """The value to show: one waiting to be saved, or one that could not be, before the stored one."""
        return self.pending.get(name, self.unsaved.get(name, self.values.get(name, "")))

    def source(self, attribute: Attribute) -> str:
        if attribute.name in self.pending:
            return "saving…"
        if attribute.name in self.unsaved:
            return "not saved"
        return "from the file" if attribute.is_builtin else attribute.kind

    def rows(self) -> list[Option]:
        """One line per attribute: name, value and where it comes from (or how its save goes), in columns."""
        values = [one_line(self.shown_value(attribute.name) or NO_VALUE, VALUE_WIDTH) for attribute in self.attributes]
        name_width = max((len(attribute.name) for attribute in self.attributes), default=0) + 2
        value_width = max((len(value) for value in values), default=0) + 2
        return [
            Option(
                Content.assemble(
                    (clean(attribute.name).ljust(name_width), "bold"),
                    (value.ljust(value_width), ""),
                    (self.source(attribute), "bold red" if attribute.name in self.unsaved else "dim"),
                ),
                id=f"attribute-{index}",
            )
            for index, (attribute, value) in enumerate(zip(self.attributes, values, strict=True))
        ]

    def on_mount(self) -> None:
        options = self.query_one("#attribute-options", OptionList)
        first_own = next((i for i, a in enumerate(self.attributes) if not a.is_builtin), 0)
        options.highlighted = first_own
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "attribute-choices":
            assert self.editing is not None
            value = "" if event.option_index == len(self.editing.choices) else self.editing.choices[event.option_index]
            self.store_value(self.editing, value)
            return
        self.edit(self.attributes[event.option_index])

    def edit(self, attribute: Attribute) -> None:
        """Open the value field (or the list of choices) for ``attribute``, its row highlighted."""
        self.editing = attribute
        self.query_one("#attribute-options", OptionList).highlighted = self.attributes.index(attribute)
        read = " · a correction of the file's" if attribute.is_builtin else ""
        self.query_one("#attribute-prompt", Label).update(plain(f"{attribute.name}: {KIND_HINTS[attribute.kind]}{read}"))
        current = self.shown_value(attribute.name)
        self.say("Enter saves (an empty value removes it) · Escape goes back to the list")
        if attribute.kind == "choice":
            choices = self.query_one("#attribute-choices", OptionList)
            choices.clear_options()
            choices.add_options([Option(plain(choice)) for choice in attribute.choices])
            choices.add_option(Option(plain(CLEAR_CHOICE, "dim")))
            choices.highlighted = attribute.choices.index(current) if current in attribute.choices else 0
            choices.remove_class("-hidden")
            choices.focus()
        else:
            field = self.query_one("#attribute-value", Input)
            field.value = clean(current)
            field.remove_class("-hidden")
            field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.editing is not None:
            self.store_value(self.editing, event.value)

    def store_value(self, attribute: Attribute, value: str) -> None:
        """Ask for the value to be saved; until it is, its row says "saving…" and the keys go on working."""
        if value == self.pending.get(attribute.name, self.values.get(attribute.name, "")):
            self.unsaved.pop(attribute.name, None)
            self.show_values()  # nothing changed (a date read as '2015-12-31T10:00' need not be rewritten)
            return
        self.pending[attribute.name] = value
        self.unsaved.pop(attribute.name, None)
        self.asking = True
        try:
            self.save(attribute, value, lambda stored: self.stored(attribute, value, stored),
                      lambda why: self.refused(attribute, value, why))
        finally:
            self.asking = False
        if attribute.name in self.pending:  # not made at once: another program holds the write lock
            self.show_values()
            self.say(f"Saving {attribute.name} once another program's write is done…")

    def answered(self, attribute: Attribute, asked: str) -> None:
        """The save of ``asked`` is over: its row stops saying "saving…" unless a later value still waits."""
        if self.pending.get(attribute.name) == asked:
            del self.pending[attribute.name]

    def stored(self, attribute: Attribute, asked: str, value: str) -> None:
        self.answered(attribute, asked)
        self.changed = True
        self.values[attribute.name] = value
        if not self.is_attached:
            return
        self.show_values(keep_editing=self.editing is not None and self.editing != attribute)
        self.say(f"Saved {attribute.name} (u undoes, once this is closed)")
        self.close_if_saved()

    def refused(self, attribute: Attribute, value: str, why: str) -> None:
        """A value refused at once (one the attribute cannot take) stays in its field; one that could not be saved
        later stays in its row, and Enter on it (or the field, reopened) tries again."""
        self.answered(attribute, value)
        if self.asking:
            self.say(f"Not saved: {why}")
            return
        self.unsaved[attribute.name] = value
        if not self.is_attached:
            return
        self.close_when_saved = self.leaving = False
        if self.editing is None or self.editing == attribute:
            self.show_values()
            self.edit(attribute)
        else:
            self.show_values(keep_editing=True)
        self.say(f"Not saved: {why}")

    def show_values(self, *, keep_editing: bool = False) -> None:
        """Show the values as they are now, and go back to the list unless ``keep_editing``."""
        options = self.query_one("#attribute-options", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self.rows())
        options.highlighted = highlighted
        if not keep_editing:
            self.stop_editing()

    def stop_editing(self) -> None:
        self.editing = None
        self.query_one("#attribute-prompt", Label).update("")
        for widget in self.query("#attribute-value, #attribute-choices"):
            widget.add_class("-hidden")
        self.query_one("#attribute-options", OptionList).focus()

    def say(self, message: str) -> None:
        self.query_one("#attribute-hint", Label).update(plain(message))

    def action_close(self) -> None:
        """Escape leaves the value being edited first, then the editor."""
        if self.editing is not None:
            self.stop_editing()
            self.say(HINT)
            return
        if self.unsaved and not self.leaving:
            self.leaving = True
            self.say(f"Not saved: {', '.join(self.unsaved)}. Enter on it tries again · Escape again closes without it")
            return
        self.close_when_saved = True
        if self.pending:
            self.say("Closing once saved: another program is writing…")
        self.close_if_saved()

    def close_if_saved(self) -> None:
        if self.close_when_saved and not self.pending:
            self.close_when_saved = False
            self.dismiss(self.changed)

    def action_move(self, step: int) -> None:
        """`j`/`k` in the list (in the value field they are letters: the field takes them first)."""
        options = self.query_one("#attribute-options", OptionList)
        if not options.has_focus:
            return
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_define(self) -> None:
        hold_typing(self)
        if self.editing is None:
            self.define(self.defined)

    def defined(self, attribute: Attribute) -> None:
        """A new attribute: list it and start on its value (unless the editor was closed while it waited to be saved)."""
        if self not in self.app.screen_stack:
            return
        self.attributes.append(attribute)
        self.values[attribute.name] = ""
        self.show_values()
        self.edit(attribute)
