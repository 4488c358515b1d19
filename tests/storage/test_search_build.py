"""Building the index from a database file keeps only the quotes' columns, and indexes exactly what records in memory give."""

from __future__ import annotations

import threading
from pathlib import Path

from conftest import fill_search_corpus
from hypothesis import given
from hypothesis import strategies as st

from storage.search.engine import SearchIndex, SearchResults, body_annotation
from storage.search.token_index import TokenIndex
from storage.store import Store

QUERIES = ["nhs", "warnr nhs", "by:wilshaw", "tag:funding", "kind:indirect", '"pulling its weight"', "fundin", "audits"]


def from_records_in_memory(store: Store) -> SearchIndex:
    """The index of every record read into memory at once, as the build made it before it streamed quotes."""
    titles = {summary.id: summary.title for summary in store.document_summaries()}
    return SearchIndex.from_records(
        titles=titles,
        actors=store.actors(),
        quotes=store.quotes(),
        tags=store.tags(),
        annotations=[note for note in store.annotations() if note.document_id in titles and body_annotation(note)],
    )


def saved_content(index: SearchIndex) -> dict[str, object]:
    """What saving the index writes: each part's vocabulary, postings, live entries and columns."""
    content: dict[str, object] = {}
    for part, (tokens, columns) in index.saved_parts().items():
        content[part] = (
            tokens.words,
            [tokens.postings(word_id).tolist() for word_id in range(len(tokens.words))],
            tokens.alive_mask().tolist(),
            {name: column.tolist() for name, column in columns.items()},
        )
    return content


def test_a_build_from_a_file_equals_the_index_of_records_in_memory(db_path: Path) -> None:
    with Store.open(db_path) as store:
        fill_search_corpus(store)
        store.db.execute(
            'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind) VALUES (1, 0, 9, ?, 1, ?)',
            ["Reporting", "term"],
        )
        store.db.conn.commit()
        built = SearchIndex.build(store)
        in_memory = from_records_in_memory(store)

        assert saved_content(in_memory) == saved_content(built)
        for query in QUERIES:
            assert in_memory.search(query, limit=100) == built.search(query, limit=100), query
        assert () == built.search("reporting").quotes  # a term in quotation marks is not speech


def test_a_built_index_reads_quote_texts_on_any_thread_once_its_store_is_closed(db_path: Path) -> None:
    """Texts are not kept by the build: a hit shows the text the database holds when it is shown."""
    with Store.open(db_path) as store:
        fill_search_corpus(store)
        index = SearchIndex.build(store)
        store.db.execute("UPDATE quotes SET text = text || ' Twice.' WHERE text LIKE 'The thresholds%'")
        store.db.conn.commit()
    found: list[SearchResults] = []
    thread = threading.Thread(target=lambda: found.append(index.search("thresholds")))
    thread.start()
    thread.join()

    expected = "The thresholds for intervention were set far too high [sic]. Twice."
    assert expected == found[0].quotes[0].text
    assert expected == index.search("thresholds").quotes[0].text


@given(st.lists(st.lists(st.sampled_from(["nhs", "funding", "weight", "audit", "ward"]), max_size=4), max_size=30))
def test_postings_made_in_small_chunks_list_each_words_entries_in_order(entries: list[list[str]]) -> None:
    expected: dict[str, list[int]] = {}
    for entry, entry_words in enumerate(entries):
        for word in dict.fromkeys(entry_words):
            expected.setdefault(word, []).append(entry)

    for chunk_entries in (1, 3, 65_536):
        index = TokenIndex.from_entries(entries, chunk_entries=chunk_entries)
        found = {word: index.postings(word_id).tolist() for word_id, word in enumerate(index.words)}
        assert expected == found
        assert len(entries) == index.size
