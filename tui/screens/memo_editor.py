"""Provides MemoEditor: the note editor for memos and descriptions, saved as the researcher types.

A memo is long-lived writing (a project memo, a document's memo, a tag's
definition, an actor's description), so there is no Cancel: the text is saved a
moment after typing stops, on ctrl+s and on close. The line under the text says
"Saved" only once the Store has committed it; a save that fails says why, and
closing then asks for a second Escape before leaving the text unsaved.
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
from storage.store import Store, StoreError
from tui.safe_text import clean, plain
from tui.screens.note_editor import NoteEditor
from tui.writes import EDITOR_WAIT_SECONDS

AUTOSAVE_SECONDS = 1.5
"""Seconds of stillness after typing before the memo is saved (not a write per keypress)."""

MemoSave = Callable[[str], None]
"""Commits a memo's text (raising StoreError or KeyError when it cannot)."""


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
            save: Commits the text; called after a pause in typing, on ctrl+s and on close.
        """
        super().__init__(title, value=value)
        self.save = save
        self.saved_text = self.shown_value
        """The text last committed (or loaded): what need not be saved again."""
        self.closing = False
        """Escape was pressed while the text could not be saved: a second Escape leaves it unsaved."""
        self.autosave: Timer | None = None
        self.typed = self.shown_value
        """The text as last typed, kept here so the app's closing can save it without its widgets."""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.typed = event.text_area.text
        if self.autosave is not None:
            self.autosave.stop()
        self.autosave = self.set_timer(AUTOSAVE_SECONDS, self.save_now)

    def save_now(self) -> bool:
        """Commit the text if it changed; say so under it. Returns whether everything typed is saved."""
        if self.autosave is not None:
            self.autosave.stop()
            self.autosave = None
        text = self.text
        if text == self.saved_text:
            return True
        try:
            self.save(text)
        except (StoreError, KeyError) as error:
            self.show_status(f"Not saved: {error}. Escape again closes without saving", error=True)
            return False
        self.saved_text = text
        self.closing = False
        self.show_status(f"Saved {datetime.now():%H:%M:%S}")
        return True

    def on_unmount(self) -> None:
        """The app is closing over the editor (ctrl+c, the terminal closed): save what was typed since."""
        if self.autosave is not None:
            self.autosave.stop()
        if self.typed != self.saved_text:
            try:
                self.save(self.typed)
            except (StoreError, KeyError):
                pass  # Nowhere left to say so; the text is what the last save committed.

    def show_status(self, message: str, *, error: bool = False) -> None:
        hint = self.query_one("#note-hint", Label)
        hint.update(plain(message))
        hint.set_class(error, "-error")

    def action_save(self) -> None:
        self.save_now()

    def action_close(self) -> None:
        if self.save_now():
            self.dismiss(self.saved_text)
        elif self.closing:
            self.dismiss(None)
        else:
            self.closing = True


def memo_saver(store: Store, subject: MemoSubject, coder: str) -> MemoSave:
    """Save one editing session's text: every save after the first amends the same journal entry (one undo)."""
    entry: int | None = None

    def save(text: str) -> None:
        nonlocal entry
        with store.waiting_up_to(EDITOR_WAIT_SECONDS):
            entry = store.save_memo(subject, text, coder=coder, amend=entry)

    return save


def edit_memo(
    host: Screen[Any], store: Store, subject: MemoSubject, title: str, coder: str, then: Callable[[bool], None]
) -> None:
    """Open the memo editor on ``subject`` over ``host``'s app; ``then(changed)`` runs when it closes.

    Args:
        host: The screen asking (its ``app`` shows the editor, its ``notify`` any problem).
        store: Where the memo is read and saved.
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

    host.app.push_screen(MemoEditor(title, value=current, save=memo_saver(store, subject, coder)), closed)
