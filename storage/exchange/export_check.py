"""Provides check_export: every row of an export has the types and values an import relies on.

An export is a file shared between people, so it is untrusted: a hand-edited or
hostile one may hold a BLOB for a name, text for an offset, a colour that is a
style, or tags that are each other's parents. Such a file is refused whole, with
one line naming the first problem, before anything is written.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from storage.attribute_values import AttributeValueError, checked_choices, checked_name, checked_value
from storage.colors import normalise_color
from storage.models import Attribute
from storage.exchange.export import ExportError, TABLE_COLUMNS
from storage.store import clean_name

INTEGER, TEXT, NULL = "integer", "text", "null"

NULLABLE = {
    ("quotes", "speaker_id"), ("quotes", "cue_start"), ("quotes", "cue_end"), ("quotes", "mention_start"),
    ("quotes", "mention_end"), ("quotes", "comment_id"), ("annotations", "comment_id"),
    ("orphaned_annotations", "comment_id"), ("tags", "parent_id"), ("tags", "shortcut"),
    ("memos", "document_id"),
}  # fmt: skip
"""The columns that may be empty; every other column of an export table is required."""

INTEGER_COLUMNS = {
    "id", "document_id", "tag_id", "actor_id", "speaker_id", "parent_id", "start", "end", "shortcut",
    "cue_start", "cue_end", "mention_start", "mention_end", "curated", "pinned", "comment_id", "position", "needs_review",
    "attribute_id",
    "stated_words",
}  # fmt: skip
"""Column names that hold whole numbers in every export table; the rest hold text."""

TYPE_NAMES = {INTEGER: "a whole number", TEXT: "text", NULL: "empty", "real": "a decimal number", "blob": "a BLOB"}


def check_export(source: sqlite3.Connection, path: Path) -> None:
    """Raise ExportError (one line) for the first row of the export at ``path`` an import could not trust."""
    for table, columns in TABLE_COLUMNS.items():
        # An export of an older schema lacks the columns and tables added since; import reads it still.
        present = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
        check_types(source, path, table, tuple(column for column in columns if column in present))
    check_tags(source, path)
    check_spans(source, path)
    check_memos(source, path)
    check_attributes(source, path)


def allowed_types(table: str, column: str) -> tuple[str, ...]:
    kind = INTEGER if column in INTEGER_COLUMNS else TEXT
    return (kind, NULL) if (table, column) in NULLABLE else (kind,)


def check_types(source: sqlite3.Connection, path: Path, table: str, columns: tuple[str, ...]) -> None:
    """Find the first row with a value of the wrong type; SQLite lets any column hold any type."""
    if not columns:
        return
    kinds = ", ".join(f'typeof("{column}")' for column in columns)
    wrong = " OR ".join(
        f'typeof("{column}") NOT IN ({", ".join(repr(kind) for kind in allowed_types(table, column))})'
        for column in columns
    )
    row = source.execute(f'SELECT rowid, {kinds} FROM "{table}" WHERE {wrong} LIMIT 1').fetchone()
    if row is None:
        return
    for column, kind in zip(columns, row[1:], strict=True):
        expected = allowed_types(table, column)
        if kind not in expected:
            raise ExportError(
                f"{path} cannot be imported: row {row[0]} of {table} has {TYPE_NAMES.get(kind, kind)}"
                f" as its {column}, not {' or '.join(TYPE_NAMES[e] for e in expected)}"
            )


def check_tags(source: sqlite3.Connection, path: Path) -> None:
    """Names, colours and keys that the Store would take, and no tag under itself."""
    parents: dict[int, int | None] = {}
    names: dict[int, str] = {}
    for tag_id, name, parent_id, color, shortcut in source.execute(
        "SELECT id, name, parent_id, color, shortcut FROM tags"
    ):
        if not clean_name(name):
            raise ExportError(f"{path} cannot be imported: tag {tag_id} has no name")
        if normalise_color(color) is None:
            raise ExportError(f"{path} cannot be imported: tag {clean_name(name)!r} has {color!r} as its colour")
        if shortcut is not None and not 1 <= shortcut <= 9:
            raise ExportError(f"{path} cannot be imported: tag {clean_name(name)!r} has key {shortcut}, not 1-9")
        parents[tag_id], names[tag_id] = parent_id, clean_name(name)
    for tag_id in parents:
        chain = [tag_id]
        parent = parents[tag_id]
        while parent is not None and parent in parents:
            if parent in chain:
                loop = " -> ".join(repr(names[t]) for t in chain[chain.index(parent):] + [parent])
                raise ExportError(f"{path} cannot be imported: its tags are each other's parents ({loop})")
            chain.append(parent)
            parent = parents[parent]


def check_spans(source: sqlite3.Connection, path: Path) -> None:
    """Offsets that describe a span: from 0, start before end."""
    for table in ("quotes", "annotations", "orphaned_annotations"):
        row = source.execute(f'SELECT rowid FROM "{table}" WHERE start < 0 OR start > "end" LIMIT 1').fetchone()
        if row is not None:
            raise ExportError(
                f"{path} cannot be imported: row {row[0]} of {table} has a span that ends before it starts"
            )


def check_memos(source: sqlite3.Connection, path: Path) -> None:
    """A memo is the project's or one document's (an export from before memos has none)."""
    if not source.execute("SELECT 1 FROM sqlite_master WHERE name = 'memos'").fetchone():
        return
    row = source.execute(
        "SELECT rowid FROM memos WHERE NOT ((scope = 'project' AND document_id IS NULL)"
        " OR (scope = 'document' AND document_id IN (SELECT id FROM documents))) LIMIT 1"
    ).fetchone()
    if row is not None:
        raise ExportError(f"{path} cannot be imported: row {row[0]} of memos is neither the project's nor a document's")
def exported_attributes(source: sqlite3.Connection, path: Path) -> dict[int, Attribute]:
    """The export's attributes by id, each with a name, kind and choices the Store would take."""
    if not has_table(source, "attributes"):
        return {}
    found: dict[int, Attribute] = {}
    for attribute_id, name, kind, choices in source.execute("SELECT id, name, kind, choices FROM attributes"):
        try:
            listed = json.loads(choices)
            if not isinstance(listed, list) or not all(isinstance(choice, str) for choice in listed):
                raise AttributeValueError("its allowed values are not a list of text")
            found[attribute_id] = Attribute(attribute_id, checked_name(name), kind, checked_choices(kind, listed))
        except (AttributeValueError, json.JSONDecodeError) as error:
            raise ExportError(f"{path} cannot be imported: attribute {clean_name(name)!r}: {error}") from None
    return found


def check_attributes(source: sqlite3.Connection, path: Path) -> None:
    """Attributes the Store would take, and every value one its attribute takes."""
    attributes = exported_attributes(source, path)
    if not has_table(source, "document_attributes"):
        return
    for document_id, attribute_id, value in source.execute(
        "SELECT document_id, attribute_id, value FROM document_attributes"
    ):
        attribute = attributes.get(attribute_id)
        if attribute is None:
            raise ExportError(f"{path} cannot be imported: document {document_id} has a value of no attribute")
        try:
            checked_value(attribute, value)
        except AttributeValueError as error:
            raise ExportError(f"{path} cannot be imported: document {document_id}: {error}") from None


def has_table(source: sqlite3.Connection, table: str) -> bool:
    return source.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]).fetchone() is not None
