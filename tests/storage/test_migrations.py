"""Migrations bring any older database forward and refuse newer ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from storage.migrations import MIGRATIONS, SCHEMA_VERSION, mark_as_ours, migrate, repair_tag_colors, schema_version
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
