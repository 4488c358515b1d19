"""Only our own databases (or empty ones) are opened; locks, read-only files and full disks say what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.store import DATABASE_APPLICATION_ID, DatabaseUnavailableError, Store, StoreError, WriterBusyError


def files_beside(path: Path) -> dict[str, bytes]:
    """Every file in the database's folder, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())}


def another_application_database(path: Path, *, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("wal", [False, True])
@pytest.mark.parametrize("create", [True, False])
def test_another_applications_database_is_refused_and_left_byte_for_byte(
    db_path: Path, wal: bool, create: bool
) -> None:
    another_application_database(db_path, wal=wal)
    before = files_beside(db_path)

    with pytest.raises(StoreError, match="database of another application"):
        Store.open(db_path, create=create)
    assert before == files_beside(db_path)


def test_a_database_with_another_application_id_is_refused_even_when_empty(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    before = files_beside(db_path)

    with pytest.raises(StoreError, match="another application"):
        Store.open(db_path)
    assert before == files_beside(db_path)


def test_an_export_given_as_the_database_is_refused_with_what_to_do(db_path: Path, store: Store) -> None:
    from storage.exchange.export import export_database

    export_database(store, db_path, format="sqlite")
    with pytest.raises(StoreError, match="is an export.*import-annotations"):
        Store.open(db_path)


def test_an_empty_sqlite_file_is_taken_and_marked_as_ours(db_path: Path) -> None:
    sqlite3.connect(db_path).execute("VACUUM").connection.close()
    assert db_path.stat().st_size > 0

    with Store.open(db_path) as store:
        assert DATABASE_APPLICATION_ID == store.conn.execute("PRAGMA application_id").fetchone()[0]
    with Store.open(db_path) as store:
        assert [] == store.tags()


def test_our_database_whose_tables_are_still_in_the_write_ahead_log_is_recognised(db_path: Path) -> None:
    """A copy of the app killed before a checkpoint leaves tables only in the log; it is still ours."""
    holder = Store.open(db_path)
    holder.conn.execute("PRAGMA application_id = 0")  # as before the id existed
    holder.conn.execute("PRAGMA wal_autocheckpoint = 0")
    holder.create_tag("Blame")
    try:
        with Store.open(db_path) as store:
            assert ["Blame"] == [tag.name for tag in store.tags()]
    finally:
        holder.close()


def hold_write_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_a_locked_database_is_a_store_error_that_says_what_to_do(db_path: Path) -> None:
    with Store.open(db_path) as store:
        tag = store.create_tag("Blame")
        store.conn.execute("PRAGMA busy_timeout = 50")
        store.write_wait = 0.2
        other = hold_write_lock(db_path)
        try:
            with pytest.raises(StoreError, match="another program is writing .* try again"):
                store.rename_tag(tag.id, "Fault")
        finally:
            other.rollback()
            other.close()
        assert "Blame" == store.tag(tag.id).name
        assert "Fault" == store.rename_tag(tag.id, "Fault").name


def test_a_store_that_does_not_wait_gives_up_at_once_and_an_undo_keeps_its_entry(db_path: Path) -> None:
    with Store.open(db_path) as store:
        tag = store.create_tag("Blame")
        store.write_wait = 0
        other = hold_write_lock(db_path)
        try:
            with pytest.raises(WriterBusyError, match="another program is writing to the database; nothing was"):
                store.rename_tag(tag.id, "Fault")
            with pytest.raises(WriterBusyError):
                store.undo()
            store.write_wait = 0.2
            with pytest.raises(WriterBusyError, match=r"waited 0\.\d s"):
                store.rename_tag(tag.id, "Fault")
        finally:
            other.rollback()
            other.close()
        assert "Blame" == store.tag(tag.id).name
        assert "new tag 'Blame'" == store.undo()
        assert [] == store.tags()


def test_a_full_disk_is_a_store_error_and_nothing_is_half_written(db_path: Path) -> None:
    with Store.open(db_path) as store:
        page_count = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {page_count}")
        with pytest.raises(DatabaseUnavailableError, match="disk is full"):
            store.create_tag("Blame " + "x" * 5000, color="#112233")
        assert [] == store.tags()


def pretend_unwritable(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The file reads as not writable (tests may run as root, whom file modes do not stop)."""
    import storage.store

    real_access = storage.store.os.access
    monkeypatch.setattr(
        storage.store.os, "access", lambda p, mode: False if Path(p) == path else real_access(p, mode)
    )


def test_a_read_only_database_opens_for_reading_and_refuses_writes_clearly(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as store:
        store.create_tag("Blame")
    before = db_path.read_bytes()
    pretend_unwritable(monkeypatch, db_path)

    with Store.open(db_path) as store:
        assert store.read_only
        assert ["Blame"] == [tag.name for tag in store.tags()]
        with pytest.raises(StoreError, match="read-only, so changes cannot be saved"):
            store.create_tag("Funding")
    assert before == db_path.read_bytes()


def test_a_read_only_folder_opens_the_database_read_only(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db_path) as store:
        store.create_tag("Blame")
    pretend_unwritable(monkeypatch, db_path.parent)

    with Store.open(db_path) as store:
        assert store.read_only
        assert ["Blame"] == [tag.name for tag in store.tags()]


def test_an_undo_that_failed_for_want_of_disk_space_stays_undoable(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only an undo that can never work drops its journal entry; one the disk refused can be tried again."""
    with Store.open(db_path) as store:
        tag = store.create_tag("Blame", coder="ann")
        store.rename_tag(tag.id, "Fault", coder="ann")
        real_apply = Store._apply_ops

        def disk_full(self: Store, ops: object) -> None:
            raise DatabaseUnavailableError("the disk is full")

        monkeypatch.setattr(Store, "_apply_ops", disk_full)
        with pytest.raises(DatabaseUnavailableError):
            store.undo(coder="ann")
        monkeypatch.setattr(Store, "_apply_ops", real_apply)

        assert "rename 'Blame' to 'Fault'" == store.undo(coder="ann")
        assert "Blame" == store.tag(tag.id).name
