"""Provides QuoteRecords: the quotes behind a search index's entries, as columns with texts read on demand.

Ranking and filtering need only numbers per entry (quote id, document,
speaker, offsets); the text and kind of a quote are needed only for the few
hits a search shows. An index loaded from the database therefore keeps the
numbers in arrays and reads the rest for the hits, which is what lets the
shell answer a search over a million quotes without loading a million records.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from storage.models import Quote

NO_SPEAKER = -1

QuoteFetcher = Callable[[Sequence[int]], Iterable[Quote]]
"""Reads the quotes with the given ids (those that still exist), from any thread that calls it."""
ColumnLoader = Callable[[str], array]
"""Reads a saved column by name."""
COLUMNS = ("ids", "documents", "speakers", "starts", "ends")


def int_column(values: Iterable[int] = ()) -> array:
    return array("i", values)


class QuoteRecords:
    """Entry-numbered quote columns, and the quotes themselves when known or fetchable."""

    def __init__(self, fetch: QuoteFetcher | None = None) -> None:
        self._columns: dict[str, array] = {name: int_column() for name in COLUMNS}
        self._load_column: ColumnLoader | None = None
        self._known: dict[int, Quote] = {}
        self._fetch = fetch
        self._by_document: Grouping | None = Grouping(self.documents)
        self._by_speaker: Grouping | None = Grouping(self.speakers)

    @classmethod
    def from_columns(cls, load_column: ColumnLoader, fetch: QuoteFetcher | None) -> QuoteRecords:
        """Records restored from saved columns, each read when first used (a plain search needs only ids).

        Groupings are likewise made the first time they are asked for.
        """
        records = cls(fetch)
        records._columns = {}
        records._load_column = load_column
        records._by_document = None
        records._by_speaker = None
        return records

    def _column(self, name: str) -> array:
        column = self._columns.get(name)
        if column is None:
            assert self._load_column is not None
            column = self._columns[name] = self._load_column(name)
        return column

    @property
    def ids(self) -> array:
        return self._column("ids")

    @property
    def documents(self) -> array:
        return self._column("documents")

    @property
    def speakers(self) -> array:
        return self._column("speakers")

    @property
    def starts(self) -> array:
        return self._column("starts")

    @property
    def ends(self) -> array:
        return self._column("ends")

    def columns(self) -> dict[str, array]:
        return {name: self._column(name) for name in COLUMNS}

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, quote: Quote, *, keep: bool = True) -> int:
        """Add a quote as the next entry and return its number; ``keep=False`` keeps only its columns."""
        entry = len(self.ids)
        speaker = quote.speaker_id if quote.speaker_id is not None else NO_SPEAKER
        self.ids.append(quote.id)
        self.documents.append(quote.document_id)
        self.speakers.append(speaker)
        self.starts.append(quote.start)
        self.ends.append(quote.end)
        if keep:
            self._known[quote.id] = quote
        if self._by_document is not None:
            self._by_document.add(quote.document_id, entry)
        if self._by_speaker is not None:
            self._by_speaker.add(speaker, entry)
        return entry

    def __getitem__(self, entry: int) -> Quote:
        quote_id = self.ids[entry]
        if quote_id not in self._known:
            self.prefetch([entry])
        return self._known[quote_id]

    def prefetch(self, entries: Iterable[int]) -> None:
        """Read the quotes of these entries in one go (a no-op for quotes already known)."""
        missing = [self.ids[entry] for entry in entries if self.ids[entry] not in self._known]
        if missing and self._fetch is not None:
            for quote in self._fetch(missing):
                self._known[quote.id] = quote
        for quote_id in missing:
            if quote_id not in self._known:
                raise KeyError(f"quote {quote_id} is no longer in the database")

    def forget(self, entry: int) -> None:
        """Drop a dead entry's quote from memory; it is never shown again."""
        self._known.pop(self.ids[entry], None)

    def of_document(self, document_id: int) -> list[int]:
        """The entries (dead ones included) of a document's quotes, in the order they were added."""
        if self._by_document is None:
            self._by_document = Grouping(self.documents)
        return self._by_document.get(document_id)

    def of_speaker(self, speaker_id: int) -> list[int]:
        if self._by_speaker is None:
            self._by_speaker = Grouping(self.speakers)
        return self._by_speaker.get(speaker_id)

    def first_of_speaker(self, speaker_id: int, alive: np.ndarray) -> int | None:
        """The first live entry of a speaker's quotes: one vectorised pass, not a grouping of every quote."""
        if self._by_speaker is not None:
            return next((entry for entry in self._by_speaker.get(speaker_id) if alive[entry]), None)
        if not len(self):
            return None
        found = np.flatnonzero((np.frombuffer(self.speakers, dtype=np.int32) == speaker_id) & alive[: len(self)])
        return int(found[0]) if len(found) else None

    def drop_document(self, document_id: int) -> list[int]:
        """Forget which entries a document had, returning them."""
        if self._by_document is None:
            self._by_document = Grouping(self.documents)
        return self._by_document.drop(document_id)


class Grouping:
    """Entries by their value in a column, without a Python list per value for what was already there.

    The entries present when the grouping is made are found by binary search in
    a sorted copy of the column (one numpy sort, fast even for a million
    entries); entries added later go in a small dict.
    """

    def __init__(self, column: array) -> None:
        values = np.frombuffer(column, dtype=np.int32).copy() if len(column) else np.zeros(0, dtype=np.int32)
        self._order = np.argsort(values, kind="stable").astype(np.int32)
        self._sorted = values[self._order]
        self._later: dict[int, list[int]] = {}
        self._dropped: set[int] = set()

    def get(self, key: int) -> list[int]:
        later = self._later.get(key, [])
        if key in self._dropped or not len(self._sorted):
            return list(later)
        low, high = np.searchsorted(self._sorted, [key, key + 1])
        return self._order[low:high].tolist() + later

    def add(self, key: int, entry: int) -> None:
        self._later.setdefault(key, []).append(entry)

    def drop(self, key: int) -> list[int]:
        """The key's entries, after which it has none."""
        found = self.get(key)
        self._dropped.add(key)
        self._later.pop(key, None)
        return found
