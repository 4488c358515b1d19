"""The document list flags a document whose text is the importer's best guess, and the filter finds them."""

from __future__ import annotations

from storage.models import Article
from storage.store import DocumentSummary, Store
from tui.widgets.document_list import summary_details


def summary(needs_review: bool) -> DocumentSummary:
    return DocumentSummary(1, "harbour", "Harbour wall cracked", "The Coast Herald", "", "2024-03-01", 2, 0,
                           needs_review)


def test_a_best_guess_document_says_needs_review_in_the_list() -> None:
    assert ("2024-03-01 · 2q 0a · needs review", " · The Coast Herald") == summary_details(summary(True))
    assert "needs review" not in "".join(summary_details(summary(False)))


def test_the_filter_finds_documents_that_need_review() -> None:
    store = Store.memory()
    for number, flagged in enumerate((True, False)):
        article = Article(title=f"Harbour wall cracked {number}", body="The wall cracked.", raw="x", needs_review=flagged)
        store.add_document(article, f"harbour-{number}.txt", f"hash-{number}")

    assert ["Harbour wall cracked 0"] == [s.title for s in store.document_page("review", "date", 0, -1)]
    assert 1 == store.document_count("review")
