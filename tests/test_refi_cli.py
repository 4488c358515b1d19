"""The REFI-QDA commands: `export OUT.qdpx|OUT.qdc` picks the format by extension, `import-project` reads it back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from storage.store import Store
from tui.__main__ import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A database of two invented articles with one coded passage by ``ana``, noted."""
    path = tmp_path / "source.db"
    assert 0 == main(["import", str(FIXTURES / "harbour_quotes.txt"), str(FIXTURES / "wire_story.txt"),
                      "--db", str(path)])
    with Store.open(path) as store:
        document = store.documents()[0]
        store.add_annotation(document.id, store.tags()[0].id, 5, 30, coder="ana", note="worth a look")
    return path


@pytest.mark.parametrize(("name", "member"), [("OUT.qdpx", "project.qde"), ("OUT.QDC", None)])
def test_export_picks_the_format_by_extension(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, member: str | None
) -> None:
    out = tmp_path / name

    assert 0 == main(["export", str(out), "--db", str(source)])

    printed = capsys.readouterr().out
    if member:
        assert "exported 2 documents" in printed and "1 coded passages" in printed
        assert member in zipfile.ZipFile(out).namelist()
    else:
        assert "codes to" in printed and b"urn:QDA-XML:codebook:1.0" in out.read_bytes()


def test_format_option_overrides_the_extension(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "colleague.zip"

    assert 0 == main(["export", str(out), "--format", "qdpx", "--db", str(source)])

    assert "project.qde" in zipfile.ZipFile(out).namelist()


def test_import_project_brings_the_coding_into_a_fresh_database(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "OUT.qdpx"
    assert 0 == main(["export", str(out), "--db", str(source)])
    target = tmp_path / "target.db"

    assert 0 == main(["import-project", str(out), "--db", str(target)])

    assert "2 created; 1 coded passages imported (1 with notes)" in capsys.readouterr().out
    with Store.open(source) as before, Store.open(target) as after:
        (original,) = before.annotations()
        (copy,) = after.annotations()
        assert (original.uid, original.text, original.coder, original.note) == (
            copy.uid, copy.text, copy.coder, copy.note
        )


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip at all", "not a zip file"), (b"", "not a zip file")],
)
def test_a_broken_file_is_one_line_and_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(content)
    target = tmp_path / "target.db"

    assert 2 == main(["import-project", str(bad), "--db", str(target)])

    err = capsys.readouterr().err
    assert message in err and 1 == len(err.splitlines())


def test_a_qdc_that_is_not_xml_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "codes.qdc"
    bad.write_bytes(b"<CodeBook><Codes>")

    assert 2 == main(["import-project", str(bad), "--db", str(tmp_path / "target.db")])

    assert "not well-formed XML" in capsys.readouterr().err
