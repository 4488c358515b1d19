"""Several coders in one database: a coder's toggle and undo touch only their own annotations."""

from __future__ import annotations

from storage.models import Article
from storage.store import Store

TEXT = "The council met on Monday. It agreed to review the budget."


def two_coders() -> tuple[Store, int, int]:
    store = Store.memory()
    document = store.add_document(Article("Council", TEXT, TEXT), "council.txt", "hash")
    tag = store.add_tag("Funding")
    store.apply_tag(document.id, tag.id, 0, 26, coder="bob")
    return store, document.id, tag.id


def test_toggling_a_span_another_coder_tagged_adds_my_own_annotation() -> None:
    store, document_id, tag_id = two_coders()

    assert store.toggle_tag(document_id, tag_id, 0, 26, coder="ann") is not None
    assert ["ann", "bob"] == sorted(a.coder for a in store.annotations())

    assert store.toggle_tag(document_id, tag_id, 0, 26, coder="ann") is None
    assert ["bob"] == [a.coder for a in store.annotations()]


def test_undo_touches_only_my_own_changes() -> None:
    store, document_id, tag_id = two_coders()
    store.apply_tag(document_id, tag_id, 27, 58, coder="ann")
    store.apply_tag(document_id, tag_id, 27, 58, coder="bob")

    assert store.undo(coder="ann") is not None
    assert [("bob", 0), ("bob", 27)] == [(a.coder, a.start) for a in store.annotations()]
    assert store.undo(coder="ann") is None
