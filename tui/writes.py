"""Provides WriteQueue: the app's changes to the database, made in order without the UI ever waiting for the write lock.

While another program (an import, a reextract, another copy of the app) holds the
database's write lock, a change cannot be made. Waiting for the lock on the UI
thread would freeze the screen and the keyboard for as long as that takes, so the
app's Store does not wait (``write_wait`` 0: a busy lock raises WriterBusyError at
once, before anything is changed) and this queue tries the change again from a
timer. Changes keep the order they were asked in: one asked while another waits
waits behind it. Each change's ``done`` runs only once it is committed, so nothing
is reported saved before it is.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.timer import Timer

from storage.store import WAIT_NOTICE_SECONDS, StoreError, WriterBusyError
from tui.notices import tell

RETRY_SECONDS = 0.1
"""How often a waiting change tries for the write lock again."""
PATIENCE_SECONDS = 30.0
"""How long changes wait for another program's write before they are given up (and said not saved)."""

Failure = StoreError | KeyError
"""Why a change was not made: a StoreError in words, or a KeyError for a row that is gone."""


@dataclass(frozen=True)
class Change:
    """One change to make: ``make`` writes (and returns its result); ``done`` or ``failed`` says how it went."""

    make: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[Failure], None]


class WriteQueue:
    """The app's changes, made on the UI thread one after another, each retried while another program writes."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.waiting: deque[Change] = deque()
        """Changes not made yet, oldest first; the first is the one being tried."""
        self.patience = PATIENCE_SECONDS
        self.since: float | None = None
        """When the first waiting change first found the lock taken."""
        self.told = False
        self.timer: Timer | None = None
        self.running = False
        self.when_saved: list[Callable[[], None]] = []
        """What runs once every waiting change is made (see after_saving)."""

    def submit(self, make: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Failure], None]) -> None:
        """Make a change now, or (while an earlier one waits for the lock) as soon as it is its turn."""
        self.waiting.append(Change(make, done, failed))
        if self.timer is None and not self.running:
            self.attempt()

    def attempt(self) -> None:
        """Make the waiting changes in order until one finds the lock taken (then try again soon) or none is left."""
        if self.timer is not None:
            self.timer.stop()  # asked before the retry was due
            self.timer = None
        self.running = True
        try:
            while self.waiting:
                change = self.waiting[0]
                try:
                    result = change.make()
                except WriterBusyError as busy:
                    self.wait_for(busy)
                    return
                except (StoreError, KeyError) as error:
                    self.finish()
                    change.failed(error)
                    continue
                self.finish()
                change.done(result)
        finally:
            self.running = False
        callbacks, self.when_saved = self.when_saved, []
        for callback in callbacks:
            callback()

    def after_saving(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once every waiting change is made (at once if none waits); not if they are given up."""
        if self.waiting:
            self.when_saved.append(callback)
        else:
            callback()

    def finish(self) -> None:
        """The first change has been made (or refused for a reason of its own): the next one starts afresh."""
        self.waiting.popleft()
        self.since, self.told = None, False

    def wait_for(self, busy: WriterBusyError) -> None:
        """The lock is taken: say so once the wait is long, give up after ``patience``, else try again soon."""
        now = time.monotonic()
        self.since = self.since if self.since is not None else now
        waited = now - self.since
        if waited >= self.patience:
            given_up = WriterBusyError(busy.holder, waited)
            changes, self.waiting = list(self.waiting), deque()
            self.since, self.told, self.when_saved = None, False, []
            # Later changes may build on the first (a note on a tag just created): none is made without it.
            for change in changes:
                change.failed(given_up)
            return
        if not self.told and waited >= WAIT_NOTICE_SECONDS:
            self.told = True
            who = f" ({busy.holder})" if busy.holder else ""
            tell(self.app, f"Waiting for another writer{who} to finish; your change is saved once it has…",
                 severity="warning")
        self.timer = self.app.set_timer(RETRY_SECONDS, self.retry)

    def retry(self) -> None:
        self.timer = None
        self.attempt()
