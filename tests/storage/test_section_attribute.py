"""The section a news database files an article under, as a built-in attribute: filter, sort, export, exchange."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.exchange.export import export_database
from storage.exchange.refi_qda import export_refi, import_refi
from storage.models import Article, Document
from storage.store import Store, StoreError

SECTIONS = [("Ferry fares rise", "NEWS; Pg. 7"), ("Letters on the quay", "Letters"), ("Lifeboat opens", "")]
"""Invented articles: (title, section)."""


@pytest.fixture
def filed(store: Store) -> list[Document]:
    return [
        store.add_document(Article(title, f"Body of {title}.", "", section=section), f"/news/{n}.txt", f"hash-{n}")
        for n, (title, section) in enumerate(SECTIONS)
    ]


def test_section_is_built_in_beside_outlet_date_and_author(store: Store, filed: list[Document]) -> None:
    assert ["outlet", "date", "author", "section"] == [a.name for a in store.all_attributes() if a.is_builtin]
    assert "NEWS; Pg. 7" == store.document_attributes(filed[0].id)["section"]
    with pytest.raises(StoreError, match="'Section' is built in"):
        store.define_attribute("Section", "text")


@pytest.mark.parametrize(("query", "expected"), [("section:news", [0]), ('section:"pg. 7"', [0]), ("section:letter", [1])])
def test_filter_by_section(store: Store, filed: list[Document], query: str, expected: list[int]) -> None:
    assert [filed[n].id for n in expected] == store.documents_matching(query)


def test_sort_by_section_puts_documents_without_one_last(store: Store, filed: list[Document]) -> None:
    expected = [filed[n].id for n in (1, 0, 2)]
    assert expected == [summary.id for summary in store.document_page("", "section", 0, -1)]
    assert [0, 1, 2] == [store.document_position(id_, "", "section") for id_ in expected]


def test_section_is_a_column_of_document_variables(store: Store, filed: list[Document], tmp_path: Path) -> None:
    export_database(store, tmp_path / "out.db")
    conn = sqlite3.connect(tmp_path / "out.db")
    rows = conn.execute("SELECT title, section FROM document_variables ORDER BY document_id").fetchall()
    conn.close()
    assert list(SECTIONS) == rows


def test_section_travels_as_a_qdpx_variable(store: Store, filed: list[Document], tmp_path: Path) -> None:
    out = tmp_path / "project.qdpx"
    export_refi(store, out, format="qdpx")
    with Store.open(tmp_path / "fresh.db") as fresh:
        import_refi(fresh, out)
        assert [] == fresh.attributes()  # a document field, not an attribute of one's own
        assert {title: section for title, section in SECTIONS} == {
            document.title: fresh.document_attributes(document.id)["section"] for document in fresh.documents()
        }
