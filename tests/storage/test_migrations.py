"""Migrations bring any older database forward and refuse newer ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from storage.migrations import MIGRATIONS, SCHEMA_VERSION, mark_as_ours, migrate, repair_tag_colors, schema_version
from storage.models import Article
from storage.store import DATABASE_APPLICATION_ID, Store, StoreError


def test_a_new_store_is_at_the_current_version(store: Store) -> None:
    assert SCHEMA_VERSION == schema_version(store.conn)
    assert {"documents", "comments", "actors", "actor_aliases", "quotes", "tags", "annotations"} <= set(
        store.db.table_names()
    )


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_every_older_version_migrates_forward_keeping_its_data(db_path: Path, version: int) -> None:
    db = Database(db_path)
    for number, step in enumerate(MIGRATIONS[:version], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    db.execute("INSERT INTO tags (name, color) VALUES ('Funding', '#e5c07b')")
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        assert SCHEMA_VERSION == schema_version(store.conn)
        assert ["Funding"] == [tag.name for tag in store.tags()]


def test_migrating_twice_does_nothing(store: Store) -> None:
    assert 0 == migrate(store.db)


def test_a_newer_database_is_refused_untouched(db_path: Path) -> None:
    db = Database(db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    before = db_path.read_bytes()

    with pytest.raises(StoreError, match="newer than this app"):
        Store.open(db_path)
    assert before == db_path.read_bytes()


def test_a_failing_step_rolls_back_completely(monkeypatch: pytest.MonkeyPatch) -> None:
    db = Database(memory=True)

    def broken(db: Database) -> None:
        db.execute("CREATE TABLE half (x)")
        raise RuntimeError("step failed")

    monkeypatch.setattr("storage.migrations.MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr("storage.migrations.SCHEMA_VERSION", SCHEMA_VERSION + 1)

    with pytest.raises(RuntimeError):
        migrate(db)
    assert SCHEMA_VERSION == schema_version(db.conn)
    assert "half" not in db.table_names()


def database_at(db_path: Path, version: int) -> Database:
    """A database brought up to ``version`` by the steps themselves, as an older app left it."""
    db = Database(db_path)
    for number, step in enumerate(MIGRATIONS[:version], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {number}")
    return db


def test_a_style_stored_as_a_tag_colour_is_repaired_by_migration(db_path: Path) -> None:
    db = database_at(db_path, MIGRATIONS.index(repair_tag_colors))
    db.execute("INSERT INTO tags (name, color) VALUES ('Quits', '@click=app.quit')")
    db.execute("INSERT INTO tags (name, color) VALUES ('Named', 'Teal')")
    db.execute("INSERT INTO tags (name, color) VALUES ('Fine', '#e5c07b')")
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        assert {"Quits": "#888888", "Named": "#008080", "Fine": "#e5c07b"} == {t.name: t.color for t in store.tags()}


def test_an_older_database_of_ours_gets_our_application_id(db_path: Path) -> None:
    db = database_at(db_path, MIGRATIONS.index(mark_as_ours))
    db.close()

    with Store.open(db_path) as store:
        assert DATABASE_APPLICATION_ID == store.conn.execute("PRAGMA application_id").fetchone()[0]


def test_actors_from_before_linking_get_blocking_keys_and_keep_their_names(db_path: Path) -> None:
    from storage.migrations import add_actor_linking

    db = database_at(db_path, MIGRATIONS.index(add_actor_linking))
    db.execute("INSERT INTO actors (id, name, kind, role) VALUES (7, 'Tony Brackwell', 'person', 'mayor')")
    db.execute("INSERT INTO actor_aliases (actor_id, alias) VALUES (7, 'Tony Brackwell'), (7, 'Mr Brackwell')")
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        assert {"Tony Brackwell", "Mr Brackwell"} == set(store.actor(7).aliases)
        assert [7] == store.actors_with_key("person:name:anthony brackwell", 2)
        assert 7 == store.actor_for_name("mr brackwell", "person")


def test_speaker_pins_become_speaker_corrections_and_their_undo_follows(db_path: Path) -> None:
    import json

    from storage.migrations import move_speaker_pins_to_corrections

    body = '"The tide is late," said the harbour master. Piers Vell said "the boats wait".'
    db = database_at(db_path, MIGRATIONS.index(move_speaker_pins_to_corrections))
    db.execute(
        "INSERT INTO documents (id, slug, source_file, content_hash, body, raw, imported)"
        " VALUES (1, 'tide', 'tide.txt', 'h', ?, ?, 'now')",
        [body, body],
    )
    db.execute("INSERT INTO actors (id, name, kind, role, curated) VALUES (3, 'Harwick Harbour Board', 'organisation', '', 1)")
    db.execute("INSERT INTO actor_aliases (id, actor_id, alias, pinned) VALUES (1, 3, 'Harwick Harbour Board', 1)")
    db.execute('INSERT INTO quotes (document_id, start, "end", text, speaker_id, kind, cue) VALUES (1, 0, 20, ?, 3, ?, ?)',
               [body[0:20], "direct", "said"])
    db.execute('INSERT INTO speaker_pins (id, document_id, start, "end", actor_id) VALUES (5, 1, 0, 20, 3)')
    pin = {"kind": "insert", "table": "speaker_pins", "row": {"id": 5, "document_id": 1, "comment_id": None,
                                                              "start": 0, "end": 20, "actor_id": 3}, "before": None}
    db.execute("INSERT INTO journal (action, payload, created) VALUES ('split', ?, 'now')", [json.dumps([pin])])
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        [correction] = store.quote_corrections(1)
        assert ("speaker", 0, 20, body[0:20]) == (correction.action, correction.start, correction.end, correction.text)
        assert ("Harwick Harbour Board", "organisation") == (correction.speaker, correction.speaker_kind)
        assert "speaker_pins" not in store.db.table_names()
        store.reapply_corrections(1)
        assert [3] == [quote.speaker_id for quote in store.quotes(1)]
        assert store.undo() is not None
        assert [] == store.quote_corrections(1)


def test_an_own_section_attribute_is_kept_renamed_and_fills_the_empty_built_in_section(db_path: Path) -> None:
    from storage.migrations import make_section_built_in

    with Store.open(db_path) as store:
        first = store.add_document(Article("Ferry fares rise", "Fares rise.", ""), "/news/1.txt", "one")
        second = store.add_document(Article("Council vote", "A vote.", "", section="NEWS; Pg. 7"), "/news/2.txt", "two")
        own = store.define_attribute("placeholder", "text")
        assert own.id is not None
    db = Database(db_path)
    # As an older app left it: the own attribute was allowed then, and the built-in did not exist.
    db.execute("UPDATE attributes SET name = 'Section' WHERE id = ?", [own.id])
    db.execute("INSERT INTO document_attributes (document_id, attribute_id, value) VALUES (?, ?, 'Transport'),"
               " (?, ?, 'Local')", [first.id, own.id, second.id, own.id])
    db.execute(f"PRAGMA user_version = {MIGRATIONS.index(make_section_built_in)}")
    db.conn.commit()
    db.close()

    with Store.open(db_path) as store:
        assert ["section_own"] == [attribute.name for attribute in store.attributes()]
        assert {"section": "Transport", "section_own": "Transport"}.items() <= store.document_attributes(first.id).items()
        assert {"section": "NEWS; Pg. 7", "section_own": "Local"}.items() <= store.document_attributes(second.id).items()
        assert [first.id] == store.documents_matching("section:transport")
