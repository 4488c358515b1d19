"""Provides export_database: the store as a standalone SQLite database, a folder of CSVs, or JSON-LD.

Every format starts as the same SQLite export (schema in docs/export.md): CSV
dumps its tables and views, JSON-LD its annotations as W3C Web Annotations. The
output is written beside the target under a temporary name and renamed into
place only when complete, so a failed export leaves nothing half-written, and an
existing target is replaced only when asked (and only if it is an export).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from storage.exchange.csv_cells import spreadsheet_safe_row
from storage.migrations import run_script
from storage.store import EXPORT_APPLICATION_ID, SQLITE_HEADER, Store, StoreError, now

TOOL = "safeguard-tui"
EXPORT_SCHEMA_VERSION = 3
"""Bumped whenever a table or column of the export changes; import refuses newer files.

Version 2 added the quotes' cue and mention spans, ``quotes.origin``, the ``quote_corrections`` table,
``actors.curated``, ``actor_aliases.pinned``, the ``comments`` table and ``quotes.comment_id`` (quotes in reader
comments) and ``annotations.comment_id``. Quotes moved by an Actors-screen split became ``speaker`` rows of
``quote_corrections`` later, within version 2: no table or column changed, and older version-2 exports (which
carry such a quote only as its ``quotes.speaker_id``) import as before. Version 3 added the ``memos`` table
(the project memo and document memos), ``actors.description`` and document attributes: the ``attributes``
and ``document_attributes`` tables (and the ``document_variables`` view, one column per attribute),
``documents.section``, ``documents.stated_words`` and ``documents.url`` (what a news database or a table
states beside the text)."""

APPLICATION_ID = EXPORT_APPLICATION_ID
"""``PRAGMA application_id`` of an export ("SGTU"), so import can recognise its own files."""

FORMATS = ("sqlite", "csv", "json")
JSONLD_MARKER = b'"@context"'

TABLE_COLUMNS = {
    "documents": (
        "id", "slug", "source_file", "title", "publication", "author", "published", "body", "needs_review",
        "section", "stated_words", "url",
    ),
    "comments": ("id", "document_id", "position", "author", "posted", "text"),
    "actors": ("id", "name", "kind", "role", "curated", "description"),
    "actor_aliases": ("actor_id", "alias", "pinned"),
    "quotes": (
        "id", "document_id", "start", "end", "text", "speaker_id", "kind", "cue", "comment_id",
        "cue_start", "cue_end", "mention_start", "mention_end", "origin",
    ),
    "tags": ("id", "name", "parent_id", "color", "description", "shortcut"),
    "annotations": (
        "id", "uid", "document_id", "tag_id", "start", "end", "text", "prefix", "suffix", "note", "coder",
        "created", "updated", "comment_id",
    ),
    "orphaned_annotations": (
        "id", "uid", "document_id", "tag_id", "start", "end", "text", "prefix", "suffix", "note", "coder",
        "created", "updated", "comment_id", "reason",
    ),
    "quote_corrections": (
        "id", "uid", "document_id", "action", "start", "end", "text", "prefix", "suffix", "speaker", "speaker_kind",
        "kind", "coder", "created", "status",
    ),
    "memos": ("id", "scope", "document_id", "text", "updated"),
    "attributes": ("id", "name", "kind", "choices"),
    "document_attributes": ("document_id", "attribute_id", "value"),
}  # fmt: skip
"""The export's tables and their columns, in order; ``Store.export_rows`` yields them so."""

ADDED_IN = {"quote_corrections": 2, "comments": 2, "memos": 3, "attributes": 3, "document_attributes": 3}
"""Tables an export of an earlier schema version lacks, with the version that added them."""
AGREEMENT_COLUMNS = ("coders", "tag", "units", "spans", "percent", "kappa", "alpha", "alpha_u")
"""The ``agreement`` table: figures computed at export, not data to import, so not in TABLE_COLUMNS."""

