"""Only quotes are quotes: words in quotation marks nobody is quoted as saying are terms, kept apart from speech."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.attribution.quotes import extract_quotes
from storage.exchange.export import export_database
from storage.models import Article
from storage.search.engine import SearchIndex
from storage.store import Store

ARTICLE = (
    "The so-called “garden tax” came into force on Monday.\n\n"
    "Councillor Rhea Paddock said the charge was “a tax on fresh air” and would be repealed.\n\n"
    "“We will fight it street by street,” Paddock said.\n"
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(quote.text, quote.kind) for quote in extract_quotes(text).quotes]


def test_a_scare_quote_with_nobody_speaking_is_a_term() -> None:
    assert ("garden tax", "term") in kinds(ARTICLE)


def test_a_partial_inside_the_indirect_quote_that_covers_it_is_part_of_it() -> None:
    found = kinds(ARTICLE)
    assert not any(text == "a tax on fresh air" for text, _ in found)
    assert any(kind == "indirect" and "a tax on fresh air" in text for text, kind in found)


def test_a_quote_with_a_speaker_is_never_a_term() -> None:
    assert ("We will fight it street by street,", "direct") in kinds(ARTICLE)


def stored(store: Store) -> int:
    document = store.add_document(Article(title="Tax", body=ARTICLE, raw=ARTICLE), "tax.txt", "hash")
    store.save_extraction(document.id, extract_quotes(document.body))
    return document.id


def test_terms_are_stored_but_not_counted_as_quotes(store: Store) -> None:
    document_id = stored(store)

    kinds_stored = [quote.kind for quote in store.quotes(document_id)]
    assert "term" in kinds_stored
    speech = len([kind for kind in kinds_stored if kind != "term"])
    assert speech == store.document_summaries()[0].quote_count
    assert speech == sum(count for _, count in store.actor_quote_counts(document_id))


def test_search_finds_no_terms_among_quotes(store: Store) -> None:
    stored(store)

    results = SearchIndex.build(store).search("garden")
    assert [] == [hit for hit in results.quotes if hit.quote_kind == "term"]
    assert results.quotes == () or all("garden" not in hit.text.lower() for hit in results.quotes)


def test_the_export_keeps_terms_in_quotes_and_leaves_them_out_of_speech(store: Store, tmp_path: Path) -> None:
    stored(store)
    out = tmp_path / "out.db"
    export_database(store, out)

    connection = sqlite3.connect(out)
    all_kinds = {kind for (kind,) in connection.execute("SELECT kind FROM quotes")}
    speech_kinds = {kind for (kind,) in connection.execute("SELECT kind FROM speech_quotes")}
    connection.close()
    assert "term" in all_kinds
    assert "term" not in speech_kinds and speech_kinds
