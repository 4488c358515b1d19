"""Provides import_paths: files and folders into the Store, skipping what is already there."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from storage.ingest import collect_files, read_article
from storage.models import Document
from storage.quotes import FoundQuote, extract_comment, extract_quotes
from storage.actors import LocalActor
from storage.store import Store


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: ``added``, ``revised`` (a new revision) or ``unchanged``."""

    path: Path
    status: str
    document: Document


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_paths(store: Store, paths: Iterable[str | Path]) -> list[ImportOutcome]:
    """Import every article file under ``paths``.

    All files are read and parsed before anything is written, so a bad file
    stops the import with nothing half-written; then each document is stored in
    its own transaction.
    """
    parsed = [(path, *read_article(path)) for path in collect_files(paths)]
    outcomes = []
    for path, article, data in parsed:
        digest = content_hash(data)
        existing = store.document_by_hash(digest)
        if existing:
            outcomes.append(ImportOutcome(path, "unchanged", existing))
            continue
        source = str(path.resolve())
        previous = store.current_document_for_source(source)
        with store.atomic():
            document = store.add_document(article, source, digest)
            extract_document(store, document)
        outcomes.append(ImportOutcome(path, "revised" if previous else "added", document))
    return outcomes


@dataclass(frozen=True)
class ExtractionCounts:
    """What ``reextract`` rebuilt."""

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

    Annotations, tags and notes never refer to quotes or actors, so they are untouched.
    """
    with store.atomic():
        store.clear_extraction()
        documents = store.documents()
        for document in documents:
            extract_document(store, document)
        return ExtractionCounts(len(documents), len(store.quotes()), len(store.actors()))
