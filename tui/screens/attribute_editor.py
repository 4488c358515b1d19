"""Provides AttributeEditor: a document's attributes (outlet, date, region...), each set from the keyboard.

Enter on an attribute edits its value in place: a line to type for text, a
number or a date, a list to pick from for a choice. Each value is saved (and
journaled, so `u` undoes it) as soon as it is entered; the editor stays open
for the next one. Built-in attributes come from the article's file and are
shown, not edited.
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

SaveValue = Callable[[Attribute, str], tuple[bool, str]]
"""Saves a value of an attribute for the document: (True, the value as stored) once committed, else (False, why not)."""


class AttributeEditor(ModalScreen[bool]):
    """The attributes of one document; answers whether anything was changed."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="attributes.close"),
        Binding("n", "define", "New attribute", id="attributes.define"),
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

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="attribute-editor"):
            yield Label(plain(f"Attributes of “{one_line(self.title_text, 50)}”"), classes="dialog-title")
            yield OptionList(*self.rows(), id="attribute-options")
            yield Label("", id="attribute-prompt", classes="dialog-hint")
            yield Input(id="attribute-value", classes="-hidden")
            yield OptionList(id="attribute-choices", classes="-hidden")
            yield Label(plain(HINT), id="attribute-hint", classes="dialog-hint")
        yield KeyFooter()

    def rows(self) -> list[Option]:
        """One line per attribute: name, value and where it comes from, in columns."""
        values = [one_line(self.values.get(attribute.name, "") or NO_VALUE, VALUE_WIDTH) for attribute in self.attributes]
        name_width = max((len(attribute.name) for attribute in self.attributes), default=0) + 2
        value_width = max((len(value) for value in values), default=0) + 2
        return [
            Option(
                Content.assemble(
                    (clean(attribute.name).ljust(name_width), "bold"),
                    (value.ljust(value_width), ""),
                    ("from the file" if attribute.is_builtin else attribute.kind, "dim"),
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
        attribute = self.attributes[event.option_index]
        if attribute.is_builtin:
            self.say(f"{attribute.name} comes from the article's file; filter by it with {attribute.name}:…")
            return
        self.edit(attribute)

    def edit(self, attribute: Attribute) -> None:
        """Open the value field (or the list of choices) for ``attribute``."""
        self.editing = attribute
        self.query_one("#attribute-prompt", Label).update(plain(f"{attribute.name}: {KIND_HINTS[attribute.kind]}"))
        current = self.values.get(attribute.name, "")
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
        saved, said = self.save(attribute, value)
        if not saved:
            self.say(f"Not saved: {said}")
            return
        self.changed = True
        self.values[attribute.name] = said
        self.show_values()
        self.say(f"Saved {attribute.name} (u undoes, once this is closed)")

    def show_values(self) -> None:
        """Back to the list, showing the values as they are now."""
        options = self.query_one("#attribute-options", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self.rows())
        options.highlighted = highlighted
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
        else:
            self.dismiss(self.changed)

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
        options = self.query_one("#attribute-options", OptionList)
        options.highlighted = len(self.attributes) - 1
        self.edit(attribute)
