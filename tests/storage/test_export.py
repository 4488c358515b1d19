"""SQLite export: a stable schema, views analysts can query, the text invariant, and a store left untouched."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.corpus import seed
from storage.exchange.export import APPLICATION_ID, EXPORT_SCHEMA_VERSION, ExportError, export_database
from storage.models import Actor, Quote
from storage.store import Store


@pytest.fixture
def coded(db_path: Path) -> Iterator[Store]:
    """The shipped corpus on disk with a few annotations, a quote and its speaker."""
    store = Store.open(db_path)
    seed(store)
    store.clear_extraction()
    first, second = store.documents()[:2]
    blame, partnership = store.tag_by_name("Accountability and blame"), store.tag_by_name("Partnership working")
    assert blame and partnership
    child = store.add_tag("NHS blamed", parent_id=blame.id)
    store.add_annotation(first.id, blame.id, 100, 180, coder="ana", note="first [sic] note")
    store.add_annotation(first.id, partnership.id, 150, 260, coder="ana")
    store.add_annotation(second.id, child.id, 40, 90, coder="ben")
    speaker = Actor(0, "Lord Warner", "person", "", ("Norman Warner",))
    store.add_quote_copy(Quote(0, first.id, 120, 200, first.body[120:200], None, "direct", ""), speaker)
    yield store
    store.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def columns(path: Path, table: str) -> list[str]:
    return [row[1] for row in rows(path, f"PRAGMA table_info({table})")]


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("documents", ["id", "slug", "source_file", "title", "publication", "author", "published", "body",
                       "needs_review", "section", "stated_words", "url"]),
        ("actors", ["id", "name", "kind", "role", "curated", "description"]),
        ("memos", ["id", "scope", "document_id", "text", "updated"]),
        ("actor_aliases", ["actor_id", "alias", "pinned"]),
        (
            "quotes",
            ["id", "document_id", "start", "end", "text", "speaker_id", "kind", "cue", "comment_id", "cue_start",
             "cue_end", "mention_start", "mention_end", "origin"],
        ),
        (
            "quote_corrections",
            ["id", "uid", "document_id", "action", "start", "end", "text", "prefix", "suffix", "speaker",
             "speaker_kind", "kind", "coder", "created", "status"],
        ),
        ("comments", ["id", "document_id", "position", "author", "posted", "text"]),
        ("tags", ["id", "name", "parent_id", "color", "description", "shortcut"]),
        (
            "annotations",
            ["id", "uid", "document_id", "tag_id", "start", "end", "text", "prefix", "suffix", "note", "coder",
             "created", "updated", "comment_id"],
        ),
        ("export_info", ["key", "value"]),
    ],
)  # fmt: skip
def test_the_export_schema_is_the_documented_one(coded: Store, tmp_path: Path, table: str, expected: list[str]) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)

    assert expected == columns(out, table)


def test_the_export_says_what_wrote_it(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)

    info = dict(rows(out, "SELECT key, value FROM export_info"))
    assert ("safeguard-tui", str(EXPORT_SCHEMA_VERSION)) == (info["tool"], info["schema_version"])
    assert [(APPLICATION_ID,)] == rows(out, "PRAGMA application_id")
    assert [(EXPORT_SCHEMA_VERSION,)] == rows(out, "PRAGMA user_version")


def test_the_report_counts_what_was_written(coded: Store, tmp_path: Path) -> None:
    report = export_database(coded, tmp_path / "out.db")

    assert (5, 3, 0, 10, 1, 1) == (
        report.documents, report.annotations, report.orphaned, report.tags, report.quotes, report.actors
    )  # fmt: skip


def test_every_exported_annotation_is_the_text_at_its_offsets(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)

    pairs = rows(
        out, 'SELECT a.text, d.body, a.start, a."end" FROM annotations a JOIN documents d ON d.id = a.document_id'
    )
    assert 3 == len(pairs)
    assert all(text == body[start:end] for text, body, start, end in pairs)


def test_annotation_details_has_title_tag_path_and_speaker(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)
    title = coded.documents()[0].title

    details = rows(out, "SELECT document_title, tag_path, note, speaker FROM annotation_details ORDER BY id")

    assert [
        (title, "Accountability and blame", "first [sic] note", "Lord Warner"),
        (title, "Partnership working", "", "Lord Warner"),
        (coded.documents()[1].title, "Accountability and blame > NHS blamed", "", None),
    ] == details


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (
            "tag_actor_counts",
            [("Accountability and blame", "Lord Warner", 1), ("Partnership working", "Lord Warner", 1)],
        ),
        ("tag_cooccurrence", [("Accountability and blame", "Partnership working", 1)]),
    ],
)
def test_summary_views_count_without_joins(
    coded: Store, tmp_path: Path, view: str, expected: list[tuple[object, ...]]
) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)

    assert expected == rows(out, f"SELECT * FROM {view}")


def test_full_text_search_finds_bodies_quotes_and_notes(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)
    mentions = sum(bool(re.search(r"\bWarner\b", d.title + d.body)) for d in coded.documents())
    quoted_word = re.findall(r"[A-Za-z]{5,}", coded.quotes()[0].text)[0]
    count = "SELECT count(*) FROM {0}_fts WHERE {0}_fts MATCH ?"
    connection = sqlite3.connect(out)

    found = [
        connection.execute(count.format(table), [query]).fetchone()[0]
        for table, query in [("documents", "Warner"), ("quotes", quoted_word), ("annotations", "sic")]
    ]

    connection.close()
    assert [mentions, 1, 1] == found


def test_an_empty_store_exports(store: Store, tmp_path: Path) -> None:
    report = export_database(store, tmp_path / "out.db")

    assert (0, 0) == (report.documents, report.annotations)


def test_orphans_and_old_revisions_are_kept_apart(coded: Store, tmp_path: Path) -> None:
    first = coded.documents()[0]
    orphan = coded.annotations(first.id)[0]
    coded.orphan_annotation(orphan.id)
    out = tmp_path / "out.db"

    report = export_database(coded, out)

    assert (2, 1) == (report.annotations, report.orphaned)
    assert [(orphan.uid, first.id, orphan.text, "orphaned")] == rows(
        out, "SELECT uid, document_id, text, reason FROM orphaned_annotations"
    )


def test_the_source_database_is_never_modified(coded: Store, db_path: Path, tmp_path: Path) -> None:
    coded.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = file_hash(db_path)

    export_database(coded, tmp_path / "out.db")
    export_database(coded, tmp_path / "out.json", format="json")

    coded.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert before == file_hash(db_path)


def test_an_existing_export_is_replaced_only_with_force(coded: Store, tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    export_database(coded, out)
    before = file_hash(out)

    with pytest.raises(ExportError, match="already exists"):
        export_database(coded, out)
    assert before == file_hash(out)
    export_database(coded, out, force=True)
    assert 3 == rows(out, "SELECT count(*) FROM annotations")[0][0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"my thesis, not a database", "not a safeguard-tui export"),
        (b"", "not a safeguard-tui export"),
    ],
)
def test_force_never_replaces_a_file_that_is_not_an_export(
    coded: Store, tmp_path: Path, content: bytes, message: str
) -> None:
    out = tmp_path / "thesis.db"
    out.write_bytes(content)

    with pytest.raises(ExportError, match=message):
        export_database(coded, out, force=True)
    assert content == out.read_bytes()


def test_force_never_replaces_the_database_being_exported(coded: Store, db_path: Path) -> None:
    with pytest.raises(ExportError, match="being exported"):
        export_database(coded, db_path, force=True)


def test_a_missing_folder_is_a_clear_error(coded: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_database(coded, tmp_path / "missing" / "out.db")


def test_an_unknown_format_is_a_clear_error(coded: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export_database(coded, tmp_path / "out.xlsx", format="xlsx")


def test_a_folder_that_cannot_be_written_is_a_clear_error(
    coded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("storage.exchange.export.tempfile.mkstemp", refuse)
    before = sorted(tmp_path.iterdir())

    with pytest.raises(ExportError, match="cannot write in folder .*Permission denied"):
        export_database(coded, tmp_path / "out.db")
    assert before == sorted(tmp_path.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_read_only_folder_is_a_clear_error(coded: Store, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)

    with pytest.raises(ExportError, match="cannot write in folder"):
        export_database(coded, folder / "out.db")
    assert [] == list(folder.iterdir())


@pytest.mark.parametrize("format", ["sqlite", "csv", "json"])
def test_a_disk_that_fills_midway_leaves_nothing_behind(
    coded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format: str
) -> None:
    from storage.exchange import export

    real_write_rows = export.write_rows

    def fill_disk_at_quotes(connection: sqlite3.Connection, table: str, rows: object) -> int:
        if table == "quotes":
            raise OSError(28, "No space left on device")
        return real_write_rows(connection, table, rows)  # type: ignore[arg-type]

    out = tmp_path / "out"
    export_database(coded, out, format=format)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    monkeypatch.setattr(export, "write_rows", fill_disk_at_quotes)

    with pytest.raises(ExportError, match="No space left on device"):
        export_database(coded, out, format=format, force=True)
    assert before == sorted(p.name for p in tmp_path.rglob("*"))


def test_quotes_in_reader_comments_are_exported_with_their_comment(db_path: Path, tmp_path: Path) -> None:
    from storage.ingest.importer import import_paths

    out = tmp_path / "out.db"
    with Store.open(db_path) as store:
        import_paths(store, [Path(__file__).parent.parent / "fixtures" / "comments" / "said_on.txt"])
        export_database(store, out)

    comments = rows(out, "SELECT id, author, text FROM comments ORDER BY position")
    quoted = rows(out, 'SELECT q.comment_id, q.text, substr(c.text, q.start + 1, q."end" - q.start) FROM quotes q'
                       " JOIN comments c ON c.id = q.comment_id ORDER BY c.position")
    assert ["Greta Lindqvist", "Obi Nwankwo"] == [author for _id, author, _text in comments]
    assert [(comments[0][0], comments[0][2]), (comments[1][0], comments[1][2])] == [(c, t) for c, t, _s in quoted]
    assert all(text == span for _c, text, span in quoted)
    # Quotes in the body keep pointing into the body.
    assert rows(out, 'SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document_id WHERE q.comment_id IS NULL'
                     ' AND substr(d.body, q.start + 1, q."end" - q.start) = q.text') == rows(
        out, "SELECT count(*) FROM quotes WHERE comment_id IS NULL")
