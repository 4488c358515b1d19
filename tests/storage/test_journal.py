"""Undo and redo: every coding write is journaled with its inverse and survives a restart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage.models import Article
from storage.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent.parent
BODY = "The council failed. Ofsted said so. Staff left in droves."


@pytest.fixture
def coded(store: Store) -> tuple[Store, int, int]:
    """A store with one document and one tag."""
    document = store.add_document(Article(title="T", body=BODY, raw=BODY), "/a.txt", "h1")
    tag = store.add_tag("Blame", shortcut=1)
    return store, document.id, tag.id


def spans(store: Store, document_id: int) -> list[tuple[int, int, int, str]]:
    return [(a.tag_id, a.start, a.end, a.note) for a in store.annotations(document_id)]


def test_undo_removes_an_applied_tag_and_redo_brings_it_back(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded
    store.apply_tag(doc, tag, 0, 19, coder="ann")

    assert "tag 'Blame' on 'The council failed.'" == store.undo(coder="ann")
    assert [] == spans(store, doc)
    assert "tag 'Blame' on 'The council failed.'" == store.redo(coder="ann")
    assert [(tag, 0, 19, "")] == spans(store, doc)


def test_undo_with_nothing_to_undo_returns_none(store: Store) -> None:
    assert None is store.undo(coder="ann")
    assert None is store.redo(coder="ann")


def test_toggle_applies_then_removes_the_same_span(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded

    store.toggle_tag(doc, tag, 20, 35, coder="ann")
    assert [(tag, 20, 35, "")] == spans(store, doc)
    assert None is store.toggle_tag(doc, tag, 20, 35, coder="ann")
    assert [] == spans(store, doc)
    store.undo(coder="ann")
    assert [(tag, 20, 35, "")] == spans(store, doc)


def test_notes_and_deletions_undo_in_reverse_order(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded
    annotation = store.apply_tag(doc, tag, 0, 19, coder="ann")
    store.edit_note(annotation.id, "first", coder="ann")
    store.edit_note(annotation.id, "second", coder="ann")
    store.remove_annotation(store.annotations(doc)[0].id, coder="ann")

    store.undo(coder="ann")
    assert [(tag, 0, 19, "second")] == spans(store, doc)
    store.undo(coder="ann")
    assert [(tag, 0, 19, "first")] == spans(store, doc)
    store.undo(coder="ann")
    store.undo(coder="ann")
    assert [] == spans(store, doc)
    for _ in range(4):
        store.redo(coder="ann")
    assert [] == spans(store, doc)
    assert None is store.redo(coder="ann")


def test_a_new_change_after_undo_ends_the_redo_chain(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded
    store.apply_tag(doc, tag, 0, 19, coder="ann")
    store.undo(coder="ann")
    store.apply_tag(doc, tag, 20, 35, coder="ann")

    assert None is store.redo(coder="ann")
    assert [(tag, 20, 35, "")] == spans(store, doc)


def test_each_coder_undoes_only_their_own_changes(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded
    store.apply_tag(doc, tag, 0, 19, coder="ann")
    store.apply_tag(doc, tag, 20, 35, coder="bob")

    store.undo(coder="ann")

    assert [(tag, 20, 35, "")] == spans(store, doc)


def test_undo_history_survives_closing_and_reopening_the_database(db_path: Path) -> None:
    with Store.open(db_path) as store:
        document = store.add_document(Article(title="T", body=BODY, raw=BODY), "/a.txt", "h1")
        tag = store.add_tag("Blame")
        store.apply_tag(document.id, tag.id, 0, 19, coder="ann")
        store.apply_tag(document.id, tag.id, 20, 35, coder="ann")
        store.undo(coder="ann")

    with Store.open(db_path) as store:
        store.redo(coder="ann")
        store.undo(coder="ann")
        store.undo(coder="ann")
        assert [] == store.annotations(document.id)
        store.redo(coder="ann")
        assert [(0, 19)] == [(a.start, a.end) for a in store.annotations(document.id)]


def test_undo_of_a_change_someone_else_removed_is_refused_and_dropped(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded
    annotation = store.apply_tag(doc, tag, 0, 19, coder="ann")
    store.remove_annotation(annotation.id, coder="bob")

    with pytest.raises(StoreError, match="cannot undo tag 'Blame'"):
        store.undo(coder="ann")
    assert None is store.undo(coder="ann")


def test_a_failed_write_leaves_no_journal_entry(coded: tuple[Store, int, int]) -> None:
    store, doc, tag = coded

    with pytest.raises(StoreError):
        store.apply_tag(doc, tag, 10, 10_000, coder="ann")

    assert None is store.undo(coder="ann")


def test_two_stores_on_one_file_interleave_writes_without_losing_any(db_path: Path) -> None:
    first = Store.open(db_path)
    document = first.add_document(Article(title="T", body=BODY, raw=BODY), "/a.txt", "h1")
    tag = first.add_tag("Blame")
    second = Store.open(db_path)

    first.apply_tag(document.id, tag.id, 0, 19, coder="ann")
    second.apply_tag(document.id, tag.id, 20, 35, coder="bob")
    first.apply_tag(document.id, tag.id, 36, 57, coder="ann")
    second.edit_note(first.annotations(document.id)[0].id, "seen", coder="bob")
    first.undo(coder="ann")

    expected = [(0, 19, "seen"), (20, 35, "")]
    assert expected == [(a.start, a.end, a.note) for a in first.annotations(document.id)]
    assert expected == [(a.start, a.end, a.note) for a in second.annotations(document.id)]
    assert {document.id: 2} == {s.id: s.annotation_count for s in second.document_summaries()}
    first.close()
    second.close()


def test_a_second_store_in_one_process_keeps_the_first_ones_writes_visible_to_other_processes(
    db_path: Path,
) -> None:
    """Opening the file by hand would drop this process's SQLite locks and let another process delete the WAL."""
    first = Store.open(db_path)
    first.set_state("before", 1)
    Store.open(db_path).close()
    read = "import sys; from storage.store import Store; print(Store.open(sys.argv[1]).get_state('after'))"
    subprocess.run([sys.executable, "-c", read, str(db_path)], check=True, cwd=ROOT, capture_output=True)

    first.set_state("after", 2)
    seen = subprocess.run([sys.executable, "-c", read, str(db_path)], check=True, cwd=ROOT, capture_output=True, text=True)

    assert "2" == seen.stdout.strip()
    first.close()
