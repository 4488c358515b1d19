"""Memos: the project's, each document's, and tag and actor descriptions; journaled, amended per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.models import Article, MemoSubject
from storage.store import Store, StoreError

BODY = "The council failed. Inspectors said so. Staff left in droves."
PROJECT = MemoSubject("project")


@pytest.fixture
def document(store: Store) -> int:
    return store.add_document(Article(title="Council fails", body=BODY, raw=BODY), "/a.txt", "h1").id


def test_a_project_memo_is_saved_undone_and_redone(store: Store) -> None:
    store.save_memo(PROJECT, "Research question:\nwho is blamed?", coder="ann")

    assert "Research question:\nwho is blamed?" == store.memo_text(PROJECT)
    assert "project memo" == store.undo(coder="ann")
    assert "" == store.memo_text(PROJECT)
    assert "project memo" == store.redo(coder="ann")
    assert "Research question:\nwho is blamed?" == store.memo_text(PROJECT)


def test_saves_of_one_session_are_one_undo_step(store: Store, document: int) -> None:
    subject = MemoSubject("document", document)
    store.save_memo(subject, "before", coder="ann")
    entry = store.save_memo(subject, "Draft", coder="ann")
    assert entry == store.save_memo(subject, "Draft, then more", coder="ann", amend=entry)
    assert entry == store.save_memo(subject, "Draft, then more and more", coder="ann", amend=entry)

    assert "memo on 'Council fails'" == store.undo(coder="ann")
    assert "before" == store.memo_text(subject)
    store.redo(coder="ann")
    assert "Draft, then more and more" == store.memo_text(subject)


def test_a_new_memo_amended_then_undone_leaves_none(store: Store) -> None:
    entry = store.save_memo(PROJECT, "a", coder="ann")
    store.save_memo(PROJECT, "ab", coder="ann", amend=entry)

    store.undo(coder="ann")
    assert "" == store.memo_text(PROJECT)
    assert [] == store.memos()


def test_an_amend_after_another_change_starts_a_new_entry(store: Store) -> None:
    entry = store.save_memo(PROJECT, "one", coder="ann")
    tag = store.create_tag("Blame", coder="ann")
    later = store.save_memo(PROJECT, "one two", coder="ann", amend=entry)

    assert later != entry
    store.undo(coder="ann")
    assert "one" == store.memo_text(PROJECT)
    assert tag == store.tag(tag.id)


def test_a_document_memo_follows_the_document_into_a_new_revision(store: Store, document: int) -> None:
    store.save_memo(MemoSubject("document", document), "Check the date", coder="ann")
    revised = store.add_document(Article(title="Council fails", body=BODY + " More.", raw=BODY), "/a.txt", "h2")
    with store.atomic():
        store.conn.execute("UPDATE documents SET superseded_by = ? WHERE id = ?", [revised.id, document])

    assert "Check the date" == store.memo_text(MemoSubject("document", revised.id))
    assert [("Council fails", "Check the date")] == [(m.label, m.text) for m in store.memos()]


def test_tag_and_actor_descriptions_are_journaled_and_listed(store: Store) -> None:
    tag = store.create_tag("Blame", coder="ann")
    actor_id = store.actor_for_name("Ann Pryce", "person")
    store.save_memo(MemoSubject("tag", tag.id), "Someone is held responsible.", coder="ann")
    store.save_memo(MemoSubject("actor", actor_id), "Council leader, 2014.", coder="ann")

    assert "Someone is held responsible." == store.tag(tag.id).description
    assert store.actor(actor_id).curated  # re-extraction keeps a described actor
    assert [("tag", "Blame"), ("actor", "Ann Pryce")] == [(m.subject.kind, m.label) for m in store.memos()]
    store.clear_extraction()
    assert "Council leader, 2014." == store.actor(actor_id).description
    store.undo(coder="ann")
    assert "" == store.actor(actor_id).description


def test_control_characters_are_dropped_and_lines_kept(store: Store) -> None:
    store.save_memo(PROJECT, "one\x1b[31m\n\ttwo  ", coder="ann")
    assert "one[31m\n\ttwo" == store.memo_text(PROJECT)


def test_an_unchanged_memo_adds_no_journal_entry(store: Store) -> None:
    store.save_memo(PROJECT, "same", coder="ann")
    assert None is store.save_memo(PROJECT, "same", coder="ann")
    store.undo(coder="ann")
    assert None is store.undo(coder="ann")


def test_a_memo_on_a_missing_document_is_refused(store: Store) -> None:
    with pytest.raises(KeyError):
        store.save_memo(MemoSubject("document", 99), "x", coder="ann")
    with pytest.raises(StoreError):
        store.save_memo(MemoSubject("quote", 1), "x", coder="ann")


def test_an_imported_memo_never_replaces_one_written_here(store: Store) -> None:
    assert store.import_memo(PROJECT, "from a colleague")
    assert not store.import_memo(PROJECT, "another")
    assert "from a colleague" == store.memo_text(PROJECT)


def test_memos_and_undo_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "memos.db"
    with Store.open(path) as store:
        entry = store.save_memo(PROJECT, "first", coder="ann")
        store.save_memo(PROJECT, "first and second", coder="ann", amend=entry)
    with Store.open(path) as store:
        assert "first and second" == store.memo_text(PROJECT)
        store.undo(coder="ann")
        assert "" == store.memo_text(PROJECT)
