"""Provides Store: the SQLite database of documents, quotes, actors, tags and annotations.

Store is the only class that writes SQL. Every write runs inside sqlite-utils'
``db.atomic()``, so when a method returns, its change is committed; when it
raises, nothing of it is left behind. Reads go straight to the sqlite3
connection: sqlite-utils adds nothing to a SELECT, and opening the app (which
only reads until the user acts) then never waits for sqlite-utils to import.
A Store (like the connection it holds) belongs to the thread that opened it:
another thread opens its own with ``Store.open``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.colors import normalise_color
from storage.migrations import SCHEMA_VERSION, check_schema_version, migrate
from storage.attribution.corrections import QUOTE_KINDS, correction_target, overlapping
from storage.attribute_values import (
    BUILTIN_ATTRIBUTES,
    BUILTIN_COLUMNS,
    AttributeValueError,
    checked_choices,
    checked_name,
    checked_value,
)
from storage.models import (
    Actor, Annotation, Article, Attribute, Comment, Document, Memo, MemoSubject, Quote, QuoteCorrection, Tag,
)
from storage.search.document_filter import AttributeCondition, DocumentFilter, condition_for, parse_document_filter
from storage.writer_record import SUFFIX as WRITER_SUFFIX, current_writer, forget_writer, record_writer

# Modules only writes or other screens need (actor linking, coded segments) are imported by the methods
# that use them: opening the app reads, and would otherwise pay for them on every launch.
if TYPE_CHECKING:
    from sqlite_utils import Database

    from storage.attribution.actors import LocalActor
    from storage.exchange.segments import CodedSegment, SegmentFilter

    # Types only: the extractor's regexes take a while to compile and opening the app does not need them.
    from storage.attribution.quotes import Extraction, FoundQuote

SQLITE_HEADER = b"SQLite format 3\x00"
DATABASE_APPLICATION_ID = 0x53474442
"""``PRAGMA application_id`` of the app's own databases ("SGDB"); set by a migration step."""
EXPORT_APPLICATION_ID = 0x53475455
"""``PRAGMA application_id`` of an export (see storage.exchange.export, which cannot be imported here)."""
OWN_TABLES = frozenset({"documents", "tags", "annotations"})
"""Tables that mark a database made by the app before it had an application id."""
ACTOR_KINDS = ("person", "organisation", "place", "group")
"""What the researcher can say an actor is."""
CONTEXT_CHARS = 32
"""How much text either side of an annotation is kept to re-anchor it later."""
BUSY_TIMEOUT_MS = 10000
LOCK_POLL_MS = 250
"""While waiting for another writer, try for the write lock this often (between checks of the deadline)."""
WAIT_NOTICE_SECONDS = 1.0
"""A wait for the write lock longer than this is reported (``Store.on_write_wait``)."""


OPEN_FILES: Counter[Path] = Counter()
"""How many Stores of this process have each database file open (see Store.open)."""
OPEN_FILES_LOCK = threading.Lock()


def load_write_support() -> None:
    """Import what a Store's first write needs (sqlite-utils, ~0.1 s), ahead of time.

    A Store imports it on its first write anyway; an app can call this from a
    background thread so that the user's first change does not wait for it.
    """
    import sqlite_utils  # noqa: F401


class StoreError(Exception):
    """A database that cannot be opened or a write that cannot be made; the message is for users."""


class DatabaseUnavailableError(StoreError, sqlite3.OperationalError):
    """SQLite could not do what was asked for a reason outside the app: a lock, permissions, a full disk.

    It is a StoreError, so the CLI and the app report it as one line; and still
    an ``sqlite3.OperationalError``, so transactions roll back as for any SQLite error.
    """


class WriterBusyError(DatabaseUnavailableError):
    """Another program held the write lock for longer than the Store's ``write_wait``; nothing was changed.

    With a ``write_wait`` of 0 it is raised at once, so a caller that must not
    wait (the app's UI thread) can try the same change again later.
    """

    def __init__(self, holder: str, waited: float) -> None:
        said = [holder] if holder else []
        said += [f"waited {waited:.1f} s for it"] if waited >= 0.1 else []
        super().__init__(
            f"another program is writing to the database{' (' + '; '.join(said) + ')' if said else ''};"
            " nothing was changed: try again when it has finished"
        )
        self.holder = holder
        """Who holds the lock ('safeguard-tui import, pid 4321'), or '' if that is not known."""


UNAVAILABLE_REASONS = {
    "database is locked": "the database is locked: another program (an import, a reextract or another copy"
    " of the app) is writing to it; try again when it has finished",
    "database table is locked": "the database is locked by another program writing to it;"
    " try again when it has finished",
    "attempt to write a readonly database": "the database is read-only, so changes cannot be saved:"
    " make the file and its folder writable, or work on a copy",
    "database or disk is full": "the disk is full, so the change was not saved: free some space and try again",
    "disk I/O error": "the disk could not be read or written (disk I/O error): check the drive and try again",
}
"""SQLite's message for each failure a user can do something about, and what to tell them."""


def unavailable(error: sqlite3.OperationalError) -> sqlite3.OperationalError:
    """The error in words for users (DatabaseUnavailableError), or the error itself if it is not one of those."""
    reason = UNAVAILABLE_REASONS.get(str(error))
    return DatabaseUnavailableError(reason) if reason else error


class GuardedConnection(sqlite3.Connection):
    """A connection whose lock, permission and disk-space failures say what happened and what to do."""

    def execute(self, *args: Any) -> sqlite3.Cursor:
        try:
            return super().execute(*args)
        except sqlite3.OperationalError as error:
            raise unavailable(error) from None

    def executemany(self, *args: Any) -> sqlite3.Cursor:
        try:
            return super().executemany(*args)
        except sqlite3.OperationalError as error:
            raise unavailable(error) from None

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.OperationalError as error:
            raise unavailable(error) from None


@dataclass(frozen=True)
class DocumentSummary:
    """What the document list shows, without loading bodies."""

    id: int
    slug: str
    title: str
    publication: str
    author: str
    published: str
    quote_count: int
    annotation_count: int
    needs_review: bool = False


def now() -> str:
    """The current UTC time as an ISO 8601 string, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def check_database_file(path: Path) -> None:
    """Refuse a path that exists but is not an SQLite database, before SQLite touches it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an SQLite database")