SCHEMA = """
CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, source_file TEXT NOT NULL, title TEXT NOT NULL,
    publication TEXT NOT NULL, author TEXT NOT NULL, published TEXT NOT NULL, body TEXT NOT NULL,
    needs_review INTEGER NOT NULL DEFAULT 0, section TEXT NOT NULL DEFAULT '',
    stated_words INTEGER NOT NULL DEFAULT 0, url TEXT NOT NULL DEFAULT ''
);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id), position INTEGER NOT NULL,
    author TEXT NOT NULL, posted TEXT NOT NULL, text TEXT NOT NULL
);
CREATE TABLE actors (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, curated INTEGER NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE actor_aliases (
    actor_id INTEGER NOT NULL REFERENCES actors(id), alias TEXT NOT NULL, pinned INTEGER NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id), start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, text TEXT NOT NULL, speaker_id INTEGER REFERENCES actors(id), kind TEXT NOT NULL,
    cue TEXT NOT NULL, comment_id INTEGER REFERENCES comments(id), cue_start INTEGER, cue_end INTEGER,
    mention_start INTEGER, mention_end INTEGER, origin TEXT NOT NULL
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, parent_id INTEGER REFERENCES tags(id),
    color TEXT NOT NULL, description TEXT NOT NULL, shortcut INTEGER
);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, document_id INTEGER NOT NULL REFERENCES documents(id),
    tag_id INTEGER NOT NULL REFERENCES tags(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, prefix TEXT NOT NULL, suffix TEXT NOT NULL, note TEXT NOT NULL, coder TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL, comment_id INTEGER REFERENCES comments(id)
);
CREATE TABLE orphaned_annotations (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, document_id INTEGER NOT NULL REFERENCES documents(id),
    tag_id INTEGER NOT NULL REFERENCES tags(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT NOT NULL, prefix TEXT NOT NULL, suffix TEXT NOT NULL, note TEXT NOT NULL, coder TEXT NOT NULL,
    created TEXT NOT NULL, updated TEXT NOT NULL, comment_id INTEGER REFERENCES comments(id), reason TEXT NOT NULL
);
CREATE TABLE quote_corrections (
    id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, document_id INTEGER NOT NULL REFERENCES documents(id),
    action TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    prefix TEXT NOT NULL, suffix TEXT NOT NULL, speaker TEXT NOT NULL, speaker_kind TEXT NOT NULL,
    kind TEXT NOT NULL, coder TEXT NOT NULL, created TEXT NOT NULL, status TEXT NOT NULL
);
CREATE TABLE memos (
    id INTEGER PRIMARY KEY, scope TEXT NOT NULL, document_id INTEGER REFERENCES documents(id), text TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE attributes (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, choices TEXT NOT NULL
);
CREATE TABLE document_attributes (
    document_id INTEGER NOT NULL REFERENCES documents(id), attribute_id INTEGER NOT NULL REFERENCES attributes(id),
    value TEXT NOT NULL, PRIMARY KEY (document_id, attribute_id)
);
CREATE TABLE agreement (
    coders TEXT NOT NULL, tag TEXT NOT NULL, units INTEGER NOT NULL, spans INTEGER NOT NULL, percent REAL,
    kappa REAL, alpha REAL, alpha_u REAL
);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX annotations_document ON annotations(document_id);
CREATE INDEX annotations_tag ON annotations(tag_id)
"""

VIEWS = {
    # A cycle in parent_id cannot loop for ever: paths stop at depth 20.
    "tag_paths": """
        WITH RECURSIVE paths(tag_id, path, depth) AS (
            SELECT id, name, 0 FROM tags WHERE parent_id IS NULL OR parent_id NOT IN (SELECT id FROM tags)
            UNION ALL
            SELECT t.id, p.path || ' > ' || t.name, p.depth + 1
            FROM tags t JOIN paths p ON t.parent_id = p.tag_id WHERE p.depth < 20
        )
        SELECT tag_id, path FROM paths
    """,
    "annotation_details": """
        SELECT a.id, a.uid, d.slug AS document_slug, d.title AS document_title, tp.path AS tag_path,
               a.start, a."end", a.text, a.note, a.coder, a.created, a.updated,
               (SELECT group_concat(name, '; ') FROM (
                    SELECT DISTINCT s.name FROM quotes q JOIN actors s ON s.id = q.speaker_id
                    WHERE q.document_id = a.document_id AND q.comment_id IS a.comment_id
                      AND q.start < a."end" AND a.start < q."end"
                    ORDER BY s.name)) AS speaker
        FROM annotations a
        JOIN documents d ON d.id = a.document_id
        LEFT JOIN tag_paths tp ON tp.tag_id = a.tag_id
        ORDER BY a.document_id, a.start, a.id
    """,
    "speech_quotes": """
        SELECT q.* FROM quotes q WHERE q.kind != 'term'
    """,
    "tag_actor_counts": """
        SELECT tp.path AS tag_path, s.name AS actor, count(DISTINCT a.id) AS annotations
        FROM annotations a
        JOIN quotes q ON q.document_id = a.document_id AND q.comment_id IS a.comment_id
                     AND q.start < a."end" AND a.start < q."end"
        JOIN actors s ON s.id = q.speaker_id
        JOIN tag_paths tp ON tp.tag_id = a.tag_id
        GROUP BY a.tag_id, s.id
        ORDER BY annotations DESC, tag_path, actor
    """,
    "tag_cooccurrence": """
        WITH used AS (SELECT DISTINCT document_id, tag_id FROM annotations)
        SELECT ta.path AS tag_a, tb.path AS tag_b, count(*) AS documents
        FROM used x
        JOIN used y ON y.document_id = x.document_id AND x.tag_id < y.tag_id
        JOIN tag_paths ta ON ta.tag_id = x.tag_id
        JOIN tag_paths tb ON tb.tag_id = y.tag_id
        GROUP BY x.tag_id, y.tag_id
        ORDER BY documents DESC, tag_a, tag_b
    """,
}

