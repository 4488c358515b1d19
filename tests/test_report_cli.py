"""safeguard-tui report: the coded segments of tags as a file or on stdout; bad input is one line and exit 2."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from storage.store import Store
from tui.__main__ import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def coded_db(db_path: Path) -> Path:
    """Two tags, one under the other, each with a segment; a note with markup-like text."""
    with Store.open(db_path) as store:
        store.add_tag("Cuts")
        parent = store.tag_by_name("Cuts")
        assert parent is not None
        child = store.add_tag("Closures", parent_id=parent.id)
        from storage.models import Article

        body = "The clinic closed in June. Staff were moved to other towns."
        document = store.add_document(
            Article("Clinic closes", body, body, publication="Valley Post", published="2014-06-30"), "a.txt", "a"
        )
        store.add_annotation(document.id, parent.id, 0, 26, coder="ana", note="<b>first</b> [sic]")
        store.add_annotation(document.id, child.id, 27, len(body), coder="ben")
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_report_is_printed_in_markdown_by_default(capsys: pytest.CaptureFixture[str], coded_db: Path) -> None:
    status, out, _ = run(capsys, "report", "cuts", "--db", str(coded_db))

    assert 0 == status
    assert out.startswith("# Coded segments: Cuts\n")
    assert "> The clinic closed in June." in out and r"\<b\>first\</b\> \[sic\]" in out
    assert "Staff were moved" not in out


def test_subtags_bring_the_sub_tags_segments(capsys: pytest.CaptureFixture[str], coded_db: Path) -> None:
    _, out, _ = run(capsys, "report", "Cuts", "--subtags", "--format", "csv", "--db", str(coded_db))

    rows = list(csv.DictReader(io.StringIO(out)))
    assert [("Cuts", "ana"), ("Closures", "ben")] == [(row["tag"], row["coder"]) for row in rows]


def test_a_report_file_is_written_and_never_replaced_without_force(
    capsys: pytest.CaptureFixture[str], coded_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "cuts.html"

    status, out, _ = run(capsys, "report", "Cuts", "--output", str(target), "--db", str(coded_db))
    assert (0, f"1 segment written to {target} (html)\n") == (status, out)
    assert "&lt;b&gt;first&lt;/b&gt;" in target.read_text(encoding="utf-8")

    target.write_text("mine", encoding="utf-8")
    status, _, err = run(capsys, "report", "Cuts", "--output", str(target), "--db", str(coded_db))
    assert (2, "mine") == (status, target.read_text(encoding="utf-8"))
    assert 1 == len(err.splitlines()) and "already exists" in err

    assert 0 == main(["report", "Cuts", "--output", str(target), "--force", "--db", str(coded_db)])
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["report", "Nothing"], "no tag called 'Nothing'"),
        (["report", "Cuts", "--filter", "colour:red"], "unknown filter colour:"),
        (["report", "Cuts", "--filter", "date:soon"], "is not YYYY"),
        (["report", "Cuts", "--format", "csv", "--output", "out.md"], "the format asked for is csv"),
        (["report", "Cuts", "--output", "missing/folder/r.md"], "no folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], coded_db: Path, argv: list[str], says: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)

    status, out, err = run(capsys, *argv, "--db", str(coded_db))

    assert (2, "") == (status, out)
    assert 1 == len(err.splitlines()) and says in err
    assert [] == [path for path in tmp_path.iterdir() if path.suffix == ".md"]


def test_a_missing_database_is_not_created(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    status, _, err = run(capsys, "report", "Cuts", "--db", str(db_path))

    assert 2 == status and "no database" in err
    assert not db_path.exists()


def test_the_command_is_documented() -> None:
    assert "`safeguard-tui report TAG..." in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "segments.md").exists()
