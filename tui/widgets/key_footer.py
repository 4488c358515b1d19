"""Provides KeyFooter: the keys that work where the focus is, drawn as one line."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.keys import _character_to_key, key_to_character
from textual.screen import Screen
from textual.widget import Widget


PRINTABLE_KEYS = {_character_to_key(chr(code)): chr(code) for code in range(0x20, 0x7F)}
"""Key names of the printable ASCII characters ("slash" -> "/"), which key_to_character misses some of."""


def character_of(key: str) -> str | None:
    """The character a key types, if any."""
    return PRINTABLE_KEYS.get(key) or key_to_character(key)


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it, and the columns it takes."""

    key: str
    action: str
    label: Content
    enabled: bool
    start: int = 0
    continues: bool = False
    """A key of a group drawn before the group's next key (`` j`` of ``j k Sentence``): shown only with it."""

    @property
    def end(self) -> int:
        return self.start + self.label.cell_length


class KeyFooter(Widget):
    """The shown bindings of the focused widget and its ancestors, with the palette key on the right.

    Textual's Footer mounts a widget per key, a frame after the rest of the screen,
    and mounts them again on every focus change; this one widget draws one line, so
    the keys are in the first frame and a focus change costs one repaint. Clicking a
    key presses it.
    """

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--disabled"}

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, pinned: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pinned = pinned
        self.placed: list[FooterKey] = []
        """The keys as last drawn, with their columns, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[FooterKey], FooterKey | None]:
        """The keys to show, one per action in binding order, and the command palette's key.

        Neighbouring bindings of one group (``Binding.Group``) share one description:
        ``j k Sentence`` rather than ``j Next sentence k Previous sentence``.
        """
        bindings: list[tuple[Binding, bool]] = []
        actions: set[str] = set()
        palette: FooterKey | None = None
        focused = self.screen.focused
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if focused is not None and focused.check_consume_key(binding.key, character_of(binding.key)):
                continue  # A field the focus is in types this key: offering it would be a lie.
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                label = self.label(self.app.get_key_display(binding), binding.description, active.enabled)
                palette = FooterKey(binding.key, binding.action, label, active.enabled)
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)
                bindings.append((binding, active.enabled))
        shown: list[FooterKey] = []
        for group, members in groupby(bindings, key=lambda pair: pair[0].group):
            grouped = list(members)
            if group is None or len(grouped) == 1:
                for binding, enabled in grouped:
                    label = self.label(self.app.get_key_display(binding), binding.description, enabled)
                    shown.append(FooterKey(binding.key, binding.action, label, enabled))
                continue
            # Each key of the group stays a key of its own (a click presses that one); the last carries
            # the group's description.
            for index, (binding, enabled) in enumerate(grouped, start=1):
                last = index == len(grouped)
                label = self.label(self.app.get_key_display(binding), group.description if last else None, enabled)
                shown.append(FooterKey(binding.key, binding.action, label, enabled, continues=not last))
        return shown, palette

    def label(self, key: str, description: str | None, enabled: bool) -> Content:
        """`` q Quit ``: the key bold on its own colour, like Textual's own footer.

        A ``description`` of None is a key inside a group, drawn as `` j`` to sit before the
        group's last key: `` j k Sentence ``.
        """
        key_text = f" {key}" if description is None else f" {key} "
        key_part = Content(key_text).stylize(self.get_visual_style("key-footer--key"))
        description_part = Content(f"{description} " if description else "").stylize(
            self.get_visual_style("key-footer--description")
        )
        label = Content.assemble(key_part, description_part)
        return label if enabled else label.stylize(self.get_visual_style("key-footer--disabled"))

    def render(self) -> Content:
        shown, palette = self.keys()
        width = self.size.width
        right = [palette] if palette is not None else []
        if sum(key.label.cell_length for key in shown + right) > width:
            pinned = next((key for key in shown if key.action == self.pinned), None)
            if pinned is not None:
                shown.remove(pinned)
                right.insert(0, pinned)
        right_width = sum(key.label.cell_length for key in right)
        if right_width > width:
            right, right_width = [], 0
        placed: list[FooterKey] = []
        column = 0
        for key in shown:
            if column + key.label.cell_length > width - right_width:
                break
            placed.append(replace(key, start=column))
            column += key.label.cell_length
        while placed and placed[-1].continues:
            placed.pop()  # a group cut short would show keys without saying what they do
        column = width - right_width
        for key in right:
            placed.append(replace(key, start=column))
            column += key.label.cell_length
        self.placed = placed
        parts: list[Content | str] = []
        end = 0
        for key in placed:
            parts += [" " * (key.start - end), key.label]
            end = key.end
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        key = next((key for key in self.placed if key.start <= event.x < key.end), None)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
