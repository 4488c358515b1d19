"""Provides extraction into the Store: a document's quotes and speakers found and saved, or all rebuilt."""

from __future__ import annotations

from dataclasses import dataclass

from storage.attribution.actors import LocalActor
from storage.models import Document
from storage.attribution.quotes import FoundQuote, extract_comment, extract_quotes
from storage.store import Store


@dataclass(frozen=True)
class ExtractionCounts:
    """What ``reextract`` rebuilt: ``quotes`` counts speech, not terms."""

    documents: int
    quotes: int
    actors: int


def extract_document(store: Store, document: Document) -> None:
    """Find a document's quotes and speakers (body and reader comments) and store them."""
    comment_quotes: list[tuple[int, FoundQuote, LocalActor | None]] = []
    for comment in store.comments(document.id):
        quote, commenter = extract_comment(comment.author, comment.text)
        if quote is not None:
            comment_quotes.append((comment.id, quote, commenter))
    store.save_extraction(document.id, extract_quotes(document.body), comment_quotes)


def reextract(store: Store) -> ExtractionCounts:
    """Rebuild quotes, actors and aliases for every current document, all in one transaction.

    Annotations, tags and notes never refer to quotes or actors, so they are untouched. Actors the
    researcher curated stay, with their pinned names, and quotes pinned to a speaker keep it
    (``Store.clear_extraction``).
    """
    with store.atomic():
        store.clear_extraction()
        documents = store.documents()
        for document in documents:
            extract_document(store, document)
        speech = sum(quote.is_speech for quote in store.quotes())  # terms are not quotes
        return ExtractionCounts(len(documents), speech, len(store.actors()))
