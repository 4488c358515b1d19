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


def int_column(values: Iterable[int] = ()) -> array:
    return array("i", values)


class QuoteRecords:
    """Entry-numbered quote columns, and the quotes themselves when known or fetchable."""

    def __init__(self, fetch: QuoteFetcher | None = None) -> None:
        self.ids = int_column()
        self.documents = int_column()
        self.speakers = int_column()
        self.starts = int_column()
        self.ends = int_column()
        self._known: dict[int, Quote] = {}
        self._fetch = fetch
        self._by_document: dict[int, list[int]] | None = {}
        self._by_speaker: dict[int, list[int]] | None = {}

    @classmethod
    def from_columns(cls, columns: dict[str, array], fetch: QuoteFetcher | None) -> QuoteRecords:
        """Records restored from saved columns; groupings are built the first time they are asked for."""
        records = cls(fetch)
        for name in ("ids", "documents", "speakers", "starts", "ends"):
            setattr(records, name, columns[name])
        records._by_document = None
        records._by_speaker = None
        return records

    def columns(self) -> dict[str, array]:
        return {
            "ids": self.ids,
            "documents": self.documents,
            "speakers": self.speakers,
            "starts": self.starts,
            "ends": self.ends,
        }

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, quote: Quote) -> int:
        """Add a quote as the next entry and return its number."""
        entry = len(self.ids)
        speaker = quote.speaker_id if quote.speaker_id is not None else NO_SPEAKER
        self.ids.append(quote.id)
        self.documents.append(quote.document_id)
        self.speakers.append(speaker)
        self.starts.append(quote.start)
        self.ends.append(quote.end)
        self._known[quote.id] = quote
        if self._by_document is not None:
            self._by_document.setdefault(quote.document_id, []).append(entry)
        if self._by_speaker is not None:
            self._by_speaker.setdefault(speaker, []).append(entry)
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
        return self._grouping("documents").get(document_id, [])

    def of_speaker(self, speaker_id: int) -> list[int]:
        return self._grouping("speakers").get(speaker_id, [])

    def drop_document(self, document_id: int) -> list[int]:
        """Forget which entries a document had, returning them."""
        return self._grouping("documents").pop(document_id, [])

    def _grouping(self, column: str) -> dict[int, list[int]]:
        current = self._by_document if column == "documents" else self._by_speaker
        if current is not None:
            return current
        grouped: dict[int, list[int]] = {}
        if len(self):
            values = np.frombuffer(getattr(self, column), dtype=np.int32)
            order = np.argsort(values, kind="stable")
            keys, starts = np.unique(values[order], return_index=True)
            for key, group in zip(keys, np.split(order, starts[1:]), strict=True):
                grouped[int(key)] = group.tolist()
        if column == "documents":
            self._by_document = grouped
        else:
            self._by_speaker = grouped
        return grouped
