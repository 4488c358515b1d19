"""Annotations on reader comments: stored against the comment, exported, re-anchored and imported with it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.exchange.annotation_import import import_annotations
from storage.exchange.export import export_database
from storage.ingest.importer import import_paths
from storage.store import Store, StoreError

FIXTURE = Path(__file__).parent.parent / "fixtures" / "comments" / "said_on.txt"


@pytest.fixture
def commented(db_path: Path) -> Store:
    store = Store.open(db_path)
    import_paths(store, [FIXTURE])
    return store


def test_a_tag_on_a_comment_keeps_the_comment_and_its_text(commented: Store) -> None:
    tag = commented.add_tag("Warm spaces")
    second = commented.comments(1)[1]

    annotation = commented.apply_tag(1, tag.id, 0, 10, comment_id=second.id)

    assert (second.id, "Volunteers") == (annotation.comment_id, annotation.text)
    assert None is commented.toggle_tag(1, tag.id, 0, 10, comment_id=second.id)
    assert [] == commented.annotations(1)


def test_a_span_outside_the_comment_or_a_comment_of_another_document_is_refused(commented: Store) -> None:
    tag = commented.add_tag("Warm spaces")
    first = commented.comments(1)[0]
    with pytest.raises(StoreError, match="outside the comment"):
        commented.apply_tag(1, tag.id, 0, len(first.text) + 1, comment_id=first.id)
    with pytest.raises(StoreError, match="has no comment"):
        commented.apply_tag(1, tag.id, 0, 3, comment_id=999)


def test_comment_annotations_are_exported_anchored_and_come_back_on_import(commented: Store, tmp_path: Path) -> None:
    tag = commented.add_tag("Warm spaces")
    first = commented.comments(1)[0]
    commented.apply_tag(1, tag.id, 4, 10, comment_id=first.id, note="libraries as shelter")
    out = tmp_path / "out.db"
    export_database(commented, out)

    connection = sqlite3.connect(out)
    exported = connection.execute(
        'SELECT a.text, substr(c.text, a.start + 1, a."end" - a.start), c.author FROM annotations a'
        " JOIN comments c ON c.id = a.comment_id"
    ).fetchall()
    connection.close()
    assert [("branch", "branch", "Greta Lindqvist")] == exported

    other = Store.memory()
    import_paths(other, [FIXTURE])
    import_annotations(other, out)
    [placed] = other.annotations(1)
    assert (other.comments(1)[0].id, "branch", "libraries as shelter") == (placed.comment_id, placed.text, placed.note)


def test_a_comment_annotation_follows_its_comment_into_a_new_revision(commented: Store, tmp_path: Path) -> None:
    tag = commented.add_tag("Warm spaces")
    first = commented.comments(1)[0]
    commented.apply_tag(1, tag.id, 4, 10, comment_id=first.id)
    changed = tmp_path / FIXTURE.name
    changed.write_text(FIXTURE.read_text(encoding="utf-8").replace("Opening hours", "The opening hours"), encoding="utf-8")
    commented.db.execute("UPDATE documents SET source_file = ?", [str(changed)])
    commented.db.conn.commit()

    import_paths(commented, [changed])

    current = commented.current_revision(1)
    [moved] = commented.annotations(current.id)
    assert (commented.comments(current.id)[0].id, "branch") == (moved.comment_id, moved.text)


def test_a_split_leaves_a_comment_quote_with_its_commenter(commented: Store) -> None:
    """A reader comment's speaker is its author: a split refuses to move it, and nothing changes."""
    [quote, *_] = [quote for quote in commented.quotes() if quote.comment_id is not None]
    assert quote.speaker_id is not None

    with pytest.raises(StoreError, match="commenter"):
        commented.split_actor(quote.speaker_id, quote_ids=[quote.id], name="Someone Else")

    assert quote.speaker_id == commented.quote(quote.id).speaker_id
    assert [] == commented.quote_corrections()