VARIABLES_VIEW = "document_variables"
"""One row per document, one column per attribute (built in, then the researcher's): a case-by-variable table."""


def document_variables_sql(conn: sqlite3.Connection) -> str:
    """The document_variables view over the export's own attributes table (its columns are the attributes)."""
    columns = [
        f'(SELECT value FROM document_attributes v WHERE v.document_id = d.id AND v.attribute_id = {int(attribute_id)})'
        f" AS {quote_identifier(name)}"
        for attribute_id, name in conn.execute("SELECT id, name FROM attributes ORDER BY name COLLATE NOCASE")
    ]
    return (
        "SELECT d.id AS document_id, d.slug, d.title, d.publication AS outlet, d.published AS date, d.author,"
        " d.section"
        + "".join(f", {column}" for column in columns)
        + " FROM documents d ORDER BY d.id"
    )


def quote_identifier(name: str) -> str:
    """An SQL identifier for any name (a name the researcher chose)."""
    return '"' + name.replace('"', '""') + '"'


FULL_TEXT = {"documents": ["title", "body"], "quotes": ["text"], "annotations": ["text", "note"], "memos": ["text"]}


class ExportError(StoreError):
    """An export that cannot be written (or read back); the message is one line for users."""


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, for the command's summary and the app's notification."""

    path: Path
    format: str
    documents: int
    annotations: int
    orphaned: int
    tags: int
    quotes: int
    actors: int
    corrections: int = 0


def export_database(store: Store, out_path: str | Path, *, format: str = "sqlite", force: bool = False) -> ExportReport:
    """Export ``store`` to ``out_path`` as ``sqlite``, ``csv`` (a folder) or ``json`` (JSON-LD).

    Nothing in ``store`` is changed. Raises ExportError for a bad format, a
    target that exists (without ``force``) or is not an earlier export, a
    missing or unwritable folder, or a write that fails (a full disk).
    """
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r} (choose from {', '.join(FORMATS)})")
    out = Path(out_path).expanduser()
    check_target(store, out, format, force)
    parent = out.parent
    try:
        if format == "csv":
            scratch = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.", suffix=".partial"))
            database = scratch / "export.db"
        else:
            handle, name = tempfile.mkstemp(dir=parent, prefix=f".{out.name}.", suffix=".partial")
            os.close(handle)
            scratch = database = Path(name)
    except OSError as error:
        raise ExportError(f"cannot write in folder {parent}: {error.strerror or error}") from None
    finished = False
    try:
        report = write_sqlite(store, database, out, format)
        if format == "json":
            jsonld = Path(f"{database}.json")
            try:
                write_jsonld(database, jsonld)
                os.replace(jsonld, database)
            finally:
                jsonld.unlink(missing_ok=True)
        elif format == "csv":
            write_csv_folder(database, scratch)
            database.unlink()
        # mkstemp and mkdtemp make private files; an export is meant to be shared.
        scratch.chmod(0o755 if scratch.is_dir() else 0o644)
        move_into_place(scratch, out)
        finished = True
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ExportError(f"cannot write {out}: {reason}") from None
    finally:
        if not finished:
            remove_path(scratch)
    return report


def check_target(store: Store, out: Path, format: str, force: bool) -> None:
    """Refuse a target in a missing folder, the store itself, or one that exists without ``force``.

    With ``force`` only an earlier export of the same kind is replaced, never
    some other file that happens to have the name.
    """
    if not out.parent.is_dir():
        raise ExportError(f"folder {out.parent} does not exist")
    if store.path is not None and out.resolve() == Path(store.path).resolve():
        raise ExportError(f"{out} is the database being exported")
    if not (out.exists() or out.is_symlink()):
        return
    if not force:
        raise ExportError(f"{out} already exists (use --force to replace it)")
    if format == "csv":
        if not (out.is_dir() and (out / "export_info.csv").is_file()):
            raise ExportError(f"{out} is not a CSV export folder; refusing to replace it")
    elif out.is_dir():
        raise ExportError(f"{out} is a folder, not a file")
    elif format == "json":
        if JSONLD_MARKER not in read_head(out, 4096):
            raise ExportError(f"{out} is not a JSON-LD export; refusing to replace it")
    elif not is_export_database(out):
        raise ExportError(f"{out} is not a {TOOL} export database; refusing to replace it")


def read_head(path: Path, size: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror or error}") from None


def is_export_database(path: Path) -> bool:
    """Whether ``path`` is an SQLite file carrying this tool's application id."""
    head = read_head(path, 100)
    return head.startswith(SQLITE_HEADER) and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def write_sqlite(store: Store, database: Path, out: Path, format: str) -> ExportReport:
    """Write the SQLite export to ``database``: all rows in one transaction, then views and indexes.

    The source is read inside one transaction too, so the export is a
    consistent snapshot even while the app keeps writing.
    """
    conn = sqlite3.connect(database)
    try:
        # The file is thrown away if anything fails, so no rollback journal is needed.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        db = Database(conn)
        counts: dict[str, int] = {}
        with store.atomic(), db.atomic():
            run_script(db, SCHEMA)
            for table in (
                "documents", "comments", "actors", "actor_aliases", "quotes", "tags", "quote_corrections", "memos",
                "attributes", "document_attributes",
            ):  # fmt: skip
                counts[table] = write_rows(conn, table, store.export_rows(table))
            counts["annotations"] = write_rows(
                conn, "annotations", (row[:-1] for row in store.export_rows("annotations") if row[-1] == "anchored")
            )
            counts["orphaned_annotations"] = write_rows(
                conn, "orphaned_annotations", (row for row in store.export_rows("annotations") if row[-1] != "anchored")
            )
            write_agreement(conn, store)
            info = {"tool": TOOL, "schema_version": str(EXPORT_SCHEMA_VERSION), "exported_at": now()}
            conn.executemany("INSERT INTO export_info (key, value) VALUES (?, ?)", info.items())
        for name, sql in VIEWS.items():
            db.create_view(name, sql)
        db.create_view(VARIABLES_VIEW, document_variables_sql(conn))
        for table, columns in FULL_TEXT.items():
            db.table(table).enable_fts(columns, create_triggers=True)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {EXPORT_SCHEMA_VERSION}")
        conn.commit()
    finally:
        conn.close()
    sync_file(database)
    return ExportReport(
        path=out,
        format=format,
        documents=counts["documents"],
        annotations=counts["annotations"],
        orphaned=counts["orphaned_annotations"],
        tags=counts["tags"],
        quotes=counts["quotes"],
        actors=counts["actors"],
        corrections=counts["quote_corrections"],
    )


