"""Correcting a built-in attribute (a wrong scraped byline, outlet, date or section): checked, journaled, everywhere."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.exchange.export import export_database
from storage.models import Article, Document
from storage.store import Store, StoreError


@pytest.fixture
def scraped(store: Store) -> Document:
    article = Article("Ferry fares rise", "Fares rise.", "", publication="Share this article", author="By Staff",
                      published="2015-12-31T10:00:00")  # fmt: skip
    return store.add_document(article, "/news/ferry.html", "hash")


@pytest.mark.parametrize(
    ("name", "typed", "stored", "query"),
    [
        ("outlet", "The Coast  Gazette", "The Coast Gazette", "outlet:coast"),
        ("author", "Ana Lima", "Ana Lima", 'author:"ana lima"'),
        ("date", "2014-3-7", "2014-03-07", "date:2014-03"),
        ("section", "Transport", "Transport", "section:transport"),
    ],
)
def test_a_correction_is_stored_filtered_and_undone(
    store: Store, scraped: Document, name: str, typed: str, stored: str, query: str
) -> None:
    before = store.document_attributes(scraped.id)[name]
    assert stored == store.correct_document_field(scraped.id, name, typed, coder="ana")
    assert stored == store.document_attributes(scraped.id)[name]
    assert [scraped.id] == store.documents_matching(query)
    assert store.undo(coder="ana") is not None
    assert before == store.document_attributes(scraped.id)[name]
    assert store.redo(coder="ana") is not None
    assert stored == store.document_attributes(scraped.id)[name]


def test_a_date_that_is_no_date_is_refused_and_nothing_changes(store: Store, scraped: Document) -> None:
    with pytest.raises(StoreError, match="'last Tuesday' is not a date"):
        store.correct_document_field(scraped.id, "date", "last Tuesday")
    assert "2015-12-31T10:00:00" == store.document(scraped.id).published
    assert store.undo() is None


def test_an_unchanged_value_is_no_change_even_if_it_is_not_in_canonical_form(store: Store, scraped: Document) -> None:
    assert "2015-12-31T10:00:00" == store.correct_document_field(scraped.id, "date", "2015-12-31T10:00:00")
    assert store.undo() is None


def test_only_built_in_attributes_are_corrected(store: Store, scraped: Document) -> None:
    with pytest.raises(StoreError, match="'region' is not a built-in attribute"):
        store.correct_document_field(scraped.id, "region", "west")


def test_a_correction_sorts_and_exports(store: Store, scraped: Document, tmp_path: Path) -> None:
    other = store.add_document(Article("Quay repairs", "Repairs.", "", publication="Northern Courier"), "/q.txt", "q")
    assert [other.id, scraped.id] == [s.id for s in store.document_page("", "outlet", 0, -1)]
    store.correct_document_field(scraped.id, "outlet", "Coast Gazette")
    assert [scraped.id, other.id] == [s.id for s in store.document_page("", "outlet", 0, -1)]
    store.correct_document_field(scraped.id, "author", "")
    export_database(store, tmp_path / "out.db")
    conn = sqlite3.connect(tmp_path / "out.db")
    row = conn.execute("SELECT outlet, author FROM document_variables WHERE title = 'Ferry fares rise'").fetchone()
    conn.close()
    assert ("Coast Gazette", "") == row
