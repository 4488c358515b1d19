"""The command line with a database that is not ours, locked or read-only: one line on stderr, exit 2."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.store import Store
from tui.__main__ import main

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = Path(__file__).parent / "gold" / "seeds.json"

COMMANDS = [
    [],
    ["import", str(FIXTURES / "wire_story.txt")],
    ["export", "out.db"],
    ["import-annotations", "export.db"],
    ["search", "council"],
    ["reextract"],
    ["evaluate", str(GOLD)],
]


def files_beside(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda argv: argv[0] if argv else "app")
def test_every_command_refuses_another_applications_database_leaving_it_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "theirs"
    folder.mkdir()
    theirs = folder / "browser-history.sqlite"
    conn = sqlite3.connect(theirs)
    conn.execute("CREATE TABLE visits (url TEXT, visited TEXT)")
    conn.execute("INSERT INTO visits VALUES ('https://example.org', '2026-01-01')")
    conn.commit()
    conn.close()
    before = files_beside(theirs)

    assert 2 == main(["--db", str(theirs), *command])

    assert before == files_beside(theirs)
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "is the database of another application" in err


def test_a_locked_database_is_one_line_and_exit_2(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(db_path).close()
    real_configure = Store.configure

    def configure_impatient(store: Store) -> None:
        real_configure(store)
        store.conn.execute("PRAGMA busy_timeout = 50")

    monkeypatch.setattr(Store, "configure", configure_impatient)
    monkeypatch.setattr("tui.__main__.WRITE_WAIT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert 2 == main(["--db", str(db_path), "import", str(FIXTURES / "wire_story.txt")])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "another program is writing to the database" in err and "try again" in err


def test_a_full_disk_is_one_line_and_exit_2(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(db_path).close()
    real_configure = Store.configure

    def configure_with_no_room(store: Store) -> None:
        real_configure(store)
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(Store, "configure", configure_with_no_room)
    long_article = db_path.parent / "long.txt"
    long_article.write_text("A long report\n\n" + "The council met again today to discuss the budget. " * 2000)

    assert 2 == main(["--db", str(db_path), "import", str(long_article)])
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "disk is full" in err


def test_a_read_only_database_can_be_searched_and_exported_but_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    db_path = tmp_path / "library" / "shared.db"
    db_path.parent.mkdir()
    assert 0 == main(["--db", str(db_path), "import", str(FIXTURES / "wire_story.txt")])
    before = db_path.read_bytes()
    real_access = __import__("os").access
    monkeypatch.setattr(
        "storage.store.os.access", lambda p, mode: False if Path(p) == db_path.parent else real_access(p, mode)
    )
    capsys.readouterr()

    assert 0 == main(["--db", str(db_path), "search", "said"])
    assert 0 == main(["--db", str(db_path), "export", str(tmp_path / "out.db")])
    assert (tmp_path / "out.db").exists()
    capsys.readouterr()
    assert 2 == main(["--db", str(db_path), "reextract"])
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert "read-only" in err
    assert before == db_path.read_bytes()
