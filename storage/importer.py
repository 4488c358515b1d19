"""Provides import_paths: files and folders into the Store, skipping what is already there."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from storage.ingest import collect_files, read_article
from storage.models import Article, Document
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
    return import_articles(store, read_articles(paths))


def read_articles(paths: Iterable[str | Path]) -> list[tuple[Path, Article, bytes]]:
    """Read and parse every article file under ``paths`` without touching a database.

    Raises IngestError for the first path or file that cannot be imported, so
    the command line can refuse bad input before it creates a database.
    """
    return [(path, *read_article(path)) for path in collect_files(paths)]


def import_articles(store: Store, parsed: Iterable[tuple[Path, Article, bytes]]) -> list[ImportOutcome]:
    """Store articles already read by ``read_articles``; a file whose bytes are already stored is skipped."""
    outcomes = []
    for path, article, data in parsed:
        digest = content_hash(data)
        existing = store.document_by_hash(digest)
        if existing:
            outcomes.append(ImportOutcome(path, "unchanged", existing))
            continue
        source = str(path.resolve())
        previous = store.current_document_for_source(source)
        document = store.add_document(article, source, digest)
        outcomes.append(ImportOutcome(path, "revised" if previous else "added", document))
    return outcomes
