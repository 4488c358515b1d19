"""Provides Store: the SQLite database of documents, quotes, actors, tags and annotations.

Store is the only class that writes SQL. Every write runs inside ``db.atomic()``,
so when a method returns, its change is committed; when it raises, nothing of it
is left behind. A Store (like the sqlite3 connection it holds) belongs to the
thread that opened it: another thread opens its own with ``Store.open``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tomllib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from storage.migrations import check_schema_version, migrate
from storage.models import Actor, Annotation, Article, Comment, Document, Quote, Tag

SQLITE_HEADER = b"SQLite format 3\x00"
CONTEXT_CHARS = 32
"""How much text either side of an annotation is kept to re-anchor it later."""


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

    def __init__(self, db: Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (and if need be create and migrate) the database at ``path``.

        Raises StoreError with a one-line reason for anything that is not a
        usable database: a missing file when ``create`` is false, a file that
        is not SQLite, a folder that cannot be written, a newer schema.
        """
        path = Path(path).expanduser()
        check_database_file(path)
        existed = path.exists()
        if not existed:
            if not create:
                raise StoreError(f"no database at {path}")
            if not path.parent.is_dir():
                raise StoreError(f"folder {path.parent} does not exist")
        try:
            conn = sqlite3.connect(str(path), timeout=10.0, check_same_thread=False)
            store = cls(Database(conn), path)
            store.configure()
            migrate(store.db)
        except sqlite3.DatabaseError as error:
            if not existed:
                remove_database_files(path)
            raise StoreError(f"cannot open database {path}: {error}") from None
        except ValueError as error:
            raise StoreError(f"cannot open database {path}: {error}") from None
        return store

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory store, for tests and scratch work."""
        store = cls(Database(memory=True))
        store.configure()
        migrate(store.db)
        return store

    def configure(self) -> None:
        """WAL so a reader never blocks a writer; foreign keys; wait for a busy writer.

        The file is read and its schema version checked before anything is
        changed, so a database from a newer app is left exactly as it was.
        """
        self.db.execute("PRAGMA busy_timeout = 10000")
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        check_schema_version(self.db)
        if self.path is not None:
            mode = self.db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise sqlite3.DatabaseError(f"cannot switch to WAL mode (got {mode})")

    def close(self) -> None:
        self.db.close()

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
        row = self.db.execute(
            "SELECT * FROM documents WHERE content_hash = ?", [content_hash]
        ).fetchone()
        return self._document(row) if row else None

    def current_document_for_source(self, source_file: str) -> Document | None:
        """The current revision imported from ``source_file``, if any."""
        row = self.db.execute(
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
            cursor = self.db.execute(
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
                self.db.execute(
                    "UPDATE documents SET superseded_by = ? WHERE id = ?", [document_id, previous.id]
                )
            for position, comment in enumerate(article.comments):
                self.db.execute(
                    "INSERT INTO comments (document_id, position, author, posted, text) VALUES (?,?,?,?,?)",
                    [document_id, position, comment.author, comment.posted, comment.text],
                )
        return self.document(document_id)

    def document(self, document_id: int) -> Document:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise KeyError(document_id)
        return self._document(row)

    def documents(self, *, include_superseded: bool = False) -> list[Document]:
        """Every current document (and old revisions too if asked), oldest import first."""
        where = "" if include_superseded else " WHERE superseded_by IS NULL"
        return [self._document(row) for row in self.db.execute(f"SELECT * FROM documents{where} ORDER BY id")]

    def document_summaries(self) -> list[DocumentSummary]:
        """The current documents with their quote and annotation counts, for the document list."""
        rows = self.db.execute(
            """
            SELECT d.id, d.slug, d.title, d.publication, d.author, d.published,
                   (SELECT count(*) FROM quotes q WHERE q.document_id = d.id),
                   (SELECT count(*) FROM annotations a WHERE a.document_id = d.id AND a.orphaned = 0)
            FROM documents d WHERE d.superseded_by IS NULL ORDER BY d.id
            """
        )
        return [DocumentSummary(*row) for row in rows]

    def comments(self, document_id: int) -> list[Comment]:
        rows = self.db.execute(
            "SELECT id, document_id, position, author, posted, text FROM comments"
            " WHERE document_id = ? ORDER BY position",
            [document_id],
        )
        return [Comment(*row) for row in rows]

    def _unique_slug(self, text: str) -> str:
        base = slugify(text) or "document"
        slug, n = base, 2
        while self.db.execute("SELECT 1 FROM documents WHERE slug = ?", [slug]).fetchone():
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
        for actor_id, alias in self.db.execute("SELECT actor_id, alias FROM actor_aliases ORDER BY alias"):
            aliases.setdefault(actor_id, []).append(alias)
        rows = self.db.execute("SELECT id, name, kind, role FROM actors ORDER BY name COLLATE NOCASE")
        return [Actor(*row, aliases=tuple(aliases.get(row[0], ()))) for row in rows]

    def actor(self, actor_id: int) -> Actor:
        row = self.db.execute("SELECT id, name, kind, role FROM actors WHERE id = ?", [actor_id]).fetchone()
        if row is None:
            raise KeyError(actor_id)
        aliases = tuple(
            alias
            for (alias,) in self.db.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", [actor_id]
            )
        )
        return Actor(*row, aliases=aliases)

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
        return [Quote(*row) for row in self.db.execute(sql, params)]

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
            cursor = self.db.execute(
                "INSERT INTO tags (name, parent_id, color, description, shortcut) VALUES (?,?,?,?,?)",
                [name, parent_id, color, description, shortcut],
            )
        return self.tag(int(cursor.lastrowid or 0))

    def tag(self, tag_id: int) -> Tag:
        row = self.db.execute(
            "SELECT id, name, parent_id, color, description, shortcut FROM tags WHERE id = ?", [tag_id]
        ).fetchone()
        if row is None:
            raise KeyError(tag_id)
        return Tag(*row)

    def tags(self) -> list[Tag]:
        """Every tag, by shortcut then name."""
        rows = self.db.execute(
            "SELECT id, name, parent_id, color, description, shortcut FROM tags"
            " ORDER BY shortcut IS NULL, shortcut, name COLLATE NOCASE"
        )
        return [Tag(*row) for row in rows]

    def tag_by_name(self, name: str) -> Tag | None:
        row = self.db.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", [name.strip()]).fetchone()
        return self.tag(row[0]) if row else None

    def tag_by_shortcut(self, shortcut: int) -> Tag | None:
        row = self.db.execute("SELECT id FROM tags WHERE shortcut = ?", [shortcut]).fetchone()
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
            cursor = self.db.execute(
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
        row = self.db.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE id = ?", [annotation_id]).fetchone()
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
        rows = self.db.execute(
            f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE {' AND '.join(clauses)}"
            " ORDER BY document_id, start, id",
            params,
        )
        return [annotation_from_row(row) for row in rows]

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Remove an annotation; returns what was removed."""
        annotation = self.annotation(annotation_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM annotations WHERE id = ?", [annotation_id])
        return annotation

    def set_note(self, annotation_id: int, note: str) -> Annotation:
        with self.db.atomic():
            cursor = self.db.execute(
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
        return iter(self.db.execute(EXPORT_QUERIES[table]))

    def annotation_by_uid(self, uid: str) -> Annotation | None:
        row = self.db.execute(f"SELECT {ANNOTATION_COLUMNS} FROM annotations WHERE uid = ?", [uid]).fetchone()
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
            self.db.execute(
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
        rows = self.db.execute("SELECT id FROM documents WHERE slug = ? ORDER BY revision, id", [slug])
        return [int(row[0]) for row in rows]

    def orphan_annotation(self, annotation_id: int) -> Annotation:
        """Mark an annotation that could not be re-anchored; it keeps the span it was made on."""
        with self.db.atomic():
            self.db.execute("UPDATE annotations SET orphaned = 1 WHERE id = ?", [annotation_id])
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
            cursor = self.db.execute(
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
            row = self.db.execute(
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
            free = not self.db.execute("SELECT 1 FROM documents WHERE slug = ?", [copy.slug]).fetchone()
            cursor = self.db.execute(
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
            speaker_id = self._actor_copy(speaker) if speaker else None
            cursor = self.db.execute(
                'INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind, cue) VALUES (?,?,?,?,?,?,?)',
                [quote.document_id, quote.start, quote.end, quote.text, speaker_id, quote.kind, quote.cue],
            )
        row = self.db.execute(
            'SELECT id, document_id, start, "end", text, speaker_id, kind, cue, comment_id FROM quotes WHERE id = ?',
            [cursor.lastrowid],
        ).fetchone()
        return Quote(*row)

    def _actor_copy(self, actor: Actor) -> int:
        row = self.db.execute(
            "SELECT id FROM actors WHERE name = ? AND kind = ? ORDER BY id LIMIT 1", [actor.name, actor.kind]
        ).fetchone()
        if row:
            actor_id = int(row[0])
        else:
            cursor = self.db.execute(
                "INSERT INTO actors (name, kind, role) VALUES (?,?,?)", [actor.name, actor.kind, actor.role]
            )
            actor_id = int(cursor.lastrowid or 0)
        for alias in actor.aliases:
            self.db.execute("INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?,?)", [actor_id, alias])
        return actor_id

    def set_tag_parent(self, tag_id: int, parent_id: int | None) -> Tag:
        with self.db.atomic():
            self.db.execute("UPDATE tags SET parent_id = ? WHERE id = ?", [parent_id, tag_id])
        return self.tag(tag_id)

    # -- app state ---------------------------------------------------------------

    def get_state(self, key: str, default: Any = None) -> Any:
        """A value the app saved with ``set_state`` (JSON), or ``default``."""
        row = self.db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_state(self, key: str, value: Any) -> None:
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO app_state (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, json.dumps(value)],
            )


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
