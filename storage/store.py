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

import hashlib
import json
import sqlite3
import threading
import tomllib
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.attribution.actors import LocalActor, merge_actor
from storage.migrations import SCHEMA_VERSION, check_schema_version, migrate
from storage.models import Actor, Annotation, Article, Comment, Document, Quote, Tag

if TYPE_CHECKING:
    from sqlite_utils import Database

    # Types only: the extractor's regexes take a while to compile and opening the app does not need them.
    from storage.attribution.quotes import Extraction, FoundQuote

SQLITE_HEADER = b"SQLite format 3\x00"
CONTEXT_CHARS = 32
"""How much text either side of an annotation is kept to re-anchor it later."""


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


class Store:
    """The project's database. Open one with ``Store.open(path)`` or ``Store.memory()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self.counted = False
        """Whether this Store is in OPEN_FILES (Store.open counts it, close uncounts it once)."""

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
        existed = path.exists()
        if not existed:
            if not create:
                raise StoreError(f"no database at {path}")
            if not path.parent.is_dir():
                raise StoreError(f"folder {path.parent} does not exist")
        try:
            conn = sqlite3.connect(str(path), timeout=10.0, check_same_thread=False)
            store = cls(conn, path)
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
        store = cls(sqlite3.connect(":memory:"))
        store.configure()
        store.migrate()
        return store

    @cached_property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database, for writes; sqlite-utils is imported on first use."""
        from sqlite_utils import Database

        # No sqlite-utils plugins are used (skipping their entry-point scan saves ~30 ms), and
        # configure() has already set recursive triggers, so wrapping the connection runs no SQL.
        return Database(self.conn, execute_plugins=False, recursive_triggers=False)

    def migrate(self) -> None:
        """Bring the schema up to date; a current database never loads the migration machinery."""
        if check_schema_version(self.conn) < SCHEMA_VERSION:
            migrate(self.db)

    def configure(self) -> None:
        """WAL so a reader never blocks a writer; foreign keys; wait for a busy writer.

        The file is read and its schema version checked before anything is
        changed, so a database from a newer app is left exactly as it was.
        """
        self.conn.execute("PRAGMA busy_timeout = 10000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA recursive_triggers = ON")
        self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        check_schema_version(self.conn)
        if self.path is not None:
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

    def current_document_for_source(self, source_file: str) -> Document | None:
        """The current revision imported from ``source_file``, if any."""
        row = self.conn.execute(
            "SELECT * FROM documents WHERE source_file = ? AND superseded_by IS NULL"
            " ORDER BY revision DESC LIMIT 1",
            [source_file],
        ).fetchone()
        return self._document(row) if row else None

    def add_document(self, article: Article, source_file: str, content_hash: str) -> Document:
        """Store an article as a new document, or as a new revision of the one from the same file.

        The previous revision stays in the table (its body never changes) and is
        marked superseded; callers move annotations across with re-anchoring.
        """
        with self.db.atomic():
            previous = self.current_document_for_source(source_file)
            slug = previous.slug if previous else self._unique_slug(article.title or Path(source_file).stem)
            revision = previous.revision + 1 if previous else 1
            cursor = self.conn.execute(
                "INSERT INTO documents (slug, revision, source_file, content_hash, title, publication,"
                " author, published, body, raw, imported) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
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
                ],
            )
            document_id = int(cursor.lastrowid or 0)
            if previous:
                self.conn.execute(
                    "UPDATE documents SET superseded_by = ? WHERE id = ?", [document_id, previous.id]
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
                   (SELECT count(*) FROM quotes q WHERE q.document_id = d.id),
                   (SELECT count(*) FROM annotations a WHERE a.document_id = d.id AND a.orphaned = 0)
            FROM documents d WHERE d.superseded_by IS NULL ORDER BY d.id
            """
        )
        return [DocumentSummary(*row) for row in rows]

    def comments(self, document_id: int) -> list[Comment]:
        rows = self.conn.execute(
            "SELECT id, document_id, position, author, posted, text FROM comments"
            " WHERE document_id = ? ORDER BY position",
            [document_id],
        )
        return [Comment(*row) for row in rows]

    def _unique_slug(self, text: str) -> str:
        base = slugify(text) or "document"
        slug, n = base, 2
        while self.conn.execute("SELECT 1 FROM documents WHERE slug = ?", [slug]).fetchone():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _document(self, row: tuple[Any, ...]) -> Document:
        columns = (
            "id slug revision source_file content_hash title publication author published body raw"
            " imported superseded_by"
        ).split()
        return Document(**dict(zip(columns, row)))

    # -- actors and quotes -------------------------------------------------------

    def actors(self) -> list[Actor]:
        """Every actor with its aliases, by name."""
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self.conn.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY alias"):
            aliases.setdefault(actor_id, []).append(alias)
        rows = self.conn.execute("SELECT id, name, kind, role FROM actors ORDER BY name COLLATE NOCASE")
        return [
            Actor(id=id_, name=name, kind=kind, role=role, aliases=tuple(aliases.get(id_, ())))
            for id_, name, kind, role in rows
        ]

    def actor(self, actor_id: int) -> Actor:
        row = self.conn.execute("SELECT name, kind, role FROM actors WHERE id = ?", [actor_id]).fetchone()
        if row is None:
            raise KeyError(actor_id)
        name, kind, role = row
        aliases = tuple(
            alias
            for (alias,) in self.conn.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id]
            )
        )
        return Actor(id=actor_id, name=name, kind=kind, role=role, aliases=aliases)

    def quotes(self, document_id: int | None = None) -> list[Quote]:
        """Quotes of one document (or of every current document), in reading order."""
        sql = 'SELECT id, document_id, start, "end", text, speaker_id, kind, cue, comment_id FROM quotes'
        if document_id is None:
            sql += " WHERE document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL)"
            params: list[Any] = []
        else:
            sql += " WHERE document_id = ?"
            params = [document_id]
        sql += " ORDER BY document_id, comment_id IS NOT NULL, comment_id, start"
        return [Quote(*row) for row in self.conn.execute(sql, params)]

    # -- extraction ----------------------------------------------------------------
    # Quotes and actors are derived data: they are rebuilt from the documents at
    # will (``rebuild_extraction``) and nothing the user makes refers to them.

    def corpus_actors(self) -> tuple[list[int], list[LocalActor]]:
        """Every stored actor as a LocalActor (names = aliases, name first), with its id alongside."""
        ids, actors = [], []
        for actor in self.actors():
            names = [actor.name] + [alias for alias in actor.aliases if alias != actor.name]
            ids.append(actor.id)
            actors.append(LocalActor(names, actor.kind, [actor.role] if actor.role else []))
        return ids, actors

    def save_extraction(
        self,
        document_id: int,
        extraction: Extraction,
        comment_quotes: Sequence[tuple[int, FoundQuote, LocalActor | None]] = (),
    ) -> list[Quote]:
        """Replace a document's quotes with ``extraction``, merging its actors into the corpus's.

        ``comment_quotes`` are (comment id, quote, commenter) for reader comments.
        One actor per real entity across the corpus: an actor that matches a
        stored one (``storage.attribution.actors.same_actor``) adds its names as aliases and
        may give it a fuller name or a better role.
        """
        with self.db.atomic():
            ids, corpus = self.corpus_actors()
            known = len(corpus)
            touched: set[int] = set()

            def actor_id(actor: LocalActor) -> int:
                index = merge_actor(corpus, actor)
                touched.add(index)
                if index >= len(ids):
                    merged = corpus[index]
                    cursor = self.conn.execute(
                        "INSERT INTO actors (name, kind, role) VALUES (?,?,?)", [merged.name, merged.kind, merged.role]
                    )
                    ids.append(int(cursor.lastrowid or 0))
                return ids[index]

            speaker_ids = [actor_id(actor) for actor in extraction.actors]
            rows: list[tuple[int | None, FoundQuote, int | None]] = [
                (None, q, speaker_ids[q.speaker] if q.speaker is not None else None) for q in extraction.quotes
            ]
            for comment_id, quote, commenter in comment_quotes:
                rows.append((comment_id, quote, actor_id(commenter) if commenter is not None else None))
            for index in touched:
                merged = corpus[index]
                if index < known:
                    self.conn.execute(
                        "UPDATE actors SET name = ?, role = ? WHERE id = ?", [merged.name, merged.role, ids[index]]
                    )
                for name in merged.names:
                    self.conn.execute(
                        "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)", [ids[index], name]
                    )
            self.conn.execute("DELETE FROM quotes WHERE document_id = ?", [document_id])
            for on_comment, quote, speaker_id in rows:
                self.conn.execute(
                    'INSERT INTO quotes (document_id, comment_id, start, "end", text, speaker_id, kind, cue)'
                    " VALUES (?,?,?,?,?,?,?,?)",
                    [document_id, on_comment, quote.start, quote.end, quote.text, speaker_id, quote.kind, quote.cue],
                )
        return self.quotes(document_id)

    def clear_extraction(self) -> None:
        """Remove every quote, actor and alias; documents, comments, tags and annotations stay."""
        with self.db.atomic():
            self.conn.execute("DELETE FROM quotes")
            self.conn.execute("DELETE FROM actor_aliases")
            self.conn.execute("DELETE FROM actors")

    def actor_quote_counts(self, document_id: int | None = None) -> list[tuple[Actor, int]]:
        """Actors with how many quotes they have (in one document, or in all current ones), most first."""
        sql = "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL"
        params: list[Any] = []
        if document_id is None:
            sql += " AND document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL)"
        else:
            sql += " AND document_id = ?"
            params.append(document_id)
        rows = self.conn.execute(sql + " GROUP BY speaker_id", params).fetchall()
        counted = [(self.actor(actor_id), count) for actor_id, count in rows]
        return sorted(counted, key=lambda pair: (-pair[1], pair[0].name.lower()))

    def quotes_by_actor(self, actor_id: int) -> list[Quote]:
        """Every quote an actor is the speaker of, in current documents."""
        rows = self.conn.execute(
            'SELECT id, document_id, start, "end", text, speaker_id, kind, cue, comment_id FROM quotes'
            " WHERE speaker_id = ? AND document_id IN (SELECT id FROM documents WHERE superseded_by IS NULL)"
            " ORDER BY document_id, start",
            [actor_id],
        )
        return [Quote(*row) for row in rows]

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
    ) -> Annotation:
        """Tag ``body[start:end]`` of a document; the text and its context are stored with it."""
        document = self.document(document_id)
        if not 0 <= start < end <= len(document.body):
            raise StoreError(f"span {start}-{end} is outside the document (length {len(document.body)})")
        self.tag(tag_id)
        stamp = now()
        with self.db.atomic():
            cursor = self.conn.execute(
                'INSERT INTO annotations (uid, document_id, tag_id, start, "end", text, prefix, suffix,'
                " note, coder, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    uid or uuid.uuid4().hex,
                    document_id,
                    tag_id,
                    start,
                    end,
                    document.body[start:end],
                    document.body[max(0, start - CONTEXT_CHARS) : start],
                    document.body[end : end + CONTEXT_CHARS],
                    note,
                    coder,
                    stamp,
                    stamp,
                ],
            )
        return self.annotation(int(cursor.lastrowid or 0))

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

    def move_annotation(self, annotation_id: int, document: Document, start: int, end: int) -> Annotation:
        """Re-anchor an annotation at ``document.body[start:end]``, taking that text and its context.

        ``updated`` is left alone: it records a coder's change, and moving an
        annotation to a corrected text is not one.
        """
        if not 0 <= start < end <= len(document.body):
            raise StoreError(f"span {start}-{end} is outside the document (length {len(document.body)})")
        body = document.body
        with self.db.atomic():
            self.conn.execute(
                'UPDATE annotations SET document_id = ?, start = ?, "end" = ?, text = ?, prefix = ?,'
                " suffix = ?, orphaned = 0 WHERE id = ?",
                [
                    document.id,
                    start,
                    end,
                    body[start:end],
                    body[max(0, start - CONTEXT_CHARS) : start],
                    body[end : end + CONTEXT_CHARS],
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
        if not annotation.orphaned:
            body = self.document(document_id).body
            if body[annotation.start : annotation.end] != annotation.text or annotation.start >= annotation.end:
                raise StoreError(f"annotation {annotation.uid} does not match the text of document {document_id}")
        with self.db.atomic():
            cursor = self.conn.execute(
                'INSERT INTO annotations (uid, document_id, tag_id, start, "end", text, prefix, suffix,'
                " note, coder, created, updated, orphaned) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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

    def add_document_copy(self, copy: Document) -> Document:
        """Store a document known only from an export: its body is all there is, so it is also its raw text.

        The slug is kept if free. ``content_hash`` hashes the body, so importing
        the same export twice finds the document instead of adding it again.
        """
        content_hash = hashlib.sha256(copy.body.encode("utf-8")).hexdigest()
        if self.document_by_hash(content_hash):
            raise StoreError(f"document {copy.slug!r} is already stored as an old revision")
        with self.db.atomic():
            free = not self.conn.execute("SELECT 1 FROM documents WHERE slug = ?", [copy.slug]).fetchone()
            cursor = self.conn.execute(
                "INSERT INTO documents (slug, revision, source_file, content_hash, title, publication,"
                " author, published, body, raw, imported) VALUES (?,1,?,?,?,?,?,?,?,?,?)",
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
                ],
            )
        return self.document(int(cursor.lastrowid or 0))

    def add_quote_copy(self, quote: Quote, speaker: Actor | None) -> Quote:
        """Store a quote from an export, with its speaker found or added by name and kind."""
        with self.db.atomic():
            speaker_id = self.add_actor_copy(speaker) if speaker else None
            cursor = self.conn.execute(
                'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind, cue) VALUES (?,?,?,?,?,?,?)',
                [quote.document_id, quote.start, quote.end, quote.text, speaker_id, quote.kind, quote.cue],
            )
        row = self.conn.execute(
            'SELECT id, document_id, start, "end", text, speaker_id, kind, cue, comment_id FROM quotes WHERE id = ?',
            [cursor.lastrowid],
        ).fetchone()
        return Quote(*row)

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
        return actor_id

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

    # -- coding: journaled writes, undo/redo, tag management ----------------------
    #
    # Every write the user makes in the app goes through one of these methods. Each
    # records, in the same transaction, the row operations that redo it and those
    # that undo it, in the journal table, so undo and redo survive a restart. Undo
    # and redo are themselves committed writes. Each coder has their own history.

    def apply_tag(
        self, document_id: int, tag_id: int, start: int, end: int, *, coder: str = "", note: str = ""
    ) -> Annotation:
        """Tag a span, journaled so it can be undone."""
        with self._immediate():
            annotation = self.add_annotation(document_id, tag_id, start, end, coder=coder, note=note)
            row = self._row("annotations", "id", annotation.id)
            tag = self.tag(tag_id)
            self._journal(
                coder,
                f"tag {tag.name!r} on {summarise(annotation.text)!r}",
                [RowOp("insert", "annotations", row)],
            )
        return annotation

    def toggle_tag(
        self, document_id: int, tag_id: int, start: int, end: int, *, coder: str = ""
    ) -> Annotation | None:
        """Apply a tag to a span, or remove it when this coder already has it on that exact span.

        Another coder's identical annotation is never removed: each coder's work is their own.
        Returns the new annotation, or None when one was removed.
        """
        with self._immediate():
            row = self.conn.execute(
                'SELECT id FROM annotations WHERE document_id = ? AND tag_id = ? AND start = ? AND "end" = ?'
                " AND orphaned = 0 AND coder = ?",
                [document_id, tag_id, start, end, coder],
            ).fetchone()
            if row:
                self.remove_annotation(row[0], coder=coder)
                return None
            return self.apply_tag(document_id, tag_id, start, end, coder=coder)

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
        """Give a tag a new colour, written ``#rrggbb``."""
        color = color.strip().lower()
        if not is_hex_color(color):
            raise StoreError(f"{color!r} is not a colour like #e06c75")
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
            while ancestor is not None:
                if ancestor == tag_id:
                    raise StoreError(f"{tag.name!r} cannot go under itself or one of its own children")
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
                self._apply_ops(steps)
                self.conn.execute("UPDATE journal SET undone = ? WHERE id = ?", [int(undo), entry_id])
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
        conn = self.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

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
        if table == "annotations":
            # Annotations are identified by uid: a re-inserted one may get a new id.
            del record["id"]
        return record

    def _apply_ops(self, ops: Iterable[RowOp]) -> None:
        for op in ops:
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


ANNOTATION_COLUMNS = (
    'id, document_id, tag_id, start, "end", text, prefix, suffix, note, coder, created, updated, orphaned, uid'
)


EXPORT_QUERIES = {
    "documents": "SELECT id, slug, source_file, title, publication, author, published, body FROM documents"
    " WHERE superseded_by IS NULL ORDER BY id",
    "actors": "SELECT id, name, kind, role FROM actors ORDER BY id",
    "actor_aliases": "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias",
    "quotes": 'SELECT q.id, q.document_id, q.start, q."end", q.text, q.speaker_id, q.kind, q.cue FROM quotes q'
    " JOIN documents d ON d.id = q.document_id WHERE d.superseded_by IS NULL AND q.comment_id IS NULL"
    " ORDER BY q.document_id, q.start, q.id",
    "tags": "SELECT id, name, parent_id, color, description, shortcut FROM tags ORDER BY id",
    "annotations": """
        SELECT a.id, a.uid, current.id, a.tag_id, a.start, a."end", a.text, a.prefix, a.suffix, a.note,
               a.coder, a.created, a.updated,
               CASE WHEN a.orphaned THEN 'orphaned'
                    WHEN d.superseded_by IS NOT NULL THEN 'old revision'
                    WHEN substr(d.body, a.start + 1, a."end" - a.start) IS NOT a.text THEN 'text mismatch'
                    ELSE 'anchored' END
        FROM annotations a
        JOIN documents d ON d.id = a.document_id
        JOIN documents current ON current.slug = d.slug AND current.superseded_by IS NULL
        ORDER BY current.id, a.start, a.id
    """,
}
"""What ``Store.export_rows`` reads for each table of an export, columns in the export's order."""


def annotation_from_row(row: Iterable[Any]) -> Annotation:
    values = list(row)
    values[12] = bool(values[12])
    return Annotation(*values)


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
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


JOURNAL_KEYS = {"annotations": "uid", "tags": "id"}
"""The column that identifies a row of each journaled table across undo and redo."""


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


def summarise(text: str, width: int = 40) -> str:
    """A one-line excerpt of annotated text for journal entries and messages."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def clean_note(note: str) -> str:
    """A user-typed note with control characters removed (newlines and tabs kept)."""
    return "".join(ch for ch in note if ch.isprintable() or ch in "\n\t").strip()


def is_hex_color(color: str) -> bool:
    """True for a colour written ``#rrggbb``."""
    return len(color) == 7 and color[0] == "#" and all(ch in "0123456789abcdefABCDEF" for ch in color[1:])
