"""Provides TypeAhead: keys typed right after a key that opens a dialog or a text box go into it.

Textual hands each key to the focused widget's own message queue and runs the
key's binding only when the key has bubbled back up to the app. Keys typed
quickly after a key that opens a dialog (`t` then a tag's name, `/` then a
query, `f` then a filter) are therefore already on their way to the old focus
when the dialog's text box takes the focus, and run the old pane's bindings
instead: `/` then `1990` would tag the passage four times. An action that opens
a dialog calls `hold_typing`; from then on the app keeps every key, and hands
them on, in the order they were typed, once the focus has moved to a text box
or to another screen (or after HOLD_LIMIT, if nothing opened).
"""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

HOLD_LIMIT = 1.5
"""Seconds the keys are held at most by default: an action may open nothing (nothing selected), and then
the keys go where the focus is, late rather than lost."""


class TypeAhead(App[None]):
    """An app that can hold keys for the dialog or text box an action is opening."""

    def __init__(self) -> None:
        super().__init__()
        self._held_keys: list[events.Key] | None = None
        self._holding_screen: Screen[object] | None = None
        self._hold_timer: Timer | None = None

    def hold_keys(self, limit: float | None = HOLD_LIMIT) -> None:
        """Keep the keys typed from now on until a text box or another screen takes the focus.

        ``limit``: seconds after which they go to the focus anyway; None for an action that
        always ends in a dialog or a notice (a worker building the search index).
        """
        if self._held_keys is None:
            self._held_keys = []
            self._holding_screen = self.screen
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if limit is not None:
            self._hold_timer = self.set_timer(limit, self.release_keys, name="type-ahead")

    async def on_event(self, event: events.Event) -> None:
        # Keys on their way in and keys bubbling back up alike: those typed after the action's key
        # must not run the old pane's bindings.
        if self._held_keys is not None and isinstance(event, events.Key):
            self._held_keys.append(event)
            return
        await super().on_event(event)

    def notify(self, *args: object, **options: object) -> None:  # type: ignore[override]
        # A notice while keys are held says the action opened nothing ("put the cursor on a tag
        # first"): the keys go back to the pane at once rather than after HOLD_LIMIT.
        super().notify(*args, **options)  # type: ignore[arg-type]
        if self._held_keys is not None:
            self.call_later(self.release_keys)

    async def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Multi-line editors (notes, memos) are screens of their own, so the other-screen test covers
        # them, and TextArea stays out of the launch's imports.
        if self._held_keys is not None and (
            isinstance(event.widget, Input) or event.widget.screen is not self._holding_screen
        ):
            await self.release_keys()

    async def release_keys(self) -> None:
        """Hand the held keys on as if typed now, oldest first; keys arriving meanwhile queue behind them."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        while self._held_keys:
            # Keys bubbling back from the old pane and keys newly typed arrive interleaved: typing order wins.
            held = min(self._held_keys, key=lambda key: key.time)
            self._held_keys.remove(held)
            await super().on_event(events.Key(held.key, held.character))
        self._held_keys = None
        self._holding_screen = None


def hold_typing(node: DOMNode, limit: float | None = HOLD_LIMIT) -> None:
    """Called by an action about to open a dialog or focus a text box: what is typed next goes there."""
    if isinstance(node.app, TypeAhead):
        node.app.hold_keys(limit)