def check_database_owner(path: Path) -> None:
    """Refuse a non-empty SQLite database that is not one of ours, before anything is written to it.

    Ours carry DATABASE_APPLICATION_ID in their header; those made before it was
    set are recognised by their tables (and get it when they are migrated). The
    tables are read from an immutable connection, which neither locks nor writes,
    so another application's file is left exactly as it was.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(100)
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == DATABASE_APPLICATION_ID:
        return
    if application_id == EXPORT_APPLICATION_ID:
        raise StoreError(f"{path} is an export, not a database: bring it in with import-annotations")
    if application_id == 0:
        tables = database_tables(path)
        if not tables or OWN_TABLES <= tables:
            return
    raise StoreError(f"{path} is the database of another application: give a new file or a safeguard-tui database")


def database_tables(path: Path) -> set[str]:
    """The names of the tables in a database, read without changing the file or leaving files beside it.

    A write-ahead log beside it may hold tables not yet in the file itself; then
    both are read from a copy, since even a read-only connection would use the log in place.
    """
    wal = Path(f"{path}-wal")
    with tempfile.TemporaryDirectory() as scratch:
        target = path
        if wal.is_file() and wal.stat().st_size:
            target = Path(scratch) / "copy.db"
            shutil.copyfile(path, target)
            shutil.copyfile(wal, f"{target}-wal")
        uri = f"{target.resolve().as_uri()}?{'mode=ro' if target != path else 'immutable=1'}"
        try:
            conn = sqlite3.connect(uri, uri=True)
            try:
                rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot open database {path}: {error}") from None
    return {name for (name,) in rows}


def is_writable(path: Path) -> bool:
    """Whether a database file can be changed: the file, and its folder (for the write-ahead log)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection to the database at ``path``, read-only if asked; see GuardedConnection.

    A read-only file in WAL mode needs its shared-memory file, which an
    unwritable folder may not let SQLite create: it is then read as immutable.
    """
    options: dict[str, Any] = {"timeout": 10.0, "check_same_thread": False, "factory": GuardedConnection}
    if not read_only:
        return sqlite3.connect(str(path), **options)
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, **options)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, **options)


class Store:
    """The project's database. Open one with ``Store.open(path)`` or ``Store.memory()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self.counted = False
        """Whether this Store is in OPEN_FILES (Store.open counts it, close uncounts it once)."""
        self.read_only = False
        """Whether the file (or its folder) cannot be written: reading works, every write is refused."""
        self.write_wait = 60.0
        """How long a write waits for another process's write to finish before giving up (seconds); 0 gives up
        at once (WriterBusyError), for a caller that retries later rather than wait."""
        self.on_write_wait: Callable[[str], None] | None = None
        """Called once per write that has waited WAIT_NOTICE_SECONDS for another writer (to say so), with who
        holds the lock ('safeguard-tui import, pid 4321'; '' if that is not known)."""

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (and if need be create and migrate) the database at ``path``.

        Raises StoreError with a one-line reason for anything that is not a
        usable database: a missing file when ``create`` is false, a file that
        is not SQLite, a folder that cannot be written, a newer schema.
        """
        path = Path(path).expanduser()
        with OPEN_FILES_LOCK:
            # Closing any descriptor of a file drops every POSIX lock this process holds on it,
            # SQLite's included: then another process may checkpoint and delete the WAL under an
            # open connection, whose writes it no longer sees. So a file this process already
            # has open through SQLite (a database, by now) is never opened by hand again.
            if not OPEN_FILES[path.resolve()]:
                check_database_file(path)
                check_database_owner(path)
        existed = path.exists()
        if not existed:
            if not create:
                raise StoreError(f"no database at {path}")
            if not path.parent.is_dir():
                raise StoreError(f"folder {path.parent} does not exist")
        read_only = existed and not is_writable(path)
        try:
            store = cls(connect(path, read_only=read_only), path)
            store.read_only = read_only
            store.configure()
            store.migrate()
        except sqlite3.DatabaseError as error:
            if not existed:
                remove_database_files(path)
            raise StoreError(f"cannot open database {path}: {error}") from None
        except ValueError as error:
            raise StoreError(f"cannot open database {path}: {error}") from None
        with OPEN_FILES_LOCK:
            OPEN_FILES[path.resolve()] += 1
        store.counted = True
        return store

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory store, for tests and scratch work."""
        store = cls(sqlite3.connect(":memory:", factory=GuardedConnection))
        store.configure()
        store.migrate()
        return store

    @cached_property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database, for writes; sqlite-utils is imported on first use."""
        from sqlite_utils import Database

        # No sqlite-utils plugins are used (skipping their entry-point scan saves ~30 ms), and
        # configure() has already set recursive triggers, so wrapping the connection runs no SQL.
        db = Database(self.conn, execute_plugins=False, recursive_triggers=False)
        # Every write transaction (sqlite-utils' own and the Store's) takes the write lock at its start.
        db.atomic = self.write_transaction  # type: ignore[method-assign]
        return db

    @contextmanager
    def write_transaction(self) -> Iterator[Database]:
        """A transaction that takes the write lock first, waiting for another writer; nested, a savepoint.

        A deferred transaction that reads and then writes cannot wait for another
        process's writer (SQLite reports "database is locked" as soon as that
        writer commits), so the lock is taken by ``BEGIN IMMEDIATE``, retried
        until ``write_wait`` runs out.
        """
        from sqlite_utils import Database

        if self.conn.in_transaction:
            with Database.atomic(self.db):
                yield self.db
            return
        self._take_write_lock()
        try:
            try:
                yield self.db
            except BaseException:
                self.conn.rollback()
                raise
            try:
                self.conn.commit()
            except BaseException:
                self.conn.rollback()
                raise
        finally:
            if self.path is not None:
                forget_writer(self.path)

    def _take_write_lock(self) -> None:
        """``BEGIN IMMEDIATE``, waiting up to ``write_wait`` seconds (and saying so) while another process writes."""
        started = time.monotonic()
        told = False
        self.conn.execute(f"PRAGMA busy_timeout = {min(LOCK_POLL_MS, int(self.write_wait * 1000))}")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    if self.path is not None:
                        record_writer(self.path)
                    return
                except sqlite3.OperationalError as error:
                    waited = time.monotonic() - started
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise
                    if waited >= self.write_wait:
                        raise WriterBusyError(self.writer(), waited) from None
                    if not told and waited >= WAIT_NOTICE_SECONDS and self.on_write_wait is not None:
                        told = True
                        self.on_write_wait(self.writer())
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def writer(self) -> str:
        """The program that last took this database's write lock, if it still runs (see storage.writer_record)."""
        return current_writer(self.path) if self.path is not None else ""

    def migrate(self) -> None:
        """Bring the schema up to date; a current database never loads the migration machinery."""
        if check_schema_version(self.conn) < SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(
                    f"{self.path} is read-only and was written by an older version of the app:"
                    " make it writable once so that it can be brought up to date"
                )
            migrate(self.db)

    def configure(self) -> None:
        """WAL so a reader never blocks a writer; foreign keys; wait for a busy writer.

        The file is read and its schema version checked before anything is
        changed, so a database from a newer app is left exactly as it was.
        """
        self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA recursive_triggers = ON")
        # SQLite's lower() folds ASCII only; the document list filters and sorts as Python does.
        self.conn.create_function("casefold", 1, casefold, deterministic=True)
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        check_schema_version(self.conn)
        if self.path is not None and not self.read_only:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.DatabaseError(f"cannot switch to WAL mode (got {mode})")

    def close(self) -> None:
        self.conn.close()
        if self.counted and self.path is not None:
            self.counted = False
            with OPEN_FILES_LOCK:
                OPEN_FILES[self.path.resolve()] -= 1

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[Store]:
        """Group several Store writes into one transaction."""
        with self.db.atomic():
            yield self

    # -- documents ---------------------------------------------------------------

    def document_by_hash(self, content_hash: str) -> Document | None:
        row = self.conn.execute(
            "SELECT * FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchone()
        return self._document(row) if row else None

    def content_hashes(self) -> set[str]:
        """The content hash of every stored revision: a file with one of these is already imported."""
        return {digest for (digest,) in self.conn.execute("SELECT content_hash FROM documents")}

    def current_document_for_source(self, source_file: str) -> Document | None:
        """The current revision imported from ``source_file``, if any."""
        row = self.conn.execute(
            "SELECT * FROM documents WHERE source_file = ? AND superseded_by IS NULL"
            " ORDER BY revision DESC LIMIT 1",
            [source_file],
        ).fetchone()
        return self._document(row) if row else None

    def add_document(self, article: Article, source_file: str, content_hash: str, *, revise: bool = True) -> Document:
        """Store an article as a new document, or as a new revision of the one from the same file.

        The previous revision stays in the table (its body never changes) and is
        marked superseded; callers move annotations across with re-anchoring.
        ``revise=False`` stores a new document even when one from the same source is current.
        """
        with self.db.atomic():
            previous = self.current_document_for_source(source_file) if revise else None
            slug = previous.slug if previous else self._unique_slug(article.title or Path(source_file).stem)
            revision = previous.revision + 1 if previous else 1
            cursor = self.conn.execute(
                "INSERT INTO documents (slug, revision, source_file, content_hash, title, publication,"
                " author, published, body, raw, imported, needs_review, section, stated_words, url)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    slug,
                    revision,
                    source_file,
                    content_hash,
                    article.title,
                    article.publication,
                    article.author,
                    article.published,
                    article.body,
                    article.raw,
                    now(),
                    int(article.needs_review),
                    article.section,
                    article.stated_words,
                    article.url,
                ],
            )
            document_id = int(cursor.lastrowid or 0)
            if previous:
                self.conn.execute(
                    "UPDATE documents SET superseded_by = ? WHERE id = ?", [document_id, previous.id]
                )
                # Attributes describe the article, not one revision of its text: they move with it.
                self.conn.execute(
                    "UPDATE document_attributes SET document_id = ? WHERE document_id = ?", [document_id, previous.id]
                )
            for position, comment in enumerate(article.comments):
                self.conn.execute(
                    "INSERT INTO comments (document_id, position, author, posted, text) VALUES (?,?,?,?,?)",
                    [document_id, position, comment.author, comment.posted, comment.text],
                )
        return self.document(document_id)

    def document(self, document_id: int) -> Document:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise KeyError(document_id)
        return self._document(row)

    def documents(self, *, include_superseded: bool = False) -> list[Document]:
        """Every current document (and old revisions too if asked), oldest import first."""
        where = "" if include_superseded else " WHERE superseded_by IS NULL"
        return [self._document(row) for row in self.conn.execute(f"SELECT * FROM documents{where} ORDER BY id")]

    def document_summaries(self) -> list[DocumentSummary]:
        """The current documents with their quote and annotation counts, for the document list."""
        rows = self.conn.execute(
            """
            SELECT d.id, d.slug, d.title, d.publication, d.author, d.published,
                   (SELECT count(*) FROM quotes q WHERE q.document_id = d.id AND q.kind != 'term'),
                   (SELECT count(*) FROM annotations a WHERE a.document_id = d.id AND a.orphaned = 0),
                   d.needs_review
            FROM documents d WHERE d.superseded_by IS NULL ORDER BY d.id
            """
        )
        return [
            DocumentSummary(id_, slug, title, publication, author, published, quotes, annotations, bool(flag))
            for id_, slug, title, publication, author, published, quotes, annotations, flag in rows
        ]

    def comment(self, comment_id: int) -> Comment:
        row = self.conn.execute(
            "SELECT id, document_id, position, author, posted, text FROM comments WHERE id = ?", [comment_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"no comment {comment_id}")
        return Comment(*row)

    def document_count(self, query: str = "") -> int:
        """How many current documents match the filter ``query`` (see ``document_page``).

        With no filter, the total is one row that triggers keep up to date (see
        storage.migrations.count_current_documents), whatever the corpus size.
        """
        if not query.split():
            return int(self.conn.execute("SELECT current FROM document_total").fetchone()[0])
        where, params = self.document_where(query)
        return int(self.conn.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()[0])

    def document_page(self, query: str, sort: str, offset: int, limit: int) -> list[DocumentSummary]:
        """One page of the document list: current documents matching ``query``, in ``sort`` order.

        ``query``: a document filter (see storage.search.document_filter): every word must
        appear (casefolded) in the title, publication, author or date, and every
        ``name:value`` hold. ``sort``: ``date`` (oldest first, undated last), ``title``,
        or an attribute's name (documents without a value last). In date order the
        page is chosen on the documents_by_date index alone; counts are read for the
        page's documents only. ``limit`` -1 means every document.
        """
        ids = self._page_ids(query, sort, offset, limit)
        found: dict[int, DocumentSummary] = {}
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            rows = self.conn.execute(
                f"""
                SELECT d.id, d.slug, d.title, d.publication, d.author, d.published,
                       (SELECT count(*) FROM quotes q WHERE q.document_id = d.id AND q.kind != 'term'),
                       (SELECT count(*) FROM annotations a WHERE a.document_id = d.id AND a.orphaned = 0),
                       d.needs_review
                FROM documents d WHERE d.id IN ({','.join('?' * len(chunk))})
                """,
                chunk,
            )
            for id_, slug, title, publication, author, published, quotes, annotations, flag in rows:
                summary = DocumentSummary(id_, slug, title, publication, author, published, quotes, annotations, bool(flag))
                found[id_] = summary
        return [found[id_] for id_ in ids if id_ in found]

    def document_position(self, document_id: int, query: str, sort: str) -> int | None:
        """Where a document comes in ``document_page``'s order, or None if the filter leaves it out."""
        where, params = self.document_where(query)
        if not self.conn.execute(f"SELECT 1 FROM documents WHERE id = ? AND {where}", [document_id, *params]).fetchone():
            return None
        attribute = self._sort_attribute(sort)
        if attribute is not None:
            return self._attribute_position(attribute, document_id, where, params)
        order = self.document_order(sort)
        key = self.conn.execute(f"SELECT {', '.join(order)} FROM documents WHERE id = ?", [document_id]).fetchone()
        before = self.conn.execute(
            f"SELECT count(*) FROM documents WHERE {where} AND ({', '.join(order)}) < ({', '.join('?' * len(key))})",
            [*params, *key],
        ).fetchone()[0]
        return int(before)

    def document_order(self, sort: str) -> list[str]:
        """The ORDER BY terms of a document list order by a documents column; ``date`` for any other.

        Every term is non-null, so a document's place can be counted by comparing rows.
        """
        if sort in DOCUMENT_ORDER:
            return DOCUMENT_ORDER[sort]
        if sort.casefold() in BUILTIN_COLUMNS:
            column = BUILTIN_COLUMNS[sort.casefold()]
            return [f"{column} = ''", f"{column} COLLATE NOCASE", "id"]
        return DOCUMENT_ORDER["date"]

    def _sort_attribute(self, sort: str) -> Attribute | None:
        """The researcher's attribute a list order names, if it names one."""
        if sort in DOCUMENT_ORDER or sort.casefold() in BUILTIN_COLUMNS:
            return None
        attribute = self.attribute_by_name(sort)
        return attribute if attribute is not None and attribute.id is not None else None

    def _page_ids(self, query: str, sort: str, offset: int, limit: int) -> list[int]:
        where, params = self.document_where(query)
        attribute = self._sort_attribute(sort)
        if attribute is not None:
            return self._attribute_page_ids(attribute, where, params, offset, limit)
        rows = self.conn.execute(
            f"SELECT id FROM documents WHERE {where} ORDER BY {', '.join(self.document_order(sort))} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [int(id_) for (id_,) in rows]

    def _attribute_page_ids(
        self, attribute: Attribute, where: str, params: list[Any], offset: int, limit: int
    ) -> list[int]:
        """A page in an attribute's order: the documents with a value (walked on the value index), then the rest by id.

        The page never sorts the corpus: the document_attributes_value and _number indexes hold the order, so a
        page near the top reads about as many rows as it shows.
        """
        key = attribute_sort_key(attribute)
        valued = self.conn.execute(f"SELECT count(*) {VALUED_DOCUMENTS.format(where=where)}", [attribute.id, *params])
        with_value = int(valued.fetchone()[0])
        ids: list[int] = []
        if offset < with_value:
            rows = self.conn.execute(
                f"SELECT v.document_id {VALUED_DOCUMENTS.format(where=where)} ORDER BY {key}, v.document_id"
                " LIMIT ? OFFSET ?",
                [attribute.id, *params, limit, offset],
            )
            ids = [int(id_) for (id_,) in rows]
        if limit < 0 or len(ids) < limit:
            rows = self.conn.execute(
                f"SELECT id {UNVALUED_DOCUMENTS.format(where=where)} ORDER BY id LIMIT ? OFFSET ?",
                [*params, attribute.id, limit - len(ids) if limit >= 0 else -1, max(0, offset - with_value)],
            )
            ids += [int(id_) for (id_,) in rows]
        return ids

    def _attribute_position(self, attribute: Attribute, document_id: int, where: str, params: list[Any]) -> int:
        key = attribute_sort_key(attribute)
        own = self.conn.execute(
            f"SELECT {key} FROM document_attributes v WHERE v.attribute_id = ? AND v.document_id = ?",
            [attribute.id, document_id],
        ).fetchone()
        valued = VALUED_DOCUMENTS.format(where=where)
        if own is not None:
            before = self.conn.execute(
                f"SELECT count(*) {valued} AND ({key}, v.document_id) < (?, ?)",
                [attribute.id, *params, own[0], document_id],
            )
            return int(before.fetchone()[0])
        with_value = self.conn.execute(f"SELECT count(*) {valued}", [attribute.id, *params]).fetchone()[0]
        before = self.conn.execute(
            f"SELECT count(*) {UNVALUED_DOCUMENTS.format(where=where)} AND id < ?", [*params, attribute.id, document_id]
        )
        return int(with_value) + int(before.fetchone()[0])

    def document_where(self, query: str) -> tuple[str, list[Any]]:
        """A WHERE clause over ``documents`` (unaliased) for the current documents the filter ``query`` keeps."""
        return document_filter_sql(parse_document_filter(query, self.all_attributes()))

    def documents_matching(self, query: str) -> list[int]:
        """The ids of the current documents the filter ``query`` keeps (``outlet:guardian date:2014..2015 words``).

        The same filter as the document list's; see storage.search.document_filter for what it accepts.
        """
        where, params = self.document_where(query)
        return [int(id_) for (id_,) in self.conn.execute(f"SELECT id FROM documents WHERE {where} ORDER BY id", params)]

    def documents_matching_sql(self, query: str) -> tuple[str, list[Any]]:
        """A sub-query selecting the ids of the documents the filter ``query`` keeps, with its parameters.

        For queries that count annotations or quotes over a filtered corpus:
        ``... WHERE a.document_id IN ({sql})``, without reading the ids into Python.
        """
        where, params = self.document_where(query)
        return f"SELECT id FROM documents WHERE {where}", params

    # -- document attributes -------------------------------------------------------

    def attributes(self) -> list[Attribute]:
        """The attributes the researcher defined, by name."""
        rows = self.conn.execute("SELECT id, name, kind, choices FROM attributes ORDER BY name COLLATE NOCASE")
        return [Attribute(id_, name, kind, tuple(json.loads(choices))) for id_, name, kind, choices in rows]

    def all_attributes(self) -> list[Attribute]:
        """The built-in attributes (outlet, date, author, section), then the researcher's."""
        return [*BUILTIN_ATTRIBUTES, *self.attributes()]

    def attribute_by_name(self, name: str) -> Attribute | None:
        """A built-in or defined attribute, by name in any case."""
        return next((a for a in self.all_attributes() if a.name.casefold() == name.casefold()), None)

    def define_attribute(self, name: str, kind: str, choices: Sequence[str] = (), *, coder: str = "") -> Attribute:
        """Add an attribute documents can be given (``text``, ``number``, ``date`` or ``choice`` of ``choices``), journaled."""
        with self._immediate():
            attribute = self.add_attribute(name, kind, choices)
            assert attribute.id is not None
            row = self._row("attributes", "id", attribute.id)
            self._journal(coder, f"new attribute {attribute.name!r}", [RowOp("insert", "attributes", row)])
        return attribute

    def add_attribute(self, name: str, kind: str, choices: Sequence[str] = ()) -> Attribute:
        """Add an attribute, unjournaled (an import's); StoreError for a name taken or a kind unknown."""
        try:
            name = checked_name(name)
            allowed = checked_choices(kind, list(choices))
        except AttributeValueError as error:
            raise StoreError(str(error)) from None
        with self.db.atomic():
            existing = self.attribute_by_name(name)
            if existing is not None:
                raise StoreError(f"there is already an attribute called {existing.name!r}")
            cursor = self.conn.execute(
                "INSERT INTO attributes (name, kind, choices) VALUES (?, ?, ?)", [name, kind, json.dumps(allowed)]
            )
        return Attribute(int(cursor.lastrowid or 0), name, kind, allowed)

    def widen_choices(self, attribute_id: int, choices: Sequence[str]) -> Attribute:
        """Allow more values of a choice attribute (an import's, unjournaled); the ones it had stay first."""
        attribute = self.attribute(attribute_id)
        allowed = checked_choices("choice", [*attribute.choices, *choices])
        if allowed != attribute.choices:
            with self.db.atomic():
                self.conn.execute("UPDATE attributes SET choices = ? WHERE id = ?", [json.dumps(allowed), attribute_id])
        return self.attribute(attribute_id)

    def add_document_attribute(self, document_id: int, attribute_id: int, value: str) -> bool:
        """Give a document a value it lacks (an import's, unjournaled); False when it has one already.

        StoreError when the value is not one the attribute takes.
        """
        try:
            stored = checked_value(self.attribute(attribute_id), value)
        except AttributeValueError as error:
            raise StoreError(str(error)) from None
        if not stored:
            return False
        with self.db.atomic():
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO document_attributes (document_id, attribute_id, value) VALUES (?, ?, ?)",
                [document_id, attribute_id, stored],
            )
        return cursor.rowcount > 0

    def delete_attribute(self, attribute_id: int, *, coder: str = "") -> int:
        """Remove an attribute and every document's value of it, journaled; returns how many values went."""
        with self._immediate():
            attribute = self.attribute(attribute_id)
            values = [
                self._row("document_attributes", "id", value_id)
                for (value_id,) in self.conn.execute(
                    "SELECT id FROM document_attributes WHERE attribute_id = ? ORDER BY id", [attribute_id]
                )
            ]
            ops = [RowOp("delete", "document_attributes", row) for row in values]
            ops.append(RowOp("delete", "attributes", self._row("attributes", "id", attribute_id)))
            self._apply_ops(ops)
            self._journal(coder, f"delete attribute {attribute.name!r}", ops)
        return len(values)

    def attribute(self, attribute_id: int) -> Attribute:
        found = next((a for a in self.attributes() if a.id == attribute_id), None)
        if found is None:
            raise StoreError(f"no attribute {attribute_id}")
        return found

    def document_attributes(self, document_id: int) -> dict[str, str]:
        """Every attribute's value for one document, by attribute name ("" where it has none)."""
        document = self.document(document_id)
        values = {
            "outlet": document.publication,
            "date": document.published,
            "author": document.author,
            "section": document.section,
            **{attribute.name: "" for attribute in self.attributes()},
        }
        rows = self.conn.execute(
            "SELECT a.name, v.value FROM document_attributes v JOIN attributes a ON a.id = v.attribute_id"
            " WHERE v.document_id = ?",
            [document_id],
        )
        values.update({name: value for name, value in rows})
        return values

    def set_document_attribute(self, document_id: int, attribute_id: int, value: str, *, coder: str = "") -> str:
        """Give a document a value of an attribute ("" removes it), journaled; returns the value stored.

        The value is checked against the attribute's kind (StoreError says what it should be).
        """
        with self._immediate():
            attribute = self.attribute(attribute_id)
            try:
                stored = checked_value(attribute, value)
            except AttributeValueError as error:
                raise StoreError(str(error)) from None
            self.document(document_id)
            found = self.conn.execute(
                "SELECT id, value FROM document_attributes WHERE document_id = ? AND attribute_id = ?",
                [document_id, attribute_id],
            ).fetchone()
            if found is not None and found[1] == stored:
                return stored
            if found is None and not stored:
                return stored
            if found is None:
                row = {"id": self._next_id("document_attributes"), "document_id": document_id,
                       "attribute_id": attribute_id, "value": stored}  # fmt: skip
                ops = [RowOp("insert", "document_attributes", row)]
            elif not stored:
                ops = [RowOp("delete", "document_attributes", self._row("document_attributes", "id", found[0]))]
            else:
                ops = [RowOp("update", "document_attributes", {"id": found[0], "value": stored},
                             {"id": found[0], "value": found[1]})]  # fmt: skip
            self._apply_ops(ops)
            title = self.document_title(document_id) or ""
            self._journal(coder, f"{attribute.name} of {summarise(title, 30)!r}: {stored or 'none'}", ops)
        return stored

    def set_document_value(self, document_id: int, attribute: Attribute, value: str, *, coder: str = "") -> str:
        """Set a document's value of any attribute, built in or the researcher's (see the two methods below)."""
        if attribute.is_builtin:
            return self.correct_document_field(document_id, attribute.name, value, coder=coder)
        assert attribute.id is not None
        return self.set_document_attribute(document_id, attribute.id, value, coder=coder)

    def correct_document_field(self, document_id: int, name: str, value: str, *, coder: str = "") -> str:
        """Correct a built-in attribute (outlet, date, author, section) that ingestion read wrong, journaled.

        The value is checked as the attribute's kind (a date must be a date: StoreError says so, and
        nothing changes); "" clears it. Returns the value stored.
        """
        attribute = next((a for a in BUILTIN_ATTRIBUTES if a.name == name), None)
        if attribute is None:
            raise StoreError(f"{name!r} is not a built-in attribute")
        column = BUILTIN_COLUMNS[name]
        with self._immediate():
            row = self.conn.execute(f"SELECT {column} FROM documents WHERE id = ?", [document_id]).fetchone()
            if row is None:
                raise StoreError(f"no document {document_id}")
            current = row[0]
            if value == current:
                return current  # unchanged, even a stored value the check would not write this way ('2015-12-31T10:00')
            try:
                stored = checked_value(attribute, value)
            except AttributeValueError as error:
                raise StoreError(str(error)) from None
            if stored == current:
                return stored
            ops = [RowOp("update", "documents", {"id": document_id, column: stored}, {"id": document_id, column: current})]
            self._apply_ops(ops)
            title = self.document_title(document_id) or ""
            self._journal(coder, f"{name} of {summarise(title, 30)!r}: {stored or 'none'}", ops)
        return stored

    def comments(self, document_id: int) -> list[Comment]:
        rows = self.conn.execute(
            "SELECT id, document_id, position, author, posted, text FROM comments"
            " WHERE document_id = ? ORDER BY position",
            [document_id],
        )
        return [Comment(*row) for row in rows]

    def _unique_slug(self, text: str) -> str:
        """The title's slug, or for a title already in use the next number after its copies' highest ("-2", ...).

        The numbered copies are read in one index range: asking for each number in
        turn made the 3,000th article titled "Letters" cost 6 ms, four times the rest
        of its write.
        """
        base = slugify(text) or "document"
        if self.conn.execute("SELECT 1 FROM documents WHERE slug = ?", [base]).fetchone() is None:
            return base
        # Slugs hold only [a-z0-9-]: the copies "base-<digits>" sort between "base-0" and "base-:".
        (highest,) = self.conn.execute(
            "SELECT max(CAST(substr(slug, ?) AS INTEGER)) FROM documents"
            " WHERE slug >= ? AND slug < ? AND substr(slug, ?) NOT GLOB '*[^0-9]*'",
            [len(base) + 2, f"{base}-0", f"{base}-:", len(base) + 2],
        ).fetchone()
        return f"{base}-{max(int(highest or 0), 1) + 1}"

    def _document(self, row: tuple[Any, ...]) -> Document:
        columns = (
            "id slug revision source_file content_hash title publication author published body raw"
            " imported superseded_by needs_review section stated_words url"
        ).split()
        fields: dict[str, Any] = dict(zip(columns, row))
        fields["needs_review"] = bool(fields.get("needs_review"))
        return Document(**fields)

    # -- actors and quotes -------------------------------------------------------

    def actors(self) -> list[Actor]:
        """Every actor with its aliases, by name."""
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self.conn.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY alias"):
            aliases.setdefault(actor_id, []).append(alias)
        rows = self.conn.execute(
            "SELECT id, name, kind, role, curated, description FROM actors ORDER BY name COLLATE NOCASE"
        )
        return [
            Actor(id=id_, name=name, kind=kind, role=role, aliases=tuple(aliases.get(id_, ())), curated=bool(curated),
                  description=description)
            for id_, name, kind, role, curated, description in rows
        ]

    def actor(self, actor_id: int) -> Actor:
        row = self.conn.execute(
            "SELECT name, kind, role, curated, description FROM actors WHERE id = ?", [actor_id]
        ).fetchone()
        if row is None:
            raise KeyError(actor_id)
        name, kind, role, curated, description = row
        aliases = tuple(
            alias
            for (alias,) in self.conn.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id]
            )
        )
        return Actor(
            id=actor_id, name=name, kind=kind, role=role, aliases=aliases, curated=bool(curated), description=description
        )

    def quotes(self, document_id: int | None = None) -> list[Quote]:
        """Quotes of one document (or of every current document), in reading order."""
        if document_id is None:
            return list(self.each_quote())
        return self._select_quotes(f"document_id = ? {QUOTE_ORDER}", [document_id])

    def each_quote(self) -> Iterator[Quote]:
        """Every current document's quotes in the order ``quotes()`` gives, read one row at a time.

        Building the search index goes through a million quotes this way and keeps
        none of them; a list of them all would hold every text at once.
        """
        current = "document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL)"
        return self._each_quote(f"{current} {QUOTE_ORDER}", [])

    def _select_quotes(self, where: str, params: Sequence[Any]) -> list[Quote]:
        return list(self._each_quote(where, params))

    def _each_quote(self, where: str, params: Sequence[Any]) -> Iterator[Quote]:
        """Quotes ``WHERE where``; every column the table has that a Quote has goes into it."""
        cursor = self.conn.execute(f"SELECT * FROM quotes WHERE {where}", params)
        names = [column[0] for column in cursor.description]
        kept = [(index, name) for index, name in enumerate(names) if name in QUOTE_FIELDS]
        return (Quote(**{name: row[index] for index, name in kept}) for row in cursor)

    # -- linking (see storage.attribution.linking) --------------------------------

    def actors_with_key(self, key: str, limit: int) -> list[int]:
        """Up to ``limit`` ids of actors carrying a blocking key, lowest first."""
        rows = self.conn.execute("SELECT actor_id FROM actor_keys WHERE key = ? ORDER BY actor_id LIMIT ?", [key, limit])
        return [int(actor_id) for (actor_id,) in rows]

    def names_of(self, actor_id: int) -> list[str]:
        """An actor's name and aliases."""
        rows = self.conn.execute(
            "SELECT name FROM actors WHERE id = ? UNION SELECT alias FROM actor_aliases WHERE actor_id = ?",
            [actor_id, actor_id],
        )
        return [str(name) for (name,) in rows]

    def _index_actor(self, actor_id: int) -> None:
        """Rewrite an actor's blocking keys from its names, kind and pinned aliases."""
        row = self.conn.execute("SELECT kind, curated FROM actors WHERE id = ?", [actor_id]).fetchone()
        self.conn.execute("DELETE FROM actor_keys WHERE actor_id = ?", [actor_id])
        if row is None:
            return
        kind, curated = row
        pinned = [
            alias
            for (alias,) in self.conn.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? AND pinned = 1", [actor_id]
            )
        ] if curated else []
        self._add_keys(actor_id, self.names_of(actor_id), kind, pinned)

    def _add_keys(self, actor_id: int, names: Sequence[str], kind: str, pinned: Sequence[str] = ()) -> None:
        from storage.attribution.linking import actor_keys

        self.conn.executemany(
            "INSERT OR IGNORE INTO actor_keys (key, actor_id) VALUES (?, ?)",
            [(key, actor_id) for key in actor_keys(names, kind, pinned)],
        )

    def _link_or_add(self, actor: LocalActor) -> int:
        """The corpus actor an article's actor links to (given its names and roles), or a new one."""
        from storage.attribution.actors import LocalActor, best_role, most_complete_name
        from storage.attribution.linking import link_actor

        actor_id = link_actor(actor, self)
        if actor_id is None:
            cursor = self.conn.execute(
                "INSERT INTO actors (name, kind, role) VALUES (?,?,?)", [actor.name, actor.kind, actor.role]
            )
            actor_id = int(cursor.lastrowid or 0)
            self.conn.executemany(
                "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
                [(actor_id, name) for name in actor.names],
            )
            # A new actor: its names are known here and it has no keys yet (nor pinned aliases).
            self._add_keys(actor_id, [actor.name, *actor.names], actor.kind)
            return actor_id
        known = self.names_of(actor_id)
        new_names = [name for name in actor.names if name not in known]
        name, kind, role, curated = self.conn.execute(
            "SELECT name, kind, role, curated FROM actors WHERE id = ?", [actor_id]
        ).fetchone()
        if not curated:
            fuller = most_complete_name([name, *new_names], kind)
            better = best_role([r for r in (role, *actor.roles) if r])
            if (fuller, better) != (name, role):
                self.conn.execute("UPDATE actors SET name = ?, role = ? WHERE id = ?", [fuller, better, actor_id])
        if new_names:
            self.conn.executemany(
                "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
                [(actor_id, name) for name in new_names],
            )
            self._index_actor(actor_id)
        return actor_id

    def link_actors(self, actors: Sequence[LocalActor]) -> list[int]:
        """Link one article's actors to the corpus (adding those that link to none); their actor ids."""
        from storage.attribution.actors import LocalActor

        with self.db.atomic():
            return [self._link_or_add(actor) for actor in actors]

    def actor_for_name(self, name: str, kind: str) -> int:
        """The actor carrying ``name`` (as its name or an alias, any case) with this kind, else a new one.

        For a researcher's correction that names a speaker: the name is stored
        with the correction, and this finds its actor again after re-extraction.
        When several actors carry the name, the one called by it wins, then one the
        researcher curated (an actor a split made), then the oldest. The new actor
        is linked and indexed like an extracted one.
        """
        name = clean_name(name)
        if not name:
            raise StoreError("a speaker needs a name")
        row = self.conn.execute(
            """
            SELECT a.id FROM actors a LEFT JOIN actor_aliases x ON x.actor_id = a.id
            WHERE a.kind = ? AND (a.name = ? COLLATE NOCASE OR x.alias = ? COLLATE NOCASE)
            ORDER BY a.name = ? COLLATE NOCASE DESC, a.curated DESC, a.id LIMIT 1
            """,
            [kind, name, name, name],
        ).fetchone()
        if row:
            return int(row[0])
        with self.db.atomic():
            cursor = self.conn.execute("INSERT INTO actors (name, kind, role) VALUES (?,?,'')", [name, kind])
            actor_id = int(cursor.lastrowid or 0)
            self.conn.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?)", [actor_id, name])
            self._index_actor(actor_id)
        return actor_id

    # -- the researcher's decisions about actors --------------------------------
    # Each is journaled (undo and redo, as for tags) and makes the actors it
    # touches curated with pinned aliases, which re-extraction keeps.

    def rename_actor(self, actor_id: int, name: str, *, coder: str = "") -> Actor:
        """Give an actor the name it shows; the name also becomes one of its pinned aliases."""
        name = clean_name(name)
        if not name:
            raise StoreError("an actor needs a name")
        with self._immediate():
            actor = self.actor(actor_id)
            ops = self._curate_ops(actor_id)
            ops.append(RowOp("update", "actors", {"id": actor_id, "name": name}, {"id": actor_id, "name": actor.name}))
            for kept in dict.fromkeys((name, actor.name)):
                if kept not in actor.aliases:
                    ops.append(self._new_alias_op(actor_id, kept, ops))
            self._actor_change(coder, f"rename {actor.name!r} to {name!r}", ops)
        return self.actor(actor_id)

    def set_actor_kind(self, actor_id: int, kind: str, *, coder: str = "") -> Actor:
        """Say what an actor is: one of ``ACTOR_KINDS``."""
        if kind not in ACTOR_KINDS:
            raise StoreError(f"an actor is one of {', '.join(ACTOR_KINDS)}, not {kind!r}")
        with self._immediate():
            actor = self.actor(actor_id)
            ops = self._curate_ops(actor_id)
            ops += self._speaker_kind_ops(actor_id, actor.kind, kind)
            ops.append(RowOp("update", "actors", {"id": actor_id, "kind": kind}, {"id": actor_id, "kind": actor.kind}))
            self._actor_change(coder, f"make {actor.name!r} a {kind}", ops)
        return self.actor(actor_id)

    def set_actor_role(self, actor_id: int, role: str, *, coder: str = "") -> Actor:
        """Give an actor the role it shows ("" for none)."""
        role = clean_name(role)
        with self._immediate():
            actor = self.actor(actor_id)
            ops = self._curate_ops(actor_id)
            ops.append(RowOp("update", "actors", {"id": actor_id, "role": role}, {"id": actor_id, "role": actor.role}))
            self._actor_change(coder, f"give {actor.name!r} the role {role!r}", ops)
        return self.actor(actor_id)

    def merge_actors(self, source_ids: Sequence[int], target_id: int, *, coder: str = "") -> Actor:
        """Fold actors into one: their names become its aliases and their quotes its quotes."""
        sources = [source for source in dict.fromkeys(source_ids) if source != target_id]
        if not sources:
            raise StoreError("choose at least one other actor to merge")
        with self._immediate():
            target = self.actor(target_id)
            held = set(target.aliases)
            ops = self._curate_ops(target_id)
            for source_id in sources:
                source = self.actor(source_id)
                if source.kind != target.kind:
                    ops += self._speaker_kind_ops(source_id, source.kind, target.kind)
                if source.name not in held and source.name not in source.aliases:
                    held.add(source.name)
                    ops.append(self._new_alias_op(target_id, source.name, ops))
                for alias_id, alias, pinned in self._alias_rows(source_id):
                    if alias in held:
                        ops.append(RowOp("delete", "actor_aliases", self._row("actor_aliases", "id", alias_id)))
                        continue
                    held.add(alias)
                    ops.append(
                        RowOp("update", "actor_aliases", {"id": alias_id, "actor_id": target_id, "pinned": 1},
                              {"id": alias_id, "actor_id": source_id, "pinned": pinned})
                    )
                ops += self._move_quote_ops(self._speaker_quotes(source_id), source_id, target_id)
                ops += self._move_baseline_ops(source_id, target_id)
                ops.append(RowOp("delete", "actors", self._row("actors", "id", source_id)))
            names = ", ".join(repr(self.actor(source).name) for source in sources)
            self._actor_change(coder, f"merge {names} into {target.name!r}", ops)
        return self.actor(target_id)

    def split_actor(
        self,
        actor_id: int,
        *,
        aliases: Sequence[str] = (),
        quote_ids: Sequence[int] = (),
        into: int | None = None,
        name: str = "",
        coder: str = "",
    ) -> int:
        """Move some of an actor's aliases and quotes to another actor, or to a new one; returns its id.

        A new actor takes ``name``, else the fullest of the moved aliases, and the
        source's kind. A moved quote gets a speaker correction naming its new actor
        (the same correction the reader makes), so it keeps that speaker through
        re-extraction, re-import, export and import; moved aliases are pinned.
        A quote in a reader comment stays with its commenter.
        """
        from storage.attribution.actors import most_complete_name

        if into == actor_id:
            raise StoreError("choose another actor to move names or quotes to")
        with self._immediate():
            source = self.actor(actor_id)
            moving = [row for row in self._alias_rows(actor_id) if row[1] in set(aliases)]
            quotes = [quote for quote in self._speaker_quotes(actor_id) if quote[0] in set(quote_ids)]
            if not moving and not quotes:
                raise StoreError("choose names or quotes to move")
            if any(comment_id is not None for _, _, comment_id, _, _ in quotes):
                raise StoreError("a quote in a reader comment stays with its commenter: merge or rename the commenter")
            ops = self._curate_ops(actor_id)
            if into is None:
                new_name = clean_name(name) or most_complete_name([row[1] for row in moving], source.kind) or source.name
                if self._actor_called(new_name, source.kind) is not None:
                    raise StoreError(f"there is already a {source.kind} called {new_name!r}: move them to it by name")
                into, speaker, kind = self._next_id("actors"), new_name, source.kind
                ops.append(RowOp("insert", "actors", {"id": into, "name": speaker, "kind": kind, "role": "", "curated": 1}))
                held: set[str] = set()
                if speaker not in aliases:
                    ops.append(self._new_alias_op(into, speaker, ops))
            else:
                target = self.actor(into)
                speaker, kind, held = target.name, target.kind, set(target.aliases)
                ops += self._curate_ops(into)
            for alias_id, alias, pinned in moving:
                if alias in held:
                    ops.append(RowOp("delete", "actor_aliases", self._row("actor_aliases", "id", alias_id)))
                else:
                    ops.append(
                        RowOp("update", "actor_aliases", {"id": alias_id, "actor_id": into, "pinned": 1},
                              {"id": alias_id, "actor_id": actor_id, "pinned": pinned})
                    )
            left = [row[1] for row in self._alias_rows(actor_id) if row not in moving]
            if source.name in {row[1] for row in moving} and left:
                fuller = most_complete_name(left, source.kind)
                ops.append(RowOp("update", "actors", {"id": actor_id, "name": fuller}, {"id": actor_id, "name": source.name}))
            spans = [(document_id, start, end) for _, document_id, _, start, end in quotes]
            ops += self._speaker_correction_ops(spans, speaker, kind, coder)
            moved = f"{len(moving)} name{'s' * (len(moving) != 1)} and {len(quotes)} quote{'s' * (len(quotes) != 1)}"
            self._actor_change(coder, f"split {moved} off {source.name!r}", ops)
            for document_id in sorted({document_id for document_id, _, _ in spans}):
                self.reapply_corrections(document_id)
        return into

    def _actor_called(self, name: str, kind: str) -> int | None:
        """The oldest actor of this kind whose name (not alias) is ``name``, any case."""
        row = self.conn.execute(
            "SELECT id FROM actors WHERE name = ? COLLATE NOCASE AND kind = ? ORDER BY id LIMIT 1", [name, kind]
        ).fetchone()
        return int(row[0]) if row else None

    def _speaker_correction_ops(
        self, spans: Iterable[tuple[int, int, int]], speaker: str, speaker_kind: str, coder: str
    ) -> list[RowOp]:
        """Speaker corrections naming ``speaker`` for quotes at (document, start, end), replacing earlier ones there.

        Each document's extractor quotes are kept first (its baseline), as a
        correction made in the reader does.
        """
        ops: list[RowOp] = []
        bodies: dict[int, str] = {}
        for document_id, start, end in spans:
            if document_id not in bodies:
                bodies[document_id] = self.document(document_id).body
                self._baseline(document_id)
            ops += [
                RowOp("delete", "quote_corrections", self._row("quote_corrections", "uid", uid))
                for (uid,) in self.conn.execute(
                    "SELECT uid FROM quote_corrections WHERE document_id = ? AND action = 'speaker' AND start = ?"
                    ' AND "end" = ? AND orphaned = 0',
                    [document_id, start, end],
                ).fetchall()
            ]
            values = {"speaker": speaker, "speaker_kind": speaker_kind}
            ops.append(RowOp("insert", "quote_corrections",
                             correction_row(bodies[document_id], document_id, "speaker", start, end, coder, values)))
        return ops

    def _speaker_kind_ops(self, actor_id: int, old_kind: str, new_kind: str) -> list[RowOp]:
        """Point the speaker corrections that name an actor at its new kind, so they keep finding it."""
        ops = []
        rows = self.conn.execute(
            "SELECT uid, speaker FROM quote_corrections WHERE speaker != '' AND speaker_kind = ?", [old_kind]
        ).fetchall()
        names = {name.casefold() for name in self.names_of(actor_id)}
        for uid, speaker in rows:
            if speaker.casefold() in names and self.actor_for_name(speaker, old_kind) == actor_id:
                ops.append(RowOp("update", "quote_corrections", {"uid": uid, "speaker_kind": new_kind},
                                 {"uid": uid, "speaker_kind": old_kind}))
        return ops

    def _move_baseline_ops(self, old: int, new: int) -> list[RowOp]:
        """Give the extractor's quotes of one actor (kept per document) to another: a merge's part in the baselines.

        Only documents where the actor speaks now, or that have corrections (one may
        hide its quote), are read: every document has a baseline, and a merge must
        not read them all.
        """
        rows = self.conn.execute(
            "SELECT b.document_id, json_extract(q.value, '$.start'), json_extract(q.value, '$.end')"
            " FROM quote_baselines b, json_each(b.quotes) q"
            " WHERE (b.document_id IN (SELECT document_id FROM quotes WHERE speaker_id = ?)"
            " OR b.document_id IN (SELECT document_id FROM quote_corrections))"
            " AND json_extract(q.value, '$.speaker_id') = ?",
            [old, old],
        ).fetchall()
        return [
            RowOp("update", "quote_baselines", {"document_id": document_id, "start": start, "end": end, "speaker_id": new},
                  {"document_id": document_id, "start": start, "end": end, "speaker_id": old})
            for document_id, start, end in rows
        ]

    def _actor_change(self, coder: str, action: str, ops: list[RowOp]) -> None:
        self._apply_ops(ops)
        self._journal(coder, action, ops)

    def _curate_ops(self, actor_id: int) -> list[RowOp]:
        """Mark an actor curated and pin its aliases: what re-extraction must keep."""
        ops = []
        (curated,) = self.conn.execute("SELECT curated FROM actors WHERE id = ?", [actor_id]).fetchone()
        if not curated:
            ops.append(RowOp("update", "actors", {"id": actor_id, "curated": 1}, {"id": actor_id, "curated": 0}))
        ops += [
            RowOp("update", "actor_aliases", {"id": alias_id, "actor_id": actor_id, "pinned": 1},
                  {"id": alias_id, "actor_id": actor_id, "pinned": 0})
            for alias_id, _, pinned in self._alias_rows(actor_id)
            if not pinned
        ]
        return ops

    def _new_alias_op(self, actor_id: int, alias: str, pending: Iterable[RowOp] = ()) -> RowOp:
        """A pinned alias for an actor, numbered after the table's and those ``pending`` ops insert."""
        taken = [op.row["id"] for op in pending if op.kind == "insert" and op.table == "actor_aliases"]
        alias_id = max([self._next_id("actor_aliases"), *(number + 1 for number in taken)])
        return RowOp("insert", "actor_aliases", {"id": alias_id, "actor_id": actor_id, "alias": alias, "pinned": 1})

    def _next_id(self, table: str) -> int:
        return int(self.conn.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0])

    def _alias_rows(self, actor_id: int) -> list[tuple[int, str, int]]:
        rows = self.conn.execute("SELECT id, alias, pinned FROM actor_aliases WHERE actor_id = ? ORDER BY id", [actor_id])
        return [(int(alias_id), str(alias), int(pinned)) for alias_id, alias, pinned in rows]

    def _speaker_quotes(self, actor_id: int) -> list[tuple[int, int, int | None, int, int]]:
        """(id, document, comment, start, end) of every quote an actor speaks."""
        rows = self.conn.execute(
            'SELECT id, document_id, comment_id, start, "end" FROM quotes WHERE speaker_id = ? ORDER BY id', [actor_id]
        )
        return [tuple(row) for row in rows]

    @staticmethod
    def _move_quote_ops(quotes: Iterable[tuple[int, int, int | None, int, int]], old: int, new: int) -> list[RowOp]:
        ops = []
        for quote_id, document_id, _, start, end in quotes:
            where = {"id": quote_id, "document_id": document_id, "start": start, "end": end}
            ops.append(RowOp("update", "quotes", {**where, "speaker_id": new}, {**where, "speaker_id": old}))
        return ops

    def _reindex_actors(self, ops: Iterable[RowOp]) -> None:
        """Rewrite the blocking keys of every actor a list of changes touched."""
        touched: set[int] = set()
        for op in ops:
            for values in (op.row, op.before or {}):
                if op.table == "actors" and "id" in values:
                    touched.add(int(values["id"]))
                elif op.table == "actor_aliases" and "actor_id" in values:
                    touched.add(int(values["actor_id"]))
        for actor_id in sorted(touched):
            self._index_actor(actor_id)

    # -- extraction ----------------------------------------------------------------
    # Quotes and actors are derived data: they are rebuilt from the documents at
    # will (``reextract``) and nothing the user makes refers to them by id: a
    # coder's corrections name passages and speakers and are applied again on save,
    # and what the researcher decided about actors (curated actors, pinned aliases)
    # is kept and re-applied.

    def save_extraction(
        self,
        document_id: int,
        extraction: Extraction,
        comment_quotes: Sequence[tuple[int, FoundQuote, LocalActor | None]] = (),
    ) -> list[Quote]:
        """Replace a document's quotes with ``extraction``, linking its actors to the corpus's.

        ``comment_quotes`` are (comment id, quote, commenter) for reader comments.
        Each of the article's actors links to the one corpus actor it is
        (``storage.attribution.linking.link_actor``: blocking keys, so the cost
        does not grow with the corpus) or becomes a new one; a linked actor gains
        the article's names as aliases and may get a fuller name or a better role,
        unless the researcher has curated it. The document's quote corrections
        (the reader's, and the speakers an Actors-screen split gave) are applied
        on top.
        """
        from storage.attribution.actors import LocalActor

        with self.db.atomic():
            speaker_ids = self.link_actors(extraction.actors)
            rows: list[tuple[int | None, FoundQuote, int | None]] = [
                (None, q, speaker_ids[q.speaker] if q.speaker is not None else None) for q in extraction.quotes
            ]
            for comment_id, quote, commenter in comment_quotes:
                rows.append((comment_id, quote, self._link_or_add(commenter) if commenter is not None else None))
            self.conn.execute("DELETE FROM quotes WHERE document_id = ?", [document_id])
            self.conn.executemany(
                'INSERT INTO quotes (document_id, comment_id, start, "end", text, speaker_id, kind, cue,'
                " cue_start, cue_end, mention_start, mention_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        document_id, on_comment, quote.start, quote.end, quote.text,
                        speaker_id, quote.kind, quote.cue,
                        quote.cue_start, quote.cue_end, quote.mention_start, quote.mention_end,
                    )
                    for on_comment, quote, speaker_id in rows
                ],
            )
            self._save_baseline(document_id)
            self._apply_corrections(document_id)
        return self.quotes(document_id)

    def clear_extraction(self) -> None:
        """Remove every quote and every actor the researcher has not curated, with their aliases.

        Curated actors stay with their pinned aliases (the names the researcher
        gave or confirmed), so re-extraction links the same names to them again.
        Documents, comments, tags, annotations and quote corrections stay.
        """
        with self.db.atomic():
            self.conn.execute("DELETE FROM quotes")
            self.conn.execute("DELETE FROM quote_baselines")
            self.conn.execute("DELETE FROM actors WHERE curated = 0")
            self.conn.execute("DELETE FROM actor_aliases WHERE pinned = 0")
            for (actor_id,) in self.conn.execute("SELECT id FROM actors").fetchall():
                self._index_actor(actor_id)

    def actor_quote_counts(self, document_id: int | None = None) -> list[tuple[Actor, int]]:
        """Actors with how many quotes they have (in one document, or in all current ones), most first."""
        sql = "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL AND kind != 'term'"
        params: list[Any] = []
        if document_id is None:
            sql += " AND document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL)"
        else:
            sql += " AND document_id = ?"
            params.append(document_id)
        rows = self.conn.execute(sql + " GROUP BY speaker_id", params).fetchall()
        counted = [(self.actor(actor_id), count) for actor_id, count in rows]
        return sorted(counted, key=lambda pair: (-pair[1], pair[0].name.lower()))

    def actors_with_counts(self) -> list[tuple[Actor, int]]:
        """Every actor with how many quotes it speaks in current documents, by name: the Actors screen's list."""
        counts = dict(
            self.conn.execute(
                "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL"
                " AND document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL) GROUP BY speaker_id"
            ).fetchall()
        )
        return [(actor, int(counts.get(actor.id, 0))) for actor in self.actors()]

    def quotes_by_actor(self, actor_id: int) -> list[Quote]:
        """Every quote an actor is the speaker of, in current documents."""
        return self._select_quotes(
            "speaker_id = ? AND document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL)"
            " ORDER BY document_id, start",
            [actor_id],
        )

    def quote(self, quote_id: int) -> Quote:
        found = self._select_quotes("id = ?", [quote_id])
        if not found:
            raise KeyError(quote_id)
        return found[0]

    # -- corrections ---------------------------------------------------------------
    # A coder's corrections of the extractor are user data, kept apart from the
    # quotes (which are rebuilt at will) and anchored to their passage. A document's
    # quotes are the extractor's (kept per document in quote_baselines) with its
    # corrections applied in the order they were made; every save of a document's
    # quotes, every correction and every undo of one applies them again. A quote is
    # named by its document and span, not its id: a document's quotes are rebuilt (new
    # ids) by every correction, and another copy of the app may hold old ones.

    def correct_speaker(
        self, document_id: int, start: int, end: int, speaker: str, speaker_kind: str = "person", *, coder: str = ""
    ) -> QuoteCorrection | None:
        """Say who said the quote at ``start``-``end``: an actor's name and kind ("" for no speaker), journaled."""
        speaker = clean_name(speaker)
        quote = self._existing_quote(document_id, start, end)
        label = f"speaker of {summarise(quote.text)!r}: {speaker or 'none'}"
        kind = speaker_kind if speaker else ""
        return self._correct(quote, "speaker", coder, label, speaker=speaker, speaker_kind=kind)

    def correct_kind(
        self, document_id: int, start: int, end: int, kind: str, *, coder: str = ""
    ) -> QuoteCorrection | None:
        """Give the quote at ``start``-``end`` another kind (direct, indirect, partial, term), journaled."""
        quote = self._existing_quote(document_id, start, end)
        return self._correct(quote, "kind", coder, f"{summarise(quote.text)!r} as {kind}", kind=kind)

    def reject_quote(self, document_id: int, start: int, end: int, *, coder: str = "") -> QuoteCorrection | None:
        """Mark the quote at ``start``-``end`` as not a quote (one added by hand is simply removed), journaled."""
        quote = self._existing_quote(document_id, start, end)
        return self._correct(quote, "reject", coder, f"not a quote: {summarise(quote.text)!r}")

    def add_quote(
        self,
        document_id: int,
        start: int,
        end: int,
        *,
        kind: str,
        speaker: str = "",
        speaker_kind: str = "person",
        coder: str = "",
    ) -> QuoteCorrection:
        """Add a quote the extractor missed at ``body[start:end]``; it replaces quotes it overlaps. Journaled."""
        speaker = clean_name(speaker)
        body = self.document(document_id).body
        if not 0 <= start < end <= len(body):
            raise StoreError(f"span {start}-{end} is outside the document (length {len(body)})")
        values = {"kind": kind, "speaker": speaker, "speaker_kind": speaker_kind if speaker else ""}
        label = f"new quote {summarise(body[start:end])!r}"
        with self._immediate():
            correction = self._record_correction(document_id, "add", start, end, coder, label, [], values)
        return correction

    def quote_corrections(self, document_id: int | None = None, *, orphaned: bool = False) -> list[QuoteCorrection]:
        """Corrections (of one document, or all), in the order they were made; orphans only when asked for."""
        sql = f"SELECT {CORRECTION_COLUMNS} FROM quote_corrections WHERE orphaned = ?"
        params: list[Any] = [int(orphaned)]
        if document_id is not None:
            sql += " AND document_id = ?"
            params.append(document_id)
        return [correction_from_row(row) for row in self.conn.execute(sql + " ORDER BY id", params)]

    def quote_correction_by_uid(self, uid: str) -> QuoteCorrection | None:
        row = self.conn.execute(f"SELECT {CORRECTION_COLUMNS} FROM quote_corrections WHERE uid = ?", [uid]).fetchone()
        return correction_from_row(row) if row else None

    def reapply_corrections(self, document_id: int) -> None:
        """Rebuild a document's quotes from the extractor's, then apply its corrections again.

        A baseline speaker that is gone (merged away before merges moved baselines
        too) gives way to the speaker the quote at that span has now.
        """
        with self.db.atomic():
            baseline = self._baseline(document_id)
            now_speaking = {
                (start, end): speaker_id
                for start, end, speaker_id in self.conn.execute(
                    'SELECT start, "end", speaker_id FROM quotes WHERE document_id = ? AND comment_id IS NULL',
                    [document_id],
                )
            }
            actor_ids = {int(actor_id) for (actor_id,) in self.conn.execute(
                "SELECT id FROM actors WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps([row.get("speaker_id") for row in baseline])],
            )}
            self.conn.execute("DELETE FROM quotes WHERE document_id = ? AND comment_id IS NULL", [document_id])
            for row in baseline:
                if row.get("speaker_id") is not None and row["speaker_id"] not in actor_ids:
                    row = {**row, "speaker_id": now_speaking.get((row["start"], row["end"]))}
                columns = ", ".join(f'"{column}"' for column in row)
                marks = ", ".join("?" for _ in row)
                self.conn.execute(f"INSERT INTO quotes ({columns}) VALUES ({marks})", list(row.values()))
            self._apply_corrections(document_id)

    def move_correction(self, correction_id: int, document: Document, start: int, end: int) -> None:
        """Re-anchor a correction at ``document.body[start:end]`` (a revised text), taking that text and context."""
        body = document.body
        if not 0 <= start < end <= len(body):
            raise StoreError(f"span {start}-{end} is outside the document (length {len(body)})")
        with self.db.atomic():
            self.conn.execute(
                'UPDATE quote_corrections SET document_id = ?, start = ?, "end" = ?, text = ?, prefix = ?,'
                " suffix = ?, orphaned = 0 WHERE id = ?",
                [document.id, start, end, *anchor_texts(body, start, end), correction_id],
            )

    def orphan_correction(self, correction_id: int) -> None:
        """Mark a correction whose passage is gone from the revised text; it keeps the span it was made on."""
        with self.db.atomic():
            self.conn.execute("UPDATE quote_corrections SET orphaned = 1 WHERE id = ?", [correction_id])

    def insert_correction(self, correction: QuoteCorrection, document_id: int) -> QuoteCorrection:
        """Store a correction brought in from elsewhere as it is (uid, coder, date); not applied until asked.

        An anchored correction must match the document's text at its offsets.
        """
        if not correction.orphaned:
            body = self.document(document_id).body
            if body[correction.start : correction.end] != correction.text or correction.start >= correction.end:
                raise StoreError(f"correction {correction.uid} does not match the text of document {document_id}")
        row = {
            **{name: getattr(correction, name) for name in CORRECTION_FIELDS if name != "id"},
            "document_id": document_id,
            "orphaned": int(correction.orphaned),
        }
        with self.db.atomic():
            self._apply_ops([RowOp("insert", "quote_corrections", row)])
        found = self.quote_correction_by_uid(correction.uid)
        assert found is not None
        return found

    def _existing_quote(self, document_id: int, start: int, end: int) -> Quote:
        found = self._select_quotes(
            'document_id = ? AND start = ? AND "end" = ? AND comment_id IS NULL ORDER BY id LIMIT 1',
            [document_id, start, end],
        )
        if not found:
            raise StoreError("there is no quote there any more (the quotes were changed meanwhile)")
        return found[0]

    def _correct(
        self, quote: Quote, action: str, coder: str, label: str, **values: str
    ) -> QuoteCorrection | None:
        """Record a correction of ``quote``; one of a quote added by hand changes that addition instead."""
        with self._immediate():
            added = self.conn.execute(
                f"SELECT {CORRECTION_COLUMNS} FROM quote_corrections WHERE document_id = ? AND action = 'add'"
                ' AND start = ? AND "end" = ? AND orphaned = 0 ORDER BY id DESC LIMIT 1',
                [quote.document_id, quote.start, quote.end],
            ).fetchone()
            if added is not None and quote.origin == "manual":
                addition = correction_from_row(added)
                if action == "reject":
                    ops = [RowOp("delete", "quote_corrections", self._row("quote_corrections", "uid", addition.uid))]
                    self._apply_ops(ops)
                    self._journal(coder, label, ops)
                    self.reapply_corrections(quote.document_id)
                    return None
                values = {
                    "kind": addition.kind, "speaker": addition.speaker, "speaker_kind": addition.speaker_kind, **values
                }
                action, replaced = "add", [addition.uid]
            else:
                replaced = [
                    uid
                    for (uid,) in self.conn.execute(
                        "SELECT uid FROM quote_corrections WHERE document_id = ? AND action = ? AND start = ?"
                        ' AND "end" = ? AND orphaned = 0',
                        [quote.document_id, action, quote.start, quote.end],
                    )
                ]
            return self._record_correction(quote.document_id, action, quote.start, quote.end, coder, label,
                                           replaced, values)

    def _record_correction(
        self,
        document_id: int,
        action: str,
        start: int,
        end: int,
        coder: str,
        label: str,
        replaced: list[str],
        values: dict[str, str],
    ) -> QuoteCorrection:
        """Store a correction (replacing ``replaced``), journal it and apply it; inside the caller's transaction."""
        if "kind" in values and values["kind"] not in QUOTE_KINDS:
            raise StoreError(f"{values['kind']!r} is not a kind of quote ({', '.join(QUOTE_KINDS)})")
        body = self.document(document_id).body
        self._baseline(document_id)
        row = correction_row(body, document_id, action, start, end, coder, values)
        uid = row["uid"]
        ops = [RowOp("delete", "quote_corrections", self._row("quote_corrections", "uid", old)) for old in replaced]
        ops.append(RowOp("insert", "quote_corrections", row))
        self._apply_ops(ops)
        self._journal(coder, label, ops)
        self.reapply_corrections(document_id)
        correction = self.quote_correction_by_uid(uid)
        assert correction is not None
        return correction

    def _baseline(self, document_id: int) -> list[dict[str, Any]]:
        """The document's quotes as the extractor found them (taken from the table the first time)."""
        row = self.conn.execute("SELECT quotes FROM quote_baselines WHERE document_id = ?", [document_id]).fetchone()
        if row is None:
            return self._save_baseline(document_id)
        rows: list[dict[str, Any]] = json.loads(row[0])
        return rows

    def _save_baseline(self, document_id: int) -> list[dict[str, Any]]:
        """Keep the document's body quotes, as they are now, as the extractor's finding."""
        cursor = self.conn.execute(
            "SELECT * FROM quotes WHERE document_id = ? AND comment_id IS NULL ORDER BY start, id", [document_id]
        )
        names = [column[0] for column in cursor.description]
        rows = [{k: v for k, v in zip(names, values) if k not in ("id", "origin")} for values in cursor]
        self.conn.execute(
            "INSERT OR REPLACE INTO quote_baselines (document_id, quotes) VALUES (?, ?)",
            [document_id, json.dumps(rows)],
        )
        return rows

    def _apply_corrections(self, document_id: int) -> None:
        """Apply the document's corrections, oldest first, to the quotes it has now."""
        for correction in self.quote_corrections(document_id):
            quotes = [quote for quote in self.quotes(document_id) if quote.comment_id is None]
            speaker_id = (
                self.actor_for_name(correction.speaker, correction.speaker_kind or "person")
                if correction.speaker
                else None
            )
            if correction.action == "add":
                for quote in overlapping(quotes, correction.start, correction.end):
                    self.conn.execute("DELETE FROM quotes WHERE id = ?", [quote.id])
                self.conn.execute(
                    'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind, cue, origin)'
                    " VALUES (?, ?, ?, ?, ?, ?, '', 'manual')",
                    [document_id, correction.start, correction.end, correction.text, speaker_id, correction.kind],
                )
                continue
            target = correction_target(quotes, correction.start, correction.end)
            if target is None:
                continue
            if correction.action == "reject":
                self.conn.execute("DELETE FROM quotes WHERE id = ?", [target.id])
                continue
            column, value = ("speaker_id", speaker_id) if correction.action == "speaker" else ("kind", correction.kind)
            self.conn.execute(
                f"UPDATE quotes SET {column} = ?,"
                " origin = CASE origin WHEN 'manual' THEN 'manual' ELSE 'corrected' END WHERE id = ?",
                [value, target.id],
            )

    def _follow_revisions(self, ops: Iterable[RowOp]) -> None:
        """Move a correction that undo or redo brought back onto an old revision to the current one (or orphan it)."""
        for op in ops:
            correction = self.quote_correction_by_uid(op.row["uid"]) if op.table == "quote_corrections" else None
            if op.kind != "insert" or correction is None or correction.orphaned:
                continue
            current = self.current_revision(correction.document_id)
            if current.id == correction.document_id:
                continue
            # Imported only here: rapidfuzz is not needed (nor loaded) until a revision is met.
            from storage.exchange.anchor import find_anchor, selector_for

            anchor = find_anchor(current.body, selector_for(correction))
            if anchor is None:
                self.orphan_correction(correction.id)
            else:
                self.move_correction(correction.id, current, anchor.start, anchor.end)

    def _correction_documents(self, ops: Iterable[RowOp]) -> set[int]:
        """The documents whose corrections a journal entry touches, where they were and where they are now."""
        documents: set[int] = set()
        for op in ops:
            if op.table != "quote_corrections":
                continue
            documents.add(int(op.row["document_id"]))
            row = self.conn.execute(
                "SELECT document_id FROM quote_corrections WHERE uid = ?", [op.row["uid"]]
            ).fetchone()
            if row:
                documents.add(int(row[0]))
        return documents

    # -- tags --------------------------------------------------------------------

    def add_tag(
        self,
        name: str,
        *,
        color: str = "#888888",
        description: str = "",
        shortcut: int | None = None,
        parent_id: int | None = None,
    ) -> Tag:
        name = clean_name(name)
        if not name:
            raise StoreError("a tag needs a name")
        color = checked_color(color)
        with self.db.atomic():
            if self.tag_by_name(name):
                raise StoreError(f"there is already a tag called {name!r}")
            if shortcut is not None and self.tag_by_shortcut(shortcut):
                raise StoreError(f"shortcut {shortcut} is already taken")
            cursor = self.conn.execute(
                "INSERT INTO tags (name, parent_id, color, description, shortcut) VALUES (?,?,?,?,?)",
                [name, parent_id, color, description, shortcut],
            )
        return self.tag(int(cursor.lastrowid or 0))

    def tag(self, tag_id: int) -> Tag:
        row = self.conn.execute(
            "SELECT id, name, parent_id, color, description, shortcut FROM tags WHERE id = ?", [tag_id]
        ).fetchone()
        if row is None:
            raise KeyError(tag_id)
        return Tag(*row)

    def tags(self) -> list[Tag]:
        """Every tag, by shortcut then name."""
        rows = self.conn.execute(
            "SELECT id, name, parent_id, color, description, shortcut FROM tags"
            " ORDER BY shortcut IS NULL, shortcut, name COLLATE NOCASE"
        )
        return [Tag(*row) for row in rows]

    def tag_by_name(self, name: str) -> Tag | None:
        row = self.conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return self.tag(row[0]) if row else None

    def tag_by_shortcut(self, shortcut: int) -> Tag | None:
        row = self.conn.execute("SELECT id FROM tags WHERE shortcut = ?", [shortcut]).fetchone()
        return self.tag(row[0]) if row else None

    def load_codebook(self, path: Path) -> list[Tag]:
        """Add the tags of a codebook TOML file (``[[tag]]`` tables); existing names are skipped."""
        import tomllib  # here, not at the top: launching the app never reads a codebook file

        try:
            codebook = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise StoreError(f"cannot read codebook {path}: {error}") from None
        added = []
        with self.db.atomic():
            for entry in codebook.get("tag", []):
                if self.tag_by_name(str(entry.get("name", ""))):
                    continue
                shortcut = entry.get("shortcut")
                if shortcut is not None and self.tag_by_shortcut(int(shortcut)):
                    shortcut = None
                parent = self.tag_by_name(str(entry["parent"])) if entry.get("parent") else None
                added.append(
                    self.add_tag(
                        str(entry.get("name", "")),
                        color=str(entry.get("color", "#888888")),
                        description=str(entry.get("description", "")),
                        shortcut=int(shortcut) if shortcut is not None else None,
                        parent_id=parent.id if parent else None,
                    )
                )
        return added

    # -- annotations -------------------------------------------------------------

    def add_annotation(
        self,
        document_id: int,
        tag_id: int,
        start: int,
        end: int,
        *,
        coder: str = "",
        note: str = "",
        uid: str | None = None,
        comment_id: int | None = None,
    ) -> Annotation:
        """Tag ``body[start:end]`` of a document, or of one of its reader comments' text with ``comment_id``.

        The text and its context are stored with it.
        """
        text = self.annotated_text(document_id, comment_id)
        if not 0 <= start < end <= len(text):
            where = "the document" if comment_id is None else "the comment"
            raise StoreError(f"span {start}-{end} is outside {where} (length {len(text)})")
        self.tag(tag_id)
        stamp = now()
        with self.db.atomic():
            cursor = self.conn.execute(
                'INSERT INTO annotations (uid, document_id, tag_id, start, "end", text, prefix, suffix,'
                " note, coder, created, updated, comment_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    uid or uuid.uuid4().hex,
                    document_id,
                    tag_id,
                    start,
                    end,
                    text[start:end],
                    text[max(0, start - CONTEXT_CHARS) : start],
                    text[end : end + CONTEXT_CHARS],
                    note,
                    coder,
                    stamp,
                    stamp,
                    comment_id,
                ],
            )
        return self.annotation(int(cursor.lastrowid or 0))

    def annotated_text(self, document_id: int, comment_id: int | None) -> str:
        """The text an annotation's offsets point into: the body, or a reader comment of the document."""
        if comment_id is None:
            return self.document(document_id).body
        row = self.conn.execute(
            "SELECT text FROM comments WHERE id = ? AND document_id = ?", [comment_id, document_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"document {document_id} has no comment {comment_id}")
        return str(row[0])

    def annotation(self, annotation_id: int) -> Annotation:
        row = self.conn.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        if row is None:
            raise KeyError(annotation_id)
        return annotation_from_row(row)

    def annotations(
        self, document_id: int | None = None, *, tag_id: int | None = None, orphaned: bool = False
    ) -> list[Annotation]:
        """Annotations filtered by document and tag; orphans only when asked for."""
        clauses, params = ["orphaned = ?"], [int(orphaned)]
        if document_id is not None:
            clauses.append("document_id = ?")
            params.append(document_id)
        if tag_id is not None:
            clauses.append("tag_id = ?")
            params.append(tag_id)
        rows = self.conn.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE {' AND '.join(clauses)}"
            " ORDER BY document_id, start, id",
            params,
        )
        return [annotation_from_row(row) for row in rows]

    def coded_spans(self) -> list[tuple[int, int, str, int, int]]:
        """``(document_id, tag_id, coder, start, end)`` of each anchored annotation on a current document.

        A lean read for agreement, which needs only these five of many columns.
        """
        rows = self.conn.execute(
            'SELECT a.document_id, a.tag_id, a.coder, a.start, a."end" FROM annotations a'
            " JOIN documents d ON d.id = a.document_id WHERE a.orphaned = 0 AND d.superseded_by IS NULL"
        )
        return rows.fetchall()

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Remove an annotation; returns what was removed."""
        annotation = self.annotation(annotation_id)
        with self.db.atomic():
            self.conn.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        return annotation

    def set_note(self, annotation_id: int, note: str) -> Annotation:
        with self.db.atomic():
            cursor = self.conn.execute(
                "UPDATE annotations SET note = ?, updated = ? WHERE id = ?", [note, now(), annotation_id]
            )
            if cursor.rowcount == 0:
                raise KeyError(annotation_id)
        return self.annotation(annotation_id)

    def coded_segments(self, tag_ids: Sequence[int], where: SegmentFilter | None = None) -> list[CodedSegment]:
        """The current segments coded with any of ``tag_ids``, with their document and speakers, in date order.

        Orphans and old revisions are left out. A segment's speakers are those of
        the quotes in the article body that overlap it. ``where`` narrows by document
        (outlet, author, date range, the researcher's attributes), speaker, coder and words
        of the text or note.
        """
        from storage.exchange.segments import SegmentFilter

        if not tag_ids:
            return []
        where = where or SegmentFilter()
        clauses = [f"a.tag_id IN ({','.join('?' * len(tag_ids))})"]
        params: list[Any] = list(tag_ids)
        for column, value in (("d.publication", where.outlet), ("d.author", where.author), ("a.coder", where.coder)):
            if value:
                clauses.append(f"instr(lower({column}), lower(?)) > 0")
                params.append(value)
        if where.date_from:
            clauses.append("d.published != '' AND substr(d.published, 1, ?) >= ?")
            params += [len(where.date_from), where.date_from]
        if where.date_to:
            clauses.append("d.published != '' AND substr(d.published, 1, ?) <= ?")
            params += [len(where.date_to), where.date_to]
        if where.actor:
            clauses.append(
                f"EXISTS (SELECT 1 FROM ({SEGMENT_QUOTES}) s JOIN actors ac ON ac.id = s.speaker_id"
                " WHERE instr(lower(ac.name), lower(?)) > 0 OR EXISTS (SELECT 1 FROM actor_aliases al"
                " WHERE al.actor_id = ac.id AND instr(lower(al.alias), lower(?)) > 0))"
            )
            params += [where.actor, where.actor]
        for word in where.words:
            clauses.append("(instr(lower(a.text), lower(?)) > 0 OR instr(lower(a.note), lower(?)) > 0)")
            params += [word, word]
        for name, value in where.attributes:
            attribute = self.attribute_by_name(name)
            if attribute is None:
                raise StoreError(f"no attribute called {name!r}")
            clause, values = condition_clause(condition_for(attribute, value))
            clauses.append(f"d.id IN (SELECT id FROM documents WHERE {clause})")
            params += values
        rows = self.conn.execute(
            f"""
            SELECT a.id, a.document_id, a.start, a."end", a.text, a.note, a.coder, t.id, t.name,
                   CASE WHEN d.title != '' THEN d.title ELSE d.slug END, d.published, d.publication, d.author,
                   (SELECT json_group_array(name) FROM (SELECT DISTINCT ac.name AS name FROM ({SEGMENT_QUOTES}) s
                        JOIN actors ac ON ac.id = s.speaker_id ORDER BY s.start))
            FROM annotations a JOIN tags t ON t.id = a.tag_id JOIN documents d ON d.id = a.document_id
            WHERE a.orphaned = 0 AND d.superseded_by IS NULL AND {' AND '.join(clauses)}
            ORDER BY d.published = '', d.published, d.id, a.start, a.id
            """,
            params,
        )
        return [segment_from_row(row) for row in rows]

    # -- export and re-anchoring -------------------------------------------------

    def export_rows(self, table: str) -> Iterator[tuple[Any, ...]]:
        """Stream the rows of one export table (see ``EXPORT_QUERIES``) without loading them all.

        ``annotations`` yields every annotation with the current revision of its
        document and a ``status``: ``anchored`` when its text is exactly the
        current body at its offsets, else ``orphaned``, ``old revision`` or
        ``text mismatch``. SQLite's ``substr`` counts characters, as Python does.
        """
        return iter(self.conn.execute(EXPORT_QUERIES[table]))

    def annotation_by_uid(self, uid: str) -> Annotation | None:
        row = self.conn.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE uid = ?", [uid]).fetchone()
        return annotation_from_row(row) if row else None

    def move_annotation(
        self, annotation_id: int, document: Document, start: int, end: int, comment: Comment | None = None
    ) -> Annotation:
        """Re-anchor an annotation at ``document.body[start:end]`` (or ``comment.text``), taking that text and context.

        ``updated`` is left alone: it records a coder's change, and moving an
        annotation to a corrected text is not one.
        """
        body = comment.text if comment is not None else document.body
        if not 0 <= start < end <= len(body):
            raise StoreError(f"span {start}-{end} is outside the document (length {len(body)})")
        with self.db.atomic():
            self.conn.execute(
                'UPDATE annotations SET document_id = ?, start = ?, "end" = ?, text = ?, prefix = ?,'
                " suffix = ?, orphaned = 0, comment_id = ? WHERE id = ?",
                [
                    document.id,
                    start,
                    end,
                    body[start:end],
                    body[max(0, start - CONTEXT_CHARS) : start],
                    body[end : end + CONTEXT_CHARS],
                    comment.id if comment is not None else None,
                    annotation_id,
                ],
            )
        return self.annotation(annotation_id)

    def revision_ids(self, slug: str) -> list[int]:
        """The ids of every revision of a document, oldest first."""
        rows = self.conn.execute("SELECT id FROM documents WHERE slug = ? ORDER BY revision, id", [slug])
        return [int(row[0]) for row in rows]

    def current_revision(self, document_id: int) -> Document:
        """The current revision of the document that ``document_id`` is a revision of."""
        document = self.document(document_id)
        while document.superseded_by is not None:
            document = self.document(document.superseded_by)
        return document

    def orphan_annotation(self, annotation_id: int) -> Annotation:
        """Mark an annotation that could not be re-anchored; it keeps the span it was made on."""
        with self.db.atomic():
            self.conn.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", [annotation_id])
        return self.annotation(annotation_id)

    def insert_annotation(self, annotation: Annotation, document_id: int, tag_id: int) -> Annotation:
        """Store an annotation brought in from elsewhere as it is: uid, coder, dates and all.

        An anchored annotation must match the document's text at its offsets; an
        orphan keeps the span it had wherever it came from.
        """
        comment_id = None if annotation.orphaned else annotation.comment_id
        if not annotation.orphaned:
            body = self.annotated_text(document_id, comment_id)
            if body[annotation.start : annotation.end] != annotation.text or annotation.start >= annotation.end:
                raise StoreError(f"annotation {annotation.uid} does not match the text of document {document_id}")
        with self.db.atomic():
            cursor = self.conn.execute(
                'INSERT INTO annotations (uid, document_id, tag_id, start, "end", text, prefix, suffix,'
                " note, coder, created, updated, orphaned, comment_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    annotation.uid or uuid.uuid4().hex,
                    document_id,
                    tag_id,
                    annotation.start,
                    annotation.end,
                    annotation.text,
                    annotation.prefix,
                    annotation.suffix,
                    annotation.note,
                    annotation.coder,
                    annotation.created,
                    annotation.updated,
                    int(annotation.orphaned),
                    comment_id,
                ],
            )
        return self.annotation(int(cursor.lastrowid or 0))

    def current_document_matching(self, *, slug: str, source_file: str, body: str) -> Document | None:
        """The current document that is the same article: same slug, else same source file, else same text."""
        for column, value in (("slug", slug), ("source_file", source_file), ("body", body)):
            row = self.conn.execute(
                f"SELECT id FROM documents WHERE {column} = ? AND superseded_by IS NULL ORDER BY id LIMIT 1",
                [value],
            ).fetchone()
            if row:
                return self.document(row[0])
        return None

    def current_document_with_body(self, body: str) -> Document | None:
        """The current document whose text is exactly ``body`` (how files from other tools are matched)."""
        row = self.conn.execute(
            "SELECT id FROM documents WHERE body = ? AND superseded_by IS NULL ORDER BY id LIMIT 1", [body]
        ).fetchone()
        return self.document(row[0]) if row else None

    def add_document_copy(self, copy: Document) -> Document:
        """Store a document known only from an export: its body is all there is, so it is also its raw text.

        The slug is kept if free. ``content_hash`` hashes the body, so importing
        the same export twice finds the document instead of adding it again.
        """
        import hashlib  # here, not at the top: launching the app never hashes

        content_hash = hashlib.sha256(copy.body.encode("utf-8")).hexdigest()
        if self.document_by_hash(content_hash):
            raise StoreError(f"document {copy.slug!r} is already stored as an old revision")
        with self.db.atomic():
            free = not self.conn.execute("SELECT 1 FROM documents WHERE slug = ?", [copy.slug]).fetchone()
            cursor = self.conn.execute(
                "INSERT INTO documents (slug, revision, source_file, content_hash, title, publication,"
                " author, published, body, raw, imported, section, stated_words, url)"
                " VALUES (?,1,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    copy.slug if free and copy.slug else self._unique_slug(copy.slug or copy.title),
                    copy.source_file,
                    content_hash,
                    copy.title,
                    copy.publication,
                    copy.author,
                    copy.published,
                    copy.body,
                    copy.body,
                    now(),
                    copy.section,
                    copy.stated_words,
                    copy.url,
                ],
            )
        return self.document(int(cursor.lastrowid or 0))

    def add_quote_copy(self, quote: Quote, speaker: Actor | None) -> Quote:
        """Store a quote from an export, with its speaker found or added by name and kind."""
        with self.db.atomic():
            speaker_id = self.add_actor_copy(speaker) if speaker else None
            cursor = self.conn.execute(
                'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind, cue,'
                " cue_start, cue_end, mention_start, mention_end) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    quote.document_id, quote.start, quote.end, quote.text, speaker_id, quote.kind, quote.cue,
                    quote.cue_start, quote.cue_end, quote.mention_start, quote.mention_end,
                ],
            )
        return self.quote(int(cursor.lastrowid or 0))

    def add_actor_copy(self, actor: Actor) -> int:
        """Find an actor by name and kind, or add it; its aliases are added either way. Returns its id."""
        row = self.conn.execute(
            "SELECT id FROM actors WHERE name = ? AND kind = ? ORDER BY id LIMIT 1", [actor.name, actor.kind]
        ).fetchone()
        if row:
            actor_id = int(row[0])
        else:
            cursor = self.conn.execute(
                "INSERT INTO actors (name, kind, role) VALUES (?,?,?)", [actor.name, actor.kind, actor.role]
            )
            actor_id = int(cursor.lastrowid or 0)
        for alias in actor.aliases:
            self.conn.execute("INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?,?)", [actor_id, alias])
        self._index_actor(actor_id)
        return actor_id

    def add_curated_actor_copy(self, actor: Actor, pinned: Sequence[str]) -> tuple[int, bool]:
        """Bring back a researcher's decision about an actor from an export; returns its id and whether it changed.

        The actor called ``actor.name`` with ``actor.kind`` (a curated one first,
        then the oldest) is found, else added, and made what the export says:
        curated, with ``actor.role`` and the ``pinned`` names pinned to it (added
        where it lacks them), so re-extraction keeps it and links those names to it.
        Not journaled, as nothing an import brings is.
        """
        with self.db.atomic():
            row = self.conn.execute(
                "SELECT id, role, curated FROM actors WHERE name = ? COLLATE NOCASE AND kind = ?"
                " ORDER BY curated DESC, id LIMIT 1",
                [actor.name, actor.kind],
            ).fetchone()
            if row is None:
                cursor = self.conn.execute("INSERT INTO actors (name, kind, role) VALUES (?,?,'')", [actor.name, actor.kind])
                row = (int(cursor.lastrowid or 0), "", 0)
            actor_id, role, curated = row
            held = {alias: flag for _, alias, flag in self._alias_rows(actor_id)}
            changed = (role, curated) != (actor.role, 1) or any(held.get(name) != 1 for name in pinned)
            if changed:
                self.conn.execute("UPDATE actors SET role = ?, curated = 1 WHERE id = ?", [actor.role, actor_id])
                self.conn.executemany(
                    "INSERT INTO actor_aliases (actor_id, alias, pinned) VALUES (?, ?, 1)"
                    " ON CONFLICT (actor_id, alias) DO UPDATE SET pinned = 1",
                    [(actor_id, name) for name in pinned],
                )
                self._index_actor(actor_id)
        return int(actor_id), changed

    def set_tag_parent(self, tag_id: int, parent_id: int | None) -> Tag:
        with self.db.atomic():
            self.conn.execute("UPDATE tags SET parent_id = ? WHERE id = ?", [parent_id, tag_id])
        return self.tag(tag_id)

    # -- app state ---------------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        """A value the app saved with ``set_state`` (JSON), or ``default``."""
        row = self.conn.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_state(self, key: str, value: Any) -> None:
        with self.db.atomic():
            self.conn.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )

    # -- the saved search index -----------------------------------------------------
    # storage.search.saved_index keeps the search index in these tables; triggers on the
    # source tables log what changed since it was saved (see migrations.create_search_tables).

    @contextmanager
    def write_lock(self) -> Iterator[Store]:
        """One write transaction, holding the write lock from its first read to its commit."""
        with self._immediate():
            yield self

    def search_state(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT key, value FROM search_state"))

    def search_changes(self, after: int) -> list[tuple[int, str, int]]:
        """(sequence number, kind, item id) of every item changed after ``after``, oldest first."""
        return list(self.conn.execute("SELECT seq, kind, item FROM search_changes WHERE seq > ? ORDER BY seq", [after]))

    def last_search_change(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM search_changes").fetchone()[0])

    def search_postings(self, part: str, word_ids: Sequence[int]) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        for first in range(0, len(word_ids), 500):
            chunk = list(word_ids[first : first + 500])
            rows = self.conn.execute(
                f"SELECT word_id, entries FROM search_postings WHERE part = ? AND word_id IN ({','.join('?' * len(chunk))})",
                [part, *chunk],
            )
            found.update(rows)
        return found

    def search_column(self, part: str, name: str) -> list[bytes]:
        """A saved column's blocks, in order."""
        rows = self.conn.execute(
            "SELECT data FROM search_columns WHERE part = ? AND name = ? ORDER BY block", [part, name]
        )
        return [data for (data,) in rows]

    def save_search_part(
        self,
        part: str,
        *,
        postings: Iterable[tuple[int, bytes]],
        columns: dict[str, tuple[int, list[bytes]]],
    ) -> None:
        """Write changed postings, and column blocks from a first block on."""
        with self._immediate():
            self.conn.executemany(
                "INSERT OR REPLACE INTO search_postings (part, word_id, entries) VALUES (?, ?, ?)",
                ((part, word_id, data) for word_id, data in postings),
            )
            for name, (first, blocks) in columns.items():
                self.conn.execute(
                    "DELETE FROM search_columns WHERE part = ? AND name = ? AND block >= ?", [part, name, first]
                )
                self.conn.executemany(
                    "INSERT INTO search_columns (part, name, block, data) VALUES (?, ?, ?, ?)",
                    ((part, name, first + number, data) for number, data in enumerate(blocks)),
                )

    def set_search_state(self, values: dict[str, int]) -> None:
        with self._immediate():
            self.conn.executemany(
                "INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)", list(values.items())
            )

    def clear_search_index(self) -> None:
        """Forget the saved index's words and columns (before saving a new one over it)."""
        with self._immediate():
            for table in ("search_postings", "search_columns"):
                self.conn.execute(f"DELETE FROM {table}")

    def quotes_by_id(self, quote_ids: Sequence[int]) -> list[Quote]:
        found: list[Quote] = []
        for first in range(0, len(quote_ids), 500):
            chunk = list(quote_ids[first : first + 500])
            rows = self.conn.execute(
                'SELECT id, document_id, start, "end", text, speaker_id, kind, cue, comment_id FROM quotes'
                f" WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.extend(Quote(*row) for row in rows)
        return found

    def titles_by_id(self, document_ids: Sequence[int]) -> dict[int, str]:
        """The titles of those of these documents that are current."""
        found: dict[int, str] = {}
        for first in range(0, len(document_ids), 500):
            chunk = list(document_ids[first : first + 500])
            found.update(
                self.conn.execute(
                    f"SELECT id, title FROM documents WHERE superseded_by IS NULL AND id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return found

    def actors_by_id(self, actor_ids: Sequence[int]) -> dict[int, Actor]:
        found = {}
        for actor_id in actor_ids:
            try:
                found[actor_id] = self.actor(actor_id)
            except KeyError:
                continue
        return found

    def superseded_document_ids(self) -> set[int]:
        return {id_ for (id_,) in self.conn.execute("SELECT id FROM documents WHERE superseded_by IS NOT NULL")}

    def document_title(self, document_id: int) -> str | None:
        """A current document's title; None for a superseded or missing one."""
        row = self.conn.execute(
            "SELECT title FROM documents WHERE id = ? AND superseded_by IS NULL", [document_id]
        ).fetchone()
        return row[0] if row else None

    # -- coding: journaled writes, undo/redo, tag management ----------------------
    #
    # Every write the user makes in the app goes through one of these methods. Each
    # records, in the same transaction, the row operations that redo it and those
    # that undo it, in the journal table, so undo and redo survive a restart. Undo
    # and redo are themselves committed writes. Each coder has their own history.

    def apply_tag(
        self,
        document_id: int,
        tag_id: int,
        start: int,
        end: int,
        *,
        coder: str = "",
        note: str = "",
        comment_id: int | None = None,
    ) -> Annotation:
        """Tag a span (of a reader comment with ``comment_id``), journaled so it can be undone."""
        with self._immediate():
            annotation = self.add_annotation(
                document_id, tag_id, start, end, coder=coder, note=note, comment_id=comment_id
            )
            row = self._row("annotations", "id", annotation.id)
            tag = self.tag(tag_id)
            self._journal(
                coder,
                f"tag {tag.name!r} on {summarise(annotation.text)!r}",
                [RowOp("insert", "annotations", row)],
            )
        return annotation

    def toggle_tag(
        self, document_id: int, tag_id: int, start: int, end: int, *, coder: str = "", comment_id: int | None = None
    ) -> Annotation | None:
        """Apply a tag to a span (of a reader comment with ``comment_id``), or remove it when this coder has it there.

        Another coder's identical annotation is never removed: each coder's work is their own.
        Returns the new annotation, or None when one was removed.
        """
        with self._immediate():
            row = self.conn.execute(
                'SELECT id FROM annotations WHERE document_id = ? AND tag_id = ? AND start = ? AND "end" = ?'
                " AND orphaned = 0 AND comment_id IS ? AND coder = ?",
                [document_id, tag_id, start, end, comment_id, coder],
            ).fetchone()
            if row:
                self.remove_annotation(row[0], coder=coder)
                return None
            return self.apply_tag(document_id, tag_id, start, end, coder=coder, comment_id=comment_id)

    def remove_annotation(self, annotation_id: int, *, coder: str = "") -> Annotation:
        """Delete an annotation, journaled."""
        with self._immediate():
            row = self._row("annotations", "id", annotation_id)
            annotation = self.delete_annotation(annotation_id)
            self._journal(
                coder,
                f"remove {self.tag(annotation.tag_id).name!r} from {summarise(annotation.text)!r}",
                [RowOp("delete", "annotations", row)],
            )
        return annotation

    def edit_note(self, annotation_id: int, note: str, *, coder: str = "") -> Annotation:
        """Set the note on an annotation, journaled."""
        note = clean_note(note)
        with self._immediate():
            before = self.annotation(annotation_id)
            after = self.set_note(annotation_id, note)
            self._journal(
                coder,
                f"note on {summarise(after.text)!r}",
                [
                    RowOp(
                        "update",
                        "annotations",
                        {"uid": after.uid, "note": after.note, "updated": after.updated},
                        {"uid": before.uid, "note": before.note, "updated": before.updated},
                    )
                ],
            )
        return after

    def create_tag(
        self, name: str, *, color: str = "#888888", shortcut: int | None = None, parent_id: int | None = None,
        coder: str = "",
    ) -> Tag:
        """Add a tag to the codebook, journaled."""
        with self._immediate():
            tag = self.add_tag(name, color=color, shortcut=shortcut, parent_id=parent_id)
            self._journal(coder, f"new tag {tag.name!r}", [RowOp("insert", "tags", self._row("tags", "id", tag.id))])
        return tag

    def rename_tag(self, tag_id: int, name: str, *, coder: str = "") -> Tag:
        """Give a tag a new name (unique, case-insensitively)."""
        name = clean_name(name)
        if not name:
            raise StoreError("a tag needs a name")
        with self._immediate():
            tag = self.tag(tag_id)
            other = self.tag_by_name(name)
            if other and other.id != tag_id:
                raise StoreError(f"there is already a tag called {other.name!r}")
            self._update_tag(coder, f"rename {tag.name!r} to {name!r}", tag, name=name)
        return self.tag(tag_id)

    def recolor_tag(self, tag_id: int, color: str, *, coder: str = "") -> Tag:
        """Give a tag a new colour, written ``#rrggbb`` or as a colour name."""
        color = checked_color(color)
        with self._immediate():
            tag = self.tag(tag_id)
            self._update_tag(coder, f"colour {tag.name!r} {color}", tag, color=color)
        return self.tag(tag_id)

    def set_tag_shortcut(self, tag_id: int, shortcut: int | None, *, coder: str = "") -> Tag:
        """Bind a tag to key 1-9 (or unbind it); a tag holding that key gives it up."""
        if shortcut is not None and not 1 <= shortcut <= 9:
            raise StoreError("a shortcut is a key from 1 to 9")
        with self._immediate():
            tag = self.tag(tag_id)
            ops = []
            holder = self.tag_by_shortcut(shortcut) if shortcut is not None else None
            if holder and holder.id != tag_id:
                ops.append(RowOp("update", "tags", {"id": holder.id, "shortcut": None}, {"id": holder.id, "shortcut": shortcut}))
            ops.append(RowOp("update", "tags", {"id": tag_id, "shortcut": shortcut}, {"id": tag_id, "shortcut": tag.shortcut}))
            label = f"key {shortcut} for {tag.name!r}" if shortcut else f"no key for {tag.name!r}"
            self._apply_ops(ops)
            self._journal(coder, label, ops)
        return self.tag(tag_id)

    def move_tag(self, tag_id: int, parent_id: int | None, *, coder: str = "") -> Tag:
        """Put a tag under another (or at the top level with None); no tag may end up under itself."""
        with self._immediate():
            tag = self.tag(tag_id)
            ancestor = parent_id
            seen: set[int] = set()
            while ancestor is not None:
                if ancestor == tag_id:
                    raise StoreError(f"{tag.name!r} cannot go under itself or one of its own children")
                if ancestor in seen:
                    # Only a database written by hand (or an older import) holds a loop of parents.
                    raise StoreError(f"{tag.name!r} cannot go there: the tags above it are each other's parents")
                seen.add(ancestor)
                ancestor = self.tag(ancestor).parent_id
            where = repr(self.tag(parent_id).name) if parent_id is not None else "the top level"
            self._update_tag(coder, f"move {tag.name!r} under {where}", tag, parent_id=parent_id)
        return self.tag(tag_id)

    def merge_tags(self, source_id: int, target_id: int, *, coder: str = "") -> int:
        """Fold one tag into another: its annotations and child tags move across, then it goes.

        An annotation the target already has on the same span is dropped rather
        than doubled. Returns how many annotations moved.
        """
        if source_id == target_id:
            raise StoreError("choose two different tags to merge")
        with self._immediate():
            source, target = self.tag(source_id), self.tag(target_id)
            ops: list[RowOp] = []
            moved = 0
            for annotation in self._tag_annotations(source_id):
                duplicate = self.conn.execute(
                    'SELECT 1 FROM annotations WHERE tag_id = ? AND document_id = ? AND start = ? AND "end" = ?',
                    [target_id, annotation.document_id, annotation.start, annotation.end],
                ).fetchone()
                if duplicate:
                    ops.append(RowOp("delete", "annotations", self._row("annotations", "id", annotation.id)))
                else:
                    moved += 1
                    ops.append(
                        RowOp(
                            "update", "annotations", {"uid": annotation.uid, "tag_id": target_id},
                            {"uid": annotation.uid, "tag_id": source_id},
                        )
                    )
            ops += self._orphan_children(source_id, target_id)
            if target.parent_id == source_id:
                ops.append(
                    RowOp("update", "tags", {"id": target_id, "parent_id": source.parent_id},
                          {"id": target_id, "parent_id": source_id})
                )
            ops.append(RowOp("delete", "tags", self._row("tags", "id", source_id)))
            self._apply_ops(ops)
            self._journal(coder, f"merge {source.name!r} into {target.name!r}", ops)
        return moved

    def tag_usage(self, tag_id: int) -> int:
        """How many annotations (orphans included) use a tag: what deleting it would remove."""
        return int(self.conn.execute("SELECT count(*) FROM annotations WHERE tag_id = ?", [tag_id]).fetchone()[0])

    def delete_tag(self, tag_id: int, *, coder: str = "") -> int:
        """Remove a tag and every annotation that uses it; its children move up a level.

        Returns how many annotations went with it.
        """
        with self._immediate():
            tag = self.tag(tag_id)
            ops = [RowOp("delete", "annotations", self._row("annotations", "id", a.id)) for a in self._tag_annotations(tag_id)]
            ops += self._orphan_children(tag_id, tag.parent_id)
            ops.append(RowOp("delete", "tags", self._row("tags", "id", tag_id)))
            removed = sum(op.table == "annotations" for op in ops)
            self._apply_ops(ops)
            self._journal(coder, f"delete tag {tag.name!r} and its {removed} annotations", ops)
        return removed

    def tag_counts(self, document_id: int | None = None) -> dict[int, tuple[int, int]]:
        """For each tag: (annotations in this document, annotations in the current corpus)."""
        rows = self.conn.execute(
            """
            SELECT t.id,
                   (SELECT count(*) FROM annotations a WHERE a.tag_id = t.id AND a.orphaned = 0
                        AND a.document_id = ?),
                   (SELECT count(*) FROM annotations a JOIN documents d ON d.id = a.document_id
                        WHERE a.tag_id = t.id AND a.orphaned = 0 AND d.superseded_by IS NULL)
            FROM tags t
            """,
            [document_id],
        )
        return {tag_id: (here, everywhere) for tag_id, here, everywhere in rows}

    # -- memos: the project's, each document's, and the descriptions of tags and actors --
    #
    # The editor saves as the researcher types and on close. Every save is
    # journaled; the saves of one editing session amend one journal entry, so one
    # undo takes back the whole session's edit rather than its last few words.

    def memo_text(self, subject: MemoSubject) -> str:
        """The memo on ``subject`` ("" when none has been written); KeyError when the subject is gone."""
        if subject.kind == "tag":
            return self.tag(int(subject.id or 0)).description
        if subject.kind == "actor":
            return self.actor(int(subject.id or 0)).description
        row = self._memo_row(*self._memo_key(subject))
        return str(row[1]) if row else ""

    def save_memo(self, subject: MemoSubject, text: str, *, coder: str = "", amend: int | None = None) -> int | None:
        """Write the memo on ``subject`` (a tag's or actor's description), journaled.

        Returns the journal entry holding the change (None when nothing changed and
        nothing was amended). Given the entry an earlier save of the same editing
        session returned, and while that entry is still the coder's latest, this save
        is folded into it instead of adding another.
        """
        text = clean_note(text)
        with self._immediate():
            ops, label = self._memo_ops(subject, text)
            if not ops:
                return amend
            self._apply_ops(ops)
            latest = self.conn.execute(
                "SELECT id, payload FROM journal WHERE coder = ? AND undone = 0 ORDER BY id DESC LIMIT 1", [coder]
            ).fetchone()
            if amend is not None and latest is not None and latest[0] == amend:
                folded = fold_ops([RowOp.from_json(op) for op in json.loads(latest[1])], ops)
                self.conn.execute(
                    "UPDATE journal SET payload = ? WHERE id = ?", [json.dumps([op.to_json() for op in folded]), amend]
                )
                return amend
            self._journal(coder, label, ops)
            return int(self.conn.execute("SELECT max(id) FROM journal WHERE coder = ?", [coder]).fetchone()[0])

    def import_memo(self, subject: MemoSubject, text: str) -> bool:
        """Fill an empty memo with one brought in from a file (not journaled, as imports are not).

        A memo already written here is the researcher's and is kept: returns whether the text was taken.
        """
        text = clean_note(text)
        if not text or self.memo_text(subject):
            return False
        with self._immediate():
            self._apply_ops(self._memo_ops(subject, text)[0])
        return True

    def memos(self) -> list[Memo]:
        """Every memo with something in it: the project's, the current documents', tags' and actors' descriptions."""
        found = [
            Memo(MemoSubject("project"), "Project memo", str(text))
            for (text,) in self.conn.execute("SELECT text FROM memos WHERE scope = 'project' AND text <> ''")
        ]
        # CROSS JOIN keeps the few memos as the outer loop: left to itself, SQLite walks every current
        # document (0.2 s at 100,000 articles) each time search opens.
        rows = self.conn.execute(
            "SELECT d.id, coalesce(nullif(d.title, ''), d.slug), m.text FROM memos m"
            " CROSS JOIN documents d ON d.slug = m.slug AND d.superseded_by IS NULL"
            " WHERE m.scope = 'document' AND m.text <> '' ORDER BY d.id"
        )
        found += [Memo(MemoSubject("document", int(i)), str(title), str(text)) for i, title, text in rows]
        for kind in ("tag", "actor"):
            rows = self.conn.execute(f"SELECT id, name, description FROM {kind}s WHERE description <> '' ORDER BY id")
            found += [Memo(MemoSubject(kind, int(i)), str(name), str(text)) for i, name, text in rows]
        return found

    def _memo_key(self, subject: MemoSubject) -> tuple[str, str]:
        """The (scope, slug) row of the ``memos`` table that holds a project or document memo."""
        if subject.kind == "project":
            return "project", ""
        if subject.kind == "document":
            row = self.conn.execute("SELECT slug FROM documents WHERE id = ?", [subject.id]).fetchone()
            if row is None:
                raise KeyError(subject.id)
            return "document", str(row[0])
        raise StoreError(f"there is no memo on a {subject.kind}")

    def _memo_row(self, scope: str, slug: str) -> tuple[int, str, str] | None:
        row = self.conn.execute("SELECT id, text, updated FROM memos WHERE scope = ? AND slug = ?", [scope, slug])
        found = row.fetchone()
        return (int(found[0]), str(found[1]), str(found[2])) if found else None

    def _memo_ops(self, subject: MemoSubject, text: str) -> tuple[list[RowOp], str]:
        """The row changes that make ``text`` the memo on ``subject`` (none when it already is), and their label."""
        if subject.kind in ("tag", "actor"):
            table = f"{subject.kind}s"
            item = self.tag(int(subject.id or 0)) if subject.kind == "tag" else self.actor(int(subject.id or 0))
            if item.description == text:
                return [], ""
            # A described actor is the researcher's: re-extraction keeps it, and its description.
            ops = self._curate_ops(item.id) if subject.kind == "actor" else []
            ops.append(RowOp("update", table, {"id": item.id, "description": text},
                             {"id": item.id, "description": item.description}))
            return ops, f"description of {item.name!r}"
        scope, slug = self._memo_key(subject)
        label = "project memo" if scope == "project" else f"memo on {self.document_title(int(subject.id or 0)) or slug!r}"
        row = self._memo_row(scope, slug)
        if row is None:
            if not text:
                return [], ""
            values = {"id": self._next_id("memos"), "scope": scope, "slug": slug, "text": text, "updated": now()}
            return [RowOp("insert", "memos", values)], label
        memo_id, old, updated = row
        if old == text:
            return [], ""
        return [RowOp("update", "memos", {"id": memo_id, "text": text, "updated": now()},
                      {"id": memo_id, "text": old, "updated": updated})], label

    def undo(self, *, coder: str = "") -> str | None:
        """Undo the coder's latest change still in effect; returns what it was, or None if nothing.

        Raises StoreError (and drops the entry) when the rows have changed since
        in a way that makes the change impossible to undo safely.
        """
        row = self.conn.execute(
            "SELECT id, action, payload FROM journal WHERE coder = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
            [coder],
        ).fetchone()
        return self._replay(row, undo=True)

    def redo(self, *, coder: str = "") -> str | None:
        """Redo the coder's most recently undone change; returns what it was, or None if nothing."""
        row = self.conn.execute(
            "SELECT id, action, payload FROM journal WHERE coder = ? AND undone = 1 ORDER BY id LIMIT 1",
            [coder],
        ).fetchone()
        return self._replay(row, undo=False)

    def _replay(self, row: tuple[Any, ...] | None, *, undo: bool) -> str | None:
        if row is None:
            return None
        entry_id, action, payload = row
        ops = [RowOp.from_json(op) for op in json.loads(payload)]
        steps = [op.inverse() for op in reversed(ops)] if undo else ops
        try:
            with self._immediate():
                corrected = self._correction_documents(steps)
                self._apply_ops(steps)
                self._follow_revisions(steps)
                for document_id in sorted(corrected | self._correction_documents(steps)):
                    self.reapply_corrections(document_id)
                self.conn.execute("UPDATE journal SET undone = ? WHERE id = ?", [int(undo), entry_id])
        except DatabaseUnavailableError:
            raise  # The change is still possible once the database is free again: keep it.
        except StoreError as error:
            with self._immediate():
                self.conn.execute("DELETE FROM journal WHERE id = ?", [entry_id])
            raise StoreError(f"cannot {'undo' if undo else 'redo'} {action}: {error}") from None
        return str(action)

    def _journal(self, coder: str, action: str, ops: list[RowOp]) -> None:
        """Record a change made in the current transaction; a new change ends the redo chain."""
        self.conn.execute("DELETE FROM journal WHERE coder = ? AND undone = 1", [coder])
        self.conn.execute(
            "INSERT INTO journal (coder, action, payload, created) VALUES (?,?,?,?)",
            [coder, action, json.dumps([op.to_json() for op in ops]), now()],
        )

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """A write transaction that takes the write lock at once.

        A deferred transaction that reads and then writes cannot wait for another
        process's writer (SQLite reports busy at once), so take the lock first and
        let the busy timeout do its job. Nested use becomes a savepoint.
        """
        with self.write_transaction():
            yield

    def _update_tag(self, coder: str, action: str, tag: Tag, **values: Any) -> None:
        before = {"id": tag.id, **{key: getattr(tag, key) for key in values}}
        ops = [RowOp("update", "tags", {"id": tag.id, **values}, before)]
        self._apply_ops(ops)
        self._journal(coder, action, ops)

    def _orphan_children(self, tag_id: int, new_parent_id: int | None) -> list[RowOp]:
        children = self.conn.execute("SELECT id FROM tags WHERE parent_id = ?", [tag_id]).fetchall()
        return [
            RowOp("update", "tags", {"id": child, "parent_id": new_parent_id}, {"id": child, "parent_id": tag_id})
            for (child,) in children
        ]

    def _tag_annotations(self, tag_id: int) -> list[Annotation]:
        rows = self.conn.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE tag_id = ? ORDER BY id", [tag_id])
        return [annotation_from_row(row) for row in rows]

    def _row(self, table: str, key: str, value: Any) -> dict[str, Any]:
        """A whole row as a dict, keyed by the column that identifies it in the journal."""
        cursor = self.conn.execute(f'SELECT * FROM "{table}" WHERE "{key}" = ?', [value])
        row = cursor.fetchone()
        if row is None:
            raise KeyError(value)
        record = dict(zip([c[0] for c in cursor.description], row))
        if table in ("annotations", "quote_corrections"):
            # These are identified by uid: a re-inserted one may get a new id.
            del record["id"]
        return record

    def _apply_ops(self, ops: Iterable[RowOp]) -> None:
        ops = list(ops)
        for op in ops:
            if op.table == "quotes":
                self._set_quote_speaker(op.row)
                continue
            if op.table == "quote_baselines":
                self._set_baseline_speaker(op)
                continue
            key = JOURNAL_KEYS[op.table]
            if op.kind == "insert":
                if self.conn.execute(f'SELECT 1 FROM "{op.table}" WHERE "{key}" = ?', [op.row[key]]).fetchone():
                    raise StoreError(f"{op.table[:-1]} {op.row[key]} exists again")
                if op.table == "tags" and op.row["shortcut"] is not None and self.tag_by_shortcut(op.row["shortcut"]):
                    raise StoreError(f"key {op.row['shortcut']} has been given to another tag")
                columns = ", ".join(f'"{c}"' for c in op.row)
                marks = ", ".join("?" for _ in op.row)
                try:
                    self.conn.execute(f'INSERT INTO "{op.table}" ({columns}) VALUES ({marks})', list(op.row.values()))
                except sqlite3.IntegrityError as error:
                    raise StoreError(str(error)) from None
                continue
            current = self.conn.execute(f'SELECT * FROM "{op.table}" WHERE "{key}" = ?', [op.row[key]])
            found = current.fetchone()
            if found is None:
                raise StoreError(f"{op.table[:-1]} {op.row[key]} is gone")
            if op.kind == "delete":
                if op.table == "tags" and self.tag_usage(op.row["id"]):
                    raise StoreError(f"tag {op.row['name']!r} is in use again")
                self.conn.execute(f'DELETE FROM "{op.table}" WHERE "{key}" = ?', [op.row[key]])
                continue
            assignments = ", ".join(f'"{c}" = ?' for c in op.row if c != key)
            values = [v for c, v in op.row.items() if c != key]
            try:
                self.conn.execute(
                    f'UPDATE "{op.table}" SET {assignments} WHERE "{key}" = ?', [*values, op.row[key]]
                )
            except sqlite3.IntegrityError as error:
                raise StoreError(str(error)) from None
        self._reindex_actors(ops)

    def _set_quote_speaker(self, row: dict[str, Any]) -> None:
        """Give a quote its speaker, if the quote is still the one the journal names.

        Quotes are derived data: after re-extraction the quote may be gone or its
        id another quote's, and then nothing changes (re-extraction has linked it
        by the actors' names, and applied its corrections).
        """
        self.conn.execute(
            'UPDATE quotes SET speaker_id = ? WHERE id = ? AND document_id = ? AND start = ? AND "end" = ?',
            [row["speaker_id"], row["id"], row["document_id"], row["start"], row["end"]],
        )

    def _set_baseline_speaker(self, op: RowOp) -> None:
        """Give the extractor's quote at a span (in its document's baseline) another speaker, if it has the old one.

        A merge moves the extractor's quotes too, so that rebuilding a document's
        quotes from its baseline (on every correction) keeps them with the merged actor.
        """
        row, before = op.row, op.before or {}
        self.conn.execute(
            "UPDATE quote_baselines SET quotes = (SELECT json_group_array(CASE"
            " WHEN json_extract(q.value, '$.start') = ? AND json_extract(q.value, '$.end') = ?"
            " AND json_extract(q.value, '$.speaker_id') IS ? THEN json_set(q.value, '$.speaker_id', ?)"
            " ELSE json(q.value) END) FROM json_each(quotes) q) WHERE document_id = ?",
            [row["start"], row["end"], before.get("speaker_id"), row["speaker_id"], row["document_id"]],
        )


QUOTE_FIELDS = frozenset(field.name for field in fields(Quote))
"""The columns of ``quotes`` that a Quote carries (a column the model lacks is left out)."""
QUOTE_ORDER = "ORDER BY document_id, comment_id IS NOT NULL, comment_id, start"
"""Reading order: a document's quotes by position, its reader comments after them."""

CORRECTION_FIELDS = (
    "id", "uid", "document_id", "action", "start", "end", "text", "prefix", "suffix", "speaker", "speaker_kind",
    "kind", "coder", "created", "orphaned",
)  # fmt: skip
CORRECTION_COLUMNS = ", ".join(f'"{name}"' for name in CORRECTION_FIELDS)


def correction_from_row(row: Iterable[Any]) -> QuoteCorrection:
    """A QuoteCorrection from a row of CORRECTION_COLUMNS."""
    values = dict(zip(CORRECTION_FIELDS, row, strict=True))
    values["orphaned"] = bool(values["orphaned"])
    return QuoteCorrection(**values)


def correction_row(
    body: str, document_id: int, action: str, start: int, end: int, coder: str, values: dict[str, str]
) -> dict[str, Any]:
    """A new ``quote_corrections`` row (as the journal holds it) for ``body[start:end]``, made now."""
    text, prefix, suffix = anchor_texts(body, start, end)
    return {
        "uid": uuid.uuid4().hex, "document_id": document_id, "action": action, "start": start, "end": end,
        "text": text, "prefix": prefix, "suffix": suffix, "speaker": values.get("speaker", ""),
        "speaker_kind": values.get("speaker_kind", ""), "kind": values.get("kind", ""), "coder": coder,
        "created": now(), "orphaned": 0,
    }  # fmt: skip


def anchor_texts(body: str, start: int, end: int) -> tuple[str, str, str]:
    """The text of ``body[start:end]`` and a little context either side, to re-anchor it later."""
    return body[start:end], body[max(0, start - CONTEXT_CHARS) : start], body[end : end + CONTEXT_CHARS]


ANNOTATION_COLUMNS = (
    'id, document_id, tag_id, start, "end", text, prefix, suffix, note, coder, created, updated, orphaned, uid,'
    " comment_id"
)


def anchored_rows_sql(table: str, columns: str, *, in_comments: bool = False) -> str:
    """A query for the rows of an anchored table (``x``) with their current document and a status.

    The status is ``anchored`` when the row's text is exactly the current body (or,
    ``in_comments``, its reader comment's text) at its offsets, else ``orphaned``,
    ``old revision`` or ``text mismatch``.
    """
    text = "coalesce(c.text, d.body)" if in_comments else "d.body"
    comments = "LEFT JOIN comments c ON c.id = x.comment_id" if in_comments else ""
    return f"""
        SELECT {columns},
               CASE WHEN x.orphaned THEN 'orphaned'
                    WHEN d.superseded_by IS NOT NULL THEN 'old revision'
                    WHEN substr({text}, x.start + 1, x."end" - x.start) IS NOT x.text THEN 'text mismatch'
                    ELSE 'anchored' END
        FROM {table} x
        JOIN documents d ON d.id = x.document_id
        {comments}
        JOIN documents current ON current.slug = d.slug AND current.superseded_by IS NULL
        ORDER BY current.id, x.start, x.id
    """


EXPORT_QUERIES = {
    "attributes": "SELECT id, name, kind, choices FROM attributes ORDER BY id",
    "document_attributes": "SELECT v.document_id, v.attribute_id, v.value FROM document_attributes v"
    " JOIN documents d ON d.id = v.document_id WHERE d.superseded_by IS NULL ORDER BY v.document_id, v.attribute_id",
    "documents": "SELECT id, slug, source_file, title, publication, author, published, body, needs_review,"
    " section, stated_words, url FROM documents"
    " WHERE superseded_by IS NULL ORDER BY id",
    "actors": "SELECT id, name, kind, role, curated, description FROM actors ORDER BY id",
    # A document's memo goes with its current revision; memos with nothing in them are left out.
    "memos": "SELECT m.id, m.scope, d.id, m.text, m.updated FROM memos m"
    " LEFT JOIN documents d ON m.scope = 'document' AND d.slug = m.slug AND d.superseded_by IS NULL"
    " WHERE m.text <> '' AND (m.scope = 'project' OR d.id IS NOT NULL) ORDER BY m.id",
    "actor_aliases": "SELECT actor_id, alias, pinned FROM actor_aliases ORDER BY actor_id, alias",
    "comments": "SELECT c.id, c.document_id, c.position, c.author, c.posted, c.text FROM comments c"
    " JOIN documents d ON d.id = c.document_id WHERE d.superseded_by IS NULL ORDER BY c.document_id, c.position",
    # A reader comment's quote has offsets into its comment's text, and says which comment.
    "quotes": 'SELECT q.id, q.document_id, q.start, q."end", q.text, q.speaker_id, q.kind, q.cue, q.comment_id,'
    " q.cue_start, q.cue_end, q.mention_start, q.mention_end, q.origin"
    " FROM quotes q JOIN documents d ON d.id = q.document_id WHERE d.superseded_by IS NULL"
    " ORDER BY q.document_id, q.comment_id IS NOT NULL, q.comment_id, q.start, q.id",
    "tags": "SELECT id, name, parent_id, color, description, shortcut FROM tags ORDER BY id",
    "annotations": anchored_rows_sql(
        "annotations",
        'x.id, x.uid, current.id, x.tag_id, x.start, x."end", x.text, x.prefix, x.suffix, x.note, x.coder,'
        " x.created, x.updated, x.comment_id",
        in_comments=True,
    ),
    "quote_corrections": anchored_rows_sql(
        "quote_corrections",
        'x.id, x.uid, current.id, x.action, x.start, x."end", x.text, x.prefix, x.suffix, x.speaker,'
        " x.speaker_kind, x.kind, x.coder, x.created",
    ),
}
"""What ``Store.export_rows`` reads for each table of an export, columns in the export's order."""


def annotation_from_row(row: Iterable[Any]) -> Annotation:
    values = list(row)
    values[12] = bool(values[12])
    return Annotation(*values)


DOCUMENT_ORDER = {"date": ["published = ''", "published", "id"], "title": ["title COLLATE NOCASE", "id"]}
"""The document list's orders; ``date`` matches the documents_by_date index. Titles compare without
regard to ASCII case (a Python casefold per row would cost a tenth of a second per page at 100k)."""
VALUED_DOCUMENTS = (
    "FROM document_attributes v JOIN documents ON documents.id = v.document_id WHERE v.attribute_id = ? AND {where}"
)
"""The documents the filter ``where`` keeps that have a value of an attribute (parameters: its id, the filter's)."""
UNVALUED_DOCUMENTS = (
    "FROM documents WHERE {where} AND NOT EXISTS"
    " (SELECT 1 FROM document_attributes u WHERE u.document_id = documents.id AND u.attribute_id = ?)"
)
"""The documents the filter ``where`` keeps that have no value of an attribute (parameters: the filter's, its id)."""


def attribute_sort_key(attribute: Attribute) -> str:
    """How an attribute's values are ordered: numbers as numbers, the rest as text without regard to case.

    Each is the expression of the document_attributes_value or _number index, so SQLite walks the index.
    """
    return "CAST(v.value AS REAL)" if attribute.kind == "number" else "v.value COLLATE NOCASE"


DOCUMENT_HAYSTACK = (
    "title || ' ' || publication || ' ' || author || ' ' || published"
    " || CASE WHEN needs_review THEN ' needs review' ELSE '' END"
)
"""What the document filter searches: a flagged page is found by typing 'review'."""


def casefold(text: str | None) -> str | None:
    return text.casefold() if text is not None else None


def document_filter_sql(found: DocumentFilter) -> tuple[str, list[Any]]:
    """A WHERE clause for current documents whose title, publication, author or date hold every word,
    and that meet every attribute condition.

    An ASCII word goes through LIKE (SQLite's own code, which ignores ASCII case); any other
    is compared casefolded in Python, which SQLite's case folding cannot do.
    """
    clauses, params = ["superseded_by IS NULL"], []
    for word in found.words:
        clause, param = contains_clause(DOCUMENT_HAYSTACK, word)
        clauses.append(clause)
        params.append(param)
    for condition in found.conditions:
        clause, values = condition_clause(condition)
        clauses.append(clause)
        params.extend(values)
    return " AND ".join(clauses), params


def contains_clause(expression: str, word: str) -> tuple[str, str]:
    """``expression`` holds ``word``, ignoring case."""
    if word.isascii():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{expression} LIKE ? ESCAPE '\\'", f"%{escaped}%"
    return f"instr(casefold({expression}), ?) > 0", word.casefold()


def condition_clause(condition: AttributeCondition) -> tuple[str, list[Any]]:
    """SQL for one ``name:value`` term: on a documents column for a built-in attribute, else on its values."""
    attribute = condition.attribute
    if attribute.id is None:
        clause, params = value_clause(attribute, condition, BUILTIN_COLUMNS[attribute.name])
        return f"({clause})", params
    clause, params = value_clause(attribute, condition, "value")
    return (
        f"documents.id IN (SELECT document_id FROM document_attributes WHERE attribute_id = ? AND ({clause}))",
        [attribute.id, *params],
    )


def value_clause(attribute: Attribute, condition: AttributeCondition, column: str) -> tuple[str, list[Any]]:
    """A text holds the value; a choice is it; a number equals it or lies in the range; a date starts with it
    or lies in the range (``2015`` as a range's end takes in all of 2015)."""
    if attribute.kind == "number":
        try:
            low, high = (
                (parsed_number(condition.low), parsed_number(condition.high))
                if condition.is_range
                else (float(condition.value),) * 2
            )
        except ValueError:
            return "0", []  # not a number: nothing matches, as for a word no document holds
        clauses = [f"{column} != ''"]
        clauses += [f"CAST({column} AS REAL) >= ?"] * (low is not None) + [f"CAST({column} AS REAL) <= ?"] * (high is not None)
        return " AND ".join(clauses), [bound for bound in (low, high) if bound is not None]
    if attribute.kind == "date":
        low_text, high_text = (condition.low, condition.high) if condition.is_range else (condition.value,) * 2
        clauses, params = [f"{column} != ''"], []
        if low_text:
            clauses.append(f"{column} >= ?")
            params.append(low_text)
        if high_text:
            # Any longer date or time that starts with the end's text is still within it.
            clauses.append(f"{column} <= ?")
            params.append(high_text + "\U0010ffff")
        return " AND ".join(clauses), params
    if attribute.kind == "choice":
        return f"{column} = ? COLLATE NOCASE", [condition.value]
    clause, param = contains_clause(column, condition.value)
    return clause, [param]


def parsed_number(text: str | None) -> float | None:
    """An open range end ("") as None; ValueError for text that is not a number."""
    return float(text) if text else None


def clean_name(name: str) -> str:
    """A user-typed name with control characters removed and spaces folded."""
    kept = "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in name)
    return " ".join(kept.split())


def slugify(text: str) -> str:
    """A short lowercase ASCII slug for a title: 'NHS in Birmingham' -> 'nhs-in-birmingham'."""
    words = "".join(ch.lower() if ch.isascii() and ch.isalnum() else " " for ch in text).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def remove_database_files(path: Path) -> None:
    """Remove a database this process created and could not finish, with its WAL files."""
    for suffix in ("", "-wal", "-shm", "-journal", WRITER_SUFFIX):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


JOURNAL_KEYS = {
    "annotations": "uid", "tags": "id", "quote_corrections": "uid", "actors": "id", "actor_aliases": "id",
    "memos": "id", "attributes": "id", "document_attributes": "id", "documents": "id",
}  # fmt: skip
"""The column that identifies a row of each journaled table across undo and redo.

``documents`` appears only as corrections of the built-in attributes' columns (see correct_document_field).
Two more tables appear in journal entries as speaker moves, applied only where they
still hold: ``quotes`` (by id and span) and ``quote_baselines`` (by document and span)."""


@dataclass(frozen=True)
class RowOp:
    """One row change in the journal: insert or delete a whole row, or update some columns.

    ``row`` holds the identifying key (see JOURNAL_KEYS) and the values the change
    writes; ``before`` holds the values it replaced, for an update's inverse.
    """

    kind: str
    table: str
    row: dict[str, Any]
    before: dict[str, Any] | None = None

    def inverse(self) -> RowOp:
        if self.kind == "insert":
            return RowOp("delete", self.table, self.row)
        if self.kind == "delete":
            return RowOp("insert", self.table, self.row)
        return RowOp("update", self.table, self.before or {}, self.row)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "table": self.table, "row": self.row, "before": self.before}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RowOp:
        return cls(data["kind"], data["table"], data["row"], data.get("before"))


def fold_ops(earlier: list[RowOp], later: list[RowOp]) -> list[RowOp]:
    """One list of row changes with the effect of ``earlier`` then ``later`` (a journal entry amended).

    A later update of a row that an earlier change inserted or updated is folded
    into that change, keeping what the row held before the first; other changes
    are appended in order.
    """
    folded = list(earlier)
    for op in later:
        key = JOURNAL_KEYS.get(op.table)
        index = next(
            (i for i, old in enumerate(folded)
             if key and op.kind == "update" and old.kind in ("insert", "update") and old.table == op.table
             and old.row.get(key) == op.row.get(key)),
            None,
        )
        if index is None:
            folded.append(op)
            continue
        old = folded[index]
        if old.kind == "insert":
            folded[index] = RowOp("insert", op.table, {**old.row, **op.row})
        else:
            folded[index] = RowOp("update", op.table, {**old.row, **op.row}, {**(op.before or {}), **(old.before or {})})
    return folded


def summarise(text: str, width: int = 40) -> str:
    """A one-line excerpt of annotated text for journal entries and messages."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def clean_note(note: str) -> str:
    """A user-typed note with control characters removed (newlines and tabs kept)."""
    return "".join(ch for ch in note if ch.isprintable() or ch in "\n\t").strip()


def checked_color(color: str) -> str:
    """A tag colour as ``#rrggbb`` (see storage.colors); StoreError for anything that is not a colour."""
    normalised = normalise_color(color)
    if normalised is None:
        raise StoreError(f"{color!r} is not a colour: write it like #e06c75 or give a colour name such as teal")
    return normalised


def segment_from_row(row: Sequence[Any]) -> CodedSegment:
    """A ``coded_segments`` row: the annotation's and document's columns, then its speakers as a JSON array."""
    from storage.exchange.segments import CodedSegment

    values = dict(zip(SEGMENT_FIELDS, row))
    return CodedSegment(**values, speakers=tuple(json.loads(row[len(SEGMENT_FIELDS)])))


SEGMENT_FIELDS = (
    "annotation_id", "document_id", "start", "end", "text", "note", "coder", "tag_id", "tag_name",
    "document_title", "published", "publication", "author",
)

SEGMENT_QUOTES = (
    'SELECT q.start, q.speaker_id FROM quotes q WHERE q.document_id = a.document_id AND q.comment_id IS NULL'
    ' AND q.speaker_id IS NOT NULL AND q.start < a."end" AND q."end" > a.start'
)
"""The quotes of the article body that a segment ``a`` overlaps (their speakers are the segment's)."""
