"""Provides MemoEditor: the note editor for memos and descriptions, saved as the researcher types.

A memo is long-lived writing (a project memo, a document's memo, a tag's
definition, an actor's description), so there is no Cancel: the text is saved a
moment after typing stops, on ctrl+s and on close. Saves go through the app's
write queue, so while another program holds the write lock the editor keeps
taking keys and the save waits its turn. The line under the text says "Saved"
only once the Store has committed it; Escape closes once everything typed is
saved. A save that fails says why and leaves the text in the editor: ctrl+s
tries again, and a second Escape leaves it unsaved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, TextArea

from storage.models import MemoSubject
from storage.store import Store
from tui.safe_text import clean, plain
from tui.screens.note_editor import NoteEditor
from tui.writes import Failure, WriteQueue

AUTOSAVE_SECONDS = 1.5
"""Seconds of stillness after typing before the memo is saved (not a write per keypress)."""

MemoSave = Callable[[str, Callable[[], None], Callable[[Failure], None]], None]
"""Asks for a memo's text to be committed: ``saved()`` runs once it is, ``failed(why)`` if it cannot be."""


class MemoEditor(NoteEditor):
    """Write a memo; it is saved as you type, on ctrl+s and on Escape (which closes). Answers the text saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save now", id="memo.save"),
        Binding("escape", "close", "Close (saves)", id="memo.close"),
    ]

    HINT = "Saved as you type · Enter for a new line · ctrl+s saves now · Escape saves and closes"

    def __init__(self, title: str, *, value: str = "", save: MemoSave) -> None:
        """Build the editor.

        Args:
            title: What the memo is on (may hold untrusted text).
            value: The memo as stored.
            save: Asks for the text to be committed; called after a pause in typing, on ctrl+s and on close.
        """
        super().__init__(title, value=value)
        self.save = save
        self.saved_text = self.shown_value
        """The text last committed (or loaded)."""
        self.asked_text: str | None = None
        """The text of the latest save asked for and not committed yet (None when no save waits)."""
        self.close_with: str | None = None
        """Escape was pressed over this text: the editor closes once it is committed (not if typing changed it)."""
        self.closing = False
        """Escape was pressed and the save failed: a second Escape leaves the text unsaved."""
        self.autosave: Timer | None = None
        self.typed = self.shown_value
        """The text as last typed, kept here so the app's closing can save it without its widgets."""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.typed = event.text_area.text
        if self.autosave is not None:
            self.autosave.stop()
        self.autosave = self.set_timer(AUTOSAVE_SECONDS, self.save_now)

    @property
    def latest_text(self) -> str:
        """The text that is saved, or will be once the waiting save is made."""
        return self.asked_text if self.asked_text is not None else self.saved_text

    def save_now(self) -> None:
        """Ask for the text to be committed if it changed; the line under it says how that goes."""
        if self.autosave is not None:
            self.autosave.stop()
            self.autosave = None
        text = self.text
        if text == self.latest_text:
            return
        self.asked_text = text
        self.closing = False
        self.save(text, lambda: self.committed(text), self.refused)
        if self.asked_text is not None:  # not made at once: another program holds the write lock
            self.show_status("Saving once another program's write is done (keep typing)…")

    def committed(self, text: str) -> None:
        self.saved_text = text
        if self.asked_text == text:
            self.asked_text = None
        if not self.is_attached:
            return
        if self.asked_text is None:
            self.show_status(f"Saved {datetime.now():%H:%M:%S}")
        self.close_if_saved()

    def refused(self, error: Failure) -> None:
        """A save failed (or waited too long): say so; the text stays here to save again."""
        self.asked_text = None
        if not self.is_attached:
            return
        self.closing = self.close_with is not None
        self.close_with = None
        self.show_status(f"Not saved: {error}. ctrl+s tries again · Escape again closes without saving", error=True)

    def close_if_saved(self) -> None:
        if self.close_with is not None and self.asked_text is None and self.close_with == self.saved_text == self.text:
            self.close_with = None
            self.dismiss(self.saved_text)

    def on_unmount(self) -> None:
        """The app is closing over the editor (ctrl+c, the terminal closed): save what was typed since."""
        if self.autosave is not None:
            self.autosave.stop()
        if self.typed != self.latest_text:
            # Nowhere left to say how it went; the app's quit waits for the queue while a save waits for the lock.
            self.save(self.typed, lambda: None, lambda error: None)

    def show_status(self, message: str, *, error: bool = False) -> None:
        hint = self.query_one("#note-hint", Label)
        hint.update(plain(message))
        hint.set_class(error, "-error")

    def action_save(self) -> None:
        self.save_now()

    def action_close(self) -> None:
        """Close once what was typed is committed; after a failed save, a second Escape closes without it."""
        if self.closing:
            self.typed = self.latest_text  # left unsaved on purpose: not saved on the way out either
            self.dismiss(None)
            return
        self.close_with = self.text
        self.save_now()
        if self.close_with is not None and self.asked_text is not None:
            self.show_status("Closing once saved: another program is writing…")
        self.close_if_saved()


def memo_saver(store: Store, writes: WriteQueue, subject: MemoSubject, coder: str) -> MemoSave:
    """Save one editing session's text through ``writes``: every save after the first amends the same journal entry
    (one undo). Saves are made in the order asked, so each one reads the entry the one before it wrote."""
    entry: int | None = None

    def save(text: str, saved: Callable[[], None], failed: Callable[[Failure], None]) -> None:
        def made(written: int) -> None:
            nonlocal entry
            entry = written
            saved()

        writes.submit(lambda: store.save_memo(subject, text, coder=coder, amend=entry), made, failed)

    return save


def edit_memo(
    host: Screen[Any],
    store: Store,
    writes: WriteQueue,
    subject: MemoSubject,
    title: str,
    coder: str,
    then: Callable[[bool], None],
) -> None:
    """Open the memo editor on ``subject`` over ``host``'s app; ``then(changed)`` runs when it closes.

    Args:
        host: The screen asking (its ``app`` shows the editor, its ``notify`` any problem).
        store: Where the memo is read and saved.
        writes: The app's write queue, which makes the saves.
        subject: What the memo is on.
        title: The editor's title (untrusted text allowed).
        coder: Whose journal the saves go to.
        then: Called with whether the stored memo changed.
    """
    try:
        current = store.memo_text(subject)
    except KeyError:
        host.notify("That is no longer in the database", severity="warning")
        return

    def closed(text: str | None) -> None:
        then(text is not None and text != clean(current, keep_newlines=True))

    host.app.push_screen(MemoEditor(title, value=current, save=memo_saver(store, writes, subject, coder)), closed)
