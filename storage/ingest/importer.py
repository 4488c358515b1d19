"""Provides ImportRun: files and folders into the Store, parsed in worker processes and written in batches.

Reading, cleaning and quote extraction (the CPU-heavy part) run in a pool of
worker processes, a bounded number of files at a time, so memory stays flat
whatever the corpus size. The calling process is the only writer: it stores
each prepared file (linking its actors to the corpus's) and commits in
batches; a file already stored (same bytes) is skipped, so an interrupted
import carries on where it stopped. A file that cannot be imported is
reported as ``skipped`` with its reason, and the rest goes on (or, with
``strict``, the whole import is refused and nothing is written).

A changed version of a file already stored becomes a new revision of its
document, and the old revision's annotations and quote corrections are
re-anchored onto the new text in the same transaction (or kept as orphans when
they cannot be placed).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from storage.attribution.actors import LocalActor
from storage.attribution.quotes import Extraction, FoundQuote, extract_comment, extract_quotes
from storage.exchange.anchor import Anchored, find_anchor, selector_for
from storage.ingest.article import decode, parse_article
from storage.ingest.files import MAX_FILE_BYTES, IngestError, RefusedPath, find_files, read_file, shown_path
from storage.models import Article, Document
from storage.store import Store

BATCH_SECONDS = 0.5
"""A batch is gathered for at most this long before it is written, so progress and Ctrl+C stay prompt."""
BATCH_FILES = 200
IN_FLIGHT_PER_WORKER = 8
"""Files handed to each worker ahead of the writer, beyond a batch: while the writer writes a batch the workers
prepare the next one; few enough to keep memory flat."""
POOL_THRESHOLD = 8
"""Fewer files than this are prepared in the calling process: starting workers would cost more."""


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: ``added``, ``revised`` (a new revision), ``unchanged`` or ``skipped``.

    For a revision, ``reanchored`` annotations moved to the new text and
    ``orphaned`` ones could not be placed in it with confidence; the same
    for quote corrections in ``corrections_reanchored`` and ``corrections_orphaned``.
    A skipped file has no document and a ``reason`` (one line naming the file).
    """

    path: Path
    status: str
    document: Document | None
    reanchored: int = 0
    orphaned: int = 0
    corrections_reanchored: int = 0
    corrections_orphaned: int = 0
    reason: str = ""


