"""Provides ThreadStores: the database as each thread sees it, through a connection of its own.

SQLite connections belong to the thread that opened them, and a search index
reads postings and quote texts lazily from whichever thread searches.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence

from storage.models import Quote
from storage.store import Store


class ThreadStores:
    """The database as seen from the calling thread: its own Store, opened on first use.

    A search index, saved or just built, reads postings and quote texts lazily,
    from whichever thread searches (the app searches in thread workers). An in-memory database cannot
    be reopened, so its one Store is used from every thread.
    """

    def __init__(self, store: Store) -> None:
        self._shared = store if store.path is None else None
        self._path = store.path
        self._local = threading.local()
        self._local.store = store

    def get(self) -> Store:
        if self._shared is not None:
            return self._shared
        store = getattr(self._local, "store", None)
        if store is None or not is_open(store):
            assert self._path is not None
            store = self._local.store = Store.open(self._path, create=False)
        return store

    def quotes(self, quote_ids: Sequence[int]) -> list[Quote]:
        return self.get().quotes_by_id(quote_ids)


def is_open(store: Store) -> bool:
    try:
        store.conn.total_changes  # noqa: B018 - raises once the connection is closed
    except sqlite3.ProgrammingError:
        return False
    return True
