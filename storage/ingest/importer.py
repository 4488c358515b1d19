"""Provides import_paths: files and folders into the Store, skipping what is already there.

A changed version of a file already stored becomes a new revision of its
document, and the old revision's annotations and quote corrections are
re-anchored onto the new text in the same transaction (or kept as orphans when
they cannot be placed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from storage.exchange.anchor import Anchored, find_anchor, selector_for
from storage.ingest.article import collect_files, read_article
from storage.attribution.extraction import extract_document
from storage.models import Article, Document
from storage.store import Store


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: ``added``, ``revised`` (a new revision) or ``unchanged``.

    For a revision, ``reanchored`` annotations moved to the new text and
    ``orphaned`` ones could not be placed in it with confidence; the same
    for quote corrections in ``corrections_reanchored`` and ``corrections_orphaned``.
    """

    path: Path
    status: str
    document: Document
    reanchored: int = 0
    orphaned: int = 0
    corrections_reanchored: int = 0
    corrections_orphaned: int = 0


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_paths(store: Store, paths: Iterable[str | Path]) -> list[ImportOutcome]:
    """Import every article file under ``paths``.

    All files are read and parsed before anything is written, so a bad file
    stops the import with nothing half-written; then each document (with the
    re-anchoring of its annotations) is stored in its own transaction.
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
        with store.atomic():
            previous = store.current_document_for_source(source)
            document = store.add_document(article, source, digest)
            extract_document(store, document)
            if previous is None:
                outcomes.append(ImportOutcome(path, "added", document))
                continue
            reanchored, orphaned = reanchor_revision(store, previous, document)
            moved, lost = reanchor_corrections(store, previous, document)
        outcomes.append(ImportOutcome(path, "revised", document, reanchored, orphaned, moved, lost))
    return outcomes


def reanchor_revision(store: Store, previous: Document, document: Document) -> tuple[int, int]:
    """Move the annotations of ``previous`` onto its new revision ``document``.

    Each lands where ``find_anchor`` places it in the new text, or is marked
    orphaned (keeping its span in the old revision). Orphans from earlier
    revisions get another try too: the new text may have restored their passage.
    Returns how many were re-anchored and how many are newly orphaned.
    """
    return reanchor_all(store, previous, document, store.annotations, store.move_annotation, store.orphan_annotation)


def reanchor_corrections(store: Store, previous: Document, document: Document) -> tuple[int, int]:
    """Move the quote corrections of ``previous`` onto its new revision and apply them to its quotes.

    As for annotations (see reanchor_revision); returns (re-anchored, newly orphaned).
    """
    counts = reanchor_all(
        store, previous, document, store.quote_corrections, store.move_correction, store.orphan_correction
    )
    if counts[0]:
        store.reapply_corrections(document.id)
    return counts


class Reanchorable(Anchored, Protocol):
    @property
    def id(self) -> int: ...

    @property
    def orphaned(self) -> bool: ...


def reanchor_all(
    store: Store,
    previous: Document,
    document: Document,
    listed: Callable[..., Sequence[Reanchorable]],
    move: Callable[[int, Document, int, int], object],
    orphan: Callable[[int], object],
) -> tuple[int, int]:
    """Move what ``listed(revision_id, orphaned=...)`` gives of ``previous`` (and earlier orphans) to ``document``."""
    earlier_orphans = [
        item
        for revision_id in store.revision_ids(previous.slug)
        if revision_id != document.id
        for item in listed(revision_id, orphaned=True)
    ]
    reanchored = orphaned = 0
    comments = store.comments(document.id)
    for item in [*listed(previous.id), *earlier_orphans]:
        # An annotation on a reader comment follows it to the comment at the same place in the new page.
        comment_id = getattr(item, "comment_id", None)
        if comment_id is not None:
            position = store.comment(comment_id).position
            comment = next((c for c in comments if c.position == position), None)
            anchor = find_anchor(comment.text, selector_for(item)) if comment is not None else None
            if anchor is not None:
                store.move_annotation(item.id, document, anchor.start, anchor.end, comment)
        else:
            anchor = find_anchor(document.body, selector_for(item))
            if anchor is not None:
                move(item.id, document, anchor.start, anchor.end)
        if anchor is not None:
            reanchored += 1
        elif not item.orphaned:
            orphan(item.id)
            orphaned += 1
    return reanchored, orphaned
