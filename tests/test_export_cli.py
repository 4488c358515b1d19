"""The `export` and `import-annotations` commands: summaries on stdout, one-line errors and exit status 2."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from storage.store import Store
from tui.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def source(corpus_dir: Path, db_path: Path) -> Path:
    """A database of the shipped corpus with one annotation whose text carries markup and a control character."""
    assert 0 == main(["import", str(corpus_dir), "--db", str(db_path)])
    with Store.open(db_path) as store:
        document = store.documents()[0]
        tag = store.tags()[0]
        store.add_annotation(document.id, tag.id, 10, 40, coder="ana")
    return db_path


def test_export_writes_a_database_and_says_what_it_wrote(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "OUT.db"

    assert 0 == main(["export", str(out), "--db", str(source)])

    assert "exported 5 documents, 1 annotations" in capsys.readouterr().out
    assert [(1,)] == sqlite3.connect(out).execute("SELECT count(*) FROM annotations").fetchall()


@pytest.mark.parametrize("format", ["csv", "json"])
def test_export_takes_a_format(source: Path, tmp_path: Path, format: str) -> None:
    out = tmp_path / f"out.{format}"

    assert 0 == main(["export", str(out), "--format", format, "--db", str(source)])
    assert out.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "{tmp}/missing/out.db"], "folder .* does not exist"),
        (["export", "{tmp}/existing.db"], "already exists \\(use --force"),
        (["export", "{tmp}/existing.db", "--force"], "not a safeguard-tui export"),
        (["import-annotations", "{tmp}/existing.db"], "not an SQLite database"),
        (["import-annotations", "{tmp}/nothing.db"], "no export file"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    (tmp_path / "existing.db").write_text("notes")

    status = main([arg.format(tmp=tmp_path) for arg in argv] + ["--db", str(source)])

    err = capsys.readouterr().err
    assert (2, 1) == (status, len(err.strip().splitlines()))
    assert re.search(message, err)
    assert "notes" == (tmp_path / "existing.db").read_text()


def test_a_junk_source_database_is_exit_status_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "s.db"
    junk.write_text("not a database")

    assert 2 == main(["export", str(tmp_path / "OUT.db"), "--db", str(junk)])

    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "OUT.db").exists()


def test_import_annotations_reports_counts_and_orphans(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.db"
    with Store.open(source) as store:
        document = store.documents()[1]
        store.orphan_annotation(store.add_annotation(document.id, store.tags()[0].id, 0, 20).id)
    main(["export", str(out), "--db", str(source)])
    capsys.readouterr()

    assert 0 == main(["import-annotations", str(out), "--db", str(tmp_path / "fresh.db")])

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2 annotations imported (0 re-anchored in changed text, 1 orphaned)")
    assert lines[1].startswith("orphaned  ")


def test_import_reports_reanchored_annotations(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    headline = "Council failed children for years, review finds\n\n"
    article.write_text(headline + "The council failed children, the review said.\n\nThe NHS was slow to act.\n")
    main(["import", str(article), "--db", str(db_path)])
    with Store.open(db_path) as store:
        document = store.documents()[0]
        store.add_annotation(document.id, store.tags()[0].id, 0, len("The council failed children"))
    article.write_text(headline + "This article was updated.\n\nThe council failed children, the review said.\n")

    assert 0 == main(["import", str(article), "--db", str(db_path)])

    assert "1 annotations re-anchored in changed documents, 0 orphaned" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["export", "import-annotations"])
def test_each_command_is_documented(command: str) -> None:
    assert f"safeguard-tui {command}" in (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert f"`safeguard-tui {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
