"""The document list flags a document whose text is the importer's best guess, and the filter finds them."""

from __future__ import annotations

from storage.store import DocumentSummary
from tui.widgets.document_list import summary_matches, summary_prompt


def summary(needs_review: bool) -> DocumentSummary:
    return DocumentSummary(1, "harbour", "Harbour wall cracked", "The Coast Herald", "", "2024-03-01", 2, 0,
                           needs_review)


def test_a_best_guess_document_says_needs_review_in_the_list() -> None:
    assert "2024-03-01 · 2q 0a · needs review · The Coast Herald" == summary_prompt(summary(True)).plain.split("\n")[1]
    assert "needs review" not in summary_prompt(summary(False)).plain


def test_the_filter_finds_documents_that_need_review() -> None:
    assert (True, False) == (summary_matches(summary(True), "review"), summary_matches(summary(False), "review"))
