"""import_annotations: an export comes back in whole, once, and re-anchored where the text changed."""

from __future__ import annotations

import shutil
import re
import sqlite3
from pathlib import Path

import pytest

from storage.exchange.annotation_import import import_annotations
from storage.corpus import seed
from storage.exchange.export import ExportError, export_database
from storage.models import Actor, Document, Quote
from storage.store import Store

NORMALISED = {
    "documents": "SELECT slug, source_file, title, publication, author, published, body FROM documents",
    "tags": "SELECT t.name, p.name, t.color, t.description, t.shortcut FROM tags t"
    " LEFT JOIN tags p ON p.id = t.parent_id",
    "actors": "SELECT name, kind, role FROM actors",
    "actor_aliases": "SELECT a.name, x.alias FROM actor_aliases x JOIN actors a ON a.id = x.actor_id",
    "quotes": 'SELECT d.slug, q.start, q."end", q.text, a.name, q.kind, q.cue FROM quotes q'
    " JOIN documents d ON d.id = q.document_id LEFT JOIN actors a ON a.id = q.speaker_id",
    "annotations": 'SELECT x.uid, d.slug, t.name, x.start, x."end", x.text, x.prefix, x.suffix, x.note, x.coder,'
    " x.created, x.updated FROM annotations x JOIN documents d ON d.id = x.document_id JOIN tags t ON t.id = x.tag_id",
    "orphaned_annotations": 'SELECT x.uid, d.slug, t.name, x.start, x."end", x.text, x.note, x.reason'
    " FROM orphaned_annotations x JOIN documents d ON d.id = x.document_id JOIN tags t ON t.id = x.tag_id",
}
"""Each export table by natural keys (slugs, names, uids): ids are local to a database."""


def export_contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {table: sorted(connection.execute(sql), key=repr) for table, sql in NORMALISED.items()}
    finally:
        connection.close()


@pytest.fixture
def coded(store: Store) -> Store:
    """The shipped corpus with annotations, a nested tag, an orphan, and a quote with its speaker."""
    seed(store)
    store.clear_extraction()
    first, second = store.documents()[:2]
    blame = store.tag_by_name("Accountability and blame")
    assert blame
    child = store.add_tag("NHS blamed", parent_id=blame.id, color="#ff0000")
    store.add_annotation(first.id, blame.id, 100, 180, coder="ana", note="a note")
    store.add_annotation(second.id, child.id, 40, 90, coder="")
    store.orphan_annotation(store.add_annotation(second.id, blame.id, 200, 260, coder="ben").id)
    speaker = Actor(0, "Lord Warner", "person", "", ("Norman Warner",))
    store.add_quote_copy(Quote(0, first.id, 120, 200, first.body[120:200], None, "direct", ""), speaker)
    return store


@pytest.fixture
def exported(coded: Store, tmp_path: Path) -> Path:
    out = tmp_path / "export.db"
    export_database(coded, out)
    return out


def test_export_import_export_gives_the_same_rows(exported: Path, tmp_path: Path) -> None:
    fresh = Store.memory()
    import_annotations(fresh, exported)
    again = tmp_path / "again.db"

    export_database(fresh, again)

    assert export_contents(exported) == export_contents(again)


def test_the_round_trip_creates_documents_and_tags_it_lacks(exported: Path) -> None:
    fresh = Store.memory()

    report = import_annotations(fresh, exported)

    assert (5, 0, 10, 3, 0) == (
        report.documents_created, report.documents_matched, report.tags_created, report.added, report.reanchored
    )  # fmt: skip
    assert ["Accountability and blame"] == [orphan.tag for orphan in report.orphans]
    assert 1 == len(fresh.annotations(orphaned=True))


def test_importing_twice_adds_nothing_the_second_time(exported: Path) -> None:
    fresh = Store.memory()
    import_annotations(fresh, exported)

    report = import_annotations(fresh, exported)

    assert (0, 3, 5, 0) == (report.added, report.already_present, report.documents_matched, report.tags_created)
    assert 2 == len(fresh.annotations())