@dataclass
class ImportSummary:
    """Counts over an import's outcomes, as the command line and the app report them."""

    added: int = 0
    unchanged: int = 0
    revised: int = 0
    skipped: int = 0
    reanchored: int = 0
    orphaned: int = 0
    corrections_orphaned: int = 0
    needs_review: int = 0

    def count(self, outcome: ImportOutcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        self.reanchored += outcome.reanchored
        self.orphaned += outcome.orphaned
        self.corrections_orphaned += outcome.corrections_orphaned
        if outcome.status != "unchanged" and outcome.document is not None and outcome.document.needs_review:
            self.needs_review += 1

    @property
    def stored(self) -> int:
        """Files now in the database: added, revised or already there."""
        return self.added + self.revised + self.unchanged

    def sentence(self) -> str:
        """'3 imported, 1 unchanged, 0 revised, 2 skipped', and what needs a look."""
        said = f"{self.added} imported, {self.unchanged} unchanged, {self.revised} revised, {self.skipped} skipped"
        if self.revised:
            said += f"; {self.reanchored} annotations re-anchored in changed documents, {self.orphaned} orphaned"
        if self.corrections_orphaned:
            said += f"; {self.corrections_orphaned} quote corrections orphaned by changed text"
        if self.needs_review:
            said += f"; {self.needs_review} flagged 'needs review' (no clear article found)"
        return said


@dataclass(frozen=True)
class PreparedFile:
    """A file read and extracted by a worker, ready to store; ``article`` is None when its bytes are stored."""

    path: Path
    digest: str
    article: Article | None = None
    extraction: Extraction | None = None
    comment_quotes: tuple[tuple[int, FoundQuote, LocalActor | None], ...] = ()
    """(comment position, quote, commenter) for each reader comment that is a quote."""


@dataclass(frozen=True)
class RefusedFile:
    path: Path
    reason: str


@dataclass
class WorkerSetup:
    """What every worker needs: the hashes already stored (to skip parsing them) and the size limit."""

    known: frozenset[str] = frozenset()
    max_bytes: int = MAX_FILE_BYTES


SETUP = WorkerSetup()
"""This process's setup; a worker's is set by ``start_worker``."""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_worker(setup: WorkerSetup) -> None:
    """Worker start-up: Ctrl+C is for the writer, which stops cleanly after its batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global SETUP
    SETUP = setup


def prepare_file(path: Path) -> PreparedFile | RefusedFile:
    """Read, parse and extract one file (in a worker); any failure becomes a RefusedFile with its reason."""
    try:
        data = read_file(path, SETUP.max_bytes)
        digest = content_hash(data)
        if digest in SETUP.known:
            return PreparedFile(path, digest)
        name = shown_path(path)
        article = parse_article(decode(data, name), str(path), name)
        comment_quotes = []
        for position, comment in enumerate(article.comments):
            quote, commenter = extract_comment(comment.author, comment.text)
            if quote is not None:
                comment_quotes.append((position, quote, commenter))
        return PreparedFile(path, digest, article, extract_quotes(article.body), tuple(comment_quotes))
    except IngestError as error:
        return RefusedFile(path, str(error))
    except Exception as error:  # A parser bug on one odd file must not stop a corpus import.
        return RefusedFile(path, f"{shown_path(path)} could not be parsed ({type(error).__name__}: {error})")


@dataclass
class ImportRun:
    """One import of files and folders: the files are listed (not read) up front, so ``total`` is known.

    Args:
        paths: files and folders to import.
        max_bytes: files over this size are skipped.
        strict: refuse the whole import (IngestError, nothing written) at the first file that cannot be imported.
        workers: worker processes (default: one per core); 0 prepares every file in this process.
        stop: set (from a Ctrl+C handler, say) to stop after the batch being written, which is committed.

    Raises:
        IngestError: a named path is missing or a named folder cannot be read or holds no article files.
    """

    paths: Iterable[str | Path]
    max_bytes: int = MAX_FILE_BYTES
    strict: bool = False
    workers: int | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    entries: list[Path | RefusedPath] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = list(find_files(self.paths))

    @property
    def total(self) -> int:
        return len(self.entries)

    def outcomes(self, store: Store) -> Iterator[ImportOutcome]:
        """Import into ``store``, yielding each file's outcome once the batch that holds it is committed."""
        with ExitStack() as stack:
            if self.strict:
                stack.enter_context(store.atomic())
            yield from self._write(store, self._prepared(store, stack))
            if self.strict and self.stop.is_set():
                raise KeyboardInterrupt

    def _prepared(self, store: Store, stack: ExitStack) -> Iterator[PreparedFile | RefusedFile]:
        """Each entry prepared, in order: in worker processes, at most a few files ahead of the writer."""
        setup = WorkerSetup(frozenset(store.content_hashes()), self.max_bytes)
        workers = usable_cores() if self.workers is None else self.workers
        files = [entry for entry in self.entries if isinstance(entry, Path)]
        # Forking a process that runs other threads (the app's) can deadlock the child, and starting
        # fresh interpreters instead needs a real stderr and main module, which an app may not have:
        # there, as for a few files, every file is prepared in this thread.
        forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        if workers == 0 or len(files) < POOL_THRESHOLD or not forkable:
            global SETUP
            SETUP = setup
            for entry in self.entries:
                yield RefusedFile(entry.path, entry.reason) if isinstance(entry, RefusedPath) else prepare_file(entry)
            return
        pool = stack.enter_context(
            ProcessPoolExecutor(
                workers, multiprocessing.get_context("fork"), initializer=start_worker, initargs=(setup,)
            )
        )
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        pending: deque[Future[PreparedFile | RefusedFile] | RefusedFile] = deque()
        ahead = BATCH_FILES + workers * IN_FLIGHT_PER_WORKER
        try:
            for entry in self.entries:
                pending.append(
                    RefusedFile(entry.path, entry.reason) if isinstance(entry, RefusedPath)
                    else pool.submit(prepare_file, entry)
                )
                while len(pending) >= ahead:
                    yield resolved(pending.popleft())
            while pending:
                yield resolved(pending.popleft())
        except BrokenProcessPool:
            raise IngestError("a worker process stopped unexpectedly (out of memory?); run the import again") from None

    def _write(self, store: Store, prepared: Iterator[PreparedFile | RefusedFile]) -> Iterator[ImportOutcome]:
        """Store prepared files a batch per transaction; yield their outcomes after each commit; stop when asked.

        A batch is gathered (its files prepared) before its transaction starts, so
        the write lock is held only while the batch is written: another writer (a
        key pressed in the app) waits for a batch's writes, never for parsing.
        """
        while not self.stop.is_set():
            batch = self._gather(prepared)
            if not batch:
                return
            with store.atomic():
                outcomes = [self._store(store, item) for item in batch]
            yield from outcomes

    def _gather(self, prepared: Iterator[PreparedFile | RefusedFile]) -> list[PreparedFile | RefusedFile]:
        """The next batch: up to BATCH_FILES prepared files, or what BATCH_SECONDS gave, or less when stopped."""
        started = time.monotonic()
        batch: list[PreparedFile | RefusedFile] = []
        while len(batch) < BATCH_FILES and time.monotonic() - started < BATCH_SECONDS and not self.stop.is_set():
            item = next(prepared, None)
            if item is None:
                break
            batch.append(item)
        return batch

    def _store(self, store: Store, item: PreparedFile | RefusedFile) -> ImportOutcome:
        if isinstance(item, PreparedFile):
            return store_prepared(store, item)
        if self.strict:
            raise IngestError(item.reason)
        return ImportOutcome(item.path, "skipped", None, reason=item.reason)


def usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def resolved(item: Future[PreparedFile | RefusedFile] | RefusedFile) -> PreparedFile | RefusedFile:
    return item if isinstance(item, RefusedFile) else item.result()


def store_prepared(store: Store, prepared: PreparedFile) -> ImportOutcome:
    """Write one prepared file (in the caller's transaction): a new document or revision, its quotes and actors."""
    existing = store.document_by_hash(prepared.digest)
    if existing is not None or prepared.article is None or prepared.extraction is None:
        return ImportOutcome(prepared.path, "unchanged", existing)
    source = str(prepared.path.resolve())
    previous = store.current_document_for_source(source)
    document = store.add_document(prepared.article, source, prepared.digest)
    comment_ids = [comment.id for comment in store.comments(document.id)] if prepared.comment_quotes else []
    comment_quotes = [(comment_ids[position], quote, who) for position, quote, who in prepared.comment_quotes]
    store.save_extraction(document.id, prepared.extraction, comment_quotes)
    if previous is None:
        return ImportOutcome(prepared.path, "added", document)
    reanchored, orphaned = reanchor_revision(store, previous, document)
    moved, lost = reanchor_corrections(store, previous, document)
    return ImportOutcome(prepared.path, "revised", document, reanchored, orphaned, moved, lost)


def import_paths(store: Store, paths: Iterable[str | Path], **options: object) -> list[ImportOutcome]:
    """Import every article file under ``paths`` (see ImportRun for ``options``); returns every outcome."""
    run = ImportRun(paths, **options)  # type: ignore[arg-type]
    return list(run.outcomes(store))


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
