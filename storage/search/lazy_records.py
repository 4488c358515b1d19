"""Provides LazyRecords: records by id (actors, document titles) read from the database when first asked for.

A saved index is opened for one search in the shell; reading every actor and
title of a large corpus up front would cost more than the search. An index
built in memory fills the same mapping with everything at once and never reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

V = TypeVar("V")

Fetcher = Callable[[Sequence[int]], dict[int, V]]
"""Reads the records with the given ids (those that exist), from whichever thread calls it."""


class LazyRecords(Generic[V]):
    """A mapping from id to record; an id never asked about is read through ``fetch``.

    An id removed with ``pop`` is remembered as absent, so it is not read back:
    the index decides what it holds, the database only supplies the values.
    """

    def __init__(self, records: dict[int, V] | None = None, fetch: Fetcher[V] | None = None) -> None:
        self._known: dict[int, V | None] = dict(records or {})
        self._fetch = fetch

    def get(self, key: int, default: V | None = None) -> V | None:
        if key not in self._known:
            self.prefetch([key])
        found = self._known.get(key)
        return found if found is not None else default

    def __getitem__(self, key: int) -> V:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, int) and self.get(key) is not None

    def __setitem__(self, key: int, value: V) -> None:
        self._known[key] = value

    def pop(self, key: int, default: V | None = None) -> V | None:
        found = self._known.get(key)
        self._known[key] = None
        return found if found is not None else default

    def prefetch(self, keys: Iterable[int]) -> None:
        """Read the records of these ids in one go, where not known yet."""
        missing = [key for key in dict.fromkeys(keys) if key not in self._known]
        if not missing:
            return
        found = self._fetch(missing) if self._fetch is not None else {}
        for key in missing:
            self._known[key] = found.get(key)
