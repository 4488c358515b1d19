"""Tag management: create, rename, recolour, shortcuts, hierarchy, merge, delete; each undoable."""

from __future__ import annotations

import pytest

from storage.models import Article
from storage.store import Store, StoreError

BODY = "The council failed. Ofsted said so. Staff left in droves."


@pytest.fixture
def doc(store: Store) -> int:
    return store.add_document(Article(title="T", body=BODY, raw=BODY), "/a.txt", "h1").id


def names(store: Store) -> list[str]:
    return sorted(tag.name for tag in store.tags())


def test_create_tag_is_undoable(store: Store) -> None:
    store.create_tag("Blame", color="#ff0000", shortcut=3, coder="ann")
    assert ["Blame"] == names(store)

    store.undo(coder="ann")
    assert [] == names(store)
    store.redo(coder="ann")
    assert (3, "#ff0000") == (store.tags()[0].shortcut, store.tags()[0].color)


@pytest.mark.parametrize("name", ["", "   ", "\x1b\x07"])
def test_rename_refuses_an_empty_name(store: Store, name: str) -> None:
    tag = store.create_tag("Blame")
    with pytest.raises(StoreError, match="needs a name"):
        store.rename_tag(tag.id, name)


def test_rename_refuses_a_name_taken_by_another_tag(store: Store) -> None:
    store.create_tag("Blame")
    other = store.create_tag("Funding")
    with pytest.raises(StoreError, match="already a tag called 'Blame'"):
        store.rename_tag(other.id, "blame")


def test_rename_strips_control_characters_and_undoes(store: Store) -> None:
    tag = store.create_tag("Blame", coder="ann")

    assert "Who is blamed" == store.rename_tag(tag.id, "Who\x07 is\tblamed", coder="ann").name
    store.undo(coder="ann")
    assert "Blame" == store.tag(tag.id).name


@pytest.mark.parametrize("color", ["@click=app.quit", "red on @click=app.bell", "#12345", "#gggggg", ""])
def test_recolor_refuses_what_is_not_a_colour(store: Store, color: str) -> None:
    tag = store.create_tag("Blame")
    with pytest.raises(StoreError, match="is not a colour"):
        store.recolor_tag(tag.id, color)
    assert "#888888" == store.tag(tag.id).color


@pytest.mark.parametrize(("color", "stored"), [("Teal", "#008080"), ("#ABC", "#aabbcc"), ("rebeccapurple", "#663399")])
def test_recolor_takes_colour_names_and_short_hex_and_stores_hex(store: Store, color: str, stored: str) -> None:
    tag = store.create_tag("Blame")
    assert stored == store.recolor_tag(tag.id, color).color


def test_a_new_tag_with_a_style_for_a_colour_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="is not a colour"):
        store.create_tag("Blame", color="@click=app.quit")
    assert [] == store.tags()


def test_moving_a_tag_under_a_loop_of_parents_is_refused_not_endless(store: Store) -> None:
    first, second, third = (store.create_tag(name) for name in ("Blame", "Funding", "Policy"))
    with store.atomic():
        store.set_tag_parent(first.id, second.id)
        store.set_tag_parent(second.id, first.id)

    with pytest.raises(StoreError, match="each other's parents"):
        store.move_tag(third.id, first.id)
    assert store.tag(third.id).parent_id is None


def test_recolor_stores_lowercase_hex(store: Store) -> None:
    tag = store.create_tag("Blame")
    assert "#abcdef" == store.recolor_tag(tag.id, " #ABCDEF ").color


def test_a_shortcut_moves_from_the_tag_that_held_it_and_undo_gives_it_back(store: Store) -> None:
    first = store.create_tag("Blame", shortcut=1)
    second = store.create_tag("Funding", shortcut=2)

    store.set_tag_shortcut(second.id, 1, coder="ann")
    assert (None, 1) == (store.tag(first.id).shortcut, store.tag(second.id).shortcut)

    store.undo(coder="ann")
    assert (1, 2) == (store.tag(first.id).shortcut, store.tag(second.id).shortcut)


