"""Provides open_index: the search index kept in the database and brought up to date in place.

The first search of a database builds the index once and saves it in the
``search_*`` tables (migrations.create_search_tables). Every later open reads
the vocabulary and the entry columns (postings and quote texts are read when a
query needs them), takes in what the change log says was written since, and
saves only what changed: a tag rewrites a few rows, a re-extracted document a
few postings and the last block of each quote column.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Sequence

import numpy as np

from storage.search.engine import SearchIndex
from storage.search.thread_stores import ThreadStores
from storage.search.token_index import PostingsLoader, TokenIndex
from storage.store import Store, StoreError

FORMAT = 2
"""Bumped when the saved layout changes; a saved index of another format is rebuilt."""
BLOCK_ENTRIES = 65_536
"""Entries per saved column block: appending entries rewrites only the last block of each column."""
PARTS = ("titles", "actors", "quotes", "annotations")
DEAD_PER_LIVE = 2
"""Rebuild once a part holds more than this many dead entries per live one (re-extracting the whole
corpus three times): dead entries cost only space, but that space would otherwise grow for ever."""


def open_index(store: Store, *, save: bool = True) -> SearchIndex:
    """The database's search index: loaded and caught up, or built and saved the first time.

    With ``save`` the changes taken in are written back (needs the write lock,
    waited for like any write); a read-only database is searched all the same.
    """
    state = store.search_state()
    if state.get("format") != FORMAT:
        return build_index(store, save=save)
    index = load_index(store, state)
    if index.catch_up(store) and save:
        if mostly_dead(index):
            return build_index(store, save=save)
        try:
            save_index(store, index, full=False)
        except (sqlite3.Error, StoreError):
            pass  # Saving only spares the next search some work (a read-only file cannot keep it).
    return index


def mostly_dead(index: SearchIndex) -> bool:
    return any(
        tokens.dead_count > DEAD_PER_LIVE * (tokens.size - tokens.dead_count)
        for tokens, _ in index.saved_parts().values()
    )


def build_index(store: Store, *, save: bool = True) -> SearchIndex:
    """Index the whole database and (with ``save``) keep it.

    The change log is switched on before reading, so anything written while
    the index is built is logged after ``change_seq`` and taken in next time.
    """
    if save:
        try:
            store.set_search_state({"logging": 1})
        except (sqlite3.Error, StoreError):
            save = False  # a read-only database is searched all the same
    seq = store.last_search_change()
    index = SearchIndex.build(store)
    index.change_seq = seq
    if save:
        save_index(store, index, full=True)
    return index


def load_index(store: Store, state: dict[str, int]) -> SearchIndex:
    """The saved index, its postings and quote texts left in the database until a query needs them."""
    reader = ThreadStores(store)
    parts: dict[str, tuple[TokenIndex, dict[str, array]]] = {}
    for part in PARTS:
        columns = {} if part == "quotes" else {name: read_column(store, part, name) for name in column_names(part)}
        alive = np.frombuffer(b"".join(store.search_column(part, "alive")), dtype=bool).copy()
        words_blob = b"".join(store.search_column(part, "words")).decode("utf-8")
        words = words_blob.split("\n") if words_blob else []
        tokens = TokenIndex.restore(words, state[f"{part}.size"], alive, postings_loader(reader, part))
        parts[part] = (tokens, columns)
    index = SearchIndex.from_parts(
        parts,
        load_quote_column=lambda name: read_column(reader.get(), "quotes", name),
        tags=store.tags(),
        annotations=store.annotations(),
        fetch_titles=lambda ids: reader.get().titles_by_id(ids),
        fetch_actors=lambda ids: reader.get().actors_by_id(ids),
        fetch_quotes=reader.quotes,
    )
    index.change_seq = state["seq"]
    return index


def read_column(store: Store, part: str, name: str) -> array:
    column = array("i")
    column.frombytes(b"".join(store.search_column(part, name)))
    return column


def postings_loader(reader: ThreadStores, part: str) -> PostingsLoader:
    def load(word_ids: Sequence[int]) -> dict[int, np.ndarray]:
        found = reader.get().search_postings(part, word_ids)
        return {word_id: np.frombuffer(data, dtype=np.int32) for word_id, data in found.items()}

    return load


def column_names(part: str) -> tuple[str, ...]:
    return {
        "titles": ("documents",),
        "actors": ("ids",),
        "quotes": ("ids", "documents", "speakers", "starts", "ends"),
        "annotations": ("ids", "documents", "speakers"),
    }[part]


def save_index(store: Store, index: SearchIndex, *, full: bool) -> None:
    """Write what changed since the index was loaded (``full``: everything) in one transaction."""
    with store.write_lock():
        saved = {} if full else store.search_state()
        if full:
            store.clear_search_index()
        values = {"format": FORMAT, "logging": 1, "seq": index.change_seq}
        for part, (tokens, columns) in index.saved_parts().items():
            changed = range(len(tokens.words)) if full else sorted(tokens.changed_words())
            first_block = saved.get(f"{part}.size", 0) // BLOCK_ENTRIES
            blocks = {
                name: (first_block, column_blocks(column, first_block)) for name, column in columns.items()
            }
            if full or tokens.alive_changed:
                blocks["alive"] = (0, [tokens.alive_mask().tobytes()])
            if full or len(tokens.words) != saved.get(f"{part}.words"):
                # Words never hold a newline (see storage.search.query.WORD): one blob reads fastest.
                blocks["words"] = (0, ["\n".join(tokens.words).encode("utf-8")])
            store.save_search_part(
                part,
                postings=((word_id, tokens.postings(word_id).astype(np.int32).tobytes()) for word_id in changed),
                columns=blocks,
            )
            values[f"{part}.size"] = tokens.size
            values[f"{part}.words"] = len(tokens.words)
        store.set_search_state(values)
    for tokens, _ in index.saved_parts().values():
        tokens.mark_saved()


def column_blocks(column: array, first_block: int) -> list[bytes]:
    data = column.tobytes()
    step = BLOCK_ENTRIES * column.itemsize
    return [data[start : start + step] for start in range(first_block * step, len(data), step)]
