"""The document list's total is kept by triggers: it always equals a count of the current documents."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from storage.migrations import MIGRATIONS, count_current_documents
from storage.models import Article
from storage.store import Store


def counted(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL").fetchone()[0])


def add(store: Store, name: str, body: str) -> None:
    store.add_document(Article(title=name.title(), body=body, raw=body), f"{name}.txt", f"hash-{name}-{body}")


def test_new_documents_and_revisions_keep_the_total_right() -> None:
    store = Store.memory()
    assert 0 == store.document_count()
    add(store, "harbour", "The wall cracked.")
    add(store, "ferry", "The ferry was late.")
    add(store, "harbour", "The wall cracked again.")  # a revision replaces, it does not add

    assert 2 == counted(store) == store.document_count()


def test_a_deleted_document_leaves_the_total() -> None:
    store = Store.memory()
    add(store, "harbour", "The wall cracked.")
    add(store, "ferry", "The ferry was late.")
    with store.db.atomic():
        store.conn.execute("DELETE FROM documents WHERE title = 'Ferry'")

    assert 1 == counted(store) == store.document_count()


def test_an_older_database_gets_its_documents_counted(db_path: Path) -> None:
    db = Database(db_path)
    for number, step in enumerate(MIGRATIONS[: MIGRATIONS.index(count_current_documents)], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    for number, superseded_by in enumerate((None, None, 1, None), start=1):
        db.execute(
            "INSERT INTO documents (slug, source_file, content_hash, title, body, raw, imported, superseded_by)"
            " VALUES (?, ?, ?, 'Story', 'A story.', '', '2026-01-01', ?)",
            [f"story-{number}", f"{number}.txt", f"hash-{number}", superseded_by],
        )
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        assert 3 == store.document_count()
        add(store, "river", "The river rose.")
        assert 4 == counted(store) == store.document_count()


def test_a_filter_still_counts_what_matches() -> None:
    store = Store.memory()
    add(store, "harbour", "The wall cracked.")
    add(store, "ferry", "The ferry was late.")

    assert 1 == store.document_count("harb")