@pytest.mark.parametrize("shortcut", [0, 10])
def test_a_shortcut_is_a_digit_key(store: Store, shortcut: int) -> None:
    tag = store.create_tag("Blame")
    with pytest.raises(StoreError, match="1 to 9"):
        store.set_tag_shortcut(tag.id, shortcut)


def test_move_tag_under_a_parent_and_back(store: Store) -> None:
    parent = store.create_tag("People")
    child = store.create_tag("Managers")

    assert parent.id == store.move_tag(child.id, parent.id, coder="ann").parent_id
    assert None is store.move_tag(child.id, None, coder="ann").parent_id
    store.undo(coder="ann")
    assert parent.id == store.tag(child.id).parent_id


def test_a_tag_cannot_move_under_its_own_descendant(store: Store) -> None:
    top = store.create_tag("Top")
    middle = store.create_tag("Middle", parent_id=top.id)
    with pytest.raises(StoreError, match="cannot go under itself"):
        store.move_tag(top.id, middle.id)
    with pytest.raises(StoreError, match="cannot go under itself"):
        store.move_tag(top.id, top.id)


def test_merge_moves_annotations_and_children_and_undo_restores_everything(store: Store, doc: int) -> None:
    source = store.create_tag("Blame", shortcut=1)
    target = store.create_tag("Accountability")
    child = store.create_tag("Managers", parent_id=source.id)
    store.apply_tag(doc, source.id, 0, 19)
    store.apply_tag(doc, source.id, 20, 35)
    store.apply_tag(doc, target.id, 20, 35)

    assert 1 == store.merge_tags(source.id, target.id, coder="ann")
    assert ["Accountability", "Managers"] == names(store)
    assert [(target.id, 0, 19), (target.id, 20, 35)] == [(a.tag_id, a.start, a.end) for a in store.annotations(doc)]
    assert target.id == store.tag(child.id).parent_id

    store.undo(coder="ann")
    assert ["Accountability", "Blame", "Managers"] == names(store)
    assert 1 == store.tag(source.id).shortcut
    assert source.id == store.tag(child.id).parent_id
    assert [(source.id, 0, 19), (source.id, 20, 35), (target.id, 20, 35)] == sorted(
        (a.tag_id, a.start, a.end) for a in store.annotations(doc)
    )


def test_merge_into_itself_is_refused(store: Store) -> None:
    tag = store.create_tag("Blame")
    with pytest.raises(StoreError, match="two different tags"):
        store.merge_tags(tag.id, tag.id)


def test_delete_tag_counts_and_removes_its_annotations_and_undo_restores_them(store: Store, doc: int) -> None:
    parent = store.create_tag("People")
    tag = store.create_tag("Blame", parent_id=parent.id)
    child = store.create_tag("Managers", parent_id=tag.id)
    store.apply_tag(doc, tag.id, 0, 19, coder="ann")
    store.apply_tag(doc, tag.id, 20, 35, coder="ann")
    assert 2 == store.tag_usage(tag.id)

    assert 2 == store.delete_tag(tag.id, coder="ann")
    assert [] == store.annotations(doc)
    assert parent.id == store.tag(child.id).parent_id

    assert "delete tag 'Blame' and its 2 annotations" == store.undo(coder="ann")
    assert [(0, 19), (20, 35)] == [(a.start, a.end) for a in store.annotations(doc)]
    assert tag.id == store.tag(child.id).parent_id


def test_tag_counts_split_this_document_from_the_corpus(store: Store, doc: int) -> None:
    other = store.add_document(Article(title="U", body=BODY, raw=BODY), "/b.txt", "h2").id
    tag = store.create_tag("Blame")
    unused = store.create_tag("Funding")
    store.apply_tag(doc, tag.id, 0, 19)
    store.apply_tag(other, tag.id, 0, 19)
    store.apply_tag(other, tag.id, 20, 35)

    assert {tag.id: (1, 3), unused.id: (0, 0)} == store.tag_counts(doc)
