"""Importing files: idempotent by content hash, revisions for changed files, and every bad input refused cleanly."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from storage.ingest.importer import import_paths
from storage.store import Store
from tui.__main__ import main

ARTICLE = (
    "Council apologises for care failings\n\n"
    "The city council has apologised to families after an inspection found serious failings.\n"
)
REVISED = ARTICLE + "\nA spokesman said the council would publish an action plan within a month.\n"

running_as_root = pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions"
)


def test_importing_the_same_file_twice_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    first = import_paths(store, [path])
    second = import_paths(store, [path])

    assert (["added"], ["unchanged"]) == ([o.status for o in first], [o.status for o in second])
    assert [first[0].document] == store.documents(include_superseded=True)


def test_a_changed_file_becomes_a_new_revision_superseding_the_old(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    original = import_paths(store, [path])[0].document
    path.write_text(REVISED, encoding="utf-8")

    outcome = import_paths(store, [path])[0]

    assert ("revised", 2, original.slug) == (outcome.status, outcome.document.revision, outcome.document.slug)
    assert outcome.document.id == store.document(original.id).superseded_by
    assert [outcome.document] == store.documents()
    assert outcome.document.body.endswith("would publish an action plan within a month.")


def test_a_bad_file_in_a_folder_is_skipped_and_the_rest_imported(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")

    outcomes = import_paths(store, [tmp_path])

    assert ["added", "skipped"] == [outcome.status for outcome in outcomes]
    assert f"{tmp_path / 'b.txt'} is a binary file, not text" == outcomes[1].reason
    assert ["Council apologises for care failings"] == [document.title for document in store.documents()]


def test_a_strict_import_with_a_bad_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")

    with pytest.raises(Exception, match="b.txt is a binary file, not text"):
        import_paths(store, [tmp_path], strict=True)

    assert [] == store.documents()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A good article file to import."""
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def assert_one_error_line(err: str, message: str) -> None:
    assert "Traceback" not in err
    assert [f"safeguard-tui: error: {message}"] == err.splitlines()


def database_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".db" in path.name)


def make_bad_input(kind: str, tmp_path: Path, article: Path) -> tuple[list[str], str]:
    """Arguments for one kind of bad input, and the error message it must give."""
    db = tmp_path / "new.db"
    if kind == "missing path":
        return [
            str(tmp_path / "nope.txt"),
            "--db",
            str(db),
        ], f"no such file or folder: {tmp_path / 'nope.txt'}"
    if kind == "folder without text files":
        folder = tmp_path / "pictures"
        folder.mkdir()
        (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff")
        return [str(folder), "--db", str(db)], f"no .txt, .md, .html, .docx, .csv or .jsonl files in {folder}"
    if kind == "binary file":
        binary = tmp_path / "scan.txt"
        binary.write_bytes(b"%PDF-1.4\x00\x00\x01\x02")
        return [str(binary), "--db", str(db)], f"{binary} is a binary file, not text"
    if kind == "empty file":
        empty = tmp_path / "empty.txt"
        empty.write_bytes(b"")
        return [str(empty), "--db", str(db)], f"{empty} is empty"
    if kind == "non-SQLite database":
        notes = tmp_path / "notes.db"
        notes.write_text("these are my notes, not a database")
        return [str(article), "--db", str(notes)], f"{notes} is not an SQLite database"
    if kind == "database is a folder":
        folder = tmp_path / "folder.db"
        folder.mkdir()
        return [str(article), "--db", str(folder)], f"{folder} is a folder, not a database file"
    if kind == "database folder missing":
        missing = tmp_path / "no-such-folder" / "new.db"
        return [str(article), "--db", str(missing)], f"folder {missing.parent} does not exist"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "missing path",
        "folder without text files",
        "binary file",
        "empty file",
        "non-SQLite database",
        "database is a folder",
        "database folder missing",
    ],
)
def test_bad_import_input_is_one_error_line_exit_2_and_no_database_left(
    kind: str, tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, message = make_bad_input(kind, tmp_path, article)
    before = database_files(tmp_path)

    code, err = run_cli(["import", *argv], capsys)

    assert 2 == code
    assert_one_error_line(err, message)
    assert before == database_files(tmp_path)


def test_a_non_sqlite_database_file_is_left_untouched(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, _ = make_bad_input("non-SQLite database", tmp_path, article)

    run_cli(["import", *argv], capsys)

    assert "these are my notes, not a database" == (tmp_path / "notes.db").read_text()


@running_as_root
def test_an_unreadable_database_is_refused(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "locked.db"
    Store.open(db).close()
    db.chmod(0)
    try:
        code, err = run_cli(["import", str(article), "--db", str(db)], capsys)
    finally:
        db.chmod(0o600)

    assert 2 == code
    assert_one_error_line(err, f"cannot read {db}: Permission denied")


@running_as_root
def test_a_new_database_in_a_read_only_folder_is_refused(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, err = run_cli(["import", str(article), "--db", str(folder / "new.db")], capsys)
        left = database_files(folder)
    finally:
        folder.chmod(0o755)

    assert (2, []) == (code, left)
    assert err.startswith(f"safeguard-tui: error: cannot open database {folder / 'new.db'}")
    assert 1 == len(err.splitlines())


def test_a_database_the_system_will_not_open_is_one_error_line_and_no_file_left(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder does when not root: SQLite cannot create the file."""
    db = tmp_path / "new.db"

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)

    code, err = run_cli(["import", str(article), "--db", str(db)], capsys)

    assert 2 == code
    assert_one_error_line(err, f"cannot open database {db}: unable to open database file")
    assert [] == database_files(tmp_path)


def test_a_database_file_the_system_will_not_read_is_one_error_line(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an unreadable database does when not root: reading its header fails."""
    db = tmp_path / "locked.db"
    Store.open(db).close()
    real_open = Path.open

    def locked(self: Path, *args: object, **kwargs: object) -> object:
        if self == db:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", locked)

    code, err = run_cli(["import", str(article), "--db", str(db)], capsys)

    assert 2 == code
    assert_one_error_line(err, f"cannot read {db}: Permission denied")


def test_good_import_after_a_refused_one_works(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, _ = make_bad_input("binary file", tmp_path, article)
    run_cli(["import", *argv], capsys)

    code = main(["import", str(article), "--db", str(tmp_path / "new.db")])

    assert 0 == code
    assert "1 imported, 0 unchanged, 0 revised, 0 skipped" in capsys.readouterr().out