def test_the_coder_is_credited_only_where_the_file_names_none(exported: Path) -> None:
    fresh = Store.memory()

    import_annotations(fresh, exported, coder="cy")

    assert ["ana", "cy"] == sorted(annotation.coder for annotation in fresh.annotations())


def test_annotations_are_reanchored_in_a_changed_text_or_kept_as_orphans(coded: Store, exported: Path) -> None:
    original = coded.documents()[0]
    kept = original.body[100:180]
    changed_body = "Correction appended at the top.\n\n" + original.body
    target = Store.memory()
    target.add_document_copy(_copy(original, body=changed_body))
    second = coded.documents()[1]
    target.add_document_copy(_copy(second, body=second.body.replace(second.body[20:110], "")))

    report = import_annotations(target, exported)

    first_doc, second_doc = target.documents()[:2]
    assert [kept] == [a.text for a in target.annotations(first_doc.id)]
    assert 1 == report.reanchored
    assert {second.body[40:90], second.body[200:260]} == {orphan.text for orphan in report.orphans}
    assert [] == target.annotations(second_doc.id)
    assert 2 == len(target.annotations(second_doc.id, orphaned=True))


def _copy(document: Document, *, body: str) -> Document:
    return Document(0, document.slug, 1, document.source_file, "", document.title, "", "", "", body, body, "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("PRAGMA user_version = 99", "newer export schema"),
        ("PRAGMA application_id = 0", "not a safeguard-tui export"),
        ("DROP TABLE tags", "not a complete safeguard-tui export"),
        ("UPDATE export_info SET value = 'other' WHERE key = 'tool'", "not a complete safeguard-tui export"),
    ],
)
def test_a_file_from_another_tool_or_a_newer_version_is_refused(
    exported: Path, tmp_path: Path, change: str, message: str
) -> None:
    altered = tmp_path / "altered.db"
    shutil.copy(exported, altered)
    connection = sqlite3.connect(altered)
    connection.execute(change)
    connection.commit()
    connection.close()
    target = Store.memory()

    with pytest.raises(ExportError, match=message):
        import_annotations(target, altered)
    assert ([], []) == (target.documents(), target.tags())


@pytest.mark.parametrize(
    ("content", "message"), [(None, "no export file"), (b"not sqlite at all", "not an SQLite database")]
)
def test_a_missing_or_junk_file_is_refused(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "in.db"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(ExportError, match=message):
        import_annotations(Store.memory(), path)


def test_a_failure_midway_leaves_the_target_untouched(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = Store.memory()
    real_insert = target.insert_annotation
    calls = []

    def fail_on_second(*args: object) -> object:
        calls.append(args)
        if len(calls) == 2:
            raise ExportError("simulated failure")
        return real_insert(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(target, "insert_annotation", fail_on_second)

    with pytest.raises(ExportError, match="simulated"):
        import_annotations(target, exported)
    assert ([], [], []) == (target.documents(), target.tags(), target.annotations())


def as_schema_1(path: Path) -> None:
    """Rewrite an export as schema 1 wrote it: no comments table, no quotes.comment_id."""
    connection = sqlite3.connect(path)
    try:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        views = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall()
        for name, _sql in views:
            connection.execute(f"DROP VIEW {name}")
        connection.execute("DROP TABLE comments")
        connection.execute('CREATE TABLE old_quotes AS SELECT id, document_id, start, "end", text, speaker_id, kind, cue'
                           " FROM quotes WHERE comment_id IS NULL")
        connection.execute("DROP TABLE quotes")
        connection.execute("ALTER TABLE old_quotes RENAME TO quotes")
        for _name, sql in views:
            connection.execute(re.sub(r"(AND )?q\.comment_id IS NULL( AND)?", "", sql))
        connection.execute("UPDATE export_info SET value = '1' WHERE key = 'schema_version'")
        connection.execute("PRAGMA user_version = 1")
        connection.commit()
    finally:
        connection.close()


def test_an_export_of_schema_1_still_imports(exported: Path) -> None:
    as_schema_1(exported)
    fresh = Store.memory()

    report = import_annotations(fresh, exported)

    assert (5, 3) == (report.documents_created, len(fresh.annotations()) + len(fresh.annotations(orphaned=True)))
    assert 1 == len(fresh.quotes())
