"""Memos travel: the SQLite export holds them, import-annotations brings them back without overwriting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import ExportError, export_database
from storage.models import Article, MemoSubject
from storage.store import Store

BODY = "The council failed. Inspectors said so. Staff left in droves."
PROJECT = MemoSubject("project")


@pytest.fixture
def memoed(store: Store) -> Store:
    document = store.add_document(Article(title="Council fails", body=BODY, raw=BODY), "/a.txt", "h1")
    store.add_document(Article(title="Quiet day", body="Nothing [sic] happened.", raw="x"), "/b.txt", "h2")
    tag = store.create_tag("Blame")
    actor_id = store.actor_for_name("Ann Pryce", "person")
    store.save_memo(PROJECT, "Who is blamed,\nand by whom?")
    store.save_memo(MemoSubject("document", document.id), "Check the [bold]date[/bold].")
    store.save_memo(MemoSubject("tag", tag.id), "Someone is held responsible.")
    store.save_memo(MemoSubject("actor", actor_id), "Council leader.")
    return store


def memo_texts(store: Store) -> list[tuple[str, str, str]]:
    return sorted((memo.subject.kind, memo.label, memo.text) for memo in store.memos())


def test_the_export_holds_memos_and_descriptions(memoed: Store, tmp_path: Path) -> None:
    out = tmp_path / "export.db"
    export_database(memoed, out)
    connection = sqlite3.connect(out)
    try:
        memos = connection.execute(
            "SELECT m.scope, d.title, m.text FROM memos m LEFT JOIN documents d ON d.id = m.document_id ORDER BY m.id"
        ).fetchall()
        actors = connection.execute("SELECT name, description FROM actors WHERE description <> ''").fetchall()
        found = connection.execute("SELECT text FROM memos_fts WHERE memos_fts MATCH 'blamed'").fetchall()
    finally:
        connection.close()
    assert [("project", None, "Who is blamed,\nand by whom?"),
            ("document", "Council fails", "Check the [bold]date[/bold].")] == memos
    assert [("Ann Pryce", "Council leader.")] == actors
    assert [("Who is blamed,\nand by whom?",)] == found


def test_the_csv_export_has_a_memos_file(memoed: Store, tmp_path: Path) -> None:
    export_database(memoed, tmp_path / "out", format="csv")
    assert "id,scope,document_id,text,updated" == (tmp_path / "out" / "memos.csv").read_text().splitlines()[0]


def test_a_fresh_database_gets_every_memo_back_once(memoed: Store, tmp_path: Path) -> None:
    out = tmp_path / "export.db"
    export_database(memoed, out)
    fresh = Store.memory()

    first = import_annotations(fresh, out)
    second = import_annotations(fresh, out)

    assert memo_texts(memoed) == memo_texts(fresh)
    assert (3, 0) == (first.memos_added, first.memos_kept)  # the tag came with its description
    assert (0, 0) == (second.memos_added, second.memos_kept)


def test_memos_written_here_are_kept(memoed: Store, tmp_path: Path) -> None:
    out = tmp_path / "export.db"
    export_database(memoed, out)
    memoed.save_memo(PROJECT, "My own question")

    report = import_annotations(memoed, out)

    assert "My own question" == memoed.memo_text(PROJECT)
    assert (0, 1) == (report.memos_added, report.memos_kept)


def test_a_memo_on_a_document_the_export_lacks_is_refused(memoed: Store, tmp_path: Path) -> None:
    out = tmp_path / "export.db"
    export_database(memoed, out)
    connection = sqlite3.connect(out)
    connection.execute("UPDATE memos SET document_id = 999 WHERE scope = 'document'")
    connection.commit()
    connection.close()

    with pytest.raises(ExportError, match="row 2 of memos is neither the project's nor a document's"):
        import_annotations(Store.memory(), out)
