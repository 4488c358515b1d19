"""Provides ImportRun: files and folders into the Store, parsed in worker processes and written in batches.

Reading, cleaning and quote extraction (the CPU-heavy part) run in a pool of
worker processes, a bounded number of files at a time, so memory stays flat
whatever the corpus size. The calling process is the only writer: it stores
each prepared file (linking its actors to the corpus's) and commits in
batches; a file already stored (same bytes) is skipped, so an interrupted
import carries on where it stopped. A file that cannot be imported is
reported as ``skipped`` with its reason, and the rest goes on (or, with
``strict``, the whole import is refused and nothing is written).

A file that holds many articles (a LexisNexis download, a table of one article
per row) gives one document per article, its source ``FILE#N`` for the Nth;
each article is known by the hash of its own text, so a re-run skips the
articles already stored wherever they now stand in the file. A table is read
and split by the writer and its rows extracted in the workers, a few dozen at
a time, so one large table uses every core; a row that cannot be read is
skipped with its line number.

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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from storage.attribution.actors import LocalActor
from storage.attribution.quotes import Extraction, FoundQuote, extract_comment, extract_quotes
from storage.exchange.anchor import Anchored, find_anchor, selector_for
from storage.ingest.downloads import FileArticles, read_file_articles
from storage.ingest.files import MAX_FILE_BYTES, IngestError, RefusedPath, find_files, read_file, shown_path
from storage.ingest.tabular import TABLE_SUFFIXES
from storage.models import Article, Document
from storage.store import Store

BATCH_SECONDS = 0.5
"""A batch is gathered for at most this long before it is written, so progress and Ctrl+C stay prompt."""
BATCH_FILES = 200
IN_FLIGHT_PER_WORKER = 8
"""Files handed to each worker ahead of the writer, beyond a batch: while the writer writes a batch the workers
prepare the next one; few enough to keep memory flat."""
POOL_THRESHOLD = 8
"""Fewer files than this (and no table) are prepared in the calling process: starting workers would cost more."""
ROWS_PER_TASK = 32
"""A table's rows go to the workers this many at a time: few enough to share a table across the cores."""


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file: ``added``, ``revised`` (a new revision), ``unchanged`` or ``skipped``.

    For a revision, ``reanchored`` annotations moved to the new text and
    ``orphaned`` ones could not be placed in it with confidence; the same
    for quote corrections in ``corrections_reanchored`` and ``corrections_orphaned``.
    A skipped file has no document and a ``reason`` (one line naming the file).
    ``part`` is the article's number in a file that holds many (0 for a file of
    one); ``within`` marks a skipped part of a file (a table row), not a whole
    file; ``ends_file`` is set on the last outcome of each file, and ``file_parts``
    says how many outcomes its file gives (its articles and skipped rows).
    """

    path: Path
    status: str
    document: Document | None
    reanchored: int = 0
    orphaned: int = 0
    corrections_reanchored: int = 0
    corrections_orphaned: int = 0
    reason: str = ""
    part: int = 0
    within: bool = False
    ends_file: bool = True
    file_parts: int = 1

    @property
    def shown(self) -> str:
        """The file (and the article's number in it: ``news.csv#3``) as one printable line."""
        return shown_path(self.path) + (f"#{self.part}" if self.part else "")


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
    """An article read and extracted by a worker, ready to store; ``article`` is None when it is stored already.

    ``part`` is its number in a file of many articles (0 for a file of one);
    ``siblings`` the hashes of every article of that file, so that a new article
    never replaces, as its revision, one that is still in the file at another place.
    """

    path: Path
    digest: str
    article: Article | None = None
    extraction: Extraction | None = None
    comment_quotes: tuple[tuple[int, FoundQuote, LocalActor | None], ...] = ()
    """(comment position, quote, commenter) for each reader comment that is a quote."""
    part: int = 0
    siblings: frozenset[str] = frozenset()
    ends_file: bool = True
    file_parts: int = 1


@dataclass(frozen=True)
class RefusedFile:
    """A file, or a part of one (``within``: a table row), that cannot be imported, and why."""

    path: Path
    reason: str
    within: bool = False
    ends_file: bool = True
    file_parts: int = 1


Prepared = PreparedFile | RefusedFile


@dataclass
class WorkerSetup:
    """What every worker needs: the hashes already stored (to skip parsing them), the size limit, table columns."""

    known: frozenset[str] = frozenset()
    max_bytes: int = MAX_FILE_BYTES
    columns: Mapping[str, str] = field(default_factory=dict)
    """The table columns the user named (``{"text": "body"}``); the rest are guessed from the headers."""


SETUP = WorkerSetup()
"""This process's setup; a worker's is set by ``start_worker``."""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_worker(setup: WorkerSetup) -> None:
    """Worker start-up: Ctrl+C is for the writer, which stops cleanly after its batch."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global SETUP
    SETUP = setup


def prepare_file(path: Path) -> list[Prepared]:
    """Read, parse and extract one file (in a worker): one item per article, or the reason it is refused."""
    read = read_articles_of(path, SETUP)
    if isinstance(read, RefusedFile | PreparedFile):
        return [read]
    digest, found = read
    if not found.many:
        return [prepare_article(path, digest, found.articles[0])]
    tasks, siblings = split_file(path, found)
    return with_siblings([item for task in tasks for item in run_task(task)], siblings)


def read_articles_of(path: Path, setup: WorkerSetup) -> tuple[str, FileArticles] | Prepared:
    """The hash of a file's bytes and its articles; a file of one article stored already; or why it is refused."""
    try:
        data = read_file(path, setup.max_bytes)
        digest = content_hash(data)
        if digest in setup.known:
            return PreparedFile(path, digest)
        return digest, read_file_articles(data, path, setup.columns)
    except IngestError as error:
        return RefusedFile(path, str(error))
    except Exception as error:  # A parser bug on one odd file must not stop a corpus import.
        return RefusedFile(path, f"{shown_path(path)} could not be parsed ({type(error).__name__}: {error})")


def prepare_article(path: Path, digest: str, article: Article, part: int = 0) -> Prepared:
    """Extract the quotes of one article (in a worker); one that is stored already is not extracted again."""
    if digest in SETUP.known:
        return PreparedFile(path, digest, part=part)
    try:
        comment_quotes = []
        for position, comment in enumerate(article.comments):
            quote, commenter = extract_comment(comment.author, comment.text)
            if quote is not None:
                comment_quotes.append((position, quote, commenter))
        extraction = extract_quotes(article.body)
    except Exception as error:  # An extractor bug on one odd article must not stop a corpus import.
        where = shown_path(path) + (f"#{part}" if part else "")
        return RefusedFile(path, f"{where} could not be parsed ({type(error).__name__}: {error})", within=bool(part))
    return PreparedFile(path, digest, article, extraction, tuple(comment_quotes), part)


PartOfFile = tuple[int, str, Article]
"""(the article's number in its file, the hash of its text, the article)."""


@dataclass(frozen=True)
class Task:
    """Some articles of one file of many, to extract in a worker.

    The last task of a file carries its skipped parts and ``ends_file``;
    ``file_parts`` counts the outcomes the whole file gives.
    """

    path: Path
    parts: tuple[PartOfFile, ...]
    file_parts: int
    skipped: tuple[str, ...] = ()
    ends_file: bool = False


def split_file(path: Path, found: FileArticles) -> tuple[list[Task], frozenset[str]]:
    """The articles of a file of many in tasks of ROWS_PER_TASK (the last holds the skipped parts and ends the file),
    and the hashes of all its articles."""
    parts = [(number, content_hash(article.raw.encode("utf-8")), article)
             for number, article in enumerate(found.articles, start=1)]  # fmt: skip
    size = len(parts) + len(found.skipped)
    tasks = [Task(path, tuple(parts[start : start + ROWS_PER_TASK]), size)
             for start in range(0, len(parts), ROWS_PER_TASK)]  # fmt: skip
    tasks[-1] = replace(tasks[-1], skipped=tuple(found.skipped), ends_file=True)
    return tasks, frozenset(digest for _, digest, _ in parts)


def with_siblings(items: list[Prepared], siblings: frozenset[str]) -> list[Prepared]:
    """Items of a file of many, each told the hashes of every article of its file.

    They are added after extraction, never sent with a task: a table's tasks would each carry all its hashes.
    """
    return [replace(item, siblings=siblings) if isinstance(item, PreparedFile) else item for item in items]


def run_task(task: Task) -> list[Prepared]:
    """Extract a task's articles (in a worker), then its skipped parts; its last item may end the file."""
    items = [prepare_article(task.path, digest, article, number) for number, digest, article in task.parts]
    items.extend(RefusedFile(task.path, reason, within=True) for reason in task.skipped)
    last = len(items) - 1
    return [replace(item, ends_file=task.ends_file and index == last, file_parts=task.file_parts)
            for index, item in enumerate(items)]  # fmt: skip


Work = tuple[Callable[[Any], list[Prepared]], Any, frozenset[str]] | list[Prepared]
"""A function and its argument to run (in a worker) with the hashes of its file's articles, or items prepared."""


def table_work(path: Path, setup: WorkerSetup) -> Iterator[Work]:
    """A table read and split by the writer, its rows in tasks the workers share; or why it is refused."""
    read = read_articles_of(path, setup)
    if isinstance(read, RefusedFile | PreparedFile):
        yield [read]
    else:
        tasks, siblings = split_file(path, read[1])
        yield from ((run_task, task, siblings) for task in tasks)


@dataclass
class ImportRun:
    """One import of files and folders: the files are listed (not read) up front, so ``total`` is known.

    Args:
        paths: files and folders to import.
        max_bytes: files over this size are skipped.
        strict: refuse the whole import (IngestError, nothing written) at the first file that cannot be imported.
        workers: worker processes (default: one per core); 0 prepares every file in this process.
        stop: set (from a Ctrl+C handler, say) to stop after the batch being written, which is committed.
        columns: a table's columns by field (``{"text": "body", "title": "headline"}``); others are guessed.

    Raises:
        IngestError: a named path is missing or a named folder cannot be read or holds no article files.
    """

    paths: Iterable[str | Path]
    max_bytes: int = MAX_FILE_BYTES
    strict: bool = False
    workers: int | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    columns: Mapping[str, str] = field(default_factory=dict)
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

    def _prepared(self, store: Store, stack: ExitStack) -> Iterator[Prepared]:
        """Each entry prepared, in order: in worker processes, at most a few tasks ahead of the writer."""
        setup = WorkerSetup(frozenset(store.content_hashes()), self.max_bytes, dict(self.columns))
        workers = usable_cores() if self.workers is None else self.workers
        files = [entry for entry in self.entries if isinstance(entry, Path)]
        small = len(files) < POOL_THRESHOLD and not any(path.suffix.lower() in TABLE_SUFFIXES for path in files)
        # Forking a process that runs other threads (the app's) can deadlock the child, and starting
        # fresh interpreters instead needs a real stderr and main module, which an app may not have:
        # there, as for a few files, every file is prepared in this thread.
        forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        global SETUP
        SETUP = setup
        if workers == 0 or small or not forkable:
            for work in self._work(setup):
                yield from (work if isinstance(work, list) else resolved(work[0](work[1]), work[2]))
            return
        pool = stack.enter_context(
            ProcessPoolExecutor(
                workers, multiprocessing.get_context("fork"), initializer=start_worker, initargs=(setup,)
            )
        )
        stack.callback(pool.shutdown, wait=True, cancel_futures=True)
        pending: deque[tuple[Future[list[Prepared]] | list[Prepared], frozenset[str]]] = deque()
        ahead = BATCH_FILES + workers * IN_FLIGHT_PER_WORKER
        try:
            for work in self._work(setup):
                pending.append((work, frozenset()) if isinstance(work, list) else (pool.submit(work[0], work[1]), work[2]))
                while len(pending) >= ahead:
                    yield from resolved(*pending.popleft())
            while pending:
                yield from resolved(*pending.popleft())
        except BrokenProcessPool:
            raise IngestError("a worker process stopped unexpectedly (out of memory?); run the import again") from None

    def _work(self, setup: WorkerSetup) -> Iterator[Work]:
        """What preparing each entry takes: a file for a worker, a table's rows in tasks, a refusal as it is."""
        for entry in self.entries:
            if isinstance(entry, RefusedPath):
                yield [RefusedFile(entry.path, entry.reason)]
            elif entry.suffix.lower() in TABLE_SUFFIXES:
                yield from table_work(entry, setup)
            else:
                yield (prepare_file, entry, frozenset())

    def _write(self, store: Store, prepared: Iterator[Prepared]) -> Iterator[ImportOutcome]:
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

    def _gather(self, prepared: Iterator[Prepared]) -> list[Prepared]:
        """The next batch: up to BATCH_FILES prepared articles, or what BATCH_SECONDS gave, or less when stopped."""
        started = time.monotonic()
        batch: list[Prepared] = []
        while len(batch) < BATCH_FILES and time.monotonic() - started < BATCH_SECONDS and not self.stop.is_set():
            item = next(prepared, None)
            if item is None:
                break
            batch.append(item)
        return batch

    def _store(self, store: Store, item: Prepared) -> ImportOutcome:
        if isinstance(item, PreparedFile):
            return store_prepared(store, item)
        if self.strict:
            raise IngestError(item.reason)
        return ImportOutcome(
            item.path, "skipped", None, reason=item.reason, within=item.within, ends_file=item.ends_file,
            file_parts=item.file_parts,
        )


def usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def resolved(item: Future[list[Prepared]] | list[Prepared], siblings: frozenset[str]) -> list[Prepared]:
    """A task's items once ready (waiting for its worker), told their file's article hashes when it has many."""
    items = item if isinstance(item, list) else item.result()
    return with_siblings(items, siblings) if siblings else items


def store_prepared(store: Store, prepared: PreparedFile) -> ImportOutcome:
    """Write one prepared article (in the caller's transaction): a new document or revision, its quotes and actors.

    The article numbered N in a file of many is a revision of the current
    document from ``FILE#N``, unless that document's text is still in the file
    (at another place, as when rows were inserted above it): then it is new.
    """
    outcome = partial(
        ImportOutcome, prepared.path, part=prepared.part, ends_file=prepared.ends_file, file_parts=prepared.file_parts
    )
    existing = store.document_by_hash(prepared.digest)
    if existing is not None or prepared.article is None or prepared.extraction is None:
        return outcome("unchanged", existing)
    source = str(prepared.path.resolve()) + (f"#{prepared.part}" if prepared.part else "")
    previous = store.current_document_for_source(source)
    if previous is not None and previous.content_hash in prepared.siblings:
        previous = None
    document = store.add_document(prepared.article, source, prepared.digest, revise=previous is not None)
    comment_ids = [comment.id for comment in store.comments(document.id)] if prepared.comment_quotes else []
    comment_quotes = [(comment_ids[position], quote, who) for position, quote, who in prepared.comment_quotes]
    store.save_extraction(document.id, prepared.extraction, comment_quotes)
    if previous is None:
        return outcome("added", document)
    reanchored, orphaned = reanchor_revision(store, previous, document)
    moved, lost = reanchor_corrections(store, previous, document)
    return outcome("revised", document, reanchored, orphaned, moved, lost)


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