def write_rows(conn: sqlite3.Connection, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert a stream of rows into an export table; returns how many were written."""
    columns = TABLE_COLUMNS[table]
    counted = CountedRows(rows)
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(quote_name(c) for c in columns)}) VALUES ({', '.join('?' for _ in columns)})",
        counted,
    )
    return counted.count


def write_agreement(conn: sqlite3.Connection, store: Store) -> None:
    """Agreement per tag and overall between everyone who coded; no rows unless two coders did."""
    from storage.analysis.agreement import store_agreement, store_coders

    if len(store_coders(store)) < 2:
        return
    report = store_agreement(store)
    coders = ", ".join(report.coders)
    conn.executemany(
        f"INSERT INTO agreement VALUES ({', '.join('?' for _ in AGREEMENT_COLUMNS)})",
        [(coders, r.tag, r.units, r.spans, r.percent, r.kappa, r.alpha, r.alpha_u) for r in report.rows()],
    )


class CountedRows:
    """An iterator over rows that counts them as they stream past."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self.rows = iter(rows)
        self.count = 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self

    def __next__(self) -> tuple[Any, ...]:
        row = next(self.rows)
        self.count += 1
        return row


def quote_name(name: str) -> str:
    return f'"{name}"'


def write_csv_folder(database: Path, folder: Path) -> None:
    """One CSV per table and view of the SQLite export (UTF-8, header row, offsets as in the database).

    Text a spreadsheet would run as a formula is guarded (``storage.exchange.csv_cells``);
    the SQLite export keeps every value as it is.
    """
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        for name in ("export_info", *TABLE_COLUMNS, "agreement", *VIEWS, VARIABLES_VIEW):
            cursor = conn.execute(f"SELECT * FROM {quote_name(name)}")
            with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(column[0] for column in cursor.description)
                writer.writerows(spreadsheet_safe_row(row) for row in cursor)
                handle.flush()
                os.fsync(handle.fileno())
    finally:
        conn.close()


def write_jsonld(database: Path, path: Path) -> None:
    """Every annotation as a W3C Web Annotation in one AnnotationCollection, written as it is read.

    An anchored annotation has a TextQuoteSelector and a TextPositionSelector; an
    orphan only the quote, since its offsets do not point into the exported text.
    """
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        total = conn.execute(
            "SELECT (SELECT count(*) FROM annotations) + (SELECT count(*) FROM orphaned_annotations)"
        ).fetchone()[0]
        exported_at = conn.execute("SELECT value FROM export_info WHERE key = 'exported_at'").fetchone()[0]
        rows = conn.execute(
            """
            SELECT a.*, 0 AS orphaned, d.slug, d.title, tp.path FROM annotations a
            JOIN documents d ON d.id = a.document_id LEFT JOIN tag_paths tp ON tp.tag_id = a.tag_id
            UNION ALL
            SELECT a.id, a.uid, a.document_id, a.tag_id, a.start, a."end", a.text, a.prefix, a.suffix, a.note,
                   a.coder, a.created, a.updated, a.comment_id, 1, d.slug, d.title, tp.path FROM orphaned_annotations a
            JOIN documents d ON d.id = a.document_id LEFT JOIN tag_paths tp ON tp.tag_id = a.tag_id
            """
        )
        collection = {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationCollection",
            "label": f"{TOOL} annotations",
            "total": total,
            "generated": exported_at,
            "generator": {"type": "Software", "name": TOOL},
        }
        with path.open("w", encoding="utf-8") as handle:
            head = json.dumps(collection, ensure_ascii=False, indent=1)[:-2]
            handle.write(f'{head},\n "first": {{"type": "AnnotationPage", "items": [\n')
            for number, row in enumerate(rows):
                separator = ",\n" if number else ""
                handle.write(separator + json.dumps(web_annotation(row), ensure_ascii=False))
            handle.write("\n]}}\n")
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        conn.close()


def source_iri(row: sqlite3.Row) -> str:
    """The annotated text: a document's body, or one of its reader comments (offsets are into that)."""
    document = f"urn:x-{TOOL}:document:{row['slug']}"
    return f"{document}/comment/{row['comment_id']}" if row["comment_id"] is not None else document


def web_annotation(row: sqlite3.Row) -> dict[str, Any]:
    """One exported annotation row as a W3C Web Annotation."""
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": row["path"] or ""}]
    if row["note"]:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": row["note"], "format": "text/plain"})
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": row["text"], "prefix": row["prefix"], "suffix": row["suffix"]}
    ]
    if not row["orphaned"]:
        selectors.append({"type": "TextPositionSelector", "start": row["start"], "end": row["end"]})
    annotation: dict[str, Any] = {
        "id": annotation_iri(row["uid"]),
        "type": "Annotation",
        "motivation": "tagging",
        "created": row["created"],
        "modified": row["updated"],
        "body": body,
        "target": {
            "source": {"id": source_iri(row), "type": "Text", "title": row["title"]},
            "selector": selectors,
        },
    }
    if row["coder"]:
        annotation["creator"] = {"type": "Person", "name": row["coder"]}
    if row["orphaned"]:
        annotation[f"{TOOL}:orphaned"] = True
    return annotation


def annotation_iri(uid: str) -> str:
    """A uuid uid as ``urn:uuid:...``; any other uid under the tool's own prefix."""
    try:
        return uuid.UUID(hex=uid).urn
    except ValueError:
        return f"urn:x-{TOOL}:annotation:{uid}"


def move_into_place(scratch: Path, out: Path) -> None:
    """Rename the finished export onto ``out``.

    A file is replaced atomically. A folder cannot be, so the old one is first
    renamed aside, then removed once the new one is in place (and put back if
    the new one cannot be).
    """
    if not scratch.is_dir() or not out.exists():
        os.replace(scratch, out)
        return
    aside = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
    aside.rmdir()
    os.replace(out, aside)
    try:
        os.replace(scratch, out)
    except OSError:
        os.replace(aside, out)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def sync_file(path: Path) -> None:
    """Flush a finished file to disk before it is renamed into place, so a crash cannot expose a torn export."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_path(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
